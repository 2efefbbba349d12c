-- Usage records (SPEC §11). `source` keeps replayed records (a provider's test, never charged)
-- apart from real ones reported through the API; a duplicate (same instance, plan, start, end)
-- within one source is refused by the unique index.
CREATE TABLE usage_records (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    offering_id          TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
    source               TEXT NOT NULL CHECK (source IN ('api', 'replay')),
    plan_id              TEXT NOT NULL,
    resource_instance_id TEXT NOT NULL,
    start_at             TEXT NOT NULL,
    end_at               TEXT NOT NULL,
    -- JSON array of {measure, quantity} with quantities as exact decimal strings.
    measures             TEXT NOT NULL,
    created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by           TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX usage_records_unique
    ON usage_records (offering_id, source, resource_instance_id, plan_id, start_at, end_at);
CREATE INDEX usage_records_by_plan ON usage_records (offering_id, source, plan_id, start_at);
