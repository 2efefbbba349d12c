//! The validation of a plan's pricing fields: each field and problem named, as sentences.

use super::*;

/// A valid plan in USD and EUR: graduated, tiers ending at 100 and 200, then open-ended.
fn base() -> Pricing {
    let prices = |usd, eur| [(Usd, usd, ""), (Eur, eur, "")];
    let tiers = vec![
        tier("100", &prices("1.00", "0.90")),
        tier("200", &prices("0.50", "0.45")),
        tier("", &prices("0.10", "0.09")),
    ];
    paid(vec![metric_in("API_CALLS", Graduated, "1", tiers)])
}

fn set_price(p: &mut Pricing, j: usize, c: Currency, unit_price: &str) {
    let price = TierPrice {
        unit_price: d(unit_price),
        flat_fee: None,
    };
    p.metrics[0].tiers[j].prices.insert(c, price);
}

fn up_to(p: &mut Pricing, j: usize, up_to: Option<&str>) {
    p.metrics[0].tiers[j].up_to = up_to.map(d);
}

#[test]
fn validation_names_each_field_and_problem() {
    use PricingProblem as P;
    let edge = |tier, previous_tier, end: &str| P::TierEndTooLow {
        tier,
        previous_tier,
        previous_end: d(end),
    };
    let eur = P::MissingCurrency { currency: Eur };
    let gbp = P::MissingCurrency { currency: Gbp };
    let decimals = |currency: Currency| P::TooManyDecimals {
        currency,
        max: currency.minor_units(),
    };
    // (what, the change to `base()`, every problem expected as (field, problem))
    type Case = (&'static str, fn(&mut Pricing), Vec<(&'static str, P)>);
    let cases: Vec<Case> = vec![
        ("valid", |_| {}, vec![]),
        // A gap cannot be stored; a bound that does not increase is refused.
        (
            "bound repeated",
            |p| up_to(p, 1, Some("100")),
            vec![("metrics.0.tiers.1.up_to", edge(1, Some(0), "100"))],
        ),
        (
            "bound decreasing",
            |p| up_to(p, 1, Some("50")),
            vec![("metrics.0.tiers.1.up_to", edge(1, Some(0), "100"))],
        ),
        (
            "first bound 0",
            |p| up_to(p, 0, Some("0")),
            vec![("metrics.0.tiers.0.up_to", edge(0, None, "0"))],
        ),
        (
            "open tier not last",
            |p| up_to(p, 0, None),
            vec![("metrics.0.tiers.0.up_to", P::OpenTierNotLast { tier: 0 })],
        ),
        (
            "last tier bounded",
            |p| up_to(p, 2, Some("300")),
            vec![("metrics.0.tiers.2.up_to", P::LastTierNotOpen { tier: 2 })],
        ),
        (
            "missing USD",
            |p| _ = p.metrics[0].tiers[1].prices.remove(&Usd),
            vec![("metrics.0.tiers.1.USD.unit_price", P::UsdRequired)],
        ),
        (
            "currency set mismatch",
            |p| _ = p.metrics[0].tiers[2].prices.remove(&Eur),
            vec![("metrics.0.tiers.2.EUR.unit_price", eur.clone())],
        ),
        // A unit price may be finer than a cent (up to 10 decimals); a fee may not.
        (
            "6 decimals in a USD unit price",
            |p| set_price(p, 0, Usd, "0.000128"),
            vec![],
        ),
        (
            "10 decimals in a JPY unit price",
            |p| (0..3).for_each(|j| set_price(p, j, Jpy, "0.0000000001")),
            vec![],
        ),
        (
            "11 decimals in a unit price",
            |p| set_price(p, 0, Usd, "0.00000000001"),
            vec![(
                "metrics.0.tiers.0.USD.unit_price",
                P::UnitPriceTooPrecise { max: 10 },
            )],
        ),
        (
            "3 decimals in a USD flat fee",
            |p| p.metrics[0].tiers[1].prices.get_mut(&Usd).unwrap().flat_fee = Some(d("0.005")),
            vec![("metrics.0.tiers.1.USD.flat_fee", decimals(Usd))],
        ),
        (
            "1 decimal in a JPY flat fee",
            |p| {
                (0..3).for_each(|j| set_price(p, j, Jpy, "1"));
                p.metrics[0].tiers[1].prices.get_mut(&Jpy).unwrap().flat_fee = Some(d("1.5"));
            },
            vec![("metrics.0.tiers.1.JPY.flat_fee", decimals(Jpy))],
        ),
        (
            "JPY trailing zeros",
            |p| (0..3).for_each(|j| set_price(p, j, Jpy, "2.00")),
            vec![],
        ),
        (
            "negative flat fee",
            |p| p.metrics[0].tiers[1].prices.get_mut(&Usd).unwrap().flat_fee = Some(d("-1")),
            vec![("metrics.0.tiers.1.USD.flat_fee", P::Negative)],
        ),
        (
            "free plan with metrics",
            |p| p.kind = PricingType::Free,
            vec![(
                "metrics",
                P::MetricsNotAllowed {
                    kind: PricingType::Free,
                },
            )],
        ),
        (
            "lite plan with a fee",
            lite_with_fee,
            vec![(
                "monthly_fee",
                P::MonthlyFeeNotAllowed {
                    kind: PricingType::Lite,
                },
            )],
        ),
        (
            "paid plan without metrics",
            |p| p.metrics.clear(),
            vec![("metrics", P::MetricRequired)],
        ),
        (
            "paid plan with a fee",
            |p| _ = p.monthly_fee.insert(Usd, d("5")),
            vec![(
                "monthly_fee",
                P::MonthlyFeeNotAllowed {
                    kind: PricingType::Paid,
                },
            )],
        ),
        (
            "subscription without a fee",
            |p| p.kind = PricingType::Subscription,
            vec![
                ("monthly_fee.USD", P::MonthlyFeeRequired),
                ("monthly_fee.EUR", eur.clone()),
            ],
        ),
        (
            "subscription, no metrics",
            |p| *p = subscription(&[(Usd, "10"), (Eur, "9")], vec![]),
            vec![],
        ),
        (
            "duplicate metric id",
            |p| p.metrics.push(p.metrics[0].clone()),
            vec![(
                "metrics.1.id",
                P::DuplicateMetricId {
                    id: "API_CALLS".into(),
                    first: 0,
                },
            )],
        ),
        (
            "id in lower case",
            |p| p.metrics[0].id = "api_calls".into(),
            vec![("metrics.0.id", P::MetricIdPattern)],
        ),
        (
            "id starting with a digit",
            |p| p.metrics[0].id = "1CALLS".into(),
            vec![("metrics.0.id", P::MetricIdPattern)],
        ),
        (
            "id with a hyphen",
            |p| p.metrics[0].id = "API-CALLS".into(),
            vec![("metrics.0.id", P::MetricIdPattern)],
        ),
        (
            "id blank",
            |p| p.metrics[0].id = " ".into(),
            vec![("metrics.0.id", P::MetricIdRequired)],
        ),
        (
            "id of 51 characters",
            |p| p.metrics[0].id = "A".repeat(51),
            vec![(
                "metrics.0.id",
                P::MetricIdTooLong {
                    max: 50,
                    length: 51,
                },
            )],
        ),
        (
            "id of 50 characters",
            |p| p.metrics[0].id = "A".repeat(50),
            vec![],
        ),
        (
            "no English unit name",
            |p| _ = p.metrics[0].unit_names.remove("en"),
            vec![("metrics.0.unit_names.en", P::UnitNameRequired)],
        ),
        (
            "unit name of 41 chars",
            |p| _ = p.metrics[0].unit_names.insert("en".into(), "é".repeat(41)),
            vec![(
                "metrics.0.unit_names.en",
                P::UnitNameTooLong {
                    max: 40,
                    length: 41,
                },
            )],
        ),
        (
            "unit quantity 0",
            |p| p.metrics[0].unit_quantity = Decimal::ZERO,
            vec![("metrics.0.unit_quantity", P::NotPositive)],
        ),
        (
            "free units, graduated",
            |p| p.metrics[0].free_units = d("10"),
            vec![(
                "metrics.0.free_units",
                P::FreeUnitsOnlyForBlock { model: Graduated },
            )],
        ),
        (
            "negative free units",
            |p| *p = paid(vec![block("EXPORTS", "100", "-1", "5")]),
            vec![("metrics.0.free_units", P::Negative)],
        ),
        (
            "linear with 3 tiers",
            |p| p.metrics[0].model = Linear,
            vec![(
                "metrics.0.tiers",
                P::SingleTierModel {
                    model: Linear,
                    count: 3,
                },
            )],
        ),
        (
            "no tiers",
            |p| p.metrics[0].tiers.clear(),
            vec![("metrics.0.tiers", P::NoTiers)],
        ),
        (
            "eleven tiers",
            eleven_tiers,
            vec![("metrics.0.tiers", P::TooManyTiers { max: 10, count: 11 })],
        ),
        (
            "eleven metrics",
            eleven_metrics,
            vec![("metrics", P::TooManyMetrics { max: 10, count: 11 })],
        ),
        (
            "fee in GBP only on the subscription",
            gbp_fee,
            vec![
                ("monthly_fee.EUR", eur.clone()),
                ("metrics.0.tiers.0.GBP.unit_price", gbp.clone()),
                ("metrics.0.tiers.1.GBP.unit_price", gbp.clone()),
                ("metrics.0.tiers.2.GBP.unit_price", gbp.clone()),
            ],
        ),
    ];
    let count = cases.len();
    for (what, edit, want) in cases {
        let mut p = base();
        edit(&mut p);
        let got: Vec<(String, P)> = validate(&p)
            .into_iter()
            .map(|f| (f.field, f.problem))
            .collect();
        let want: Vec<(String, P)> = want.into_iter().map(|(f, p)| (f.to_owned(), p)).collect();
        assert_eq!(got, want, "{what}");
    }
    assert!(count >= 30, "{count} validation cases");
}

