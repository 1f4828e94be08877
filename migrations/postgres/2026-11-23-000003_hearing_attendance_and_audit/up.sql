-- Who attended a hearing, as the registry records it.
ALTER TABLE hearings ADD COLUMN attendance TEXT;

-- Before and after values of every field staff change on a register.
CREATE TABLE register_changes (
    id TEXT PRIMARY KEY NOT NULL,
    register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
    recorded_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    field TEXT NOT NULL,
    before_value TEXT,
    after_value TEXT
);
CREATE INDEX register_changes_register ON register_changes (register_id, recorded_at);
