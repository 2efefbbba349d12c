//! The support model (SPEC §2) through the real router on a temporary database: the Support
//! tab's server function and the REST API save the same rules (roles, field errors, audit),
//! the checklist asks for it before public visibility, the catalog shows it, import checks it,
//! and the migration moves the old single "Support" field into it.

mod common;
use app::support::server::SaveSupport;
use common::api::ApiClient;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

/// The Support form as the page posts it, complete.
fn form<'a>(id: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("version", version),
        ("site_url", "https://support.acme.example"),
        ("email", "help@acme.example"),
        ("phone", "+49 30 1234567"),
        ("coverage", "business_hours"),
        ("days[0]", "mon"),
        ("days[1]", "tue"),
        ("days[4]", "fri"),
        ("opens", "08:00"),
        ("closes", "18:00"),
        ("time_zone", "Europe/Berlin"),
        ("languages[0]", "en"),
        ("languages[2]", "es"),
        ("escalation_name", "Duty manager"),
        ("escalation_email", "escalate@acme.example"),
        ("targets[0]", "30"),
        ("units[0]", "minutes"),
        ("targets[1]", "4"),
        ("units[1]", "hours"),
        ("targets[2]", "1"),
        ("units[2]", "days"),
        ("targets[3]", "3"),
        ("units[3]", "days"),
    ]
}

async fn document(app: &TestApp, id: &str) -> Value {
    let raw: String = sqlx::query_scalar("SELECT document FROM offerings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    serde_json::from_str(&raw).unwrap()
}

#[tokio::test]
async fn the_support_tab_saves_the_model_with_its_audit_row() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "support-tab").await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await.to_string();
    let res = b.call(SaveSupport::PATH, &form(&id, &v)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc = document(&app, &id).await;
    assert_eq!(
        doc["support"],
        json!({
            "site_url": "https://support.acme.example",
            "email": "help@acme.example",
            "phone": "+49 30 1234567",
            "coverage": "business_hours",
            "days": ["mon", "tue", "fri"],
            "opens": "08:00",
            "closes": "18:00",
            "time_zone": "Europe/Berlin",
            "languages": ["en", "es"],
            "escalation_name": "Duty manager",
            "escalation_email": "escalate@acme.example",
            "targets": {"critical": 30, "high": 240, "medium": 1440, "low": 4320}
        })
    );
    let (detail, after): (String, String) = sqlx::query_as(
        "SELECT detail, after_json FROM audit_log WHERE action = 'offering.update' AND subject_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(&id)
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    assert_eq!(detail, "support");
    assert!(after.contains("help@acme.example"), "{after}");
}

#[tokio::test]
async fn a_refused_save_names_each_field_and_changes_nothing() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "support-refused").await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await.to_string();
    let mut fields = form(&id, &v);
    for (name, value) in fields.iter_mut() {
        *value = match *name {
            "phone" => "030 1234567",
            "closes" => "07:00",
            "targets[0]" => "soon",
            "escalation_email" => "nobody",
            _ => value,
        };
    }
    let res = b.call(SaveSupport::PATH, &fields).await;
    assert_eq!(res.status, 422, "{}", res.body);
    // A target that is not a number is refused before the model's own rules are read.
    assert_eq!(invalid_fields(&res), vec!["targets.critical"]);
    fields.retain(|(name, _)| *name != "targets[0]" && *name != "units[0]");
    let res = b.call(SaveSupport::PATH, &fields).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(
        invalid_fields(&res),
        vec!["escalation_email", "phone", "closes"]
    );
    let mut fields = form(&id, &v);
    fields.retain(|(name, _)| !name.ends_with("[1]"));
    fields.push(("targets[1]", "2"));
    fields.push(("units[1]", "days"));
    let res = b.call(SaveSupport::PATH, &fields).await;
    // High (2 days) is slower than medium (1 day): the less severe one is the one to raise.
    assert_eq!(invalid_fields(&res), vec!["targets.medium"]);
    let empty = serde_json::to_value(app::domain::support::SupportModel::default()).unwrap();
    assert_eq!(document(&app, &id).await["support"], empty);
    assert_eq!(version(&mut b, &id).await.to_string(), v);
}

