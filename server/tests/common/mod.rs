//! A console on a temporary SQLite file, driven through its router with no port,
//! and a tiny cookie-keeping browser.
#![allow(dead_code)]

pub mod api;
pub mod broker;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use server::config::Config;
use std::collections::BTreeMap;
use tempfile::TempDir;
use tower::ServiceExt;

/// How long one request may take before its test fails (a loaded CI machine answers the
/// slowest in a few seconds).
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
pub const HOST: &str = "127.0.0.1:3000";
pub const ORIGIN: &str = "http://127.0.0.1:3000";
pub const PASSWORD: &str = server::seed::DEMO_PASSWORD;
pub const OWNER: &str = "owner@demo.example";
pub const EDITOR: &str = "editor@demo.example";
pub const VIEWER: &str = "viewer@demo.example";
pub const REVIEWER: &str = "reviewer@platform.example";
pub const ADMIN: &str = "admin@platform.example";

pub struct TestApp {
    pub router: Router,
    pub state: server::state::ServerState,
    _dir: TempDir,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with(|_| {}).await
    }

    pub async fn with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/test.db", dir.path().display());
        let mut config = Config::for_database(&url);
        config.seed_demo = true;
        config.dev_mode = true;
        adjust(&mut config);
        let built = server::build(&config).await.expect("console builds");
        TestApp {
            router: built.router,
            state: built.state,
            _dir: dir,
        }
    }

    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            cookies: BTreeMap::new(),
            extra: Vec::new(),
        }
    }

    pub async fn signed_in(&self, email: &str) -> Browser<'_> {
        let mut b = self.browser();
        let res = b.sign_in(email, PASSWORD).await;
        assert_eq!(
            res.location(),
            Some("/dashboard"),
            "sign-in of {email} failed"
        );
        b
    }

    pub async fn audit_count(&self, action: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
            .bind(action)
            .fetch_one(&self.state.app.pool)
            .await
            .unwrap()
    }
}

pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }
}

/// Keeps cookies like a browser and sends same-origin headers on posts.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    /// Headers added to every request (e.g. Accept-Language).
    pub extra: Vec<(&'static str, String)>,
}

impl Browser<'_> {
    pub async fn send(&mut self, mut req: Request<Body>) -> Page {
        let headers = req.headers_mut();
        headers.insert(header::HOST, HOST.parse().unwrap());
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            headers.insert(header::COOKIE, cookie.parse().unwrap());
        }
        for (name, value) in &self.extra {
            headers.insert(*name, value.parse().unwrap());
        }
        let what = format!("{} {}", req.method(), req.uri());
        let res = self
            .within(&what, self.app.router.clone().oneshot(req))
            .await;
        let res = res.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        for raw in headers.get_all(header::SET_COOKIE) {
            let raw = raw.to_str().unwrap();
            let pair = raw.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let expired = raw.contains("Max-Age=0") || value.is_empty();
            if expired {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = self
            .within(
                &what,
                axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024),
            )
            .await
            .unwrap();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Awaits `work` for at most `REQUEST_LIMIT`: a request that never answers fails its test
    /// with its name and the pool's state instead of hanging the whole run.
    async fn within<T>(&self, what: &str, work: impl std::future::IntoFuture<Output = T>) -> T {
        match tokio::time::timeout(REQUEST_LIMIT, work.into_future()).await {
            Ok(done) => done,
            Err(_) => {
                let pool = &self.app.state.app.pool;
                panic!(
                    "{what} did not answer within {REQUEST_LIMIT:?} (pool: {} connections, {} idle)",
                    pool.size(),
                    pool.num_idle()
                )
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(
            Request::get(path)
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_form_from(path, fields, Some(ORIGIN)).await
    }

    pub async fn post_form_from(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            req = req.header(header::ORIGIN, origin);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Calls a server function the way the hydrated page does (form-encoded arguments).
    pub async fn call(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a JSON body (JSON-encoded server functions, the REST API).
    pub async fn post_json(&mut self, path: &str, body: &serde_json::Value) -> Page {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.post_form(
            "/auth/login",
            &[
                ("email", email),
                ("password", password),
                ("next", "/dashboard"),
            ],
        )
        .await
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.get("rmc_session").cloned()
    }
}

/// The offering's current version (for version-checked saves).
pub async fn version(b: &mut Browser<'_>, id: &str) -> i64 {
    use leptos::server_fn::ServerFn;
    let res = b
        .call(app::offerings::server::LoadOffering::PATH, &[("id", id)])
        .await;
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    v["version"].as_i64().unwrap()
}

/// The demo organisation "Demo Cloud Co." (owner, editor and viewer are its members).
pub async fn demo_org(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT id FROM organisations WHERE name = 'Demo Cloud Co.'")
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap()
}

/// The id of the user with this e-mail.
pub async fn user_id(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap()
}

/// Creates an offering of the demo organisation as `who`; returns its id.
pub async fn create_offering(app: &TestApp, who: &str, name: &str) -> String {
    use leptos::server_fn::ServerFn;
    let org = demo_org(app).await;
    let mut b = app.signed_in(who).await;
    let res = b
        .call(
            app::offerings::server::CreateOffering::PATH,
            &[("organisation_id", &org), ("name", name)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// The names of the offerings `b` finds in the catalog for `q` (first page, English).
pub async fn catalog_names(b: &mut Browser<'_>, q: &str) -> Vec<String> {
    use leptos::server_fn::ServerFn;
    let res = b
        .call(
            app::catalog::server::SearchCatalog::PATH,
            &[
                ("q", q),
                ("category", ""),
                ("language", "en"),
                ("page", "0"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{q:?}: {}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The fields a 422 answer of a server function names.
pub fn invalid_fields(page: &Page) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&page.body).unwrap_or_default();
    v["Invalid"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Log lines written while a test runs, for it to read back.
#[derive(Clone, Default)]
pub struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    /// A subscriber writing INFO and above, without colours, into these logs.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        let logs = self.clone();
        tracing_subscriber::fmt()
            .with_writer(move || logs.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A support model public visibility accepts (the REST body of `PUT …/support`).
pub fn support_json() -> serde_json::Value {
    serde_json::json!({
        "site_url": "https://support.demo.example",
        "email": "help@demo.example",
        "phone": "+49 30 1234567",
        "coverage": "business_hours",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "opens": "08:00",
        "closes": "18:00",
        "time_zone": "Europe/Berlin",
        "languages": ["en", "de"],
        "escalation_name": "Duty manager",
        "escalation_email": "escalate@demo.example",
        "targets": {"critical": 60, "high": 240, "medium": 1440, "low": 2880}
    })
}

/// [`support_json`] as the document holds it.
pub fn complete_support() -> app::domain::support::SupportModel {
    serde_json::from_value(support_json()).expect("a support model")
}
