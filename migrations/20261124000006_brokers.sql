-- Service brokers (SPEC §5, §12) and the dashboard SSO client secrets of IAM (SPEC §4).
-- Broker credentials are write-only: no query that feeds a page, an export or a snapshot
-- selects `secret`; only the outbound client reads it.
CREATE TABLE brokers (
    id           TEXT PRIMARY KEY NOT NULL,
    offering_id  TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    url          TEXT NOT NULL,
    auth_kind    TEXT NOT NULL CHECK (auth_kind IN ('basic', 'bearer')),
    username     TEXT NOT NULL DEFAULT '',
    secret       TEXT NOT NULL,
    api_version  TEXT NOT NULL,
    locations    TEXT NOT NULL DEFAULT '[]',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (offering_id, name)
);

-- Validate, smoke and conformance runs (drift watch stores validate runs started by nobody).
CREATE TABLE broker_runs (
    id           TEXT PRIMARY KEY NOT NULL,
    broker_id    TEXT NOT NULL REFERENCES brokers (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('validate', 'smoke', 'conformance')),
    status       TEXT NOT NULL CHECK (status IN ('running', 'passed', 'failed')),
    started_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at  TEXT,
    started_by   TEXT REFERENCES users (id),
    result       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX broker_runs_by_broker ON broker_runs (broker_id, kind, started_at);

-- The dashboard SSO client of an offering; the secrets only as argon2 hashes.
CREATE TABLE iam_clients (
    offering_id           TEXT PRIMARY KEY NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    client_id             TEXT NOT NULL UNIQUE,
    secret_hash           TEXT NOT NULL,
    previous_hash         TEXT,
    previous_valid_until  TEXT,
    created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    rotated_at            TEXT
);
