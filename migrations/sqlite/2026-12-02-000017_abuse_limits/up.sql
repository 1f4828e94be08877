-- Emails a visitor's form made the site send to an address the visitor
-- typed (sign-up, verification, a new address, a password reset, a
-- follow's confirmation), counted per address and per client so that
-- nobody can use the site to flood somebody else's mailbox. The worker
-- removes rows older than a day.
CREATE TABLE mail_requests (
    id TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    recipient TEXT NOT NULL,
    client TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_requests_recipient ON mail_requests (recipient, purpose, requested_at);
CREATE INDEX mail_requests_client ON mail_requests (client, requested_at);

-- When a follow's confirmation was last sent: asking again within the
-- hour sends nothing more.
ALTER TABLE follows ADD COLUMN confirmation_sent_at TIMESTAMP;

-- Sessions end when idle and at an age: both read by time.
CREATE INDEX user_sessions_seen ON user_sessions (last_seen_at);
