//! Usage records and their rating (SPEC §11): the checks the usage API applies to each record,
//! a generator for replayed months, and the rated month — which is the estimator applied to
//! the month's summed quantities, so replay and estimator always agree.

use super::plan::Plan;
use super::pricing::{self, Currency, Estimate, EstimateError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, Time};

/// At most this many records in one call.
pub const MAX_RECORDS_PER_CALL: usize = 100;
/// Records that started longer ago than this are refused.
pub const MAX_AGE: Duration = Duration::days(2);
pub const MAX_INSTANCE_ID: usize = 256;
/// A generated replay covers at most this many instances.
pub const MAX_REPLAY_INSTANCES: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Measure {
    pub measure: String,
    pub quantity: Decimal,
}

/// One usage record as reported: `{resource_instance_id, plan_id, start, end, measures}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UsageRecord {
    pub resource_instance_id: String,
    pub plan_id: String,
    /// RFC 3339 timestamps.
    pub start: String,
    pub end: String,
    pub measures: Vec<Measure>,
}

/// Why one record was refused: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordProblem {
    pub code: String,
    pub message: String,
}

fn problem(code: &str, message: impl Into<String>) -> RecordProblem {
    RecordProblem {
        code: code.into(),
        message: message.into(),
    }
}

/// A record that passed the checks, with its times normalised to UTC RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRecord {
    pub record: UsageRecord,
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
}

pub fn format_time(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Checks one record against the plans of its offering. `now` is `None` for a replay, which
/// is a simulated month and takes records of any date.
pub fn check_record(
    record: &UsageRecord,
    plans: &[Plan],
    now: Option<OffsetDateTime>,
) -> Result<CheckedRecord, Vec<RecordProblem>> {
    let mut out = Vec::new();
    let instance = record.resource_instance_id.trim();
    if instance.is_empty() {
        out.push(problem(
            "instance_required",
            "resource_instance_id is required.",
        ));
    } else if instance.chars().count() > MAX_INSTANCE_ID {
        out.push(problem(
            "instance_too_long",
            format!("resource_instance_id is longer than {MAX_INSTANCE_ID} characters."),
        ));
    }
    let plan = plans.iter().find(|p| p.id == record.plan_id);
    if plan.is_none() {
        out.push(problem(
            "unknown_plan",
            format!("This offering has no plan with id `{}`.", record.plan_id),
        ));
    }
    let parse = |field: &str, value: &str, out: &mut Vec<RecordProblem>| {
        OffsetDateTime::parse(value.trim(), &Rfc3339)
            .map_err(|_| {
                out.push(problem(
                    "bad_time",
                    format!("`{field}` must be an RFC 3339 time such as 2026-11-24T10:00:00Z."),
                ))
            })
            .ok()
    };
    let start = parse("start", &record.start, &mut out);
    let end = parse("end", &record.end, &mut out);
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            out.push(problem("end_before_start", "`end` must be after `start`."));
        }
        if let Some(now) = now {
            if s < now - MAX_AGE {
                out.push(problem(
                    "too_old",
                    "The record started more than 2 days ago; records are accepted for 2 days.",
                ));
            }
            if e > now {
                out.push(problem("in_future", "The record ends in the future."));
            }
        }
    }
    if record.measures.is_empty() {
        out.push(problem(
            "no_measures",
            "A record needs at least one measure.",
        ));
    }
    let mut seen = Vec::new();
    for m in &record.measures {
        if seen.contains(&m.measure.as_str()) {
            out.push(problem(
                "duplicate_measure",
                format!("Measure `{}` appears twice in the record.", m.measure),
            ));
        }
        seen.push(&m.measure);
        if m.quantity.is_sign_negative() && !m.quantity.is_zero() {
            out.push(problem(
                "negative_quantity",
                format!("The quantity of `{}` is negative.", m.measure),
            ));
        }
        if let Some(plan) = plan {
            if !plan.metric_ids().contains(&m.measure.as_str()) {
                let known = plan.metric_ids().join(", ");
                out.push(problem(
                    "unknown_measure",
                    format!(
                        "Plan `{}` does not define measure `{}` (it defines: {}).",
                        plan.name,
                        m.measure,
                        if known.is_empty() { "none" } else { &known }
                    ),
                ));
            }
        }
    }
    match (out.is_empty(), start, end) {
        (true, Some(start), Some(end)) => Ok(CheckedRecord {
            record: UsageRecord {
                resource_instance_id: instance.to_owned(),
                start: format_time(start),
                end: format_time(end),
                ..record.clone()
            },
            start,
            end,
        }),
        _ => Err(out),
    }
}