fn lite_with_fee(p: &mut Pricing) {
    *p = Pricing {
        kind: PricingType::Lite,
        ..subscription(&[(Usd, "5")], vec![])
    };
}

fn eleven_tiers(p: &mut Pricing) {
    let t = p.metrics[0].tiers[0].clone();
    let bound = |n: i64| (n < 11).then(|| Decimal::from(n));
    p.metrics[0].tiers = (1..=11)
        .map(|n| Tier {
            up_to: bound(n),
            ..t.clone()
        })
        .collect();
}

fn eleven_metrics(p: &mut Pricing) {
    let m = p.metrics[0].clone();
    p.metrics = (0..11)
        .map(|n| Metric {
            id: format!("M{n}"),
            ..m.clone()
        })
        .collect();
}

/// A subscription priced in USD and GBP while its tiers are in USD and EUR.
fn gbp_fee(p: &mut Pricing) {
    p.kind = PricingType::Subscription;
    p.monthly_fee = BTreeMap::from([(Usd, d("10")), (Gbp, d("8"))]);
}

#[test]
fn ids_that_predate_the_pattern_are_kept_on_update() {
    let mut before = base();
    before.metrics[0].id = "api.calls".into();
    assert_eq!(
        validate(&before)[0].problem,
        PricingProblem::MetricIdPattern
    );
    let mut after = before.clone();
    after.metrics[0].unit_quantity = d("1000");
    assert_eq!(validate_update(&before, &after), vec![]);
    after.metrics.push(Metric {
        id: "new.one".into(),
        ..after.metrics[0].clone()
    });
    assert_eq!(validate_update(&before, &after)[0].field, "metrics.1.id");
}

