//! Open Service Broker rules (SPEC §5, §12, §13): is a broker's catalog well-formed, does it match
//! the console's definition, which catalog should the broker serve, and which conformance checks
//! there are and how much each counts. Pure: the HTTP calls live in the server; these take JSON and
//! give sentences a provider can act on.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

#[path = "broker_comparison.rs"]
mod comparison;
#[path = "broker_conformance.rs"]
mod conformance;
#[path = "broker_export.rs"]
mod export;

pub use comparison::compare;
pub use conformance::{
    conformance_check, run_passes, run_passes_at, ConformanceCheck, Strength, CONFORMANCE_CHECKS,
};
pub use export::{export_catalog, exportable_catalog, icon_is_public, image_url, NO_PLANS};

/// The console's definition of an offering, as far as a broker's catalog must agree with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedService {
    pub id: String,
    pub name: String,
    pub description: String,
    pub bindable: bool,
    pub display_name: String,
    pub long_description: String,
    pub image_url: Option<String>,
    /// Basics' tags, in order.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Basics' OSB flags.
    #[serde(default)]
    pub plan_updateable: bool,
    #[serde(default)]
    pub instances_retrievable: bool,
    #[serde(default)]
    pub bindings_retrievable: bool,
    pub plans: Vec<ExpectedPlan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedPlan {
    pub id: String,
    pub name: String,
    pub description: String,
    pub free: bool,
    /// Overrides the service's `bindable` when set.
    pub bindable: Option<bool>,
    pub display_name: String,
    /// The create-time parameters, exported as the plan's JSON Schema.
    #[serde(default)]
    pub parameters: Vec<super::parameters::Parameter>,
}

/// A broker as a review request freezes it: what it is and how its latest checks went. Never a
/// credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrokerSnapshot {
    pub name: String,
    pub url: String,
    pub api_version: String,
    pub locations: Vec<String>,
    /// The latest validation: `passed` or `failed`, and when it started; `None` when never run.
    pub validation: Option<(String, String)>,
    /// The latest smoke test, as `validation`.
    pub smoke_test: Option<(String, String)>,
}

// ---------------------------------------------------------------------------------------------
// Well-formedness
// ---------------------------------------------------------------------------------------------

/// One thing wrong with a catalog, tagged with the conformance check it fails
/// (`catalog-schema`, `catalog-unique` or `catalog-names`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogFinding {
    pub check: &'static str,
    pub text: String,
}

pub const CHECK_CATALOG_SCHEMA: &str = "catalog-schema";
pub const CHECK_CATALOG_UNIQUE: &str = "catalog-unique";
pub const CHECK_CATALOG_NAMES: &str = "catalog-names";

/// Every problem of an OSB 2.12+ catalog, one sentence each.
pub fn catalog_problems(catalog: &Value) -> Vec<String> {
    catalog_findings(catalog)
        .into_iter()
        .map(|finding| finding.text)
        .collect()
}

/// The catalog checks' results for a conformance run: each catalog check passes when no finding
/// is tagged with it.
pub fn catalog_check_results(catalog: &Value) -> Vec<(&'static str, bool)> {
    let findings = catalog_findings(catalog);
    [
        CHECK_CATALOG_SCHEMA,
        CHECK_CATALOG_UNIQUE,
        CHECK_CATALOG_NAMES,
    ]
    .into_iter()
    .map(|check| (check, findings.iter().all(|f| f.check != check)))
    .collect()
}

