//! The catalog query: one statement that applies the visibility rules and the search.

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

/// What `email` (user `user_id`) may see, matching `query` (lowercase words, may be empty)
/// and `category` (may be empty), by name, `limit` rows from `offset`.
pub async fn search(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    email: &str,
    query: &str,
    category: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<CatalogRow>> {
    let pattern = format!(
        "%{}%",
        query
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
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
             AND (? = '' OR f.search_text LIKE ? ESCAPE '\')
             AND (? = '' OR json_extract(COALESCE(f.live_document, f.document), '$.basics.category') = ?)
           ORDER BY f.name
           LIMIT ? OFFSET ?"#,
        user_id,
        email,
        query,
        pattern,
        category,
        category,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}
