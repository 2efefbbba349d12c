//! Export: the OSB catalog a broker should serve for an offering, built from the console's
//! definition.

use super::ExpectedService;
use serde_json::{Map, Value};

/// The OSB catalog the broker should serve for this offering (SPEC §5 "Export", §13).
pub fn export_catalog(expected: &ExpectedService) -> Value {
    let mut metadata = Map::new();
    put_text(&mut metadata, "displayName", &expected.display_name);
    put_text(&mut metadata, "longDescription", &expected.long_description);
    if let Some(url) = &expected.image_url {
        put_text(&mut metadata, "imageUrl", url);
    }

    let plans: Vec<Value> = expected
        .plans
        .iter()
        .map(|plan| {
            let mut object = Map::new();
            object.insert("id".into(), Value::from(plan.id.as_str()));
            object.insert("name".into(), Value::from(plan.name.as_str()));
            object.insert("description".into(), Value::from(plan.description.as_str()));
            object.insert("free".into(), Value::from(plan.free));
            if let Some(bindable) = plan.bindable {
                object.insert("bindable".into(), Value::from(bindable));
            }
            let mut plan_metadata = Map::new();
            put_text(&mut plan_metadata, "displayName", &plan.display_name);
            if !plan_metadata.is_empty() {
                object.insert("metadata".into(), Value::Object(plan_metadata));
            }
            Value::Object(object)
        })
        .collect();

    let mut service = Map::new();
    service.insert("id".into(), Value::from(expected.id.as_str()));
    service.insert("name".into(), Value::from(expected.name.as_str()));
    service.insert(
        "description".into(),
        Value::from(expected.description.as_str()),
    );
    service.insert("bindable".into(), Value::from(expected.bindable));
    service.insert("plan_updateable".into(), Value::from(false));
    if !metadata.is_empty() {
        service.insert("metadata".into(), Value::Object(metadata));
    }
    service.insert("plans".into(), Value::Array(plans));

    let mut catalog = Map::new();
    catalog.insert(
        "services".into(),
        Value::Array(vec![Value::Object(service)]),
    );
    Value::Object(catalog)
}

fn put_text(object: &mut Map<String, Value>, key: &str, text: &str) {
    if !text.trim().is_empty() {
        object.insert(key.into(), Value::from(text));
    }
}
