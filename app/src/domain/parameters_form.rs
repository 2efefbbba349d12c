//! The create-time parameters form (`plans/parameters.rs`): each row's fields are posted as
//! `parameters.<index>.<key>`, the same path the problems name, with or without JavaScript.

use super::parameters::{ParameterInput, MAX_PARAMETERS};
use std::collections::BTreeMap;

/// The form's field name of `key` in row `index`: `parameters.<index>.<key>`, the same path
/// the problems use (`key` is `name`, `kind`, …, or `texts.<language>.label` / `.help`).
pub fn field_name(index: usize, key: &str) -> String {
    format!("parameters.{index}.{key}")
}

impl ParameterInput {
    /// The text of `key` (`name`, `default`, `texts.de.label` …); `required` and `remove` as
    /// `"true"` or empty.
    pub fn get(&self, key: &str) -> String {
        let flag = |b: bool| if b { "true".to_string() } else { String::new() };
        match key {
            "name" => self.name.clone(),
            "kind" => self.kind.clone(),
            "required" => flag(self.required),
            "remove" => flag(self.remove),
            "default" => self.default.clone(),
            "minimum" => self.minimum.clone(),
            "maximum" => self.maximum.clone(),
            "max_length" => self.max_length.clone(),
            "options" => self.options.clone(),
            other => match other.strip_prefix("texts.").and_then(|k| k.split_once('.')) {
                Some((language, "label")) => self
                    .texts
                    .get(language)
                    .map(|t| t.label.clone())
                    .unwrap_or_default(),
                Some((language, "help")) => self
                    .texts
                    .get(language)
                    .map(|t| t.help.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            },
        }
    }

    /// Sets `key` to `value` as typed (see [`ParameterInput::get`]); an unknown key is ignored.
    pub fn set(&mut self, key: &str, value: &str) {
        let value = value.to_owned();
        match key {
            "name" => self.name = value,
            "kind" => self.kind = value,
            "required" => self.required = value == "true",
            "remove" => self.remove = value == "true",
            "default" => self.default = value,
            "minimum" => self.minimum = value,
            "maximum" => self.maximum = value,
            "max_length" => self.max_length = value,
            "options" => self.options = value,
            other => {
                if let Some((language, part)) =
                    other.strip_prefix("texts.").and_then(|k| k.split_once('.'))
                {
                    let text = self.texts.entry(language.to_owned()).or_default();
                    match part {
                        "label" => text.label = value,
                        "help" => text.help = value,
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The rows of a posted form (`parameters.<index>.<key>` = value), in index order.
pub fn from_fields<'a>(
    fields: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Vec<ParameterInput> {
    let mut rows: BTreeMap<usize, ParameterInput> = BTreeMap::new();
    for (name, value) in fields {
        let Some((index, key)) = name
            .strip_prefix("parameters.")
            .and_then(|r| r.split_once('.'))
        else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        if index < 4 * MAX_PARAMETERS {
            rows.entry(index).or_default().set(key, value);
        }
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posted_form_becomes_rows_in_order_and_each_field_reads_back() {
        let posted: BTreeMap<String, String> = [
            ("parameters.1.name", "tier"),
            ("parameters.1.kind", "choice"),
            ("parameters.1.options", "a\nb"),
            ("parameters.0.name", "size"),
            ("parameters.0.required", "true"),
            ("parameters.0.texts.de.label", "Größe"),
            ("parameters.0.texts.en.help", "In GB."),
            ("parameters.x.name", "ignored"),
            ("version", "3"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let rows = from_fields(&posted);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].name.as_str(), rows[0].required), ("size", true));
        assert_eq!(rows[0].get("texts.de.label"), "Größe");
        assert_eq!(rows[0].get("texts.en.help"), "In GB.");
        assert_eq!(rows[0].get("texts.fr.label"), "");
        assert_eq!(
            (rows[1].get("kind"), rows[1].get("options")),
            ("choice".into(), "a\nb".into())
        );
        assert_eq!(
            field_name(1, "texts.de.label"),
            "parameters.1.texts.de.label"
        );
    }
}
