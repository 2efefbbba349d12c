//! Table tests of `pricing`: worked examples (several from public billing documentation, cited
//! where used), tier edges, rounding, overflow, validation and parsing.

use super::*;
use Currency::{Brl, Eur, Gbp, Jpy, Usd};
use PricingModel::{Block, Graduated, Linear, Volume};

fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// A tier ending at `up_to` (`""` = open-ended), priced as `(currency, unit price, flat fee)`
/// (`""` = no flat fee).
fn tier(up_to: &str, prices: &[(Currency, &str, &str)]) -> Tier {
    let price = |unit: &str, flat: &str| TierPrice {
        unit_price: d(unit),
        flat_fee: (!flat.is_empty()).then(|| d(flat)),
    };
    Tier {
        up_to: (!up_to.is_empty()).then(|| d(up_to)),
        prices: prices.iter().map(|(c, u, f)| (*c, price(u, f))).collect(),
    }
}

/// A metric priced in USD only, tiers as `(up_to, unit price, flat fee)`.
fn metric(id: &str, model: PricingModel, per: &str, tiers: &[(&str, &str, &str)]) -> Metric {
    let tiers = tiers
        .iter()
        .map(|(up_to, u, f)| tier(up_to, &[(Usd, u, f)]));
    Metric {
        tiers: tiers.collect(),
        ..metric_in(id, model, per, vec![])
    }
}

fn metric_in(id: &str, model: PricingModel, per: &str, tiers: Vec<Tier>) -> Metric {
    Metric {
        id: id.into(),
        unit_names: BTreeMap::from([("en".to_owned(), "unit".to_owned())]),
        unit_quantity: d(per),
        model,
        free_units: Decimal::ZERO,
        tiers,
    }
}

/// Block pricing in USD: `price` per started block of `per` units, after `free` units.
fn block(id: &str, per: &str, free: &str, price: &str) -> Metric {
    Metric {
        free_units: d(free),
        ..metric(id, Block, per, &[("", price, "")])
    }
}

fn paid(metrics: Vec<Metric>) -> Pricing {
    Pricing {
        kind: PricingType::Paid,
        monthly_fee: BTreeMap::new(),
        metrics,
    }
}

/// A paid plan of one USD metric.
fn one(model: PricingModel, per: &str, tiers: &[(&str, &str, &str)]) -> Pricing {
    paid(vec![metric("UNITS", model, per, tiers)])
}

fn subscription(fee: &[(Currency, &str)], metrics: Vec<Metric>) -> Pricing {
    let monthly_fee = fee.iter().map(|(c, a)| (*c, d(a))).collect();
    Pricing {
        kind: PricingType::Subscription,
        monthly_fee,
        metrics,
    }
}

fn usage(pairs: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
    pairs.iter().map(|(m, q)| ((*m).to_owned(), d(q))).collect()
}

/// Per currency, in order: every line's amount, then the total (as written, scale included).
type Expect<'a> = &'a [(Currency, &'a [&'a str], &'a str)];

fn check(p: &Pricing, quantities: &[(&str, &str)], expect: Expect) {
    assert_eq!(validate(p), vec![], "the example plan is valid");
    let e = estimate(p, &usage(quantities)).unwrap_or_else(|e| panic!("{quantities:?}: {e:?}"));
    let got: Vec<(Currency, Vec<String>, String)> = e
        .currencies
        .iter()
        .map(|c| {
            let lines = c.lines.iter().map(|l| l.amount.to_string()).collect();
            (c.currency, lines, c.total.to_string())
        })
        .collect();
    let want: Vec<(Currency, Vec<String>, String)> = expect
        .iter()
        .map(|(c, lines, total)| {
            let lines = lines.iter().map(|l| l.to_string()).collect();
            (*c, lines, total.to_string())
        })
        .collect();
    assert_eq!(got, want, "{quantities:?}");
    for c in &e.currencies {
        let sum: Decimal = c.lines.iter().map(|l| l.amount).sum();
        assert_eq!(
            sum, c.total,
            "{quantities:?}: the lines add up to the total"
        );
    }
}

/// `(quantity of UNITS, USD line amounts, USD total)`.
type Row<'a> = (&'a str, &'a [&'a str], &'a str);

/// Checks every row against `p` (a plan of the one metric UNITS, in USD); returns the count.
fn table(p: &Pricing, rows: &[Row]) -> usize {
    for (quantity, lines, total) in rows {
        check(p, &[("UNITS", quantity)], &[(Usd, lines, total)]);
    }
    rows.len()
}

