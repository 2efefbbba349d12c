//! The Support tab's form as typed: every value a string, so that a refused post (with or
//! without JavaScript) shows exactly what was typed. `model` turns it into a `SupportModel`,
//! with a problem per field that is not even a value. Pure.

use super::offering::{FieldProblem, Problem};
use super::support::{parse_target, target_in_unit, Coverage, Severity, SupportModel};
use serde::{Deserialize, Serialize};

/// One response target as typed: a whole number and a unit (`minutes`, `hours`, `days`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedTarget {
    pub value: String,
    pub unit: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportForm {
    pub site_url: String,
    pub email: String,
    pub phone: String,
    pub coverage: String,
    pub days: Vec<String>,
    pub opens: String,
    pub closes: String,
    pub time_zone: String,
    pub languages: Vec<String>,
    pub escalation_name: String,
    pub escalation_email: String,
    /// In `Severity::ALL` order.
    pub targets: Vec<TypedTarget>,
}

impl SupportForm {
    /// The stored model as the form shows it, each target in its largest whole unit.
    pub fn from_model(m: &SupportModel) -> SupportForm {
        let targets = Severity::ALL
            .iter()
            .map(|s| match m.targets.get(s) {
                Some(&minutes) => {
                    let (n, unit) = target_in_unit(minutes);
                    TypedTarget {
                        value: n.to_string(),
                        unit: unit.as_str().into(),
                    }
                }
                None => TypedTarget {
                    value: String::new(),
                    unit: "hours".into(),
                },
            })
            .collect();
        SupportForm {
            site_url: m.site_url.clone(),
            email: m.email.clone(),
            phone: m.phone.clone(),
            coverage: m
                .coverage
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            days: m.days.clone(),
            opens: m.opens.clone(),
            closes: m.closes.clone(),
            time_zone: m.time_zone.clone(),
            languages: m.languages.clone(),
            escalation_name: m.escalation_name.clone(),
            escalation_email: m.escalation_email.clone(),
            targets,
        }
    }

    /// The model, or the fields that are not values at all (a coverage not on the list, a
    /// target that is not a whole number). The model's own rules are checked by the caller.
    pub fn model(&self) -> Result<SupportModel, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let coverage = match self.coverage.trim() {
            "" => None,
            other => {
                let parsed = Coverage::parse(other);
                if parsed.is_none() {
                    problems.push(FieldProblem {
                        field: "coverage".into(),
                        problem: Problem::UnknownChoice,
                    });
                }
                parsed
            }
        };
        let mut targets = std::collections::BTreeMap::new();
        for (severity, typed) in Severity::ALL.iter().zip(&self.targets) {
            match parse_target(&typed.value, &typed.unit) {
                Ok(Some(minutes)) => {
                    targets.insert(*severity, minutes);
                }
                Ok(None) => {}
                Err(problem) => problems.push(FieldProblem {
                    field: severity.field(),
                    problem,
                }),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(SupportModel {
            site_url: self.site_url.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            coverage,
            days: self.days.clone(),
            opens: self.opens.clone(),
            closes: self.closes.clone(),
            time_zone: self.time_zone.clone(),
            languages: self.languages.clone(),
            escalation_name: self.escalation_name.clone(),
            escalation_email: self.escalation_email.clone(),
            targets,
        }
        .trimmed())
    }

    /// The form as posted (`days[0]=mon`, `targets[1]=4`, `units[1]=hours`, …), for a refused
    /// plain post shown again.
    pub fn from_posted(form: &[(String, String)]) -> SupportForm {
        let one = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let many = |name: &str| -> Vec<String> {
            let prefix = format!("{name}[");
            form.iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(_, v)| v.clone())
                .collect()
        };
        let targets = (0..Severity::ALL.len())
            .map(|i| TypedTarget {
                value: one(&format!("targets[{i}]")),
                unit: one(&format!("units[{i}]")),
            })
            .collect();
        SupportForm {
            site_url: one("site_url"),
            email: one("email"),
            phone: one("phone"),
            coverage: one("coverage"),
            days: many("days"),
            opens: one("opens"),
            closes: one("closes"),
            time_zone: one("time_zone"),
            languages: many("languages"),
            escalation_name: one("escalation_name"),
            escalation_email: one("escalation_email"),
            targets,
        }
    }
}
