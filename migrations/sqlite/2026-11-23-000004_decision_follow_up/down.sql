ALTER TABLE registers DROP COLUMN compliance_on;
ALTER TABLE registers DROP COLUMN compliance;