/// Stripe, "Set up tiered pricing" (docs.stripe.com/subscriptions/pricing-models/tiered-pricing):
/// Typographic's fonts, 1–5 at 7 USD, 6–10 at 6.5 USD, 11+ at 6 USD.
const STRIPE: &[(&str, &str, &str)] = &[("5", "7", ""), ("10", "6.5", ""), ("", "6", "")];

/// Lago, volume (getlago.com/docs/guide/plans/charges/charge-models/volume): 0–10 000 at
/// $0.0010, to 50 000 at $0.0008, to 100 000 at $0.0006, then $0.0004, each with a $10 fee.
/// USD prices have 2 decimals here, so the same rates are written per 1 000 calls.
const LAGO_VOLUME: &[(&str, &str, &str)] = &[
    ("10000", "1.00", "10"),
    ("50000", "0.80", "10"),
    ("100000", "0.60", "10"),
    ("", "0.40", "10"),
];

/// Graduated with a flat fee per tier, hand-computed: the rates are those of Lago's graduated
/// page (getlago.com/docs/guide/plans/charges/charge-models/graduated: $1 for the first 100
/// units, $0.50 for the next 100, then $0.10), which states no total; the fees are ours.
const WITH_FEES: &[(&str, &str, &str)] = &[
    ("100", "1.00", "10"),
    ("200", "0.50", "5"),
    ("", "0.10", "2"),
];

