use super::*;
use time::macros::date;

fn query(from: &str, to: &str) -> AuditQuery {
    AuditQuery {
        from: from.into(),
        to: to.into(),
        ..AuditQuery::default()
    }
}

fn fields(problems: &[FieldProblem]) -> Vec<(&str, &Problem)> {
    problems
        .iter()
        .map(|p| (p.field.as_str(), &p.problem))
        .collect()
}

#[test]
fn days_parse_only_as_yyyy_mm_dd() {
    let cases = [
        ("2026-12-01", Some(date!(2026 - 12 - 01))),
        ("2024-02-29", Some(date!(2024 - 02 - 29))),
        ("2025-02-29", None),
        ("2026-13-01", None),
        ("2026-12-32", None),
        ("2026-1-01", None),
        ("26-12-01", None),
        ("2026-12-01T00:00", None),
        ("2026/12/01", None),
        ("+026-12-01", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(parse_day(text), want, "{text}");
    }
}

#[test]
fn the_range_becomes_instants_with_the_last_day_included() {
    let cases = [
        ("", "", None, None),
        ("2026-12-01", "", Some("2026-12-01T00:00:00.000Z"), None),
        ("", "2026-12-31", None, Some("2027-01-01T00:00:00.000Z")),
        // A month end and a leap day roll over into the next month.
        (
            "2024-02-29",
            "2024-02-29",
            Some("2024-02-29T00:00:00.000Z"),
            Some("2024-03-01T00:00:00.000Z"),
        ),
        (
            " 2026-11-30 ",
            "2026-11-30",
            Some("2026-11-30T00:00:00.000Z"),
            Some("2026-12-01T00:00:00.000Z"),
        ),
    ];
    for (from, to, want_from, want_until) in cases {
        let f = query(from, to).filter().expect(from);
        assert_eq!(f.from.as_deref(), want_from, "{from}");
        assert_eq!(f.until.as_deref(), want_until, "{to}");
    }
}

#[test]
fn the_instants_compare_with_the_logs_own_format() {
    let f = query("2026-12-01", "2026-12-01").filter().unwrap();
    let (from, until) = (f.from.unwrap(), f.until.unwrap());
    for (at, inside) in [
        ("2026-11-30T23:59:59.999Z", false),
        ("2026-12-01T00:00:00.000Z", true),
        ("2026-12-01T23:59:59.999Z", true),
        ("2026-12-02T00:00:00.000Z", false),
    ] {
        assert_eq!(at >= from.as_str() && at < until.as_str(), inside, "{at}");
    }
}

#[test]
fn refusals_name_their_field() {
    let long = "x".repeat(MAX_FILTER_LEN + 1);
    let cases: Vec<(AuditQuery, Vec<(&str, Problem)>)> = vec![
        (query("yesterday", ""), vec![("from", Problem::NotADate)]),
        (query("", "2026-02-30"), vec![("to", Problem::NotADate)]),
        (
            query("2026-12-02", "2026-12-01"),
            vec![("to", Problem::RangeReversed)],
        ),
        (
            query("nope", "2026-12-01"),
            vec![("from", Problem::NotADate)],
        ),
        (
            AuditQuery {
                actor: long.clone(),
                offering: long,
                ..AuditQuery::default()
            },
            vec![
                (
                    "offering",
                    Problem::TooLong {
                        max: MAX_FILTER_LEN,
                    },
                ),
                (
                    "actor",
                    Problem::TooLong {
                        max: MAX_FILTER_LEN,
                    },
                ),
            ],
        ),
    ];
    for (q, want) in cases {
        let problems = q.filter().expect_err(&format!("{q:?}"));
        let want: Vec<(&str, &Problem)> = want.iter().map(|(f, p)| (*f, p)).collect();
        assert_eq!(fields(&problems), want, "{q:?}");
    }
}

#[test]
fn empty_fields_filter_nothing_and_values_are_trimmed() {
    let q = AuditQuery {
        organisation: " org-1 ".into(),
        actor: "  ".into(),
        action: "offering.update".into(),
        ..AuditQuery::default()
    };
    let f = q.filter().unwrap();
    assert_eq!(f.organisation.as_deref(), Some("org-1"));
    assert_eq!(f.actor, None);
    assert_eq!(f.action.as_deref(), Some("offering.update"));
    assert_eq!(
        AuditQuery::default().filter().unwrap(),
        AuditFilter::default()
    );
}

#[test]
fn the_query_string_keeps_only_what_was_typed_encoded() {
    let q = AuditQuery {
        actor: "ann+1@example.com".into(),
        from: "2026-12-01".into(),
        offering: " ".into(),
        ..AuditQuery::default()
    };
    assert_eq!(
        q.query_string(),
        "actor=ann%2B1%40example.com&from=2026-12-01"
    );
    assert_eq!(AuditQuery::default().query_string(), "");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
    let cases = [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("offering.update", "offering.update"),
        ("a=b", "a=b"),
        ("", ""),
    ];
    for (value, want) in cases {
        assert_eq!(csv_text(value), want, "{value:?}");
    }
}
