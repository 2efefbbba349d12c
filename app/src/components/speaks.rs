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
