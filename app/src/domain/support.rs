//! The provider's own support model (SPEC §2, the seeds: "integrated billing services require
//! providers to supply their own support model"): where customers open a case, when someone
//! answers, in which languages, who to escalate to, and how fast each severity is answered.
//! Required for public visibility; shown in the catalog as "Get support". Pure.

use super::gap::{Gap, GapCode};
use super::offering::{validate_web_url, FieldProblem, Problem, CONTENT_LANGUAGES};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_NAME: usize = 80;
/// A response target is at most this many minutes (30 days).
pub const MAX_TARGET_MINUTES: u32 = 30 * 24 * 60;

/// Days of the week, Monday first (ISO 8601), as stored.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The time zones a provider's hours may be given in: IANA names (proper names, not translated).
pub const TIME_ZONES: [&str; 24] = [
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Rome",
    "Europe/Zurich",
    "Europe/Warsaw",
    "Europe/Helsinki",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
];

/// How urgent a customer's case is, most severe first.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// The field path of its target (`targets.critical`).
    pub fn field(self) -> String {
        format!("targets.{}", self.as_str())
    }
}

/// When someone answers.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Around the clock, every day.
    Always,
    /// On `days`, from `opens` to `closes` in `time_zone`.
    BusinessHours,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Always => "always",
            Coverage::BusinessHours => "business_hours",
        }
    }

    pub fn parse(value: &str) -> Option<Coverage> {
        [Coverage::Always, Coverage::BusinessHours]
            .into_iter()
            .find(|c| c.as_str() == value)
    }
}

/// The support model of an offering, in its document (versioned, diffed, reviewed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SupportModel {
    /// Where customers open a case; the catalog's "Get support" links here.
    pub site_url: String,
    pub email: String,
    /// Optional: `+`, country code and number; spaces and hyphens allowed.
    pub phone: String,
    pub coverage: Option<Coverage>,
    /// Business days (`mon` … `sun`), for business hours.
    pub days: Vec<String>,
    /// `HH:MM`, for business hours.
    pub opens: String,
    pub closes: String,
    /// An IANA name from `TIME_ZONES`, for business hours.
    pub time_zone: String,
    /// The languages a case may be written in (content language tags).
    pub languages: Vec<String>,
    pub escalation_name: String,
    pub escalation_email: String,
    /// The first response within this many minutes, per severity.
    pub targets: BTreeMap<Severity, u32>,
}

fn problem(field: impl Into<String>, problem: Problem) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        problem,
    }
}

/// `+`, then 7 to 15 digits (E.164), with spaces, hyphens, dots or parentheses between them.
pub fn validate_phone(value: &str) -> Result<(), Problem> {
    let Some(rest) = value.strip_prefix('+') else {
        return Err(Problem::NotAPhone);
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    let shaped = rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    if shaped && (7..=15).contains(&digits) && rest.starts_with(|c: char| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Problem::NotAPhone)
    }
}

