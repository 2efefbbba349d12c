//! Server functions for plans and the usage replay. Plans live in the offering's document,
//! so every change is version-checked, audited and diffed with the rest of the offering.

use crate::domain::plan::PlanInput;
use crate::domain::usage::{Pattern, RatedMonth};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    crate::domain::access::OrgRole,
    crate::domain::plan::{self as rules, Plan},
    crate::domain::visibility::Visibility,
    crate::offerings::server::{offering_for, save_section},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSaved {
    pub version: i64,
    pub plan_id: String,
}

#[cfg(feature = "ssr")]
fn refuse(problems: Vec<rules::PlanProblem>) -> AppError {
    AppError::Invalid(problems.into_iter().map(Into::into).collect())
}

/// Creates (`plan_id` empty) or updates a plan from what the provider typed.
#[server(input = Json)]
pub async fn save_plan(
    id: String,
    version: i64,
    plan_id: Option<String>,
    input: PlanInput,
) -> Result<PlanSaved, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (_, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let plans = &row.document.plans;
    let plan_id = match plan_id.filter(|p| !p.is_empty()) {
        Some(existing) if plans.iter().any(|p| p.id == existing) => existing,
        Some(_) => return Err(AppError::NotFound),
        None => uuid::Uuid::new_v4().to_string(),
    };
    let plan = input.parse(&plan_id).map_err(refuse)?;
    let among = rules::problems_among(plans, &plan);
    if !among.is_empty() {
        return Err(refuse(among));
    }
    let version = save_section(&cx, &id, version, "plans", move |doc| {
        match doc.plans.iter_mut().find(|p| p.id == plan.id) {
            Some(existing) => *existing = plan,
            None => doc.plans.push(plan),
        }
    })
    .await?;
    Ok(PlanSaved { version, plan_id })
}

/// Moves a plan one place up or down in the catalog order.
#[server]
pub async fn move_plan(
    id: String,
    version: i64,
    plan_id: String,
    direction: String,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (_, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let index = row
        .document
        .plans
        .iter()
        .position(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    let target = match direction.as_str() {
        "up" => index.checked_sub(1),
        "down" => Some(index + 1).filter(|i| *i < row.document.plans.len()),
        _ => return Err(AppError::invalid("direction", "Move a plan up or down.")),
    };
    let Some(target) = target else {
        return Ok(row.version);
    };
    save_section(&cx, &id, version, "plans", move |doc| {
        doc.plans.swap(index, target)
    })
    .await
}

/// Deletes a plan; the last plan of a listed offering stays.
#[server]
pub async fn delete_plan(id: String, version: i64, plan_id: String) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (_, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let plans = &row.document.plans;
    if !plans.iter().any(|p| p.id == plan_id) {
        return Err(AppError::NotFound);
    }
    let listed = matches!(row.visibility, Visibility::Public | Visibility::Deprecated);
    if !rules::may_delete(plans.len(), listed) {
        return Err(AppError::Conflict(
            "A public offering keeps at least one plan. Add another plan before deleting this one."
                .into(),
        ));
    }
    save_section(&cx, &id, version, "plans", move |doc| {
        doc.plans.retain(|p: &Plan| p.id != plan_id)
    })
    .await
}

/// The replay of one plan: what is stored and how it rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayView {
    pub plan_id: String,
    pub rated: RatedMonth,
    /// Replays are for drafts and limited offerings, and for editors.
    pub can_replay: bool,
}

/// What a replay call did: how many records were stored, and each refused one with reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayOutcome {
    pub stored: usize,
    pub duplicates: usize,
    pub refused: Vec<(usize, String)>,
}

/// At most this many records in one pasted replay.
pub const MAX_REPLAY_RECORDS: usize = 5_000;

#[cfg(feature = "ssr")]
async fn replay_target(
    cx: &crate::context::Ctx,
    id: &str,
    plan_id: &str,
) -> Result<(String, Plan, Vec<Plan>), AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Editor).await?;
    if !matches!(row.visibility, Visibility::Draft | Visibility::Limited) {
        return Err(AppError::Conflict(
            "Usage can be replayed while the offering is a draft or in limited visibility.".into(),
        ));
    }
    let plan = row
        .document
        .plans
        .iter()
        .find(|p| p.id == plan_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok((principal.user_id, plan, row.document.plans))
}

#[cfg(feature = "ssr")]
async fn replay(
    cx: &crate::context::Ctx,
    id: &str,
    plan_id: &str,
    records: Vec<crate::domain::usage::UsageRecord>,
) -> Result<ReplayOutcome, AppError> {
    let (actor, _plan, plans) = replay_target(cx, id, plan_id).await?;
    if let Some(other) = records.iter().position(|r| r.plan_id != plan_id) {
        return Err(AppError::invalid(
            "records",
            format!(
                "Record {} is for another plan; replay one plan at a time.",
                other + 1
            ),
        ));
    }
    let pool = cx.pool().clone();
    let results = super::usage::store(
        &pool,
        id,
        &plans,
        &records,
        super::db::Source::Replay,
        &actor,
    )
    .await?;
    Ok(ReplayOutcome {
        stored: results.iter().filter(|r| r.stored()).count(),
        duplicates: results.iter().filter(|r| r.status == 409).count(),
        refused: results
            .iter()
            .filter(|r| r.status == 422)
            .map(|r| {
                let why = r
                    .errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                (r.index + 1, why)
            })
            .collect(),
    })
}

