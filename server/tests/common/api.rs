//! A REST API client for tests: bearer token, JSON in and out, through the real router.
#![allow(dead_code)]

use super::{Page, TestApp, HOST};
use app::tokens::server::CreateToken;
use axum::body::Body;
use axum::http::{header, Request};
use leptos::server_fn::ServerFn;
use serde_json::Value;
use tower::ServiceExt;

pub struct ApiClient<'a> {
    app: &'a TestApp,
    pub token: String,
}

pub struct Answer {
    pub page: Page,
    pub json: Value,
}

impl Answer {
    pub fn status(&self) -> u16 {
        self.page.status.as_u16()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.page.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.page.status, self.page.body)
    }
}

/// Creates an API token for `email` through the tokens page's server function.
pub async fn token_for(app: &TestApp, email: &str, scope: &str, days: &str) -> String {
    let mut b = app.signed_in(email).await;
    let res = b
        .call(
            CreateToken::PATH,
            &[
                ("name", "test token"),
                ("scope", scope),
                ("expires_days", days),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let created: Value = serde_json::from_str(&res.body).unwrap();
    created["token"].as_str().unwrap().to_owned()
}

impl<'a> ApiClient<'a> {
    pub fn new(app: &'a TestApp, token: &str) -> Self {
        ApiClient {
            app,
            token: token.to_owned(),
        }
    }

    pub async fn for_user(app: &'a TestApp, email: &str, scope: &str) -> ApiClient<'a> {
        let token = token_for(app, email, scope, "30").await;
        ApiClient::new(app, &token)
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "application/json");
        if !self.token.is_empty() {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = self.app.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&body).unwrap_or(Value::Null);
        Answer {
            page: Page {
                status,
                headers,
                body,
            },
            json,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send("POST", path, Some(body), &[]).await
    }

    pub async fn put(&self, path: &str, body: &Value, etag: &str) -> Answer {
        self.send("PUT", path, Some(body), &[("if-match", etag)])
            .await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send("DELETE", path, None, &[]).await
    }

    /// The first organisation the caller is a member of.
    pub async fn org_id(&self) -> String {
        let me = self.get("/api/v1/me").await;
        assert_eq!(me.status(), 200, "{me:?}");
        me.json["memberships"][0]["organisation_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Creates an offering named `name` in organisation `org`: its id and ETag.
    pub async fn create_in(&self, org: &str, name: &str) -> (String, String) {
        let a = self
            .post(
                "/api/v1/offerings",
                &serde_json::json!({ "organisation_id": org, "name": name }),
            )
            .await;
        assert_eq!(a.status(), 201, "{a:?}");
        (
            a.json["id"].as_str().unwrap().to_owned(),
            a.header("etag").unwrap().to_owned(),
        )
    }

    /// The offering's current ETag.
    pub async fn etag(&self, id: &str) -> String {
        let a = self.get(&format!("/api/v1/offerings/{id}")).await;
        assert_eq!(a.status(), 200, "{a:?}");
        a.header("etag").unwrap().to_owned()
    }
}

impl ApiClient<'_> {
    /// Sends raw bytes with a content type (icons, malformed JSON).
    pub async fn send_bytes(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        content_type: &str,
    ) -> Answer {
        self.send_raw(method, path, body, content_type, &[]).await
    }

    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        content_type: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self
            .app
            .router
            .clone()
            .oneshot(req.body(Body::from(body.to_vec())).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&body).unwrap_or(Value::Null);
        Answer {
            page: Page {
                status,
                headers,
                body,
            },
            json,
        }
    }
}
