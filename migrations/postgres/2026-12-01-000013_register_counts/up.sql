-- How many public (registered) disputes there are per status, year of
-- registration and track, in all and per respondent. The list reads its
-- count here instead of counting a million rows; the trigger below keeps
-- the counts in the transaction of every write of those columns.
CREATE TABLE register_counts (
    status TEXT NOT NULL,
    year INTEGER NOT NULL,
    track TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (status, year, track)
);

CREATE TABLE register_counts_by_body (
    respondent_id TEXT NOT NULL,
    status TEXT NOT NULL,
    year INTEGER NOT NULL,
    track TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (respondent_id, status, year, track)
);

INSERT INTO register_counts (status, year, track, n)
SELECT status, EXTRACT(YEAR FROM registered_on)::integer, track, COUNT(*)
FROM registers WHERE registered_on IS NOT NULL
GROUP BY 1, 2, 3;

INSERT INTO register_counts_by_body (respondent_id, status, year, track, n)
SELECT respondent_id, status, EXTRACT(YEAR FROM registered_on)::integer, track, COUNT(*)
FROM registers WHERE registered_on IS NOT NULL
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION register_counts_add(s TEXT, on_day DATE, t TEXT, body TEXT, delta INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO register_counts AS c (status, year, track, n)
    VALUES (s, EXTRACT(YEAR FROM on_day)::integer, t, delta)
    ON CONFLICT (status, year, track) DO UPDATE SET n = c.n + delta;
    INSERT INTO register_counts_by_body AS c (respondent_id, status, year, track, n)
    VALUES (body, s, EXTRACT(YEAR FROM on_day)::integer, t, delta)
    ON CONFLICT (respondent_id, status, year, track) DO UPDATE SET n = c.n + delta;
END;
$$;

CREATE FUNCTION register_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.registered_on IS NOT NULL THEN
        PERFORM register_counts_add(OLD.status, OLD.registered_on, OLD.track, OLD.respondent_id, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.registered_on IS NOT NULL THEN
        PERFORM register_counts_add(NEW.status, NEW.registered_on, NEW.track, NEW.respondent_id, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER register_counts
AFTER INSERT OR DELETE OR UPDATE OF status, registered_on, track, respondent_id ON registers
FOR EACH ROW EXECUTE FUNCTION register_counts_follow();

-- The home page lists the registers changed last, newest first: with the id
-- in the index that is a walk down the index, not a sort of the table.
DROP INDEX registers_updated;
CREATE INDEX registers_updated ON registers (updated_at, id);

-- Every page reads bodies, the holiday calendar and the deadline rules;
-- pages kept by the application are made again when this counter moves,
-- however those tables were written.
INSERT INTO app_meta (key, value) VALUES ('reference_changed', '1')
ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE app_meta SET value = (value::bigint + 1)::text WHERE key = 'reference_changed';
    RETURN NULL;
END;
$$;

CREATE TRIGGER public_bodies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public_bodies
FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER holidays_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holidays
FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER deadline_rules_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON deadline_rules
FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();

-- Lists, the home page and the hearing schedule show many registers; they
-- are made again when this counter moves, on any write of a register (every
-- change of its timeline, hearings, tests or items touches the register).
-- Once per statement, so that a bulk insert moves it once.
INSERT INTO app_meta (key, value) VALUES ('registers_changed', '1')
ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION registers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE app_meta SET value = (value::bigint + 1)::text WHERE key = 'registers_changed';
    RETURN NULL;
END;
$$;

CREATE TRIGGER registers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registers
FOR EACH STATEMENT EXECUTE FUNCTION registers_changed();
