//! Scheduled price changes (issue 18, item 2) through the real router: the plan form (plain
//! post and server function) and the REST API schedule and cancel them with an audit row; a
//! released offering follows the notice rule and keeps its history; the estimate and the
//! catalog use the prices in force on a day; the checklist holds back a change request whose
//! price change gives too little notice; export and import carry the history.

mod common;
use app::domain::plan::{Plan, PlanInput};
use app::domain::plan_form::to_fields;
use app::domain::price_schedule::{date_text, earliest_public};
use app::plans::server::{CancelPriceChange, SavePlan, SavePlanForm};
use common::api::ApiClient;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

fn paid_plan(usd: &str) -> Value {
    json!({
        "name": "standard",
        "texts": { "en": { "display_name": "Standard", "description": "Pay per call." } },
        "pricing": {
            "kind": "paid",
            "metrics": [{
                "id": "API_CALLS",
                "unit_names": { "en": "call" },
                "unit_quantity": "1000",
                "model": "linear",
                "tiers": [{ "prices": { "USD": { "unit_price": usd } } }]
            }]
        }
    })
}

/// An offering of the demo organisation with one paid plan at `usd` per 1 000 calls.
async fn with_plan(api: &ApiClient<'_>, name: &str, usd: &str) -> (String, String) {
    let (id, etag) = api.create_in(&api.org_id().await, name).await;
    let a = api
        .send(
            "POST",
            &format!("/api/v1/offerings/{id}/plans"),
            Some(&paid_plan(usd)),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    (id, a.json["plan_id"].as_str().unwrap().to_owned())
}

async fn stored_plan(app: &TestApp, id: &str) -> Plan {
    let raw: String = sqlx::query_scalar("SELECT document FROM offerings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    let doc: app::domain::offering::OfferingDocument = serde_json::from_str(&raw).unwrap();
    doc.plans[0].clone()
}

/// The plan form of `plan` with the unit price `usd` and the date `effective`, as posted.
fn form(id: &str, version: i64, plan: &Plan, usd: &str, effective: &str) -> Vec<(String, String)> {
    let mut input = PlanInput::from_plan(plan);
    input.metrics[0].tiers[0]
        .prices
        .get_mut("USD")
        .unwrap()
        .unit_price = usd.into();
    input.effective = effective.into();
    let mut fields = vec![
        ("id".to_owned(), id.to_owned()),
        ("version".to_owned(), version.to_string()),
        ("plan_id".to_owned(), plan.id.clone()),
        ("op".to_owned(), "save".to_owned()),
    ];
    fields.extend(to_fields(&input));
    fields
}

/// Posts the plan form as a browser without JavaScript does: the answer is a redirect.
async fn plain_post(b: &mut Browser<'_>, id: &str, fields: &[(String, String)]) -> Page {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let req = axum::http::Request::post(SavePlanForm::PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", ORIGIN)
        .header("referer", format!("{ORIGIN}/offerings/{id}/plans"))
        .body(axum::body::Body::from(body))
        .unwrap();
    b.send(req).await
}

fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn usd(pricing: &Value) -> &str {
    pricing["metrics"][0]["tiers"][0]["prices"]["USD"]["unit_price"]
        .as_str()
        .unwrap()
}

async fn estimate(api: &ApiClient<'_>, id: &str, plan: &str, on: Option<&str>) -> Value {
    let mut body = json!({ "usage": { "API_CALLS": "10000" } });
    if let Some(on) = on {
        body["on"] = json!(on);
    }
    let a = api
        .post(
            &format!("/api/v1/offerings/{id}/plans/{plan}/estimate"),
            &body,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    a.json["currencies"][0]["total"].clone()
}

#[tokio::test]
async fn a_draft_schedules_and_cancels_a_price_change_through_the_form_and_the_api() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, plan_id) = with_plan(&api, "prices-draft", "1.25").await;
    let mut b = app.signed_in(EDITOR).await;
    let soon = date_text(today() + Duration::days(3));

    // Without JavaScript: the form posts the date; the live prices stay, the change is listed.
    let v = version(&mut b, &id).await;
    let plan = stored_plan(&app, &id).await;
    let before = app.audit_count("offering.update").await;
    let page = plain_post(&mut b, &id, &form(&id, v, &plan, "2.50", &soon)).await;
    assert_eq!(page.status, 302, "{}", page.body);
    assert_eq!(app.audit_count("offering.update").await, before + 1);
    let plans = api.get(&format!("/api/v1/offerings/{id}/plans")).await.json;
    assert_eq!(usd(&plans[0]["pricing"]), "1.25");
    assert_eq!(plans[0]["price_changes"][0]["effective"], soon.as_str());
    assert_eq!(usd(&plans[0]["price_changes"][0]["pricing"]), "2.50");

    // The estimate rates at the prices of the day asked for (today's when none).
    assert_eq!(estimate(&api, &id, &plan_id, None).await, "12.50");
    assert_eq!(estimate(&api, &id, &plan_id, Some(&soon)).await, "25.00");

    // The catalog page (a limited offering's, to its members) shows today's prices and the
    // next ones under their date.
    sqlx::query("UPDATE offerings SET visibility = 'limited' WHERE id = ?")
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let page = b.get(&format!("/catalog/{id}")).await;
    assert_eq!(page.status, 200);
    let next = page
        .body
        .split(r#"data-testid="next-prices""#)
        .nth(1)
        .expect("the next prices are shown");
    assert!(next.contains("Prices from"), "{next}");
    assert!(next.contains("2.50"), "{next}");
    sqlx::query("UPDATE offerings SET visibility = 'draft' WHERE id = ?")
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();

    // A date that is not after today is refused on its field, and what was typed is not lost.
    let v = version(&mut b, &id).await;
    let plan = stored_plan(&app, &id).await;
    let input: Value = {
        let mut input = PlanInput::from_plan(&plan);
        input.effective = date_text(today());
        serde_json::to_value(input).unwrap()
    };
    let res = b
        .post_json(
            SavePlan::PATH,
            &json!({ "id": id, "version": v, "plan_id": plan_id, "input": input }),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(invalid_fields(&res), ["effective"]);

    // Cancelling: a viewer may not, an editor may, with an audit row.
    let mut viewer = app.signed_in(VIEWER).await;
    let args = |v: i64| {
        vec![
            ("id".to_owned(), id.clone()),
            ("version".to_owned(), v.to_string()),
            ("plan_id".to_owned(), plan_id.clone()),
            ("effective".to_owned(), soon.clone()),
        ]
    };
    let v = version(&mut b, &id).await;
    let res = viewer.call(CancelPriceChange::PATH, &pairs(&args(v))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = b.call(CancelPriceChange::PATH, &pairs(&args(v))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(stored_plan(&app, &id).await.price_changes.is_empty());
    assert_eq!(app.audit_count("offering.update").await, before + 2);
    let res = b.call(CancelPriceChange::PATH, &pairs(&args(v + 1))).await;
    assert_eq!(res.status, 404, "{}", res.body);

    // The REST API: the plan's whole list in PUT, one change cancelled by DELETE.
    let path = format!("/api/v1/offerings/{id}/plans/{plan_id}");
    let mut whole = paid_plan("1.25");
    whole["price_changes"] =
        json!([{ "effective": soon, "pricing": paid_plan("3.00")["pricing"] }]);
    let res = api.put(&path, &whole, &api.etag(&id).await).await;
    assert_eq!(res.status(), 200, "{res:?}");
    assert_eq!(estimate(&api, &id, &plan_id, Some(&soon)).await, "30.00");
    whole["price_changes"][0]["effective"] = json!("2027-02-30");
    let res = api.put(&path, &whole, &api.etag(&id).await).await;
    assert_eq!(res.status(), 422, "{res:?}");
    let gone = api
        .send(
            "DELETE",
            &format!("{path}/price-changes/{soon}"),
            None,
            &[("if-match", &api.etag(&id).await)],
        )
        .await;
    assert_eq!(gone.status(), 200, "{gone:?}");
    assert!(stored_plan(&app, &id).await.price_changes.is_empty());
}

/// Marks the offering released as it stands (the review flow is tested in `review.rs`).
async fn release(app: &TestApp, id: &str) {
    sqlx::query(
        "UPDATE offerings SET visibility = 'public', live_document = document WHERE id = ?",
    )
    .bind(id)
    .execute(&app.state.app.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_released_offering_gives_notice_and_keeps_the_prices_in_force() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, plan_id) = with_plan(&api, "prices-public", "1.25").await;
    release(&app, &id).await;
    let mut b = app.signed_in(EDITOR).await;
    let earliest = earliest_public(today());
    let cases = [
        ("", "effective"),
        (&*date_text(today() + Duration::days(1)), "effective"),
        (&*date_text(earliest - Duration::days(1)), "effective"),
    ];
    for (effective, field) in cases {
        let v = version(&mut b, &id).await;
        let plan = stored_plan(&app, &id).await;
        let mut input = PlanInput::from_plan(&plan);
        input.metrics[0].tiers[0]
            .prices
            .get_mut("USD")
            .unwrap()
            .unit_price = "2.00".into();
        input.effective = effective.into();
        let res = b
            .post_json(
                SavePlan::PATH,
                &json!({ "id": id, "version": v, "plan_id": plan_id, "input": input }),
            )
            .await;
        assert_eq!(res.status, 422, "{effective}: {}", res.body);
        assert_eq!(invalid_fields(&res), [field], "{effective}");
    }
    let v = version(&mut b, &id).await;
    let plan = stored_plan(&app, &id).await;
    let ok = form(&id, v, &plan, "2.00", &date_text(earliest));
    let page = plain_post(&mut b, &id, &ok).await;
    assert_eq!(page.status, 302, "{}", page.body);
    let stored = stored_plan(&app, &id).await;
    assert_eq!(stored.price_changes[0].effective, earliest);

    // A change far enough ahead leaves the plans line of the checklist complete.
    let view: Value = serde_json::from_str(
        &b.call(app::offerings::server::LoadOffering::PATH, &[("id", &id)])
            .await
            .body,
    )
    .unwrap();
    let plans_line = view["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["step"] == "plans")
        .unwrap()
        .clone();
    assert_eq!(plans_line["missing"], json!([]), "{plans_line}");

    // A change dated too soon in the working copy (as one left waiting would be) holds the
    // plans line open, by plan name.
    let mut doc: Value = serde_json::from_str(
        &sqlx::query_scalar::<_, String>("SELECT document FROM offerings WHERE id = ?")
            .bind(&id)
            .fetch_one(&app.state.app.pool)
            .await
            .unwrap(),
    )
    .unwrap();
    doc["plans"][0]["price_changes"][0]["effective"] =
        json!(date_text(today() + Duration::days(2)));
    sqlx::query("UPDATE offerings SET document = ? WHERE id = ?")
        .bind(doc.to_string())
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let view: Value = serde_json::from_str(
        &b.call(app::offerings::server::LoadOffering::PATH, &[("id", &id)])
            .await
            .body,
    )
    .unwrap();
    let missing = view["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["step"] == "plans")
        .unwrap()["missing"]
        .clone();
    assert_eq!(missing[0]["code"], "move_price_change", "{missing}");
    assert_eq!(missing[0]["field"], "standard");
}

#[tokio::test]
async fn export_and_import_carry_the_price_history() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, _) = with_plan(&api, "prices-transfer", "1.25").await;
    let mut export = api
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    let past = date_text(today() - Duration::days(40));
    let next = date_text(earliest_public(today()));
    export["document"]["plans"][0]["price_changes"] = json!([
        { "effective": next, "pricing": paid_plan("3.00")["pricing"] },
        { "effective": past, "pricing": paid_plan("2.00")["pricing"] },
    ]);
    let imported = api.post("/api/v1/offerings/import", &export).await;
    assert_eq!(imported.status(), 200, "{imported:?}");
    let again = api
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    let changes = &again["document"]["plans"][0]["price_changes"];
    assert_eq!(changes[0]["effective"], past.as_str(), "{changes}");
    assert_eq!(changes[1]["effective"], next.as_str());
    assert_eq!(usd(&changes[1]["pricing"]), "3.00");

    // A change of another pricing type is refused by its path.
    export["document"]["plans"][0]["price_changes"][0]["pricing"] = json!({ "kind": "free" });
    let refused = api.post("/api/v1/offerings/import", &export).await;
    assert_eq!(refused.status(), 422, "{refused:?}");
    assert!(
        refused
            .json
            .to_string()
            .contains("document.plans.0.price_changes.0"),
        "{refused:?}"
    );
}
