//! Saves under contention, through the REST API and through the server functions: many
//! writers at once never get a 5xx, every loser is told (412 `stale` on the API, 409 with the
//! current version on the pages), and every acknowledged save is stored with exactly one
//! audit row. A stored document that does not decode stops the save and keeps its bytes.

mod common;

use app::offerings::server::SaveAnnouncement;
use axum::body::Body;
use axum::http::{header, Request};
use common::api::ApiClient;
use common::{TestApp, HOST, ORIGIN, OWNER};
use futures::future::join_all;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use tower::ServiceExt;

fn announcement(n: usize) -> Value {
    json!({ "text": format!("Announcement number {n}."), "date": "2026-12-01" })
}

async fn audit_rows(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'offering.update' AND subject_id = ?",
    )
    .bind(id)
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap()
}

async fn stored_version(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT version FROM offerings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_writers_on_a_hundred_offerings_all_succeed() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let org = api.org_id().await;
    let mut offerings = Vec::new();
    for n in 0..100 {
        offerings.push(api.create_in(&org, &format!("busy-{n}")).await);
    }
    // Each writer saves its own offering three times in a row, all writers at once.
    let writers = offerings.iter().map(|(id, etag)| {
        let api = &api;
        async move {
            let mut etag = etag.clone();
            let mut statuses = Vec::new();
            for round in 0..3 {
                let a = api
                    .put(
                        &format!("/api/v1/offerings/{id}/announcement"),
                        &announcement(round),
                        &etag,
                    )
                    .await;
                statuses.push(a.status());
                if let Some(next) = a.header("etag") {
                    etag = next.to_owned();
                }
            }
            statuses
        }
    });
    let statuses: Vec<u16> = join_all(writers).await.into_iter().flatten().collect();
    let failed: Vec<_> = statuses.iter().filter(|s| **s != 200).collect();
    assert!(failed.is_empty(), "not every save succeeded: {failed:?}");
    for (id, _) in &offerings {
        assert_eq!(stored_version(&app, id).await, 4, "{id}");
        assert_eq!(audit_rows(&app, id).await, 3, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_api_writers_on_one_offering_one_wins_the_rest_are_told() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let org = api.org_id().await;
    let (id, etag) = api.create_in(&org, "contended").await;
    let path = format!("/api/v1/offerings/{id}/announcement");
    let bodies: Vec<Value> = (0..200).map(announcement).collect();
    let answers = join_all(bodies.iter().map(|body| api.put(&path, body, &etag))).await;
    let wins: Vec<_> = answers.iter().filter(|a| a.status() == 200).collect();
    assert_eq!(wins.len(), 1, "exactly one winner");
    for a in answers.iter().filter(|a| a.status() != 200) {
        assert_eq!(a.status(), 412, "{a:?}");
        assert_eq!(a.json["code"], "stale", "{a:?}");
    }
    // The winner's text is what is stored, once, with one audit row.
    let got = api.get(&format!("/api/v1/offerings/{id}")).await;
    let winner = wins[0].json["version"].as_i64().unwrap();
    assert_eq!(got.json["version"].as_i64(), Some(winner));
    assert_eq!(stored_version(&app, &id).await, 2);
    assert_eq!(audit_rows(&app, &id).await, 1);
}

/// The owner's session cookie, for server-function calls made by hand.
async fn owner_cookie(app: &TestApp) -> String {
    app.signed_in(OWNER)
        .await
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One save of the announcement page form (the server function), at version 1.
fn page_save(
    app: &TestApp,
    cookie: &str,
    id: &str,
    n: usize,
) -> impl std::future::Future<Output = (u16, String)> {
    let body = format!("id={id}&version=1&text=Page+announcement+{n}.&date=2026-12-01");
    let req = Request::post(SaveAnnouncement::PATH)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let router = app.router.clone();
    async move {
        let res = router.oneshot(req).await.unwrap();
        let status = res.status().as_u16();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_page_writers_on_a_hundred_offerings_all_succeed() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let org = api.org_id().await;
    let mut ids = Vec::new();
    for n in 0..100 {
        ids.push(api.create_in(&org, &format!("busy-page-{n}")).await.0);
    }
    let cookie = owner_cookie(&app).await;
    let answers = join_all(
        ids.iter()
            .enumerate()
            .map(|(n, id)| page_save(&app, &cookie, id, n)),
    )
    .await;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
    }
    for id in &ids {
        assert_eq!(stored_version(&app, id).await, 2, "{id}");
        assert_eq!(audit_rows(&app, id).await, 1, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_page_writers_on_one_offering_one_wins_the_rest_are_told() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let org = api.org_id().await;
    let (id, _) = api.create_in(&org, "contended-pages").await;
    let cookie = owner_cookie(&app).await;
    let answers = join_all((0..200).map(|n| page_save(&app, &cookie, &id, n))).await;
    let wins = answers.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(wins, 1, "exactly one winner");
    for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
        assert_eq!(*status, 409, "{body}");
        assert!(body.contains("Stale"), "{body}");
    }
    assert_eq!(stored_version(&app, &id).await, 2);
    assert_eq!(audit_rows(&app, &id).await, 1);
}

#[tokio::test]
async fn a_document_that_does_not_decode_stops_the_save_and_keeps_its_bytes() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let org = api.org_id().await;
    let (id, etag) = api.create_in(&org, "corrupted").await;
    let corrupt = r#"{"basics": "not an object"}"#;
    sqlx::query("UPDATE offerings SET document = ? WHERE id = ?")
        .bind(corrupt)
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let a = api
        .put(
            &format!("/api/v1/offerings/{id}/announcement"),
            &announcement(1),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 500, "{a:?}");
    assert_eq!(a.json["code"], "unreadable", "{a:?}");
    assert!(
        a.json["message"]
            .as_str()
            .unwrap()
            .contains("nothing was saved"),
        "{a:?}"
    );
    let stored: String = sqlx::query_scalar("SELECT document FROM offerings WHERE id = ?")
        .bind(&id)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    assert_eq!(stored, corrupt, "the stored bytes are unchanged");
    assert_eq!(stored_version(&app, &id).await, 1);
    assert_eq!(audit_rows(&app, &id).await, 0);
}
