//! Cross-site request refusal: a state-changing request from another origin is refused.
//!
//! Browsers send `Origin` (or at least `Referer`, and `Sec-Fetch-Site`) on cross-site posts;
//! clients that send none of them are not browsers and cannot ride a session cookie.

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// True when the request plainly comes from a page of another site.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (source, host) {
        (None, _) => false,
        (Some("null"), _) => true,
        (Some(source), Some(host)) => host_of(source) != Some(host),
        (Some(_), None) => true,
    }
}

/// A REST API call with a bearer token rides no cookie (the API layer never falls back to
/// the session when a token is sent), so where it comes from does not matter.
fn is_token_api_call(request: &Request) -> bool {
    request.uri().path().starts_with("/api/v1/") && crate::api::auth::has_bearer(request.headers())
}

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if !is_token_api_call(&request) && is_cross_site(request.method(), request.headers()) {
        tracing::warn!(uri = %request.uri(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused. Please use the console's own pages.",
        )
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    type Case = (Method, &'static [(&'static str, &'static str)], bool);

    #[test]
    fn cross_site_table() {
        let cases: Vec<Case> = vec![
            (
                Method::POST,
                &[("host", "rmc.example"), ("origin", "https://rmc.example")],
                false,
            ),
            (
                Method::POST,
                &[
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://127.0.0.1:3000"),
                ],
                false,
            ),
            (
                Method::POST,
                &[("host", "rmc.example"), ("origin", "https://evil.example")],
                true,
            ),
            (
                Method::POST,
                &[("host", "rmc.example"), ("origin", "null")],
                true,
            ),
            (
                Method::POST,
                &[
                    ("host", "rmc.example"),
                    ("referer", "https://evil.example/form"),
                ],
                true,
            ),
            (
                Method::POST,
                &[
                    ("host", "rmc.example"),
                    ("referer", "https://rmc.example/admin"),
                ],
                false,
            ),
            (
                Method::POST,
                &[("host", "rmc.example"), ("sec-fetch-site", "cross-site")],
                true,
            ),
            (Method::POST, &[("host", "rmc.example")], false),
            (
                Method::GET,
                &[("host", "rmc.example"), ("origin", "https://evil.example")],
                false,
            ),
        ];
        for (method, pairs, cross) in cases {
            assert_eq!(
                is_cross_site(&method, &headers(pairs)),
                cross,
                "{method} {pairs:?}"
            );
        }
    }
}
