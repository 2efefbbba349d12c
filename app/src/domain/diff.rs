//! Field-level differences between two versions of a document: for conflict messages, the audit
//! log and the reviewer's diff. Each change names its field by a stable path (elements of a list
//! by their `id` when they have one, so reordering plans is not a change of every field) and by
//! a label people read ("Plan “standard” › Metric API_CALLS › Tier 2 › Unit price (USD)").

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One field that differs between two versions, for conflict messages and the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The stable path, e.g. `plans.<plan id>.pricing.metrics.API_CALLS.tiers.1.prices.USD.unit_price`.
    pub field: String,
    /// The path in words (English), for people.
    #[serde(default)]
    pub label: String,
    /// The path as steps, for the UI to put into the user's language.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The value before, empty when there was none (`null` counts as none).
    pub before: String,
    pub after: String,
}

impl FieldChange {
    /// The label, or the path for changes recorded before labels existed.
    pub fn shown_label(&self) -> String {
        if self.label.is_empty() {
            self.field.clone()
        } else {
            self.label.clone()
        }
    }
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::Array(items) if items.iter().any(|i| i.is_object()) => {
            let mut keyed_by_id = false;
            for (i, v) in items.iter().enumerate() {
                let key = match v
                    .get("id")
                    .and_then(|id| id.as_str())
                    .filter(|id| !id.is_empty() && !id.contains('.'))
                {
                    Some(id) => {
                        keyed_by_id = true;
                        id.to_owned()
                    }
                    None => i.to_string(),
                };
                flatten(&format!("{prefix}.{key}"), v, out);
                // An element's id is its key in the path, not a field of its own.
                if key != i.to_string() {
                    out.remove(&format!("{prefix}.{key}.id"));
                }
            }
            // Elements keyed by id say nothing of their order: the list itself does.
            if keyed_by_id {
                let order = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        ["name", "id"]
                            .iter()
                            .find_map(|k| v.get(*k).and_then(|x| x.as_str()))
                            .map(str::to_owned)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                out.insert(prefix.to_owned(), order);
            }
        }
        serde_json::Value::Array(items) => {
            let joined = items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.insert(prefix.to_owned(), joined);
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        // No value is an empty one: `null` → `""` is not a change, and is never shown.
        serde_json::Value::Null => {}
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

/// Field-by-field differences between two serialisable values (e.g. two document versions);
/// plans are named from either version.
pub fn field_changes<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    let (before, after) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    let names = plan_names(&[&after, &before]);
    field_changes_named(&before, &after, &|id| names.get(id).cloned())
}

/// Field-by-field differences between two JSON values, with plans named by `plan_name`.
pub fn field_changes_named(
    before: &serde_json::Value,
    after: &serde_json::Value,
    plan_name: &dyn Fn(&str) -> Option<String>,
) -> Vec<FieldChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", before, &mut a);
    flatten("", after, &mut b);
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (
                a.get(k).cloned().unwrap_or_default(),
                b.get(k).cloned().unwrap_or_default(),
            );
            (x != y).then(|| {
                let steps = steps(k, plan_name);
                FieldChange {
                    field: k.clone(),
                    label: english(&steps),
                    steps,
                    before: x,
                    after: y,
                }
            })
        })
        .collect()
}

/// One step of a field's path, for people: the UI puts it into words in its language,
/// `english` for the audit log and the REST API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// A part of the document (`basics`, `announcement`, `iam`, `plans`, …) by its key.
    Section {
        key: String,
    },
    /// The catalog text in one language.
    CatalogText {
        lang: String,
    },
    /// One plan, by its name (its id when no version names it).
    Plan {
        name: String,
    },
    /// A field by its key (`display_name`, `unit_price`), with the language or currency it is in.
    Field {
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        qualifier: Option<String>,
    },
    /// A feature bullet, counted from 1, and which part of it (`title`, `text`).
    Bullet {
        n: usize,
        key: String,
    },
    Metric {
        id: String,
    },
    /// A price tier, counted from 1.
    Tier {
        n: usize,
    },
    /// A create-time parameter of a plan, counted from 1.
    Parameter {
        n: usize,
    },
    /// A scheduled price version of a plan, counted from 1 in date order.
    PriceChange {
        n: usize,
    },
    /// The actions granted to one role.
    Grants {
        role: String,
    },
}

