-- Full-text index of the registers' search text (number, subject, public
-- party names, requested items). It reads its text from `registers` itself
-- (external content), and the triggers below keep it in step within the
-- same transaction as every write of that text.
CREATE VIRTUAL TABLE registers_search USING fts5(
    search_text,
    content = 'registers',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER registers_search_insert AFTER INSERT ON registers BEGIN
    INSERT INTO registers_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER registers_search_delete AFTER DELETE ON registers BEGIN
    INSERT INTO registers_search (registers_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
END;

CREATE TRIGGER registers_search_update AFTER UPDATE OF search_text ON registers BEGIN
    INSERT INTO registers_search (registers_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO registers_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

INSERT INTO registers_search (registers_search) VALUES ('rebuild');
