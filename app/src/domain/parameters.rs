//! Create-time parameters of a plan (issue 18, item 6): what a customer gives when creating an
//! instance — text, a number with bounds, one of a list of options, or yes/no; required or not;
//! a default; a label and help text per language. `ParameterInput::parse` checks what the
//! provider typed (the same code in the browser and on the server); `schema` turns the
//! parameters into the JSON Schema (draft-04, as OSB asks) the broker catalog exports as the
//! plan's `schemas.service_instance.create.parameters`; `valid_sample` and `invalid_sample` are
//! what the smoke test and the conformance run send.

use super::offering::{FieldProblem, Problem};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

pub const MAX_PARAMETERS: usize = 20;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_OPTION: usize = 64;
pub const MAX_LABEL: usize = 64;
pub const MAX_HELP: usize = 300;
pub const MAX_TEXT_LENGTH: u32 = 10_000;
pub const MAX_DEFAULT: usize = 200;

/// The label and help text of a parameter in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParameterText {
    pub label: String,
    #[serde(default)]
    pub help: String,
}

/// What kind of value a parameter takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParameterKind {
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        minimum: Option<Decimal>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        maximum: Option<Decimal>,
    },
    Choice {
        options: Vec<String>,
    },
    YesNo,
}

impl ParameterKind {
    pub fn code(&self) -> &'static str {
        match self {
            ParameterKind::Text { .. } => "text",
            ParameterKind::Number { .. } => "number",
            ParameterKind::Choice { .. } => "choice",
            ParameterKind::YesNo => "yes_no",
        }
    }
}

/// One create-time parameter, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Parameter {
    /// The property name in the instance's `parameters` object.
    pub name: String,
    /// What the parameter accepts (`{"kind": "number", "minimum": "1", …}`).
    pub accepts: ParameterKind,
    pub required: bool,
    /// The default in its canonical text form (`"42"`, `"true"`, an option), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Keyed by language tag; English is required.
    pub texts: BTreeMap<String, ParameterText>,
}

/// What the provider typed for one parameter (all text, as a form or the API sends it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParameterInput {
    #[serde(default)]
    pub name: String,
    /// `text`, `number`, `choice` or `yes_no`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub default: String,
    /// Number bounds (either may be empty).
    #[serde(default)]
    pub minimum: String,
    #[serde(default)]
    pub maximum: String,
    /// Text: the longest value accepted (empty: no limit but the platform's).
    #[serde(default)]
    pub max_length: String,
    /// Choice: one option per line.
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub texts: BTreeMap<String, ParameterText>,
    /// Ticked "Remove this parameter" in the form: the row is left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remove: bool,
}

fn problem(out: &mut Vec<FieldProblem>, field: String, problem: Problem) {
    out.push(FieldProblem { field, problem });
}

/// `^[a-z][a-z0-9_]{0,62}$`: a parameter's property name.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn number(text: &str) -> Option<Decimal> {
    Decimal::from_str(text.trim()).ok()
}

impl ParameterInput {
    /// The kind the provider chose, with its bounds or options; problems under `at.<field>`.
    fn kind(&self, at: &str, out: &mut Vec<FieldProblem>) -> Option<ParameterKind> {
        let bound = |out: &mut Vec<FieldProblem>, field: &str, text: &str| match text.trim() {
            "" => None,
            t => number(t).or_else(|| {
                problem(out, format!("{at}.{field}"), Problem::NotANumber);
                None
            }),
        };
        match self.kind.as_str() {
            "text" => {
                let max_length = match self.max_length.trim() {
                    "" => None,
                    t => match t.parse::<u32>() {
                        Ok(n) if (1..=MAX_TEXT_LENGTH).contains(&n) => Some(n),
                        _ => {
                            let p = Problem::out_of_range("1", MAX_TEXT_LENGTH.to_string());
                            problem(out, format!("{at}.max_length"), p);
                            None
                        }
                    },
                };
                Some(ParameterKind::Text { max_length })
            }
            "number" => {
                let minimum = bound(out, "minimum", &self.minimum);
                let maximum = bound(out, "maximum", &self.maximum);
                if let (Some(lo), Some(hi)) = (minimum, maximum) {
                    if lo > hi {
                        problem(out, format!("{at}.maximum"), Problem::MaximumBelowMinimum);
                    }
                }
                Some(ParameterKind::Number { minimum, maximum })
            }
            "choice" => {
                let options: Vec<String> = self
                    .options
                    .lines()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(str::to_owned)
                    .collect();
                let unique: BTreeSet<&String> = options.iter().collect();
                let field = format!("{at}.options");
                if options.len() < 2 {
                    problem(out, field, Problem::TooFewOptions);
                } else if options.len() > MAX_OPTIONS {
                    problem(out, field, Problem::TooMany { max: MAX_OPTIONS });
                } else if unique.len() < options.len() {
                    problem(out, field, Problem::RepeatedOption);
                } else if options.iter().any(|o| o.chars().count() > MAX_OPTION) {
                    problem(out, field, Problem::TooLong { max: MAX_OPTION });
                }
                Some(ParameterKind::Choice { options })
            }
            "yes_no" => Some(ParameterKind::YesNo),
            _ => {
                problem(out, format!("{at}.kind"), Problem::UnknownChoice);
                None
            }
        }
    }

