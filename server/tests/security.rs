//! Security headers on every kind of answer, safe redirects after sign-in and language
//! switch, and bad input answered 4xx with a JSON error and no ERROR log line.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use leptos::server_fn::ServerFn;

fn header<'a>(page: &'a Page, name: &str) -> &'a str {
    page.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The headers every answer carries, whatever it is.
fn assert_base_headers(page: &Page, what: &str) {
    let csp = header(page, "content-security-policy");
    for part in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{what}: CSP `{csp}` lacks {part}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(header(page, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(
        header(page, "referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
    assert_eq!(header(page, "x-frame-options"), "DENY", "{what}");
}

/// The nonce of the page's CSP, and that the page's scripts carry exactly it.
fn assert_nonce_matches(page: &Page) {
    let csp = header(page, "content-security-policy");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the page's CSP");
    assert!(nonce.len() >= 16, "{nonce}");
    // leptos_i18n leaves an empty `<script></script>` placeholder: nothing to run, nothing
    // for the CSP to refuse.
    let scripts =
        page.body.matches("<script").count() - page.body.matches("<script></script>").count();
    assert!(scripts >= 1, "the page has its hydration script");
    let with_nonce = page.body.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(
        with_nonce >= scripts,
        "every script carries the CSP nonce ({with_nonce} of {scripts})"
    );
}

#[tokio::test]
async fn pages_api_docs_and_files_carry_the_security_headers() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    let site_root = site.path().display().to_string();
    let app = TestApp::with(|c| c.site_root = site_root).await;

    let mut anonymous = app.browser();
    let login = anonymous.get("/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_base_headers(&login, "/login");
    assert_nonce_matches(&login);
    assert!(login.headers.get("strict-transport-security").is_none());

    let mut owner = app.signed_in(OWNER).await;
    let dashboard = owner.get("/dashboard").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert_base_headers(&dashboard, "/dashboard");
    assert_nonce_matches(&dashboard);
    assert_eq!(header(&dashboard, "cache-control"), "no-store");
    let again = owner.get("/dashboard").await;
    assert_ne!(
        header(&again, "content-security-policy"),
        header(&dashboard, "content-security-policy"),
        "a fresh nonce per answer"
    );

    let api = owner.get("/api/v1/offerings").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_base_headers(&api, "/api/v1/offerings");
    assert_eq!(header(&api, "cache-control"), "no-store");

    let server_fn = owner
        .call(app::offerings::server::LoadDashboard::PATH, &[])
        .await;
    assert_eq!(server_fn.status, StatusCode::OK, "{}", server_fn.body);
    assert_base_headers(&server_fn, "server function");
    assert_eq!(header(&server_fn, "cache-control"), "no-store");

    let docs = anonymous.get("/api/v1/docs").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert_base_headers(&docs, "/api/v1/docs");

    let file = anonymous.get("/favicon.svg").await;
    assert_eq!(file.status, StatusCode::OK);
    assert_base_headers(&file, "/favicon.svg");

    let refused = owner
        .post_form_from("/auth/logout", &[], Some("https://evil.example"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_base_headers(&refused, "a cross-site refusal");
}

#[tokio::test]
async fn hsts_when_the_console_runs_behind_tls() {
    let app = TestApp::with(|c| c.secure_cookies = true).await;
    let page = app.browser().get("/login").await;
    assert_eq!(
        header(&page, "strict-transport-security"),
        "max-age=63072000; includeSubDomains"
    );
}

#[tokio::test]
async fn sign_in_and_language_switch_only_follow_paths_on_the_console() {
    let app = TestApp::new().await;
    let cases = [
        ("/\t/evil.example/", "/dashboard"),
        ("/\n/evil.example/", "/dashboard"),
        ("/\r\n/evil.example", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("/.//evil.example/", "/dashboard"),
        ("/catalog?q=db", "/catalog?q=db"),
    ];
    for (next, expected) in cases {
        let mut b = app.browser();
        let res = b
            .post_form(
                "/auth/login",
                &[("email", OWNER), ("password", PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.location(), Some(expected), "sign-in next={next:?}");
        let res = b
            .post_form("/language", &[("lang", "de"), ("back", next)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(res.location(), Some(expected), "language back={next:?}");
    }
    let mut b = app.browser();
    let failed = b
        .post_form(
            "/auth/login",
            &[
                ("email", OWNER),
                ("password", "wrong"),
                ("next", "/\t/evil.example/"),
            ],
        )
        .await;
    let location = failed.location().unwrap_or("");
    assert!(
        location.starts_with("/login?error=invalid") && location.ends_with("next=%2Fdashboard"),
        "{location}"
    );
}

/// Log lines written while `f` runs (this test's thread only).
fn raw_call(path: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    raw(axum::http::Method::POST, path, content_type, body)
}

fn raw(method: axum::http::Method, path: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/json")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn bad_input_is_answered_4xx_with_a_json_error_and_no_error_log() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "bad-input").await;
    let mut owner = app.signed_in(OWNER).await;
    let save = app::offerings::server::SaveAnnouncement::PATH;
    let form = "application/x-www-form-urlencoded";
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = vec![b'a'; 10 * 1024 * 1024];
    let cases: Vec<(&str, Request<Body>, StatusCode)> = vec![
        (
            "missing field",
            raw_call(save, form, format!("id={id}&version=1").into_bytes()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "version=abc",
            raw_call(
                save,
                form,
                format!("id={id}&version=abc&text=x&date=").into_bytes(),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            "a number past i64",
            raw_call(
                save,
                form,
                format!("id={id}&version=99999999999999999999999&text=x&date=").into_bytes(),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            "invalid UTF-8",
            raw_call(save, form, b"id=\xff\xfe&version=1&text=x&date=".to_vec()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "malformed JSON (REST)",
            raw(
                axum::http::Method::PUT,
                &format!("/api/v1/offerings/{id}/announcement"),
                "application/json",
                b"{\"text\": ".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
        ),
        // Well-formed, so not a 400: the body is read against the documented shape as it is
        // parsed, and the first nested array is already the wrong type (no stack is exhausted).
        (
            "100 000-deep JSON (REST)",
            raw_call("/api/v1/offerings", "application/json", deep.into_bytes()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a 10 MB body (server function)",
            raw_call(save, form, huge.clone()),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "a 10 MB body (REST)",
            raw_call("/api/v1/offerings", "application/json", huge.clone()),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "a 10 MB sign-in form",
            raw_call("/auth/login", form, huge),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    let logs = Logs::default();
    let subscriber = logs.subscriber();
    let _guard = tracing::subscriber::set_default(subscriber);
    for (what, request, expected) in cases {
        let res = owner.send(request).await;
        assert_eq!(res.status, expected, "{what}: {}", res.body);
        let json: serde_json::Value = serde_json::from_str(&res.body)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", res.body));
        assert!(json.is_object(), "{what}: {json}");
    }
    let logs = logs.text();
    assert!(
        !logs.lines().any(|l| l.contains("ERROR")),
        "no ERROR log line for the caller's mistakes:\n{logs}"
    );
}
