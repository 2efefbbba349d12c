//! The platform audit view's operations, for its page and the REST API alike: the access
//! check (`Need::Admin`, refusals audited), the filter checked by `domain::audit_filter`, the
//! log read through it; the CSV export is itself audited (`audit.export`).

use super::db::{self, Row};
use super::server::{AuditLogPage, AuditOptions, AuditRow};
use crate::audit::{self, AuditEntry};
use crate::context::Ctx;
use crate::domain::access::Need;
use crate::domain::audit_changes::changes;
use crate::domain::audit_filter::{csv_text, AuditFilter, AuditQuery};
use crate::error::AppError;
use std::collections::{BTreeMap, HashMap};

/// Rows a page shows.
pub const PAGE_SIZE: i64 = 50;
/// The most rows one REST page answers.
pub const MAX_LIMIT: i64 = 200;
/// Rows the CSV export reads at a time.
const EXPORT_BATCH: i64 = 1000;

/// The organisations and actions the filter form lists.
pub async fn options(cx: &Ctx) -> Result<AuditOptions, AppError> {
    cx.require(Need::Admin).await?;
    Ok(AuditOptions {
        organisations: db::organisations(cx.pool()).await?,
        actions: db::actions(cx.pool()).await?,
    })
}

/// The checked filter, or one field error per refused field.
fn checked(query: &AuditQuery) -> Result<AuditFilter, AppError> {
    query.filter().map_err(AppError::from_problems)
}

/// One page of the rows `query` lets through, newest first, below `before` (the `next` of
/// the previous page). `raw`: include each row's stored snapshots.
pub async fn page(
    cx: &Ctx,
    query: &AuditQuery,
    before: Option<i64>,
    limit: i64,
    raw: bool,
) -> Result<AuditLogPage, AppError> {
    cx.require(Need::Admin).await?;
    let filter = checked(query)?;
    let limit = limit.clamp(1, MAX_LIMIT);
    let rows = db::page(cx.pool(), &filter, before.unwrap_or(i64::MAX), limit + 1).await?;
    let more = rows.len() as i64 > limit;
    let rows = readable(cx, rows.into_iter().take(limit as usize), raw).await?;
    let next = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditLogPage { rows, next })
}

/// Rows as people read them: subjects by name, changes by field (plans by their names now).
async fn readable(
    cx: &Ctx,
    rows: impl Iterator<Item = Row>,
    raw: bool,
) -> Result<Vec<AuditRow>, AppError> {
    let mut plan_names: HashMap<String, BTreeMap<String, String>> = HashMap::new();
    let mut out = Vec::new();
    for r in rows {
        let id = r.id.to_string();
        let side = |json: &Option<String>| match json.as_deref() {
            Some(json) => crate::store::decode::<serde_json::Value>("audit entry", &id, json),
            None => Ok(serde_json::Value::Null),
        };
        let (before, after) = (side(&r.before_json)?, side(&r.after_json)?);
        let plans = match (r.subject_type.as_str(), &r.subject_id) {
            ("offering", Some(offering)) => {
                if !plan_names.contains_key(offering) {
                    let names = crate::offerings::db::find(cx.pool(), offering)
                        .await?
                        .map(|o| o.document.plan_names())
                        .unwrap_or_default();
                    plan_names.insert(offering.clone(), names);
                }
                plan_names.get(offering).cloned().unwrap_or_default()
            }
            _ => BTreeMap::new(),
        };
        // A deleted draft is named by its own last row.
        let named =
            |v: &serde_json::Value| v.get("name").and_then(|n| n.as_str()).map(str::to_owned);
        let subject_name = match r.subject_type.as_str() {
            "offering" => r
                .offering_name
                .or_else(|| named(&before))
                .or_else(|| named(&after)),
            "organisation" => r.organisation_name.clone(),
            "user" => r.subject_email,
            _ => None,
        };
        out.push(AuditRow {
            id: r.id,
            changes: changes(&r.action, &before, &after, &plans),
            at: r.at,
            actor: r.actor,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            subject_name,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            detail: r.detail,
            before: r.before_json.filter(|_| raw),
            after: r.after_json.filter(|_| raw),
        });
    }
    Ok(out)
}

/// The CSV header of the export.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "at",
    "actor",
    "action",
    "subject_type",
    "subject_id",
    "subject_name",
    "organisation_id",
    "organisation_name",
    "changes",
    "before",
    "after",
];

/// Every row `query` lets through as CSV (RFC 4180, UTF-8, newest first), cells a spreadsheet
/// would run as a formula defused; the export is audited with its filter.
pub async fn export_csv(cx: &Ctx, query: &AuditQuery) -> Result<Vec<u8>, AppError> {
    let admin = cx.require(Need::Admin).await?;
    let filter = checked(query)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| {
        tracing::error!(error = %e, "the audit CSV could not be written");
        AppError::Internal
    };
    out.write_record(CSV_HEADER).map_err(csv_error)?;
    let (mut before, mut count) = (i64::MAX, 0usize);
    loop {
        let batch = db::page(cx.pool(), &filter, before, EXPORT_BATCH).await?;
        let Some(last) = batch.last().map(|r| r.id) else {
            break;
        };
        let full = batch.len() as i64 == EXPORT_BATCH;
        for row in readable(cx, batch.into_iter(), true).await? {
            out.write_record(csv_record(&row).iter().map(|c| csv_text(c).into_owned()))
                .map_err(csv_error)?;
            count += 1;
        }
        if !full {
            break;
        }
        before = last;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| csv_error(e.into_error().into()))?;
    audit::record(
        cx.pool(),
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "audit.export",
            subject_type: "audit_log",
            subject_id: None,
            before: None,
            after: Some(serde_json::json!({ "filter": query.trimmed(), "rows": count })),
            detail: "",
        },
    )
    .await?;
    Ok(bytes)
}

/// One row's cells in [`CSV_HEADER`]'s order; changes as "Field: before → after" lines.
fn csv_record(row: &AuditRow) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let changes = row
        .changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.label, c.before, c.after))
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        row.id.to_string(),
        row.at.clone(),
        text(&row.actor),
        row.action.clone(),
        row.subject_type.clone(),
        text(&row.subject_id),
        text(&row.subject_name),
        text(&row.organisation_id),
        text(&row.organisation_name),
        changes,
        text(&row.before),
        text(&row.after),
    ]
}
