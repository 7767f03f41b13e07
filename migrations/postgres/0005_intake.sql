-- Hosted intake: the applicant's answers and check-phase reactions, consent and submission on
-- the case, and the cookie sessions that links are exchanged for.

CREATE TABLE intake_answers (
    case_id           TEXT NOT NULL REFERENCES cases (id),
    -- A step id, or `check:<fact id>` for a reaction to what the documents said.
    item              TEXT NOT NULL,
    value_raw         TEXT NOT NULL,
    value_normalized  TEXT NOT NULL,
    -- The applicant_answer observation this answer became, if any.
    observation_id    TEXT,
    answered_at       BIGINT NOT NULL,
    PRIMARY KEY (case_id, item)
);

ALTER TABLE cases ADD COLUMN consented_at BIGINT;
ALTER TABLE cases ADD COLUMN privacy_notice_version TEXT;
ALTER TABLE cases ADD COLUMN submitted_at BIGINT;

CREATE TABLE web_sessions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
