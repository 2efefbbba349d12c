//! SQL for usage records (the plans themselves live in the offering document).

use crate::domain::usage::{CheckedRecord, Measure, UsageRecord};
use crate::store::decode;
use sqlx::SqliteExecutor;

/// Where a record came from: the usage API (real) or a provider's replay (never charged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Api,
    Replay,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Api => "api",
            Source::Replay => "replay",
        }
    }
}

/// Stores a record; `false` when the same (instance, plan, start, end) is already stored.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    source: Source,
    record: &CheckedRecord,
    actor_id: &str,
) -> sqlx::Result<bool> {
    let source = source.as_str();
    let r = &record.record;
    let measures = serde_json::to_string(&r.measures).unwrap_or_else(|_| "[]".into());
    let done = sqlx::query!(
        "INSERT INTO usage_records
             (offering_id, source, plan_id, resource_instance_id, start_at, end_at, measures, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING",
        offering_id,
        source,
        r.plan_id,
        r.resource_instance_id,
        r.start,
        r.end,
        measures,
        actor_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The records of one plan from one source, oldest first.
pub async fn for_plan(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    source: Source,
    plan_id: &str,
) -> sqlx::Result<Vec<UsageRecord>> {
    let source = source.as_str();
    let rows = sqlx::query!(
        "SELECT resource_instance_id, plan_id, start_at, end_at, measures
         FROM usage_records WHERE offering_id = ? AND source = ? AND plan_id = ?
         ORDER BY start_at, id",
        offering_id,
        source,
        plan_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(UsageRecord {
                measures: decode::<Vec<Measure>>("usage measures", &r.plan_id, &r.measures)?,
                resource_instance_id: r.resource_instance_id,
                plan_id: r.plan_id,
                start: r.start_at,
                end: r.end_at,
            })
        })
        .collect()
}

/// Deletes the records of one plan from one source; how many went.
pub async fn clear(
    db: impl SqliteExecutor<'_>,
    offering_id: &str,
    source: Source,
    plan_id: &str,
) -> sqlx::Result<u64> {
    let source = source.as_str();
    let done = sqlx::query!(
        "DELETE FROM usage_records WHERE offering_id = ? AND source = ? AND plan_id = ?",
        offering_id,
        source,
        plan_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
