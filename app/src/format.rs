//! Numbers, amounts of money and timestamps in the UI language, from Unicode's CLDR rules.
//!
//! The server formats with ICU4X (`icu_decimal`, `icu_datetime`, compiled data); the browser
//! with its own ICU through `Intl`, which costs the bundle nothing (ICU4X's date data alone
//! would add some 330 KB of wasm). Both read CLDR, so a page reads the same before and after
//! hydration. Timestamps are stored in UTC and shown in UTC, saying so.
//!
//! Amounts keep the scale they were stored with (`12.50` stays two places, a unit price of
//! `0.000128` six) and name their currency by its ISO code after the number, in every
//! language: a console that prices in five currencies should never leave "$" ambiguous.

use crate::domain::pricing::{self, Currency};
use crate::i18n::Locale;
use leptos_i18n::Locale as _;
use rust_decimal::Decimal;

/// `value` (a decimal as stored: `1500.5`, `-3`, `0.000128`) with the language's decimal
/// separator and digit grouping. Text that is not a decimal is returned as it is.
pub fn number(locale: Locale, value: &str) -> String {
    let value = value.trim();
    if !is_decimal(value) {
        return value.to_owned();
    }
    backend::number(locale.as_str(), value).unwrap_or_else(|| value.to_owned())
}

/// An amount and its currency: `1.234,50 EUR` in German, `1,234.50 EUR` in English.
pub fn money(locale: Locale, amount: &str, currency: &str) -> String {
    format!("{}\u{a0}{}", number(locale, amount), currency.trim())
}

/// An amount rounded to its currency's minor units, with the currency: `186,00 EUR`.
pub fn amount(locale: Locale, value: Decimal, currency: Currency) -> String {
    money(
        locale,
        &pricing::format_amount(value, currency),
        currency.code(),
    )
}

/// The figure of [`amount`] alone, for a cell under a column that names the currency.
pub fn figure(locale: Locale, value: Decimal, currency: Currency) -> String {
    number(locale, &pricing::format_amount(value, currency))
}

/// A unit price with every decimal it has (at least the minor units), without the currency.
pub fn unit_figure(locale: Locale, value: Decimal, currency: Currency) -> String {
    number(locale, &pricing::format_unit_price(value, currency))
}

/// A quantity without trailing zeros: `1.500,5` in German.
pub fn quantity(locale: Locale, value: Decimal) -> String {
    number(locale, &value.normalize().to_string())
}

/// A stored timestamp (`2026-12-04T13:32:55Z`, or with a space) as date and time in UTC.
pub fn date_time(locale: Locale, stored: &str) -> String {
    match parts(stored) {
        Some(p) if p.has_time => match backend::date_time(locale.as_str(), &p) {
            Some(text) => format!("{text} UTC"),
            None => stored.to_owned(),
        },
        Some(p) => backend::date(locale.as_str(), &p).unwrap_or_else(|| stored.to_owned()),
        None => stored.to_owned(),
    }
}

/// The date part of a stored date or timestamp (`2026-11-01`), as the language writes dates.
pub fn date(locale: Locale, stored: &str) -> String {
    match parts(stored) {
        Some(p) => backend::date(locale.as_str(), &p).unwrap_or_else(|| stored.to_owned()),
        None => stored.to_owned(),
    }
}

/// The day and month of a stored date as the language writes them (`Nov 5`, `5. Nov.`): the
/// usage chart's day ticks.
pub fn day_month(locale: Locale, stored: &str) -> String {
    match parts(stored) {
        Some(p) => backend::day_month(locale.as_str(), &p).unwrap_or_else(|| stored.to_owned()),
        None => stored.to_owned(),
    }
}

/// A stored timestamp as a `<time>` element: the language's date and time, machine-readable
/// in `datetime`. With `date_only`, the date alone.
#[leptos::component]
pub fn When(#[prop(into)] at: String, #[prop(optional)] date_only: bool) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let locale = crate::i18n::use_i18n().get_locale_untracked();
    let text = if date_only {
        date(locale, &at)
    } else {
        date_time(locale, &at)
    };
    view! { <time datetime=at>{text}</time> }
}

fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut halves = digits.splitn(2, '.');
    let whole = halves.next().unwrap_or_default();
    let fraction = halves.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// The fields of a stored `YYYY-MM-DD[THH:MM[:SS]…]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    has_time: bool,
}

fn parts(stored: &str) -> Option<Parts> {
    let s = stored.trim();
    let field = |range: std::ops::Range<usize>| s.get(range)?.parse::<u32>().ok();
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    if s.get(4..5) != Some("-")
        || s.get(7..8) != Some("-")
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let time = match s.get(10..11) {
        Some("T") | Some(" ") => Some((field(11..13)?, field(14..16)?)),
        None => None,
        Some(_) => return None,
    };
    let (hour, minute) = time.unwrap_or((0, 0));
    if hour > 23 || minute > 59 {
        return None;
    }
    Some(Parts {
        year: year as i32,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        has_time: time.is_some(),
    })
}

