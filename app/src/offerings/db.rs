//! SQL for the offering aggregate: the row, its versioned document and its saved versions.

use crate::domain::offering::OfferingDocument;
use crate::domain::visibility::{RequestKind, Visibility};
use crate::store::decode;
use sqlx::{SqliteConnection, SqliteExecutor};

#[derive(Debug, Clone)]
pub struct OfferingRow {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub name: String,
    pub visibility: Visibility,
    pub version: i64,
    pub document: OfferingDocument,
    pub updated_at: String,
    /// The request awaiting a reviewer, if any.
    pub pending: Option<RequestKind>,
    /// The approved document the catalog shows, once the offering has been public.
    pub live: Option<OfferingDocument>,
}

impl OfferingRow {
    /// Released once (public, deprecated, or an approved version exists): price changes
    /// follow the notice rule and prices already in force are history.
    pub fn released(&self) -> bool {
        self.live.is_some()
            || matches!(self.visibility, Visibility::Public | Visibility::Deprecated)
    }
}

struct RawRow {
    id: String,
    organisation_id: String,
    organisation_name: String,
    name: String,
    visibility: String,
    version: i64,
    document: String,
    updated_at: String,
    pending_request: Option<String>,
    live_document: Option<String>,
}

impl TryFrom<RawRow> for OfferingRow {
    type Error = sqlx::Error;

    /// Every stored value must decode: a row that does not is an error, never a default.
    fn try_from(r: RawRow) -> sqlx::Result<Self> {
        let unknown = |what: &str, value: &str| {
            tracing::error!(id = %r.id, what, value, "a stored value does not decode");
            sqlx::Error::Decode(format!("unknown {what} `{value}`").into())
        };
        let visibility = r
            .visibility
            .parse()
            .map_err(|_| unknown("visibility", &r.visibility))?;
        let pending = match &r.pending_request {
            Some(p) => Some(p.parse().map_err(|_| unknown("pending request", p))?),
            None => None,
        };
        let live = match &r.live_document {
            Some(d) => Some(decode("live document", &r.id, d)?),
            None => None,
        };
        Ok(OfferingRow {
            document: decode("document", &r.id, &r.document)?,
            id: r.id,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            name: r.name,
            visibility,
            version: r.version,
            updated_at: r.updated_at,
            pending,
            live,
        })
    }
}

fn to_json(document: &OfferingDocument) -> String {
    serde_json::to_string(document).expect("documents serialise")
}

/// Inserts a draft and its first version, in the caller's write transaction.
pub async fn insert(
    tx: &mut SqliteConnection,
    organisation_id: &str,
    name: &str,
    document: &OfferingDocument,
    user_id: &str,
) -> sqlx::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let json = to_json(document);
    let search = crate::domain::catalog::search_text(name, document);
    sqlx::query!(
        "INSERT INTO offerings (id, organisation_id, name, document, updated_by, search_text)
         VALUES (?, ?, ?, ?, ?, ?)",
        id,
        organisation_id,
        name,
        json,
        user_id,
        search
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO offering_versions (offering_id, version, document, saved_by) VALUES (?, 1, ?, ?)",
        id,
        json,
        user_id
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

pub async fn find(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<OfferingRow>> {
    let row = sqlx::query_as!(
        RawRow,
        r#"SELECT f.id, f.organisation_id, o.name AS "organisation_name!", f.name, f.visibility, f.version,
                  f.document, f.updated_at, f.pending_request, f.live_document
           FROM offerings f JOIN organisations o ON o.id = f.organisation_id
           WHERE f.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(OfferingRow::try_from).transpose()
}

/// The offerings of every organisation `user_id` belongs to, most recently changed first.
pub async fn list_for_member(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
) -> sqlx::Result<Vec<OfferingRow>> {
    let rows = sqlx::query_as!(
        RawRow,
        r#"SELECT f.id, f.organisation_id, o.name AS "organisation_name!", f.name, f.visibility, f.version,
                  f.document, f.updated_at, f.pending_request, f.live_document
           FROM offerings f
           JOIN organisations o ON o.id = f.organisation_id
           JOIN memberships m ON m.organisation_id = f.organisation_id AND m.user_id = ?
           ORDER BY f.updated_at DESC, f.name"#,
        user_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(OfferingRow::try_from).collect()
}

/// Saves `document` as the next version if the stored version is still `expected_version`.
/// Returns the new version, or `None` when someone saved in between.
pub async fn save_document(
    tx: &mut SqliteConnection,
    id: &str,
    expected_version: i64,
    document: &OfferingDocument,
    user_id: &str,
) -> sqlx::Result<Option<i64>> {
    let json = to_json(document);
    // Until an offering has a live (approved) version, the catalog shows its document.
    let name = sqlx::query_scalar!("SELECT name FROM offerings WHERE id = ?", id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_default();
    let search = crate::domain::catalog::search_text(&name, document);
    let updated = sqlx::query!(
        "UPDATE offerings
         SET document = ?, version = version + 1, updated_by = ?,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
             search_text = CASE WHEN live_document IS NULL THEN ? ELSE search_text END
         WHERE id = ? AND version = ?",
        json,
        user_id,
        search,
        id,
        expected_version
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    let next = expected_version + 1;
    sqlx::query!(
        "INSERT INTO offering_versions (offering_id, version, document, saved_by) VALUES (?, ?, ?, ?)",
        id,
        next,
        json,
        user_id
    )
    .execute(&mut *tx)
    .await?;
    Ok(Some(next))
}

pub async fn document_at(
    db: impl SqliteExecutor<'_>,
    id: &str,
    version: i64,
) -> sqlx::Result<Option<OfferingDocument>> {
    let json = sqlx::query_scalar!(
        "SELECT document FROM offering_versions WHERE offering_id = ? AND version = ?",
        id,
        version
    )
    .fetch_optional(db)
    .await?;
    json.map(|j| decode("saved version", id, &j)).transpose()
}

/// Deletes a draft; returns false when the offering is not (or no longer) a draft.
pub async fn delete_draft(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<bool> {
    let draft = Visibility::Draft.as_str();
    let done = sqlx::query!(
        "DELETE FROM offerings WHERE id = ? AND visibility = ?",
        id,
        draft
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub id: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// Audit entries of one offering, newest first, `limit` at a time before `before_id`.
pub async fn history(
    db: impl SqliteExecutor<'_>,
    id: &str,
    before_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<HistoryRow>> {
    sqlx::query_as!(
        HistoryRow,
        r#"SELECT a.id AS "id!", a.at, u.email AS "actor?", a.action, a.before_json, a.after_json
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE a.subject_type = 'offering' AND a.subject_id = ? AND a.id < ?
           ORDER BY a.id DESC LIMIT ?"#,
        id,
        before_id,
        limit
    )
    .fetch_all(db)
    .await
}

pub struct Icon {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub updated_at: String,
}

pub async fn set_icon(
    db: impl SqliteExecutor<'_>,
    id: &str,
    content_type: &str,
    bytes: &[u8],
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO offering_icons (offering_id, content_type, bytes) VALUES (?, ?, ?)
         ON CONFLICT (offering_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        id,
        content_type,
        bytes
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn icon(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<Icon>> {
    sqlx::query_as!(
        Icon,
        "SELECT content_type, bytes, updated_at FROM offering_icons WHERE offering_id = ?",
        id
    )
    .fetch_optional(db)
    .await
}

/// When the icon last changed (for cache-busting URLs), if there is one.
pub async fn icon_stamp(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "SELECT updated_at FROM offering_icons WHERE offering_id = ?",
        id
    )
    .fetch_optional(db)
    .await
}
