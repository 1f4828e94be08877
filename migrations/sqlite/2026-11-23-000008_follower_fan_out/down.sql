DROP TABLE digest_entries;
DROP TABLE notices;
ALTER TABLE petitioners DROP COLUMN lang;
ALTER TABLE follows DROP COLUMN mode;
