-- Offerings: identity, owner, visibility, and the provider-edited document with its version (SPEC §2, §6).
CREATE TABLE offerings (
    id              TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL UNIQUE,
    visibility      TEXT NOT NULL DEFAULT 'draft'
                    CHECK (visibility IN ('draft', 'limited', 'in_review', 'public', 'deprecated', 'retired')),
    version         INTEGER NOT NULL DEFAULT 1,
    document        TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_by      TEXT REFERENCES users (id)
);
CREATE INDEX offerings_by_organisation ON offerings (organisation_id);

-- Every saved version of the document: the base for conflict messages and, later, diffs.
CREATE TABLE offering_versions (
    offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,
    saved_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    saved_by    TEXT REFERENCES users (id),
    PRIMARY KEY (offering_id, version)
);
