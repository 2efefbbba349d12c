//! The SQL of the platform audit view: the log read through a filter, newest first, and the
//! choices the filter form offers.

use crate::domain::audit_filter::AuditFilter;
use sqlx::SqliteExecutor;

/// One audit row with the names it refers to.
pub struct Row {
    pub id: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub offering_name: Option<String>,
    pub subject_email: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub detail: String,
}

/// The rows `filter` lets through with an id below `before_id`, newest first, at most `limit`.
/// `offering` matches an offering's name, else its id (a deleted draft's rows keep the id);
/// `actor` is part of the actor's e-mail address in any case.
pub async fn page(
    db: impl SqliteExecutor<'_>,
    filter: &AuditFilter,
    before_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as!(
        Row,
        r#"SELECT a.id AS "id!", a.at, u.email AS "actor?", a.action, a.subject_type, a.subject_id,
                  a.organisation_id, g.name AS "organisation_name?", o.name AS "offering_name?",
                  su.email AS "subject_email?", a.before_json, a.after_json, a.detail
           FROM audit_log a
           LEFT JOIN users u ON u.id = a.actor_id
           LEFT JOIN organisations g ON g.id = a.organisation_id
           LEFT JOIN offerings o ON a.subject_type = 'offering' AND o.id = a.subject_id
           LEFT JOIN users su ON a.subject_type = 'user' AND su.id = a.subject_id
           WHERE a.id < ?1
             AND (?2 IS NULL OR a.organisation_id = ?2)
             AND (?3 IS NULL OR (a.subject_type = 'offering'
                  AND a.subject_id = COALESCE((SELECT n.id FROM offerings n WHERE n.name = ?3), ?3)))
             AND (?4 IS NULL OR instr(lower(u.email), lower(?4)) > 0)
             AND (?5 IS NULL OR a.action = ?5)
             AND (?6 IS NULL OR a.at >= ?6)
             AND (?7 IS NULL OR a.at < ?7)
           ORDER BY a.id DESC LIMIT ?8"#,
        before_id,
        filter.organisation,
        filter.offering,
        filter.actor,
        filter.action,
        filter.from,
        filter.until,
        limit,
    )
    .fetch_all(db)
    .await
}

/// Every action the log holds, for the filter's list.
pub async fn actions(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .fetch_all(db)
        .await
}

/// Every organisation as (id, name), by name.
pub async fn organisations(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query!(r#"SELECT id AS "id!", name FROM organisations ORDER BY name"#)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}
