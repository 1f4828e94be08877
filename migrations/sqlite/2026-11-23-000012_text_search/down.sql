DROP TRIGGER registers_search_update;
DROP TRIGGER registers_search_delete;
DROP TRIGGER registers_search_insert;
DROP TABLE registers_search;
