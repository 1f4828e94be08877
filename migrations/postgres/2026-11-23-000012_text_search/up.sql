-- Full-text index of the registers' search text (number, subject, public
-- party names, requested items). The vector is a stored generated column,
-- so PostgreSQL recomputes it in the same statement as every write of the
-- text. Every run of non-alphanumeric characters becomes a space first, so
-- that a register number splits into the same words as a query does.
ALTER TABLE registers ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))
    ) STORED;
CREATE INDEX registers_search ON registers USING gin (search_vector);
