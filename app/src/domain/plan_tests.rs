//! Tests of `plan`: parsing the editor's input, per-cell problems, free, lite and subscription rules, name uniqueness.

use super::*;

fn paid_input() -> PlanInput {
    let mut input = PlanInput {
        name: "standard".into(),
        ..PlanInput::default()
    };
    let en = input.texts.get_mut("en").unwrap();
    en.display_name = "Standard".into();
    en.description = "Pay for what you use.".into();
    let m = &mut input.metrics[0];
    m.id = "API_CALLS".into();
    m.unit_names.insert("en".into(), "call".into());
    m.model = "graduated".into();
    m.tiers = vec![
        TierInput {
            up_to: "1000".into(),
            prices: BTreeMap::from([(
                "USD".into(),
                PriceInput {
                    unit_price: "0".into(),
                    flat_fee: String::new(),
                },
            )]),
        },
        TierInput {
            up_to: String::new(),
            prices: BTreeMap::from([(
                "USD".into(),
                PriceInput {
                    unit_price: "0.02".into(),
                    flat_fee: "5".into(),
                },
            )]),
        },
    ];
    input
}

#[test]
fn a_complete_paid_plan_parses_and_round_trips() {
    let plan = paid_input().parse("p1").expect("valid");
    assert_eq!(plan.pricing.metrics[0].tiers.len(), 2);
    assert_eq!(
        plan.pricing.metrics[0].tiers[0].up_to,
        Some(Decimal::from(1000))
    );
    let again = PlanInput::from_plan(&plan)
        .parse("p1")
        .expect("valid again");
    assert_eq!(again, plan);
}

#[test]
fn every_cell_problem_names_its_field() {
    let mut input = paid_input();
    input.name = "Standard Plan".into();
    input.metrics[0].tiers[0].up_to = "ten".into();
    input.metrics[0].tiers[1]
        .prices
        .get_mut("USD")
        .unwrap()
        .unit_price = "0.00000000001".into();
    input.texts.get_mut("en").unwrap().description.clear();
    let fields: Vec<String> = input
        .parse("p1")
        .unwrap_err()
        .iter()
        .map(|p| p.field().to_owned())
        .collect();
    assert_eq!(
        fields,
        [
            "name",
            "texts.en.description",
            "metrics.0.tiers.0.up_to",
            "metrics.0.tiers.1.USD.unit_price"
        ]
    );
}

#[test]
fn a_decreasing_bound_is_refused_by_the_pricing_rules() {
    let mut input = paid_input();
    input.metrics[0].tiers.insert(
        1,
        TierInput {
            up_to: "500".into(),
            prices: BTreeMap::from([(
                "USD".into(),
                PriceInput {
                    unit_price: "1".into(),
                    flat_fee: String::new(),
                },
            )]),
        },
    );
    let problems = input.parse("p1").unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.field() == "metrics.0.tiers.1.up_to"),
        "{problems:?}"
    );
}

#[test]
fn free_plans_carry_no_pricing_and_lite_plans_state_limits() {
    let mut input = paid_input();
    input.kind = "free".into();
    let plan = input.parse("p1").expect("free plan");
    assert!(plan.pricing.metrics.is_empty() && plan.is_free());
    input.kind = "lite".into();
    let problems = input.parse("p1").unwrap_err();
    assert_eq!(problems[0].field(), "texts.en.limits");
}

#[test]
fn subscriptions_need_a_fee_in_every_currency() {
    let mut input = paid_input();
    input.kind = "subscription".into();
    input.currencies = vec!["USD".into(), "EUR".into()];
    input.monthly_fee.insert("USD".into(), "10".into());
    let fields: Vec<String> = input
        .parse("p1")
        .unwrap_err()
        .iter()
        .map(|p| p.field().to_owned())
        .collect();
    assert!(fields.contains(&"monthly_fee.EUR".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"metrics.0.tiers.0.EUR.unit_price".to_owned()),
        "{fields:?}"
    );
}

#[test]
fn names_are_unique_within_the_offering_and_listed_offerings_keep_a_plan() {
    let plan = paid_input().parse("p1").unwrap();
    let other = Plan {
        id: "p2".into(),
        ..plan.clone()
    };
    assert_eq!(
        problems_among(std::slice::from_ref(&plan), &other)[0].field(),
        "name"
    );
    assert!(problems_among(&[plan], &other.clone()).len() == 1);
    assert!(!may_delete(1, true) && may_delete(1, false) && may_delete(2, true));
}