    /// The default in canonical form, if it fits the kind.
    fn checked_default(
        &self,
        kind: &ParameterKind,
        at: &str,
        out: &mut Vec<FieldProblem>,
    ) -> Option<String> {
        let text = self.default.trim();
        if text.is_empty() {
            return None;
        }
        let field = format!("{at}.default");
        let fits = match kind {
            ParameterKind::Text { max_length } => {
                let max = max_length.map_or(MAX_DEFAULT, |m| (m as usize).min(MAX_DEFAULT));
                if text.chars().count() > max {
                    problem(out, field, Problem::TooLong { max });
                    return None;
                }
                Some(text.to_owned())
            }
            ParameterKind::Number { minimum, maximum } => match number(text) {
                None => {
                    problem(out, field, Problem::NotANumber);
                    return None;
                }
                Some(n) if minimum.is_some_and(|lo| n < lo) || maximum.is_some_and(|hi| n > hi) => {
                    let p = Problem::out_of_range(
                        minimum
                            .map(|d| d.normalize().to_string())
                            .unwrap_or_default(),
                        maximum
                            .map(|d| d.normalize().to_string())
                            .unwrap_or_default(),
                    );
                    problem(out, field, p);
                    return None;
                }
                Some(n) => Some(n.normalize().to_string()),
            },
            ParameterKind::Choice { options } => options.iter().find(|o| *o == text).cloned(),
            ParameterKind::YesNo => matches!(text, "true" | "false").then(|| text.to_owned()),
        };
        if fits.is_none() {
            problem(out, field, Problem::UnknownChoice);
        }
        fits
    }

    fn texts(&self, at: &str, out: &mut Vec<FieldProblem>) -> BTreeMap<String, ParameterText> {
        let mut texts = BTreeMap::new();
        for (language, text) in &self.texts {
            let (label, help) = (text.label.trim(), text.help.trim());
            if label.is_empty() && help.is_empty() && language != "en" {
                continue;
            }
            let field = |f: &str| format!("{at}.texts.{language}.{f}");
            if label.is_empty() {
                problem(out, field("label"), Problem::Required);
            } else if label.chars().count() > MAX_LABEL {
                problem(out, field("label"), Problem::TooLong { max: MAX_LABEL });
            }
            if help.chars().count() > MAX_HELP {
                problem(out, field("help"), Problem::TooLong { max: MAX_HELP });
            }
            texts.insert(
                language.clone(),
                ParameterText {
                    label: label.into(),
                    help: help.into(),
                },
            );
        }
        if !texts.contains_key("en") {
            problem(out, format!("{at}.texts.en.label"), Problem::Required);
        }
        texts
    }

    /// This input checked, at position `index` of the list (problems under `parameters.<index>`).
    pub fn parse(&self, index: usize, out: &mut Vec<FieldProblem>) -> Option<Parameter> {
        let at = format!("parameters.{index}");
        let before = out.len();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            problem(out, format!("{at}.name"), Problem::Required);
        } else if !valid_name(&name) {
            problem(out, format!("{at}.name"), Problem::ParameterNamePattern);
        }
        let kind = self.kind(&at, out);
        let default = kind
            .as_ref()
            .and_then(|k| self.checked_default(k, &at, out));
        let texts = self.texts(&at, out);
        let kind = kind?;
        (out.len() == before).then_some(Parameter {
            name,
            accepts: kind,
            required: self.required,
            default,
            texts,
        })
    }
}