#[test]
fn worked_examples_price_as_documented() {
    let mut cases = 0;

    // Stripe, volume-based: the whole quantity at the rate of the tier it falls in. Stripe's
    // own table: 1 → 7, 5 → 35, 6 → 39, 20 → 120, 25 → 150 USD.
    cases += table(
        &one(Volume, "1", STRIPE),
        &[
            ("1", &["7.00"], "7.00"),
            ("5", &["35.00"], "35.00"),  // on tier 1's edge: 5 × 7
            ("6", &["39.00"], "39.00"),  // one past it: 6 × 6.5
            ("10", &["65.00"], "65.00"), // on tier 2's edge: 10 × 6.5
            ("11", &["66.00"], "66.00"), // one past it: 11 × 6
            ("20", &["120.00"], "120.00"),
            ("25", &["150.00"], "150.00"),
        ],
    );

    // Stripe, graduated: each tier's units at that tier's rate. Stripe states that 5 fonts
    // cost 35 USD as with volume pricing; the other rows follow from the same tiers.
    cases += table(
        &one(Graduated, "1", STRIPE),
        &[
            ("1", &["7.00"], "7.00"),
            ("5", &["35.00"], "35.00"), // on the edge: tier 2 not reached
            ("6", &["35.00", "6.50"], "41.50"), // 5 × 7 + 1 × 6.5
            ("20", &["35.00", "32.50", "60.00"], "127.50"), // 35 + 5 × 6.5 + 10 × 6
            ("25", &["35.00", "32.50", "90.00"], "157.50"), // 35 + 32.5 + 15 × 6
        ],
    );

    // Zuplo, pricing models (zuplo.com/docs/articles/monetization/pricing-models): 1–1 000 at
    // $0.10, 1 001–10 000 at $0.05, then $0.01; 15 000 units cost $600 graduated
    // (100 + 450 + 50) and $150 volume (15 000 × 0.01).
    let zuplo = [
        ("1000", "0.10", ""),
        ("10000", "0.05", ""),
        ("", "0.01", ""),
    ];
    cases += table(
        &one(Graduated, "1", &zuplo),
        &[("15000", &["100.00", "450.00", "50.00"], "600.00")],
    );
    cases += table(
        &one(Volume, "1", &zuplo),
        &[("15000", &["150.00"], "150.00")],
    );

    // Autumn, graduated (docs.useautumn.com/documentation/modelling-pricing/graduated-pricing):
    // $0.01, then $0.008 to 10 000, then $0.005; 15 000 requests cost $107. Written per 1 000
    // (10, 8, 5 USD): 1 × 10 + 9 × 8 + 5 × 5.
    let autumn = [("1000", "10", ""), ("10000", "8", ""), ("", "5", "")];
    cases += table(
        &one(Graduated, "1000", &autumn),
        &[("15000", &["10.00", "72.00", "25.00"], "107.00")],
    );

    // Lago, volume with a flat fee: "65,000 API calls would cost 65,000 x $0.0006 + $10 = $49";
    // only the reached tier's fee is charged.
    cases += table(
        &one(Volume, "1000", LAGO_VOLUME),
        &[
            ("65000", &["39.00", "10.00"], "49.00"), // 65 × 0.60 + 10
            ("10000", &["10.00", "10.00"], "20.00"), // on the edge: 10 × 1.00 + 10
            ("10001", &["8.00", "10.00"], "18.00"),  // 10.001 × 0.80 = 8.0008 → 8.00, + 10
        ],
    );

    // Graduated with fees: every reached tier adds its own fee.
    cases += table(
        &one(Graduated, "1", WITH_FEES),
        &[
            // 100 × 1 + 10 + 100 × 0.50 + 5 + 50 × 0.10 + 2 = 172
            (
                "250",
                &["100.00", "10.00", "50.00", "5.00", "5.00", "2.00"],
                "172.00",
            ),
            ("100", &["100.00", "10.00"], "110.00"), // on the edge: tier 2 not reached
            ("101", &["100.00", "10.00", "0.50", "5.00"], "115.50"), // one unit in tier 2
            ("0", &[], "0.00"),                      // zero usage reaches no tier, no fee
        ],
    );

    // Lago, package (getlago.com/docs/guide/plans/charges/charge-models/package): $5 per 100
    // units, the first 100 free; "201 units would cost $0 (first 100 units) + $5 (next 100
    // units) + $5 (last unit) = $10": 101 billable units start 2 blocks.
    cases += table(
        &paid(vec![block("UNITS", "100", "100", "5")]),
        &[
            ("201", &["0.00", "10.00"], "10.00"), // free-units line, then 2 blocks × 5
            ("80", &["0.00"], "0.00"),            // inside the free units
            ("100", &["0.00"], "0.00"),           // exactly the free units
        ],
    );

    // Chargebee, package (chargebee.com/docs/2.0/package-pricing.html): 1M tokens a package
    // at $1.25: 1 000 000 → $1.25, 10 → $1.25 (a started package), 1 500 000 → $2.50.
    cases += table(
        &paid(vec![block("UNITS", "1000000", "0", "1.25")]),
        &[
            ("1000000", &["1.25"], "1.25"),
            ("10", &["1.25"], "1.25"),
            ("1500000", &["2.50"], "2.50"),
        ],
    );
    cases += table(
        &paid(vec![block("UNITS", "100", "0", "5")]),
        &[
            ("250", &["15.00"], "15.00"), // a partial block: 3 started blocks × 5
            ("200", &["10.00"], "10.00"), // exactly 2 blocks
        ],
    );

    // Linear, exact arithmetic and one rounding per line (midpoint away from zero).
    cases += table(
        &one(Linear, "1", &[("", "0.01", "")]),
        &[(
            "1000000000000000",
            &["10000000000000.00"],
            "10000000000000.00",
        )], // 10^15 × 0.01
    );
    cases += table(
        &one(Linear, "1", &[("", "0.07", "")]),
        &[("1.5", &["0.11"], "0.11")], // 1.5 GB-hours × 0.07 = 0.105 → 0.11
    );
    cases += table(
        &one(Linear, "1000", &[("", "0.25", "")]),
        &[("1234", &["0.31"], "0.31")], // per 1 000: 1.234 × 0.25 = 0.3085 → 0.31
    );
    cases += table(
        // Two lines of 0.5 × 0.01 = 0.005 → 0.01 each: the total is 0.02 (not 0.01).
        &one(Graduated, "1000", &[("500", "0.01", ""), ("", "0.01", "")]),
        &[("1000", &["0.01", "0.01"], "0.02")],
    );

    // JPY has no decimals: 3 JPY (0.02 USD) per 1 000.
    let yen = |id: &str| {
        let prices = [(Usd, "0.02", ""), (Jpy, "3", "")];
        metric_in(id, Linear, "1000", vec![tier("", &prices)])
    };
    // 1 500: 1.5 × 3 = 4.5 → 5 JPY (midpoint away from zero); 1.5 × 0.02 = 0.03 USD.
    check(
        &paid(vec![yen("UNITS")]),
        &[("UNITS", "1500")],
        &[(Usd, &["0.03"], "0.03"), (Jpy, &["5"], "5")],
    );
    // 2 500: 7.5 → 8 JPY; 1 499: 4.497 → 4 JPY and 0.02998 → 0.03 USD.
    check(
        &paid(vec![yen("A"), yen("B")]),
        &[("A", "2500"), ("B", "1499")],
        &[(Usd, &["0.05", "0.03"], "0.08"), (Jpy, &["8", "4"], "12")],
    );
    cases += 2;

    // Subscriptions: the fee first, then any overage.
    check(
        &subscription(&[(Usd, "49"), (Eur, "45")], vec![]),
        &[],
        &[(Usd, &["49.00"], "49.00"), (Eur, &["45.00"], "45.00")],
    );
    let overage = metric(
        "API_CALLS",
        Graduated,
        "1",
        &[("1000", "0", ""), ("", "0.01", "")],
    );
    let with_overage = subscription(&[(Usd, "20")], vec![overage]);
    // 3 500 calls: 20 + 1 000 × 0 + 2 500 × 0.01.
    let expect: Expect = &[(Usd, &["20.00", "0.00", "25.00"], "45.00")];
    check(&with_overage, &[("API_CALLS", "3500")], expect);
    check(&with_overage, &[], &[(Usd, &["20.00"], "20.00")]);
    cases += 3;

    // Five currencies, 1 234 567 calls, prices per 1 000:
    // tier 1 (to 100 000): 100 × 0 everywhere;
    // tier 2 (to 1 000 000): 900 × 0.40 = 360 USD + 5 fee, × 0.37 = 333 EUR + 4.60,
    //   × 0.32 = 288 GBP + 4, × 60 = 54 000 JPY + 750, × 2.10 = 1 890 BRL + 26;
    // tier 3: 234.567 × 0.25 = 58.64175 → 58.64 USD, × 0.23 = 53.95041 → 53.95 EUR,
    //   × 0.20 = 46.9134 → 46.91 GBP, × 38 = 8 913.546 → 8 914 JPY, × 1.30 = 304.9371 → 304.94 BRL.
    check(
        &five_currencies(),
        &[("API_CALLS", "1234567")],
        &[
            (Usd, &["0.00", "360.00", "5.00", "58.64"], "423.64"),
            (Eur, &["0.00", "333.00", "4.60", "53.95"], "391.55"),
            (Gbp, &["0.00", "288.00", "4.00", "46.91"], "338.91"),
            (Jpy, &["0", "54000", "750", "8914"], "63664"),
            (Brl, &["0.00", "1890.00", "26.00", "304.94"], "2220.94"),
        ],
    );
    // Three models in one plan: volume 50 000 → tier 2: 50 × 0.80 = 40, + 2 fee; linear
    // 12.5 × 0.10 = 1.25; block 320 with 50 free: ceil(270 / 100) = 3 blocks × 5 = 15.
    check(
        &three_models(),
        &[
            ("REQUESTS", "50000"),
            ("STORAGE_GB", "12.5"),
            ("EXPORTS", "320"),
        ],
        &[(Usd, &["40.00", "2.00", "1.25", "0.00", "15.00"], "58.25")],
    );
    // A metric without usage costs nothing.
    check(
        &three_models(),
        &[("STORAGE_GB", "1")],
        &[(Usd, &["0.10"], "0.10")],
    );
    cases += 3;

    assert!(cases >= 30, "{cases} worked examples");
}