impl Step {
    fn field(key: &str) -> Step {
        Step::Field {
            key: key.to_owned(),
            qualifier: None,
        }
    }

    fn field_in(key: &str, qualifier: &str) -> Step {
        Step::Field {
            key: key.to_owned(),
            qualifier: Some(qualifier.to_owned()),
        }
    }

    /// The step in English words.
    pub fn english(&self) -> String {
        match self {
            Step::Section { key } => section_english(key),
            Step::CatalogText { lang } => format!("Catalog text ({lang})"),
            Step::Plan { name } => format!("Plan “{name}”"),
            Step::Field { key, qualifier } => match qualifier {
                Some(q) => format!("{} ({q})", words(key)),
                None => words(key),
            },
            Step::Bullet { n, key } => format!("Bullet {n} {key}"),
            Step::Metric { id } => format!("Metric {id}"),
            Step::Tier { n } => format!("Tier {n}"),
            Step::Parameter { n } => format!("Parameter {n}"),
            Step::PriceChange { n } => format!("Price change {n}"),
            Step::Grants { role } => format!("Actions granted to {role}"),
        }
    }
}

fn section_english(key: &str) -> String {
    match key {
        "texts" => "Catalog text".into(),
        "iam" => "IAM".into(),
        other => words(other),
    }
}

/// Steps in English, joined: "Plan “lite” › Metric API_CALLS › Tier 2 › Unit price (USD)".
pub fn english(steps: &[Step]) -> String {
    steps
        .iter()
        .map(Step::english)
        .collect::<Vec<_>>()
        .join(" › ")
}

