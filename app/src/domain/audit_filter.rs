//! The platform audit view's filter (SPEC §6): what an admin typed (organisation, offering,
//! actor, action, a date range), checked into the filter the log is read with, and the CSV
//! cell rule of its export. No I/O; table-tested in `audit_filter_tests.rs`.

use super::offering::{FieldProblem, Problem};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// The longest value a filter field takes.
pub const MAX_FILTER_LEN: usize = 200;

/// The filter as typed: the page's query string and the REST API's parameters. Every field
/// may be empty (no filter on it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
#[serde(default)]
pub struct AuditQuery {
    /// An organisation's id: its offerings' rows and its own (members, creation).
    pub organisation: String,
    /// An offering's name or id (the id also finds a deleted draft's rows).
    pub offering: String,
    /// Part of the actor's e-mail address, any case.
    pub actor: String,
    /// One action code exactly, e.g. `offering.update` or `visibility.approve`.
    pub action: String,
    /// The first day, `YYYY-MM-DD` (UTC), inclusive.
    pub from: String,
    /// The last day, `YYYY-MM-DD` (UTC), inclusive.
    pub to: String,
}

/// A checked filter: `None` is no filter on that column. `from`/`until` are instants in the
/// log's own format (`2026-12-01T00:00:00.000Z`), `until` exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub organisation: Option<String>,
    pub offering: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
}

/// `YYYY-MM-DD` as a date; `None` for anything else (including impossible days).
pub fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// The instant a day starts at, as the log writes instants.
fn day_start(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00.000Z",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

impl AuditQuery {
    /// Every field trimmed.
    pub fn trimmed(&self) -> AuditQuery {
        let t = |s: &String| s.trim().to_owned();
        AuditQuery {
            organisation: t(&self.organisation),
            offering: t(&self.offering),
            actor: t(&self.actor),
            action: t(&self.action),
            from: t(&self.from),
            to: t(&self.to),
        }
    }

    /// The filter, or a problem per field: too long, not a date, a range that ends before it
    /// starts (on `to`).
    pub fn filter(&self) -> Result<AuditFilter, Vec<FieldProblem>> {
        let q = self.trimmed();
        let mut problems = Vec::new();
        let mut problem = |field: &str, problem: Problem| {
            problems.push(FieldProblem {
                field: field.into(),
                problem,
            })
        };
        for (field, value) in q.texts() {
            if value.chars().count() > MAX_FILTER_LEN {
                problem(
                    field,
                    Problem::TooLong {
                        max: MAX_FILTER_LEN,
                    },
                );
            }
        }
        let mut day = |field: &str, value: &str| match value {
            "" => None,
            v => parse_day(v).or_else(|| {
                problem(field, Problem::NotADate);
                None
            }),
        };
        let (from, to) = (day("from", &q.from), day("to", &q.to));
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                problem("to", Problem::RangeReversed);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let some = |s: String| (!s.is_empty()).then_some(s);
        Ok(AuditFilter {
            organisation: some(q.organisation),
            offering: some(q.offering),
            actor: some(q.actor),
            action: some(q.action),
            from: from.map(day_start),
            until: to.map(|d| day_start(d.saturating_add(Duration::days(1)))),
        })
    }

    /// The fields by their names, in the form's order.
    pub fn texts(&self) -> [(&'static str, &str); 6] {
        [
            ("organisation", &self.organisation),
            ("offering", &self.offering),
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ]
    }

    /// The non-empty fields as a query string (`organisation=…&from=…`), for the next page's
    /// link and the CSV export's.
    pub fn query_string(&self) -> String {
        self.texts()
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", urlencoding::encode(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A CSV cell's text as a spreadsheet cannot run it: a value starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (a formula to Excel, LibreOffice and Google Sheets) gets a
/// leading `'` (OWASP's advice for CSV injection). The CSV writer quotes it afterwards.
pub fn csv_text(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

#[cfg(test)]
#[path = "audit_filter_tests.rs"]
mod tests;
