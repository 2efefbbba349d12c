//! Field-level differences between two versions of a document: for conflict messages,
//! the audit log and (later) the reviewer's diff.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One field that differs between two versions, for conflict messages and the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
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
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), v, out);
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
    flatten(
        "",
        &serde_json::to_value(before).unwrap_or_default(),
        &mut a,
    );
    flatten("", &serde_json::to_value(after).unwrap_or_default(), &mut b);
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (
                a.get(k).cloned().unwrap_or_default(),
                b.get(k).cloned().unwrap_or_default(),
            );
            (x != y).then(|| FieldChange {
                field: k.clone(),
                before: x,
                after: y,
            })
        })
        .collect()
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
                    before: "a".into(),
                    after: "a, b".into()
                },
                FieldChange {
                    field: "texts.en.display_name".into(),
                    before: String::new(),
                    after: "New".into()
                },
            ]
        );
        assert!(field_changes(&before, &before).is_empty());
    }
}
