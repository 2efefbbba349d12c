//! The catalog queries: each one statement that applies the visibility rules (and the search).

use sqlx::SqliteExecutor;

#[derive(Debug, Clone)]
pub struct CatalogRow {
    pub id: String,
    pub name: String,
    pub visibility: String,
    pub document: String,
    pub organisation_name: String,
    pub icon_stamp: Option<String>,
}

/// What `email` (user `user_id`) may see, matching `query` (what the reader typed, may be
/// empty: by name) and `category` (may be empty), `limit` rows from `offset`. A query is a
/// full-text search (FTS5, `offerings_fts`), best match first (bm25), then by name.
pub async fn search(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    email: &str,
    query: &str,
    category: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<CatalogRow>> {
    if query.trim().is_empty() {
        return listing(db, user_id, email, category, limit, offset).await;
    }
    let Some(words) = crate::domain::catalog::match_expression(query) else {
        return Ok(Vec::new());
    };
    sqlx::query_as!(
        CatalogRow,
        r#"SELECT f.id AS "id!", f.name AS "name!", f.visibility AS "visibility!",
                  COALESCE(f.live_document, f.document) AS "document!: String",
                  o.name AS "organisation_name!",
                  (SELECT i.updated_at FROM offering_icons i WHERE i.offering_id = f.id) AS icon_stamp
           FROM offerings_fts
           JOIN offerings f ON f.id = offerings_fts.offering_id
           JOIN organisations o ON o.id = f.organisation_id
           WHERE offerings_fts MATCH ?
             AND (f.visibility IN ('public', 'deprecated')
                  OR (f.visibility IN ('limited', 'in_review')
                      AND (EXISTS (SELECT 1 FROM memberships m
                                   WHERE m.organisation_id = f.organisation_id AND m.user_id = ?)
                           OR EXISTS (SELECT 1 FROM test_accounts t
                                      WHERE t.offering_id = f.id AND t.email = ?))))
             AND (? = '' OR json_extract(COALESCE(f.live_document, f.document), '$.basics.category') = ?)
           ORDER BY bm25(offerings_fts), f.name
           LIMIT ? OFFSET ?"#,
        words,
        user_id,
        email,
        category,
        category,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// Every offering `email` (user `user_id`) may see in `category` (may be empty), by name.
/// The visibility clause repeats the search's: `query_as!` checks one literal statement each,
/// and an FTS5 `MATCH` cannot be switched off inside a statement.
async fn listing(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    email: &str,
    category: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<CatalogRow>> {
    sqlx::query_as!(
        CatalogRow,
        r#"SELECT f.id, f.name, f.visibility,
                  COALESCE(f.live_document, f.document) AS "document!: String",
                  o.name AS "organisation_name!",
                  (SELECT i.updated_at FROM offering_icons i WHERE i.offering_id = f.id) AS icon_stamp
           FROM offerings f JOIN organisations o ON o.id = f.organisation_id
           WHERE (f.visibility IN ('public', 'deprecated')
                  OR (f.visibility IN ('limited', 'in_review')
                      AND (EXISTS (SELECT 1 FROM memberships m
                                   WHERE m.organisation_id = f.organisation_id AND m.user_id = ?)
                           OR EXISTS (SELECT 1 FROM test_accounts t
                                      WHERE t.offering_id = f.id AND t.email = ?))))
             AND (? = '' OR json_extract(COALESCE(f.live_document, f.document), '$.basics.category') = ?)
           ORDER BY f.name
           LIMIT ? OFFSET ?"#,
        user_id,
        email,
        category,
        category,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}
