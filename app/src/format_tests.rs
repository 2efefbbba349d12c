use super::*;

#[test]
fn numbers_follow_the_language() {
    let table: &[(Locale, &str, &str)] = &[
        (Locale::en, "1500.5", "1,500.5"),
        (Locale::de, "1500.5", "1.500,5"),
        (Locale::de, "0.000128", "0,000128"),
        (Locale::de, "12.50", "12,50"),
        (Locale::fr, "1234567.25", "1\u{202f}234\u{202f}567,25"),
        (Locale::it, "-3", "-3"),
        (Locale::pt_BR, "1500.5", "1.500,5"),
        (Locale::es, "1500.5", "1500,5"),
        (Locale::es, "15000.5", "15.000,5"),
        (Locale::de, "n/a", "n/a"),
        (Locale::de, "1.", "1."),
    ];
    for (locale, value, want) in table {
        assert_eq!(number(*locale, value), *want, "{value} in {locale:?}");
    }
}

#[test]
fn money_names_the_currency_after_the_number() {
    assert_eq!(money(Locale::de, "1234.50", "EUR"), "1.234,50\u{a0}EUR");
    assert_eq!(money(Locale::en, "0.045", "USD"), "0.045\u{a0}USD");
}

#[test]
fn timestamps_are_dates_and_times_in_utc() {
    assert_eq!(
        date_time(Locale::en, "2026-12-04T13:32:55Z"),
        "Dec 4, 2026, 1:32 PM UTC"
    );
    assert_eq!(
        date_time(Locale::de, "2026-12-04 13:32:55"),
        "04.12.2026, 13:32 UTC"
    );
    assert_eq!(date(Locale::de, "2026-11-01"), "01.11.2026");
    assert_eq!(date(Locale::en, "2026-12-04T13:32:55Z"), "Dec 4, 2026");
    assert_eq!(
        date_time(Locale::fr, "2026-11-01"),
        date(Locale::fr, "2026-11-01")
    );
    for bad in ["", "yesterday", "2026-13-01", "2026-12-04X10"] {
        assert_eq!(date_time(Locale::de, bad), bad);
    }
}

/// What the browser's `Intl` writes for the same values (dateStyle medium, timeStyle short, UTC;
/// checked with Node 20's V8 and ICU): client-side renders read as the server's first render.
#[test]
fn the_server_writes_what_the_browser_writes() {
    let table: &[(Locale, &str, &str)] = &[
        (Locale::en, "Dec 4, 2026, 1:32 PM", "Dec 4, 2026"),
        (Locale::de, "04.12.2026, 13:32", "04.12.2026"),
        (Locale::es, "4 dic 2026, 13:32", "4 dic 2026"),
        (Locale::fr, "4 déc. 2026, 13:32", "4 déc. 2026"),
        (Locale::it, "4 dic 2026, 13:32", "4 dic 2026"),
        (
            Locale::pt_BR,
            "4 de dez. de 2026, 13:32",
            "4 de dez. de 2026",
        ),
    ];
    for (locale, when, day) in table {
        assert_eq!(
            date_time(*locale, "2026-12-04T13:32:00Z"),
            format!("{when} UTC"),
            "{locale:?}"
        );
        assert_eq!(date(*locale, "2026-12-04"), *day, "{locale:?}");
    }
    // What V8's Intl writes for { month: "short", day: "numeric" } (Node 20). The numeric
    // form differs in German (ICU4X "05.11.", V8 "5.11."), so the chart names the month.
    let days: &[(Locale, &str)] = &[
        (Locale::en, "Nov 5"),
        (Locale::de, "5. Nov."),
        (Locale::es, "5 nov"),
        (Locale::fr, "5 nov."),
        (Locale::it, "5 nov"),
        (Locale::pt_BR, "5 de nov."),
    ];
    for (locale, want) in days {
        assert_eq!(day_month(*locale, "2026-11-05"), *want, "{locale:?}");
    }
    let numbers: &[(Locale, &str, &str)] = &[
        (Locale::en, "15000.5", "15,000.5"),
        (Locale::es, "1500.5", "1500,5"),
        (Locale::fr, "1500.5", "1\u{202f}500,5"),
        (Locale::it, "1500.5", "1500,5"),
        (Locale::pt_BR, "15000.5", "15.000,5"),
    ];
    for (locale, value, want) in numbers {
        assert_eq!(number(*locale, value), *want, "{locale:?}");
    }
}
