-- Whether the respondent carried out the decision, and when that was noted.
ALTER TABLE registers ADD COLUMN compliance TEXT CHECK (compliance IN ('complied', 'not_complied'));
ALTER TABLE registers ADD COLUMN compliance_on DATE;
