use super::*;
use time::macros::datetime;

fn plan() -> Plan {
    crate::domain::test_plans::metered("graduated", &[("1000", "0"), ("", "0.01")])
}

fn record(start: &str, end: &str, measure: &str, quantity: i64) -> UsageRecord {
    UsageRecord {
        resource_instance_id: "i-1".into(),
        plan_id: "plan-1".into(),
        start: start.into(),
        end: end.into(),
        measures: vec![Measure {
            measure: measure.into(),
            quantity: quantity.into(),
        }],
    }
}

#[test]
fn api_records_are_checked_for_age_future_plan_and_measures() {
    let now = datetime!(2026-11-24 12:00 UTC);
    let plans = [plan()];
    let ok = record(
        "2026-11-24T10:00:00Z",
        "2026-11-24T11:00:00Z",
        "API_CALLS",
        5,
    );
    assert!(check_record(&ok, &plans, Some(now)).is_ok());
    let codes = |r: &UsageRecord| -> Vec<String> {
        check_record(r, &plans, Some(now))
            .unwrap_err()
            .into_iter()
            .map(|p| p.code)
            .collect()
    };
    assert_eq!(
        codes(&record(
            "2026-11-22T11:59:00Z",
            "2026-11-22T13:00:00Z",
            "API_CALLS",
            1
        )),
        ["too_old"]
    );
    assert_eq!(
        codes(&record(
            "2026-11-24T11:00:00Z",
            "2026-11-24T12:00:01Z",
            "API_CALLS",
            1
        )),
        ["in_future"]
    );
    assert_eq!(
        codes(&record(
            "2026-11-24T10:00:00Z",
            "2026-11-24T11:00:00Z",
            "STORAGE",
            1
        )),
        ["unknown_measure"]
    );
    assert_eq!(
        codes(&record("yesterday", "2026-11-24T11:00:00Z", "API_CALLS", 1)),
        ["bad_time"]
    );
    let mut other_plan = ok.clone();
    other_plan.plan_id = "nope".into();
    assert_eq!(codes(&other_plan), ["unknown_plan"]);
    // A replay takes any date.
    let old = record(
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z",
        "API_CALLS",
        1,
    );
    assert!(check_record(&old, &plans, None).is_ok());
}

#[test]
fn a_generated_month_rates_like_the_estimator() {
    let p = plan();
    let records = generate(&Pattern {
        plan_id: p.id.clone(),
        metric: "API_CALLS".into(),
        instances: 3,
        daily_quantity: 100.into(),
        year: 2026,
        month: 11,
    })
    .unwrap();
    assert_eq!(records.len(), 90);
    let rated = rate(&p, &records).unwrap();
    assert_eq!(rated.quantities["API_CALLS"], Decimal::from(9000));
    let direct = pricing::estimate(&p.pricing, &rated.quantities).unwrap();
    assert_eq!(rated.estimate, direct);
    // 9 000 calls: 1 000 free, 8 000 × 0.01 = 80.00 USD; days 1–3 are inside the free tier.
    assert_eq!(rated.estimate.currencies[0].total, Decimal::new(8000, 2));
    assert_eq!(rated.daily.len(), 30);
    assert_eq!(rated.daily[0].1, Decimal::ZERO);
    let sum: Decimal = rated.daily.iter().map(|d| d.1).sum();
    assert_eq!(sum, Decimal::new(8000, 2));
}

#[test]
fn generator_refuses_silly_patterns() {
    let mut p = Pattern {
        plan_id: "x".into(),
        metric: "A".into(),
        instances: 0,
        daily_quantity: 1.into(),
        year: 2026,
        month: 2,
    };
    assert!(generate(&p).is_err());
    p.instances = 1;
    p.month = 13;
    assert!(generate(&p).is_err());
    p.month = 2;
    assert_eq!(generate(&p).unwrap().len(), 28);
}

#[test]
fn a_month_that_crosses_a_price_change_is_rated_in_two_parts() {
    use crate::domain::price_schedule::PriceChange;
    use crate::domain::pricing::Currency;
    let mut p = plan();
    let mut dearer = p.pricing.clone();
    dearer.metrics[0].tiers[1]
        .prices
        .get_mut(&Currency::Usd)
        .unwrap()
        .unit_price = Decimal::new(2, 2);
    p.price_changes = vec![PriceChange {
        effective: time::macros::date!(2026 - 11 - 16),
        pricing: dearer,
    }];
    let records = generate(&Pattern {
        plan_id: "plan-1".into(),
        metric: "API_CALLS".into(),
        instances: 1,
        daily_quantity: 200.into(),
        year: 2026,
        month: 11,
    })
    .unwrap();
    let rated = rate(&p, &records).unwrap();
    let parts: Vec<(Option<&str>, &str, &str, usize, Decimal)> = (rated.segments.iter())
        .map(|s| {
            let total = s.estimate.currencies[0].total;
            let from = s.prices_from.as_deref();
            (
                from,
                s.first_day.as_str(),
                s.last_day.as_str(),
                s.records,
                total,
            )
        })
        .collect();
    // Each part: 3 000 calls, 1 000 free; 2 000 × 0.01 before the change, × 0.02 after.
    assert_eq!(
        parts,
        [
            (None, "2026-11-01", "2026-11-15", 15, Decimal::new(2000, 2)),
            (
                Some("2026-11-16"),
                "2026-11-16",
                "2026-11-30",
                15,
                Decimal::new(4000, 2)
            ),
        ]
    );
    assert_eq!(rated.estimate.currencies[0].total, Decimal::new(6000, 2));
    assert_eq!(rated.quantities["API_CALLS"], Decimal::from(6000));
    let sum: Decimal = rated.daily.iter().map(|d| d.1).sum();
    assert_eq!(sum, Decimal::new(6000, 2));
    assert_eq!(rated.daily.len(), 30);
}