#[tokio::test]
async fn viewers_may_read_it_but_not_change_it() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "support-roles").await;
    let mut b = app.signed_in(VIEWER).await;
    let v = version(&mut b, &id).await.to_string();
    let res = b.call(SaveSupport::PATH, &form(&id, &v)).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let mut reviewer = app.signed_in(REVIEWER).await;
    let res = reviewer.call(SaveSupport::PATH, &form(&id, &v)).await;
    assert!([403, 404].contains(&res.status.as_u16()), "{}", res.body);
}

#[tokio::test]
async fn the_api_reads_and_replaces_it_with_the_same_rules() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, etag) = api.create_in(&api.org_id().await, "support-api").await;
    let path = format!("/api/v1/offerings/{id}/support");
    let got = api.get(&path).await;
    assert_eq!(got.status(), 200, "{got:?}");
    let codes: Vec<&str> = (got.json["missing"].as_array().unwrap().iter())
        .map(|g| g["field"].as_str().unwrap())
        .collect();
    assert_eq!(codes[..3], ["site_url", "email", "coverage"]);
    let mut bad = support_json();
    bad["targets"]["low"] = json!(30);
    bad["time_zone"] = json!("Mars/Olympus");
    let refused = api.put(&path, &bad, &etag).await;
    assert_eq!(refused.status(), 422, "{refused:?}");
    let fields: Vec<&str> = (refused.json["fields"].as_array().unwrap().iter())
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["time_zone", "targets.low"], "{refused:?}");
    let ok = api.put(&path, &support_json(), &etag).await;
    assert_eq!(ok.status(), 200, "{ok:?}");
    let stale = api.put(&path, &support_json(), &etag).await;
    assert_eq!(stale.status(), 412, "{stale:?}");
    let got = api.get(&path).await;
    assert_eq!(got.json["support"], support_json());
    assert_eq!(got.json["missing"], json!([]));
    let offering = api.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(offering.json["document"]["support"], support_json());
}

#[tokio::test]
async fn import_checks_the_support_model() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, etag) = api.create_in(&api.org_id().await, "support-export").await;
    let ok = api
        .put(
            &format!("/api/v1/offerings/{id}/support"),
            &support_json(),
            &etag,
        )
        .await;
    assert_eq!(ok.status(), 200, "{ok:?}");
    let mut export = api
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    assert_eq!(export["document"]["support"], support_json());
    export["document"]["support"]["phone"] = json!("call us");
    let refused = api.post("/api/v1/offerings/import", &export).await;
    assert_eq!(refused.status(), 422, "{refused:?}");
    assert!(
        refused.json.to_string().contains("document.support.phone"),
        "{refused:?}"
    );
    export["document"]["support"]["phone"] = json!("+49 30 1234567");
    export["document"]["support"]["escalation_name"] = json!("Night desk");
    let imported = api.post("/api/v1/offerings/import", &export).await;
    assert_eq!(imported.status(), 200, "{imported:?}");
    let doc = document(&app, &id).await;
    assert_eq!(doc["support"]["escalation_name"], "Night desk");
    assert_eq!(doc["support"]["targets"], support_json()["targets"]);
}

#[tokio::test]
async fn the_migration_moves_the_old_support_field() {
    let app = TestApp::new().await;
    let pool = &app.state.app.pool;
    let mail = create_offering(&app, OWNER, "support-old-mail").await;
    let site = create_offering(&app, OWNER, "support-old-site").await;
    for (id, value) in [
        (&mail, "help@old.example"),
        (&site, "https://help.old.example"),
    ] {
        sqlx::query(
            "UPDATE offerings SET document = json_set(json_remove(document, '$.support'), '$.basics.support', ?),
                 live_document = json_set(json_remove(document, '$.support'), '$.basics.support', ?) WHERE id = ?",
        )
        .bind(value)
        .bind(value)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::raw_sql(include_str!(
        "../../migrations/20261208000001_support_model.sql"
    ))
    .execute(pool)
    .await
    .unwrap();
    let doc = document(&app, &mail).await;
    assert_eq!(doc["support"]["email"], "help@old.example");
    assert_eq!(doc["basics"].get("support"), None);
    let doc = document(&app, &site).await;
    assert_eq!(doc["support"]["site_url"], "https://help.old.example");
    let live: String = sqlx::query_scalar("SELECT live_document FROM offerings WHERE id = ?")
        .bind(&site)
        .fetch_one(pool)
        .await
        .unwrap();
    let live: Value = serde_json::from_str(&live).unwrap();
    assert_eq!(live["support"]["site_url"], "https://help.old.example");
    assert_eq!(live["basics"].get("support"), None);
}
