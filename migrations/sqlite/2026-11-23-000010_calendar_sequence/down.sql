ALTER TABLE hearings DROP COLUMN sequence;
