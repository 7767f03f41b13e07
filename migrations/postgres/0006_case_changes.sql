-- Every change to what GET /api/v1/cases/{id} shows (the case row, its documents, its
-- observations) notifies the channel klarefi_case_changed with the case id, delivered at
-- commit, so every instance's case cache forgets that case (src/cases/cache.rs). PostgreSQL
-- folds the same id notified twice in one transaction into one notification.

CREATE FUNCTION klarefi_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'cases' THEN
        PERFORM pg_notify('klarefi_case_changed', OLD.id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('klarefi_case_changed', OLD.case_id);
    ELSE
        PERFORM pg_notify('klarefi_case_changed', NEW.case_id);
    END IF;
    RETURN NULL;
END
$$;

-- A new case needs no notification: no instance can have cached it.
CREATE TRIGGER cases_changed AFTER UPDATE OR DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION klarefi_case_changed();
CREATE TRIGGER documents_changed AFTER INSERT OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION klarefi_case_changed();
CREATE TRIGGER observations_changed AFTER INSERT OR UPDATE OR DELETE ON observations
    FOR EACH ROW EXECUTE FUNCTION klarefi_case_changed();
