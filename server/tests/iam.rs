//! IAM through the server functions: settings rules on the server, the SSO client (secret shown
//! once, hashed, rotation with grace), the sign-in check against a real discovery document on
//! loopback, and the secrets test: neither the client secret nor a broker password appears in
//! any answer, page, export, stored document or snapshot, audit row or log line, nor in the
//! `brokers` table (the password is sealed there), while validation still calls the real broker
//! with it.

mod common;
use app::brokers::server::{LoadBrokers, SaveBroker, ValidateBroker};
use app::iam::server::{CheckSignIn, CreateSsoClient, LoadIam, RotateSsoSecret, SaveIam};
use app::offerings::server::LoadOffering;
use common::broker::TestBroker;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, OnceLock};

async fn offering(app: &TestApp, name: &str) -> String {
    create_offering(app, OWNER, name).await
}

async fn save_iam(b: &mut Browser<'_>, id: &str, input: Value) -> Page {
    let v = version(b, id).await;
    b.post_json(
        SaveIam::PATH,
        &json!({ "id": id, "version": v, "input": input }),
    )
    .await
}

fn settings(uris: &[&str]) -> Value {
    json!({
        "enabled": true,
        "issuer": "",
        "redirect_uris": uris,
        "custom_roles": ["Auditor"],
        "actions": ["iam-db.instance.read", "iam-db.backup.create"],
        "grants": [["Auditor", "iam-db.instance.read"], ["Manager", "iam-db.backup.create"]]
    })
}

