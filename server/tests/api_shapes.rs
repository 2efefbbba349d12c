//! The REST API's bodies as a generated client sends them: the shape `GET` answers is the
//! shape `PUT` takes, a field the document does not name is refused with its path, prices are
//! held to the plan form's rules; and the operations the console has beside editing
//! (duplicate, estimate, usage replay, catalog, notifications).

mod common;
use common::api::ApiClient;
use common::*;
use serde_json::{json, Value};

fn paid_plan(name: &str, usd: &str) -> Value {
    json!({
        "name": name,
        "texts": { "en": { "display_name": "Standard", "description": "Pay per call." } },
        "pricing": {
            "kind": "paid",
            "metrics": [{
                "id": "API_CALLS",
                "unit_names": { "en": "call" },
                "unit_quantity": "1000",
                "model": "linear",
                "tiers": [{ "prices": { "USD": { "unit_price": usd }, "EUR": { "unit_price": "0.90" } } }]
            }]
        }
    })
}

async fn with_plan(api: &ApiClient<'_>, name: &str) -> (String, String, String) {
    let (id, etag) = api.create_in(&api.org_id().await, name).await;
    let a = api
        .send(
            "POST",
            &format!("/api/v1/offerings/{id}/plans"),
            Some(&paid_plan("standard", "1.25")),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    let plan_id = a.json["plan_id"].as_str().unwrap().to_owned();
    (id, plan_id, a.header("etag").unwrap().to_owned())
}

fn fields(a: &common::api::Answer) -> Vec<String> {
    a.json["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_fetched_plan_sent_back_is_accepted_and_wrong_shapes_name_their_field() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, "owner@demo.example", "write").await;
    let (id, plan_id, etag) = with_plan(&api, "shapes").await;
    let plans = api.get(&format!("/api/v1/offerings/{id}/plans")).await;
    let mut plan = plans.json[0].clone();
    assert_eq!(plan["id"], plan_id.as_str());
    assert_eq!(
        plan["pricing"]["metrics"][0]["tiers"][0]["prices"]["USD"]["unit_price"],
        "1.25"
    );
    let url = format!("/api/v1/offerings/{id}/plans/{plan_id}");
    // What GET answered, sent back with one change.
    plan["texts"]["en"]["display_name"] = json!("Standard (renamed)");
    let a = api.put(&url, &plan, &etag).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();

    // A unit price finer than a cent is kept exactly, up to 10 decimals…
    let mut metered = plan.clone();
    metered["pricing"]["metrics"][0]["tiers"][0]["prices"]["USD"]["unit_price"] = json!("0.000128");
    let a = api.put(&url, &metered, &etag).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let plans = api.get(&format!("/api/v1/offerings/{id}/plans")).await;
    assert_eq!(
        plans.json[0]["pricing"]["metrics"][0]["tiers"][0]["prices"]["USD"]["unit_price"],
        "0.000128"
    );
    // …one with more is refused (never rounded away), at its field.
    let mut fine = plan.clone();
    fine["pricing"]["metrics"][0]["tiers"][0]["prices"]["USD"]["unit_price"] =
        json!("0.00000000001");
    let a = api.put(&url, &fine, &etag).await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert!(
        fields(&a)
            .iter()
            .any(|f| f.contains("USD") && f.contains("unit_price")),
        "{a:?}"
    );

    // An unknown currency and an unknown field: 422 with the path, nothing stored.
    let mut chf = plan.clone();
    chf["pricing"]["metrics"][0]["tiers"][0]["prices"]["CHF"] = json!({ "unit_price": "1" });
    let a = api.put(&url, &chf, &etag).await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert!(fields(&a)[0].contains("prices"), "{a:?}");
    assert!(
        a.json["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("CHF"),
        "{a:?}"
    );
    let a = api
        .put(
            &format!("/api/v1/offerings/{id}/basics"),
            &json!({ "category": "databases", "colour": "blue" }),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert_eq!(fields(&a), vec!["colour".to_owned()], "{a:?}");
    // A string where a boolean belongs.
    let a = api
        .put(
            &format!("/api/v1/offerings/{id}/basics"),
            &json!({ "bindable": "yes" }),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert_eq!(fields(&a), vec!["bindable".to_owned()], "{a:?}");
    assert_eq!(api.etag(&id).await, etag, "nothing was saved");
    let stored = api.get(&format!("/api/v1/offerings/{id}/plans")).await;
    assert_eq!(
        stored.json[0]["texts"]["en"]["display_name"],
        "Standard (renamed)"
    );
}

#[tokio::test]
async fn estimate_replay_duplicate_catalog_and_notifications_are_in_the_api() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, "owner@demo.example", "write").await;
    let (id, plan_id, _) = with_plan(&api, "more-ops").await;
    let plan_url = format!("/api/v1/offerings/{id}/plans/{plan_id}");

    // 25 000 calls at 1.25 USD per 1 000.
    let a = api
        .post(
            &format!("{plan_url}/estimate"),
            &json!({ "usage": { "API_CALLS": "25000" } }),
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let usd = &a.json["currencies"][0];
    assert_eq!(usd["currency"], "USD", "{a:?}");
    assert_eq!(usd["total"], "31.25", "{a:?}");
    let a = api
        .post(
            &format!("{plan_url}/estimate"),
            &json!({ "usage": { "NOPE": "1" } }),
        )
        .await;
    assert_eq!(a.status(), 422, "{a:?}");

    // A replayed month: 2 instances × 30 days of 100 calls.
    let a = api
        .post(
            &format!("/api/v1/offerings/{id}/replay/pattern"),
            &json!({ "plan_id": plan_id, "metric": "API_CALLS", "instances": 2,
                     "daily_quantity": "100", "year": 2026, "month": 11 }),
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["stored"], 60, "{a:?}");
    let a = api.get(&format!("{plan_url}/replay")).await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["rated"]["records"], 60, "{a:?}");
    let a = api.delete(&format!("{plan_url}/replay")).await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["cleared"], 60, "{a:?}");
    assert_eq!(app.audit_count("usage.replay.clear").await, 1);

    // A copy: a new draft with the same plans.
    let a = api
        .post(
            &format!("/api/v1/offerings/{id}/duplicate"),
            &json!({ "name": "more-ops-copy" }),
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    assert_eq!(a.json["name"], "more-ops-copy");
    assert_eq!(a.json["state"], "draft");
    assert_eq!(a.json["document"]["plans"][0]["name"], "standard");
    let copied_plan = a.json["document"]["plans"][0]["id"].as_str().unwrap();
    assert_ne!(copied_plan, plan_id, "plan ids are unique on the platform");
    let a = api
        .post(
            &format!("/api/v1/offerings/{id}/duplicate"),
            &json!({ "name": "more-ops-copy" }),
        )
        .await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert_eq!(fields(&a), vec!["name".to_owned()], "{a:?}");

    // The catalog: a draft is not in it, not even for its owner.
    let a = api.get("/api/v1/catalog?q=more").await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert!(a.json["cards"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != id.as_str()));
    let a = api.get(&format!("/api/v1/catalog/{id}")).await;
    assert_eq!(a.status(), 404, "{a:?}");

    let a = api.get("/api/v1/notifications").await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert!(a.json["unread"].is_number(), "{a:?}");
    let a = api.post("/api/v1/notifications/read", &json!({})).await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert!(a.json["marked"].is_number(), "{a:?}");
}
