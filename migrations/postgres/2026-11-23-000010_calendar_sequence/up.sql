-- How many times a hearing changed since it was scheduled: the SEQUENCE of
-- its calendar event, so subscribed calendars replace the old version.
ALTER TABLE hearings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
