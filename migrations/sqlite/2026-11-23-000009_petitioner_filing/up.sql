-- Accounts verify their address before filing; emailed links (verify,
-- password reset, email change) are single-use and expire. Only a hash of
-- each link's secret is kept.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'id';
CREATE TABLE account_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'email')),
    token_hash TEXT NOT NULL UNIQUE,
    new_email TEXT,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Petitioners who filed online belong to an account; a legal entity states
-- its deed.
ALTER TABLE petitioners ADD COLUMN user_id TEXT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE petitioners ADD COLUMN deed TEXT;
CREATE INDEX petitioners_user ON petitioners (user_id);

-- A body proposed by a petitioner waits for staff to confirm it.
ALTER TABLE public_bodies ADD COLUMN confirmed BOOLEAN NOT NULL DEFAULT TRUE;

-- What an online filing adds to its register: how the original request was
-- made, whether it was filed late, and what the petitioner asked for after
-- filing.
CREATE TABLE register_filings (
    register_id TEXT PRIMARY KEY NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
    request_channel TEXT NOT NULL,
    filed_late BOOLEAN NOT NULL,
    timeliness TEXT NOT NULL,
    completed_on DATE,
    completion_note TEXT,
    withdrawal_requested_on DATE,
    withdrawal_reason TEXT
);

-- What an incomplete application lacks, as staff told the petitioner; shown
-- to the petitioner only.
ALTER TABLE register_events ADD COLUMN missing TEXT;

-- Applications being written, saved as the form's fields.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX drafts_user ON drafts (user_id, updated_at);

-- Uploaded documents: stored outside the web root under their id, visible
-- to their owner and to staff only.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    draft_id TEXT REFERENCES drafts (id) ON DELETE CASCADE,
    register_id TEXT REFERENCES registers (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_draft ON attachments (draft_id);
CREATE INDEX attachments_register ON attachments (register_id);