/// Per 1 000 calls: the first 100 000 free; then up to 1 000 000 at 0.40 USD with a 5 USD fee;
/// then 0.25 USD; in five currencies.
fn five_currencies() -> Pricing {
    let free = [
        (Usd, "0", ""),
        (Eur, "0", ""),
        (Gbp, "0", ""),
        (Jpy, "0", ""),
        (Brl, "0", ""),
    ];
    let mid = [
        (Usd, "0.40", "5"),
        (Eur, "0.37", "4.60"),
        (Gbp, "0.32", "4"),
        (Jpy, "60", "750"),
        (Brl, "2.10", "26"),
    ];
    let high = [
        (Usd, "0.25", ""),
        (Eur, "0.23", ""),
        (Gbp, "0.20", ""),
        (Jpy, "38", ""),
        (Brl, "1.30", ""),
    ];
    let tiers = vec![
        tier("100000", &free),
        tier("1000000", &mid),
        tier("", &high),
    ];
    paid(vec![metric_in("API_CALLS", Graduated, "1000", tiers)])
}

/// A volume, a linear and a block metric in one plan.
fn three_models() -> Pricing {
    let volume = [
        ("10000", "1.00", ""),
        ("100000", "0.80", "2"),
        ("", "0.50", "5"),
    ];
    paid(vec![
        metric("REQUESTS", Volume, "1000", &volume),
        metric("STORAGE_GB", Linear, "1", &[("", "0.10", "")]),
        block("EXPORTS", "100", "50", "5"),
    ])
}

