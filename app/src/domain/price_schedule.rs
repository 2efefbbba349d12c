//! Scheduled price changes (SPEC §12): a plan's prices are a list of versions, each in force
//! from its effective date. The plan's own `pricing` is the first version (in force from the
//! plan's release); each [`PriceChange`] takes over from 00:00 UTC on its date, until the next.
//!
//! The rules of a schedule, pure (the caller passes `today`, the UTC date of the save):
//! - a change keeps the plan's pricing type and metrics (only amounts, tiers and currencies
//!   change; a new model of charging is a new plan), and its pricing follows the plan rules;
//! - dates are unique; a new or moved change starts after today;
//! - on a public offering a new or moved change starts on the first day of a month, at least
//!   [`NOTICE_DAYS`] days after today (the platform's notice rule), the prices in force today
//!   do not change, and versions already in force are history: kept as they are.

use super::plan::{Plan, PlanProblem};
use super::pricing::{Pricing, PricingFieldProblem};
use super::problem::{FieldProblem, Problem};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, OffsetDateTime, UtcOffset};

/// Days of notice a public offering gives before its prices change.
pub const NOTICE_DAYS: i64 = 30;
/// Price changes one plan may keep (history and scheduled).
pub const MAX_PRICE_CHANGES: usize = 60;

/// `YYYY-MM-DD` in JSON, a [`Date`] in memory.
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::date_text(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_date(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

/// One price version after the first: the prices in force from `effective` (00:00 UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PriceChange {
    /// The first day the prices apply, `YYYY-MM-DD` (from 00:00 UTC).
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date, example = "2027-03-01"))]
    pub effective: Date,
    pub pricing: Pricing,
}

/// `YYYY-MM-DD`.
pub fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A date typed as `YYYY-MM-DD` (surrounding blanks ignored).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// The UTC date of an instant, whatever its offset: the day whose prices apply to it.
pub fn day_of(at: OffsetDateTime) -> Date {
    at.to_offset(UtcOffset::UTC).date()
}

/// The first day of the month after `d`'s.
fn next_month_start(d: Date) -> Date {
    let (year, month) = match d.month() {
        Month::December => (d.year() + 1, Month::January),
        m => (d.year(), m.next()),
    };
    Date::from_calendar_date(year, month, 1).unwrap_or(d)
}

/// The earliest date a public offering saved on `today` may change its prices: the first
/// day of a month at least [`NOTICE_DAYS`] days ahead.
pub fn earliest_public(today: Date) -> Date {
    let soonest = today.saturating_add(Duration::days(NOTICE_DAYS));
    if soonest.day() == 1 {
        soonest
    } else {
        next_month_start(soonest)
    }
}

/// Why `effective` cannot be chosen for a new change on `today`, if it cannot.
pub fn date_problem(today: Date, effective: Date, public: bool) -> Option<Problem> {
    if effective <= today {
        Some(Problem::PriceDateNotFuture)
    } else if public && effective.day() != 1 {
        Some(Problem::PriceDateNotFirst)
    } else if public && effective < today.saturating_add(Duration::days(NOTICE_DAYS)) {
        Some(Problem::PriceNoticeTooShort {
            earliest: earliest_public(today),
        })
    } else {
        None
    }
}

impl Plan {
    /// The prices in force on `day` (UTC): the last change dated on or before it, else the
    /// plan's first prices.
    pub fn prices_on(&self, day: Date) -> &Pricing {
        self.in_force(day).map_or(&self.pricing, |c| &c.pricing)
    }

    /// The prices in force at an instant of any offset.
    pub fn prices_at(&self, at: OffsetDateTime) -> &Pricing {
        self.prices_on(day_of(at))
    }

    /// The change in force on `day`, if one is (`None`: the first prices).
    pub fn in_force(&self, day: Date) -> Option<&PriceChange> {
        self.price_changes
            .iter()
            .filter(|c| c.effective <= day)
            .max_by_key(|c| c.effective)
    }

    /// The next change after `day`, if one is scheduled.
    pub fn next_change(&self, day: Date) -> Option<&PriceChange> {
        self.price_changes
            .iter()
            .filter(|c| c.effective > day)
            .min_by_key(|c| c.effective)
    }

    /// The version in force on `day`, to change in place ("applies when saved").
    pub fn prices_on_mut(&mut self, day: Date) -> &mut Pricing {
        let index = (self.price_changes.iter().enumerate())
            .filter(|(_, c)| c.effective <= day)
            .max_by_key(|(_, c)| c.effective)
            .map(|(i, _)| i);
        match index {
            Some(i) => &mut self.price_changes[i].pricing,
            None => &mut self.pricing,
        }
    }

    /// Adds a change on `change.effective`, replacing one already on that date; keeps the
    /// list in date order.
    pub fn schedule(&mut self, change: PriceChange) {
        self.price_changes
            .retain(|c| c.effective != change.effective);
        self.price_changes.push(change);
        self.price_changes.sort_by_key(|c| c.effective);
    }
}

/// How a schedule is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The UTC date of the save.
    pub today: Date,
    /// The offering is (or has been) public: the notice rule and fixed history apply.
    pub public: bool,
    /// An imported plan brings its history: past dates are accepted as they are.
    pub carry_history: bool,
}

impl Rules {
    /// A plan imported into a new draft: it brings its history, so no date is compared with
    /// today (there is no stored plan, and a draft has no notice rule).
    pub fn import() -> Rules {
        Rules {
            today: Date::MIN,
            public: false,
            carry_history: true,
        }
    }
}

