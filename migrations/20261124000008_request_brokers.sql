-- A request's snapshot also freezes the offering's brokers as they stood (SPEC §6: metadata,
-- plans, prices, IAM, brokers): name, URL, API version, locations and the latest validation
-- and smoke test. Never a credential. Immutable like the rest of the snapshot.
ALTER TABLE review_requests ADD COLUMN brokers TEXT NOT NULL DEFAULT '[]';

DROP TRIGGER review_requests_snapshot_frozen;
CREATE TRIGGER review_requests_snapshot_frozen
BEFORE UPDATE OF snapshot, snapshot_version, base_document, kind, offering_id, brokers ON review_requests
BEGIN SELECT RAISE(ABORT, 'a request snapshot is immutable'); END;
