//! `estimator-bench`: how fast the price estimator (`app/src/domain/pricing.rs`, included by
//! path, exactly the code the server and the browser run) prices usage on one core.
//!
//! The plan is a realistic subscription priced in all five currencies: a monthly fee, a
//! graduated metric of 5 tiers with flat fees, a volume metric of 4 tiers and a block metric
//! with free units. The estimator runs in a loop on one thread for `ESTIMATOR_SECONDS` (2 by
//! default) over 1 024 prepared usages that reach every tier, and prints
//!
//! `estimator: <N> tier evaluations/s (one core), <M> estimates/s`
//!
//! A tier evaluation is one (metric, tier, currency) the estimator considered (see
//! `Estimate::tier_evaluations`). Goal: at least 1 000 000 tier evaluations/s.

#[allow(dead_code)]
#[path = "../../../app/src/domain/pricing.rs"]
mod pricing;

use pricing::{
    estimate, validate, Currency, Metric, Pricing, PricingModel, PricingType, Tier, TierPrice,
};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

const GOAL: f64 = 1_000_000.0;
const USAGES: usize = 1024;

/// A USD price converted at a fixed rate and rounded to the currency's minor units.
fn price(usd: &str, currency: Currency) -> Decimal {
    let rate = match currency {
        Currency::Usd => "1",
        Currency::Eur => "0.92",
        Currency::Gbp => "0.79",
        Currency::Jpy => "150",
        Currency::Brl => "5.40",
    };
    let amount = Decimal::from_str_exact(usd).unwrap() * Decimal::from_str_exact(rate).unwrap();
    let dp = currency.minor_units();
    amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Tiers as `(up_to, USD unit price, USD flat fee)` (`""` = open-ended / none), in every currency.
fn tiers(spec: &[(&str, &str, &str)]) -> Vec<Tier> {
    let tier = |(up_to, unit, flat): &(&str, &str, &str)| Tier {
        up_to: (!up_to.is_empty()).then(|| Decimal::from_str_exact(up_to).unwrap()),
        prices: Currency::ALL
            .into_iter()
            .map(|c| {
                let flat_fee = (!flat.is_empty()).then(|| price(flat, c));
                (
                    c,
                    TierPrice {
                        unit_price: price(unit, c),
                        flat_fee,
                    },
                )
            })
            .collect(),
    };
    spec.iter().map(tier).collect()
}

fn metric(
    id: &str,
    model: PricingModel,
    per: i64,
    free: i64,
    spec: &[(&str, &str, &str)],
) -> Metric {
    Metric {
        id: id.into(),
        unit_names: BTreeMap::from([("en".to_owned(), id.to_lowercase())]),
        unit_quantity: Decimal::from(per),
        model,
        free_units: Decimal::from(free),
        tiers: tiers(spec),
    }
}

fn plan() -> Pricing {
    let graduated = [
        ("100000", "0", ""),
        ("1000000", "0.40", "5"),
        ("10000000", "0.30", ""),
        ("100000000", "0.20", "50"),
        ("", "0.10", ""),
    ];
    let volume = [
        ("100", "0.10", ""),
        ("1000", "0.08", "2"),
        ("10000", "0.06", "5"),
        ("", "0.04", "10"),
    ];
    Pricing {
        kind: PricingType::Subscription,
        monthly_fee: Currency::ALL
            .into_iter()
            .map(|c| (c, price("49", c)))
            .collect(),
        metrics: vec![
            metric("API_CALLS", PricingModel::Graduated, 1000, 0, &graduated),
            metric("STORAGE_GB", PricingModel::Volume, 1, 0, &volume),
            metric("EXPORTS", PricingModel::Block, 100, 50, &[("", "5", "")]),
        ],
    }
}

/// Varied usages (a fixed pseudo-random sequence): from nothing to past every tier's start,
/// fractional storage, a metric sometimes missing.
fn usages() -> Vec<BTreeMap<String, Decimal>> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    (0..USAGES)
        .map(|_| {
            let mut usage = BTreeMap::new();
            let calls = (next() % 1000 + 1) * 10u64.pow((next() % 6) as u32);
            let storage = Decimal::new((next() % 2_000_000) as i64, 2);
            let exports = next() % 2000;
            for (id, quantity) in [
                ("API_CALLS", Decimal::from(calls)),
                ("STORAGE_GB", storage),
                ("EXPORTS", Decimal::from(exports)),
            ] {
                if next() % 8 != 0 {
                    usage.insert(id.to_owned(), quantity);
                }
            }
            usage
        })
        .collect()
}

fn main() {
    let seconds: f64 = std::env::var("ESTIMATOR_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 0.0)
        .unwrap_or(2.0);
    let plan = plan();
    let problems = validate(&plan);
    assert!(
        problems.is_empty(),
        "the benchmark plan is invalid: {problems:?}"
    );
    let usages = usages();

    let run = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let (mut estimates, mut evaluations) = (0u64, 0u64);
    while start.elapsed() < run {
        for usage in &usages {
            let e = estimate(black_box(&plan), black_box(usage)).expect("a valid usage");
            evaluations += e.tier_evaluations();
            estimates += 1;
            black_box(e);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let per_second = evaluations as f64 / elapsed;
    println!(
        "estimator: {:.0} tier evaluations/s (one core), {:.0} estimates/s",
        per_second,
        estimates as f64 / elapsed
    );
    let goal = if per_second >= GOAL { "met" } else { "MISSED" };
    println!(
        "  {} metrics, {} currencies, {} usages, {:.2} s, {:.1} tier evaluations an estimate",
        plan.metrics.len(),
        plan.currencies().len(),
        usages.len(),
        elapsed,
        evaluations as f64 / estimates as f64,
    );
    println!("  goal ≥ {GOAL:.0} tier evaluations/s: {goal}");
}
