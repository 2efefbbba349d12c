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
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

/// Field-by-field differences between two serialisable values (e.g. two document versions).
pub fn field_changes<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    let (before, after) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    flatten("", &before, &mut a);
    flatten("", &after, &mut b);
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (
                a.get(k).cloned().unwrap_or_default(),
                b.get(k).cloned().unwrap_or_default(),
            );
            (x != y).then(|| FieldChange {
                field: k.clone(),
                label: label(k, &after, &before),
                before: x,
                after: y,
            })
        })
        .collect()
}

/// `snake_case` → "Snake case"; `url`, `uri(s)` and `id` in capitals.
fn words(key: &str) -> String {
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

/// The name of the plan with this id in either document (the newer first), or the id.
fn plan_name(id: &str, docs: [&serde_json::Value; 2]) -> String {
    docs.iter()
        .filter_map(|d| d.get("plans").and_then(|p| p.as_array()))
        .flatten()
        .find(|p| p.get("id").and_then(|i| i.as_str()) == Some(id))
        .and_then(|p| p.get("name").and_then(|n| n.as_str()))
        .unwrap_or(id)
        .to_owned()
}

/// A list position as people count: `0` → "1"; ids stay as they are.
fn ordinal(key: &str) -> String {
    key.parse::<usize>()
        .map(|i| (i + 1).to_string())
        .unwrap_or_else(|_| key.to_owned())
}

/// The words for the part of a plan's path after `plans.<id>.`.
fn plan_part(rest: &[&str]) -> Vec<String> {
    match rest {
        ["texts", lang, field] => vec![format!("{} ({lang})", words(field))],
        ["texts", lang, "bullets", i, field] => {
            vec![format!("Bullet {} {} ({lang})", ordinal(i), field)]
        }
        ["pricing", "kind"] => vec!["Pricing type".into()],
        ["pricing", "monthly_fee", currency] => vec![format!("Monthly fee ({currency})")],
        ["pricing", "metrics", metric, tail @ ..] => {
            let mut out = vec![format!("Metric {metric}")];
            match tail {
                ["tiers", i, "up_to"] => {
                    out.push(format!("Tier {}", ordinal(i)));
                    out.push("Up to".into());
                }
                ["tiers", i, "prices", currency, field] => {
                    out.push(format!("Tier {}", ordinal(i)));
                    out.push(format!("{} ({currency})", words(field)));
                }
                ["unit_names", lang] => out.push(format!("Unit name ({lang})")),
                other => out.extend(other.iter().map(|k| words(k))),
            }
            out
        }
        other => other.iter().map(|k| words(k)).collect(),
    }
}

/// A path in words: "Catalog text (en) › Short description", "Plan “lite” › Metric API_CALLS ›
/// Tier 2 › Unit price (USD)". `docs` are the two versions (newer first), for plan names.
pub fn label(path: &str, newer: &serde_json::Value, older: &serde_json::Value) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let docs = [newer, older];
    let words_of: Vec<String> = match parts.as_slice() {
        ["texts", lang, "bullets", i, field] => vec![
            format!("Catalog text ({lang})"),
            format!("Bullet {} {}", ordinal(i), field),
        ],
        ["texts", lang, rest @ ..] => std::iter::once(format!("Catalog text ({lang})"))
            .chain(rest.iter().map(|k| words(k)))
            .collect(),
        ["iam", "grants", role] => vec!["IAM".into(), format!("Actions granted to {role}")],
        ["iam", rest @ ..] => std::iter::once("IAM".to_owned())
            .chain(rest.iter().map(|k| words(k)))
            .collect(),
        ["plans", id, rest @ ..] => std::iter::once(format!("Plan “{}”", plan_name(id, docs)))
            .chain(plan_part(rest))
            .collect(),
        other => other.iter().map(|k| words(k)).collect(),
    };
    words_of.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::offering::{CatalogText, OfferingDocument};

    #[test]
    fn field_changes_name_each_changed_field() {
        let mut before = OfferingDocument::default();
        before.basics.tags = vec!["a".into()];
        let mut after = before.clone();
        after.basics.tags = vec!["a".into(), "b".into()];
        after.texts.insert(
            "en".into(),
            CatalogText {
                display_name: "New".into(),
                ..Default::default()
            },
        );
        let changes = field_changes(&before, &after);
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    field: "basics.tags".into(),
                    label: "Basics › Tags".into(),
                    before: "a".into(),
                    after: "a, b".into()
                },
                FieldChange {
                    field: "texts.en.display_name".into(),
                    label: "Catalog text (en) › Display name".into(),
                    before: String::new(),
                    after: "New".into()
                },
            ]
        );
        assert!(field_changes(&before, &before).is_empty());
    }

    #[test]
    fn labels_name_plans_metrics_tiers_and_prices() {
        let doc = serde_json::json!({
            "plans": [{ "id": "p-1", "name": "standard" }]
        });
        let empty = serde_json::json!({});
        let table = [
            (
                "texts.de.short_description",
                "Catalog text (de) › Short description",
            ),
            (
                "texts.en.bullets.0.title",
                "Catalog text (en) › Bullet 1 title",
            ),
            ("basics.documentation_url", "Basics › Documentation URL"),
            ("announcement.date", "Announcement › Date"),
            ("iam.redirect_uris", "IAM › Redirect URIs"),
            ("iam.grants.Auditor", "IAM › Actions granted to Auditor"),
            ("plans.p-1.name", "Plan “standard” › Name"),
            (
                "plans.p-1.texts.en.display_name",
                "Plan “standard” › Display name (en)",
            ),
            ("plans.p-1.pricing.kind", "Plan “standard” › Pricing type"),
            (
                "plans.p-1.pricing.monthly_fee.EUR",
                "Plan “standard” › Monthly fee (EUR)",
            ),
            (
                "plans.p-1.pricing.metrics.API_CALLS.tiers.1.prices.USD.unit_price",
                "Plan “standard” › Metric API_CALLS › Tier 2 › Unit price (USD)",
            ),
            (
                "plans.p-1.pricing.metrics.API_CALLS.tiers.0.up_to",
                "Plan “standard” › Metric API_CALLS › Tier 1 › Up to",
            ),
            (
                "plans.p-1.pricing.metrics.API_CALLS.unit_names.fr",
                "Plan “standard” › Metric API_CALLS › Unit name (fr)",
            ),
            ("plans.p-9.name", "Plan “p-9” › Name"),
        ];
        for (path, want) in table {
            assert_eq!(label(path, &doc, &empty), want, "{path}");
        }
    }

    #[test]
    fn reordering_plans_changes_only_their_order() {
        let plans = serde_json::json!({ "plans": [
            { "id": "a", "name": "one", "pricing": { "kind": "free" } },
            { "id": "b", "name": "two", "pricing": { "kind": "paid" } }
        ]});
        let mut swapped = plans.clone();
        swapped["plans"].as_array_mut().unwrap().reverse();
        assert_eq!(
            field_changes(&plans, &swapped),
            [FieldChange {
                field: "plans".into(),
                label: "Plans".into(),
                before: "one, two".into(),
                after: "two, one".into(),
            }]
        );
        let mut renamed = plans.clone();
        renamed["plans"][1]["name"] = "deux".into();
        // A rename is a change of that plan's name (and of the list, which shows names).
        let changes = field_changes(&plans, &renamed);
        let fields: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c.field.as_str(), c.label.as_str()))
            .collect();
        assert_eq!(
            fields,
            [("plans", "Plans"), ("plans.b.name", "Plan “deux” › Name")]
        );
    }
}
