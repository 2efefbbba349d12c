//! Charge lines by model and currency, huge quantities, broken plans, offered currencies, JSON.

use super::*;

#[test]
fn lines_say_what_they_charge_for() {
    let e = estimate(&one(Graduated, "1", WITH_FEES), &usage(&[("UNITS", "150")])).unwrap();
    let shape = |l: &Line| (l.kind, l.tier, l.from, l.to, l.quantity);
    let got: Vec<_> = e.currencies[0].lines.iter().map(shape).collect();
    let (hundred, two_hundred) = (d("100"), Some(d("200")));
    assert_eq!(
        got,
        vec![
            (
                LineKind::Units,
                Some(0),
                Decimal::ZERO,
                Some(hundred),
                hundred
            ),
            (
                LineKind::FlatFee,
                Some(0),
                Decimal::ZERO,
                Some(hundred),
                Decimal::ONE
            ),
            (LineKind::Units, Some(1), hundred, two_hundred, d("50")),
            (
                LineKind::FlatFee,
                Some(1),
                hundred,
                two_hundred,
                Decimal::ONE
            ),
        ]
    );
    let metrics = e.currencies[0].lines.iter().map(|l| l.metric.as_deref());
    assert!(metrics.into_iter().all(|m| m == Some("UNITS")));

    // Block: the free units, then the billable units (from the end of the free units).
    let e = estimate(&three_models(), &usage(&[("EXPORTS", "320")])).unwrap();
    let [free, units] = &e.currencies[0].lines[..] else {
        panic!("{e:?}")
    };
    let free = (
        free.kind,
        free.tier,
        free.quantity,
        free.to,
        free.amount.to_string(),
    );
    assert_eq!(
        free,
        (
            LineKind::FreeUnits,
            None,
            d("50"),
            Some(d("50")),
            "0.00".into()
        )
    );
    let units = (units.kind, units.from, units.quantity, units.unit_quantity);
    assert_eq!(units, (LineKind::Units, d("50"), d("270"), d("100")));

    // The subscription line comes first and has no metric.
    let p = subscription(&[(Usd, "20")], one(Graduated, "1", WITH_FEES).metrics);
    let e = estimate(&p, &usage(&[("UNITS", "1")])).unwrap();
    let first = &e.currencies[0].lines[0];
    assert_eq!(
        (first.kind, first.metric.as_deref(), first.tier),
        (LineKind::Subscription, None, None)
    );
}

#[test]
fn huge_quantities_are_exact_or_too_large_never_a_panic() {
    // 10^15 requests at Autumn's rates per 1 000: 10 + 72 + (10^15 − 10 000) / 1 000 × 5.
    let p = one(
        Graduated,
        "1000",
        &[("1000", "10", ""), ("10000", "8", ""), ("", "5", "")],
    );
    let e = estimate(&p, &usage(&[("UNITS", "1000000000000000")])).unwrap();
    assert_eq!(e.currencies[0].total.to_string(), "5000000000032.00");

    // Decimal::MAX units at 2 USD: the product cannot be represented.
    let at = |q: Decimal| BTreeMap::from([("UNITS".to_owned(), q)]);
    let p = one(Linear, "1", &[("", "2", "")]);
    assert_eq!(
        estimate(&p, &at(Decimal::MAX)),
        Err(EstimateError::TooLarge)
    );

    // Each line fits, their sum does not.
    let p = paid(vec![
        metric("A", Linear, "1", &[("", "1", "")]),
        metric("B", Linear, "1", &[("", "1", "")]),
    ]);
    let big = Decimal::MAX / Decimal::TWO + Decimal::ONE;
    let both = BTreeMap::from([("A".to_owned(), big), ("B".to_owned(), big)]);
    assert_eq!(estimate(&p, &both), Err(EstimateError::TooLarge));

    // 10^25 units in blocks of 0.001 at 0: 10^28 blocks, still exact; Decimal::MAX overflows.
    let p = paid(vec![block("UNITS", "0.001", "0", "0")]);
    let e = estimate(&p, &at(d("10000000000000000000000000"))).unwrap();
    assert_eq!(e.currencies[0].total, Decimal::ZERO);
    assert_eq!(
        estimate(&p, &at(Decimal::MAX)),
        Err(EstimateError::TooLarge)
    );
    // Volume and graduated take the largest quantity at a zero price.
    for model in [Volume, Graduated] {
        let p = one(model, "1", &[("10", "0", ""), ("", "0", "")]);
        assert_eq!(
            estimate(&p, &at(Decimal::MAX)).unwrap().currencies[0].total,
            Decimal::ZERO
        );
    }
}