/// A whole list checked: each input, their number, and names used once. A row left entirely
/// empty (the blank row a form without JavaScript offers for adding one) is skipped.
pub fn parse_all(inputs: &[ParameterInput]) -> Result<Vec<Parameter>, Vec<FieldProblem>> {
    let mut out = Vec::new();
    let mut parameters = Vec::new();
    let mut seen = BTreeSet::new();
    let rows: Vec<(usize, &ParameterInput)> = inputs
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.is_blank() && !i.remove)
        .collect();
    if rows.len() > MAX_PARAMETERS {
        problem(
            &mut out,
            "parameters".into(),
            Problem::TooMany {
                max: MAX_PARAMETERS,
            },
        );
    }
    for (index, input) in rows {
        if let Some(p) = input.parse(index, &mut out) {
            if !seen.insert(p.name.clone()) {
                problem(
                    &mut out,
                    format!("parameters.{index}.name"),
                    Problem::ParameterNameTaken,
                );
            }
            parameters.push(p);
        }
    }
    if out.is_empty() {
        Ok(parameters)
    } else {
        Err(out)
    }
}

impl ParameterInput {
    /// Nothing typed: no name, no texts, no default, no bounds, no options.
    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.default,
            &self.minimum,
            &self.maximum,
            &self.max_length,
            &self.options,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
            && self
                .texts
                .values()
                .all(|t| t.label.trim().is_empty() && t.help.trim().is_empty())
    }

    /// The input that shows `p` again in the form.
    pub fn of(p: &Parameter) -> ParameterInput {
        let text = |d: &Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
        let (mut minimum, mut maximum, mut max_length, mut options) =
            (String::new(), String::new(), String::new(), String::new());
        match &p.accepts {
            ParameterKind::Text { max_length: m } => {
                max_length = m.map(|m| m.to_string()).unwrap_or_default()
            }
            ParameterKind::Number {
                minimum: lo,
                maximum: hi,
            } => {
                minimum = text(lo);
                maximum = text(hi);
            }
            ParameterKind::Choice { options: o } => options = o.join("\n"),
            ParameterKind::YesNo => {}
        }
        ParameterInput {
            name: p.name.clone(),
            kind: p.accepts.code().into(),
            required: p.required,
            default: p.default.clone().unwrap_or_default(),
            minimum,
            maximum,
            max_length,
            options,
            texts: p.texts.clone(),
            remove: false,
        }
    }
}

fn json_number(d: Decimal) -> Value {
    match d.normalize().to_i64() {
        Some(i) if d.fract().is_zero() => json!(i),
        _ => d.to_f64().map_or(Value::Null, |f| json!(f)),
    }
}

impl Parameter {
    /// The default as a JSON value of the parameter's type.
    pub fn default_value(&self) -> Option<Value> {
        let d = self.default.as_deref()?;
        Some(match self.accepts {
            ParameterKind::Number { .. } => json_number(number(d)?),
            ParameterKind::YesNo => json!(d == "true"),
            _ => json!(d),
        })
    }

    /// The label in `language`, falling back to English, then to the name.
    pub fn label(&self, language: &str) -> String {
        [language, "en"]
            .iter()
            .filter_map(|l| self.texts.get(*l))
            .map(|t| t.label.clone())
            .find(|l| !l.is_empty())
            .unwrap_or_else(|| self.name.clone())
    }

    /// The help text in `language`, falling back to English.
    pub fn help(&self, language: &str) -> String {
        [language, "en"]
            .iter()
            .filter_map(|l| self.texts.get(*l))
            .map(|t| t.help.clone())
            .find(|h| !h.is_empty())
            .unwrap_or_default()
    }

