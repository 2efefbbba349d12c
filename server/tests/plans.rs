//! Plans and usage through the server functions and the REST API: tier and price rules refused
//! on the server, concurrency, reorder/delete, the usage API's limits and duplicates, replay.

mod common;
use app::offerings::server::LoadOffering;
use app::plans::server::{
    ClearReplay, DeletePlan, LoadReplay, MovePlan, ReplayPattern, ReplayRecords, SavePlan,
};
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

async fn offering(app: &TestApp, name: &str) -> String {
    create_offering(app, OWNER, name).await
}

fn price(unit: &str, flat: &str) -> Value {
    json!({ "unit_price": unit, "flat_fee": flat })
}

/// A graduated plan in USD and EUR with three tiers: 0–1 000 free, 1 000–10 000, above.
fn graduated(name: &str) -> Value {
    json!({
        "name": name,
        "kind": "paid",
        "bindable": "",
        "texts": { "en": { "display_name": "Standard", "description": "Pay as you go.", "bullets": [] } },
        "currencies": ["USD", "EUR"],
        "metrics": [{
            "id": "API_CALLS",
            "unit_names": { "en": "call" },
            "unit_quantity": "1",
            "model": "graduated",
            "free_units": "",
            "tiers": [
                { "up_to": "1000", "prices": { "USD": price("0", ""), "EUR": price("0", "") } },
                { "up_to": "10000", "prices": { "USD": price("0.02", ""), "EUR": price("0.02", "") } },
                { "up_to": "", "prices": { "USD": price("0.01", "5"), "EUR": price("0.01", "4") } }
            ]
        }]
    })
}

async fn save(b: &mut Browser<'_>, id: &str, v: i64, plan_id: Option<&str>, input: Value) -> Page {
    b.post_json(
        SavePlan::PATH,
        &json!({ "id": id, "version": v, "plan_id": plan_id, "input": input }),
    )
    .await
}

