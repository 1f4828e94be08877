DROP INDEX registers_search;
ALTER TABLE registers DROP COLUMN search_vector;
