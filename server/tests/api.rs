//! The REST API (`/api/v1`) through the real router on a temporary database: a provider's whole
//! flow and a reviewer's approval with tokens only, the OpenAPI document against the routes,
//! tokens (scope, revocation, expiry, hashing), ETag/If-Match, pagination, import/export,
//! rate limiting and the cross-site rule.

mod common;
use common::api::{token_for, ApiClient};
use common::broker::TestBroker;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#36c"/></svg>"##;
const BROKER_USER: &str = "broker";
const BROKER_PASSWORD: &str = "pw-Broker-5ecret-7731";

async fn org_id(api: &ApiClient<'_>) -> String {
    api.org_id().await
}

async fn create(api: &ApiClient<'_>, name: &str) -> (String, String) {
    api.create_in(&api.org_id().await, name).await
}

fn free_plan(name: &str) -> Value {
    json!({
        "name": name,
        "bindable": true,
        "texts": { "en": { "display_name": "Starter", "description": "Try it for free.", "limits": "", "bullets": [] } },
        "pricing": { "kind": "free" }
    })
}

/// Fills basics, English text, announcement, support, a plan and the icon through the API.
async fn fill(api: &ApiClient<'_>, id: &str, etag: &str) -> String {
    let base = format!("/api/v1/offerings/{id}");
    let a = api
        .put(
            &format!("{base}/basics"),
            &json!({
                "provider_display_name": "Demo Cloud",
                "category": "databases",
                "tags": ["sql", "fast"],
                "regions": ["eu-de"],
                "documentation_url": "https://docs.demo.example",
                "terms_url": "https://demo.example/terms",
                "bindable": true
            }),
            etag,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let a = api
        .put(
            &format!("{base}/texts/en"),
            &json!({
                "display_name": "Fast DB",
                "short_description": "A database that is fast.",
                "long_description": "# Fast\n\nReally.",
                "bullets": [{ "title": "Fast", "text": "Very fast." }]
            }),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let a = api
        .put(
            &format!("{base}/announcement"),
            &json!({ "text": "Now available.", "date": "2026-12-01" }),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let a = api
        .put(&format!("{base}/support"), &support_json(), &etag)
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let a = api
        .send(
            "POST",
            &format!("{base}/plans"),
            Some(&free_plan("starter")),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let a = api
        .send_bytes(
            "PUT",
            &format!("{base}/icon"),
            ICON.as_bytes(),
            "image/svg+xml",
        )
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    etag
}

async fn poll_run(api: &ApiClient<'_>, id: &str, run_id: &str) -> Value {
    for _ in 0..300 {
        let a = api
            .get(&format!("/api/v1/offerings/{id}/runs/{run_id}"))
            .await;
        assert_eq!(a.status(), 200, "{a:?}");
        if a.json["status"] != "running" {
            return a.json;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("run {run_id} did not finish");
}

#[tokio::test]
async fn a_provider_flow_and_a_review_through_the_api_only() {
    let app = TestApp::new().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let reviewer = ApiClient::for_user(&app, REVIEWER, "write").await;

    // Create and fill the offering.
    let (id, etag) = create(&owner, "fast-db").await;
    assert_eq!(etag, "\"1\"");
    fill(&owner, &id, &etag).await;
    let got = owner.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(
        got.json["document"]["texts"]["en"]["display_name"],
        "Fast DB"
    );
    assert_eq!(
        got.json["document"]["basics"]["tags"],
        json!(["sql", "fast"])
    );
    let plans = owner.get(&format!("/api/v1/offerings/{id}/plans")).await;
    assert_eq!(plans.json[0]["name"], "starter");
    let plan_id = plans.json[0]["id"].as_str().unwrap().to_owned();

    // A broker serving the catalog the console exports: register, validate, smoke test.
    let brokers = owner.get(&format!("/api/v1/offerings/{id}/brokers")).await;
    assert_eq!(brokers.status(), 200, "{brokers:?}");
    let catalog: Value = serde_json::from_str(brokers.json["export"].as_str().unwrap()).unwrap();
    let broker = TestBroker::start(
        &catalog,
        &["--username", BROKER_USER, "--password", BROKER_PASSWORD],
    );
    let a = owner
        .post(
            &format!("/api/v1/offerings/{id}/brokers"),
            &json!({
                "name": "main", "url": broker.url, "auth_kind": "basic",
                "username": BROKER_USER, "secret": BROKER_PASSWORD,
                "api_version": "2.17", "locations": ["eu-de"]
            }),
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    let broker_id = a.json["broker_id"].as_str().unwrap().to_owned();
    let a = owner
        .send(
            "POST",
            &format!("/api/v1/offerings/{id}/brokers/{broker_id}/validate"),
            None,
            &[],
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["status"], "passed", "{a:?}");
    // IAM: enabled, a redirect URI, a dashboard SSO client (its secret shown once).
    let a = owner
        .put(
            &format!("/api/v1/offerings/{id}/iam"),
            &json!({
                "enabled": true, "issuer": "",
                "redirect_uris": ["https://dashboard.demo.example/callback"],
                "custom_roles": [], "actions": [], "grants": []
            }),
            &owner.etag(&id).await,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let a = owner
        .send(
            "POST",
            &format!("/api/v1/offerings/{id}/iam/client"),
            None,
            &[],
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    let sso_secret = a.json["secret"].as_str().unwrap().to_owned();
    let iam = owner.get(&format!("/api/v1/offerings/{id}/iam")).await;
    assert_eq!(iam.json["settings"]["enabled"], true, "{iam:?}");
    assert!(!iam.page.body.contains(&sso_secret));
    let a = owner
        .post(
            &format!("/api/v1/offerings/{id}/brokers/{broker_id}/runs"),
            &json!({ "plan_id": plan_id, "kind": "smoke" }),
        )
        .await;
    assert_eq!(a.status(), 202, "{a:?}");
    let run = poll_run(&owner, &id, a.json["run_id"].as_str().unwrap()).await;
    assert_eq!(run["status"], "passed", "{run}");
    // No answer carries the broker's password.
    let listed = owner.get(&format!("/api/v1/offerings/{id}/brokers")).await;
    assert!(!listed.page.body.contains(BROKER_PASSWORD));

    // Limited, a test account, then a request for public visibility.
    let a = owner
        .post(
            &format!("/api/v1/offerings/{id}/visibility"),
            &json!({ "event": "make_limited" }),
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["lifecycle"]["visibility"], "limited", "{a:?}");
    let a = owner
        .post(
            &format!("/api/v1/offerings/{id}/test-accounts"),
            &json!({ "email": "tester@customer.example" }),
        )
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    let a = owner
        .post(
            &format!("/api/v1/offerings/{id}/visibility"),
            &json!({ "event": "request_public", "text": "Ready for everyone." }),
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["lifecycle"]["pending"], "publish", "{a:?}");

    // The provider cannot approve its own request; the reviewer can.
    let queue = reviewer.get("/api/v1/reviews").await;
    assert_eq!(queue.status(), 200, "{queue:?}");
    let request_id = queue.json[0]["request"]["id"].as_str().unwrap().to_owned();
    assert_eq!(owner.get("/api/v1/reviews").await.status(), 403);
    let a = owner
        .post(
            &format!("/api/v1/reviews/{request_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(a.status(), 403, "{a:?}");
    let a = reviewer.get(&format!("/api/v1/reviews/{request_id}")).await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["can_decide"], true);
    let a = reviewer
        .post(
            &format!("/api/v1/reviews/{request_id}/comments"),
            &json!({ "body": "Looks good." }),
        )
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    let a = reviewer
        .post(
            &format!("/api/v1/reviews/{request_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["request"]["status"], "approved", "{a:?}");
    let a = reviewer
        .post(
            &format!("/api/v1/reviews/{request_id}/decision"),
            &json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(a.status(), 409, "{a:?}");
    let got = owner.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(got.json["state"], "public");
    // Every step is in the offering's audit log, the API's own calls included.
    let audit = owner.get(&format!("/api/v1/offerings/{id}/audit")).await;
    assert_eq!(audit.status(), 200, "{audit:?}");
    let actions: Vec<&str> = audit.json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "visibility.approve",
        "visibility.request_public",
        "visibility.make_limited",
        "offering.icon",
        "offering.update",
        "offering.create",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_served() {
    let app = TestApp::new().await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    let public = ApiClient::new(&app, "");
    let doc = public.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status(), 200, "{doc:?}");
    assert!(doc.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc.json["paths"].as_object().unwrap();
    let documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|m| ["get", "post", "put", "patch", "delete"].contains(&m.as_str()))
                .map(|m| (path.clone(), m.to_uppercase()))
                .collect::<Vec<_>>()
        })
        .collect();
    // Every route of the API, as the router serves it (`{x}` = a path parameter).
    let mut expected: Vec<(String, String)> = [
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/api/v1/docs"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/offerings"),
        ("POST", "/api/v1/offerings"),
        ("POST", "/api/v1/offerings/import"),
        ("GET", "/api/v1/offerings/{id}"),
        ("DELETE", "/api/v1/offerings/{id}"),
        ("PUT", "/api/v1/offerings/{id}/icon"),
        ("PUT", "/api/v1/offerings/{id}/basics"),
        ("PUT", "/api/v1/offerings/{id}/texts/{lang}"),
        ("DELETE", "/api/v1/offerings/{id}/texts/{lang}"),
        ("PUT", "/api/v1/offerings/{id}/announcement"),
        ("GET", "/api/v1/offerings/{id}/plans"),
        ("POST", "/api/v1/offerings/{id}/plans"),
        ("PUT", "/api/v1/offerings/{id}/plans/{plan_id}"),
        ("DELETE", "/api/v1/offerings/{id}/plans/{plan_id}"),
        ("GET", "/api/v1/offerings/{id}/iam"),
        ("PUT", "/api/v1/offerings/{id}/iam"),
        ("POST", "/api/v1/offerings/{id}/iam/client"),
        ("POST", "/api/v1/offerings/{id}/iam/client/rotate"),
        ("GET", "/api/v1/offerings/{id}/support"),
        ("PUT", "/api/v1/offerings/{id}/support"),
        ("GET", "/api/v1/offerings/{id}/audit"),
        ("GET", "/api/v1/offerings/{id}/export"),
        ("GET", "/api/v1/offerings/{id}/broker-catalog"),
        ("GET", "/api/v1/offerings/{id}/brokers"),
        ("POST", "/api/v1/offerings/{id}/brokers"),
        ("PUT", "/api/v1/offerings/{id}/brokers/{broker_id}"),
        ("DELETE", "/api/v1/offerings/{id}/brokers/{broker_id}"),
        (
            "POST",
            "/api/v1/offerings/{id}/brokers/{broker_id}/validate",
        ),
        ("POST", "/api/v1/offerings/{id}/brokers/{broker_id}/runs"),
        ("GET", "/api/v1/offerings/{id}/runs/{run_id}"),
        ("GET", "/api/v1/offerings/{id}/visibility"),
        ("POST", "/api/v1/offerings/{id}/visibility"),
        ("POST", "/api/v1/offerings/{id}/test-accounts"),
        ("DELETE", "/api/v1/offerings/{id}/test-accounts/{email}"),
        ("POST", "/api/v1/offerings/{id}/usage"),
        ("GET", "/api/v1/reviews"),
        ("POST", "/api/v1/offerings/{id}/duplicate"),
        (
            "POST",
            "/api/v1/offerings/{id}/comments/{comment_id}/resolve",
        ),
        ("GET", "/api/v1/notifications"),
        ("POST", "/api/v1/notifications/read"),
        ("GET", "/api/v1/catalog"),
        ("GET", "/api/v1/catalog/{id}"),
        ("POST", "/api/v1/offerings/{id}/plans/{plan_id}/estimate"),
        ("PUT", "/api/v1/offerings/{id}/plans/{plan_id}/parameters"),
        (
            "DELETE",
            "/api/v1/offerings/{id}/plans/{plan_id}/price-changes/{effective}",
        ),
        ("GET", "/api/v1/offerings/{id}/plans/{plan_id}/replay"),
        ("POST", "/api/v1/offerings/{id}/plans/{plan_id}/replay"),
        ("DELETE", "/api/v1/offerings/{id}/plans/{plan_id}/replay"),
        ("POST", "/api/v1/offerings/{id}/replay/pattern"),
        ("GET", "/api/v1/reviews/{request_id}"),
        ("POST", "/api/v1/reviews/{request_id}/comments"),
        ("POST", "/api/v1/reviews/{request_id}/decision"),
        ("GET", "/api/v1/organisations"),
        ("POST", "/api/v1/organisations"),
        ("PUT", "/api/v1/organisations/{id}/members"),
        ("GET", "/api/v1/organisations/{id}/members"),
        ("POST", "/api/v1/organisations/{id}/invitations"),
        ("DELETE", "/api/v1/organisations/{id}/invitations/{email}"),
        ("PUT", "/api/v1/organisations/{id}/members/{user_id}"),
        ("DELETE", "/api/v1/organisations/{id}/members/{user_id}"),
        ("GET", "/api/v1/audit"),
        ("GET", "/api/v1/audit/export.csv"),
    ]
    .iter()
    .map(|(m, p)| (p.to_string(), m.to_string()))
    .collect();
    let mut got = documented.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "the document and the route list differ");

    // Each documented operation is served (not 404/405 for want of a route), and on each
    // documented path, every other method is 405: the router has nothing undocumented there.
    let concrete = |p: &str| {
        p.replace("{id}", "00000000-0000-4000-8000-000000000000")
            .replace("{lang}", "de")
            .replace("{plan_id}", "p")
            .replace("{broker_id}", "b")
            .replace("{run_id}", "r")
            .replace("{email}", "x@example.com")
            .replace("{request_id}", "q")
            .replace("{comment_id}", "1")
            .replace("{user_id}", "u")
    };
    for (path, method) in &documented {
        let a = api
            .send(method, &concrete(path), Some(&json!({})), &[])
            .await;
        assert_ne!(a.status(), 405, "{method} {path}: {a:?}");
        assert_ne!(a.json["code"], "no_such_route", "{method} {path}: {a:?}");
        assert!(a.status() < 500, "{method} {path}: {a:?}");
        for other in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            if documented.contains(&(path.clone(), other.to_owned())) {
                continue;
            }
            let a = api.send(other, &concrete(path), None, &[]).await;
            assert_eq!(
                a.status(),
                405,
                "{other} {path} is served but not documented"
            );
        }
    }
    // Paths the document does not name are not served.
    for path in [
        "/api/v1/nothing",
        "/api/v1/offerings/x/unknown",
        "/api/v1/tokens",
    ] {
        let a = api.get(path).await;
        assert_eq!(a.status(), 404, "{path}: {a:?}");
        assert_eq!(a.json["code"], "no_such_route");
    }
    // The reference page is generated from the same document.
    let page = public.get("/api/v1/docs").await;
    assert_eq!(page.status(), 200);
    for (path, method) in &documented {
        let html_path = path.replace('&', "&amp;");
        assert!(
            page.page.body.contains(&format!("{method} {html_path}")),
            "{method} {path} missing from /api/v1/docs"
        );
    }
}

#[tokio::test]
async fn tokens_are_scoped_revocable_expiring_and_stored_hashed() {
    let app = TestApp::new().await;
    let pool = app.state.app.pool.clone();
    let writer = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, _) = create(&writer, "token-tests").await;

    // A read token reads but cannot write.
    let reader = ApiClient::for_user(&app, OWNER, "read").await;
    let a = reader.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let etag = a.header("etag").unwrap().to_owned();
    let a = reader
        .put(
            &format!("/api/v1/offerings/{id}/announcement"),
            &json!({ "text": "changed", "date": "" }),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 403, "{a:?}");
    assert_eq!(a.json["code"], "insufficient_scope");
    assert!(a
        .header("www-authenticate")
        .unwrap()
        .contains("insufficient_scope"));
    let a = reader.delete(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(a.status(), 403, "{a:?}");
    assert_eq!(writer.etag(&id).await, etag, "nothing changed");

    // The database keeps the SHA-256 of the token, never the token.
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT token_hash, prefix, name FROM api_tokens")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    for token in [&reader.token, &writer.token] {
        assert!(
            token.starts_with("rmc_") && token.len() >= 4 + 43,
            "{token}"
        );
        let hash = app::tokens::hash_token(token);
        assert!(rows.iter().any(|(h, _, _)| *h == hash));
        for (h, prefix, name) in &rows {
            assert!(!h.contains(token.as_str()) && !token.starts_with(h.as_str()));
            assert!(prefix.len() < 12 && !name.contains(token.as_str()));
        }
    }
    let dump: String = sqlx::query_scalar(
        "SELECT group_concat(id || user_id || name || scope || token_hash || prefix, '|') FROM api_tokens",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(!dump.contains(&writer.token) && !dump.contains(&reader.token));

    // The last use is recorded.
    let used: Option<String> =
        sqlx::query_scalar("SELECT last_used_at FROM api_tokens WHERE token_hash = ?")
            .bind(app::tokens::hash_token(&reader.token))
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(used.is_some());

    // Unknown, malformed, revoked and expired tokens are refused with a Bearer challenge.
    for bad in ["rmc_not-a-real-token", "garbage"] {
        let a = ApiClient::new(&app, bad).get("/api/v1/offerings").await;
        assert_eq!(a.status(), 401, "{a:?}");
        assert_eq!(a.json["code"], "invalid_token");
        assert!(a.header("www-authenticate").unwrap().starts_with("Bearer"));
    }
    let a = ApiClient::new(&app, "").get("/api/v1/offerings").await;
    assert_eq!(a.status(), 401);
    assert!(a.header("www-authenticate").unwrap().starts_with("Bearer"));

    let mut b = app.signed_in(OWNER).await;
    let listed = b
        .call(
            <app::tokens::server::ListTokens as leptos::server_fn::ServerFn>::PATH,
            &[],
        )
        .await;
    let listed: Value = serde_json::from_str(&listed.body).unwrap();
    assert!(
        !listed.to_string().contains(&reader.token),
        "the list never shows a token"
    );
    let reader_id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["scope"] == "read")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = b
        .call(
            <app::tokens::server::RevokeToken as leptos::server_fn::ServerFn>::PATH,
            &[("id", &reader_id)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let a = reader.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(a.status(), 401, "{a:?}");
    assert!(a.json["message"].as_str().unwrap().contains("revoked"));
    // Another user cannot revoke someone else's token.
    let mut editor = app.signed_in(EDITOR).await;
    let writer_id: String = sqlx::query_scalar("SELECT id FROM api_tokens WHERE scope = 'write'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let res = editor
        .call(
            <app::tokens::server::RevokeToken as leptos::server_fn::ServerFn>::PATH,
            &[("id", &writer_id)],
        )
        .await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(writer.get("/api/v1/offerings").await.status(), 200);

    // An expired token is refused.
    let expiring = token_for(&app, OWNER, "write", "7").await;
    let client = ApiClient::new(&app, &expiring);
    assert_eq!(client.get("/api/v1/offerings").await.status(), 200);
    sqlx::query("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE token_hash = ?")
        .bind(app::tokens::hash_token(&expiring))
        .execute(&pool)
        .await
        .unwrap();
    let a = client.get("/api/v1/offerings").await;
    assert_eq!(a.status(), 401, "{a:?}");
    assert!(a.json["message"].as_str().unwrap().contains("expired"));

    // A token cannot manage tokens, and the form refuses nonsense.
    let res = b
        .call(
            <app::tokens::server::CreateToken as leptos::server_fn::ServerFn>::PATH,
            &[("name", ""), ("scope", "admin"), ("expires_days", "0")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    for field in ["\"name\"", "\"scope\"", "\"expires_days\""] {
        assert!(res.body.contains(field), "{field}: {}", res.body);
    }
    assert_eq!(app.audit_count("token.create").await, 3);
    assert_eq!(app.audit_count("token.revoke").await, 1);
}

#[tokio::test]
async fn etags_guard_writes_and_other_organisations_see_nothing() {
    let app = TestApp::new().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let editor = ApiClient::for_user(&app, EDITOR, "write").await;
    let (id, etag) = create(&owner, "etag-tests").await;
    let path = format!("/api/v1/offerings/{id}/announcement");
    let body = json!({ "text": "First.", "date": "" });

    let a = owner.send("PUT", &path, Some(&body), &[]).await;
    assert_eq!(a.status(), 428, "{a:?}");
    assert_eq!(a.json["code"], "precondition_required");
    let a = owner.put(&path, &body, &etag).await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.header("etag"), Some("\"2\""));
    // The editor still holds version 1: 412, nothing overwritten.
    let a = editor
        .put(&path, &json!({ "text": "Second.", "date": "" }), &etag)
        .await;
    assert_eq!(a.status(), 412, "{a:?}");
    assert_eq!(a.json["code"], "stale");
    let got = owner.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(got.json["document"]["announcement"]["text"], "First.");
    // Validation errors are 422 with fields; bad JSON is 400.
    let a = owner
        .put(&path, &json!({ "text": "x", "date": "someday" }), "\"2\"")
        .await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert_eq!(a.json["fields"][0]["field"], "date");
    let a = owner
        .send_bytes("PUT", &path, b"{not json", "application/json")
        .await;
    assert!(a.status() == 400 || a.status() == 428, "{a:?}");
    let a = owner
        .send_raw(
            "PUT",
            &path,
            b"{not json",
            "application/json",
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(a.status(), 400, "{a:?}");
    assert_eq!(a.json["code"], "invalid_json");

    // A viewer reads but may not write; outsiders get 404, as if it did not exist.
    let viewer = ApiClient::for_user(&app, VIEWER, "write").await;
    assert_eq!(
        viewer
            .get(&format!("/api/v1/offerings/{id}"))
            .await
            .status(),
        200
    );
    let a = viewer.put(&path, &body, "\"2\"").await;
    assert_eq!(a.status(), 403, "{a:?}");
    let admin = ApiClient::for_user(&app, ADMIN, "write").await;
    for (method, p) in [
        ("GET", format!("/api/v1/offerings/{id}")),
        ("GET", format!("/api/v1/offerings/{id}/export")),
        ("GET", format!("/api/v1/offerings/{id}/audit")),
        ("DELETE", format!("/api/v1/offerings/{id}")),
    ] {
        let a = admin.send(method, &p, None, &[]).await;
        assert_eq!(a.status(), 404, "{method} {p}: {a:?}");
    }
    let a = owner.delete(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(a.status(), 204, "{a:?}");
    assert_eq!(
        owner.get(&format!("/api/v1/offerings/{id}")).await.status(),
        404
    );
}

#[tokio::test]
async fn lists_are_paged_with_a_cursor_and_filtered_by_state() {
    let app = TestApp::new().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    for name in ["page-c", "page-a", "page-b", "page-d", "page-e"] {
        create(&owner, name).await;
    }
    let mut names = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let a = owner
            .get(&format!("/api/v1/offerings?limit=2&cursor={cursor}"))
            .await;
        assert_eq!(a.status(), 200, "{a:?}");
        pages += 1;
        for item in a.json["items"].as_array().unwrap() {
            names.push(item["name"].as_str().unwrap().to_owned());
        }
        match a.json["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(names, ["page-a", "page-b", "page-c", "page-d", "page-e"]);
    let a = owner.get("/api/v1/offerings?state=draft&limit=100").await;
    assert_eq!(a.json["items"].as_array().unwrap().len(), 5);
    let a = owner.get("/api/v1/offerings?state=public").await;
    assert_eq!(a.json["items"], json!([]));
    for bad in [
        "?state=sunny",
        "?limit=0",
        "?limit=1000",
        "?cursor=zz",
        "?limit=x",
    ] {
        let a = owner.get(&format!("/api/v1/offerings{bad}")).await;
        assert_eq!(a.status(), 400, "{bad}: {a:?}");
        assert_eq!(a.json["code"], "invalid_parameter");
    }
    // Another organisation's user sees none of them.
    let admin = ApiClient::for_user(&app, ADMIN, "read").await;
    assert_eq!(
        admin.get("/api/v1/offerings").await.json["items"],
        json!([])
    );
}

#[tokio::test]
async fn offerings_export_and_import_with_a_dry_run_and_field_errors() {
    let app = TestApp::new().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, etag) = create(&owner, "export-me").await;
    fill(&owner, &id, &etag).await;
    let a = owner
        .put(
            &format!("/api/v1/offerings/{id}/iam"),
            &json!({ "enabled": false, "issuer": "", "redirect_uris": [], "custom_roles": [], "actions": [], "grants": [] }),
            &owner.etag(&id).await,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    // An SSO client exists (its secret is shown once, never exported).
    let mut b = app.signed_in(OWNER).await;
    let res = b
        .call(
            <app::iam::server::CreateSsoClient as leptos::server_fn::ServerFn>::PATH,
            &[("id", &id)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let secret: Value = serde_json::from_str(&res.body).unwrap();
    let secret = secret["secret"].as_str().unwrap().to_owned();

    let export = owner.get(&format!("/api/v1/offerings/{id}/export")).await;
    assert_eq!(export.status(), 200, "{export:?}");
    assert_eq!(export.json["format"], "rmc.offering/v1");
    assert_eq!(export.json["name"], "export-me");
    assert!(!export.page.body.contains(&secret));
    let exported = export.json.clone();

    // Dry run of a changed document: the changes are listed, nothing is stored.
    let mut changed = exported.clone();
    changed["document"]["texts"]["en"]["display_name"] = json!("Faster DB");
    changed["document"]["announcement"]["text"] = json!("Even better.");
    let before = owner.etag(&id).await;
    let a = owner
        .post("/api/v1/offerings/import?dry_run=true", &changed)
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["action"], "update");
    assert_eq!(a.json["offering_id"], id.as_str());
    let fields: Vec<&str> = a.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["announcement.text", "texts.en.display_name"]);
    assert_eq!(owner.etag(&id).await, before, "a dry run changes nothing");

    // An invalid document: 422, one entry per field, nothing stored.
    let mut invalid = changed.clone();
    invalid["document"]["basics"]["category"] = json!("nonsense");
    invalid["document"]["texts"]["de"] = json!({ "display_name": "x".repeat(100), "short_description": "", "long_description": "", "bullets": [] });
    invalid["document"]["plans"][0]["name"] = json!("Bad Name!");
    let a = owner.post("/api/v1/offerings/import", &invalid).await;
    assert_eq!(a.status(), 422, "{a:?}");
    let fields: Vec<&str> = a.json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in [
        "document.basics.category",
        "document.texts.de.display_name",
        "document.plans.0.name",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let a = owner
        .post(
            "/api/v1/offerings/import",
            &json!({ "format": "rmc.offering/v1" }),
        )
        .await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert_eq!(a.json["fields"][0]["field"], "name", "{a:?}");
    assert_eq!(owner.etag(&id).await, before);

    // Applied: the draft is updated.
    let a = owner.post("/api/v1/offerings/import", &changed).await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(
        a.json["version"].as_i64(),
        Some(before.trim_matches('"').parse::<i64>().unwrap() + 1)
    );
    let got = owner.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(
        got.json["document"]["texts"]["en"]["display_name"],
        "Faster DB"
    );

    // A document under a new name (no id) creates a draft; a read token cannot import.
    let mut copy = exported.clone();
    copy["id"] = Value::Null;
    copy["name"] = json!("imported-copy");
    let reader = ApiClient::for_user(&app, OWNER, "read").await;
    assert_eq!(
        reader
            .post("/api/v1/offerings/import", &copy)
            .await
            .status(),
        403
    );
    let a = owner
        .post("/api/v1/offerings/import?dry_run=true", &copy)
        .await;
    assert_eq!(a.json["action"], "create", "{a:?}");
    let listed = owner.get("/api/v1/offerings").await;
    assert!(
        !listed.page.body.contains("imported-copy"),
        "a dry run creates nothing"
    );
    let a = owner.post("/api/v1/offerings/import", &copy).await;
    assert_eq!(a.status(), 201, "{a:?}");
    let new_id = a.json["offering_id"].as_str().unwrap().to_owned();
    let got = owner.get(&format!("/api/v1/offerings/{new_id}")).await;
    assert_eq!(got.json["state"], "draft");
    // A copy: the same plans under new ids (OSB plan ids are global).
    let mut plans = got.json["document"]["plans"].clone();
    let source = &exported["document"]["plans"];
    for (copy, plan) in plans
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(source.as_array().unwrap())
    {
        assert_ne!(copy["id"], plan["id"]);
        copy["id"] = plan["id"].clone();
    }
    assert_eq!(&plans, source);
    assert_eq!(app.audit_count("offering.create").await, 2);
}

#[tokio::test]
async fn each_token_has_a_request_budget() {
    let app = TestApp::with(|c| c.api_rate_per_min = 3).await;
    let owner = ApiClient::for_user(&app, OWNER, "read").await;
    let other = ApiClient::for_user(&app, EDITOR, "read").await;
    for _ in 0..3 {
        assert_eq!(owner.get("/api/v1/offerings").await.status(), 200);
    }
    let a = owner.get("/api/v1/offerings").await;
    assert_eq!(a.status(), 429, "{a:?}");
    assert_eq!(a.json["code"], "rate_limited");
    let wait: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=20).contains(&wait), "{wait}");
    // Another token has its own budget.
    assert_eq!(other.get("/api/v1/offerings").await.status(), 200);
}

#[tokio::test]
async fn tokens_skip_the_cross_site_check_and_sessions_do_not() {
    let app = TestApp::new().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let org = org_id(&owner).await;
    let body = json!({ "organisation_id": org, "name": "from-a-script" });
    let a = owner
        .send(
            "POST",
            "/api/v1/offerings",
            Some(&body),
            &[("origin", "https://ci.example")],
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");

    // A session may use the API from the console's own pages, but not from another site.
    let mut b = app.signed_in(OWNER).await;
    let res = b.get("/api/v1/offerings").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = b
        .post_json(
            "/api/v1/offerings",
            &json!({ "organisation_id": org, "name": "from-the-console" }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let req = axum::http::Request::post("/api/v1/offerings")
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(
            json!({ "organisation_id": org, "name": "from-evil" }).to_string(),
        ))
        .unwrap();
    let res = b.send(req).await;
    assert_eq!(res.status, 403, "{}", res.body);
    // A bearer request never rides the session: a bad token with a good cookie is refused.
    let req = axum::http::Request::get("/api/v1/offerings")
        .header("authorization", "Bearer rmc_bogus")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = b.send(req).await;
    assert_eq!(res.status, 401, "{}", res.body);
}

/// Found by the schemathesis run: two SSO client creations at once answered 500 for the
/// second (both passed the "no client yet" check during the slow secret hashing).
#[tokio::test]
async fn creating_the_sso_client_twice_at_once_is_a_conflict_not_an_error() {
    let app = TestApp::new().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, _) = create(&owner, "sso-race").await;
    let path = format!("/api/v1/offerings/{id}/iam/client");
    let (a, b) = tokio::join!(
        owner.send("POST", &path, None, &[]),
        owner.send("POST", &path, None, &[])
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{a:?} {b:?}");
    let again = owner.send("POST", &path, None, &[]).await;
    assert_eq!(again.status(), 409, "{again:?}");
}