/// Minutes after midnight of an `HH:MM` time.
pub fn minutes_of_day(value: &str) -> Result<u32, Problem> {
    let (h, m) = value.split_once(':').ok_or(Problem::NotATime)?;
    let num = |p: &str| {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match (num(h), num(m)) {
        (Some(h), Some(m)) if h < 24 && m < 60 => Ok(h * 60 + m),
        _ => Err(Problem::NotATime),
    }
}

fn email_problem(value: &str) -> Option<Problem> {
    (!value.is_empty() && super::account::validate_email(value).is_err())
        .then_some(Problem::NotAnEmail)
}

impl SupportModel {
    /// As the form stores it: no surrounding spaces, lists in their canonical order without
    /// repeats (days Monday first, languages as `CONTENT_LANGUAGES`).
    pub fn trimmed(self) -> SupportModel {
        let trim = |s: String| s.trim().to_owned();
        let ordered = |list: Vec<String>, order: &[&str]| -> Vec<String> {
            let list: Vec<String> = list.into_iter().map(trim).collect();
            let known = order.iter().filter(|o| list.iter().any(|v| v == *o));
            let unknown = list.iter().filter(|v| !order.contains(&v.as_str()));
            (known.map(|s| s.to_string()))
                .chain(unknown.cloned())
                .collect()
        };
        let tags: Vec<&str> = CONTENT_LANGUAGES.iter().map(|(t, _)| *t).collect();
        SupportModel {
            site_url: trim(self.site_url),
            email: trim(self.email),
            phone: trim(self.phone),
            days: ordered(self.days, &DAYS),
            opens: trim(self.opens),
            closes: trim(self.closes),
            time_zone: trim(self.time_zone),
            languages: ordered(self.languages, &tags),
            escalation_name: trim(self.escalation_name),
            escalation_email: trim(self.escalation_email),
            ..self
        }
    }

    /// What breaks a rule, whatever is still empty.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if !self.site_url.is_empty() {
            if let Err(p) = validate_web_url(&self.site_url) {
                out.push(problem("site_url", p));
            }
        }
        for (field, value) in [
            ("email", &self.email),
            ("escalation_email", &self.escalation_email),
        ] {
            if let Some(p) = email_problem(value) {
                out.push(problem(field, p));
            }
        }
        if !self.phone.is_empty() {
            if let Err(p) = validate_phone(&self.phone) {
                out.push(problem("phone", p));
            }
        }
        if self.escalation_name.chars().count() > MAX_NAME {
            out.push(problem(
                "escalation_name",
                Problem::TooLong { max: MAX_NAME },
            ));
        }
        self.hours_problems(&mut out);
        let tags: Vec<&str> = CONTENT_LANGUAGES.iter().map(|(t, _)| *t).collect();
        if self.languages.iter().any(|l| !tags.contains(&l.as_str())) {
            out.push(problem("languages", Problem::UnknownChoice));
        }
        self.target_problems(&mut out);
        out
    }

    fn hours_problems(&self, out: &mut Vec<FieldProblem>) {
        if self.days.iter().any(|d| !DAYS.contains(&d.as_str())) {
            out.push(problem("days", Problem::UnknownChoice));
        }
        if !self.time_zone.is_empty() && !TIME_ZONES.contains(&self.time_zone.as_str()) {
            out.push(problem("time_zone", Problem::UnknownChoice));
        }
        let opens = (!self.opens.is_empty()).then(|| minutes_of_day(&self.opens));
        let closes = (!self.closes.is_empty()).then(|| minutes_of_day(&self.closes));
        for (field, parsed) in [("opens", &opens), ("closes", &closes)] {
            if let Some(Err(p)) = parsed {
                out.push(problem(field, p.clone()));
            }
        }
        if let (Some(Ok(o)), Some(Ok(c))) = (opens, closes) {
            if c <= o {
                out.push(problem("closes", Problem::ClosesBeforeOpens));
            }
        }
    }

    fn target_problems(&self, out: &mut Vec<FieldProblem>) {
        let mut longest_before: Option<u32> = None;
        for severity in Severity::ALL {
            let Some(&minutes) = self.targets.get(&severity) else {
                continue;
            };
            if minutes == 0 || minutes > MAX_TARGET_MINUTES {
                out.push(problem(severity.field(), Problem::TargetOutOfRange));
                continue;
            }
            if longest_before.is_some_and(|before| minutes < before) {
                out.push(problem(severity.field(), Problem::TargetOrder));
            }
            longest_before = Some(longest_before.map_or(minutes, |b| b.max(minutes)));
        }
    }

    /// What public visibility still needs: the fields a customer relies on.
    pub fn missing(&self) -> Vec<String> {
        let mut missing = empty_ones([
            ("site_url", self.site_url.is_empty()),
            ("email", self.email.is_empty()),
            ("coverage", self.coverage.is_none()),
        ]);
        if self.coverage == Some(Coverage::BusinessHours) {
            let hours = [
                ("days", self.days.is_empty()),
                ("opens", self.opens.is_empty()),
                ("closes", self.closes.is_empty()),
                ("time_zone", self.time_zone.is_empty()),
            ];
            missing.extend(empty_ones(hours));
        }
        if self.languages.is_empty() {
            missing.push("languages".into());
        }
        if self.escalation_email.is_empty() {
            missing.push("escalation_email".into());
        }
        missing.extend(
            Severity::ALL
                .into_iter()
                .filter(|s| !self.targets.contains_key(s))
                .map(Severity::field),
        );
        missing
    }

    /// The checklist's gaps for the Support line.
    pub fn gaps(&self) -> Vec<Gap> {
        self.missing()
            .iter()
            .map(|f| Gap::at(GapCode::FillSupport, f))
            .chain(
                self.problems()
                    .iter()
                    .map(|p| Gap::at(GapCode::FixSupport, &p.field)),
            )
            .collect()
    }

    /// Nothing entered at all (the catalog then shows no "Get support").
    pub fn is_empty(&self) -> bool {
        *self == SupportModel::default()
    }
}

/// The names of the fields that are empty, of (name, is it empty).
fn empty_ones<const N: usize>(fields: [(&str, bool); N]) -> Vec<String> {
    (fields.into_iter())
        .filter(|(_, empty)| *empty)
        .map(|(f, _)| f.to_owned())
        .collect()
}

/// A unit a response target is entered and shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetUnit {
    Minutes,
    Hours,
    Days,
}

impl TargetUnit {
    pub const ALL: [TargetUnit; 3] = [TargetUnit::Minutes, TargetUnit::Hours, TargetUnit::Days];

    pub fn minutes(self) -> u32 {
        match self {
            TargetUnit::Minutes => 1,
            TargetUnit::Hours => 60,
            TargetUnit::Days => 24 * 60,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TargetUnit::Minutes => "minutes",
            TargetUnit::Hours => "hours",
            TargetUnit::Days => "days",
        }
    }

    pub fn parse(value: &str) -> Option<TargetUnit> {
        TargetUnit::ALL.into_iter().find(|u| u.as_str() == value)
    }
}

/// A target in the largest unit that divides it: 90 → (90, minutes), 120 → (2, hours).
pub fn target_in_unit(minutes: u32) -> (u32, TargetUnit) {
    let unit = [TargetUnit::Days, TargetUnit::Hours]
        .into_iter()
        .find(|u| minutes > 0 && minutes.is_multiple_of(u.minutes()))
        .unwrap_or(TargetUnit::Minutes);
    (minutes / unit.minutes(), unit)
}

/// A target as typed: a whole number in a unit. Blank is no target; anything else that is not
/// a whole number, or overflows, is refused as out of range.
pub fn parse_target(value: &str, unit: &str) -> Result<Option<u32>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let unit = TargetUnit::parse(unit.trim()).ok_or(Problem::UnknownChoice)?;
    let n: u32 = value.parse().map_err(|_| Problem::TargetOutOfRange)?;
    n.checked_mul(unit.minutes())
        .map(Some)
        .ok_or(Problem::TargetOutOfRange)
}

/// Business days as runs of consecutive days: `mon tue wed fri` → `[(mon, wed), (fri, fri)]`.
pub fn day_runs(days: &[String]) -> Vec<(&'static str, &'static str)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, day) in DAYS.iter().enumerate() {
        if !days.iter().any(|d| d == day) {
            continue;
        }
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == i => *end = i,
            _ => runs.push((i, i)),
        }
    }
    runs.into_iter().map(|(a, b)| (DAYS[a], DAYS[b])).collect()
}

#[cfg(test)]
#[path = "support_tests.rs"]
mod tests;
