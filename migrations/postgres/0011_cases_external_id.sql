-- The processing API adds a document to the case an integrator names by its own
-- `external_case_id`: found through this index. Only processing-API cases with such an id
-- are in it, so a hosted session create pays nothing for it.
CREATE INDEX cases_processing_external
    ON cases (org_id, environment, external_case_id)
    WHERE mode = 'processing' AND external_case_id IS NOT NULL;
