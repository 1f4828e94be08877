DROP INDEX register_events_recent;
