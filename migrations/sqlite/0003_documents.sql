-- Documents with their text layer, fact observations (evidence), background jobs, and the
-- audit trail of erasures. Candidates and decisions are derived from observations.

CREATE TABLE documents (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases (id),
    step_id            TEXT,
    filename           TEXT,
    content_type       TEXT NOT NULL,
    byte_size          BIGINT NOT NULL,
    sha256             TEXT NOT NULL,
    page_count         INTEGER,
    status             TEXT NOT NULL,
    failure_reason     TEXT,
    assembler_version  INTEGER,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, created_at);

CREATE TABLE document_pages (
    doc_id      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page_index  INTEGER NOT NULL,
    method      TEXT NOT NULL,
    width       REAL NOT NULL,
    height      REAL NOT NULL,
    text        TEXT NOT NULL,
    boxes       TEXT NOT NULL,
    PRIMARY KEY (doc_id, page_index)
);

CREATE TABLE observations (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    fact_id           TEXT NOT NULL,
    value_raw         TEXT NOT NULL,
    value_normalized  TEXT NOT NULL,
    confidence        REAL NOT NULL,
    source            TEXT NOT NULL,
    doc_id            TEXT REFERENCES documents (id) ON DELETE CASCADE,
    page_index        INTEGER,
    char_start        INTEGER,
    char_end          INTEGER,
    quote             TEXT NOT NULL,
    method            TEXT NOT NULL,
    reacts_to         TEXT,
    created_at        BIGINT NOT NULL
);
CREATE INDEX observations_case ON observations (case_id, seq);
CREATE INDEX observations_doc ON observations (doc_id);

CREATE TABLE jobs (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    case_id           TEXT,
    payload           TEXT NOT NULL,
    status            TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    max_attempts      INTEGER NOT NULL,
    run_at            BIGINT NOT NULL,
    lease_owner       TEXT,
    lease_expires_at  BIGINT,
    last_error        TEXT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE audit_records (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL,
    environment  TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    details      TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