#[server]
pub async fn load_replay(id: String, plan_id: String) -> Result<ReplayView, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Viewer).await?;
    let plan = row
        .document
        .plans
        .iter()
        .find(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    let pool = cx.pool().clone();
    let records = super::db::for_plan(&pool, &id, super::db::Source::Replay, &plan_id).await?;
    let rated = crate::domain::usage::rate(plan, &records)
        .map_err(|e| AppError::invalid("records", e.english()))?;
    let can_replay = matches!(row.visibility, Visibility::Draft | Visibility::Limited)
        && principal
            .role_in(&row.organisation_id)
            .is_some_and(|r| r >= OrgRole::Editor);
    Ok(ReplayView {
        plan_id,
        rated,
        can_replay,
    })
}

/// Generates and stores a month of records from a pattern.
#[server(input = Json)]
pub async fn replay_pattern(id: String, pattern: Pattern) -> Result<ReplayOutcome, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (_, plan, _) = replay_target(&cx, &id, &pattern.plan_id).await?;
    if !plan.metric_ids().contains(&pattern.metric.as_str()) {
        return Err(AppError::invalid(
            "metric",
            format!("Plan `{}` has no metric `{}`.", plan.name, pattern.metric),
        ));
    }
    let records = crate::domain::usage::generate(&pattern)
        .map_err(|message| AppError::invalid("instances", message))?;
    replay(&cx, &id, &pattern.plan_id, records).await
}

/// Pasted or uploaded records: a JSON array, or one JSON record per line.
#[cfg(feature = "ssr")]
fn parse_records(text: &str) -> Result<Vec<crate::domain::usage::UsageRecord>, AppError> {
    use crate::domain::usage::UsageRecord;
    let text = text.trim();
    let parsed: Result<Vec<UsageRecord>, String> = if text.starts_with('[') {
        serde_json::from_str(text).map_err(|e| format!("The records are not valid JSON: {e}."))
    } else {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l)
                    .map_err(|e| format!("Line {} is not a valid record: {e}.", i + 1))
            })
            .collect()
    };
    let parsed = parsed.map_err(|m| AppError::invalid("records", m))?;
    if parsed.is_empty() {
        return Err(AppError::invalid("records", "Paste at least one record."));
    }
    if parsed.len() > MAX_REPLAY_RECORDS {
        return Err(AppError::invalid(
            "records",
            format!("Replay at most {MAX_REPLAY_RECORDS} records at a time."),
        ));
    }
    Ok(parsed)
}

/// Stores pasted records.
#[server]
pub async fn replay_records(
    id: String,
    plan_id: String,
    records: String,
) -> Result<ReplayOutcome, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let parsed = parse_records(&records)?;
    replay(&cx, &id, &plan_id, parsed).await
}

/// At most this many bytes in an uploaded records file.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// Stores the records of an uploaded file (a native multipart post, so it also works without
/// JavaScript); the outcome comes back in the usage page's query.
#[server(input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_replay(data: leptos::server_fn::codec::MultipartData) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    fn read_error(e: impl std::fmt::Display) -> AppError {
        AppError::invalid("file", format!("The upload failed: {e}"))
    }
    let mut data = data.into_inner().ok_or(AppError::Internal)?;
    let (mut id, mut plan_id, mut bytes) = (String::new(), String::new(), Vec::new());
    let mut too_big = false;
    while let Some(mut field) = data.next_field().await.map_err(read_error)? {
        match field.name() {
            Some("id") => id = field.text().await.map_err(read_error)?,
            Some("plan_id") => plan_id = field.text().await.map_err(read_error)?,
            Some("file") => {
                while let Some(chunk) = field.chunk().await.map_err(read_error)? {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        too_big = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    let back = |query: String| {
        leptos_axum::redirect(&format!(
            "/offerings/{id}/usage?plan={}&{query}",
            urlencoding::encode(&plan_id)
        ))
    };
    let outcome = if too_big {
        Err(AppError::invalid(
            "file",
            format!(
                "The file is larger than {} MB.",
                MAX_UPLOAD_BYTES / 1024 / 1024
            ),
        ))
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => match parse_records(&text) {
                Ok(records) => replay(&cx, &id, &plan_id, records).await,
                Err(e) => Err(e),
            },
            Err(_) => Err(AppError::invalid("file", "The file is not UTF-8 text.")),
        }
    };
    match outcome {
        Ok(o) => {
            back(format!(
                "uploaded={}&duplicates={}&refused={}",
                o.stored,
                o.duplicates,
                o.refused.len()
            ));
            Ok(())
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            back(format!("upload_error={}", urlencoding::encode(&message)));
            Err(AppError::Invalid(errors))
        }
        Err(other) => Err(other),
    }
}

/// Deletes the replayed records of a plan (real records are never touched).
#[server]
pub async fn clear_replay(id: String, plan_id: String) -> Result<u64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (actor, _, _) = replay_target(&cx, &id, &plan_id).await?;
    let pool = cx.pool().clone();
    let gone = super::db::clear(&pool, &id, super::db::Source::Replay, &plan_id).await?;
    let detail = format!("{gone} replayed record(s) cleared");
    crate::audit::record(
        &pool,
        crate::audit::AuditEntry {
            actor_id: Some(&actor),
            action: "usage.replay.clear",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await?;
    Ok(gone)
}
