//! The conformance run against the real test broker (end2end/broker/broker.py): every check
//! seen passing against the good broker and failing against the bad one, the report's requests
//! and answers (never a binding's credentials), and the OSB identity headers and `context` the
//! console sends on every call (recorded by the broker).

mod common;
use base64::Engine;
use common::broker::*;
use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;

/// The checks added for the thorough run (issue 18, item 7).
const NEW_CHECKS: &[&str] = &[
    "provision-missing-ids-400",
    "unknown-ids-400",
    "maintenance-info-422",
    "instance-fetch-200",
    "bind-missing-ids-400",
    "bind-identical-200",
    "bind-conflict-409",
    "binding-fetch-200",
    "unbind-missing-ids-400",
    "plan-update-200",
    "deprovision-missing-ids-400",
    "reprovision-201",
];

fn checks(run: &Value) -> &Vec<Value> {
    run["result"]["checks"].as_array().unwrap()
}

fn check<'a>(run: &'a Value, id: &str) -> &'a Value {
    checks(run)
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {run:#}"))
}

fn failed_checks(run: &Value) -> Vec<(String, String)> {
    checks(run)
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["strength"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The exported catalog, declaring everything the optional checks need: retrievable instances
/// and bindings, updateable plans and maintenance_info on the plan under test.
fn with_every_feature(mut catalog: Value) -> Value {
    let service = &mut catalog["services"][0];
    service["instances_retrievable"] = json!(true);
    service["bindings_retrievable"] = json!(true);
    service["plan_updateable"] = json!(true);
    service["plans"][0]["maintenance_info"] =
        json!({ "version": "1.4.0", "description": "OS 22.04" });
    catalog
}

fn recorded(file: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn every_check_passes_against_the_good_broker_with_what_was_sent_and_the_identity_headers() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-conformance").await;
    let mut b = app.signed_in(OWNER).await;
    let catalog = with_every_feature(export(&mut b, &id).await);
    let starter = plan_id(&catalog, "starter");
    let record = tempfile::NamedTempFile::new().unwrap();

    let mut args = good_args();
    let path = record.path().to_str().unwrap().to_owned();
    args.extend(["--async", "--record", &path]);
    let good = TestBroker::start(&catalog, &args);
    let broker = registered(&mut b, &id, "good", &good.url).await;
    let run = run(&mut b, &id, &broker, &starter, "conformance").await;
    assert_eq!(run["status"], "passed", "{run:#}");
    assert_eq!(failed_checks(&run), vec![]);
    assert_eq!(
        checks(&run).len(),
        app::domain::broker::CONFORMANCE_CHECKS.len()
    );
    for id in NEW_CHECKS {
        let c = check(&run, id);
        assert!(c["passed"] == true && c["skipped"] == false, "{c:#}");
        assert!(!c["exchanges"].as_array().unwrap().is_empty(), "{c:#}");
    }
    assert!(check(&run, "last-operation")["reason"]
        .as_str()
        .unwrap()
        .contains("succeeded"));
    // The report shows what was sent and what came back, but never a binding's credentials
    // (the test broker's passwords are `secret-<binding id>`).
    let sent = &check(&run, "provision-missing-ids-400")["exchanges"][0];
    assert!(sent["sent"]
        .as_str()
        .unwrap()
        .starts_with("PUT /v2/service_instances/"));
    assert!(
        sent["received"].as_str().unwrap().starts_with("400 "),
        "{sent}"
    );
    assert!(!run.to_string().contains("secret-"), "{run:#}");
    let conflict = &check(&run, "maintenance-info-422")["exchanges"][0];
    assert!(conflict["received"]
        .as_str()
        .unwrap()
        .contains("MaintenanceInfoConflict"));

    // Every call carried a request identity of its own; every call that changes something, the
    // owner's originating identity; every body its `context` with the platform.
    let owner = user_id(&app, OWNER).await;
    let calls = recorded(record.path());
    assert!(calls.len() > 30, "{} calls", calls.len());
    let mut identities = HashSet::new();
    for call in &calls {
        let request = call["request_identity"].as_str().unwrap_or_default();
        assert!(
            !request.is_empty() && identities.insert(request.to_owned()),
            "{call}"
        );
        if call["method"] != "GET" {
            let origin = call["originating_identity"].as_str().unwrap_or_default();
            let (platform, value) = origin.split_once(' ').unwrap_or_else(|| panic!("{call}"));
            assert_eq!(platform, "rmc");
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(value)
                .unwrap();
            let decoded: Value = serde_json::from_slice(&decoded).unwrap();
            assert_eq!(decoded, json!({ "user_id": owner }));
        }
        if call["method"] == "PUT" || call["method"] == "PATCH" {
            assert_eq!(call["context"]["platform"], "rmc", "{call}");
        }
    }
}

#[tokio::test]
async fn a_plain_catalog_leaves_the_optional_checks_not_applicable() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-conformance-plain").await;
    let mut b = app.signed_in(OWNER).await;
    let catalog = export(&mut b, &id).await;
    let good = TestBroker::start(&catalog, &good_args());
    let broker = registered(&mut b, &id, "good", &good.url).await;
    let starter = plan_id(&catalog, "starter");
    let run = run(&mut b, &id, &broker, &starter, "conformance").await;
    assert_eq!(run["status"], "passed", "{run:#}");
    for id in [
        "maintenance-info-422",
        "instance-fetch-200",
        "binding-fetch-200",
        "plan-update-200",
    ] {
        let c = check(&run, id);
        assert!(c["skipped"] == true && c["passed"] == true, "{c:#}");
        assert!(
            c["reason"].as_str().unwrap().starts_with("Not applicable"),
            "{c:#}"
        );
    }
    // A plan that is not bindable: the binding checks do not apply.
    let lite = plan_id(&catalog, "lite");
    let run = self::run(&mut b, &id, &broker, &lite, "conformance").await;
    assert_eq!(run["status"], "passed", "{run:#}");
    assert_eq!(check(&run, "bind-conflict-409")["skipped"], true);
}

#[tokio::test]
async fn the_bad_broker_fails_each_check_and_the_report_says_what_came_back() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-conformance-bad").await;
    let mut b = app.signed_in(OWNER).await;
    let catalog = with_every_feature(export(&mut b, &id).await);
    let starter = plan_id(&catalog, "starter");
    let bad = TestBroker::start(&catalog, &["--mode", "bad"]);
    let broker = registered(&mut b, &id, "bad", &bad.url).await;
    let run = run(&mut b, &id, &broker, &starter, "conformance").await;
    assert_eq!(run["status"], "failed", "{run:#}");
    let failed = failed_checks(&run);
    for (check, strength) in [
        ("catalog-schema", "MUST"),
        ("catalog-unique", "MUST"),
        ("auth-missing-401", "MUST"),
        ("auth-wrong-401", "MUST"),
        ("version-missing-rejected", "MAY"),
        ("version-unsupported-412", "MAY"),
        ("provision-identical-200", "SHOULD"),
        ("provision-conflict-409", "MUST"),
        ("last-operation-unknown", "MUST"),
        ("unbind-unknown-410", "MUST"),
        ("deprovision-unknown-410", "MUST"),
        ("provision-missing-ids-400", "MUST"),
        ("unknown-ids-400", "MAY"),
        ("maintenance-info-422", "MUST"),
        ("instance-fetch-200", "MUST"),
        ("bind-missing-ids-400", "MUST"),
        ("bind-identical-200", "SHOULD"),
        ("bind-conflict-409", "MUST"),
        ("binding-fetch-200", "MUST"),
        ("unbind-missing-ids-400", "MUST"),
        ("plan-update-200", "MUST"),
        ("deprovision-missing-ids-400", "MUST"),
        ("reprovision-201", "MUST"),
    ] {
        assert!(
            failed.contains(&(check.to_string(), strength.to_string())),
            "{check} ({strength}) should fail: {failed:?}"
        );
    }
    let conflict = check(&run, "provision-conflict-409");
    assert!(
        conflict["reason"]
            .as_str()
            .unwrap()
            .contains("answered 201"),
        "{conflict}"
    );
    // What the broker created by mistake is deleted again, and the report shows that call too.
    let missing = check(&run, "provision-missing-ids-400")["exchanges"]
        .as_array()
        .unwrap();
    assert_eq!(missing.len(), 4, "{missing:#?}");
    assert!(missing[1]["sent"]
        .as_str()
        .unwrap()
        .starts_with("DELETE /v2/service_instances/"));

    // Only MAY/SHOULD failures: the run passes.
    let results = [
        ("version-unsupported-412", false),
        ("provision-identical-200", false),
        ("bind-identical-200", false),
        ("unknown-ids-400", false),
    ];
    assert!(app::domain::broker::run_passes_at(&results, "2.17"));
    assert!(!app::domain::broker::run_passes_at(&results, "2.13"));
}
