-- Reminders already queued, by a key naming what and for which day; the
-- unique key makes each reminder go out once even with several workers.
CREATE TABLE reminders (
    key TEXT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL
);
