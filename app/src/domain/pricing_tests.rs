//! Table tests of `pricing`: worked examples (some from public billing documentation, cited),
//! tier edges, rounding, overflow, validation and parsing.

use super::*;
use Currency::{Brl, Eur, Gbp, Jpy, Usd};
use PricingModel::{Block, Graduated, Linear, Volume};

fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// A tier ending at `up_to` (`""` = open-ended), priced as `(currency, unit price, flat fee)`
/// (`""` = no flat fee).
fn tier(up_to: &str, prices: &[(Currency, &str, &str)]) -> Tier {
    Tier {
        up_to: (!up_to.is_empty()).then(|| d(up_to)),
        prices: prices
            .iter()
            .map(|(c, unit, flat)| {
                let flat_fee = (!flat.is_empty()).then(|| d(flat));
                (
                    *c,
                    TierPrice {
                        unit_price: d(unit),
                        flat_fee,
                    },
                )
            })
            .collect(),
    }
}

/// Tiers priced in USD only: `(up_to, unit price, flat fee)`.
fn usd_tiers(tiers: &[(&str, &str, &str)]) -> Vec<Tier> {
    tiers
        .iter()
        .map(|(up_to, unit, flat)| tier(up_to, &[(Usd, unit, flat)]))
        .collect()
}

fn metric(id: &str, model: PricingModel, unit_quantity: &str, tiers: Vec<Tier>) -> Metric {
    Metric {
        id: id.into(),
        unit_names: BTreeMap::from([("en".to_owned(), "unit".to_owned())]),
        unit_quantity: d(unit_quantity),
        model,
        free_units: Decimal::ZERO,
        tiers,
    }
}

fn block(id: &str, per: &str, free: &str, tiers: Vec<Tier>) -> Metric {
    Metric {
        free_units: d(free),
        ..metric(id, Block, per, tiers)
    }
}

fn paid(metrics: Vec<Metric>) -> Pricing {
    Pricing {
        kind: PricingType::Paid,
        monthly_fee: BTreeMap::new(),
        metrics,
    }
}

fn subscription(fee: &[(Currency, &str)], metrics: Vec<Metric>) -> Pricing {
    Pricing {
        kind: PricingType::Subscription,
        monthly_fee: fee.iter().map(|(c, a)| (*c, d(a))).collect(),
        metrics,
    }
}

fn usage(pairs: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
    pairs.iter().map(|(m, q)| ((*m).to_owned(), d(q))).collect()
}

/// Stripe's "Set up tiered pricing" example (docs.stripe.com/subscriptions/pricing-models/
/// tiered-pricing): Typographic's fonts, 1–5 at 7 USD, 6–10 at 6.5 USD, 11+ at 6 USD.
fn stripe_fonts(model: PricingModel) -> Pricing {
    paid(vec![metric(
        "FONTS",
        model,
        "1",
        usd_tiers(&[("5", "7", ""), ("10", "6.5", ""), ("", "6", "")]),
    )])
}

/// Lago's volume example (getlago.com/docs/guide/plans/charges/charge-models/volume): tiers
/// 0–10 000 at $0.0010, –50 000 at $0.0008, –100 000 at $0.0006, then $0.0004, each with a $10
/// fee. USD prices have 2 decimals here, so the same rates are written per 1 000 calls.
fn lago_volume() -> Pricing {
    paid(vec![metric(
        "API_CALLS",
        Volume,
        "1000",
        usd_tiers(&[
            ("10000", "1.00", "10"),
            ("50000", "0.80", "10"),
            ("100000", "0.60", "10"),
            ("", "0.40", "10"),
        ]),
    )])
}

/// Graduated with a flat fee per tier (hand-computed; the rates are those of Lago's graduated
/// page — $1 for the first 100 units, $0.50 for the next 100, $0.10 after — which gives no
/// total, so the fees of 10, 5 and 2 USD are ours).
fn graduated_with_fees() -> Pricing {
    paid(vec![metric(
        "CALLS",
        Graduated,
        "1",
        usd_tiers(&[
            ("100", "1.00", "10"),
            ("200", "0.50", "5"),
            ("", "0.10", "2"),
        ]),
    )])
}

/// Five currencies, per 1 000 calls: the first 100 000 free; then up to 1 000 000 at 0.40 USD
/// with a 5 USD fee; then 0.25 USD.
fn five_currencies() -> Pricing {
    paid(vec![metric(
        "API_CALLS",
        Graduated,
        "1000",
        vec![
            tier(
                "100000",
                &[
                    (Usd, "0", ""),
                    (Eur, "0", ""),
                    (Gbp, "0", ""),
                    (Jpy, "0", ""),
                    (Brl, "0", ""),
                ],
            ),
            tier(
                "1000000",
                &[
                    (Usd, "0.40", "5"),
                    (Eur, "0.37", "4.60"),
                    (Gbp, "0.32", "4"),
                    (Jpy, "60", "750"),
                    (Brl, "2.10", "26"),
                ],
            ),
            tier(
                "",
                &[
                    (Usd, "0.25", ""),
                    (Eur, "0.23", ""),
                    (Gbp, "0.20", ""),
                    (Jpy, "38", ""),
                    (Brl, "1.30", ""),
                ],
            ),
        ],
    )])
}

/// A volume, a linear and a block metric in one plan.
fn three_models() -> Pricing {
    paid(vec![
        metric(
            "REQUESTS",
            Volume,
            "1000",
            usd_tiers(&[
                ("10000", "1.00", ""),
                ("100000", "0.80", "2"),
                ("", "0.50", "5"),
            ]),
        ),
        metric("STORAGE_GB", Linear, "1", usd_tiers(&[("", "0.10", "")])),
        block("EXPORTS", "100", "50", usd_tiers(&[("", "5", "")])),
    ])
}

struct Case {
    /// The example and its arithmetic.
    what: &'static str,
    pricing: Pricing,
    usage: &'static [(&'static str, &'static str)],
    /// Per currency, in order: every line's amount, then the total.
    expect: Vec<(Currency, Vec<&'static str>, &'static str)>,
}

