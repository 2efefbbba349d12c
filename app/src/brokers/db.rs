//! SQL for brokers, their runs and (in `iam`) the SSO client. The broker `secret` is read by
//! `credentials` only, for the outbound client; nothing else selects it.

use serde_json::Value;
use sqlx::{Row, SqliteExecutor};

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

const BROKER_COLUMNS: &str = "id, offering_id, name, url, auth_kind, username, api_version, locations, version, created_at, updated_at";

fn broker(row: sqlx::sqlite::SqliteRow) -> BrokerRow {
    let locations: String = row.get("locations");
    BrokerRow {
        id: row.get("id"),
        offering_id: row.get("offering_id"),
        name: row.get("name"),
        url: row.get("url"),
        auth_kind: row.get("auth_kind"),
        username: row.get("username"),
        api_version: row.get("api_version"),
        locations: serde_json::from_str(&locations).unwrap_or_default(),
        version: row.get("version"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

pub async fn list(db: impl SqliteExecutor<'_>, offering_id: &str) -> sqlx::Result<Vec<BrokerRow>> {
    let sql = format!("SELECT {BROKER_COLUMNS} FROM brokers WHERE offering_id = ? ORDER BY name");
    let rows = sqlx::query(&sql).bind(offering_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(broker).collect())
}

pub async fn all(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<BrokerRow>> {
    let sql = format!("SELECT {BROKER_COLUMNS} FROM brokers ORDER BY offering_id, name");
    let rows = sqlx::query(&sql).fetch_all(db).await?;
    Ok(rows.into_iter().map(broker).collect())
}

pub async fn find(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    broker_id: &str,
) -> sqlx::Result<Option<BrokerRow>> {
    let sql = format!("SELECT {BROKER_COLUMNS} FROM brokers WHERE offering_id = ? AND id = ?");
    let row = sqlx::query(&sql)
        .bind(offering_id)
        .bind(broker_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(broker))
}

/// The stored secret (password or token), for the outbound client only.
pub async fn secret(db: impl SqliteExecutor<'_>, broker_id: &str) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT secret FROM brokers WHERE id = ?")
        .bind(broker_id)
        .fetch_one(db)
        .await
}

pub struct NewBroker<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub auth_kind: &'a str,
    pub username: &'a str,
    /// `None` on update keeps the stored secret.
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
    sqlx::query(
        "INSERT INTO brokers (id, offering_id, name, url, auth_kind, username, secret, api_version, locations)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(offering_id)
    .bind(b.name)
    .bind(b.url)
    .bind(b.auth_kind)
    .bind(b.username)
    .bind(b.secret.unwrap_or_default())
    .bind(b.api_version)
    .bind(locations)
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
    let done = sqlx::query(
        "UPDATE brokers SET name = ?, url = ?, auth_kind = ?, username = ?,
             secret = COALESCE(?, secret), api_version = ?, locations = ?, version = version + 1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND version = ?",
    )
    .bind(b.name)
    .bind(b.url)
    .bind(b.auth_kind)
    .bind(b.username)
    .bind(b.secret)
    .bind(b.api_version)
    .bind(locations)
    .bind(id)
    .bind(version)
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then_some(version + 1))
}

pub async fn delete(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM brokers WHERE id = ?")
        .bind(id)
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

fn run(row: sqlx::sqlite::SqliteRow) -> RunRow {
    let result: String = row.get("result");
    RunRow {
        id: row.get("id"),
        broker_id: row.get("broker_id"),
        kind: row.get("kind"),
        status: row.get("status"),
        started_at: row.get("started_at"),
        finished_at: row.get("finished_at"),
        started_by: row.get("started_by"),
        result: serde_json::from_str(&result).unwrap_or(Value::Null),
    }
}

const RUN_COLUMNS: &str =
    "id, broker_id, kind, status, started_at, finished_at, started_by, result";

pub async fn start_run(
    db: impl SqliteExecutor<'_>,
    id: &str,
    broker_id: &str,
    kind: &str,
    started_by: Option<&str>,
    result: &Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO broker_runs (id, broker_id, kind, status, started_by, result)
         VALUES (?, ?, ?, 'running', ?, ?)",
    )
    .bind(id)
    .bind(broker_id)
    .bind(kind)
    .bind(started_by)
    .bind(result.to_string())
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
    sqlx::query(
        "UPDATE broker_runs SET status = ?, result = ?,
             finished_at = CASE WHEN ? = 'running' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
         WHERE id = ?",
    )
    .bind(status)
    .bind(result.to_string())
    .bind(status)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn find_run(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<RunRow>> {
    let sql = format!("SELECT {RUN_COLUMNS} FROM broker_runs WHERE id = ?");
    Ok(sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db)
        .await?
        .map(run))
}

/// The newest run of each kind of a broker.
pub async fn latest_runs(
    db: impl SqliteExecutor<'_>,
    broker_id: &str,
) -> sqlx::Result<Vec<RunRow>> {
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM broker_runs r WHERE broker_id = ? AND started_at =
             (SELECT MAX(started_at) FROM broker_runs WHERE broker_id = r.broker_id AND kind = r.kind)
         ORDER BY kind"
    );
    Ok(sqlx::query(&sql)
        .bind(broker_id)
        .fetch_all(db)
        .await?
        .into_iter()
        .map(run)
        .collect())
}
