//! The support model (`domain::support`) in the reader's language: its fields, severities,
//! coverage, days and response targets.

use super::speaks::{fill, Speaks};
use crate::domain::support::{day_runs, target_in_unit, Coverage, Severity, TargetUnit};
use crate::i18n::*;

/// A support field key (as the form and the document name it) in words.
pub fn support_key(i18n: impl Speaks, key: &str) -> Option<String> {
    let l = i18n.locale();
    let text = match key {
        "site_url" => td_string!(l, support_site_url),
        "email" => td_string!(l, support_email),
        "phone" => td_string!(l, support_phone),
        "coverage" => td_string!(l, support_coverage),
        "days" => td_string!(l, support_days),
        "opens" => td_string!(l, support_opens),
        "closes" => td_string!(l, support_closes),
        "time_zone" => td_string!(l, support_time_zone),
        "languages" => td_string!(l, support_languages),
        "escalation_name" => td_string!(l, support_escalation_name),
        "escalation_email" => td_string!(l, support_escalation_email),
        "target_critical" | "targets.critical" => td_string!(l, support_target_critical),
        "target_high" | "targets.high" => td_string!(l, support_target_high),
        "target_medium" | "targets.medium" => td_string!(l, support_target_medium),
        "target_low" | "targets.low" => td_string!(l, support_target_low),
        _ => return None,
    };
    Some(text.to_string())
}

/// A gap's support field in words (its key when the locale files do not name it).
pub fn support_field(i18n: impl Speaks, key: &str) -> String {
    support_key(i18n, key).unwrap_or_else(|| crate::domain::diff::words(key))
}

pub fn severity_label(i18n: impl Speaks, severity: Severity) -> String {
    let l = i18n.locale();
    match severity {
        Severity::Critical => td_string!(l, severity_critical),
        Severity::High => td_string!(l, severity_high),
        Severity::Medium => td_string!(l, severity_medium),
        Severity::Low => td_string!(l, severity_low),
    }
    .to_string()
}

/// What a severity means, for the form's help and the catalog.
pub fn severity_help(i18n: impl Speaks, severity: Severity) -> String {
    let l = i18n.locale();
    match severity {
        Severity::Critical => td_string!(l, severity_critical_help),
        Severity::High => td_string!(l, severity_high_help),
        Severity::Medium => td_string!(l, severity_medium_help),
        Severity::Low => td_string!(l, severity_low_help),
    }
    .to_string()
}

pub fn unit_label(i18n: impl Speaks, unit: TargetUnit) -> String {
    let l = i18n.locale();
    match unit {
        TargetUnit::Minutes => td_string!(l, unit_minutes),
        TargetUnit::Hours => td_string!(l, unit_hours),
        TargetUnit::Days => td_string!(l, unit_days),
    }
    .to_string()
}

/// "Within 4 hours", "Within 1 day".
pub fn target_text(i18n: impl Speaks, minutes: u32) -> String {
    let l = i18n.locale();
    let (n, unit) = target_in_unit(minutes);
    let template = match (unit, n == 1) {
        (TargetUnit::Minutes, true) => td_string!(l, within_minute_one),
        (TargetUnit::Minutes, false) => td_string!(l, within_minutes),
        (TargetUnit::Hours, true) => td_string!(l, within_hour_one),
        (TargetUnit::Hours, false) => td_string!(l, within_hours),
        (TargetUnit::Days, true) => td_string!(l, within_day_one),
        (TargetUnit::Days, false) => td_string!(l, within_days),
    };
    fill(template, &[("n", &n.to_string())])
}

pub fn day_label(i18n: impl Speaks, day: &str) -> String {
    let l = i18n.locale();
    match day {
        "mon" => td_string!(l, day_mon),
        "tue" => td_string!(l, day_tue),
        "wed" => td_string!(l, day_wed),
        "thu" => td_string!(l, day_thu),
        "fri" => td_string!(l, day_fri),
        "sat" => td_string!(l, day_sat),
        "sun" => td_string!(l, day_sun),
        other => return other.to_owned(),
    }
    .to_string()
}

/// "Monday–Friday, 08:00–18:00 (Europe/Berlin)" or "Around the clock, every day".
pub fn hours_text(i18n: impl Speaks, support: &crate::domain::support::SupportModel) -> String {
    let l = i18n.locale();
    match support.coverage {
        None => String::new(),
        Some(Coverage::Always) => td_string!(l, coverage_always).to_string(),
        Some(Coverage::BusinessHours) => {
            let days = day_runs(&support.days)
                .into_iter()
                .map(|(a, b)| match a == b {
                    true => day_label(i18n, a),
                    false => format!("{}–{}", day_label(i18n, a), day_label(i18n, b)),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let zone = support.time_zone.as_str();
            format!(
                "{days}, {}–{} ({zone})",
                support.opens.as_str(),
                support.closes.as_str()
            )
        }
    }
}

pub fn coverage_label(i18n: impl Speaks, coverage: Coverage) -> String {
    let l = i18n.locale();
    match coverage {
        Coverage::Always => td_string!(l, coverage_always),
        Coverage::BusinessHours => td_string!(l, coverage_business_hours),
    }
    .to_string()
}
