use super::*;
use crate::domain::pricing::Currency;
use rust_decimal::Decimal;
use time::macros::{date, datetime};

/// A linear plan at `usd` per call.
fn linear(usd: &str) -> Plan {
    crate::domain::test_plans::metered("linear", &[("", usd)])
}

fn price(p: &Pricing) -> Decimal {
    p.metrics[0].tiers[0].prices[&Currency::Usd].unit_price
}

fn change(effective: Date, usd: &str) -> PriceChange {
    PriceChange {
        effective,
        pricing: linear(usd).pricing,
    }
}

fn scheduled(changes: Vec<PriceChange>) -> Plan {
    Plan {
        price_changes: changes,
        ..linear("0.01")
    }
}

#[test]
fn the_version_in_force_is_the_last_one_dated_on_or_before_the_utc_day() {
    let plan = scheduled(vec![
        change(date!(2027 - 03 - 01), "0.02"),
        change(date!(2027 - 06 - 01), "0.03"),
    ]);
    let cases = [
        (datetime!(2027-02-28 23:59:59 UTC), "0.01"),
        (datetime!(2027-03-01 00:00 UTC), "0.02"),
        // 23:30 in New York on the last day of February is 04:30 UTC on 1 March.
        (datetime!(2027-02-28 23:30 -5), "0.02"),
        // 00:30 in Berlin on 1 March is still February in UTC.
        (datetime!(2027-03-01 00:30 +1), "0.01"),
        (datetime!(2027-05-31 23:59 UTC), "0.02"),
        (datetime!(2027-06-01 00:00 UTC), "0.03"),
        (datetime!(2030-01-01 00:00 UTC), "0.03"),
        (datetime!(2020-01-01 00:00 UTC), "0.01"),
    ];
    for (at, want) in cases {
        assert_eq!(price(plan.prices_at(at)), want.parse().unwrap(), "{at}");
    }
    assert_eq!(
        plan.next_change(date!(2027 - 03 - 01)).map(|c| c.effective),
        Some(date!(2027 - 06 - 01))
    );
    assert_eq!(plan.next_change(date!(2027 - 06 - 01)), None);
}

#[test]
fn the_earliest_public_date_is_a_month_start_thirty_days_ahead() {
    let cases = [
        // Exactly 30 days to a month start.
        (date!(2027 - 01 - 30), date!(2027 - 03 - 01)),
        (date!(2027 - 01 - 31), date!(2027 - 04 - 01)),
        (date!(2027 - 01 - 01), date!(2027 - 02 - 01)),
        (date!(2027 - 01 - 02), date!(2027 - 02 - 01)),
        (date!(2027 - 01 - 03), date!(2027 - 03 - 01)),
        // Leap year: 30 January + 30 days is 29 February.
        (date!(2028 - 01 - 30), date!(2028 - 03 - 01)),
        (date!(2028 - 01 - 31), date!(2028 - 03 - 01)),
        (date!(2027 - 12 - 15), date!(2028 - 02 - 01)),
        (date!(2027 - 11 - 30), date!(2028 - 01 - 01)),
    ];
    for (today, want) in cases {
        assert_eq!(earliest_public(today), want, "{today}");
        assert_eq!(date_problem(today, want, true), None, "{today}");
    }
}

#[test]
fn a_new_date_is_refused_with_the_rule_it_breaks() {
    let today = date!(2027 - 01 - 15);
    let too_soon = Some(Problem::PriceNoticeTooShort {
        earliest: date!(2027 - 03 - 01),
    });
    let cases = [
        (
            date!(2027 - 01 - 15),
            false,
            Some(Problem::PriceDateNotFuture),
        ),
        (
            date!(2027 - 01 - 10),
            true,
            Some(Problem::PriceDateNotFuture),
        ),
        (date!(2027 - 01 - 16), false, None),
        (
            date!(2027 - 01 - 16),
            true,
            Some(Problem::PriceDateNotFirst),
        ),
        (date!(2027 - 02 - 01), true, too_soon),
        (date!(2027 - 02 - 01), false, None),
        (date!(2027 - 03 - 01), true, None),
        (
            date!(2027 - 03 - 02),
            true,
            Some(Problem::PriceDateNotFirst),
        ),
    ];
    for (effective, public, want) in cases {
        assert_eq!(
            date_problem(today, effective, public),
            want,
            "{effective} {public}"
        );
    }
}

