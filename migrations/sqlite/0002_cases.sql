-- Cases (a hosted session's id is its case id), their event feed, and idempotency records.

CREATE TABLE cases (
    id                     TEXT PRIMARY KEY,
    org_id                 TEXT NOT NULL REFERENCES organizations (id),
    environment            TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    mode                   TEXT NOT NULL CHECK (mode IN ('hosted', 'processing')),
    case_type_id           TEXT NOT NULL,
    status                 TEXT NOT NULL,
    locale                 TEXT,
    return_url             TEXT,
    external_case_id       TEXT,
    external_applicant_id  TEXT,
    external_customer_id   TEXT,
    trace_id               TEXT,
    idempotency_key        TEXT,
    prefill                TEXT NOT NULL DEFAULT '{}',
    link_expires_at        BIGINT,
    link_revoked_at        BIGINT,
    last_cursor            BIGINT NOT NULL DEFAULT 0,
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);
CREATE INDEX cases_org ON cases (org_id, environment, created_at);

CREATE TABLE case_events (
    case_id     TEXT NOT NULL REFERENCES cases (id),
    cursor      BIGINT NOT NULL,
    event_id    TEXT NOT NULL UNIQUE,
    event_type  TEXT NOT NULL,
    data        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (case_id, cursor)
);

CREATE TABLE idempotency_keys (
    org_id       TEXT NOT NULL,
    environment  TEXT NOT NULL,
    endpoint     TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    response     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (org_id, environment, endpoint, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