#[test]
fn bad_usage_and_broken_plans_are_errors() {
    let p = one(Graduated, "1", STRIPE);
    let metric = "UNITS".to_owned();
    let negative = estimate(&p, &usage(&[("UNITS", "-1")]));
    assert_eq!(negative, Err(EstimateError::NegativeQuantity { metric }));
    let metric = "GLYPHS".to_owned();
    let unknown = estimate(&p, &usage(&[("GLYPHS", "1")]));
    assert_eq!(unknown, Err(EstimateError::UnknownMetric { metric }));

    let seven = usage(&[("UNITS", "7")]);
    let mut broken = p.clone();
    broken.metrics[0].tiers[1].prices.clear();
    let field = "metrics.0.tiers.1.USD.unit_price".to_owned();
    assert_eq!(
        estimate(&broken, &seven),
        Err(EstimateError::InvalidPlan { field })
    );
    broken.metrics[0].unit_quantity = Decimal::ZERO;
    let field = "metrics.0.unit_quantity".to_owned();
    assert_eq!(
        estimate(&broken, &seven),
        Err(EstimateError::InvalidPlan { field })
    );
    // Every tier bounded (refused by `validate`): a quantity past the last bound is an error.
    let mut bounded = p.clone();
    bounded.metrics[0].tiers[2].up_to = Some(d("20"));
    for model in [Graduated, Volume] {
        bounded.metrics[0].model = model;
        assert!(estimate(&bounded, &usage(&[("UNITS", "20")])).is_ok());
        let field = "metrics.0.tiers".to_owned();
        let past = estimate(&bounded, &usage(&[("UNITS", "21")]));
        assert_eq!(past, Err(EstimateError::InvalidPlan { field }), "{model}");
    }

    // A non-increasing bound (refused by `validate`) does not make the estimator go back:
    // tiers (0, 5], (5, 5] (empty), (5, ∞); 6 = 5 × 7 + 1 × 6.
    let mut odd = p.clone();
    odd.metrics[0].tiers[1].up_to = Some(d("5"));
    let e = estimate(&odd, &usage(&[("UNITS", "6")])).unwrap();
    assert_eq!(e.currencies[0].total.to_string(), "41.00");

    let sentences = [
        (
            EstimateError::NegativeQuantity { metric: "A".into() },
            "The quantity of A cannot be negative.",
        ),
        (
            EstimateError::UnknownMetric { metric: "A".into() },
            "This plan has no metric A.",
        ),
    ];
    for (error, sentence) in sentences {
        assert_eq!(error.english(), sentence);
    }
}

#[test]
fn free_plans_cost_nothing_and_fee_less_subscriptions_are_usage_only() {
    let e = estimate(&Pricing::default(), &BTreeMap::new()).unwrap();
    let only = &e.currencies[..];
    assert!(matches!(only, [c] if c.currency == Usd && c.total.is_zero() && c.lines.is_empty()));
    // As the usage rating does: the subscription's fee removed, the metrics kept.
    let p = subscription(&[], one(Graduated, "1", STRIPE).metrics);
    let e = estimate(&p, &usage(&[("UNITS", "6")])).unwrap();
    assert_eq!(e.currencies[0].total.to_string(), "41.50");
}

