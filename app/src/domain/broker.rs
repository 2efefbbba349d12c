//! Open Service Broker rules (SPEC §5, §12, §13): is a broker's catalog well-formed, does it match
//! the console's definition, which catalog should the broker serve, and which conformance checks
//! there are and how much each counts. Pure: the HTTP calls live in the server; these take JSON and
//! give sentences a provider can act on.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;

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
}

/// A broker as a review request freezes it: what it is and how its latest checks went. Never a
/// credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

// ---------------------------------------------------------------------------------------------
// Comparison with the console's definition
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Conformance checks (SPEC §12)
// ---------------------------------------------------------------------------------------------

/// How strongly the OSB spec words a requirement (RFC 2119; RECOMMENDED counts as SHOULD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Strength {
    Must,
    Should,
    May,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Must => "MUST",
            Strength::Should => "SHOULD",
            Strength::May => "MAY",
        }
    }
}

/// One check of a conformance run. `strength` is the wording of OSB v2.17, the newest version a
/// broker can be registered with; `strength_at` gives it for an older version. `spec` is the
/// sentence of the spec the strength comes from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConformanceCheck {
    pub id: &'static str,
    pub strength: Strength,
    pub title: &'static str,
    pub spec: &'static str,
}

pub const CONFORMANCE_CHECKS: &[ConformanceCheck] = &[
    ConformanceCheck {
        id: CHECK_CATALOG_SCHEMA,
        strength: Strength::Must,
        title: "The catalog is well-formed: every required field is there with the right type, and each service has at least one plan",
        spec: "* Fields with an asterisk are REQUIRED. … [plans] MUST contain at least one Service Plan. … [id, name, description] MUST be a non-empty string.",
    },
    ConformanceCheck {
        id: CHECK_CATALOG_UNIQUE,
        strength: Strength::Must,
        title: "Service ids and names, plan ids, and plan names within a service are unique",
        spec: "[Service Offering name] MUST be unique across all Service Offering objects returned in this response. … [Service Plan name] MUST be unique within the Service Offering. … [id] This MUST be globally unique …",
    },
    ConformanceCheck {
        id: CHECK_CATALOG_NAMES,
        strength: Strength::Should,
        title: "Service and plan names are CLI-friendly (letters, digits, periods and hyphens)",
        spec: "Using a CLI-friendly name is RECOMMENDED.",
    },
    ConformanceCheck {
        id: "auth-missing-401",
        strength: Strength::Must,
        title: "A request without credentials is answered 401 Unauthorized",
        spec: "If authentication is used, the Service Broker MUST authenticate the request using the predetermined authentication mechanism, and MUST return a `401 Unauthorized` response if the authentication fails.",
    },
    ConformanceCheck {
        id: "auth-wrong-401",
        strength: Strength::Must,
        title: "A request with wrong credentials is answered 401 Unauthorized",
        spec: "If authentication is used, the Service Broker MUST authenticate the request using the predetermined authentication mechanism, and MUST return a `401 Unauthorized` response if the authentication fails.",
    },
    ConformanceCheck {
        id: "version-missing-rejected",
        strength: Strength::May,
        title: "A request without X-Broker-API-Version is rejected (400 Bad Request or 412 Precondition Failed)",
        spec: "If the request from the Platform to the Service Broker doesn't contain this header, then the Service Broker MAY reject the request with `400 Bad Request` and provide a message that the header is required.",
    },
    ConformanceCheck {
        id: "version-unsupported-412",
        strength: Strength::May,
        title: "A request with an unsupported X-Broker-API-Version is answered 412 Precondition Failed",
        spec: "In this scenario the Service Broker MAY reject the request with `412 Precondition Failed` and provide a message that informs the operator of the API version that is to be used instead.",
    },
    ConformanceCheck {
        id: "provision-created",
        strength: Strength::Must,
        title: "Provisioning a new instance is answered 201 Created (202 Accepted when it runs asynchronously)",
        spec: "201 Created | MUST be returned if the Service Instance was provisioned as a result of this request. … 202 Accepted | MUST be returned if the Service Instance provisioning is in progress.",
    },
    ConformanceCheck {
        id: "provision-identical-200",
        strength: Strength::Should,
        title: "Repeating an identical provision request for an existing instance is answered 200 OK",
        spec: "200 OK | SHOULD be returned if the Service Instance already exists, is fully provisioned, and the requested parameters are identical to the existing Service Instance.",
    },
    ConformanceCheck {
        id: "provision-conflict-409",
        strength: Strength::Must,
        title: "Provisioning an existing instance id with different attributes is answered 409 Conflict",
        spec: "409 Conflict | MUST be returned if a Service Instance with the same id already exists or is being provisioned but with different attributes.",
    },
    ConformanceCheck {
        id: "last-operation",
        strength: Strength::Must,
        title: "An asynchronous provision is followed through last_operation: 200 OK with state `in progress` until `succeeded`",
        spec: "200 OK | MUST be returned upon successful processing of this request. … state* | string | Valid values are `in progress`, `succeeded`, and `failed`.",
    },
    ConformanceCheck {
        id: "last-operation-unknown",
        strength: Strength::Must,
        title: "last_operation for an instance that does not exist is answered 404 Not Found (410 Gone accepted)",
        spec: "404 Not Found | MUST be returned if the Service Instance being polled does not exist.",
    },
    ConformanceCheck {
        id: "bind-created",
        strength: Strength::Must,
        title: "Binding is answered 201 Created",
        spec: "201 Created | MUST be returned if the Service Binding was created as a result of this request.",
    },
    ConformanceCheck {
        id: "unbind-ok",
        strength: Strength::Must,
        title: "Unbinding is answered 200 OK",
        spec: "200 OK | MUST be returned if the Service Binding was deleted as a result of this request.",
    },
    ConformanceCheck {
        id: "unbind-unknown-410",
        strength: Strength::Must,
        title: "Unbinding a binding that does not exist (or no longer exists) is answered 410 Gone",
        spec: "410 Gone | MUST be returned if the Service Binding does not exist.",
    },
    ConformanceCheck {
        id: "deprovision-ok",
        strength: Strength::Must,
        title: "Deprovisioning is answered 200 OK (202 Accepted when it runs asynchronously)",
        spec: "200 OK | MUST be returned if the Service Instance was deleted as a result of this request.",
    },
    ConformanceCheck {
        id: "deprovision-unknown-410",
        strength: Strength::Must,
        title: "Deprovisioning an instance that does not exist (or no longer exists) is answered 410 Gone",
        spec: "410 Gone | MUST be returned if the Service Instance does not exist.",
    },
];