fn usd(
    lines: &[&'static str],
    total: &'static str,
) -> Vec<(Currency, Vec<&'static str>, &'static str)> {
    vec![(Usd, lines.to_vec(), total)]
}

#[test]
fn worked_examples_price_as_documented() {
    let cases = vec![
        // --- Stripe, volume-based: the whole quantity at the rate of the tier it falls in.
        // Stripe's table: 1 → 7, 5 → 35, 6 → 39, 20 → 120, 25 → 150 USD.
        Case { what: "stripe volume 1: 1 × 7", pricing: stripe_fonts(Volume), usage: &[("FONTS", "1")], expect: usd(&["7.00"], "7.00") },
        Case { what: "stripe volume 5, on the edge of tier 1: 5 × 7", pricing: stripe_fonts(Volume), usage: &[("FONTS", "5")], expect: usd(&["35.00"], "35.00") },
        Case { what: "stripe volume 6, one past the edge: 6 × 6.5", pricing: stripe_fonts(Volume), usage: &[("FONTS", "6")], expect: usd(&["39.00"], "39.00") },
        Case { what: "stripe volume 20: 20 × 6", pricing: stripe_fonts(Volume), usage: &[("FONTS", "20")], expect: usd(&["120.00"], "120.00") },
        Case { what: "stripe volume 25: 25 × 6", pricing: stripe_fonts(Volume), usage: &[("FONTS", "25")], expect: usd(&["150.00"], "150.00") },
        Case { what: "volume 10, on the edge of tier 2: 10 × 6.5", pricing: stripe_fonts(Volume), usage: &[("FONTS", "10")], expect: usd(&["65.00"], "65.00") },
        Case { what: "volume 11, one past: 11 × 6", pricing: stripe_fonts(Volume), usage: &[("FONTS", "11")], expect: usd(&["66.00"], "66.00") },
        // --- Stripe, graduated: each tier's units at that tier's rate. Stripe's text: 5 fonts
        // cost 35 USD as with volume pricing; the other totals follow from the same tiers.
        Case { what: "stripe graduated 1: 1 × 7", pricing: stripe_fonts(Graduated), usage: &[("FONTS", "1")], expect: usd(&["7.00"], "7.00") },
        Case { what: "stripe graduated 5, on the edge: tier 2 not reached", pricing: stripe_fonts(Graduated), usage: &[("FONTS", "5")], expect: usd(&["35.00"], "35.00") },
        Case { what: "stripe graduated 6: 5 × 7 + 1 × 6.5", pricing: stripe_fonts(Graduated), usage: &[("FONTS", "6")], expect: usd(&["35.00", "6.50"], "41.50") },
        Case { what: "stripe graduated 20: 5 × 7 + 5 × 6.5 + 10 × 6", pricing: stripe_fonts(Graduated), usage: &[("FONTS", "20")], expect: usd(&["35.00", "32.50", "60.00"], "127.50") },
        Case { what: "stripe graduated 25: 35 + 32.5 + 15 × 6", pricing: stripe_fonts(Graduated), usage: &[("FONTS", "25")], expect: usd(&["35.00", "32.50", "90.00"], "157.50") },
        // --- Zuplo's pricing-models page (zuplo.com/docs/articles/monetization/pricing-models):
        // 1–1 000 at $0.10, 1 001–10 000 at $0.05, then $0.01; 15 000 units.
        Case {
            what: "zuplo graduated 15 000: 1 000 × 0.10 + 9 000 × 0.05 + 5 000 × 0.01 = 600",
            pricing: paid(vec![metric("UNITS", Graduated, "1", usd_tiers(&[("1000", "0.10", ""), ("10000", "0.05", ""), ("", "0.01", "")]))]),
            usage: &[("UNITS", "15000")],
            expect: usd(&["100.00", "450.00", "50.00"], "600.00"),
        },
        Case {
            what: "zuplo volume 15 000: 15 000 × 0.01 = 150",
            pricing: paid(vec![metric("UNITS", Volume, "1", usd_tiers(&[("1000", "0.10", ""), ("10000", "0.05", ""), ("", "0.01", "")]))]),
            usage: &[("UNITS", "15000")],
            expect: usd(&["150.00"], "150.00"),
        },
        // --- Autumn's graduated page (docs.useautumn.com/documentation/modelling-pricing/
        // graduated-pricing): $0.01, $0.008 to 10 000, then $0.005; 15 000 requests cost $107.
        // Written per 1 000 (10, 8, 5 USD): 1 × 10 + 9 × 8 + 5 × 5.
        Case {
            what: "autumn graduated per 1 000: 10 + 72 + 25 = 107",
            pricing: paid(vec![metric("REQUESTS", Graduated, "1000", usd_tiers(&[("1000", "10", ""), ("10000", "8", ""), ("", "5", "")]))]),
            usage: &[("REQUESTS", "15000")],
            expect: usd(&["10.00", "72.00", "25.00"], "107.00"),
        },
        // --- Lago, volume with a flat fee: "65,000 API calls would cost 65,000 x $0.0006 + $10
        // = $49": 65 × 0.60 = 39, plus tier 3's fee only.
        Case { what: "lago volume 65 000: 39 + 10", pricing: lago_volume(), usage: &[("API_CALLS", "65000")], expect: usd(&["39.00", "10.00"], "49.00") },
        Case { what: "lago volume 10 000, on the edge: 10 × 1.00 + 10", pricing: lago_volume(), usage: &[("API_CALLS", "10000")], expect: usd(&["10.00", "10.00"], "20.00") },
        Case { what: "lago volume 10 001: 10.001 × 0.80 = 8.0008 → 8.00, + 10", pricing: lago_volume(), usage: &[("API_CALLS", "10001")], expect: usd(&["8.00", "10.00"], "18.00") },
        // --- Graduated with flat fees: every reached tier adds its fee.
        Case {
            what: "graduated fees 250: 100 × 1 + 10 + 100 × 0.50 + 5 + 50 × 0.10 + 2 = 172",
            pricing: graduated_with_fees(),
            usage: &[("CALLS", "250")],
            expect: usd(&["100.00", "10.00", "50.00", "5.00", "5.00", "2.00"], "172.00"),
        },
        Case { what: "graduated fees 100, on the edge: 100 + 10", pricing: graduated_with_fees(), usage: &[("CALLS", "100")], expect: usd(&["100.00", "10.00"], "110.00") },
        Case {
            what: "graduated fees 101: 100 + 10 + 1 × 0.50 + 5",
            pricing: graduated_with_fees(),
            usage: &[("CALLS", "101")],
            expect: usd(&["100.00", "10.00", "0.50", "5.00"], "115.50"),
        },
        // --- Lago's package example (getlago.com/docs/guide/plans/charges/charge-models/package):
        // $5 per 100 units, the first 100 free; "201 units would cost $0 (first 100 units) + $5
        // (next 100 units) + $5 (last unit) = $10": 101 billable → 2 started blocks.
        Case {
            what: "lago package 201: free 100, ceil(101 / 100) = 2 blocks × 5",
            pricing: paid(vec![block("UNITS", "100", "100", usd_tiers(&[("", "5", "")]))]),
            usage: &[("UNITS", "201")],
            expect: usd(&["0.00", "10.00"], "10.00"),
        },
        Case {
            what: "package 80 with 100 free: only the free-units line",
            pricing: paid(vec![block("UNITS", "100", "100", usd_tiers(&[("", "5", "")]))]),
            usage: &[("UNITS", "80")],
            expect: usd(&["0.00"], "0.00"),
        },
        // --- Chargebee's package example (chargebee.com/docs/2.0/package-pricing.html): 1M
        // tokens a package at $1.25; 1 000 000 → 1.25, 10 → 1.25 (one started package),
        // 1 500 000 → 2 packages = 2.50.
        Case {
            what: "chargebee package 1 000 000",
            pricing: paid(vec![block("TOKENS", "1000000", "0", usd_tiers(&[("", "1.25", "")]))]),
            usage: &[("TOKENS", "1000000")],
            expect: usd(&["1.25"], "1.25"),
        },
        Case {
            what: "chargebee package 10: a partial block is a whole block",
            pricing: paid(vec![block("TOKENS", "1000000", "0", usd_tiers(&[("", "1.25", "")]))]),
            usage: &[("TOKENS", "10")],
            expect: usd(&["1.25"], "1.25"),
        },
        Case {
            what: "chargebee package 1 500 000: 2 × 1.25",
            pricing: paid(vec![block("TOKENS", "1000000", "0", usd_tiers(&[("", "1.25", "")]))]),
            usage: &[("TOKENS", "1500000")],
            expect: usd(&["2.50"], "2.50"),
        },
        Case {
            what: "block 250 per 100 at 5: 3 started blocks",
            pricing: paid(vec![block("UNITS", "100", "0", usd_tiers(&[("", "5", "")]))]),
            usage: &[("UNITS", "250")],
            expect: usd(&["15.00"], "15.00"),
        },
        // --- Linear, rounding.
        Case {
            what: "linear 10^15 units at 0.01: 10 000 000 000 000.00",
            pricing: paid(vec![metric("EVENTS", Linear, "1", usd_tiers(&[("", "0.01", "")]))]),
            usage: &[("EVENTS", "1000000000000000")],
            expect: usd(&["10000000000000.00"], "10000000000000.00"),
        },
        Case {
            what: "linear 1.5 GB-hours at 0.07: 0.105 → 0.11 (midpoint away from zero)",
            pricing: paid(vec![metric("GB_HOURS", Linear, "1", usd_tiers(&[("", "0.07", "")]))]),
            usage: &[("GB_HOURS", "1.5")],
            expect: usd(&["0.11"], "0.11"),
        },
        Case {
            what: "per 1 000 at 0.25, 1 234 units: 1.234 × 0.25 = 0.3085 → 0.31",
            pricing: paid(vec![metric("CALLS", Linear, "1000", usd_tiers(&[("", "0.25", "")]))]),
            usage: &[("CALLS", "1234")],
            expect: usd(&["0.31"], "0.31"),
        },
        Case {
            what: "rounded once per line: 2 lines of 0.5 × 0.01 = 0.005 → 0.01 each; total 0.02, not 0.01",
            pricing: paid(vec![metric("CALLS", Graduated, "1000", usd_tiers(&[("500", "0.01", ""), ("", "0.01", "")]))]),
            usage: &[("CALLS", "1000")],
            expect: usd(&["0.01", "0.01"], "0.02"),
        },
        Case { what: "zero usage: no tier reached, no line", pricing: graduated_with_fees(), usage: &[("CALLS", "0")], expect: usd(&[], "0.00") },
        Case { what: "usage not given: zero", pricing: stripe_fonts(Volume), usage: &[], expect: usd(&[], "0.00") },
        // --- JPY has no decimals: 3 JPY per 1 000 (0.02 USD).
        Case {
            what: "JPY midpoint 1 500: 1.5 × 3 = 4.5 → 5 JPY; 1.5 × 0.02 = 0.03 USD",
            pricing: paid(vec![metric("CALLS", Linear, "1000", vec![tier("", &[(Usd, "0.02", ""), (Jpy, "3", "")])])]),
            usage: &[("CALLS", "1500")],
            expect: vec![(Usd, vec!["0.03"], "0.03"), (Jpy, vec!["5"], "5")],
        },
        Case {
            what: "JPY 2 500: 7.5 → 8 JPY; 1 499: 4.497 → 4 JPY and 0.02998 → 0.03 USD",
            pricing: paid(vec![
                metric("CALLS", Linear, "1000", vec![tier("", &[(Usd, "0.02", ""), (Jpy, "3", "")])]),
                metric("MORE_CALLS", Linear, "1000", vec![tier("", &[(Usd, "0.02", ""), (Jpy, "3", "")])]),
            ]),
            usage: &[("CALLS", "2500"), ("MORE_CALLS", "1499")],
            expect: vec![(Usd, vec!["0.05", "0.03"], "0.08"), (Jpy, vec!["8", "4"], "12")],
        },
        // --- Subscriptions.
        Case {
            what: "subscription without overage: the fee alone, in each currency",
            pricing: subscription(&[(Usd, "49"), (Eur, "45")], vec![]),
            usage: &[],
            expect: vec![(Usd, vec!["49.00"], "49.00"), (Eur, vec!["45.00"], "45.00")],
        },
        Case {
            what: "subscription with overage 3 500: 20 + 1 000 × 0 + 2 500 × 0.01",
            pricing: subscription(&[(Usd, "20")], vec![metric("API_CALLS", Graduated, "1", usd_tiers(&[("1000", "0", ""), ("", "0.01", "")]))]),
            usage: &[("API_CALLS", "3500")],
            expect: usd(&["20.00", "0.00", "25.00"], "45.00"),
        },
        Case {
            what: "subscription with overage, no usage: the fee",
            pricing: subscription(&[(Usd, "20")], vec![metric("API_CALLS", Graduated, "1", usd_tiers(&[("1000", "0", ""), ("", "0.01", "")]))]),
            usage: &[],
            expect: usd(&["20.00"], "20.00"),
        },
        // --- Several currencies at once, 1 234 567 calls, per 1 000:
        // tier 1: 100 × 0 everywhere;
        // tier 2: 900 × 0.40 = 360 USD (+5), × 0.37 = 333 EUR (+4.60), × 0.32 = 288 GBP (+4),
        //         × 60 = 54 000 JPY (+750), × 2.10 = 1 890 BRL (+26);
        // tier 3: 234.567 × 0.25 = 58.64175 → 58.64 USD, × 0.23 = 53.95041 → 53.95 EUR,
        //         × 0.20 = 46.9134 → 46.91 GBP, × 38 = 8 913.546 → 8 914 JPY,
        //         × 1.30 = 304.9371 → 304.94 BRL.
        Case {
            what: "five currencies",
            pricing: five_currencies(),
            usage: &[("API_CALLS", "1234567")],
            expect: vec![
                (Usd, vec!["0.00", "360.00", "5.00", "58.64"], "423.64"),
                (Eur, vec!["0.00", "333.00", "4.60", "53.95"], "391.55"),
                (Gbp, vec!["0.00", "288.00", "4.00", "46.91"], "338.91"),
                (Jpy, vec!["0", "54000", "750", "8914"], "63664"),
                (Brl, vec!["0.00", "1890.00", "26.00", "304.94"], "2220.94"),
            ],
        },
        // --- Three models in one plan: volume 50 000 → tier 2: 50 × 0.80 = 40 + 2;
        // linear 12.5 × 0.10 = 1.25; block 320 with 50 free: ceil(270 / 100) = 3 × 5 = 15.
        Case {
            what: "three models",
            pricing: three_models(),
            usage: &[("REQUESTS", "50000"), ("STORAGE_GB", "12.5"), ("EXPORTS", "320")],
            expect: usd(&["40.00", "2.00", "1.25", "0.00", "15.00"], "58.25"),
        },
    ];
    assert!(cases.len() >= 30, "{} cases", cases.len());
    for case in cases {
        let what = case.what;
        assert_eq!(
            validate(&case.pricing),
            vec![],
            "{what}: the example plan is valid"
        );
        let estimate =
            estimate(&case.pricing, &usage(case.usage)).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        let got: Vec<(Currency, Vec<String>, String)> = estimate
            .currencies
            .iter()
            .map(|c| {
                (
                    c.currency,
                    c.lines.iter().map(|l| l.amount.to_string()).collect(),
                    c.total.to_string(),
                )
            })
            .collect();
        let want: Vec<(Currency, Vec<String>, String)> = case
            .expect
            .iter()
            .map(|(c, lines, total)| {
                (
                    *c,
                    lines.iter().map(|l| l.to_string()).collect(),
                    total.to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{what}");
        for c in &estimate.currencies {
            let sum: Decimal = c.lines.iter().map(|l| l.amount).sum();
            assert_eq!(sum, c.total, "{what}: the lines add up to the total");
        }
    }
}

#[test]
fn lines_say_what_they_charge_for() {
    let e = estimate(&graduated_with_fees(), &usage(&[("CALLS", "150")])).unwrap();
    let lines: Vec<(LineKind, Option<usize>, String, Option<String>, String)> = e.currencies[0]
        .lines
        .iter()
        .map(|l| {
            (
                l.kind,
                l.tier,
                l.from.to_string(),
                l.to.map(|t| t.to_string()),
                l.quantity.to_string(),
            )
        })
        .collect();
    let s = |v: &str| v.to_owned();
    assert_eq!(
        lines,
        vec![
            (LineKind::Units, Some(0), s("0"), Some(s("100")), s("100")),
            (LineKind::FlatFee, Some(0), s("0"), Some(s("100")), s("1")),
            (LineKind::Units, Some(1), s("100"), Some(s("200")), s("50")),
            (LineKind::FlatFee, Some(1), s("100"), Some(s("200")), s("1")),
        ]
    );
    assert!(e.currencies[0]
        .lines
        .iter()
        .all(|l| l.metric.as_deref() == Some("CALLS")));

    // Block: the free units, then the billable units (from the end of the free units).
    let e = estimate(&three_models(), &usage(&[("EXPORTS", "320")])).unwrap();
    let [free, units] = &e.currencies[0].lines[..] else {
        panic!("{e:?}")
    };
    assert_eq!(
        (free.kind, free.quantity, free.to, free.amount),
        (LineKind::FreeUnits, d("50"), Some(d("50")), d("0"))
    );
    assert_eq!(
        (units.kind, units.from, units.quantity, units.unit_quantity),
        (LineKind::Units, d("50"), d("270"), d("100"))
    );

    // The subscription line comes first and has no metric.
    let p = subscription(&[(Usd, "20")], graduated_with_fees().metrics);
    let e = estimate(&p, &usage(&[("CALLS", "1")])).unwrap();
    let first = &e.currencies[0].lines[0];
    assert_eq!(
        (first.kind, first.metric.clone(), first.amount.to_string()),
        (LineKind::Subscription, None, s("20.00"))
    );
}

#[test]
fn huge_quantities_are_exact_or_too_large_never_a_panic() {
    // 10^15 calls, graduated per 1 000 (Autumn's rates): 10 + 72 + (10^15 − 10 000) / 1 000 × 5.
    let p = paid(vec![metric(
        "REQUESTS",
        Graduated,
        "1000",
        usd_tiers(&[("1000", "10", ""), ("10000", "8", ""), ("", "5", "")]),
    )]);
    let e = estimate(&p, &usage(&[("REQUESTS", "1000000000000000")])).unwrap();
    assert_eq!(e.currencies[0].total.to_string(), "5000000000032.00");

    // Decimal::MAX units at 2 USD: the product cannot be represented.
    let p = paid(vec![metric(
        "EVENTS",
        Linear,
        "1",
        usd_tiers(&[("", "2", "")]),
    )]);
    let max = BTreeMap::from([("EVENTS".to_owned(), Decimal::MAX)]);
    assert_eq!(estimate(&p, &max), Err(EstimateError::TooLarge));

    // Each line fits, their sum does not.
    let p = paid(vec![
        metric("A", Linear, "1", usd_tiers(&[("", "1", "")])),
        metric("B", Linear, "1", usd_tiers(&[("", "1", "")])),
    ]);
    let big = Decimal::MAX / Decimal::TWO + Decimal::ONE;
    let both = BTreeMap::from([("A".to_owned(), big), ("B".to_owned(), big)]);
    assert_eq!(estimate(&p, &both), Err(EstimateError::TooLarge));

    // Huge block and volume quantities at a zero price are fine.
    let p = paid(vec![block("X", "0.001", "0", usd_tiers(&[("", "0", "")]))]);
    let q = BTreeMap::from([("X".to_owned(), d("10000000000000000000000000"))]);
    assert_eq!(estimate(&p, &q).unwrap().currencies[0].total, Decimal::ZERO);
    let q = BTreeMap::from([("X".to_owned(), Decimal::MAX)]);
    assert_eq!(
        estimate(&p, &q),
        Err(EstimateError::TooLarge),
        "MAX / 0.001 blocks overflow"
    );
}

#[test]
fn bad_usage_and_broken_plans_are_errors() {
    let p = stripe_fonts(Graduated);
    assert_eq!(
        estimate(&p, &usage(&[("FONTS", "-1")])),
        Err(EstimateError::NegativeQuantity {
            metric: "FONTS".into()
        })
    );
    assert_eq!(
        estimate(&p, &usage(&[("GLYPHS", "1")])),
        Err(EstimateError::UnknownMetric {
            metric: "GLYPHS".into()
        })
    );
    let mut broken = p.clone();
    broken.metrics[0].tiers[1].prices.clear();
    assert_eq!(
        estimate(&broken, &usage(&[("FONTS", "7")])),
        Err(EstimateError::InvalidPlan {
            field: "metrics.0.tiers.1.USD.unit_price".into()
        })
    );
    broken.metrics[0].unit_quantity = Decimal::ZERO;
    assert_eq!(
        estimate(&broken, &usage(&[("FONTS", "7")])),
        Err(EstimateError::InvalidPlan {
            field: "metrics.0.unit_quantity".into()
        })
    );
    // A non-increasing bound (refused by `validate`) does not make the estimator go backwards:
    // tiers (0, 5], (5, 5] (empty), (5, ∞).
    let mut odd = p.clone();
    odd.metrics[0].tiers[1].up_to = Some(d("5"));
    let e = estimate(&odd, &usage(&[("FONTS", "6")])).unwrap();
    assert_eq!(e.currencies[0].total.to_string(), "41.00", "5 × 7 + 1 × 6");
    assert_eq!(
        EstimateError::NegativeQuantity {
            metric: "FONTS".into()
        }
        .english(),
        "The quantity of FONTS cannot be negative."
    );
}

#[test]
fn free_plans_cost_nothing_and_fee_less_subscriptions_are_usage_only() {
    let free = Pricing::default();
    let e = estimate(&free, &BTreeMap::new()).unwrap();
    assert_eq!(
        (
            e.currencies.len(),
            e.currencies[0].currency,
            e.currencies[0].total
        ),
        (1, Usd, Decimal::ZERO)
    );
    // As the usage rating does: the subscription's fee removed, the metrics kept.
    let p = subscription(&[], stripe_fonts(Graduated).metrics);
    let e = estimate(&p, &usage(&[("FONTS", "6")])).unwrap();
    assert_eq!(e.currencies[0].total.to_string(), "41.50");
}

#[test]
fn offered_currencies_are_usd_and_those_priced_everywhere() {
    assert_eq!(five_currencies().currencies(), Currency::ALL.to_vec());
    let mut p = five_currencies();
    p.metrics[0].tiers[2].prices.remove(&Gbp);
    assert_eq!(p.currencies(), vec![Usd, Eur, Jpy, Brl]);
    let e = estimate(&p, &usage(&[("API_CALLS", "1")])).unwrap();
    assert_eq!(
        e.currencies.iter().map(|c| c.currency).collect::<Vec<_>>(),
        vec![Usd, Eur, Jpy, Brl]
    );
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
    let count = |p: &Pricing, q: &str, id: &str| {
        estimate(p, &usage(&[(id, q)])).unwrap().tier_evaluations()
    };
    // Graduated 6: tiers 1 and 2 considered, tier 3 starts at 10 ≥ 6.
    assert_eq!(count(&stripe_fonts(Graduated), "6", "FONTS"), 2);
    assert_eq!(count(&stripe_fonts(Graduated), "25", "FONTS"), 3);
    // Volume 6: tier 1 (too small), tier 2 (holds it).
    assert_eq!(count(&stripe_fonts(Volume), "6", "FONTS"), 2);
    assert_eq!(count(&stripe_fonts(Volume), "0", "FONTS"), 0);
    // Five currencies × three tiers.
    assert_eq!(count(&five_currencies(), "1234567", "API_CALLS"), 15);
}

#[test]
fn json_is_readable_and_exact() {
    let p = stripe_fonts(Graduated);
    let json = serde_json::to_string(&p).unwrap();
    assert!(
        json.starts_with(r#"{"kind":"paid","monthly_fee":{},"metrics":[{"id":"FONTS""#),
        "{json}"
    );
    assert!(
        json.contains(r#""model":"graduated""#)
            && json.contains(r#"{"up_to":"10","prices":{"USD":{"unit_price":"6.5"}}}"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Pricing>(&json).unwrap(), p);
    // Defaults: no monthly fee, no free units, no flat fee, open-ended when `up_to` is missing.
    let short = r#"{"kind":"paid","metrics":[{"id":"A","unit_names":{"en":"call"},"unit_quantity":"1","model":"linear","tiers":[{"prices":{"USD":{"unit_price":"0.10"}}}]}]}"#;
    let parsed: Pricing = serde_json::from_str(short).unwrap();
    assert_eq!(parsed.metrics[0].tiers[0].up_to, None);
    assert_eq!(validate(&parsed), vec![]);
    let e = estimate(&p, &usage(&[("FONTS", "6")])).unwrap();
    let json = serde_json::to_string(&e).unwrap();
    assert!(
        json.contains(r#""currency":"USD""#)
            && json.contains(r#""total":"41.50""#)
            && json.contains(r#""kind":"units""#),
        "{json}"
    );
    let problem = PricingProblem::TierEndTooLow {
        tier: 1,
        previous_tier: Some(0),
        previous_end: d("100"),
    };
    let json = serde_json::to_string(&problem).unwrap();
    assert_eq!(
        json,
        r#"{"code":"tier_end_too_low","tier":1,"previous_tier":0,"previous_end":"100"}"#
    );
    assert_eq!(
        serde_json::from_str::<PricingProblem>(&json).unwrap(),
        problem
    );
}

/// A valid plan in USD and EUR: graduated, tiers ending at 100 and 200, then open-ended.
fn base() -> Pricing {
    let prices = |usd: &'static str, eur: &'static str| [(Usd, usd, ""), (Eur, eur, "")];
    paid(vec![metric(
        "API_CALLS",
        Graduated,
        "1",
        vec![
            tier("100", &prices("1.00", "0.90")),
            tier("200", &prices("0.50", "0.45")),
            tier("", &prices("0.10", "0.09")),
        ],
    )])
}

fn set_price(p: &mut Pricing, j: usize, c: Currency, unit_price: &str) {
    p.metrics[0].tiers[j].prices.insert(
        c,
        TierPrice {
            unit_price: d(unit_price),
            flat_fee: None,
        },
    );
}

#[test]
fn validation_names_each_field_and_problem() {
    use PricingProblem as P;
    type Edit = fn(&mut Pricing);
    let tiers = "metrics.0.tiers";
    let cases: Vec<(&str, Edit, Vec<(String, PricingProblem)>)> = vec![
        ("valid", |_| {}, vec![]),
        (
            "a gap cannot be stored; a bound that does not increase is refused",
            |p| p.metrics[0].tiers[1].up_to = Some(d("100")),
            vec![(
                format!("{tiers}.1.up_to"),
                P::TierEndTooLow {
                    tier: 1,
                    previous_tier: Some(0),
                    previous_end: d("100"),
                },
            )],
        ),
        (
            "an overlap (decreasing bound)",
            |p| p.metrics[0].tiers[1].up_to = Some(d("50")),
            vec![(
                format!("{tiers}.1.up_to"),
                P::TierEndTooLow {
                    tier: 1,
                    previous_tier: Some(0),
                    previous_end: d("100"),
                },
            )],
        ),
        (
            "the first tier must end above 0",
            |p| p.metrics[0].tiers[0].up_to = Some(Decimal::ZERO),
            vec![(
                format!("{tiers}.0.up_to"),
                P::TierEndTooLow {
                    tier: 0,
                    previous_tier: None,
                    previous_end: Decimal::ZERO,
                },
            )],
        ),
        (
            "open tier not last",
            |p| p.metrics[0].tiers[0].up_to = None,
            vec![(format!("{tiers}.0.up_to"), P::OpenTierNotLast { tier: 0 })],
        ),
        (
            "last tier not open",
            |p| p.metrics[0].tiers[2].up_to = Some(d("300")),
            vec![(format!("{tiers}.2.up_to"), P::LastTierNotOpen { tier: 2 })],
        ),
        (
            "missing USD",
            |p| _ = p.metrics[0].tiers[1].prices.remove(&Usd),
            vec![(format!("{tiers}.1.USD.unit_price"), P::UsdRequired)],
        ),
        (
            "currency set mismatch names the missing currency",
            |p| _ = p.metrics[0].tiers[2].prices.remove(&Eur),
            vec![(
                format!("{tiers}.2.EUR.unit_price"),
                P::MissingCurrency { currency: Eur },
            )],
        ),
        (
            "too many decimals for USD",
            |p| set_price(p, 0, Usd, "0.005"),
            vec![(
                format!("{tiers}.0.USD.unit_price"),
                P::TooManyDecimals {
                    currency: Usd,
                    max: 2,
                },
            )],
        ),
        (
            "JPY has no decimals",
            |p| (0..3).for_each(|j| set_price(p, j, Jpy, if j == 0 { "1.5" } else { "1" })),
            vec![(
                format!("{tiers}.0.JPY.unit_price"),
                P::TooManyDecimals {
                    currency: Jpy,
                    max: 0,
                },
            )],
        ),
        (
            "JPY trailing zeros are fine",
            |p| (0..3).for_each(|j| set_price(p, j, Jpy, "2.00")),
            vec![],
        ),
        (
            "negative flat fee",
            |p| p.metrics[0].tiers[1].prices.get_mut(&Usd).unwrap().flat_fee = Some(d("-1")),
            vec![(format!("{tiers}.1.USD.flat_fee"), P::Negative)],
        ),
        (
            "free plan with metrics",
            |p| p.kind = PricingType::Free,
            vec![(
                "metrics".into(),
                P::MetricsNotAllowed {
                    kind: PricingType::Free,
                },
            )],
        ),
        (
            "lite plan with a monthly fee",
            |p| {
                *p = Pricing {
                    kind: PricingType::Lite,
                    ..Pricing::default()
                };
                p.monthly_fee.insert(Usd, d("5"));
            },
            vec![(
                "monthly_fee".into(),
                P::MonthlyFeeNotAllowed {
                    kind: PricingType::Lite,
                },
            )],
        ),
        (
            "paid plan without metrics",
            |p| p.metrics.clear(),
            vec![("metrics".into(), P::MetricRequired)],
        ),
        (
            "paid plan with a monthly fee",
            |p| _ = p.monthly_fee.insert(Usd, d("5")),
            vec![(
                "monthly_fee".into(),
                P::MonthlyFeeNotAllowed {
                    kind: PricingType::Paid,
                },
            )],
        ),
        (
            "subscription without a fee",
            |p| p.kind = PricingType::Subscription,
            vec![
                ("monthly_fee.USD".into(), P::MonthlyFeeRequired),
                (
                    "monthly_fee.EUR".into(),
                    P::MissingCurrency { currency: Eur },
                ),
            ],
        ),
        (
            "subscription with a fee and no metrics",
            |p| *p = subscription(&[(Usd, "10"), (Eur, "9")], vec![]),
            vec![],
        ),
        (
            "subscription fee in a currency the tiers lack",
            |p| {
                p.kind = PricingType::Subscription;
                p.monthly_fee = BTreeMap::from([(Usd, d("10")), (Gbp, d("8"))]);
            },
            vec![
                (
                    "monthly_fee.EUR".into(),
                    P::MissingCurrency { currency: Eur },
                ),
                (
                    format!("{tiers}.0.GBP.unit_price"),
                    P::MissingCurrency { currency: Gbp },
                ),
                (
                    format!("{tiers}.1.GBP.unit_price"),
                    P::MissingCurrency { currency: Gbp },
                ),
                (
                    format!("{tiers}.2.GBP.unit_price"),
                    P::MissingCurrency { currency: Gbp },
                ),
            ],
        ),
        (
            "duplicate metric id",
            |p| p.metrics.push(p.metrics[0].clone()),
            vec![(
                "metrics.1.id".into(),
                P::DuplicateMetricId {
                    id: "API_CALLS".into(),
                    first: 0,
                },
            )],
        ),
        (
            "id in lower case",
            |p| p.metrics[0].id = "api_calls".into(),
            vec![("metrics.0.id".into(), P::MetricIdPattern)],
        ),
        (
            "id starting with a digit",
            |p| p.metrics[0].id = "1CALLS".into(),
            vec![("metrics.0.id".into(), P::MetricIdPattern)],
        ),
        (
            "id with a hyphen",
            |p| p.metrics[0].id = "API-CALLS".into(),
            vec![("metrics.0.id".into(), P::MetricIdPattern)],
        ),
        (
            "id missing",
            |p| p.metrics[0].id = " ".into(),
            vec![("metrics.0.id".into(), P::MetricIdRequired)],
        ),
        (
            "id of 51 characters",
            |p| p.metrics[0].id = "A".repeat(51),
            vec![(
                "metrics.0.id".into(),
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
            "English unit name missing",
            |p| _ = p.metrics[0].unit_names.remove("en"),
            vec![("metrics.0.unit_names.en".into(), P::UnitNameRequired)],
        ),
        (
            "English unit name of 41 characters",
            |p| _ = p.metrics[0].unit_names.insert("en".into(), "é".repeat(41)),
            vec![(
                "metrics.0.unit_names.en".into(),
                P::UnitNameTooLong {
                    max: 40,
                    length: 41,
                },
            )],
        ),
        (
            "unit quantity 0",
            |p| p.metrics[0].unit_quantity = Decimal::ZERO,
            vec![("metrics.0.unit_quantity".into(), P::NotPositive)],
        ),
        (
            "free units on graduated pricing",
            |p| p.metrics[0].free_units = d("10"),
            vec![(
                "metrics.0.free_units".into(),
                P::FreeUnitsOnlyForBlock { model: Graduated },
            )],
        ),
        (
            "negative free units",
            |p| {
                p.metrics[0] = block(
                    "EXPORTS",
                    "100",
                    "-1",
                    vec![tier("", &[(Usd, "5", ""), (Eur, "4.50", "")])],
                );
            },
            vec![("metrics.0.free_units".into(), P::Negative)],
        ),
        (
            "linear with three tiers",
            |p| p.metrics[0].model = Linear,
            vec![(
                tiers.into(),
                P::SingleTierModel {
                    model: Linear,
                    count: 3,
                },
            )],
        ),
        (
            "no tiers",
            |p| p.metrics[0].tiers.clear(),
            vec![(tiers.into(), P::NoTiers)],
        ),
        (
            "eleven tiers",
            |p| {
                let t = p.metrics[0].tiers[0].clone();
                p.metrics[0].tiers = (1..=11)
                    .map(|n| Tier {
                        up_to: (n < 11).then(|| Decimal::from(n)),
                        ..t.clone()
                    })
                    .collect();
            },
            vec![(tiers.into(), P::TooManyTiers { max: 10, count: 11 })],
        ),
        (
            "eleven metrics",
            |p| {
                let m = p.metrics[0].clone();
                p.metrics = (0..11)
                    .map(|n| Metric {
                        id: format!("M{n}"),
                        ..m.clone()
                    })
                    .collect();
            },
            vec![("metrics".into(), P::TooManyMetrics { max: 10, count: 11 })],
        ),
    ];
    let count = cases.len();
    for (what, edit, want) in cases {
        let mut p = base();
        edit(&mut p);
        let got: Vec<(String, PricingProblem)> = validate(&p)
            .into_iter()
            .map(|f| (f.field, f.problem))
            .collect();
        assert_eq!(got, want, "{what}");
    }
    assert!(count >= 30, "{count} validation cases");
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
    let cases = [
        (P::TierEndTooLow { tier: 1, previous_tier: Some(0), previous_end: d("100.00") }, "Tier 2 must end above where tier 1 ends (100)."),
        (P::TierEndTooLow { tier: 0, previous_tier: None, previous_end: Decimal::ZERO }, "Tier 1 must end above 0."),
        (P::TooManyDecimals { currency: Usd, max: 2 }, "USD amounts have at most 2 decimals."),
        (P::TooManyDecimals { currency: Jpy, max: 0 }, "JPY amounts are whole numbers: remove the decimals."),
        (P::SingleTierModel { model: Block, count: 2 }, "Block pricing uses exactly one tier (this metric has 2)."),
        (P::DuplicateMetricId { id: "API_CALLS".into(), first: 0 }, "Metric 1 already uses the id API_CALLS; each metric needs its own id."),
        (P::OpenTierNotLast { tier: 1 }, "Only the last tier is open-ended: give tier 2 an upper limit."),
        (P::MissingCurrency { currency: Eur }, "Enter a price in EUR: the rest of the plan is priced in EUR, and every tier and fee uses the same currencies."),
        (P::MetricsNotAllowed { kind: PricingType::Free }, "A free plan has no metrics: remove them or choose a paid or subscription plan."),
    ];
    for (problem, sentence) in cases {
        assert_eq!(problem.english(), sentence);
        assert_eq!(problem.to_string(), sentence);
    }
}

#[test]
fn amounts_parse_exactly_within_minor_units() {
    use PricingProblem as P;
    let cases: [(&str, Currency, Result<&str, PricingProblem>); 18] = [
        ("12.5", Usd, Ok("12.50")),
        (" 1234.50 ", Usd, Ok("1234.50")),
        ("1.500", Usd, Ok("1.50")),
        ("7.99", Brl, Ok("7.99")),
        ("-0", Eur, Ok("0.00")),
        ("1235", Jpy, Ok("1235")),
        ("1235.00", Jpy, Ok("1235")),
        (
            "0.005",
            Usd,
            Err(P::TooManyDecimals {
                currency: Usd,
                max: 2,
            }),
        ),
        (
            "1235.5",
            Jpy,
            Err(P::TooManyDecimals {
                currency: Jpy,
                max: 0,
            }),
        ),
        (
            "0.00000000000000000000000000001",
            Gbp,
            Err(P::TooManyDecimals {
                currency: Gbp,
                max: 2,
            }),
        ),
        ("-1", Usd, Err(P::Negative)),
        ("", Usd, Err(P::Empty)),
        ("   ", Usd, Err(P::Empty)),
        ("abc", Usd, Err(P::NotANumber)),
        ("1,5", Usd, Err(P::NotANumber)),
        ("1e3", Usd, Err(P::NotANumber)),
        ("1.2.3", Usd, Err(P::NotANumber)),
        ("100000000000000000000000000000", Usd, Err(P::TooLarge)),
    ];
    for (text, currency, want) in cases {
        let got = parse_amount(text, currency).map(|a| a.to_string());
        assert_eq!(got, want.map(str::to_owned), "{text:?} {currency}");
    }
}

#[test]
fn quantities_parse_as_non_negative_decimals() {
    use PricingProblem as P;
    let cases: [(&str, Result<&str, PricingProblem>); 8] = [
        ("1000", Ok("1000")),
        (" 1.50 ", Ok("1.5")),
        ("0", Ok("0")),
        ("1000000000000000", Ok("1000000000000000")),
        ("-5", Err(P::Negative)),
        ("", Err(P::Empty)),
        ("x", Err(P::NotANumber)),
        ("100000000000000000000000000000", Err(P::TooLarge)),
    ];
    for (text, want) in cases {
        assert_eq!(
            parse_quantity(text).map(|q| q.to_string()),
            want.map(str::to_owned),
            "{text:?}"
        );
    }
}

#[test]
fn amounts_format_with_the_currency_digits() {
    let cases = [
        ("1234.5", Usd, "1234.50"),
        ("1234.5", Jpy, "1235"),
        ("2.5", Jpy, "3"),
        ("-2.5", Jpy, "-3"),
        ("0.005", Usd, "0.01"),
        ("-0.005", Usd, "-0.01"),
        ("-0.004", Usd, "0.00"),
        ("0", Jpy, "0"),
        ("7", Brl, "7.00"),
        ("0.125", Eur, "0.13"),
        ("1000000000000000", Gbp, "1000000000000000.00"),
    ];
    for (amount, currency, text) in cases {
        assert_eq!(
            format_amount(d(amount), currency),
            text,
            "{amount} {currency}"
        );
    }
}

#[test]
fn names_round_trip() {
    for c in Currency::ALL {
        assert_eq!(c.code().parse::<Currency>(), Ok(c));
    }
    assert_eq!(" usd ".parse::<Currency>(), Ok(Usd));
    assert_eq!(
        "XYZ".parse::<Currency>(),
        Err(PricingProblem::UnknownChoice)
    );
    assert_eq!(Currency::ALL.map(Currency::minor_units), [2, 2, 2, 0, 2]);
    for t in PricingType::ALL {
        assert_eq!(t.as_str().parse::<PricingType>(), Ok(t));
    }
    for m in PricingModel::ALL {
        assert_eq!(m.as_str().parse::<PricingModel>(), Ok(m));
    }
    assert_eq!(
        PricingType::ALL.map(PricingType::as_str),
        ["free", "lite", "paid", "subscription"]
    );
    assert_eq!(
        PricingModel::ALL.map(PricingModel::as_str),
        ["linear", "graduated", "volume", "block"]
    );
    let mut sorted = vec![Brl, Jpy, Usd, Gbp, Eur];
    sorted.sort();
    assert_eq!(sorted, Currency::ALL.to_vec(), "Ord follows ALL, USD first");
}