    fn property(&self) -> Value {
        let mut p = Map::new();
        let (kind, extra): (&str, Vec<(&str, Value)>) = match &self.accepts {
            ParameterKind::Text { max_length } => (
                "string",
                max_length
                    .map(|m| ("maxLength", json!(m)))
                    .into_iter()
                    .collect(),
            ),
            ParameterKind::Number { minimum, maximum } => (
                "number",
                [("minimum", *minimum), ("maximum", *maximum)]
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, json_number(v))))
                    .collect(),
            ),
            ParameterKind::Choice { options } => ("string", vec![("enum", json!(options))]),
            ParameterKind::YesNo => ("boolean", vec![]),
        };
        p.insert("type".into(), json!(kind));
        p.insert("title".into(), json!(self.label("en")));
        let help = self.help("en");
        if !help.is_empty() {
            p.insert("description".into(), json!(help));
        }
        for (k, v) in extra {
            p.insert(k.into(), v);
        }
        if let Some(d) = self.default_value() {
            p.insert("default".into(), d);
        }
        Value::Object(p)
    }

    /// A value the parameter accepts: its default, else the lowest in range, the first option,
    /// `false`, or a short text.
    fn valid_value(&self) -> Value {
        if let Some(d) = self.default_value() {
            return d;
        }
        match &self.accepts {
            ParameterKind::Text { max_length } => {
                let text = "rmc-check";
                json!(&text[..text.len().min(max_length.unwrap_or(9) as usize)])
            }
            ParameterKind::Number { minimum, maximum } => {
                json_number(minimum.or(*maximum).unwrap_or(Decimal::ONE))
            }
            ParameterKind::Choice { options } => json!(options[0]),
            ParameterKind::YesNo => json!(false),
        }
    }

    /// Another value the parameter accepts than `valid_value`, if it has one.
    fn other_value(&self) -> Option<Value> {
        let first = self.valid_value();
        let other = match &self.accepts {
            ParameterKind::Text { max_length } => {
                let text = "rmc-other";
                json!(&text[..text.len().min(max_length.unwrap_or(9) as usize)])
            }
            ParameterKind::Number { minimum, maximum } => {
                let candidates = [*maximum, *minimum, minimum.map(|m| m + Decimal::ONE)];
                let lo_ok = |d: &Decimal| minimum.is_none_or(|m| *d >= m);
                let hi_ok = |d: &Decimal| maximum.is_none_or(|m| *d <= m);
                let pick = candidates
                    .into_iter()
                    .flatten()
                    .chain([Decimal::TWO])
                    .find(|d| lo_ok(d) && hi_ok(d) && json_number(*d) != first);
                json_number(pick?)
            }
            ParameterKind::Choice { options } => {
                json!(options.iter().find(|o| json!(o) != first)?)
            }
            ParameterKind::YesNo => json!(first != json!(true)),
        };
        (other != first).then_some(other)
    }

    /// A value of the wrong type for the parameter.
    fn wrong_value(&self) -> Value {
        match &self.accepts {
            ParameterKind::Text { .. } | ParameterKind::Choice { .. } => json!(12345),
            ParameterKind::Number { .. } | ParameterKind::YesNo => json!("rmc-not-a-valid-value"),
        }
    }
}

/// The JSON Schema of a plan's create-time parameters (`None` when it has none).
pub fn schema(parameters: &[Parameter]) -> Option<Value> {
    if parameters.is_empty() {
        return None;
    }
    let properties: Map<String, Value> = parameters
        .iter()
        .map(|p| (p.name.clone(), p.property()))
        .collect();
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    let required: Vec<&str> = parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    // Draft-04 wants `required` to list at least one name when present.
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    Some(schema)
}

/// Parameters the schema accepts: every parameter with a valid value.
pub fn valid_sample(parameters: &[Parameter]) -> Value {
    Value::Object(
        parameters
            .iter()
            .map(|p| (p.name.clone(), p.valid_value()))
            .collect(),
    )
}

/// Parameters the schema accepts but that differ from `valid_sample` (for a conflicting
/// repeat), if one parameter has another valid value.
pub fn different_sample(parameters: &[Parameter]) -> Option<Value> {
    let mut sample = valid_sample(parameters);
    let (name, other) = parameters
        .iter()
        .find_map(|p| Some((p.name.as_str(), p.other_value()?)))?;
    sample[name] = other;
    Some(sample)
}

/// Parameters the schema refuses: the valid sample with the first parameter of the wrong type
/// (`None` when the plan has no parameters).
pub fn invalid_sample(parameters: &[Parameter]) -> Option<Value> {
    let first = parameters.first()?;
    let mut sample = valid_sample(parameters);
    sample[first.name.as_str()] = first.wrong_value();
    Some(sample)
}

#[cfg(test)]
#[path = "parameters_tests.rs"]
mod tests;
