-- Feeds read the latest public events first: without this index every feed
-- request sorted the whole timeline table.
CREATE INDEX register_events_recent ON register_events (recorded_at, id);
