DROP INDEX registers_status_id;
