use super::*;

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_posted_form_reads_as_the_plan_typed() {
    let posted = fields(&[
        ("name", "standard"),
        ("kind", "paid"),
        ("bindable", ""),
        ("currency.EUR", "on"),
        ("texts.en.display_name", "Standard"),
        ("texts.en.bullets", "One\nTwo"),
        ("texts.de.display_name", "Standard DE"),
        ("metrics.0.id", "API_CALLS"),
        ("metrics.0.unit_names.en", "call"),
        ("metrics.0.unit_quantity", "1"),
        ("metrics.0.model", "graduated"),
        ("metrics.0.tiers.0.up_to", "1000"),
        ("metrics.0.tiers.0.USD.unit_price", "0"),
        ("metrics.0.tiers.0.EUR.unit_price", "0"),
        ("metrics.0.tiers.1.USD.unit_price", "0.02"),
        ("metrics.0.tiers.1.USD.flat_fee", "5"),
    ]);
    let plan = from_fields(&posted);
    assert_eq!(plan.name, "standard");
    assert_eq!(plan.currencies, ["USD", "EUR"]);
    assert_eq!(plan.texts["en"].bullets, ["One", "Two"]);
    assert_eq!(plan.texts["de"].display_name, "Standard DE");
    let m = &plan.metrics[0];
    assert_eq!(
        (m.id.as_str(), m.model.as_str()),
        ("API_CALLS", "graduated")
    );
    assert_eq!(m.tiers.len(), 2);
    assert_eq!(m.tiers[0].up_to, "1000");
    // The last tier is open-ended: no bound posted, none read.
    assert_eq!(m.tiers[1].up_to, "");
    assert_eq!(m.tiers[1].prices["USD"].flat_fee, "5");
    assert_eq!(m.tiers[1].prices["EUR"].unit_price, "");
    // What it writes back reads the same.
    let again: BTreeMap<String, String> = to_fields(&plan).into_iter().collect();
    assert_eq!(from_fields(&again), plan);
}

#[test]
fn ops_change_the_shape_as_the_buttons_say() {
    let table: [(&str, Option<Op>); 9] = [
        ("save", Some(Op::Save)),
        ("apply", Some(Op::Apply)),
        ("add_metric", Some(Op::AddMetric)),
        ("remove_metric.1", Some(Op::RemoveMetric(1))),
        ("add_tier.0", Some(Op::AddTier(0))),
        ("remove_tier.0.2", Some(Op::RemoveTier(0, 2))),
        ("remove_language.de", Some(Op::RemoveLanguage("de".into()))),
        ("remove_tier.x.1", None),
        ("drop_table", None),
    ];
    for (value, want) in table {
        assert_eq!(Op::parse(Some(value)), want, "{value}");
        if let Some(op) = want {
            assert_eq!(op.value(), value);
        }
    }
    assert_eq!(Op::parse(None), Some(Op::Save));

    let mut plan = PlanInput::default();
    apply(&mut plan, &Op::AddTier(0), Some("fr"));
    assert_eq!(plan.metrics[0].tiers.len(), 2);
    assert!(plan.texts.contains_key("fr"));
    // The open-ended last tier cannot be removed; another can.
    apply(&mut plan, &Op::RemoveTier(0, 1), None);
    assert_eq!(plan.metrics[0].tiers.len(), 2);
    apply(&mut plan, &Op::RemoveTier(0, 0), None);
    assert_eq!(plan.metrics[0].tiers.len(), 1);
    apply(&mut plan, &Op::AddMetric, Some("xx"));
    assert_eq!(plan.metrics.len(), 2);
    assert!(!plan.texts.contains_key("xx"));
    apply(&mut plan, &Op::RemoveLanguage("en".into()), None);
    assert!(plan.texts.contains_key("en"));
    apply(&mut plan, &Op::RemoveLanguage("fr".into()), None);
    assert!(!plan.texts.contains_key("fr"));
}
