-- How many public (registered) disputes there are per status, year of
-- registration and track, in all and per respondent. The list reads its
-- count here instead of counting a million rows; the triggers below keep
-- the counts in the transaction of every write of those columns.
CREATE TABLE register_counts (
    status TEXT NOT NULL,
    year INTEGER NOT NULL,
    track TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (status, year, track)
);

CREATE TABLE register_counts_by_body (
    respondent_id TEXT NOT NULL,
    status TEXT NOT NULL,
    year INTEGER NOT NULL,
    track TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (respondent_id, status, year, track)
);

INSERT INTO register_counts (status, year, track, n)
SELECT status, CAST(strftime('%Y', registered_on) AS INTEGER), track, COUNT(*)
FROM registers WHERE registered_on IS NOT NULL
GROUP BY 1, 2, 3;

INSERT INTO register_counts_by_body (respondent_id, status, year, track, n)
SELECT respondent_id, status, CAST(strftime('%Y', registered_on) AS INTEGER), track, COUNT(*)
FROM registers WHERE registered_on IS NOT NULL
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER register_counts_insert AFTER INSERT ON registers
WHEN new.registered_on IS NOT NULL BEGIN
    INSERT INTO register_counts (status, year, track, n)
    VALUES (new.status, CAST(strftime('%Y', new.registered_on) AS INTEGER), new.track, 1)
    ON CONFLICT (status, year, track) DO UPDATE SET n = n + 1;
    INSERT INTO register_counts_by_body (respondent_id, status, year, track, n)
    VALUES (new.respondent_id, new.status, CAST(strftime('%Y', new.registered_on) AS INTEGER), new.track, 1)
    ON CONFLICT (respondent_id, status, year, track) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER register_counts_delete AFTER DELETE ON registers
WHEN old.registered_on IS NOT NULL BEGIN
    UPDATE register_counts SET n = n - 1
    WHERE status = old.status AND track = old.track
      AND year = CAST(strftime('%Y', old.registered_on) AS INTEGER);
    UPDATE register_counts_by_body SET n = n - 1
    WHERE respondent_id = old.respondent_id AND status = old.status AND track = old.track
      AND year = CAST(strftime('%Y', old.registered_on) AS INTEGER);
END;

CREATE TRIGGER register_counts_update_old AFTER UPDATE OF status, registered_on, track, respondent_id ON registers
WHEN old.registered_on IS NOT NULL BEGIN
    UPDATE register_counts SET n = n - 1
    WHERE status = old.status AND track = old.track
      AND year = CAST(strftime('%Y', old.registered_on) AS INTEGER);
    UPDATE register_counts_by_body SET n = n - 1
    WHERE respondent_id = old.respondent_id AND status = old.status AND track = old.track
      AND year = CAST(strftime('%Y', old.registered_on) AS INTEGER);
END;

CREATE TRIGGER register_counts_update_new AFTER UPDATE OF status, registered_on, track, respondent_id ON registers
WHEN new.registered_on IS NOT NULL BEGIN
    INSERT INTO register_counts (status, year, track, n)
    VALUES (new.status, CAST(strftime('%Y', new.registered_on) AS INTEGER), new.track, 1)
    ON CONFLICT (status, year, track) DO UPDATE SET n = n + 1;
    INSERT INTO register_counts_by_body (respondent_id, status, year, track, n)
    VALUES (new.respondent_id, new.status, CAST(strftime('%Y', new.registered_on) AS INTEGER), new.track, 1)
    ON CONFLICT (respondent_id, status, year, track) DO UPDATE SET n = n + 1;
END;

-- The home page lists the registers changed last, newest first: with the id
-- in the index that is a walk down the index, not a sort of the table.
DROP INDEX registers_updated;
CREATE INDEX registers_updated ON registers (updated_at, id);

-- Every page reads bodies, the holiday calendar and the deadline rules;
-- pages kept by the application are made again when this counter moves,
-- however those tables were written.
INSERT INTO app_meta (key, value) VALUES ('reference_changed', '1')
ON CONFLICT (key) DO NOTHING;

CREATE TRIGGER public_bodies_changed_insert AFTER INSERT ON public_bodies BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER public_bodies_changed_update AFTER UPDATE ON public_bodies BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER public_bodies_changed_delete AFTER DELETE ON public_bodies BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER holidays_changed_insert AFTER INSERT ON holidays BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER holidays_changed_update AFTER UPDATE ON holidays BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER holidays_changed_delete AFTER DELETE ON holidays BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER deadline_rules_changed_insert AFTER INSERT ON deadline_rules BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER deadline_rules_changed_update AFTER UPDATE ON deadline_rules BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

CREATE TRIGGER deadline_rules_changed_delete AFTER DELETE ON deadline_rules BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'reference_changed';
END;

-- Lists, the home page and the hearing schedule show many registers; they
-- are made again when this counter moves, on any write of a register (every
-- change of its timeline, hearings, tests or items touches the register).
INSERT INTO app_meta (key, value) VALUES ('registers_changed', '1')
ON CONFLICT (key) DO NOTHING;

CREATE TRIGGER registers_changed_insert AFTER INSERT ON registers BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'registers_changed';
END;

CREATE TRIGGER registers_changed_update AFTER UPDATE ON registers BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'registers_changed';
END;

CREATE TRIGGER registers_changed_delete AFTER DELETE ON registers BEGIN
    UPDATE app_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'registers_changed';
END;
