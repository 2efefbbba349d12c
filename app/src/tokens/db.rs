//! SQL for API tokens. Only the SHA-256 of a token is stored.

use sqlx::SqliteExecutor;

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub scope: String,
    pub prefix: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

pub struct NewToken<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub name: &'a str,
    pub scope: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    pub expires_at: Option<&'a str>,
}

pub async fn insert(db: impl SqliteExecutor<'_>, t: NewToken<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO api_tokens (id, user_id, name, scope, token_hash, prefix, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        t.id,
        t.user_id,
        t.name,
        t.scope,
        t.token_hash,
        t.prefix,
        t.expires_at,
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn find_by_hash(
    db: impl SqliteExecutor<'_>,
    token_hash: &str,
) -> sqlx::Result<Option<TokenRow>> {
    sqlx::query_as!(
        TokenRow,
        r#"SELECT id, user_id, name, scope, prefix, created_at, expires_at, last_used_at, revoked_at
           FROM api_tokens WHERE token_hash = ?"#,
        token_hash
    )
    .fetch_optional(db)
    .await
}

/// The user's tokens, newest first (revoked ones included, marked).
pub async fn list_for_user(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as!(
        TokenRow,
        r#"SELECT id, user_id, name, scope, prefix, created_at, expires_at, last_used_at, revoked_at
           FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id"#,
        user_id
    )
    .fetch_all(db)
    .await
}

/// Revokes one of the user's tokens; false when there is no such live token of theirs.
pub async fn revoke(db: impl SqliteExecutor<'_>, user_id: &str, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        id,
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the token used now, unless it was marked less than a minute ago.
pub async fn touch(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND (last_used_at IS NULL
               OR last_used_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-60 seconds'))",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
