//! An offering's audit row as the History tab shows it: the fields it changed, by their labels,
//! with internal references (request and comment ids, organisation ids, English state words the
//! action already says) left out, and plans named rather than numbered.

use super::diff::{field_changes_named, steps, FieldChange, Step};
use std::collections::BTreeMap;

/// Keys of an audit object that are references or repeat what the action says.
const HIDDEN: [&str; 5] = ["request", "comment", "state", "organisation_id", "format"];

/// The changes one audit row records. `plans` names the offering's plans by id now; a plan the
/// row itself names (`plans.<id>.name`, when it was added or removed) is named from the row.
pub fn changes(
    action: &str,
    before: &serde_json::Value,
    after: &serde_json::Value,
    plans: &BTreeMap<String, String>,
) -> Vec<FieldChange> {
    if action == "review.comment" {
        return comment(after, plans);
    }
    let mut names = plans.clone();
    for side in [before, after] {
        for (key, value) in side.as_object().into_iter().flatten() {
            let id = key
                .strip_prefix("plans.")
                .and_then(|k| k.strip_suffix(".name"));
            if let (Some(id), Some(name)) = (id, value.as_str()) {
                names.insert(id.to_owned(), name.to_owned());
            }
        }
    }
    let mut out = field_changes_named(before, after, &|id| names.get(id).cloned());
    out.retain(|c| !HIDDEN.contains(&c.field.as_str()));
    // A lifecycle event's `text` is the note that went with it.
    if action.starts_with("visibility.") {
        for c in out.iter_mut().filter(|c| c.field == "text") {
            c.field = "note".into();
            c.steps = steps("note", &|_| None);
            c.label = super::diff::english(&c.steps);
        }
    }
    out
}

/// A comment: on a field, it reads as that field with the comment's text; otherwise as the text.
fn comment(after: &serde_json::Value, plans: &BTreeMap<String, String>) -> Vec<FieldChange> {
    let body = after
        .get("body")
        .and_then(|b| b.as_str())
        .unwrap_or_default();
    let field = after.get("field").and_then(|f| f.as_str());
    let path = field.unwrap_or("body");
    let steps: Vec<Step> = steps(path, &|id| plans.get(id).cloned());
    vec![FieldChange {
        field: path.to_owned(),
        label: super::diff::english(&steps),
        steps,
        before: String::new(),
        after: body.to_owned(),
    }]
}

#[cfg(test)]
#[path = "audit_changes_tests.rs"]
mod tests;
