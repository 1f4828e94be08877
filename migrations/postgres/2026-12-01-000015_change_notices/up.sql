-- Every public write moves a counter in app_meta (migration 000013). On
-- commit, a notice on this channel tells every listening application that
-- its kept pages must be checked again; notices of one transaction are sent
-- as one.
CREATE FUNCTION app_meta_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sengketa_changes', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER app_meta_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON app_meta
FOR EACH STATEMENT EXECUTE FUNCTION app_meta_notify();