// The charge lines, big numbers, broken plans and JSON; the validation of a plan's fields.
#[path = "pricing_charges_tests.rs"]
mod charges;
#[path = "pricing_validation_tests.rs"]
mod validation;

#[test]
fn amounts_parse_exactly_within_minor_units() {
    use PricingProblem as P;
    let decimals = |currency: Currency| {
        Err(P::TooManyDecimals {
            currency,
            max: currency.minor_units(),
        })
    };
    let cases = [
        ("12.5", Usd, Ok("12.50")),
        (" 1234.50 ", Usd, Ok("1234.50")),
        ("1.500", Usd, Ok("1.50")), // trailing zeros are not decimals
        ("7.99", Brl, Ok("7.99")),
        ("-0", Eur, Ok("0.00")),
        ("1235", Jpy, Ok("1235")),
        ("1235.00", Jpy, Ok("1235")),
        ("0.005", Usd, decimals(Usd)),
        ("1235.5", Jpy, decimals(Jpy)),
        ("0.00000000000000000000000000001", Gbp, decimals(Gbp)), // beyond 28 decimals
        ("-1", Usd, Err(P::Negative)),
        ("", Usd, Err(P::Empty)),
        ("   ", Usd, Err(P::Empty)),
        ("abc", Usd, Err(P::NotANumber)),
        ("1,5", Usd, Err(P::NotANumber)),
        ("1e3", Usd, Err(P::NotANumber)),
        ("1.2.3", Usd, Err(P::NotANumber)),
        ("100000000000000000000000000000", Usd, Err(P::TooLarge)), // 10^29
    ];
    for (text, currency, want) in cases {
        let got = parse_amount(text, currency).map(|a| a.to_string());
        assert_eq!(got, want.map(str::to_owned), "{text:?} {currency}");
    }
}

#[test]
fn unit_prices_parse_with_up_to_ten_decimals() {
    use PricingProblem as P;
    let too_precise = Err(P::UnitPriceTooPrecise { max: 10 });
    let cases = [
        ("0.000128", Usd, Ok("0.000128")),
        ("1.5", Usd, Ok("1.50")),
        ("0.045", Usd, Ok("0.045")),
        ("3", Jpy, Ok("3")),
        ("0.25", Jpy, Ok("0.25")),
        ("0.0000000001", Eur, Ok("0.0000000001")),
        ("0.00000000010", Eur, Ok("0.0000000001")),
        ("0.00000000001", Eur, too_precise.clone()),
        ("-0.1", Usd, Err(P::Negative)),
        ("", Usd, Err(P::Empty)),
        ("0.0000000000000000000000000000001", Usd, too_precise),
    ];
    for (text, currency, want) in cases {
        let got = parse_unit_price(text, currency).map(|a| a.to_string());
        assert_eq!(got, want.map(str::to_owned), "{text:?} {currency}");
    }
}

#[test]
fn unit_prices_format_with_every_decimal_and_at_least_the_minor_units() {
    let cases = [
        ("0.000128", Usd, "0.000128"),
        ("1.2", Usd, "1.20"),
        ("1.20000", Usd, "1.20"),
        ("3", Jpy, "3"),
        ("0.25", Jpy, "0.25"),
        ("0.0000000001", Gbp, "0.0000000001"),
    ];
    for (price, currency, text) in cases {
        assert_eq!(
            format_unit_price(d(price), currency),
            text,
            "{price} {currency}"
        );
    }
}

#[test]
fn quantities_parse_as_non_negative_decimals() {
    use PricingProblem as P;
    let cases = [
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
        let got = parse_quantity(text).map(|q| q.to_string());
        assert_eq!(got, want.map(str::to_owned), "{text:?}");
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
        ("-0.004", Usd, "0.00"), // no negative zero
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
    let types = PricingType::ALL.map(PricingType::as_str);
    assert_eq!(types, ["free", "lite", "paid", "subscription"]);
    let models = PricingModel::ALL.map(PricingModel::as_str);
    assert_eq!(models, ["linear", "graduated", "volume", "block"]);
    let mut sorted = vec![Brl, Jpy, Usd, Gbp, Eur];
    sorted.sort();
    assert_eq!(sorted, Currency::ALL.to_vec(), "Ord follows ALL, USD first");
}
