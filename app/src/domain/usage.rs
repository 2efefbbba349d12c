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
    pub estimate: Estimate,
    /// Per day (UTC date `YYYY-MM-DD`): the rated cost the day added, in USD.
    pub daily: Vec<(String, Decimal)>,
    pub currency: Currency,
}

/// Rates `records` of one plan: the estimator over the summed quantities; each day's cost is
/// the difference between the estimate up to that day and up to the day before (so tiers
/// reached mid-month show on the day they are reached).
pub fn rate(plan: &Plan, records: &[UsageRecord]) -> Result<RatedMonth, EstimateError> {
    let quantities = totals(records)?;
    let estimate = pricing::estimate(&plan.pricing, &quantities)?;
    let currency = Currency::Usd;
    let mut by_day: BTreeMap<String, Vec<&UsageRecord>> = BTreeMap::new();
    for r in records {
        by_day
            .entry(r.start.get(..10).unwrap_or("").to_owned())
            .or_default()
            .push(r);
    }
    let usage_only = pricing::Pricing {
        monthly_fee: Default::default(),
        ..plan.pricing.clone()
    };
    let total_in = |e: &Estimate| {
        e.currencies
            .iter()
            .find(|c| c.currency == currency)
            .map(|c| c.total)
            .unwrap_or_default()
    };
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
    Ok(RatedMonth {
        records: records.len(),
        quantities,
        estimate,
        daily,
        currency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{PlanInput, PriceInput, TierInput};
    use time::macros::datetime;

    fn plan() -> Plan {
        let mut input = PlanInput {
            name: "standard".into(),
            ..PlanInput::default()
        };
        let en = input.texts.get_mut("en").unwrap();
        en.display_name = "Standard".into();
        en.description = "Metered.".into();
        let m = &mut input.metrics[0];
        m.id = "API_CALLS".into();
        m.unit_names.insert("en".into(), "call".into());
        m.model = "graduated".into();
        m.tiers = vec![
            TierInput {
                up_to: "1000".into(),
                prices: [(
                    "USD".to_owned(),
                    PriceInput {
                        unit_price: "0".into(),
                        flat_fee: String::new(),
                    },
                )]
                .into(),
            },
            TierInput {
                up_to: String::new(),
                prices: [(
                    "USD".to_owned(),
                    PriceInput {
                        unit_price: "0.01".into(),
                        flat_fee: String::new(),
                    },
                )]
                .into(),
            },
        ];
        input.parse("plan-1").unwrap()
    }

    fn record(start: &str, end: &str, measure: &str, quantity: i64) -> UsageRecord {
        UsageRecord {
            resource_instance_id: "i-1".into(),
            plan_id: "plan-1".into(),
            start: start.into(),
            end: end.into(),
            measures: vec![Measure {
                measure: measure.into(),
                quantity: quantity.into(),
            }],
        }
    }

    #[test]
    fn api_records_are_checked_for_age_future_plan_and_measures() {
        let now = datetime!(2026-11-24 12:00 UTC);
        let plans = [plan()];
        let ok = record(
            "2026-11-24T10:00:00Z",
            "2026-11-24T11:00:00Z",
            "API_CALLS",
            5,
        );
        assert!(check_record(&ok, &plans, Some(now)).is_ok());
        let codes = |r: &UsageRecord| -> Vec<String> {
            check_record(r, &plans, Some(now))
                .unwrap_err()
                .into_iter()
                .map(|p| p.code)
                .collect()
        };
        assert_eq!(
            codes(&record(
                "2026-11-22T11:59:00Z",
                "2026-11-22T13:00:00Z",
                "API_CALLS",
                1
            )),
            ["too_old"]
        );
        assert_eq!(
            codes(&record(
                "2026-11-24T11:00:00Z",
                "2026-11-24T12:00:01Z",
                "API_CALLS",
                1
            )),
            ["in_future"]
        );
        assert_eq!(
            codes(&record(
                "2026-11-24T10:00:00Z",
                "2026-11-24T11:00:00Z",
                "STORAGE",
                1
            )),
            ["unknown_measure"]
        );
        assert_eq!(
            codes(&record("yesterday", "2026-11-24T11:00:00Z", "API_CALLS", 1)),
            ["bad_time"]
        );
        let mut other_plan = ok.clone();
        other_plan.plan_id = "nope".into();
        assert_eq!(codes(&other_plan), ["unknown_plan"]);
        // A replay takes any date.
        let old = record(
            "2026-01-01T00:00:00Z",
            "2026-01-02T00:00:00Z",
            "API_CALLS",
            1,
        );
        assert!(check_record(&old, &plans, None).is_ok());
    }

    #[test]
    fn a_generated_month_rates_like_the_estimator() {
        let p = plan();
        let records = generate(&Pattern {
            plan_id: p.id.clone(),
            metric: "API_CALLS".into(),
            instances: 3,
            daily_quantity: 100.into(),
            year: 2026,
            month: 11,
        })
        .unwrap();
        assert_eq!(records.len(), 90);
        let rated = rate(&p, &records).unwrap();
        assert_eq!(rated.quantities["API_CALLS"], Decimal::from(9000));
        let direct = pricing::estimate(&p.pricing, &rated.quantities).unwrap();
        assert_eq!(rated.estimate, direct);
        // 9 000 calls: 1 000 free, 8 000 × 0.01 = 80.00 USD; days 1–3 are inside the free tier.
        assert_eq!(rated.estimate.currencies[0].total, Decimal::new(8000, 2));
        assert_eq!(rated.daily.len(), 30);
        assert_eq!(rated.daily[0].1, Decimal::ZERO);
        let sum: Decimal = rated.daily.iter().map(|d| d.1).sum();
        assert_eq!(sum, Decimal::new(8000, 2));
    }

    #[test]
    fn generator_refuses_silly_patterns() {
        let mut p = Pattern {
            plan_id: "x".into(),
            metric: "A".into(),
            instances: 0,
            daily_quantity: 1.into(),
            year: 2026,
            month: 2,
        };
        assert!(generate(&p).is_err());
        p.instances = 1;
        p.month = 13;
        assert!(generate(&p).is_err());
        p.month = 2;
        assert_eq!(generate(&p).unwrap().len(), 28);
    }
}