/// The check with this id.
pub fn conformance_check(id: &str) -> Option<&'static ConformanceCheck> {
    CONFORMANCE_CHECKS.iter().find(|check| check.id == id)
}

impl ConformanceCheck {
    /// The strength under the OSB version a broker is registered with (`"2.12"` … `"2.17"`);
    /// an unreadable version gets the newest wording.
    pub fn strength_at(&self, api_version: &str) -> Strength {
        let Some(minor) = api_version
            .trim()
            .strip_prefix("2.")
            .and_then(|minor| minor.parse::<u32>().ok())
        else {
            return self.strength;
        };
        match self.id {
            // v2.12/v2.13: "200 OK | MUST be returned if the service instance already exists, is
            // fully provisioned, and the requested parameters are identical …"; SHOULD since v2.14.
            "provision-identical-200" if minor <= 13 => Strength::Must,
            // The 404 row arrived in v2.16; before, the spec says nothing of an unknown instance.
            "last-operation-unknown" if minor < 16 => Strength::May,
            _ => self.strength,
        }
    }
}

/// Whether a conformance run passes: only a failed MUST fails it. A result for an id that is not
/// in `CONFORMANCE_CHECKS` counts as MUST, so a misspelt id cannot hide a failure.
pub fn run_passes(results: &[(&str, bool)]) -> bool {
    results.iter().all(|&(id, passed)| {
        passed || conformance_check(id).is_some_and(|check| check.strength != Strength::Must)
    })
}

