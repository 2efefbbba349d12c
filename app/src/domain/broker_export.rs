//! Export: the OSB catalog a broker should serve for an offering, built from the console's
//! definition. An offering with no plans has no catalog (OSB: a service "MUST contain at least
//! one Service Plan"), so [`exportable_catalog`] refuses it; the icon is published at a stable
//! public address ([`image_url`]) once the offering may be seen outside its organisation.

use super::ExpectedService;
use crate::domain::visibility::Visibility;
use serde_json::{Map, Value};

/// Why an offering without plans has no broker catalog.
pub const NO_PLANS: &str = "Add at least one plan before exporting the broker catalog: the Open Service Broker catalog needs one.";

/// The catalog of an offering that has plans; else the sentence [`NO_PLANS`].
pub fn exportable_catalog(expected: &ExpectedService) -> Result<Value, &'static str> {
    if expected.plans.is_empty() {
        return Err(NO_PLANS);
    }
    Ok(export_catalog(expected))
}

/// Whether the icon of an offering in `visibility` is served to anyone at its public address
/// (`/icons/{id}`, no sign-in): once the offering may be seen outside its organisation —
/// limited (test accounts see it in the platform's marketplace, which loads `imageUrl`), in
/// review, public, deprecated. Never for a draft (nobody outside has seen it) or a retired one.
pub fn icon_is_public(visibility: Visibility) -> bool {
    match visibility {
        Visibility::Limited
        | Visibility::InReview
        | Visibility::Public
        | Visibility::Deprecated => true,
        Visibility::Draft | Visibility::Retired => false,
    }
}

/// The catalog's `metadata.imageUrl`: the icon's public address under the console's public
/// base URL, when the offering has an icon and it is public ([`icon_is_public`]). The address
/// depends only on the offering's id, so it stays the same when the icon changes.
pub fn image_url(
    public_url: &str,
    offering_id: &str,
    visibility: Visibility,
    has_icon: bool,
) -> Option<String> {
    (has_icon && icon_is_public(visibility) && !public_url.trim().is_empty()).then(|| {
        format!(
            "{}/icons/{}",
            public_url.trim().trim_end_matches('/'),
            urlencoding::encode(offering_id)
        )
    })
}

/// The OSB catalog the broker should serve for this offering (SPEC §5 "Export", §13), whatever
/// its plans; [`exportable_catalog`] is the export that refuses an offering with none.
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
            if let Some(schema) = crate::domain::parameters::schema(&plan.parameters) {
                let schemas = serde_json::json!({ "service_instance": { "create": { "parameters": schema } } });
                object.insert("schemas".into(), schemas);
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
    if !expected.tags.is_empty() {
        service.insert("tags".into(), Value::from(expected.tags.clone()));
    }
    service.insert("bindable".into(), Value::from(expected.bindable));
    // The retrievable flags only when set: absent means "not supported" to a platform.
    if expected.instances_retrievable {
        service.insert("instances_retrievable".into(), Value::from(true));
    }
    if expected.bindings_retrievable {
        service.insert("bindings_retrievable".into(), Value::from(true));
    }
    service.insert(
        "plan_updateable".into(),
        Value::from(expected.plan_updateable),
    );
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

#[cfg(test)]
#[path = "broker_export_tests.rs"]
mod tests;