/// `snake_case` → "Snake case"; `url`, `uri(s)` and `id` in capitals.
pub fn words(key: &str) -> String {
    let spaced = key
        .split('_')
        .map(|w| match w {
            "url" => "URL",
            "uri" => "URI",
            "uris" => "URIs",
            "id" => "ID",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The names of the plans in these documents by id (the first document that names one wins).
pub fn plan_names(docs: &[&serde_json::Value]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for plan in docs
        .iter()
        .filter_map(|d| d.get("plans").and_then(|p| p.as_array()))
        .flatten()
    {
        if let (Some(id), Some(name)) = (
            plan.get("id").and_then(|i| i.as_str()),
            plan.get("name").and_then(|n| n.as_str()),
        ) {
            names
                .entry(id.to_owned())
                .or_insert_with(|| name.to_owned());
        }
    }
    names
}

/// A list position as people count: `"0"` → 1.
fn nth(key: &str) -> usize {
    key.parse::<usize>().map(|i| i + 1).unwrap_or(0)
}

fn fields(keys: &[&str]) -> Vec<Step> {
    keys.iter().map(|k| Step::field(k)).collect()
}

/// The steps of the part of a plan's path after `plans.<id>.`.
fn plan_steps(rest: &[&str]) -> Vec<Step> {
    match rest {
        ["texts", lang, field] => vec![Step::field_in(field, lang)],
        ["pricing", "kind"] => vec![Step::field("pricing_type")],
        ["parameters", i, tail @ ..] => {
            let mut out = vec![Step::Parameter { n: nth(i) }];
            match tail {
                ["texts", lang, field] => out.push(Step::field_in(field, lang)),
                ["accepts", rest @ ..] => out.extend(fields(rest)),
                other => out.extend(fields(other)),
            }
            out
        }
        ["price_changes", i, "pricing", tail @ ..] => {
            let mut path = vec!["pricing"];
            path.extend_from_slice(tail);
            let mut out = vec![Step::PriceChange { n: nth(i) }];
            out.extend(plan_steps(&path));
            out
        }
        ["price_changes", i, tail @ ..] => {
            let mut out = vec![Step::PriceChange { n: nth(i) }];
            out.extend(fields(tail));
            out
        }
        ["pricing", "monthly_fee", currency] => vec![Step::field_in("monthly_fee", currency)],
        ["pricing", "metrics", metric, tail @ ..] => {
            let mut out = vec![Step::Metric {
                id: (*metric).to_owned(),
            }];
            match tail {
                ["tiers", i, "up_to"] => {
                    out.extend([Step::Tier { n: nth(i) }, Step::field("up_to")])
                }
                ["tiers", i, "prices", currency, field] => {
                    out.extend([Step::Tier { n: nth(i) }, Step::field_in(field, currency)])
                }
                ["unit_names", lang] => out.push(Step::field_in("unit_name", lang)),
                other => out.extend(fields(other)),
            }
            out
        }
        other => fields(other),
    }
}

/// A path as steps. `plan_name` gives the name of a plan by its id.
pub fn steps(path: &str, plan_name: &dyn Fn(&str) -> Option<String>) -> Vec<Step> {
    let parts: Vec<&str> = path.split('.').collect();
    let section = |key: &str| Step::Section {
        key: key.to_owned(),
    };
    let mut out = match parts.as_slice() {
        ["texts", _, "bullets", i, field] => vec![Step::Bullet {
            n: nth(i),
            key: (*field).to_owned(),
        }],
        ["texts", _, rest @ ..] => fields(rest),
        ["iam", "grants", role] => vec![Step::Grants {
            role: (*role).to_owned(),
        }],
        ["plans"] => vec![Step::field("order")],
        ["support", "targets", severity] => vec![Step::field(&format!("target_{severity}"))],
        ["plans", _, rest @ ..] => plan_steps(rest),
        [_, rest @ ..] => fields(rest),
        [] => vec![],
    };
    let head = match parts.as_slice() {
        ["texts", lang, ..] => Some(Step::CatalogText {
            lang: (*lang).to_owned(),
        }),
        ["plans", id, ..] => Some(Step::Plan {
            name: plan_name(id).unwrap_or_else(|| (*id).to_owned()),
        }),
        [key] if !matches!(*key, "plans") => return vec![Step::field(key)],
        [key, ..] => Some(section(key)),
        [] => None,
    };
    out.splice(0..0, head);
    out
}

/// A path in words: "Catalog text (en) › Short description", "Plan “lite” › Metric API_CALLS ›
/// Tier 2 › Unit price (USD)". `docs` are the two versions (newer first), for plan names.
pub fn label(path: &str, newer: &serde_json::Value, older: &serde_json::Value) -> String {
    let names = plan_names(&[newer, older]);
    english(&steps(path, &|id| names.get(id).cloned()))
}

/// Whether a change adds, removes or changes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

impl FieldChange {
    pub fn kind(&self) -> ChangeKind {
        match (self.before.is_empty(), self.after.is_empty()) {
            (true, false) => ChangeKind::Added,
            (false, true) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        }
    }
}

/// The changes of one part of the document (a section, a language's text, a plan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeGroup {
    /// The part: the first step every change in it shares.
    pub title: Step,
    pub changes: Vec<FieldChange>,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// Changes grouped by the part of the document they are in, in document order (basics, texts,
/// announcement, plans, IAM, then the rest), each group in path order.
pub fn group(changes: Vec<FieldChange>) -> Vec<ChangeGroup> {
    let mut groups: Vec<ChangeGroup> = Vec::new();
    for change in changes {
        let Some(title) = change.steps.first().cloned() else {
            continue;
        };
        let at = match groups.iter().position(|g| g.title == title) {
            Some(at) => at,
            None => {
                groups.push(ChangeGroup {
                    title,
                    changes: vec![],
                    added: 0,
                    changed: 0,
                    removed: 0,
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[at];
        match change.kind() {
            ChangeKind::Added => g.added += 1,
            ChangeKind::Removed => g.removed += 1,
            ChangeKind::Changed => g.changed += 1,
        }
        g.changes.push(change);
    }
    groups.sort_by_key(|g| rank(&g.title));
    groups
}

fn rank(title: &Step) -> usize {
    match title {
        Step::Section { key } if key == "basics" => 0,
        Step::CatalogText { .. } => 1,
        Step::Section { key } if key == "announcement" => 2,
        Step::Section { key } if key == "plans" => 3,
        Step::Plan { .. } => 4,
        Step::Section { key } if key == "iam" => 5,
        Step::Section { key } if key == "support" => 6,
        _ => 7,
    }
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
