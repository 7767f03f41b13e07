-- Webhook endpoints and their deliveries (the outbox): one delivery per (event, endpoint),
-- written in the transaction that appends the event.

CREATE TABLE webhook_endpoints (
    id                      TEXT PRIMARY KEY,
    org_id                  TEXT NOT NULL REFERENCES organizations (id),
    environment             TEXT NOT NULL CHECK (environment IN ('test', 'live')),
    url                     TEXT NOT NULL,
    secret                  TEXT NOT NULL,
    previous_secret         TEXT,
    previous_secret_until   BIGINT,
    events                  TEXT NOT NULL,
    enabled                 BOOLEAN NOT NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id, environment);

CREATE TABLE webhook_deliveries (
    id                  TEXT PRIMARY KEY,
    endpoint_id         TEXT NOT NULL REFERENCES webhook_endpoints (id),
    org_id              TEXT NOT NULL,
    case_id             TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    status              TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     BIGINT NOT NULL,
    last_status_code    INTEGER,
    last_error          TEXT,
    delivered_at        BIGINT,
    acknowledged_at     BIGINT,
    acknowledgement_id  TEXT,
    lease_owner         TEXT,
    lease_expires_at    BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