#[test]
fn problems_read_as_sentences() {
    use PricingProblem as P;
    let end = d("100.00");
    let cases = [
        (
            P::TierEndTooLow {
                tier: 1,
                previous_tier: Some(0),
                previous_end: end,
            },
            "Tier 2 must end above where tier 1 ends (100).",
        ),
        (
            P::TierEndTooLow {
                tier: 0,
                previous_tier: None,
                previous_end: Decimal::ZERO,
            },
            "Tier 1 must end above 0.",
        ),
        (
            P::TooManyDecimals {
                currency: Usd,
                max: 2,
            },
            "USD amounts have at most 2 decimals.",
        ),
        (
            P::TooManyDecimals {
                currency: Jpy,
                max: 0,
            },
            "JPY amounts are whole numbers.",
        ),
        (
            P::SingleTierModel {
                model: Block,
                count: 2,
            },
            "Block pricing has exactly one tier (this metric has 2).",
        ),
        (
            P::DuplicateMetricId {
                id: "API_CALLS".into(),
                first: 0,
            },
            "Metric 1 already has the id API_CALLS.",
        ),
        (
            P::OpenTierNotLast { tier: 1 },
            "Only the last tier is open-ended: give tier 2 an upper limit.",
        ),
        (
            P::MissingCurrency { currency: Eur },
            "Enter a price in EUR: the rest of the plan is priced in EUR.",
        ),
        (
            P::MetricsNotAllowed {
                kind: PricingType::Free,
            },
            "A free plan has no metrics: remove them or make the plan paid.",
        ),
    ];
    for (problem, sentence) in cases {
        assert_eq!(problem.english(), sentence);
        assert_eq!(problem.to_string(), sentence);
    }
}