#[tokio::test]
async fn iam_settings_are_checked_on_the_server_and_kept_in_the_document() {
    let app = TestApp::new().await;
    let id = offering(&app, "iam-db").await;
    let mut b = app.signed_in(EDITOR).await;

    let res = save_iam(
        &mut b,
        &id,
        settings(&[
            "https://app.example.com/cb",
            "http://evil.example.com/cb",
            "https://*.example.com/cb",
            "https://app.example.com/cb#x",
        ]),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(
        invalid_fields(&res),
        ["redirect_uris.1", "redirect_uris.2", "redirect_uris.3"]
    );
    let eleven: Vec<String> = (0..11)
        .map(|i| format!("https://app.example.com/cb{i}"))
        .collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let res = save_iam(&mut b, &id, settings(&eleven)).await;
    assert_eq!(invalid_fields(&res), ["redirect_uris.10"]);
    let mut bad = settings(&["https://app.example.com/cb"]);
    bad["actions"] = json!(["other.instance.read"]);
    bad["custom_roles"] = json!(["Viewer"]);
    let res = save_iam(&mut b, &id, bad).await;
    let fields = invalid_fields(&res);
    assert!(
        fields.contains(&"actions.0".to_string()) && fields.contains(&"custom_roles.0".to_string()),
        "{fields:?}"
    );

    let res = save_iam(
        &mut b,
        &id,
        settings(&["https://app.example.com/cb", "http://localhost:8080/cb"]),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = b.call(LoadIam::PATH, &[("id", &id)]).await;
    let data: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(data["settings"]["enabled"], true);
    assert_eq!(
        data["settings"]["redirect_uris"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        data["settings"]["grants"]["Auditor"],
        json!(["iam-db.instance.read"])
    );
    assert!(data["client"].is_null());

    // A stale save is refused with what changed.
    let res = b
        .post_json(
            SaveIam::PATH,
            &json!({ "id": id, "version": 1, "input": settings(&[]) }),
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("iam.redirect_uris"), "{}", res.body);

    // Viewers are refused; other organisations see nothing.
    let mut viewer = app.signed_in(VIEWER).await;
    assert_eq!(save_iam(&mut viewer, &id, settings(&[])).await.status, 403);
    assert_eq!(
        viewer
            .call(CreateSsoClient::PATH, &[("id", &id)])
            .await
            .status,
        403
    );
    assert_eq!(viewer.call(LoadIam::PATH, &[("id", &id)]).await.status, 200);
    let mut other = app.signed_in(REVIEWER).await;
    assert_eq!(other.call(LoadIam::PATH, &[("id", &id)]).await.status, 404);
}

#[tokio::test]
async fn the_sso_secret_is_shown_once_hashed_and_rotation_keeps_the_old_one_for_a_grace_period() {
    let app = TestApp::new().await;
    let id = offering(&app, "iam-rotate").await;
    let mut b = app.signed_in(EDITOR).await;
    let res = b.call(CreateSsoClient::PATH, &[("id", &id)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let first: Value = serde_json::from_str(&res.body).unwrap();
    let client_id = first["client_id"].as_str().unwrap().to_owned();
    let secret = first["secret"].as_str().unwrap().to_owned();
    assert!(client_id.starts_with("iam-rotate-"));
    assert!(secret.len() >= 40);
    let again = b.call(CreateSsoClient::PATH, &[("id", &id)]).await;
    assert_eq!(again.status, 409);

    let pool = &app.state.app.pool;
    let stored: String =
        sqlx::query_scalar("SELECT secret_hash FROM iam_clients WHERE client_id = ?")
            .bind(&client_id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert!(stored.starts_with("$argon2"), "hashed");
    assert!(app::iam::server::verify_client_secret(pool, &client_id, &secret).await);
    assert!(!app::iam::server::verify_client_secret(pool, &client_id, "wrong").await);

    let res = b.call(RotateSsoSecret::PATH, &[("id", &id)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let rotated: Value = serde_json::from_str(&res.body).unwrap();
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    assert!(rotated["previous_valid_until"].is_string());
    assert!(app::iam::server::verify_client_secret(pool, &client_id, &new_secret).await);
    assert!(
        app::iam::server::verify_client_secret(pool, &client_id, &secret).await,
        "old one in grace"
    );

    let data = b.call(LoadIam::PATH, &[("id", &id)]).await;
    assert!(
        data.body.contains("previous_valid_until")
            && data
                .body
                .contains(rotated["previous_valid_until"].as_str().unwrap())
    );
    assert!(!data.body.contains(&new_secret) && !data.body.contains(&secret));

    // After the grace period only the new secret works.
    sqlx::query("UPDATE iam_clients SET previous_valid_until = '2000-01-01T00:00:00Z'")
        .execute(pool)
        .await
        .unwrap();
    assert!(!app::iam::server::verify_client_secret(pool, &client_id, &secret).await);
    assert!(app::iam::server::verify_client_secret(pool, &client_id, &new_secret).await);
    assert_eq!(app.audit_count("iam.client.rotate").await, 1);
}

/// A discovery document on loopback, as an issuer would serve it.
async fn issuer() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let doc = json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
    });
    let router = axum::Router::new().route(
        "/.well-known/openid-configuration",
        axum::routing::get(move || {
            let doc = doc.clone();
            async move { axum::Json(doc) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

#[tokio::test]
async fn check_sign_in_reads_the_discovery_document_and_shows_the_authorization_url() {
    let app = TestApp::new().await;
    let id = offering(&app, "iam-signin").await;
    let mut b = app.signed_in(OWNER).await;
    let base = issuer().await;

    let res = b
        .call(CheckSignIn::PATH, &[("id", &id), ("issuer", &base)])
        .await;
    assert_eq!(res.status, 422, "no client yet: {}", res.body);

    let mut input = settings(&["https://dash.example.com/cb"]);
    input["actions"] = json!([]);
    input["grants"] = json!([]);
    input["issuer"] = json!(base);
    assert_eq!(save_iam(&mut b, &id, input).await.status, 200);
    let client: Value =
        serde_json::from_str(&b.call(CreateSsoClient::PATH, &[("id", &id)]).await.body).unwrap();
    let res = b
        .call(CheckSignIn::PATH, &[("id", &id), ("issuer", &base)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let check: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        check["authorization_url"],
        format!(
            "{base}/authorize?response_type=code&client_id={}&redirect_uri=https%3A%2F%2Fdash.example.com%2Fcb&scope=openid",
            client["client_id"].as_str().unwrap()
        )
    );

    // No discovery document there: a clear error under the issuer field.
    let res = b
        .call(
            CheckSignIn::PATH,
            &[("id", &id), ("issuer", &format!("{base}/nothing"))],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("404"), "{}", res.body);
    // A private address is refused without a call.
    let res = b
        .call(
            CheckSignIn::PATH,
            &[("id", &id), ("issuer", "https://10.0.0.5")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("private network"), "{}", res.body);
    // Nobody listening: the message names the identity provider, not a broker.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let res = b
        .call(
            CheckSignIn::PATH,
            &[
                ("id", &id),
                ("issuer", &format!("http://127.0.0.1:{closed}")),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body
            .contains("could not connect to the identity provider"),
        "{}",
        res.body
    );
    assert!(!res.body.contains("broker"), "{}", res.body);

    // Without JavaScript "Check sign-in" posts the whole IAM form to the check: the other fields
    // are ignored, the answer is a redirect back, and the next load of the tab shows the result
    // (once).
    let req = axum::http::Request::post(CheckSignIn::PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", ORIGIN)
        .header("referer", format!("{ORIGIN}/offerings/{id}/iam"))
        .body(axum::body::Body::from(format!(
            "id={id}&version=3&enabled=on&redirect_uris%5B0%5D=https%3A%2F%2Fdash.example.com%2Fcb&issuer={}",
            urlencoding::encode(&base)
        )))
        .unwrap();
    let res = b.send(req).await;
    assert_eq!(res.status, 302, "{}", res.body);
    let location = res.location().unwrap_or_default().to_owned();
    assert!(location.contains("__saved="), "{location}");
    let shown: Value =
        serde_json::from_str(&b.call(LoadIam::PATH, &[("id", &id)]).await.body).unwrap();
    assert!(
        shown["check_once"]["authorization_url"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{base}/authorize?"))),
        "{shown}"
    );
    let again: Value =
        serde_json::from_str(&b.call(LoadIam::PATH, &[("id", &id)]).await.body).unwrap();
    assert!(again["check_once"].is_null(), "shown once");
}

/// Every log line of this test binary, captured.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Capture(writer.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        buffer
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_appear_in_no_answer_export_document_snapshot_audit_row_or_log_line() {
    let logs = captured_logs();
    let app = TestApp::new().await;
    let id = offering(&app, "iam-secrets").await;
    let mut b = app.signed_in(OWNER).await;
    let password = "Br0ker-pa55word-never-shown";

    // The example catalog (this offering has no plans yet, which no broker would serve).
    let example = common::broker::root().join("end2end/broker/catalog.example.json");
    let catalog: Value = serde_json::from_str(&std::fs::read_to_string(example).unwrap()).unwrap();
    let broker = TestBroker::start(&catalog, &["--username", "broker", "--password", password]);
    let mut bodies = Vec::new();
    let res = b
        .call(
            SaveBroker::PATH,
            &[
                ("id", &id),
                ("name", "primary"),
                ("url", &broker.url),
                ("auth_kind", "basic"),
                ("username", "broker"),
                ("secret", password),
                ("api_version", "2.14"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let broker_id: String = serde_json::from_str(&res.body).unwrap();
    bodies.push(res.body);
    let res = b
        .call(
            ValidateBroker::PATH,
            &[("id", &id), ("broker_id", &broker_id)],
        )
        .await;
    // It serves another offering's catalog, so validation fails on the mismatches; but the
    // broker accepted the credentials: the sealed password was opened for the call.
    assert_eq!(res.status, 200, "{}", res.body);
    let run: Value = serde_json::from_str(&res.body).unwrap();
    assert!(run["result"]["error"].is_null(), "{run:#}");
    assert!(
        !run["result"]["mismatches"].as_array().unwrap().is_empty(),
        "{run:#}"
    );
    bodies.push(res.body);

    // At rest the password is sealed: `v1:` + base64, a fresh nonce per value, under the
    // console's key (here the key file generated next to the test database).
    let pool = &app.state.app.pool;
    let stored: String = sqlx::query_scalar("SELECT secret FROM brokers WHERE id = ?")
        .bind(&broker_id)
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(stored.starts_with("v1:"), "{stored}");
    assert!(!stored.contains(password));
    let key = &app.state.app.settings.secret_key;
    assert_eq!(
        key.open(&app::secrets::broker_context(&broker_id), &stored)
            .unwrap(),
        password
    );
    // A row from before encryption (clear text) is sealed at start, and still works.
    sqlx::query("UPDATE brokers SET secret = ? WHERE id = ?")
        .bind(password)
        .bind(&broker_id)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        app::brokers::service::seal_clear_text_secrets(pool, key)
            .await
            .unwrap(),
        1
    );
    let res = b
        .call(
            ValidateBroker::PATH,
            &[("id", &id), ("broker_id", &broker_id)],
        )
        .await;
    let run: Value = serde_json::from_str(&res.body).unwrap();
    assert!(run["result"]["error"].is_null(), "{run:#}");
    bodies.push(res.body);

    let res = b.call(CreateSsoClient::PATH, &[("id", &id)]).await;
    let secret = serde_json::from_str::<Value>(&res.body).unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = b.call(RotateSsoSecret::PATH, &[("id", &id)]).await;
    let rotated = serde_json::from_str::<Value>(&res.body).unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        save_iam(&mut b, &id, json!({"enabled": true, "issuer": "", "redirect_uris": ["https://a.example.com/cb"], "custom_roles": [], "actions": [], "grants": []}))
            .await
            .status,
        200
    );

    // Everything a member can read after creation.
    for path in [LoadBrokers::PATH, LoadIam::PATH, LoadOffering::PATH] {
        bodies.push(b.call(path, &[("id", &id)]).await.body);
    }
    for page in ["/brokers", "/iam", "", "/history"] {
        let res = b.get(&format!("/offerings/{id}{page}")).await;
        assert_eq!(res.status, 200, "{page}");
        bodies.push(res.body);
    }
    bodies.push(
        b.get(&format!("/offerings/{id}/brokers/catalog.json"))
            .await
            .body,
    );
    // Every text stored anywhere in the database (documents, versions, snapshots, audit rows,
    // runs, sessions …), the brokers table and its sealed secrets included.
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(tables.contains(&"offering_versions".to_string()));
    assert!(tables.contains(&"brokers".to_string()));
    for table in tables {
        use sqlx::{Column, Row};
        let rows = sqlx::query(&format!("SELECT * FROM \"{table}\""))
            .fetch_all(pool)
            .await
            .unwrap();
        for row in rows {
            for (i, column) in row.columns().iter().enumerate() {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) {
                    bodies.push(format!("{table}.{}: {text}", column.name()));
                }
            }
        }
    }
    let logged = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    assert!(logged.contains("request"), "logs are captured");
    bodies.push(logged);

    for (what, secret) in [
        ("broker password", password),
        ("client secret", secret.as_str()),
        ("rotated secret", rotated.as_str()),
    ] {
        for body in &bodies {
            assert!(
                !body.contains(secret),
                "the {what} leaked into: {}",
                &body[..body.len().min(400)]
            );
        }
    }
    // The broker page does say a secret is set, without showing it.
    let page = b.get(&format!("/offerings/{id}/brokers")).await;
    assert!(page.body.contains("primary"));
}
