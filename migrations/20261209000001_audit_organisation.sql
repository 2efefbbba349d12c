-- The platform audit view (issue 18, item 4) filters the log by organisation. The organisation
-- of a row is the one its subject belongs to when it was written: an offering's owner, or the
-- organisation itself. Stored on the row (filled by the one writer, `audit::record`), so that a
-- deleted draft's rows still name it.
ALTER TABLE audit_log ADD COLUMN organisation_id TEXT;

-- The log is append-only; the trigger steps aside for this one backfill.
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET organisation_id = CASE subject_type
    WHEN 'organisation' THEN subject_id
    WHEN 'offering' THEN COALESCE(
        (SELECT o.organisation_id FROM offerings o WHERE o.id = audit_log.subject_id),
        (SELECT json_extract(c.after_json, '$.organisation_id') FROM audit_log c
          WHERE c.subject_type = 'offering' AND c.subject_id = audit_log.subject_id
            AND c.action = 'offering.create' AND json_valid(c.after_json)))
    END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE INDEX audit_by_organisation ON audit_log (organisation_id, id);
CREATE INDEX audit_by_actor ON audit_log (actor_id, id);
CREATE INDEX audit_by_action ON audit_log (action, id);
