-- The staff dashboard lists the consequence tests not yet submitted, the
-- oldest order first, and counts them: one walk of this index.
CREATE INDEX consequence_tests_due ON consequence_tests (state, ordered_on, id);