fn problem(out: &mut Vec<PlanProblem>, field: String, problem: Problem) {
    out.push(PlanProblem::Field(FieldProblem { field, problem }));
}

/// Same pricing type and metric ids, in any order.
fn same_shape(a: &Pricing, b: &Pricing) -> bool {
    fn ids(p: &Pricing) -> Vec<&str> {
        let mut ids: Vec<&str> = p.metrics.iter().map(|m| m.id.as_str()).collect();
        ids.sort_unstable();
        ids
    }
    a.kind == b.kind && ids(a) == ids(b)
}

/// Every problem of `after`'s schedule, `before` being the plan as stored (`None`: new).
/// Field keys: `effective` (the prices in force today), `price_changes` (the list),
/// `price_changes.{i}` and `price_changes.{i}.effective`, and pricing keys under
/// `price_changes.{i}.`.
pub fn schedule_problems(before: Option<&Plan>, after: &Plan, rules: Rules) -> Vec<PlanProblem> {
    let mut out = Vec::new();
    let changes = &after.price_changes;
    if changes.len() > MAX_PRICE_CHANGES {
        problem(
            &mut out,
            "price_changes".into(),
            Problem::TooMany {
                max: MAX_PRICE_CHANGES,
            },
        );
    }
    let today = rules.today;
    if let (Some(before), true) = (before, rules.public) {
        if before.prices_on(today) != after.prices_on(today) {
            problem(&mut out, "effective".into(), Problem::PriceChangeNeedsDate);
        }
        let history_kept = (before.price_changes.iter())
            .filter(|c| c.effective <= today)
            .all(|c| changes.contains(c))
            && before.pricing == after.pricing;
        if !history_kept && out.is_empty() {
            problem(&mut out, "price_changes".into(), Problem::PriceHistoryFixed);
        }
    }
    for (i, change) in changes.iter().enumerate() {
        let key = format!("price_changes.{i}");
        if changes[..i].iter().any(|c| c.effective == change.effective) {
            problem(
                &mut out,
                format!("{key}.effective"),
                Problem::PriceDateTwice,
            );
        }
        if !same_shape(&after.pricing, &change.pricing) {
            problem(&mut out, key.clone(), Problem::PriceChangeShape);
        }
        out.extend(
            super::pricing::validate(&change.pricing)
                .into_iter()
                .map(|p| {
                    PlanProblem::Pricing(PricingFieldProblem {
                        field: format!("{key}.{}", p.field),
                        problem: p.problem,
                    })
                }),
        );
        let kept = before.is_some_and(|b| b.price_changes.contains(change));
        // A version already in force, edited on a draft or limited offering ("applies when
        // saved"); on a public one the history rule above refuses it.
        let in_force_before = change.effective <= today
            && before
                .is_some_and(|b| (b.price_changes.iter()).any(|c| c.effective == change.effective));
        if kept || rules.carry_history || in_force_before {
            continue;
        }
        if let Some(p) = date_problem(today, change.effective, rules.public) {
            problem(&mut out, format!("{key}.effective"), p);
        }
    }
    out
}

/// The plans of `plans` with a price change that the released version `live` does not have
/// as it is and that breaks the notice rule on `today` (dated too soon, or already past
/// while it awaited review), each with the first such date.
pub fn short_notice<'a>(live: &[Plan], plans: &'a [Plan], today: Date) -> Vec<(&'a Plan, Date)> {
    plans
        .iter()
        .filter_map(|plan| {
            let announced = live.iter().find(|p| p.id == plan.id);
            let short = (plan.price_changes.iter())
                .filter(|c| !announced.is_some_and(|a| a.price_changes.contains(c)))
                .find(|c| date_problem(today, c.effective, true).is_some())?;
            Some((plan, short.effective))
        })
        .collect()
}

/// `plan`'s changes with each pricing read as the plan form reads amounts (an amount finer
/// than the currency's minor units is refused, never rounded), for a plan sent whole (REST,
/// import); problems keyed `price_changes.{i}.<pricing field>`. The order is the one sent,
/// so that every problem names the position the caller sent; sort once they are checked.
pub fn exact_changes(plan: &Plan) -> Result<Vec<PriceChange>, Vec<PlanProblem>> {
    let mut out = Vec::new();
    let mut changes = Vec::new();
    for (i, change) in plan.price_changes.iter().enumerate() {
        let version = Plan {
            pricing: change.pricing.clone(),
            price_changes: Vec::new(),
            ..plan.clone()
        };
        match super::plan::PlanInput::from_plan_exact(&version).parse_pricing() {
            Ok(pricing) => changes.push(PriceChange {
                effective: change.effective,
                pricing,
            }),
            Err(problems) => out.extend(problems.into_iter().map(|p| match p {
                PlanProblem::Field(f) => PlanProblem::Field(FieldProblem {
                    field: format!("price_changes.{i}.{}", f.field),
                    problem: f.problem,
                }),
                PlanProblem::Pricing(f) => PlanProblem::Pricing(PricingFieldProblem {
                    field: format!("price_changes.{i}.{}", f.field),
                    problem: f.problem,
                }),
            })),
        }
    }
    if out.is_empty() {
        Ok(changes)
    } else {
        Err(out)
    }
}

#[cfg(test)]
#[path = "price_schedule_tests.rs"]
mod tests;