#[tokio::test]
async fn a_graduated_plan_is_saved_versioned_and_audited() {
    let app = TestApp::new().await;
    let id = offering(&app, "plans-basic").await;
    let mut b = app.signed_in(EDITOR).await;
    let v = version(&mut b, &id).await;
    let res = save(&mut b, &id, v, None, graduated("standard")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let saved: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(saved["version"].as_i64(), Some(v + 1));
    let plan_id = saved["plan_id"].as_str().unwrap();
    assert_eq!(plan_id.len(), 36, "a UUID");
    let doc: Value =
        serde_json::from_str(&b.call(LoadOffering::PATH, &[("id", &id)]).await.body).unwrap();
    let tiers = &doc["document"]["plans"][0]["pricing"]["metrics"][0]["tiers"];
    assert_eq!(tiers[1]["prices"]["EUR"]["unit_price"], "0.02");
    assert_eq!(tiers[2]["up_to"], Value::Null);
    assert!(app.audit_count("offering.update").await >= 1);

    // The same name twice in one offering is refused; a stale version too.
    let dup = save(&mut b, &id, v + 1, None, graduated("standard")).await;
    assert_eq!(
        (dup.status.as_u16(), invalid_fields(&dup)),
        (422, vec!["name".to_owned()])
    );
    let stale = save(&mut b, &id, v, Some(plan_id), graduated("standard")).await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("Stale"));

    // A viewer cannot save; another organisation does not see the offering.
    let mut viewer = app.signed_in(VIEWER).await;
    assert_eq!(
        save(&mut viewer, &id, v + 1, None, graduated("other"))
            .await
            .status,
        403
    );
    let mut reviewer = app.signed_in(REVIEWER).await;
    assert_eq!(
        save(&mut reviewer, &id, v + 1, None, graduated("other"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn tier_gaps_overlaps_and_decimals_are_refused_on_the_server() {
    let app = TestApp::new().await;
    let id = offering(&app, "plans-rules").await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await;

    // An overlap: tier 2 ends below tier 1.
    let mut overlap = graduated("overlap");
    overlap["metrics"][0]["tiers"][1]["up_to"] = json!("500");
    let res = save(&mut b, &id, v, None, overlap).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        invalid_fields(&res).contains(&"metrics.0.tiers.1.up_to".to_owned()),
        "{:?}",
        invalid_fields(&res)
    );

    // A gap or a second open end: an open tier that is not the last.
    let mut open_middle = graduated("open-middle");
    open_middle["metrics"][0]["tiers"][0]["up_to"] = json!("");
    let res = save(&mut b, &id, v, None, open_middle).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        invalid_fields(&res)
            .iter()
            .any(|f| f.starts_with("metrics.0.tiers.0")),
        "{:?}",
        invalid_fields(&res)
    );

    // A unit price with 11 decimals; a JPY flat fee with any decimals.
    let mut cents = graduated("cents");
    cents["metrics"][0]["tiers"][1]["prices"]["USD"]["unit_price"] = json!("0.00000000001");
    let res = save(&mut b, &id, v, None, cents).await;
    assert_eq!(
        invalid_fields(&res),
        vec!["metrics.0.tiers.1.USD.unit_price".to_owned()]
    );
    let mut yen = graduated("yen");
    yen["currencies"] = json!(["USD", "JPY"]);
    for t in yen["metrics"][0]["tiers"].as_array_mut().unwrap() {
        t["prices"] = json!({ "USD": price("1", ""), "JPY": price("1.5", "2.5") });
    }
    let res = save(&mut b, &id, v, None, yen).await;
    assert_eq!(res.status, 422);
    assert!(
        invalid_fields(&res)
            .iter()
            .all(|f| f.ends_with("JPY.flat_fee")),
        "{:?}",
        invalid_fields(&res)
    );

    // A missing currency in one tier.
    let mut missing = graduated("missing");
    missing["metrics"][0]["tiers"][2]["prices"]
        .as_object_mut()
        .unwrap()
        .remove("EUR");
    let res = save(&mut b, &id, v, None, missing).await;
    assert_eq!(
        invalid_fields(&res),
        vec!["metrics.0.tiers.2.EUR.unit_price".to_owned()]
    );

    // Nothing of the above was stored.
    assert_eq!(version(&mut b, &id).await, v);
}

#[tokio::test]
async fn plans_are_reordered_and_deleted() {
    let app = TestApp::new().await;
    let id = offering(&app, "plans-order").await;
    let mut b = app.signed_in(OWNER).await;
    let mut v = version(&mut b, &id).await;
    let mut ids = Vec::new();
    for name in ["first", "second"] {
        let res = save(&mut b, &id, v, None, graduated(name)).await;
        let saved: Value = serde_json::from_str(&res.body).unwrap();
        ids.push(saved["plan_id"].as_str().unwrap().to_owned());
        v = saved["version"].as_i64().unwrap();
    }
    let vs = v.to_string();
    let res = b
        .call(
            MovePlan::PATH,
            &[
                ("id", &id),
                ("version", &vs),
                ("plan_id", &ids[1]),
                ("direction", "up"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc: Value =
        serde_json::from_str(&b.call(LoadOffering::PATH, &[("id", &id)]).await.body).unwrap();
    assert_eq!(doc["document"]["plans"][0]["name"], "second");
    let v = doc["version"].as_i64().unwrap().to_string();
    let res = b
        .call(
            DeletePlan::PATH,
            &[("id", &id), ("version", &v), ("plan_id", &ids[0])],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc: Value =
        serde_json::from_str(&b.call(LoadOffering::PATH, &[("id", &id)]).await.body).unwrap();
    assert_eq!(doc["document"]["plans"].as_array().unwrap().len(), 1);

    // The last plan of a public offering stays.
    sqlx::query("UPDATE offerings SET visibility = 'public' WHERE id = ?")
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let v = doc["version"].as_i64().unwrap().to_string();
    let res = b
        .call(
            DeletePlan::PATH,
            &[("id", &id), ("version", &v), ("plan_id", &ids[1])],
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
}

fn record(plan: &str, instance: &str, start: &str, end: &str, measure: &str) -> Value {
    json!({
        "resource_instance_id": instance, "plan_id": plan, "start": start, "end": end,
        "measures": [{ "measure": measure, "quantity": "10" }]
    })
}

async fn with_plan(app: &TestApp, name: &str) -> (String, String) {
    let id = offering(app, name).await;
    let mut b = app.signed_in(OWNER).await;
    let v = version(&mut b, &id).await;
    let res = save(&mut b, &id, v, None, graduated("standard")).await;
    let saved: Value = serde_json::from_str(&res.body).unwrap();
    (id, saved["plan_id"].as_str().unwrap().to_owned())
}

fn iso(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[tokio::test]
async fn the_usage_api_checks_limits_age_measures_and_duplicates() {
    let app = TestApp::new().await;
    let (id, plan) = with_plan(&app, "usage-api").await;
    let url = format!("/api/v1/offerings/{id}/usage");
    let now = time::OffsetDateTime::now_utc();
    let hour_ago = iso(now - time::Duration::hours(1));
    let two_hours_ago = iso(now - time::Duration::hours(2));
    let mut b = app.signed_in(EDITOR).await;

    // Not signed in: 401 with a JSON error.
    let mut anon = app.browser();
    let res = anon.post_json(&url, &json!([])).await;
    assert_eq!(res.status, 401);
    assert!(
        res.body.contains("\"code\":\"unauthenticated\""),
        "{}",
        res.body
    );

    let ok = record(&plan, "i-1", &two_hours_ago, &hour_ago, "API_CALLS");
    let res = b.post_json(&url, &json!([ok])).await;
    assert_eq!(res.status, 201, "{}", res.body);

    // The same record again: 409 and nothing stored twice.
    let res = b.post_json(&url, &json!([ok])).await;
    assert_eq!(res.status, 409, "{}", res.body);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM usage_records WHERE offering_id = ?")
            .bind(&id)
            .fetch_one(&app.state.app.pool)
            .await
            .unwrap();
    assert_eq!(stored, 1);

    // 101 records: refused as a whole.
    let many: Vec<Value> = (0..101)
        .map(|i| {
            record(
                &plan,
                &format!("i-{i}"),
                &two_hours_ago,
                &hour_ago,
                "API_CALLS",
            )
        })
        .collect();
    let res = b.post_json(&url, &Value::Array(many)).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("at most 100 records"), "{}", res.body);

    // Per record: too old, in the future, an unknown measure, next to a good one.
    let old = record(
        &plan,
        "i-2",
        &iso(now - time::Duration::days(3)),
        &iso(now - time::Duration::days(2) - time::Duration::hours(23)),
        "API_CALLS",
    );
    let future = record(
        &plan,
        "i-3",
        &hour_ago,
        &iso(now + time::Duration::hours(1)),
        "API_CALLS",
    );
    let unknown = record(&plan, "i-4", &two_hours_ago, &hour_ago, "STORAGE_GB");
    let good = record(&plan, "i-5", &two_hours_ago, &hour_ago, "API_CALLS");
    let res = b
        .post_json(&url, &json!([old, future, unknown, good]))
        .await;
    assert_eq!(res.status, 207, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).unwrap();
    let codes: Vec<(u64, String)> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_u64().unwrap(),
                r["errors"][0]["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            (422, "too_old".to_owned()),
            (422, "in_future".to_owned()),
            (422, "unknown_measure".to_owned()),
            (201, String::new())
        ]
    );

    // A viewer may not report usage; another organisation does not see the offering.
    let mut viewer = app.signed_in(VIEWER).await;
    assert_eq!(viewer.post_json(&url, &json!([good])).await.status, 403);
    let mut reviewer = app.signed_in(REVIEWER).await;
    assert_eq!(reviewer.post_json(&url, &json!([good])).await.status, 404);
}

#[tokio::test]
async fn a_replayed_month_is_rated_like_the_estimator_and_kept_apart() {
    let app = TestApp::new().await;
    let (id, plan) = with_plan(&app, "usage-replay").await;
    let mut b = app.signed_in(OWNER).await;
    // The generator's form, as the page posts it (numbers and the month as typed).
    let pattern = [
        ("id", id.as_str()),
        ("plan_id", plan.as_str()),
        ("metric", "API_CALLS"),
        ("instances", "3"),
        ("daily_quantity", "200"),
        ("month", "2026-11"),
    ];
    let res = b.call(ReplayPattern::PATH, &pattern).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let outcome: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(outcome["stored"], 90);

    // 3 × 200 × 30 = 18 000 calls: 1 000 free, 9 000 × 0.02 = 180, 8 000 × 0.01 = 80, flat 5.
    let res = b
        .call(LoadReplay::PATH, &[("id", &id), ("plan_id", &plan)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let view: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(view["rated"]["quantities"]["API_CALLS"], "18000");
    let usd = &view["rated"]["estimate"]["currencies"][0];
    assert_eq!(
        (usd["currency"].as_str(), usd["total"].as_str()),
        (Some("USD"), Some("265.00"))
    );

    // A pasted record for the same instance and day is a duplicate; real records are untouched.
    let pasted = record(
        &plan,
        "replay-instance-1",
        "2026-11-01T00:00:00Z",
        "2026-11-02T00:00:00Z",
        "API_CALLS",
    );
    let res = b
        .call(
            ReplayRecords::PATH,
            &[
                ("id", &id),
                ("plan_id", &plan),
                ("records", &json!([pasted]).to_string()),
            ],
        )
        .await;
    let outcome: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(outcome["duplicates"], 1, "{}", res.body);
    let real: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_records WHERE source = 'api'")
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    assert_eq!(real, 0);

    let res = b
        .call(ClearReplay::PATH, &[("id", &id), ("plan_id", &plan)])
        .await;
    assert_eq!(res.body, "90");
    // Replays are for drafts and limited offerings only.
    sqlx::query("UPDATE offerings SET visibility = 'public' WHERE id = ?")
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let res = b.call(ReplayPattern::PATH, &pattern).await;
    assert_eq!(res.status, 409, "{}", res.body);
    // A quantity that does not read is refused at its field.
    let mut bad = pattern;
    bad[4] = ("daily_quantity", "lots");
    let res = b.call(ReplayPattern::PATH, &bad).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("daily_quantity"), "{}", res.body);
}