#[test]
fn offered_currencies_are_usd_and_those_priced_everywhere() {
    assert_eq!(five_currencies().currencies(), Currency::ALL.to_vec());
    let mut p = five_currencies();
    p.metrics[0].tiers[2].prices.remove(&Gbp);
    assert_eq!(p.currencies(), vec![Usd, Eur, Jpy, Brl]);
    let e = estimate(&p, &usage(&[("API_CALLS", "1")])).unwrap();
    let offered: Vec<Currency> = e.currencies.iter().map(|c| c.currency).collect();
    assert_eq!(offered, vec![Usd, Eur, Jpy, Brl]);
    // A subscription's fee counts too.
    let s = subscription(&[(Usd, "10"), (Eur, "9")], five_currencies().metrics);
    assert_eq!(s.currencies(), vec![Usd, Eur]);
    assert_eq!(Pricing::default().currencies(), vec![Usd]);
    assert_eq!(
        subscription(&[(Eur, "9")], vec![]).currencies(),
        vec![Usd, Eur]
    );
}

#[test]
fn tier_evaluations_count_metric_tier_currency_triples() {
    let count = |p: &Pricing, id: &str, q: &str| {
        estimate(p, &usage(&[(id, q)])).unwrap().tier_evaluations()
    };
    // Graduated 6: tiers 1 and 2; tier 3 starts at 10 ≥ 6 and is not considered.
    assert_eq!(count(&one(Graduated, "1", STRIPE), "UNITS", "6"), 2);
    assert_eq!(count(&one(Graduated, "1", STRIPE), "UNITS", "25"), 3);
    // Volume 6: tier 1 (too small), tier 2 (holds it). Zero usage considers nothing.
    assert_eq!(count(&one(Volume, "1", STRIPE), "UNITS", "6"), 2);
    assert_eq!(count(&one(Volume, "1", STRIPE), "UNITS", "0"), 0);
    // Three tiers × five currencies.
    assert_eq!(count(&five_currencies(), "API_CALLS", "1234567"), 15);
}

#[test]
fn json_is_readable_and_exact() {
    let p = one(Graduated, "1", STRIPE);
    let json = serde_json::to_string(&p).unwrap();
    let start = r#"{"kind":"paid","monthly_fee":{},"metrics":[{"id":"UNITS","#;
    assert!(json.starts_with(start), "{json}");
    let tier = r#"{"up_to":"10","prices":{"USD":{"unit_price":"6.5"}}}"#;
    assert!(
        json.contains(r#""model":"graduated""#) && json.contains(tier),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Pricing>(&json).unwrap(), p);
    // Defaults: no monthly fee, no free units, no flat fee; no `up_to` is open-ended.
    let short = concat!(
        r#"{"kind":"paid","metrics":[{"id":"A","unit_names":{"en":"call"},"unit_quantity":"1","#,
        r#""model":"linear","tiers":[{"prices":{"USD":{"unit_price":"0.10"}}}]}]}"#
    );
    let parsed: Pricing = serde_json::from_str(short).unwrap();
    assert_eq!(parsed.metrics[0].tiers[0].up_to, None);
    assert_eq!(validate(&parsed), vec![]);

    let e = estimate(&p, &usage(&[("UNITS", "6")])).unwrap();
    let json = serde_json::to_string(&e).unwrap();
    for part in [
        r#""currency":"USD""#,
        r#""total":"41.50""#,
        r#""kind":"units""#,
    ] {
        assert!(json.contains(part), "{json}");
    }
    let previous_end = d("100");
    let problem = PricingProblem::TierEndTooLow {
        tier: 1,
        previous_tier: Some(0),
        previous_end,
    };
    let json = serde_json::to_string(&problem).unwrap();
    let want = r#"{"code":"tier_end_too_low","tier":1,"previous_tier":0,"previous_end":"100"}"#;
    assert_eq!(json, want);
    assert_eq!(
        serde_json::from_str::<PricingProblem>(&json).unwrap(),
        problem
    );
}
