-- Visibility and review (SPEC §6–§8).

-- The pending request of the offering's lifecycle (mirrors domain::visibility::Lifecycle),
-- and the approved version the catalog shows once the offering has been public.
ALTER TABLE offerings ADD COLUMN pending_request TEXT
    CHECK (pending_request IN ('publish', 'change', 'deprecate', 'retire'));
ALTER TABLE offerings ADD COLUMN live_document TEXT;
ALTER TABLE offerings ADD COLUMN live_version INTEGER;
-- Lowercased words the catalog search matches (name, display names, tags, category) of the
-- version the catalog shows.
ALTER TABLE offerings ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX offerings_by_visibility ON offerings (visibility);

-- Who may see a limited offering in the catalog: accounts named by e-mail (an address with no
-- user yet is an invitation).
CREATE TABLE test_accounts (
    offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    email       TEXT NOT NULL COLLATE NOCASE,
    added_by    TEXT REFERENCES users (id),
    added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (offering_id, email)
);
CREATE INDEX test_accounts_by_email ON test_accounts (email);

-- A request (publish, change, deprecate, retire) with the snapshot it froze.
CREATE TABLE review_requests (
    id               TEXT PRIMARY KEY NOT NULL,
    offering_id      TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('publish', 'change', 'deprecate', 'retire')),
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    note             TEXT NOT NULL DEFAULT '',
    snapshot         TEXT NOT NULL,
    snapshot_version INTEGER NOT NULL,
    -- The last approved document when the request was made (NULL before the first release).
    base_document    TEXT,
    requested_by     TEXT REFERENCES users (id),
    requested_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    decided_by       TEXT REFERENCES users (id),
    decided_at       TEXT,
    decision_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_requests_by_offering ON review_requests (offering_id, requested_at);
CREATE INDEX review_requests_pending ON review_requests (status, requested_at);
CREATE UNIQUE INDEX review_requests_one_pending ON review_requests (offering_id) WHERE status = 'pending';

CREATE TRIGGER review_requests_snapshot_frozen
BEFORE UPDATE OF snapshot, snapshot_version, base_document, kind, offering_id ON review_requests
BEGIN SELECT RAISE(ABORT, 'a request snapshot is immutable'); END;

-- The discussion of a request; a comment with a field is a per-field review comment that
-- stays open until the provider marks it resolved.
CREATE TABLE review_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
    offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    field       TEXT,
    body        TEXT NOT NULL,
    author_id   TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    resolved_at TEXT,
    resolved_by TEXT REFERENCES users (id)
);
CREATE INDEX review_comments_by_offering ON review_comments (offering_id, resolved_at);

-- In-app notifications (the bell).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message    TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    read_at    TEXT
);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at, id);
