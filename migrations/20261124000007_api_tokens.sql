-- API tokens for the REST API (SPEC §1, §9): per user, named, scoped read or write,
-- optionally expiring, revocable. Only the SHA-256 of the token is kept; the token is
-- shown once when it is created.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    -- Hex SHA-256 of the whole token string.
    token_hash   TEXT NOT NULL UNIQUE,
    -- The first characters of the token, so people can tell their tokens apart.
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);
