DROP INDEX consequence_tests_due;
