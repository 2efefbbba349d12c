//! SQL for visibility and review: the lifecycle columns of an offering, test accounts,
//! requests with their frozen snapshots, and review comments.

use super::server::{Comment, TestAccount};
use crate::domain::broker::BrokerSnapshot;
use crate::domain::offering::OfferingDocument;
use crate::domain::visibility::{Decision, RequestKind, Visibility};
use crate::store::decode;
use sqlx::{Sqlite, SqliteExecutor, Transaction};

fn to_json(doc: &OfferingDocument) -> String {
    serde_json::to_string(doc).expect("documents serialise")
}

/// Moves the offering from one lifecycle state to the next, if it is still in the first.
pub async fn set_lifecycle(
    tx: &mut Transaction<'_, Sqlite>,
    offering_id: &str,
    from: (Visibility, Option<RequestKind>),
    to: (Visibility, Option<RequestKind>),
) -> sqlx::Result<bool> {
    let (from_v, from_p) = (from.0.as_str(), from.1.map(|p| p.as_str()));
    let (to_v, to_p) = (to.0.as_str(), to.1.map(|p| p.as_str()));
    let done = sqlx::query!(
        "UPDATE offerings SET visibility = ?, pending_request = ?,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND visibility = ? AND pending_request IS ?",
        to_v,
        to_p,
        offering_id,
        from_v,
        from_p
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes `doc` (a request's snapshot) the version the catalog shows.
pub async fn set_live(
    tx: &mut Transaction<'_, Sqlite>,
    offering_id: &str,
    doc: &OfferingDocument,
    version: i64,
    search_text: &str,
) -> sqlx::Result<()> {
    let json = to_json(doc);
    sqlx::query!(
        "UPDATE offerings SET live_document = ?, live_version = ?, search_text = ? WHERE id = ?",
        json,
        version,
        search_text,
        offering_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_request(
    tx: &mut Transaction<'_, Sqlite>,
    offering_id: &str,
    kind: RequestKind,
    note: &str,
    snapshot: &OfferingDocument,
    snapshot_version: i64,
    base: Option<&OfferingDocument>,
    brokers: &[BrokerSnapshot],
    user_id: &str,
) -> sqlx::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let (kind, snapshot, base) = (kind.as_str(), to_json(snapshot), base.map(to_json));
    let brokers = serde_json::to_string(brokers).unwrap_or_else(|_| "[]".into());
    sqlx::query!(
        "INSERT INTO review_requests
             (id, offering_id, kind, note, snapshot, snapshot_version, base_document, brokers, requested_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        offering_id,
        kind,
        note,
        snapshot,
        snapshot_version,
        base,
        brokers,
        user_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Closes the offering's pending request with a decision; returns its id.
pub async fn close_request(
    tx: &mut Transaction<'_, Sqlite>,
    offering_id: &str,
    decision: Decision,
    comment: &str,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    let status = decision.as_str();
    let id = sqlx::query_scalar!(
        "SELECT id FROM review_requests WHERE offering_id = ? AND status = 'pending'",
        offering_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else { return Ok(None) };
    sqlx::query!(
        "UPDATE review_requests
         SET status = ?, decided_by = ?, decision_comment = ?,
             decided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?",
        status,
        user_id,
        comment,
        id
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: String,
    pub offering_id: String,
    pub offering_name: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub kind: RequestKind,
    pub status: String,
    pub note: String,
    pub snapshot: OfferingDocument,
    pub snapshot_version: i64,
    pub base: Option<OfferingDocument>,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_comment: String,
}

struct RawRequest {
    id: String,
    offering_id: String,
    offering_name: String,
    organisation_id: String,
    organisation_name: String,
    kind: String,
    status: String,
    note: String,
    snapshot: String,
    snapshot_version: i64,
    base_document: Option<String>,
    requested_by: String,
    requested_at: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
    decision_comment: String,
}

impl TryFrom<RawRequest> for RequestRow {
    type Error = sqlx::Error;

    fn try_from(r: RawRequest) -> sqlx::Result<Self> {
        Ok(RequestRow {
            id: r.id.clone(),
            offering_id: r.offering_id,
            offering_name: r.offering_name,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            kind: r.kind.parse().map_err(|_| {
                sqlx::Error::Decode(format!("unknown request kind `{}`", r.kind).into())
            })?,
            status: r.status,
            note: r.note,
            snapshot: decode("request snapshot", &r.id, &r.snapshot)?,
            snapshot_version: r.snapshot_version,
            base: match &r.base_document {
                Some(b) => Some(decode("request base", &r.id, b)?),
                None => None,
            },
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_comment: r.decision_comment,
        })
    }
}

/// The brokers a request's snapshot froze.
pub async fn request_brokers(
    db: impl SqliteExecutor<'_>,
    id: &str,
) -> sqlx::Result<Vec<BrokerSnapshot>> {
    let json = sqlx::query_scalar!("SELECT brokers FROM review_requests WHERE id = ?", id)
        .fetch_optional(db)
        .await?;
    match json {
        Some(j) => decode("request brokers", id, &j),
        None => Ok(Vec::new()),
    }
}

pub async fn request(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<RequestRow>> {
    let row = sqlx::query_as!(
        RawRequest,
        r#"SELECT r.id, r.offering_id, f.name AS "offering_name!", f.organisation_id AS "organisation_id!",
                  o.name AS "organisation_name!", r.kind, r.status, r.note, r.snapshot, r.snapshot_version,
                  r.base_document, COALESCE(u.email, '') AS "requested_by!: String", r.requested_at,
                  d.email AS "decided_by?: String", r.decided_at, r.decision_comment
           FROM review_requests r
           JOIN offerings f ON f.id = r.offering_id
           JOIN organisations o ON o.id = f.organisation_id
           LEFT JOIN users u ON u.id = r.requested_by
           LEFT JOIN users d ON d.id = r.decided_by
           WHERE r.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(RequestRow::try_from).transpose()
}

/// Pending requests, oldest first.
pub async fn pending_requests(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<RequestRow>> {
    let rows = sqlx::query_as!(
        RawRequest,
        r#"SELECT r.id, r.offering_id, f.name AS "offering_name!", f.organisation_id AS "organisation_id!",
                  o.name AS "organisation_name!", r.kind, r.status, r.note, r.snapshot, r.snapshot_version,
                  r.base_document, COALESCE(u.email, '') AS "requested_by!: String", r.requested_at,
                  d.email AS "decided_by?: String", r.decided_at, r.decision_comment
           FROM review_requests r
           JOIN offerings f ON f.id = r.offering_id
           JOIN organisations o ON o.id = f.organisation_id
           LEFT JOIN users u ON u.id = r.requested_by
           LEFT JOIN users d ON d.id = r.decided_by
           WHERE r.status = 'pending'
           ORDER BY r.requested_at, r.id"#
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(RequestRow::try_from).collect()
}

/// The requests of one offering, newest first.
pub async fn requests_of(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
) -> sqlx::Result<Vec<RequestRow>> {
    let rows = sqlx::query_as!(
        RawRequest,
        r#"SELECT r.id, r.offering_id, f.name AS "offering_name!", f.organisation_id AS "organisation_id!",
                  o.name AS "organisation_name!", r.kind, r.status, r.note, r.snapshot, r.snapshot_version,
                  r.base_document, COALESCE(u.email, '') AS "requested_by!: String", r.requested_at,
                  d.email AS "decided_by?: String", r.decided_at, r.decision_comment
           FROM review_requests r
           JOIN offerings f ON f.id = r.offering_id
           JOIN organisations o ON o.id = f.organisation_id
           LEFT JOIN users u ON u.id = r.requested_by
           LEFT JOIN users d ON d.id = r.decided_by
           WHERE r.offering_id = ?
           ORDER BY r.requested_at DESC, r.id"#,
        offering_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(RequestRow::try_from).collect()
}

pub async fn test_accounts(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
) -> sqlx::Result<Vec<TestAccount>> {
    let rows = sqlx::query!(
        r#"SELECT t.email, (u.id IS NOT NULL) AS "has_account!: bool"
           FROM test_accounts t LEFT JOIN users u ON u.email = t.email
           WHERE t.offering_id = ? ORDER BY t.email"#,
        offering_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TestAccount {
            email: r.email,
            has_account: r.has_account,
        })
        .collect())
}

pub async fn add_test_account(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    email: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO test_accounts (offering_id, email, added_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        offering_id,
        email,
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove_test_account(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    email: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "DELETE FROM test_accounts WHERE offering_id = ? AND email = ?",
        offering_id,
        email
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_comment(
    db: impl SqliteExecutor<'_>,
    request_id: &str,
    offering_id: &str,
    field: Option<&str>,
    body: &str,
    user_id: &str,
) -> sqlx::Result<i64> {
    let done = sqlx::query!(
        "INSERT INTO review_comments (request_id, offering_id, field, body, author_id) VALUES (?, ?, ?, ?, ?)",
        request_id,
        offering_id,
        field,
        body,
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.last_insert_rowid())
}

/// Comments of one request (discussion and per-field), oldest first.
pub async fn comments_of_request(
    db: impl SqliteExecutor<'_>,
    request_id: &str,
) -> sqlx::Result<Vec<Comment>> {
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.request_id, c.field, c.body, COALESCE(u.email, '') AS "author!: String",
                  c.created_at, (c.resolved_at IS NOT NULL) AS "resolved!: bool"
           FROM review_comments c LEFT JOIN users u ON u.id = c.author_id
           WHERE c.request_id = ? ORDER BY c.id"#,
        request_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            id: r.id,
            request_id: r.request_id,
            field: r.field,
            body: r.body,
            author: r.author,
            created_at: r.created_at,
            resolved: r.resolved,
        })
        .collect())
}

/// Unresolved per-field comments of an offering, oldest first.
pub async fn open_field_comments(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
) -> sqlx::Result<Vec<Comment>> {
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.request_id, c.field, c.body, COALESCE(u.email, '') AS "author!: String",
                  c.created_at
           FROM review_comments c LEFT JOIN users u ON u.id = c.author_id
           WHERE c.offering_id = ? AND c.field IS NOT NULL AND c.resolved_at IS NULL ORDER BY c.id"#,
        offering_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            id: r.id,
            request_id: r.request_id,
            field: r.field,
            body: r.body,
            author: r.author,
            created_at: r.created_at,
            resolved: false,
        })
        .collect())
}

pub async fn resolve_comment(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    comment_id: i64,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE review_comments SET resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), resolved_by = ?
         WHERE id = ? AND offering_id = ? AND field IS NOT NULL AND resolved_at IS NULL",
        user_id,
        comment_id,
        offering_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reviewers (and admins acting as reviewers) to tell about a new request: not members of
/// the owning organisation.
pub async fn reviewers_outside(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"SELECT u.id AS "id!" FROM users u
           WHERE u.is_reviewer = 1
             AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.organisation_id = ?)"#,
        organisation_id
    )
    .fetch_all(db)
    .await
}

/// Editors and owners of an organisation.
pub async fn editors_of(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"SELECT user_id AS "id!" FROM memberships WHERE organisation_id = ? AND role IN ('owner', 'editor')"#,
        organisation_id
    )
    .fetch_all(db)
    .await
}
