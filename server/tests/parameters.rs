//! Create-time parameters of a plan (issue 18, item 6) through the real router: the page's
//! form (with and without JavaScript) and the REST API save the same rules with an audit row,
//! the plan editor keeps them, the broker catalog exports them as JSON Schema (accepted by the
//! test broker's model), import checks them, and the smoke test and the conformance run send
//! valid and invalid parameters to the real test broker, which validates them.

mod common;
use app::plans::server::{SaveParameters, SavePlan};
use common::api::ApiClient;
use common::broker::*;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

async fn document(app: &TestApp, id: &str) -> Value {
    let raw: String = sqlx::query_scalar("SELECT document FROM offerings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    serde_json::from_str(&raw).unwrap()
}

async fn starter(app: &TestApp, id: &str) -> String {
    document(app, id).await["plans"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The form as the page posts it: a required size with bounds, an option list, a blank row.
fn form(id: &str, version: &str, plan: &str) -> Vec<(String, String)> {
    [
        ("id", id),
        ("version", version),
        ("plan_id", plan),
        ("parameters.0.name", "size_gb"),
        ("parameters.0.kind", "number"),
        ("parameters.0.required", "true"),
        ("parameters.0.minimum", "1"),
        ("parameters.0.maximum", "64"),
        ("parameters.0.default", "8"),
        ("parameters.0.texts.en.label", "Disk size (GB)"),
        ("parameters.0.texts.de.label", "Plattengröße (GB)"),
        ("parameters.1.name", "tier"),
        ("parameters.1.kind", "choice"),
        ("parameters.1.options", "small\nlarge"),
        ("parameters.1.texts.en.label", "Tier"),
        ("parameters.1.texts.en.help", "Larger tiers cost more."),
        ("parameters.2.name", ""),
        ("parameters.2.texts.en.label", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn expected_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "additionalProperties": false,
        "required": ["size_gb"],
        "properties": {
            "size_gb": { "type": "number", "title": "Disk size (GB)", "minimum": 1, "maximum": 64, "default": 8 },
            "tier": { "type": "string", "title": "Tier", "description": "Larger tiers cost more.", "enum": ["small", "large"] },
        },
    })
}

#[tokio::test]
async fn the_page_saves_parameters_with_an_audit_row_and_the_catalog_exports_their_schema() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "params-page").await;
    let plan = starter(&app, &id).await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await.to_string();
    let res = b
        .call(SaveParameters::PATH, &pairs(&form(&id, &v, &plan)))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc = document(&app, &id).await;
    let saved = &doc["plans"][0]["parameters"];
    assert_eq!(saved.as_array().unwrap().len(), 2, "{saved:#}");
    assert_eq!(
        saved[0]["accepts"],
        json!({ "kind": "number", "minimum": "1", "maximum": "64" })
    );
    assert_eq!(saved[0]["texts"]["de"]["label"], "Plattengröße (GB)");
    let (detail, after): (String, String) = sqlx::query_as(
        "SELECT detail, after_json FROM audit_log WHERE action = 'offering.update' AND subject_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(&id)
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    assert!(detail.contains("plans"), "{detail}");
    assert!(after.contains("size_gb"), "{after}");

    // The export carries the schema, and the test broker's own model accepts the catalog.
    let catalog = export(&mut b, &id).await;
    let exported =
        &catalog["services"][0]["plans"][0]["schemas"]["service_instance"]["create"]["parameters"];
    assert_eq!(exported, &expected_schema());
    assert!(catalog["services"][0]["plans"][1].get("schemas").is_none());
    let (accepted, said) = check_catalog(&catalog.to_string());
    assert!(accepted, "{said}");

    // The plan editor's save keeps them.
    let v = version(&mut b, &id).await;
    let input = json!({
        "name": "starter", "kind": "free", "bindable": "true",
        "texts": { "en": { "display_name": "Starter", "description": "Renamed.", "limits": "", "bullets": [] } },
        "currencies": ["USD"], "metrics": []
    });
    let res = b
        .post_json(
            SavePlan::PATH,
            &json!({ "id": id, "version": v, "plan_id": plan, "input": input }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc = document(&app, &id).await;
    assert_eq!(doc["plans"][0]["texts"]["en"]["description"], "Renamed.");
    assert_eq!(doc["plans"][0]["parameters"].as_array().unwrap().len(), 2);

    // Removing one (ticked) and saving again.
    let v = version(&mut b, &id).await.to_string();
    let mut removing = form(&id, &v, &plan);
    removing.push(("parameters.1.remove".into(), "true".into()));
    let res = b.call(SaveParameters::PATH, &pairs(&removing)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc = document(&app, &id).await;
    assert_eq!(doc["plans"][0]["parameters"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_rows_are_refused_by_field_and_a_post_without_javascript_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "params-refused").await;
    let plan = starter(&app, &id).await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await.to_string();
    let mut bad = form(&id, &v, &plan);
    bad.retain(|(k, _)| k != "parameters.1.name");
    bad.extend([
        ("parameters.1.name".to_string(), "Tier".to_string()),
        ("parameters.0.minimum".into(), "100".into()),
    ]);
    bad.retain(|(k, v)| !(k == "parameters.0.minimum" && v == "1"));
    let res = b.call(SaveParameters::PATH, &pairs(&bad)).await;
    assert_eq!(res.status, 422, "{}", res.body);
    for field in ["parameters.0.maximum", "parameters.1.name"] {
        assert!(res.body.contains(field), "{field}: {}", res.body);
    }
    assert!(document(&app, &id).await["plans"][0]
        .get("parameters")
        .is_none());

    // Without JavaScript: a redirect back to the page with the typed rows and the refusal.
    let body = bad
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let page = format!("{ORIGIN}/offerings/{id}/plans/{plan}/parameters");
    let req = axum::http::Request::post(SaveParameters::PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", ORIGIN)
        .header("referer", &page)
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = b.send(req).await;
    assert_eq!(res.status, 302, "{}", res.body);
    let back = res.location().unwrap().to_owned();
    assert!(
        back.contains("__err=") && back.contains("__form="),
        "{back}"
    );
    let shown = b.get(&back).await;
    assert_eq!(shown.status, 200);
    assert!(
        shown.body.contains(r#"value="Tier""#),
        "the typed name is kept"
    );
    assert!(shown
        .body
        .contains("The maximum cannot be below the minimum."));

    // Viewers are refused, and a stale version is told.
    let mut viewer = app.signed_in(VIEWER).await;
    let res = viewer
        .call(SaveParameters::PATH, &pairs(&form(&id, &v, &plan)))
        .await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = b
        .call(SaveParameters::PATH, &pairs(&form(&id, "1", &plan)))
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
}

#[tokio::test]
async fn the_rest_api_reads_and_writes_the_same_shape_and_import_checks_it() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "params-rest").await;
    let plan = starter(&app, &id).await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let parameters = json!([
        { "name": "backups", "accepts": { "kind": "yes_no" }, "required": false, "default": "true",
          "texts": { "en": { "label": "Daily backups", "help": "" } } },
        { "name": "label", "accepts": { "kind": "text", "max_length": 40 }, "required": true,
          "texts": { "en": { "label": "Label", "help": "Shown on the dashboard." } } }
    ]);
    let path = format!("/api/v1/offerings/{id}/plans/{plan}/parameters");
    let etag = api.etag(&id).await;
    let res = api
        .put(&path, &json!({ "parameters": parameters }), &etag)
        .await;
    assert_eq!(res.status(), 200, "{res:?}");
    let plans = api.get(&format!("/api/v1/offerings/{id}/plans")).await;
    assert_eq!(plans.json[0]["parameters"], parameters);

    let etag = api.etag(&id).await;
    let bad = json!({ "parameters": [{ "name": "x", "accepts": { "kind": "choice", "options": ["one"] }, "required": false, "texts": { "en": { "label": "X", "help": "" } } }] });
    let res = api.put(&path, &bad, &etag).await;
    assert_eq!(res.status(), 422, "{res:?}");
    assert!(
        res.json.to_string().contains("parameters.0.options"),
        "{res:?}"
    );
    let res = api.put(&path, &json!({ "parameters": [] }), "\"1\"").await;
    assert_eq!(res.status(), 412, "{res:?}");

    // Export and import round-trip them; a broken one is refused by its path.
    let mut export = api
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    assert_eq!(export["document"]["plans"][0]["parameters"], parameters);
    export["document"]["plans"][0]["parameters"][1]["name"] = json!("Label!");
    let refused = api.post("/api/v1/offerings/import", &export).await;
    assert_eq!(refused.status(), 422, "{refused:?}");
    assert!(
        refused
            .json
            .to_string()
            .contains("document.plans.0.parameters.1.name"),
        "{refused:?}"
    );
    export["document"]["plans"][0]["parameters"][1]["name"] = json!("label");
    export["document"]["plans"][0]["parameters"][1]["texts"]["en"]["label"] = json!("Name tag");
    let imported = api.post("/api/v1/offerings/import", &export).await;
    assert_eq!(imported.status(), 200, "{imported:?}");
    let doc = document(&app, &id).await;
    assert_eq!(
        doc["plans"][0]["parameters"][1]["texts"]["en"]["label"],
        "Name tag"
    );
}

#[tokio::test]
async fn the_smoke_test_sends_valid_parameters_and_the_conformance_run_invalid_ones() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "params-broker").await;
    let plan = starter(&app, &id).await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await.to_string();
    let res = b
        .call(SaveParameters::PATH, &pairs(&form(&id, &v, &plan)))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let catalog = export(&mut b, &id).await;

    // The good broker validates parameters against the schema: the smoke test passes only
    // because it sends a valid size; the conformance run sees a wrong type refused.
    let good = TestBroker::start(&catalog, &good_args());
    let broker = registered(&mut b, &id, "good", &good.url).await;
    let smoke = run(&mut b, &id, &broker, &plan, "smoke").await;
    assert_eq!(smoke["status"], "passed", "{smoke:#}");
    let conformance = run(&mut b, &id, &broker, &plan, "conformance").await;
    assert_eq!(conformance["status"], "passed", "{conformance:#}");
    let checks = conformance["result"]["checks"].as_array().unwrap();
    let invalid = checks
        .iter()
        .find(|c| c["id"] == "parameters-invalid-400")
        .unwrap();
    assert!(
        invalid["passed"] == true && invalid["skipped"] == false,
        "{invalid:#}"
    );
    let sent = invalid["exchanges"][0]["sent"].as_str().unwrap();
    assert!(
        sent.contains(r#""size_gb":"rmc-not-a-valid-value""#),
        "{sent}"
    );
    assert!(invalid["exchanges"][0]["received"]
        .as_str()
        .unwrap()
        .contains("InvalidParameters"));
    // The conflicting repeat used other valid parameters, so the broker said 409, not 400.
    let conflict = checks
        .iter()
        .find(|c| c["id"] == "provision-conflict-409")
        .unwrap();
    assert_eq!(conflict["passed"], true, "{conflict:#}");

    // The bad broker creates the instance anyway.
    let bad = TestBroker::start(&catalog, &["--mode", "bad", "--catalog-as-is"]);
    let broker = registered(&mut b, &id, "bad", &bad.url).await;
    let conformance = run(&mut b, &id, &broker, &plan, "conformance").await;
    let checks = conformance["result"]["checks"].as_array().unwrap();
    let invalid = checks
        .iter()
        .find(|c| c["id"] == "parameters-invalid-400")
        .unwrap();
    assert_eq!(invalid["passed"], false, "{invalid:#}");
    assert_eq!(invalid["strength"], "MAY");
}
