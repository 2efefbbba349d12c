//! The append-only audit log: one writer used by every area.
//!
//! Each row also names the organisation its subject belongs to when it was written (an
//! offering's owner, or the organisation itself), looked up here once so that no caller can
//! forget it: the platform audit view filters by it, and a deleted draft's rows keep it. A
//! deletion therefore records its row before it deletes, in the same transaction.

use sqlx::SqliteExecutor;

/// One audit entry. `before`/`after` are JSON snapshots of what changed.
pub struct AuditEntry<'a> {
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub detail: &'a str,
}

pub async fn record(db: impl SqliteExecutor<'_>, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    let before = entry.before.map(|v| v.to_string());
    let after = entry.after.map(|v| v.to_string());
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, action, subject_type, subject_id, before_json, after_json, detail,
                                organisation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE ?3
             WHEN 'organisation' THEN ?4
             WHEN 'offering' THEN (SELECT organisation_id FROM offerings WHERE id = ?4)
         END)",
        entry.actor_id,
        entry.action,
        entry.subject_type,
        entry.subject_id,
        before,
        after,
        entry.detail,
    )
    .execute(db)
    .await?;
    Ok(())
}
