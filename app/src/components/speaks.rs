//! Who a sentence is worded for: a page (its i18n context, tracked) or a bare locale (an e-mail,
//! worded on the server outside any page). The word functions that both need take `impl Speaks`.

use crate::i18n::Locale;

pub trait Speaks: Copy {
    fn locale(self) -> Locale;
}

impl Speaks for leptos_i18n::I18nContext<Locale> {
    fn locale(self) -> Locale {
        self.get_locale()
    }
}

impl Speaks for Locale {
    fn locale(self) -> Locale {
        self
    }
}

/// `template` with each `%name%` of `parts` replaced, in one pass: a value (the provider's or a
/// reviewer's text) is never scanned for placeholders itself.
pub fn fill(template: &str, parts: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('%') {
        let after = &rest[start + 1..];
        let found = after.find('%').and_then(|end| {
            let name = &after[..end];
            parts
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (end, *v))
        });
        match found {
            Some((end, value)) => {
                out.push_str(&rest[..start]);
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
