-- Each follow chooses immediate emails or one digest a day.
ALTER TABLE follows ADD COLUMN mode TEXT NOT NULL DEFAULT 'immediate'
    CHECK (mode IN ('immediate', 'digest'));

-- The language a petitioner reads their emails in.
ALTER TABLE petitioners ADD COLUMN lang TEXT NOT NULL DEFAULT 'id';

-- A public event of a register still to be told to its followers. It is
-- written in the transaction of the change; the worker later expands it
-- into one message per follower (or a digest entry), so a change with
-- thousands of followers costs the staff member one row.
CREATE TABLE notices (
    id TEXT PRIMARY KEY NOT NULL,
    register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
    -- 'status', 'reminder' or an event kind
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    occurred_on DATE NOT NULL,
    text_id TEXT,
    text_en TEXT,
    created_at TIMESTAMP NOT NULL,
    fanned_out_at TIMESTAMP
);
CREATE INDEX notices_waiting ON notices (fanned_out_at, created_at);

-- Notices waiting for a digest follower's next daily email.
CREATE TABLE digest_entries (
    id TEXT PRIMARY KEY NOT NULL,
    follow_id TEXT NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    notice_id TEXT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (follow_id, notice_id)
);
CREATE INDEX digest_entries_notice ON digest_entries (notice_id);
