//! Opening the SQLite database (WAL) and applying migrations.

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

pub async fn connect(database_url: &str) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    if let Some(parent) = options.get_filename().parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Ready when the database answers and every migration this binary knows is applied.
pub async fn is_ready(pool: &SqlitePool) -> bool {
    let applied = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM _sqlx_migrations WHERE success = 1"#
    )
    .fetch_one(pool)
    .await;
    matches!(applied, Ok(n) if n as usize >= MIGRATOR.iter().count())
}