/// "CLI-friendly" per OSB 2.14+: alphanumerics, periods and hyphens, no spaces (2.12 and 2.13
/// also asked for lowercase; 2.14 relaxed that because nobody enforced it).
pub fn is_cli_friendly(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// How a finding names a service: by name when it has one, else by id, else by position.
fn service_label(service: &Value, index: usize) -> String {
    match (non_empty_str(service, "name"), non_empty_str(service, "id")) {
        (Some(name), _) => format!("Service `{name}`"),
        (None, Some(id)) => format!("The service with id {id}"),
        (None, None) => format!("Service #{}", index + 1),
    }
}

fn plan_label(plan: &Value, index: usize, service: &str) -> String {
    match (non_empty_str(plan, "name"), non_empty_str(plan, "id")) {
        (Some(name), _) => format!("Plan `{name}` of {service}"),
        (None, Some(id)) => format!("The plan with id {id} of {service}"),
        (None, None) => format!("Plan #{} of {service}", index + 1),
    }
}

fn non_empty_str<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value
        .get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Lower-cases the first letter of a label so it can stand inside a sentence.
fn inner(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Findings(Vec<CatalogFinding>);

impl Findings {
    fn schema(&mut self, text: String) {
        self.0.push(CatalogFinding {
            check: CHECK_CATALOG_SCHEMA,
            text,
        });
    }

    fn unique(&mut self, text: String) {
        self.0.push(CatalogFinding {
            check: CHECK_CATALOG_UNIQUE,
            text,
        });
    }

    fn name(&mut self, text: String) {
        self.0.push(CatalogFinding {
            check: CHECK_CATALOG_NAMES,
            text,
        });
    }

    /// A REQUIRED non-empty string (`id`, `name`, `description`).
    fn required_string(&mut self, object: &Value, field: &str, label: &str, hint: &str) {
        match object.get(field) {
            None | Some(Value::Null) => self.schema(format!("{label} has no `{field}`; {hint}")),
            Some(Value::String(s)) if s.is_empty() => {
                self.schema(format!("{label} has an empty `{field}`; {hint}"))
            }
            Some(Value::String(_)) => {}
            Some(_) => self.schema(format!(
                "In {}, `{field}` is not a string; {hint}",
                inner(label)
            )),
        }
    }

    fn optional(&mut self, object: &Value, field: &str, label: &str, kind: Kind) {
        let Some(value) = object.get(field) else {
            return;
        };
        let fits = match kind {
            Kind::Bool => value.is_boolean(),
            Kind::Object => value.is_object(),
            Kind::Integer => value.is_u64(),
            Kind::Strings => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
        };
        if !fits {
            let want = match kind {
                Kind::Bool => "true or false",
                Kind::Object => "a JSON object",
                Kind::Integer => "a whole number of seconds",
                Kind::Strings => "an array of strings",
            };
            self.schema(format!("In {}, `{field}` is not {want}.", inner(label)));
        }
    }

    fn cli_name(&mut self, object: &Value, label: &str) {
        if let Some(name) = non_empty_str(object, "name") {
            if !is_cli_friendly(name) {
                self.name(format!(
                    "{label} has a name that is not CLI-friendly; use only letters, digits, periods and hyphens, with no spaces."
                ));
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Bool,
    Object,
    Integer,
    Strings,
}

/// Every finding, in catalog order, then the uniqueness findings.
pub fn catalog_findings(catalog: &Value) -> Vec<CatalogFinding> {
    let mut out = Findings(Vec::new());
    if !catalog.is_object() {
        out.schema(
            "The catalog is not a JSON object; it must look like {\"services\": [ … ]}.".into(),
        );
        return out.0;
    }
    let services = match catalog.get("services") {
        Some(Value::Array(services)) => services,
        None | Some(Value::Null) => {
            out.schema("The catalog has no `services` array.".into());
            return out.0;
        }
        Some(_) => {
            out.schema("The catalog's `services` is not an array.".into());
            return out.0;
        }
    };

    for (i, service) in services.iter().enumerate() {
        let label = service_label(service, i);
        if !service.is_object() {
            out.schema(format!("{label} is not a JSON object."));
            continue;
        }
        out.required_string(
            service,
            "id",
            &label,
            "give it a unique, non-empty id (a GUID is recommended).",
        );
        out.required_string(
            service,
            "name",
            &label,
            "give it a unique, CLI-friendly name.",
        );
        out.cli_name(service, &label);
        out.required_string(
            service,
            "description",
            &label,
            "give it a short, non-empty description.",
        );
        match service.get("bindable") {
            Some(Value::Bool(_)) => {}
            None | Some(Value::Null) => out.schema(format!(
                "{label} has no `bindable` flag; set it to true or false."
            )),
            Some(_) => out.schema(format!(
                "In {}, `bindable` is not true or false.",
                inner(&label)
            )),
        }
        for flag in [
            "plan_updateable",
            "instances_retrievable",
            "bindings_retrievable",
            "allow_context_updates",
        ] {
            out.optional(service, flag, &label, Kind::Bool);
        }
        out.optional(service, "tags", &label, Kind::Strings);
        out.optional(service, "requires", &label, Kind::Strings);
        out.optional(service, "metadata", &label, Kind::Object);
        out.optional(service, "dashboard_client", &label, Kind::Object);

        let plans = match service.get("plans") {
            Some(Value::Array(plans)) if plans.is_empty() => {
                out.schema(format!(
                    "{label} has no plans; a service needs at least one plan."
                ));
                continue;
            }
            Some(Value::Array(plans)) => plans,
            None | Some(Value::Null) => {
                out.schema(format!(
                    "{label} has no `plans`; a service needs at least one plan."
                ));
                continue;
            }
            Some(_) => {
                out.schema(format!("In {}, `plans` is not an array.", inner(&label)));
                continue;
            }
        };
        let of_service = inner(&label);
        for (j, plan) in plans.iter().enumerate() {
            let plan_label = plan_label(plan, j, &of_service);
            if !plan.is_object() {
                out.schema(format!("{plan_label} is not a JSON object."));
                continue;
            }
            out.required_string(
                plan,
                "id",
                &plan_label,
                "give it a globally unique, non-empty id (a GUID is recommended).",
            );
            out.required_string(
                plan,
                "name",
                &plan_label,
                "give it a CLI-friendly name that is unique within the service.",
            );
            out.cli_name(plan, &plan_label);
            out.required_string(
                plan,
                "description",
                &plan_label,
                "give it a short, non-empty description.",
            );
            for flag in ["free", "bindable", "plan_updateable", "binding_rotatable"] {
                out.optional(plan, flag, &plan_label, Kind::Bool);
            }
            out.optional(plan, "metadata", &plan_label, Kind::Object);
            out.optional(plan, "schemas", &plan_label, Kind::Object);
            out.optional(plan, "maximum_polling_duration", &plan_label, Kind::Integer);
            if let Some(info) = plan.get("maintenance_info") {
                if info.get("version").and_then(Value::as_str).is_none() {
                    out.schema(format!(
                        "{plan_label} has a `maintenance_info` without a `version` string."
                    ));
                }
            }
        }
    }

    uniqueness(services, &mut out);
    out.0
}

fn uniqueness(services: &[Value], out: &mut Findings) {
    let mut service_ids: HashMap<&str, String> = HashMap::new();
    let mut service_names: HashMap<&str, String> = HashMap::new();
    let mut plan_ids: HashMap<&str, String> = HashMap::new();
    for (i, service) in services.iter().enumerate() {
        let label = service_label(service, i);
        if let Some(id) = non_empty_str(service, "id") {
            match service_ids.get(id) {
                Some(first) => out.unique(format!(
                    "{first} and {} both use the id {id}; each service needs its own id.",
                    inner(&label)
                )),
                None => {
                    service_ids.insert(id, label.clone());
                }
            }
        }
        if let Some(name) = non_empty_str(service, "name") {
            let id = non_empty_str(service, "id").unwrap_or("(none)");
            match service_names.get(name) {
                Some(first_id) => out.unique(format!(
                    "Two services are named `{name}` (ids {first_id} and {id}); service names must be unique in the catalog."
                )),
                None => {
                    service_names.insert(name, id.to_string());
                }
            }
        }
        let Some(plans) = service.get("plans").and_then(Value::as_array) else {
            continue;
        };
        let of_service = inner(&label);
        let mut plan_names: HashMap<&str, &str> = HashMap::new();
        for (j, plan) in plans.iter().enumerate() {
            let plan_label = plan_label(plan, j, &of_service);
            if let Some(id) = non_empty_str(plan, "id") {
                match plan_ids.get(id) {
                    Some(first) => out.unique(format!(
                        "{first} and {} both use the id {id}; plan ids must be globally unique.",
                        inner(&plan_label)
                    )),
                    None => {
                        plan_ids.insert(id, plan_label.clone());
                    }
                }
            }
            if let Some(name) = non_empty_str(plan, "name") {
                let id = non_empty_str(plan, "id").unwrap_or("(none)");
                match plan_names.get(name) {
                    Some(first_id) => out.unique(format!(
                        "{label} has two plans named `{name}` (ids {first_id} and {id}); plan names must be unique within a service."
                    )),
                    None => {
                        plan_names.insert(name, id);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "broker_tests.rs"]
mod tests;
