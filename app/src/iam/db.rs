//! SQL for the dashboard SSO client of an offering (`iam_clients`). The secrets are stored only
//! as argon2 hashes; `hashes` is the one query that reads them, for verification.

use sqlx::SqliteExecutor;

/// The SSO client as stored, without its hashes.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub client_id: String,
    pub created_at: String,
    pub rotated_at: Option<String>,
    pub previous_valid_until: Option<String>,
}

pub async fn client(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
) -> sqlx::Result<Option<ClientRow>> {
    sqlx::query_as!(
        ClientRow,
        "SELECT client_id, created_at, rotated_at, previous_valid_until
         FROM iam_clients WHERE offering_id = ?",
        offering_id
    )
    .fetch_optional(db)
    .await
}

pub async fn insert_client(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    client_id: &str,
    secret_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO iam_clients (offering_id, client_id, secret_hash) VALUES (?, ?, ?)",
        offering_id,
        client_id,
        secret_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Makes `secret_hash` current; the previous hash stays valid until `previous_valid_until`.
pub async fn rotate(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    secret_hash: &str,
    previous_valid_until: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE iam_clients SET previous_hash = secret_hash, previous_valid_until = ?, secret_hash = ?,
             rotated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE offering_id = ?",
        previous_valid_until,
        secret_hash,
        offering_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The hashes of a client, for verification only.
#[derive(Debug, Clone)]
pub struct ClientHashes {
    pub secret_hash: String,
    pub previous_hash: Option<String>,
    pub previous_valid_until: Option<String>,
}

pub async fn hashes(
    db: impl SqliteExecutor<'_>,
    client_id: &str,
) -> sqlx::Result<Option<ClientHashes>> {
    sqlx::query_as!(
        ClientHashes,
        "SELECT secret_hash, previous_hash, previous_valid_until FROM iam_clients WHERE client_id = ?",
        client_id
    )
    .fetch_optional(db)
    .await
}
