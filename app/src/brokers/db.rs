//! SQL for brokers and their runs. The broker `secret` column holds the password or token
//! sealed with the console's key (`crate::secrets`, `v1:…`); it is read by `secret` only, for
//! the outbound client, and by `clear_text_secrets` (sealing rows stored before encryption).

use crate::store::decode;
use serde_json::Value;
use sqlx::SqliteExecutor;

/// A broker as the console shows it: no secret.
#[derive(Debug, Clone)]
pub struct BrokerRow {
    pub id: String,
    pub offering_id: String,
    pub name: String,
    pub url: String,
    pub auth_kind: String,
    pub username: String,
    pub api_version: String,
    pub locations: Vec<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// A `brokers` row as selected (locations still JSON text).
struct BrokerRecord {
    id: String,
    offering_id: String,
    name: String,
    url: String,
    auth_kind: String,
    username: String,
    api_version: String,
    locations: String,
    version: i64,
    created_at: String,
    updated_at: String,
}

impl TryFrom<BrokerRecord> for BrokerRow {
    type Error = sqlx::Error;

    fn try_from(r: BrokerRecord) -> sqlx::Result<Self> {
        Ok(BrokerRow {
            id: r.id.clone(),
            offering_id: r.offering_id,
            name: r.name,
            url: r.url,
            auth_kind: r.auth_kind,
            username: r.username,
            api_version: r.api_version,
            locations: decode("broker locations", &r.id, &r.locations)?,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

pub async fn list(db: impl SqliteExecutor<'_>, offering_id: &str) -> sqlx::Result<Vec<BrokerRow>> {
    let rows = sqlx::query_as!(
        BrokerRecord,
        "SELECT id, offering_id, name, url, auth_kind, username, api_version, locations, version,
                created_at, updated_at
         FROM brokers WHERE offering_id = ? ORDER BY name",
        offering_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(BrokerRow::try_from).collect()
}

pub async fn all(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<BrokerRow>> {
    let rows = sqlx::query_as!(
        BrokerRecord,
        "SELECT id, offering_id, name, url, auth_kind, username, api_version, locations, version,
                created_at, updated_at
         FROM brokers ORDER BY offering_id, name"
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(BrokerRow::try_from).collect()
}

pub async fn find(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    broker_id: &str,
) -> sqlx::Result<Option<BrokerRow>> {
    let row = sqlx::query_as!(
        BrokerRecord,
        "SELECT id, offering_id, name, url, auth_kind, username, api_version, locations, version,
                created_at, updated_at
         FROM brokers WHERE offering_id = ? AND id = ?",
        offering_id,
        broker_id
    )
    .fetch_optional(db)
    .await?;
    row.map(BrokerRow::try_from).transpose()
}

/// The stored (sealed) secret, for the outbound client only.
pub async fn secret(db: impl SqliteExecutor<'_>, broker_id: &str) -> sqlx::Result<String> {
    sqlx::query_scalar!("SELECT secret FROM brokers WHERE id = ?", broker_id)
        .fetch_one(db)
        .await
}

/// Secrets stored in clear text before encryption: (broker id, secret).
pub async fn clear_text_secrets(
    db: impl SqliteExecutor<'_>,
) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query!("SELECT id, secret FROM brokers WHERE secret NOT LIKE 'v1:%'")
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.secret)).collect())
}

/// Replaces a clear-text secret by its sealed form (the row's version is left alone: this is
/// not an edit).
pub async fn reseal_secret(
    db: impl SqliteExecutor<'_>,
    id: &str,
    clear: &str,
    sealed: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE brokers SET secret = ? WHERE id = ? AND secret = ?",
        sealed,
        id,
        clear
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewBroker<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub auth_kind: &'a str,
    pub username: &'a str,
    /// Sealed (`crate::secrets`); `None` on update keeps the stored secret.
    pub secret: Option<&'a str>,
    pub api_version: &'a str,
    pub locations: &'a [String],
}

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    id: &str,
    offering_id: &str,
    b: &NewBroker<'_>,
) -> sqlx::Result<()> {
    let locations = serde_json::to_string(b.locations).unwrap_or_else(|_| "[]".into());
    let secret = b.secret.unwrap_or_default();
    sqlx::query!(
        "INSERT INTO brokers (id, offering_id, name, url, auth_kind, username, secret, api_version, locations)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        offering_id,
        b.name,
        b.url,
        b.auth_kind,
        b.username,
        secret,
        b.api_version,
        locations
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Updates if `version` is current; the new version, or `None` when someone saved in between.
pub async fn update(
    db: impl SqliteExecutor<'_>,
    id: &str,
    version: i64,
    b: &NewBroker<'_>,
) -> sqlx::Result<Option<i64>> {
    let locations = serde_json::to_string(b.locations).unwrap_or_else(|_| "[]".into());
    let done = sqlx::query!(
        "UPDATE brokers SET name = ?, url = ?, auth_kind = ?, username = ?,
             secret = COALESCE(?, secret), api_version = ?, locations = ?, version = version + 1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND version = ?",
        b.name,
        b.url,
        b.auth_kind,
        b.username,
        b.secret,
        b.api_version,
        locations,
        id,
        version
    )
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then_some(version + 1))
}

pub async fn delete(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query!("DELETE FROM brokers WHERE id = ?", id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A stored run.
#[derive(Debug, Clone)]
pub struct RunRow {
    pub id: String,
    pub broker_id: String,
    pub kind: String,
    pub status: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub started_by: Option<String>,
    pub result: Value,
}

/// A `broker_runs` row as selected (result still JSON text).
struct RunRecord {
    id: String,
    broker_id: String,
    kind: String,
    status: String,
    started_at: String,
    finished_at: Option<String>,
    started_by: Option<String>,
    result: String,
}

impl TryFrom<RunRecord> for RunRow {
    type Error = sqlx::Error;

    fn try_from(r: RunRecord) -> sqlx::Result<Self> {
        Ok(RunRow {
            id: r.id.clone(),
            broker_id: r.broker_id,
            kind: r.kind,
            status: r.status,
            started_at: r.started_at,
            finished_at: r.finished_at,
            started_by: r.started_by,
            result: decode("run result", &r.id, &r.result)?,
        })
    }
}

pub async fn start_run(
    db: impl SqliteExecutor<'_>,
    id: &str,
    broker_id: &str,
    kind: &str,
    started_by: Option<&str>,
    result: &Value,
) -> sqlx::Result<()> {
    let result = result.to_string();
    sqlx::query!(
        "INSERT INTO broker_runs (id, broker_id, kind, status, started_by, result)
         VALUES (?, ?, ?, 'running', ?, ?)",
        id,
        broker_id,
        kind,
        started_by,
        result
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Stores a run's progress (`status` `running`) or its end (`passed`/`failed`).
pub async fn store_run(
    db: impl SqliteExecutor<'_>,
    id: &str,
    status: &str,
    result: &Value,
) -> sqlx::Result<()> {
    let result = result.to_string();
    sqlx::query!(
        "UPDATE broker_runs SET status = ?, result = ?,
             finished_at = CASE WHEN ? = 'running' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
         WHERE id = ?",
        status,
        result,
        status,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn find_run(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<RunRow>> {
    let row = sqlx::query_as!(
        RunRecord,
        "SELECT id, broker_id, kind, status, started_at, finished_at, started_by, result
         FROM broker_runs WHERE id = ?",
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(RunRow::try_from).transpose()
}

/// The newest run of each kind of a broker.
pub async fn latest_runs(
    db: impl SqliteExecutor<'_>,
    broker_id: &str,
) -> sqlx::Result<Vec<RunRow>> {
    let rows = sqlx::query_as!(
        RunRecord,
        r#"SELECT r.id AS "id!", r.broker_id AS "broker_id!", r.kind AS "kind!",
                  r.status AS "status!", r.started_at AS "started_at!",
                  r.finished_at, r.started_by, r.result AS "result!"
           FROM broker_runs r WHERE r.broker_id = ? AND r.started_at =
               (SELECT MAX(started_at) FROM broker_runs WHERE broker_id = r.broker_id AND kind = r.kind)
           ORDER BY r.kind"#,
        broker_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(RunRow::try_from).collect()
}
