//! The plan and usage-replay operations, for the pages' server functions and the REST API.
//! Plans live in the offering's document, so every change goes through `save_section`: version
//! checked, audited and diffed with the rest of the offering.

use super::server::{PlanSaved, ReplayOutcome, ReplayView, MAX_REPLAY_RECORDS};
use crate::context::Ctx;
use crate::domain::access::OrgRole;
use crate::domain::parameters::{self, ParameterInput};
use crate::domain::plan::{self as rules, Plan, PlanInput};
use crate::domain::price_schedule::{self, PriceChange, Rules};
use crate::domain::usage::{Pattern, UsageRecord, MAX_RECORDS_PER_CALL};
use crate::domain::visibility::Visibility;
use crate::error::AppError;
use crate::offerings::service::{offering_for, save_section};

fn refuse(problems: Vec<rules::PlanProblem>) -> AppError {
    AppError::Invalid(problems.into_iter().map(Into::into).collect())
}

/// Refuses a caller who may not edit the offering's plans (for a form redraw that stores nothing).
pub async fn may_edit(cx: &Ctx, id: &str) -> Result<(), AppError> {
    offering_for(cx, id, OrgRole::Editor).await.map(|_| ())
}

/// Where a saved plan's later prices come from.
pub enum Schedule {
    /// The plan form: its `effective` date schedules the typed prices, or (empty) the version
    /// in force today takes them; the stored changes stay.
    Form,
    /// A plan sent whole (REST): the list replaces the stored one.
    Whole(Vec<PriceChange>),
}

pub use crate::context::today;

/// A date typed as `YYYY-MM-DD` in `field`, or a field error there.
fn date_in(field: &str, text: &str) -> Result<time::Date, AppError> {
    price_schedule::parse_date(text).ok_or_else(|| {
        AppError::from_problems(vec![crate::domain::offering::FieldProblem {
            field: field.into(),
            problem: crate::domain::offering::Problem::NotADate,
        }])
    })
}

/// The plan to store: `typed` (the plan's fields and the prices typed) merged with the stored
/// plan's prices as `schedule` says, every price rule checked.
fn scheduled(
    stored: Option<&Plan>,
    typed: Plan,
    effective: &str,
    schedule: Schedule,
    price_rules: Rules,
) -> Result<Plan, AppError> {
    let date = match effective.trim() {
        "" => None,
        text => Some(date_in("effective", text)?),
    };
    let plan = match (schedule, stored, date) {
        (Schedule::Whole(changes), _, _) => Plan {
            price_changes: price_schedule::exact_changes(&Plan {
                price_changes: changes,
                ..typed.clone()
            })
            .map_err(refuse)?,
            ..typed
        },
        (Schedule::Form, None, None) => typed,
        (Schedule::Form, None, Some(_)) => {
            return Err(AppError::invalid(
                "effective",
                "Save the plan first; its later prices are scheduled once it exists.",
            ))
        }
        (Schedule::Form, Some(stored), date) => {
            let mut plan = Plan {
                pricing: stored.pricing.clone(),
                price_changes: stored.price_changes.clone(),
                ..typed.clone()
            };
            let typed_into = match date {
                None => {
                    *plan.prices_on_mut(price_rules.today) = typed.pricing;
                    plan.in_force(price_rules.today).map(|c| c.effective)
                }
                Some(effective) => {
                    plan.schedule(PriceChange {
                        effective,
                        pricing: typed.pricing,
                    });
                    Some(effective)
                }
            };
            let index =
                typed_into.and_then(|d| plan.price_changes.iter().position(|c| c.effective == d));
            let problems = price_schedule::schedule_problems(Some(stored), &plan, price_rules);
            if !problems.is_empty() {
                return Err(refuse(on_form(problems, index)));
            }
            return Ok(plan);
        }
    };
    let mut plan = plan;
    let problems = price_schedule::schedule_problems(stored, &plan, price_rules);
    if problems.is_empty() {
        plan.price_changes.sort_by_key(|c| c.effective);
        Ok(plan)
    } else {
        Err(refuse(problems))
    }
}

/// Schedule problems as the plan form shows them: those of the version the typed prices went
/// into (list position `typed`) on the typed fields (`metrics.0…`, its date on `effective`),
/// those of other versions on `price_changes`.
fn on_form(problems: Vec<rules::PlanProblem>, typed: Option<usize>) -> Vec<rules::PlanProblem> {
    let own = typed.map(|i| format!("price_changes.{i}"));
    problems
        .into_iter()
        .map(|p| {
            let field = p.field().to_owned();
            let mapped = match own.as_deref().and_then(|own| field.strip_prefix(own)) {
                Some("") | Some(".effective") => "effective".to_owned(),
                Some(rest) if rest.starts_with('.') => rest[1..].to_owned(),
                _ if field.starts_with("price_changes") => "price_changes".to_owned(),
                _ => field,
            };
            p.on_field(mapped)
        })
        .collect()
}

