DROP INDEX user_sessions_seen;
ALTER TABLE follows DROP COLUMN confirmation_sent_at;
DROP TABLE mail_requests;