/// A pattern for a replayed month: `instances` instances, each using `daily_quantity` of
/// `metric` every day of `month` (one record per instance and day, midnight to midnight UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Pattern {
    pub plan_id: String,
    pub metric: String,
    pub instances: u32,
    pub daily_quantity: Decimal,
    pub year: i32,
    pub month: u8,
}

impl Pattern {
    /// A pattern from the form's text fields (`month` as `YYYY-MM`), or the field that does
    /// not read and why.
    pub fn from_form(
        plan_id: String,
        metric: String,
        instances: &str,
        daily_quantity: &str,
        month: &str,
    ) -> Result<Pattern, (&'static str, String)> {
        let instances = instances.trim().parse::<u32>().map_err(|_| {
            (
                "instances",
                format!("Choose between 1 and {MAX_REPLAY_INSTANCES} instances."),
            )
        })?;
        let daily_quantity = daily_quantity.trim().parse::<Decimal>().map_err(|_| {
            (
                "daily_quantity",
                "Enter a number, such as 100 or 2.5.".to_owned(),
            )
        })?;
        let (year, month) = month
            .trim()
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
            .ok_or(("month", "Choose a month (YYYY-MM).".to_owned()))?;
        Ok(Pattern {
            plan_id,
            metric,
            instances,
            daily_quantity,
            year,
            month,
        })
    }
}

/// The records of a pattern, or why it cannot be generated.
pub fn generate(p: &Pattern) -> Result<Vec<UsageRecord>, String> {
    if p.instances == 0 || p.instances > MAX_REPLAY_INSTANCES {
        return Err(format!(
            "Choose between 1 and {MAX_REPLAY_INSTANCES} instances."
        ));
    }
    let month =
        time::Month::try_from(p.month).map_err(|_| "Choose a month from 1 to 12.".to_owned())?;
    let first = Date::from_calendar_date(p.year, month, 1)
        .map_err(|_| "Choose a valid month.".to_owned())?;
    let days = month.length(p.year);
    let mut out = Vec::with_capacity(p.instances as usize * days as usize);
    for i in 1..=p.instances {
        for d in 0..days {
            let start = (first + Duration::days(d.into()))
                .with_time(Time::MIDNIGHT)
                .assume_utc();
            out.push(UsageRecord {
                resource_instance_id: format!("replay-instance-{i}"),
                plan_id: p.plan_id.clone(),
                start: format_time(start),
                end: format_time(start + Duration::days(1)),
                measures: vec![Measure {
                    measure: p.metric.clone(),
                    quantity: p.daily_quantity,
                }],
            });
        }
    }
    Ok(out)
}

/// Quantities per metric, summed over `records`.
pub fn totals<'a>(
    records: impl IntoIterator<Item = &'a UsageRecord>,
) -> Result<BTreeMap<String, Decimal>, EstimateError> {
    let mut sum: BTreeMap<String, Decimal> = BTreeMap::new();
    for r in records {
        for m in &r.measures {
            let entry = sum.entry(m.measure.clone()).or_default();
            *entry = entry
                .checked_add(m.quantity)
                .ok_or(EstimateError::TooLarge)?;
        }
    }
    Ok(sum)
}

/// The rated month of a plan and what each day added, per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RatedMonth {
    pub records: usize,
    pub quantities: BTreeMap<String, Decimal>,
    /// The whole month: every segment's lines, one total per currency.
    pub estimate: Estimate,
    /// Per day (UTC date `YYYY-MM-DD`): the rated cost the day added, in USD.
    pub daily: Vec<(String, Decimal)>,
    pub currency: Currency,
    /// One part per price version the records fall under, in date order; more than one when
    /// the month crosses a price change.
    #[serde(default)]
    pub segments: Vec<RatedSegment>,
}

/// The records rated at one price version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RatedSegment {
    /// The version's first day (`YYYY-MM-DD`); `None`: the plan's first prices.
    pub prices_from: Option<String>,
    /// The first and last UTC day with records in this part.
    pub first_day: String,
    pub last_day: String,
    pub records: usize,
    pub quantities: BTreeMap<String, Decimal>,
    pub estimate: Estimate,
}

