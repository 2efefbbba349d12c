//! Plans the domain tests share: what the plan editor would have typed, parsed.

use super::plan::{Plan, PlanInput, PriceInput, TierInput};

/// A plan `standard` metering `API_CALLS` (unit `call`) with `model` and tiers of
/// `(up_to, USD unit price)` (`""` = open-ended), parsed as the editor parses it.
pub fn metered(model: &str, tiers: &[(&str, &str)]) -> Plan {
    let mut input = PlanInput {
        name: "standard".into(),
        ..PlanInput::default()
    };
    let en = input.texts.get_mut("en").unwrap();
    en.display_name = "Standard".into();
    en.description = "Metered.".into();
    let m = &mut input.metrics[0];
    m.id = "API_CALLS".into();
    m.unit_names.insert("en".into(), "call".into());
    m.model = model.into();
    m.tiers = (tiers.iter())
        .map(|(up_to, usd)| TierInput {
            up_to: (*up_to).into(),
            prices: [(
                "USD".to_owned(),
                PriceInput {
                    unit_price: (*usd).into(),
                    flat_fee: String::new(),
                },
            )]
            .into(),
        })
        .collect();
    input.parse("plan-1").unwrap()
}
