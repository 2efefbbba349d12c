//! Taking usage records, for the API and for a replay: check each record, store the good ones,
//! and answer per record (201 stored, 409 duplicate, 422 refused with reasons).

use super::db::{self, Source};
use crate::audit::{self, AuditEntry};
use crate::domain::plan::Plan;
use crate::domain::usage::{check_record, RecordProblem, UsageRecord};
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

/// What happened to one record of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordResult {
    pub index: usize,
    /// 201 stored, 409 duplicate, 422 refused.
    pub status: u16,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<RecordProblem>,
}

impl RecordResult {
    pub fn stored(&self) -> bool {
        self.status == 201
    }
}

/// Checks and stores `records` for an offering with `plans`. Real records are checked against
/// the clock; replayed ones are a simulated month and may carry any date.
pub async fn store(
    pool: &SqlitePool,
    offering_id: &str,
    plans: &[Plan],
    records: &[UsageRecord],
    source: Source,
    actor_id: &str,
) -> Result<Vec<RecordResult>, AppError> {
    let now = match source {
        Source::Api => Some(time::OffsetDateTime::now_utc()),
        Source::Replay => None,
    };
    let mut tx = crate::store::write(pool).await?;
    let mut results = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let result = match check_record(record, plans, now) {
            Err(errors) => RecordResult {
                index,
                status: 422,
                errors,
            },
            Ok(checked) => {
                if db::insert(&mut *tx, offering_id, source, &checked, actor_id).await? {
                    RecordResult {
                        index,
                        status: 201,
                        errors: vec![],
                    }
                } else {
                    RecordResult {
                        index,
                        status: 409,
                        errors: vec![RecordProblem {
                            code: "duplicate".into(),
                            message:
                                "A record for this instance, plan, start and end is already stored."
                                    .into(),
                        }],
                    }
                }
            }
        };
        results.push(result);
    }
    let stored = results.iter().filter(|r| r.stored()).count();
    if stored > 0 {
        let detail = format!("{stored} {} record(s)", source.as_str());
        audit::record(
            &mut *tx,
            AuditEntry {
                actor_id: Some(actor_id),
                action: match source {
                    Source::Api => "usage.report",
                    Source::Replay => "usage.replay",
                },
                subject_type: "offering",
                subject_id: Some(offering_id),
                before: None,
                after: None,
                detail: &detail,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(results)
}
