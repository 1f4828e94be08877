DROP TABLE register_changes;
ALTER TABLE hearings DROP COLUMN attendance;