/// The day a stored record starts on (UTC), from its normalised RFC 3339 start.
fn record_day(r: &UsageRecord) -> String {
    r.start.get(..10).unwrap_or("").to_owned()
}

/// Adds `part`'s lines and totals to `whole`, currency by currency.
fn add_estimate(whole: &mut Estimate, part: &Estimate) -> Result<(), EstimateError> {
    if whole.currencies.is_empty() {
        *whole = part.clone();
        return Ok(());
    }
    for c in &part.currencies {
        match whole
            .currencies
            .iter_mut()
            .find(|w| w.currency == c.currency)
        {
            Some(w) => {
                w.lines.extend(c.lines.iter().cloned());
                w.total = w
                    .total
                    .checked_add(c.total)
                    .ok_or(EstimateError::TooLarge)?;
            }
            None => whole.currencies.push(c.clone()),
        }
    }
    Ok(())
}

/// Rates `records` of one plan, each at the prices in force when it started
/// (`Plan::prices_on`): the estimator over the summed quantities of each price version's
/// records (the monthly fee once, at the version of the first record). Each day's cost is the
/// difference between the estimate up to that day and up to the day before (so tiers reached
/// mid-month show on the day they are reached).
pub fn rate(plan: &Plan, records: &[UsageRecord]) -> Result<RatedMonth, EstimateError> {
    let currency = Currency::Usd;
    let mut by_version: BTreeMap<Option<String>, Vec<&UsageRecord>> = BTreeMap::new();
    for r in records {
        let version = super::price_schedule::parse_date(&record_day(r))
            .and_then(|day| plan.in_force(day))
            .map(|c| super::price_schedule::date_text(c.effective));
        by_version.entry(version).or_default().push(r);
    }
    let mut estimate = Estimate::default();
    let mut segments = Vec::new();
    let mut daily = Vec::new();
    for (i, (version, list)) in by_version.into_iter().enumerate() {
        let mut pricing = match version
            .as_deref()
            .and_then(super::price_schedule::parse_date)
        {
            Some(day) => plan.prices_on(day).clone(),
            None => plan.pricing.clone(),
        };
        if i > 0 {
            pricing.monthly_fee.clear();
        }
        let quantities = totals(list.iter().copied())?;
        let part = pricing::estimate(&pricing, &quantities)?;
        add_estimate(&mut estimate, &part)?;
        daily.extend(daily_costs(&pricing, &list, currency)?);
        let days: Vec<String> = list.iter().map(|r| record_day(r)).collect();
        segments.push(RatedSegment {
            prices_from: version,
            first_day: days.iter().min().cloned().unwrap_or_default(),
            last_day: days.iter().max().cloned().unwrap_or_default(),
            records: list.len(),
            quantities,
            estimate: part,
        });
    }
    Ok(RatedMonth {
        records: records.len(),
        quantities: totals(records)?,
        estimate,
        daily,
        currency,
        segments,
    })
}

/// What each day of `records` added in `currency`, usage only, at `pricing`.
fn daily_costs(
    pricing: &pricing::Pricing,
    records: &[&UsageRecord],
    currency: Currency,
) -> Result<Vec<(String, Decimal)>, EstimateError> {
    let mut by_day: BTreeMap<String, Vec<&UsageRecord>> = BTreeMap::new();
    for r in records {
        by_day.entry(record_day(r)).or_default().push(r);
    }
    let usage_only = pricing::Pricing {
        monthly_fee: Default::default(),
        ..pricing.clone()
    };
    let total_in = |e: &Estimate| e.in_currency(currency).map(|c| c.total).unwrap_or_default();
    let mut so_far: Vec<&UsageRecord> = Vec::new();
    let mut previous = Decimal::ZERO;
    let mut daily = Vec::new();
    for (day, list) in by_day {
        so_far.extend(list);
        let up_to = total_in(&pricing::estimate(
            &usage_only,
            &totals(so_far.iter().copied())?,
        )?);
        daily.push((day, up_to - previous));
        previous = up_to;
    }
    Ok(daily)
}

#[cfg(test)]
#[path = "usage_tests.rs"]
mod tests;