/// Creates (`plan_id` `None`) or updates a plan from what the provider typed.
pub async fn save_plan(
    cx: &Ctx,
    id: &str,
    version: i64,
    plan_id: Option<&str>,
    input: PlanInput,
    schedule: Schedule,
) -> Result<PlanSaved, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Editor).await?;
    let plans = &row.document.plans;
    let plan_id = match plan_id.filter(|p| !p.is_empty()) {
        Some(existing) if plans.iter().any(|p| p.id == existing) => existing.to_owned(),
        Some(_) => return Err(AppError::NotFound),
        None => uuid::Uuid::new_v4().to_string(),
    };
    let typed = input.parse(&plan_id).map_err(refuse)?;
    let stored = plans.iter().find(|p| p.id == plan_id);
    let price_rules = Rules {
        today: today(),
        public: row.released(),
        carry_history: false,
    };
    let plan = scheduled(stored, typed, &input.effective, schedule, price_rules)?;
    let among = rules::problems_among(plans, &plan);
    if !among.is_empty() {
        return Err(refuse(among));
    }
    let version = save_section(cx, id, version, "plans", move |doc| {
        match doc.plans.iter_mut().find(|p| p.id == plan.id) {
            // The plan editor does not send the create-time parameters: they stay.
            Some(existing) => {
                let parameters = std::mem::take(&mut existing.parameters);
                *existing = Plan { parameters, ..plan };
            }
            None => doc.plans.push(plan),
        }
    })
    .await?;
    Ok(PlanSaved { version, plan_id })
}

/// Cancels the price change of `plan_id` starting on `effective` (one already in force on a
/// released offering is history and stays).
pub async fn cancel_price_change(
    cx: &Ctx,
    id: &str,
    version: i64,
    plan_id: &str,
    effective: &str,
) -> Result<i64, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Editor).await?;
    let stored = (row.document.plans.iter())
        .find(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    let date = price_schedule::parse_date(effective).ok_or(AppError::NotFound)?;
    if !stored.price_changes.iter().any(|c| c.effective == date) {
        return Err(AppError::NotFound);
    }
    let mut plan = stored.clone();
    plan.price_changes.retain(|c| c.effective != date);
    let price_rules = Rules {
        today: today(),
        public: row.released(),
        carry_history: false,
    };
    let problems = price_schedule::schedule_problems(Some(stored), &plan, price_rules);
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    save_section(cx, id, version, "plans", move |doc| {
        if let Some(p) = doc.plans.iter_mut().find(|p| p.id == plan.id) {
            p.price_changes = plan.price_changes;
        }
    })
    .await
}

/// Replaces a plan's create-time parameters with what the provider typed (blank rows skipped).
pub async fn save_parameters(
    cx: &Ctx,
    id: &str,
    version: i64,
    plan_id: &str,
    inputs: &[ParameterInput],
) -> Result<i64, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Editor).await?;
    if !row.document.plans.iter().any(|p| p.id == plan_id) {
        return Err(AppError::NotFound);
    }
    let parameters = parameters::parse_all(inputs).map_err(AppError::from_problems)?;
    let plan_id = plan_id.to_owned();
    save_section(cx, id, version, "plans", move |doc| {
        if let Some(plan) = doc.plans.iter_mut().find(|p| p.id == plan_id) {
            plan.parameters = parameters;
        }
    })
    .await
}

/// Moves a plan one place up or down in the catalog order.
pub async fn move_plan(
    cx: &Ctx,
    id: &str,
    version: i64,
    plan_id: &str,
    direction: &str,
) -> Result<i64, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Editor).await?;
    let index = row
        .document
        .plans
        .iter()
        .position(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    let target = match direction {
        "up" => index.checked_sub(1),
        "down" => Some(index + 1).filter(|i| *i < row.document.plans.len()),
        _ => return Err(AppError::invalid("direction", "Move a plan up or down.")),
    };
    let Some(target) = target else {
        return Ok(row.version);
    };
    save_section(cx, id, version, "plans", move |doc| {
        doc.plans.swap(index, target)
    })
    .await
}

/// Deletes a plan; the last plan of a listed offering stays.
pub async fn delete_plan(cx: &Ctx, id: &str, version: i64, plan_id: &str) -> Result<i64, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Editor).await?;
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
    let plan_id = plan_id.to_owned();
    save_section(cx, id, version, "plans", move |doc| {
        doc.plans.retain(|p: &Plan| p.id != plan_id)
    })
    .await
}

