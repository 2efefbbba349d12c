//! Write transactions. Every write that reads before it writes (a version check, a lifecycle
//! compare-and-set, an insert and its audit row) runs in one of these: `BEGIN IMMEDIATE` takes
//! SQLite's write lock at the start, so a concurrent writer waits for it within the busy
//! timeout. sqlx's `begin()` is a deferred `BEGIN`: its read pins a snapshot, and when another
//! connection commits first the later write fails at once with "database is locked" (517),
//! which no busy timeout waits out: the 500s that concurrent saves used to answer.

use sqlx::{Sqlite, SqlitePool, Transaction};

/// A transaction holding the write lock; commit it, or it rolls back when dropped.
pub type WriteTx = Transaction<'static, Sqlite>;

/// Begins a write transaction (`BEGIN IMMEDIATE`).
pub async fn write(pool: &SqlitePool) -> sqlx::Result<WriteTx> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// A stored JSON value that does not decode: an error that stops the caller (never a
/// default, which the next save would write back over the stored bytes), logged with `what`.
pub fn decode<T: serde::de::DeserializeOwned>(what: &str, id: &str, json: &str) -> sqlx::Result<T> {
    serde_json::from_str(json).map_err(|e| {
        tracing::error!(what, id, error = %e, "a stored value does not decode");
        sqlx::Error::Decode(Box::new(e))
    })
}

/// The columns of the unique key (or primary key) a write ran into, as SQLite names them:
/// `brokers.offering_id, brokers.name` for "UNIQUE constraint failed: brokers.offering_id,
/// brokers.name". `None` when `e` is not a unique violation.
pub fn unique_violation(e: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(db) = e else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    let message = db.message();
    let columns = message
        .strip_prefix("UNIQUE constraint failed:")
        .unwrap_or(message);
    Some(columns.trim().to_owned())
}
