-- Organizations, their API keys and the shared rate-limit windows.
-- Timestamps are unix milliseconds.

CREATE TABLE organizations (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    processing_enabled  BOOLEAN NOT NULL DEFAULT FALSE,
    rate_limit          INTEGER,
    created_at          BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id),
    environment  TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    key_hash     TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_org ON api_keys (org_id);

CREATE TABLE rate_limit_windows (
    org_id        TEXT NOT NULL,
    window_start  BIGINT NOT NULL,
    hits          INTEGER NOT NULL,
    PRIMARY KEY (org_id, window_start)
);
