-- People who follow a register or a public body by email. A follow counts
-- once confirmed from the email it sent (double opt-in); the token in its
-- links confirms and unsubscribes without an account.
CREATE TABLE follows (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    register_id TEXT REFERENCES registers (id) ON DELETE CASCADE,
    body_id TEXT REFERENCES public_bodies (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    confirmed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    CHECK ((register_id IS NULL AND body_id IS NOT NULL) OR (register_id IS NOT NULL AND body_id IS NULL))
);
CREATE INDEX follows_register ON follows (register_id);
CREATE INDEX follows_body ON follows (body_id);
CREATE INDEX follows_email ON follows (email);

ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
