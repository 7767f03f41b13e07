-- Operator review (issue 23): handlers act on a case through signed handler links and the
-- review API. Every command is recorded with its handler (`review_commands`, also the
-- idempotency record of the API), a case's review has a version that each applied command
-- moves on (`case_reviews`: optimistic concurrency), evidence can be disputed, and a question
-- for the claimant waits in `clarifications` until it is answered.
ALTER TABLE observations ADD COLUMN disputed_at BIGINT;

CREATE TABLE case_reviews (
    case_id          TEXT PRIMARY KEY REFERENCES cases (id),
    version          BIGINT NOT NULL,
    escalated_at     BIGINT,
    escalated_by     TEXT,
    escalation_note  TEXT,
    completed_at     BIGINT,
    completed_by     TEXT,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE review_commands (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    org_id           TEXT NOT NULL,
    environment      TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    command_type     TEXT NOT NULL,
    fact_id          TEXT,
    payload          TEXT NOT NULL,
    rationale        TEXT,
    handler_id       TEXT NOT NULL,
    handler_name     TEXT,
    link_id          TEXT,
    idempotency_key  TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    reason           TEXT,
    result           TEXT NOT NULL,
    review_version   BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX review_commands_key ON review_commands (org_id, environment, idempotency_key);
CREATE INDEX review_commands_case ON review_commands (case_id, created_at);

CREATE TABLE case_file_links (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    handler_id    TEXT NOT NULL,
    handler_name  TEXT,
    access        TEXT NOT NULL CHECK (access IN ('view', 'review')),
    expires_at    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX case_file_links_case ON case_file_links (case_id);

CREATE TABLE clarifications (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    command_id   TEXT NOT NULL,
    fact_id      TEXT,
    question     TEXT,
    answer       TEXT,
    evidence_id  TEXT,
    asked_at     BIGINT NOT NULL,
    answered_at  BIGINT
);
CREATE INDEX clarifications_case ON clarifications (case_id, asked_at);

-- The review queue: a case's organization, environment and status, oldest first.
CREATE INDEX cases_review_queue ON cases (org_id, environment, status, created_at, id);