/// `run_passes` with the strengths of the OSB version the broker is registered with.
pub fn run_passes_at(results: &[(&str, bool)], api_version: &str) -> bool {
    results.iter().all(|&(id, passed)| {
        passed
            || conformance_check(id)
                .is_some_and(|check| check.strength_at(api_version) != Strength::Must)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SERVICE_ID: &str = "5b4c4c8e-0d4a-4c55-9a56-3f1c0d1e2a10";
    const STANDARD: &str = "1f2e6a3b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
    const LITE: &str = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";

    /// The offering whose export is `end2end/broker/catalog.example.json`.
    fn sample() -> ExpectedService {
        ExpectedService {
            id: SERVICE_ID.into(),
            name: "demo-db".into(),
            description: "A managed demo database.".into(),
            bindable: true,
            display_name: "Demo DB".into(),
            long_description: "A **managed** database for trying RMC's broker checks.".into(),
            image_url: Some("https://demo.example.com/icon.svg".into()),
            plans: vec![
                ExpectedPlan {
                    id: STANDARD.into(),
                    name: "standard".into(),
                    description: "A dedicated database, billed per hour.".into(),
                    free: false,
                    bindable: None,
                    display_name: "Standard".into(),
                },
                ExpectedPlan {
                    id: LITE.into(),
                    name: "lite".into(),
                    description: "A small shared database, free.".into(),
                    free: true,
                    bindable: Some(false),
                    display_name: "Lite".into(),
                },
            ],
        }
    }

    fn sample_catalog() -> Value {
        export_catalog(&sample())
    }

    /// Edits the sample catalog with a JSON pointer, for one-change table rows.
    fn with(pointer: &str, value: Option<Value>) -> Value {
        let mut catalog = sample_catalog();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = catalog.pointer_mut(parent).unwrap();
        match (target, value) {
            (Value::Object(map), Some(value)) => {
                map.insert(key.into(), value);
            }
            (Value::Object(map), None) => {
                map.remove(key);
            }
            (Value::Array(items), Some(value)) => items[key.parse::<usize>().unwrap()] = value,
            (Value::Array(items), None) => {
                items.remove(key.parse::<usize>().unwrap());
            }
            _ => panic!("bad pointer {pointer}"),
        }
        catalog
    }

    // -- export --------------------------------------------------------------------------

    #[test]
    fn export_is_well_formed_and_matches_the_console() {
        let catalog = sample_catalog();
        assert_eq!(catalog_problems(&catalog), Vec::<String>::new());
        assert_eq!(compare(&catalog, &sample()), Vec::<String>::new());
    }

    #[test]
    fn export_has_the_fields_the_platform_reads() {
        let catalog = sample_catalog();
        let service = &catalog["services"][0];
        assert_eq!(service["metadata"]["displayName"], "Demo DB");
        assert_eq!(
            service["metadata"]["longDescription"],
            "A **managed** database for trying RMC's broker checks."
        );
        assert_eq!(
            service["metadata"]["imageUrl"],
            "https://demo.example.com/icon.svg"
        );
        assert_eq!(service["plan_updateable"], false);
        assert_eq!(service["plans"][0]["free"], false);
        assert_eq!(service["plans"][0].get("bindable"), None);
        assert_eq!(service["plans"][0]["metadata"]["displayName"], "Standard");
        assert_eq!(service["plans"][1]["bindable"], false);
    }

    #[test]
    fn export_leaves_out_what_is_not_known() {
        let mut expected = sample();
        expected.image_url = None;
        expected.long_description = String::new();
        expected.plans[0].display_name = " ".into();
        let catalog = export_catalog(&expected);
        let service = &catalog["services"][0];
        assert_eq!(service["metadata"], json!({"displayName": "Demo DB"}));
        assert_eq!(service["plans"][0].get("metadata"), None);
        assert_eq!(catalog_problems(&catalog), Vec::<String>::new());
        assert_eq!(compare(&catalog, &expected), Vec::<String>::new());
    }

    #[test]
    fn export_of_other_shapes_round_trips() {
        let mut not_bindable = sample();
        not_bindable.bindable = false;
        not_bindable.plans[1].bindable = Some(true);
        let mut one_plan = sample();
        one_plan.plans.truncate(1);
        for expected in [not_bindable, one_plan] {
            let catalog = export_catalog(&expected);
            assert_eq!(catalog_problems(&catalog), Vec::<String>::new());
            assert_eq!(compare(&catalog, &expected), Vec::<String>::new());
        }
    }

    /// The file the test broker serves in `end2end/broker/selftest.sh`, where openbrokerapi's own
    /// catalog model accepts it (`broker.py --check-catalog`). Kept equal to the export here.
    #[test]
    fn example_file_is_the_export() {
        let file: Value =
            serde_json::from_str(include_str!("../../../end2end/broker/catalog.example.json"))
                .unwrap();
        assert_eq!(file, sample_catalog());
    }

    // -- well-formedness -----------------------------------------------------------------

    #[test]
    fn malformed_catalogs() {
        let cases: Vec<(&str, Value, Vec<String>)> = vec![
            (
                "not an object",
                json!([1, 2]),
                vec!["The catalog is not a JSON object; it must look like {\"services\": [ … ]}.".to_string()],
            ),
            (
                "no services",
                json!({}),
                vec!["The catalog has no `services` array.".to_string()],
            ),
            (
                "services not array",
                json!({"services": {}}),
                vec!["The catalog's `services` is not an array.".to_string()],
            ),
            (
                "service not object",
                json!({"services": ["x"]}),
                vec!["Service #1 is not a JSON object.".to_string()],
            ),
            (
                "no service id",
                with("/services/0/id", None),
                vec!["Service `demo-db` has no `id`; give it a unique, non-empty id (a GUID is recommended).".to_string()],
            ),
            (
                "empty service id",
                with("/services/0/id", Some(json!(""))),
                vec!["Service `demo-db` has an empty `id`; give it a unique, non-empty id (a GUID is recommended).".to_string()],
            ),
            (
                "service id a number",
                with("/services/0/id", Some(json!(7))),
                vec!["In service `demo-db`, `id` is not a string; give it a unique, non-empty id (a GUID is recommended).".to_string()],
            ),
            (
                "no service name",
                with("/services/0/name", None),
                vec![format!("The service with id {SERVICE_ID} has no `name`; give it a unique, CLI-friendly name.")],
            ),
            (
                "service name with a space",
                with("/services/0/name", Some(json!("demo db"))),
                vec!["Service `demo db` has a name that is not CLI-friendly; use only letters, digits, periods and hyphens, with no spaces.".to_string()],
            ),
            (
                "no service description",
                with("/services/0/description", None),
                vec!["Service `demo-db` has no `description`; give it a short, non-empty description.".to_string()],
            ),
            (
                "no bindable",
                with("/services/0/bindable", None),
                vec!["Service `demo-db` has no `bindable` flag; set it to true or false.".to_string()],
            ),
            (
                "bindable a string",
                with("/services/0/bindable", Some(json!("yes"))),
                vec!["In service `demo-db`, `bindable` is not true or false.".to_string()],
            ),
            (
                "plan_updateable a string",
                with("/services/0/plan_updateable", Some(json!("no"))),
                vec!["In service `demo-db`, `plan_updateable` is not true or false.".to_string()],
            ),
            (
                "tags not strings",
                with("/services/0/tags", Some(json!(["db", 3]))),
                vec!["In service `demo-db`, `tags` is not an array of strings.".to_string()],
            ),
            (
                "metadata not object",
                with("/services/0/metadata", Some(json!("x"))),
                vec!["In service `demo-db`, `metadata` is not a JSON object.".to_string()],
            ),
            (
                "no plans",
                with("/services/0/plans", None),
                vec!["Service `demo-db` has no `plans`; a service needs at least one plan.".to_string()],
            ),
            (
                "empty plans",
                with("/services/0/plans", Some(json!([]))),
                vec!["Service `demo-db` has no plans; a service needs at least one plan.".to_string()],
            ),
            (
                "plans not array",
                with("/services/0/plans", Some(json!({}))),
                vec!["In service `demo-db`, `plans` is not an array.".to_string()],
            ),
            (
                "plan not object",
                with("/services/0/plans/1", Some(json!(null))),
                vec!["Plan #2 of service `demo-db` is not a JSON object.".to_string()],
            ),
            (
                "no plan id",
                with("/services/0/plans/0/id", None),
                vec!["Plan `standard` of service `demo-db` has no `id`; give it a globally unique, non-empty id (a GUID is recommended).".to_string()],
            ),
            (
                "no plan name",
                with("/services/0/plans/0/name", None),
                vec![format!("The plan with id {STANDARD} of service `demo-db` has no `name`; give it a CLI-friendly name that is unique within the service.")],
            ),
            (
                "plan name with underscore",
                with("/services/0/plans/0/name", Some(json!("std_plan"))),
                vec!["Plan `std_plan` of service `demo-db` has a name that is not CLI-friendly; use only letters, digits, periods and hyphens, with no spaces.".to_string()],
            ),
            (
                "no plan description",
                with("/services/0/plans/1/description", None),
                vec!["Plan `lite` of service `demo-db` has no `description`; give it a short, non-empty description.".to_string()],
            ),
            (
                "free a string",
                with("/services/0/plans/0/free", Some(json!("false"))),
                vec!["In plan `standard` of service `demo-db`, `free` is not true or false.".to_string()],
            ),
            (
                "plan bindable a number",
                with("/services/0/plans/1/bindable", Some(json!(0))),
                vec!["In plan `lite` of service `demo-db`, `bindable` is not true or false.".to_string()],
            ),
            (
                "polling duration negative",
                with("/services/0/plans/0/maximum_polling_duration", Some(json!(-1))),
                vec!["In plan `standard` of service `demo-db`, `maximum_polling_duration` is not a whole number of seconds.".to_string()],
            ),
            (
                "maintenance_info without version",
                with("/services/0/plans/0/maintenance_info", Some(json!({}))),
                vec!["Plan `standard` of service `demo-db` has a `maintenance_info` without a `version` string.".to_string()],
            ),
            (
                "duplicate plan name",
                with("/services/0/plans/1/name", Some(json!("standard"))),
                vec![format!("Service `demo-db` has two plans named `standard` (ids {STANDARD} and {LITE}); plan names must be unique within a service.")],
            ),
            (
                "duplicate plan id",
                with("/services/0/plans/1/id", Some(json!(STANDARD))),
                vec![format!("Plan `standard` of service `demo-db` and plan `lite` of service `demo-db` both use the id {STANDARD}; plan ids must be globally unique.")],
            ),
        ];
        for (what, catalog, want) in cases {
            assert_eq!(catalog_problems(&catalog), want, "{what}");
        }
    }

    #[test]
    fn an_empty_services_array_is_well_formed() {
        // OSB: "services* … MAY be empty."
        assert_eq!(
            catalog_problems(&json!({"services": []})),
            Vec::<String>::new()
        );
    }

    #[test]
    fn duplicates_across_services() {
        let mut catalog = sample_catalog();
        let mut second = catalog["services"][0].clone();
        second["plans"][1]["id"] = json!("a-fresh-plan-id");
        catalog["services"].as_array_mut().unwrap().push(second);
        assert_eq!(
            catalog_problems(&catalog),
            vec![
                format!("Service `demo-db` and service `demo-db` both use the id {SERVICE_ID}; each service needs its own id."),
                format!("Two services are named `demo-db` (ids {SERVICE_ID} and {SERVICE_ID}); service names must be unique in the catalog."),
                format!("Plan `standard` of service `demo-db` and plan `standard` of service `demo-db` both use the id {STANDARD}; plan ids must be globally unique."),
            ]
        );
        // Plan names may repeat across services, plan ids may not.
        catalog["services"][1]["id"] = json!("other-service");
        catalog["services"][1]["name"] = json!("other-db");
        catalog["services"][1]["plans"][0]["id"] = json!("other-standard");
        assert_eq!(catalog_problems(&catalog), Vec::<String>::new());
    }

    #[test]
    fn the_bad_brokers_catalog_has_problems() {
        // What `broker.py --mode bad` serves: a duplicate plan name and a plan with no description.
        let mut catalog = with("/services/0/plans/0/description", None);
        catalog["services"][0]["plans"]
            .as_array_mut()
            .unwrap()
            .push(json!({
                "id": format!("{STANDARD}-duplicate"),
                "name": "standard",
                "description": "A second plan with the same name.",
                "free": true
            }));
        let problems = catalog_problems(&catalog);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("has no `description`"));
        assert!(problems[1].contains("two plans named `standard`"));
        assert_eq!(
            catalog_check_results(&catalog),
            vec![
                (CHECK_CATALOG_SCHEMA, false),
                (CHECK_CATALOG_UNIQUE, false),
                (CHECK_CATALOG_NAMES, true),
            ]
        );
    }

    #[test]
    fn findings_are_tagged_with_their_check() {
        let catalog = with("/services/0/name", Some(json!("Demo DB")));
        assert_eq!(
            catalog_check_results(&catalog),
            vec![
                (CHECK_CATALOG_SCHEMA, true),
                (CHECK_CATALOG_UNIQUE, true),
                (CHECK_CATALOG_NAMES, false),
            ]
        );
        // A CLI-unfriendly name is only a SHOULD: the run still passes.
        assert!(run_passes(&catalog_check_results(&catalog)));
    }

    #[test]
    fn cli_friendly_names() {
        for (name, ok) in [
            ("demo-db", true),
            ("Demo-DB", true),
            ("demo.db.v2", true),
            ("db2", true),
            ("", false),
            ("demo db", false),
            ("demo_db", false),
            ("démo", false),
            ("demo/db", false),
        ] {
            assert_eq!(is_cli_friendly(name), ok, "{name}");
        }
    }

    // -- comparison ----------------------------------------------------------------------

    #[test]
    fn mismatches() {
        let cases: Vec<(&str, Value, Vec<String>)> = vec![
            (
                "renamed plan",
                with("/services/0/plans/0/name", Some(json!("standrad"))),
                vec![format!("Plan {STANDARD} is called `standrad` at the broker but `standard` in the console.")],
            ),
            (
                "renamed service",
                with("/services/0/name", Some(json!("demo-database"))),
                vec![format!("The service {SERVICE_ID} is called `demo-database` at the broker but `demo-db` in the console.")],
            ),
            (
                "service id differs",
                with("/services/0/id", Some(json!("0000-old"))),
                vec![format!("The broker's service `demo-db` has the id 0000-old, but the console's offering has the id {SERVICE_ID}; the ids must be the same.")],
            ),
            (
                "service absent",
                json!({"services": [{"id": "x-1", "name": "other", "plans": []}]}),
                vec![format!("The broker's catalog has no service with the id {SERVICE_ID} or the name `demo-db`; it lists `other` (id x-1).")],
            ),
            (
                "no services",
                json!({"services": []}),
                vec![format!("The broker's catalog has no service with the id {SERVICE_ID} or the name `demo-db`; the catalog lists no services.")],
            ),
            (
                "not a catalog",
                json!({"error": "nope"}),
                vec!["The broker's catalog has no `services` array, so it cannot be compared with the console's definition.".to_string()],
            ),
            (
                "service not bindable",
                with("/services/0/bindable", Some(json!(false))),
                vec![
                    "The service is not bindable at the broker but bindable in the console.".to_string(),
                    format!("Plan `standard` ({STANDARD}) is not bindable at the broker but bindable in the console."),
                ],
            ),
            (
                "service bindable missing",
                with("/services/0/bindable", None),
                vec![
                    "The service has no `bindable` flag at the broker; the console says it is bindable.".to_string(),
                    format!("Plan `standard` ({STANDARD}) has no `bindable` flag at the broker; the console says it is bindable."),
                ],
            ),
            (
                "plan bindable override lost",
                with("/services/0/plans/1/bindable", None),
                vec![format!("Plan `lite` ({LITE}) is bindable at the broker but not bindable in the console.")],
            ),
            (
                "paid plan marked free",
                with("/services/0/plans/0/free", Some(json!(true))),
                vec![format!("Plan `standard` ({STANDARD}) is free at the broker but paid in the console; set `\"free\": false`.")],
            ),
            (
                "paid plan without free field",
                with("/services/0/plans/0/free", None),
                vec![format!("Plan `standard` ({STANDARD}) is free at the broker (it has no `free` field, which means free) but paid in the console; set `\"free\": false`.")],
            ),
            (
                "free plan marked paid",
                with("/services/0/plans/1/free", Some(json!(false))),
                vec![format!("Plan `lite` ({LITE}) is paid at the broker (`free: false`) but free in the console.")],
            ),
            (
                "free plan without free field is fine",
                with("/services/0/plans/1/free", None),
                vec![],
            ),
            (
                "missing plan",
                with("/services/0/plans/1", None),
                vec![format!("The broker's catalog has no plan `lite` (id {LITE}); add it as the console defines it.")],
            ),
            (
                "plan id differs",
                with("/services/0/plans/1/id", Some(json!("lite-old-id"))),
                vec![format!("Plan `lite` has the id lite-old-id at the broker but {LITE} in the console; the ids must be the same.")],
            ),
            (
                "extra plan",
                {
                    let mut c = sample_catalog();
                    c["services"][0]["plans"].as_array_mut().unwrap().push(json!({
                        "id": "9999", "name": "enterprise", "description": "Big.", "free": false
                    }));
                    c
                },
                vec!["The broker offers plan `enterprise` (id 9999), which the console does not define; remove it from the broker or add it in the console.".to_string()],
            ),
            (
                "descriptions and display names are not compared",
                {
                    let mut c = sample_catalog();
                    c["services"][0]["description"] = json!("Another text.");
                    c["services"][0]["metadata"] = json!({});
                    c["services"][0]["plans"][0]["description"] = json!("Other.");
                    c
                },
                vec![],
            ),
        ];
        for (what, catalog, want) in cases {
            assert_eq!(compare(&catalog, &sample()), want, "{what}");
        }
    }

    #[test]
    fn a_swapped_name_is_two_renames_not_an_id_change() {
        // The broker has the console's ids with the names swapped.
        let mut catalog = sample_catalog();
        catalog["services"][0]["plans"][0]["name"] = json!("lite");
        catalog["services"][0]["plans"][1]["name"] = json!("standard");
        let found = compare(&catalog, &sample());
        assert_eq!(
            found[0],
            format!(
                "Plan {STANDARD} is called `lite` at the broker but `standard` in the console."
            )
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[1],
            format!("Plan {LITE} is called `standard` at the broker but `lite` in the console.")
        );
        assert!(found
            .iter()
            .all(|s| !s.contains("the ids must be the same")));
    }

    #[test]
    fn service_found_by_name_is_compared_in_full() {
        let mut catalog = with("/services/0/id", Some(json!("old-id")));
        catalog["services"][0]["plans"][0]["free"] = json!(true);
        let found = compare(&catalog, &sample());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("has the id old-id"));
        assert!(found[1].contains("free at the broker but paid in the console"));
    }

    // -- conformance ---------------------------------------------------------------------

    #[test]
    fn check_ids_are_unique_and_named_in_kebab_case() {
        for (i, check) in CONFORMANCE_CHECKS.iter().enumerate() {
            assert!(
                CONFORMANCE_CHECKS[i + 1..].iter().all(|c| c.id != check.id),
                "{} twice",
                check.id
            );
            assert!(check
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert!(!check.title.is_empty() && !check.spec.is_empty());
            // The quoted sentence carries the keyword the strength was taken from.
            let keyword = match check.strength {
                Strength::Must => "MUST",
                Strength::Should => "SHOULD",
                Strength::May => "MAY",
            };
            let recommended =
                check.strength == Strength::Should && check.spec.contains("RECOMMENDED");
            assert!(
                check.spec.contains(keyword) || recommended,
                "{}: {}",
                check.id,
                check.spec
            );
        }
    }

    #[test]
    fn strengths_follow_the_spec() {
        let cases = [
            ("catalog-schema", Strength::Must),
            ("catalog-unique", Strength::Must),
            ("catalog-names", Strength::Should),
            ("auth-missing-401", Strength::Must),
            ("auth-wrong-401", Strength::Must),
            ("version-missing-rejected", Strength::May),
            ("version-unsupported-412", Strength::May),
            ("provision-created", Strength::Must),
            ("provision-identical-200", Strength::Should),
            ("provision-conflict-409", Strength::Must),
            ("last-operation", Strength::Must),
            ("last-operation-unknown", Strength::Must),
            ("bind-created", Strength::Must),
            ("unbind-ok", Strength::Must),
            ("unbind-unknown-410", Strength::Must),
            ("deprovision-ok", Strength::Must),
            ("deprovision-unknown-410", Strength::Must),
        ];
        assert_eq!(cases.len(), CONFORMANCE_CHECKS.len());
        for (id, strength) in cases {
            assert_eq!(conformance_check(id).unwrap().strength, strength, "{id}");
        }
        assert_eq!(Strength::Must.label(), "MUST");
        assert_eq!(Strength::Should.label(), "SHOULD");
        assert_eq!(Strength::May.label(), "MAY");
    }

    #[test]
    fn strengths_by_api_version() {
        let identical = conformance_check("provision-identical-200").unwrap();
        let unknown = conformance_check("last-operation-unknown").unwrap();
        let gone = conformance_check("deprovision-unknown-410").unwrap();
        let cases = [
            ("2.12", Strength::Must, Strength::May, Strength::Must),
            ("2.13", Strength::Must, Strength::May, Strength::Must),
            ("2.14", Strength::Should, Strength::May, Strength::Must),
            ("2.15", Strength::Should, Strength::May, Strength::Must),
            ("2.16", Strength::Should, Strength::Must, Strength::Must),
            ("2.17", Strength::Should, Strength::Must, Strength::Must),
            ("garbage", Strength::Should, Strength::Must, Strength::Must),
        ];
        for (version, a, b, c) in cases {
            assert_eq!(identical.strength_at(version), a, "{version}");
            assert_eq!(unknown.strength_at(version), b, "{version}");
            assert_eq!(gone.strength_at(version), c, "{version}");
        }
    }

    #[test]
    fn only_a_failed_must_fails_the_run() {
        let cases: &[(&[(&str, bool)], bool)] = &[
            (&[], true),
            (
                &[("catalog-schema", true), ("auth-missing-401", true)],
                true,
            ),
            (&[("auth-missing-401", false)], false),
            (&[("deprovision-unknown-410", false)], false),
            (&[("unbind-unknown-410", false)], false),
            (&[("provision-conflict-409", false)], false),
            (&[("version-unsupported-412", false)], true),
            (&[("version-missing-rejected", false)], true),
            (&[("provision-identical-200", false)], true),
            (&[("catalog-names", false)], true),
            (
                &[
                    ("version-unsupported-412", false),
                    ("provision-identical-200", false),
                    ("catalog-names", false),
                    ("auth-missing-401", true),
                ],
                true,
            ),
            (
                &[
                    ("version-unsupported-412", false),
                    ("catalog-unique", false),
                ],
                false,
            ),
            // An unknown id counts as MUST.
            (&[("no-such-check", false)], false),
            (&[("no-such-check", true)], true),
        ];
        for (results, passes) in cases {
            assert_eq!(run_passes(results), *passes, "{results:?}");
        }
    }

    #[test]
    fn run_passes_at_an_older_version() {
        let results = [("provision-identical-200", false)];
        assert!(run_passes_at(&results, "2.17"));
        assert!(!run_passes_at(&results, "2.13"));
        let results = [("last-operation-unknown", false)];
        assert!(!run_passes_at(&results, "2.16"));
        assert!(run_passes_at(&results, "2.14"));
    }
}
