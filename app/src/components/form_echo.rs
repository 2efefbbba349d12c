//! What the user typed in a form the server refused, when it was posted without JavaScript:
//! the server adds the posted fields to the page address (`__form`, see the server's
//! `form_echo`), next to the refusal (`__path`, `__err`). Fields start from these values instead
//! of the stored ones, on the server's HTML and (the address being the same) on hydration.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The posted fields of the refused form, in order, if the page address carries them.
pub fn posted() -> Option<Vec<(String, String)>> {
    let query = use_query_map();
    let form = query.with_untracked(|q| q.get("__form"))?;
    Some(
        url::form_urlencoded::parse(form.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

/// The posted form, if the refused post went to the server function at `path`.
pub fn posted_to(path: &str) -> Option<Vec<(String, String)>> {
    let query = use_query_map();
    let from = query.with_untracked(|q| q.get("__path"))?;
    (from == path).then(posted).flatten()
}

/// What was typed in field `name` of the refused plain post to the server function at `path`,
/// or nothing: the starting value of a raw input, textarea child or `value` attribute, since
/// the server's HTML has no `prop:value`.
pub fn typed(path: &str, name: &str) -> String {
    posted_to(path)
        .and_then(|form| value_of(&form, name))
        .unwrap_or_default()
}

/// Whether the page was reached by a plain form post to the server function at `path` that
/// it accepted (`__saved`, added by the server's `form_echo`): the form says "Saved." as it
/// does after a save with JavaScript.
pub fn saved_by(path: &str) -> bool {
    use_query_map().with_untracked(|q| q.get("__saved").is_some_and(|p| p == path))
}

/// The value posted for `name` by the form of `scope`: a page with several forms of the same
/// fields tells them apart by a hidden `form_scope` input (the edit forms of each broker),
/// the one form without it has scope `None`.
pub fn posted_value(name: &str, scope: Option<&str>) -> Option<String> {
    let form = posted()?;
    if value_of(&form, "form_scope").as_deref() != scope {
        return None;
    }
    value_of(&form, name)
}

/// The value posted for `name` in `form`, if any.
pub fn value_of(form: &[(String, String)], name: &str) -> Option<String> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// The values posted for `prefix[0]`, `prefix[1]`, … in index order (`None` if none was).
pub fn indexed(form: &[(String, String)], prefix: &str) -> Vec<String> {
    let mut rows: Vec<(usize, String)> = form
        .iter()
        .filter_map(|(k, v)| {
            let index = k
                .strip_prefix(prefix)?
                .strip_prefix('[')?
                .strip_suffix(']')?;
            Some((index.parse().ok()?, v.clone()))
        })
        .collect();
    rows.sort_by_key(|(i, _)| *i);
    rows.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::indexed;

    #[test]
    fn indexed_rows_come_back_in_order() {
        let form: Vec<(String, String)> = [
            ("uris[1]", "b"),
            ("uris[0]", "a"),
            ("uris", "x"),
            ("urisx[2]", "y"),
            ("uris[10]", "c"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(indexed(&form, "uris"), ["a", "b", "c"]);
        assert!(indexed(&form, "roles").is_empty());
    }
}
