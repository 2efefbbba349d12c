//! Comparison of a broker's catalog with the console's definition of the offering: every
//! difference, one sentence each.

use super::ExpectedService;
use serde_json::Value;

/// Every difference between the broker's catalog and the console's definition of the offering
/// (id, name, bindable; each plan's id, name, free flag and bindable), one sentence each.
pub fn compare(catalog: &Value, expected: &ExpectedService) -> Vec<String> {
    let mut out = Vec::new();
    let Some(services) = catalog.get("services").and_then(Value::as_array) else {
        out.push(
            "The broker's catalog has no `services` array, so it cannot be compared with the console's definition."
                .into(),
        );
        return out;
    };
    let by_id = services
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(expected.id.as_str()));
    let service = match by_id {
        Some(service) => {
            if let Some(name) = service.get("name").and_then(Value::as_str) {
                if name != expected.name {
                    out.push(format!(
                        "The service {} is called `{name}` at the broker but `{}` in the console.",
                        expected.id, expected.name
                    ));
                }
            }
            service
        }
        None => {
            let by_name = services
                .iter()
                .find(|s| s.get("name").and_then(Value::as_str) == Some(expected.name.as_str()));
            match by_name {
                Some(service) => {
                    let id = service
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or("(none)");
                    out.push(format!(
                        "The broker's service `{}` has the id {id}, but the console's offering has the id {}; the ids must be the same.",
                        expected.name, expected.id
                    ));
                    service
                }
                None => {
                    out.push(format!(
                        "The broker's catalog has no service with the id {} or the name `{}`; {}.",
                        expected.id,
                        expected.name,
                        offered(services)
                    ));
                    return out;
                }
            }
        }
    };

    let broker_bindable = service.get("bindable").and_then(Value::as_bool);
    if broker_bindable != Some(expected.bindable) {
        out.push(bindable_sentence(
            "The service",
            expected.bindable,
            broker_bindable,
        ));
    }

    let empty = Vec::new();
    let plans = service
        .get("plans")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let plan_id = |p: &Value| p.get("id").and_then(Value::as_str).map(str::to_string);
    let plan_name = |p: &Value| p.get("name").and_then(Value::as_str).map(str::to_string);
    let mut matched: Vec<usize> = Vec::new();
    for want in &expected.plans {
        let found = plans
            .iter()
            .position(|p| plan_id(p).as_deref() == Some(want.id.as_str()));
        let index = match found {
            Some(index) => {
                if let Some(name) = plan_name(&plans[index]) {
                    if name != want.name {
                        out.push(format!(
                            "Plan {} is called `{name}` at the broker but `{}` in the console.",
                            want.id, want.name
                        ));
                    }
                }
                index
            }
            None => {
                // Same name under another id, unless that id belongs to another console plan.
                let renamed = plans.iter().position(|p| {
                    plan_name(p).as_deref() == Some(want.name.as_str())
                        && !expected
                            .plans
                            .iter()
                            .any(|e| plan_id(p).as_deref() == Some(e.id.as_str()))
                });
                match renamed {
                    Some(index) => {
                        out.push(format!(
                            "Plan `{}` has the id {} at the broker but {} in the console; the ids must be the same.",
                            want.name,
                            plan_id(&plans[index]).unwrap_or_else(|| "(none)".into()),
                            want.id
                        ));
                        index
                    }
                    None => {
                        out.push(format!(
                            "The broker's catalog has no plan `{}` (id {}); add it as the console defines it.",
                            want.name, want.id
                        ));
                        continue;
                    }
                }
            }
        };
        matched.push(index);
        let plan = &plans[index];
        let label = format!("Plan `{}` ({})", want.name, want.id);

        // OSB: "free … The default is true."
        let free_field = plan.get("free").and_then(Value::as_bool);
        let broker_free = free_field.unwrap_or(true);
        if broker_free != want.free {
            out.push(if want.free {
                format!("{label} is paid at the broker (`free: false`) but free in the console.")
            } else if free_field.is_none() {
                format!("{label} is free at the broker (it has no `free` field, which means free) but paid in the console; set `\"free\": false`.")
            } else {
                format!("{label} is free at the broker but paid in the console; set `\"free\": false`.")
            });
        }

        let want_bindable = want.bindable.unwrap_or(expected.bindable);
        let broker_plan_bindable = plan
            .get("bindable")
            .and_then(Value::as_bool)
            .or(broker_bindable);
        if broker_plan_bindable != Some(want_bindable) {
            out.push(bindable_sentence(
                &label,
                want_bindable,
                broker_plan_bindable,
            ));
        }
    }

    for (index, plan) in plans.iter().enumerate() {
        if matched.contains(&index) {
            continue;
        }
        let name = plan_name(plan).unwrap_or_else(|| "(unnamed)".into());
        let id = plan_id(plan).unwrap_or_else(|| "(none)".into());
        out.push(format!(
            "The broker offers plan `{name}` (id {id}), which the console does not define; remove it from the broker or add it in the console."
        ));
    }
    out
}

fn bindable_sentence(subject: &str, console: bool, broker: Option<bool>) -> String {
    let said = |b: bool| if b { "bindable" } else { "not bindable" };
    match broker {
        Some(b) => format!(
            "{subject} is {} at the broker but {} in the console.",
            said(b),
            said(console)
        ),
        None => format!(
            "{subject} has no `bindable` flag at the broker; the console says it is {}.",
            said(console)
        ),
    }
}

fn offered(services: &[Value]) -> String {
    if services.is_empty() {
        return "the catalog lists no services".into();
    }
    let listed: Vec<String> = services
        .iter()
        .map(|s| {
            format!(
                "`{}` (id {})",
                s.get("name").and_then(Value::as_str).unwrap_or("(unnamed)"),
                s.get("id").and_then(Value::as_str).unwrap_or("(none)")
            )
        })
        .collect();
    format!("it lists {}", listed.join(", "))
}