#[cfg(feature = "ssr")]
mod backend {
    use super::Parts;
    use icu_calendar::Gregorian;
    use icu_datetime::fieldsets::{MD, YMD, YMDT};
    use icu_datetime::input::{Date, DateTime, Time};
    use icu_datetime::options::TimePrecision;
    use icu_datetime::FixedCalendarDateTimeFormatter;
    use icu_decimal::DecimalFormatter;
    use icu_locale_core::Locale;

    fn locale(tag: &str) -> Option<Locale> {
        tag.parse().ok()
    }

    pub fn number(tag: &str, value: &str) -> Option<String> {
        let formatter = DecimalFormatter::try_new(locale(tag)?.into(), Default::default()).ok()?;
        let decimal: fixed_decimal::Decimal = value.parse().ok()?;
        Some(formatter.format(&decimal).to_string())
    }

    fn date_of(p: &Parts) -> Option<Date<Gregorian>> {
        Date::try_new_gregorian(p.year, p.month, p.day).ok()
    }

    pub fn date(tag: &str, p: &Parts) -> Option<String> {
        let f = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
            locale(tag)?.into(),
            YMD::medium(),
        )
        .ok()?;
        Some(f.format(&date_of(p)?).to_string())
    }

    pub fn day_month(tag: &str, p: &Parts) -> Option<String> {
        let f = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
            locale(tag)?.into(),
            MD::medium(),
        )
        .ok()?;
        Some(f.format(&date_of(p)?).to_string())
    }

    pub fn date_time(tag: &str, p: &Parts) -> Option<String> {
        let f = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
            locale(tag)?.into(),
            YMDT::medium().with_time_precision(TimePrecision::Minute),
        )
        .ok()?;
        let time = Time::try_new(p.hour, p.minute, 0, 0).ok()?;
        let text = f
            .format(&DateTime {
                date: date_of(p)?,
                time,
            })
            .to_string();
        // Browsers write a plain space before AM/PM where CLDR has a narrow no-break space
        // (V8 keeps it for web compatibility); the server writes what the browser will.
        Some(text.replace('\u{202f}', " "))
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod backend {
    use super::Parts;
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    fn options(pairs: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in pairs {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o
    }

    fn locales(tag: &str) -> Array {
        Array::of1(&JsValue::from_str(tag))
    }

    pub fn number(tag: &str, value: &str) -> Option<String> {
        let places = value.split_once('.').map_or(0, |(_, f)| f.len()) as f64;
        let o = options(&[
            ("minimumFractionDigits", places.into()),
            ("maximumFractionDigits", places.into()),
        ]);
        let f = Intl::NumberFormat::new(&locales(tag), &o);
        // A string is formatted as the exact decimal it spells (Intl.NumberFormat v3).
        f.format()
            .call1(&JsValue::NULL, &JsValue::from_str(value))
            .ok()?
            .as_string()
    }

    fn utc(p: &Parts) -> Date {
        let ms = Date::utc(p.year as f64, p.month as f64 - 1.0)
            + ((p.day as f64 - 1.0) * 24.0 + p.hour as f64) * 3_600_000.0
            + p.minute as f64 * 60_000.0;
        Date::new(&JsValue::from_f64(ms))
    }

    fn format(tag: &str, p: &Parts, pairs: &[(&str, JsValue)]) -> Option<String> {
        let f = Intl::DateTimeFormat::new(&locales(tag), &options(pairs));
        f.format().call1(&JsValue::NULL, &utc(p)).ok()?.as_string()
    }

    pub fn date(tag: &str, p: &Parts) -> Option<String> {
        format(
            tag,
            p,
            &[("dateStyle", "medium".into()), ("timeZone", "UTC".into())],
        )
    }

    pub fn day_month(tag: &str, p: &Parts) -> Option<String> {
        format(
            tag,
            p,
            &[
                ("month", "short".into()),
                ("day", "numeric".into()),
                ("timeZone", "UTC".into()),
            ],
        )
    }

    pub fn date_time(tag: &str, p: &Parts) -> Option<String> {
        format(
            tag,
            p,
            &[
                ("dateStyle", "medium".into()),
                ("timeStyle", "short".into()),
                ("timeZone", "UTC".into()),
            ],
        )
    }
}

/// Neither side (a plain `cargo check`): the stored text.
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
mod backend {
    use super::Parts;
    pub fn number(_: &str, _: &str) -> Option<String> {
        None
    }
    pub fn date(_: &str, _: &Parts) -> Option<String> {
        None
    }
    pub fn date_time(_: &str, _: &Parts) -> Option<String> {
        None
    }
    pub fn day_month(_: &str, _: &Parts) -> Option<String> {
        None
    }
}

#[cfg(all(test, feature = "ssr"))]
#[path = "format_tests.rs"]
mod tests;