#[test]
fn dates_parse_strictly() {
    let cases = [
        ("2027-03-01", Some(date!(2027 - 03 - 01))),
        (" 2028-02-29 ", Some(date!(2028 - 02 - 29))),
        ("2027-02-29", None),
        ("2027-3-1", None),
        ("01/03/2027", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(parse_date(text), want, "{text}");
    }
    let json = serde_json::to_value(change(date!(2027 - 03 - 01), "1")).unwrap();
    assert_eq!(json["effective"], "2027-03-01");
    let bad = serde_json::json!({ "effective": "2027-13-01", "pricing": json["pricing"] });
    assert!(serde_json::from_value::<PriceChange>(bad).is_err());
}

fn fields(problems: &[PlanProblem]) -> Vec<String> {
    problems.iter().map(|p| p.field().to_owned()).collect()
}

const TODAY: Date = date!(2027 - 01 - 15);

fn rules(public: bool) -> Rules {
    Rules {
        today: TODAY,
        public,
        carry_history: false,
    }
}

#[test]
fn a_schedule_is_checked_against_the_stored_plan() {
    let past = change(date!(2027 - 01 - 01), "0.02");
    let stored = scheduled(vec![past.clone()]);
    let mut other_kind = change(date!(2027 - 03 - 01), "0.03");
    other_kind.pricing.metrics[0].id = "GB_STORED".into();
    let in_force_edited = scheduled(vec![change(date!(2027 - 01 - 01), "0.05")]);
    let cases: Vec<(&str, Plan, bool, Vec<&str>)> = vec![
        (
            "a future change",
            scheduled(vec![past.clone(), change(date!(2027 - 03 - 01), "0.03")]),
            true,
            vec![],
        ),
        ("unchanged", stored.clone(), true, vec![]),
        (
            "too soon on public",
            scheduled(vec![past.clone(), change(date!(2027 - 02 - 01), "0.03")]),
            true,
            vec!["price_changes.1.effective"],
        ),
        (
            "soon on a draft",
            scheduled(vec![past.clone(), change(date!(2027 - 01 - 20), "0.03")]),
            false,
            vec![],
        ),
        (
            "a new past date",
            scheduled(vec![past.clone(), change(date!(2027 - 01 - 10), "0.03")]),
            false,
            vec!["price_changes.1.effective"],
        ),
        (
            "twice",
            scheduled(vec![
                past.clone(),
                change(date!(2027 - 03 - 01), "0.03"),
                change(date!(2027 - 03 - 01), "0.04"),
            ]),
            true,
            vec!["price_changes.2.effective"],
        ),
        (
            "other metrics",
            scheduled(vec![past.clone(), other_kind]),
            true,
            vec!["price_changes.1"],
        ),
        (
            "history removed on public",
            scheduled(vec![]),
            true,
            vec!["effective"],
        ),
        (
            "in force edited on public",
            in_force_edited.clone(),
            true,
            vec!["effective"],
        ),
        ("in force edited on a draft", in_force_edited, false, vec![]),
        (
            "first prices edited on public",
            Plan {
                price_changes: vec![past.clone()],
                ..linear("0.09")
            },
            true,
            vec!["price_changes"],
        ),
    ];
    for (what, after, public, want) in cases {
        let got = schedule_problems(Some(&stored), &after, rules(public));
        assert_eq!(fields(&got), want, "{what}: {got:?}");
    }
    let imported = scheduled(vec![change(date!(2026 - 01 - 01), "0.02")]);
    let carried = Rules {
        carry_history: true,
        ..rules(false)
    };
    assert!(schedule_problems(None, &imported, carried).is_empty());
    assert_eq!(
        fields(&schedule_problems(None, &imported, rules(false))),
        ["price_changes.0.effective"]
    );
}

#[test]
fn scheduling_replaces_a_change_on_the_same_date_and_keeps_the_order() {
    let mut plan = scheduled(vec![change(date!(2027 - 06 - 01), "0.03")]);
    plan.schedule(change(date!(2027 - 03 - 01), "0.02"));
    plan.schedule(change(date!(2027 - 06 - 01), "0.04"));
    let got: Vec<(Date, Decimal)> = (plan.price_changes.iter())
        .map(|c| (c.effective, price(&c.pricing)))
        .collect();
    assert_eq!(
        got,
        [
            (date!(2027 - 03 - 01), "0.02".parse().unwrap()),
            (date!(2027 - 06 - 01), "0.04".parse().unwrap())
        ]
    );
    *plan.prices_on_mut(date!(2027 - 04 - 01)) = linear("0.07").pricing;
    assert_eq!(
        price(&plan.price_changes[0].pricing),
        "0.07".parse().unwrap()
    );
    *plan.prices_on_mut(date!(2027 - 01 - 01)) = linear("0.08").pricing;
    assert_eq!(price(&plan.pricing), "0.08".parse().unwrap());
}

#[test]
fn changes_sent_whole_are_read_at_the_currency_scale() {
    let mut fine = change(date!(2027 - 03 - 01), "0.02");
    fine.pricing.metrics[0].tiers[0]
        .prices
        .get_mut(&Currency::Usd)
        .unwrap()
        .unit_price = "0.0000000000001".parse().unwrap();
    let plan = scheduled(vec![change(date!(2027 - 06 - 01), "0.03"), fine]);
    let problems = exact_changes(&plan).unwrap_err();
    assert!(
        fields(&problems)
            .iter()
            .all(|f| f.starts_with("price_changes.1.metrics.0.tiers.0")),
        "{problems:?}"
    );
    let ok = scheduled(vec![
        change(date!(2027 - 06 - 01), "0.03"),
        change(date!(2027 - 03 - 01), "0.02"),
    ]);
    let read = exact_changes(&ok).unwrap();
    assert_eq!(
        read[0].effective,
        date!(2027 - 06 - 01),
        "in the order sent"
    );
}

#[test]
fn a_change_the_released_version_lacks_must_still_give_notice() {
    let announced = change(date!(2027 - 02 - 01), "0.02");
    let live = [scheduled(vec![announced.clone()])];
    let cases = [
        ("announced", vec![announced.clone()], None),
        (
            "new and far",
            vec![announced.clone(), change(date!(2027 - 04 - 01), "0.03")],
            None,
        ),
        (
            "new and near",
            vec![change(date!(2027 - 02 - 01), "0.05")],
            Some(date!(2027 - 02 - 01)),
        ),
        (
            "lapsed in review",
            vec![change(date!(2027 - 01 - 01), "0.05")],
            Some(date!(2027 - 01 - 01)),
        ),
    ];
    for (what, changes, want) in cases {
        let plans = [scheduled(changes)];
        let got = short_notice(&live, &plans, TODAY).first().map(|(_, d)| *d);
        assert_eq!(got, want, "{what}");
    }
}