pub(crate) async fn replay_target(
    cx: &Ctx,
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

/// Stores replayed records of one plan (a draft or limited offering, editors only).
pub async fn replay(
    cx: &Ctx,
    id: &str,
    plan_id: &str,
    records: Vec<UsageRecord>,
) -> Result<ReplayOutcome, AppError> {
    let (actor, _plan, plans) = replay_target(cx, id, plan_id).await?;
    if records.is_empty() {
        return Err(AppError::invalid("records", "Replay at least one record."));
    }
    if records.len() > MAX_REPLAY_RECORDS {
        return Err(AppError::invalid(
            "records",
            format!("Replay at most {MAX_REPLAY_RECORDS} records at a time."),
        ));
    }
    if let Some(other) = records.iter().position(|r| r.plan_id != plan_id) {
        return Err(AppError::invalid(
            "records",
            format!(
                "Record {} is for another plan; replay one plan at a time.",
                other + 1
            ),
        ));
    }
    let results = super::usage::store(
        cx.pool(),
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

/// One plan's replayed records and how they rate.
pub async fn load_replay(cx: &Ctx, id: &str, plan_id: &str) -> Result<ReplayView, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let plan = row
        .document
        .plans
        .iter()
        .find(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    let records = super::db::for_plan(cx.pool(), id, super::db::Source::Replay, plan_id).await?;
    let rated = crate::domain::usage::rate(plan, &records)
        .map_err(|e| AppError::invalid("records", e.english()))?;
    let can_replay = matches!(row.visibility, Visibility::Draft | Visibility::Limited)
        && principal
            .role_in(&row.organisation_id)
            .is_some_and(|r| r >= OrgRole::Editor);
    Ok(ReplayView {
        plan_id: plan_id.to_owned(),
        rated,
        can_replay,
    })
}

/// Generates and stores a month of records from a pattern.
pub async fn replay_pattern(
    cx: &Ctx,
    id: &str,
    pattern: Pattern,
) -> Result<ReplayOutcome, AppError> {
    let (_, plan, _) = replay_target(cx, id, &pattern.plan_id).await?;
    if !plan.metric_ids().contains(&pattern.metric.as_str()) {
        return Err(AppError::invalid(
            "metric",
            format!("Plan `{}` has no metric `{}`.", plan.name, pattern.metric),
        ));
    }
    let records = crate::domain::usage::generate(&pattern)
        .map_err(|message| AppError::invalid("instances", message))?;
    replay(cx, id, &pattern.plan_id, records).await
}

/// Pasted or uploaded records: a JSON array, or one JSON record per line.
pub fn parse_records(text: &str) -> Result<Vec<UsageRecord>, AppError> {
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

/// Deletes the replayed records of a plan (real records are never touched), with its audit
/// row in the same transaction.
pub async fn clear_replay(cx: &Ctx, id: &str, plan_id: &str) -> Result<u64, AppError> {
    let (actor, _, _) = replay_target(cx, id, plan_id).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    let gone = super::db::clear(&mut *tx, id, super::db::Source::Replay, plan_id).await?;
    let detail = format!("{gone} replayed record(s) cleared");
    crate::audit::record(
        &mut *tx,
        crate::audit::AuditEntry {
            actor_id: Some(&actor),
            action: "usage.replay.clear",
            subject_type: "offering",
            subject_id: Some(id),
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(gone)
}

/// What a plan would charge for `usage` (metric id → quantity in the period): the same
/// estimator the plan editor runs as the provider types.
pub async fn estimate(
    cx: &Ctx,
    id: &str,
    plan_id: &str,
    usage: &std::collections::BTreeMap<String, rust_decimal::Decimal>,
    on: Option<&str>,
) -> Result<crate::domain::pricing::Estimate, AppError> {
    let day = match on {
        None => today(),
        Some(text) => date_in("on", text)?,
    };
    let (_, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let plan = row
        .document
        .plans
        .iter()
        .find(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    crate::domain::pricing::estimate(plan.prices_on(day), usage)
        .map_err(|e| AppError::invalid("usage", e.english()))
}

/// Usage reported for the offering's plans (an editor's token or session): each record
/// checked and stored or refused on its own, in one transaction.
pub async fn report_usage(
    cx: &Ctx,
    id: &str,
    records: &[UsageRecord],
) -> Result<Vec<super::usage::RecordResult>, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Editor).await?;
    if records.is_empty() {
        return Err(AppError::invalid(
            "records",
            "Send at least one usage record.",
        ));
    }
    if records.len() > MAX_RECORDS_PER_CALL {
        return Err(AppError::invalid(
            "records",
            format!(
                "Send at most {MAX_RECORDS_PER_CALL} records per call ({} sent).",
                records.len()
            ),
        ));
    }
    super::usage::store(
        cx.pool(),
        id,
        &row.document.plans,
        records,
        super::db::Source::Api,
        &principal.user_id,
    )
    .await
}
