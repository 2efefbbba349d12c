//! Tests of `broker`: catalog export, well-formedness findings, comparison with the console's definition, conformance check strengths and run outcomes.

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
        tags: vec![],
        plan_updateable: false,
        instances_retrievable: false,
        bindings_retrievable: false,
        plans: vec![
            ExpectedPlan {
                id: STANDARD.into(),
                name: "standard".into(),
                description: "A dedicated database, billed per hour.".into(),
                free: false,
                bindable: None,
                display_name: "Standard".into(),
                parameters: vec![],
            },
            ExpectedPlan {
                id: LITE.into(),
                name: "lite".into(),
                description: "A small shared database, free.".into(),
                free: true,
                bindable: Some(false),
                display_name: "Lite".into(),
                parameters: vec![],
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
        serde_json::from_str(include_str!("../../../end2end/broker/catalog.example.json")).unwrap();
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
        format!("Plan {STANDARD} is called `lite` at the broker but `standard` in the console.")
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
        assert!(!check.title.is_empty() && !check.spec.is_empty() && !check.fix.is_empty());
        // The quoted sentence carries the keyword the strength was taken from.
        let keyword = match check.strength {
            Strength::Must => "MUST",
            Strength::Should => "SHOULD",
            Strength::May => "MAY",
        };
        let recommended = check.strength == Strength::Should && check.spec.contains("RECOMMENDED");
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
        ("provision-missing-ids-400", Strength::Must),
        ("unknown-ids-400", Strength::May),
        ("maintenance-info-422", Strength::Must),
        ("instance-fetch-200", Strength::Must),
        ("bind-missing-ids-400", Strength::Must),
        ("bind-identical-200", Strength::Should),
        ("bind-conflict-409", Strength::Must),
        ("binding-fetch-200", Strength::Must),
        ("unbind-missing-ids-400", Strength::Must),
        ("plan-update-200", Strength::Must),
        ("deprovision-missing-ids-400", Strength::Must),
        ("reprovision-201", Strength::Must),
        ("parameters-invalid-400", Strength::May),
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
fn the_newer_checks_are_weaker_before_their_version() {
    let strength = |id: &str, version: &str| conformance_check(id).unwrap().strength_at(version);
    let cases = [
        // (check, version, strength there)
        ("bind-identical-200", "2.12", Strength::Must),
        ("bind-identical-200", "2.13", Strength::Must),
        ("bind-identical-200", "2.14", Strength::Should),
        ("instance-fetch-200", "2.13", Strength::May),
        ("instance-fetch-200", "2.14", Strength::Must),
        ("binding-fetch-200", "2.13", Strength::May),
        ("binding-fetch-200", "2.17", Strength::Must),
        ("maintenance-info-422", "2.14", Strength::May),
        ("maintenance-info-422", "2.15", Strength::Must),
        ("unknown-ids-400", "2.12", Strength::May),
        ("reprovision-201", "2.12", Strength::Must),
    ];
    for (id, version, expected) in cases {
        assert_eq!(strength(id, version), expected, "{id} at {version}");
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
