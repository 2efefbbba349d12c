//! The security headers of every answer, set in one layer around the whole router.
//!
//! - A Content-Security-Policy with a fresh nonce per request. The nonce is put into the
//!   request's extensions ([`CspNonce`]) before the page renders, and the page context gives it
//!   to Leptos (`leptos::nonce::Nonce`), whose inline hydration script carries it. Scripts
//!   files come from this origin only (`'self'`: Leptos' `<link rel="modulepreload">` carries no
//!   nonce, so `'strict-dynamic'`, which ignores `'self'`, would refuse it); `'wasm-unsafe-eval'`
//!   lets the bundle compile. Every file the console serves goes out with `nosniff`, so an
//!   uploaded icon or exported JSON cannot be run as a script. No other inline script, no inline
//!   style, no plugin, no `<base>`, no framing, forms post here only.
//!   An answer that sets its own policy (the icon route's sandbox) keeps it.
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: strict-origin-when-cross-origin`,
//!   `X-Frame-Options: DENY` (for browsers without `frame-ancestors`), and
//!   `Strict-Transport-Security` when the console runs behind TLS (secure cookies on).
//! - `Cache-Control: no-store` on pages and JSON answered to a request that carries
//!   credentials (the session cookie or a bearer token), unless the handler chose a policy.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// This request's CSP nonce (base64url of 16 random bytes).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Whether answers go out with HSTS (the console is served over TLS).
#[derive(Clone, Copy, Debug)]
pub struct HeaderPolicy {
    pub hsts: bool,
}

/// The policy for a page rendered with `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

const SESSION_COOKIE: &str = "rmc_session=";

/// The request carries a credential: the session cookie or an `Authorization` header.
fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| {
                v.split(';')
                    .any(|c| c.trim_start().starts_with(SESSION_COOKIE))
            })
}

/// HTML and JSON are what a signed-in answer is made of; assets are not.
fn is_dynamic(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"))
}

pub async fn security_headers(
    State(policy): State<HeaderPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    let credentials = has_credentials(request.headers());
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let dynamic = is_dynamic(response.headers());
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if credentials && dynamic && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The page context's part: hand this request's nonce to Leptos.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_the_session_cookie_or_a_bearer() {
        let cases: [(&[(&str, &str)], bool); 5] = [
            (&[], false),
            (&[("cookie", "i18n_pref_locale=de")], false),
            (&[("cookie", "i18n_pref_locale=de; rmc_session=abc")], true),
            (&[("cookie", "rmc_session=abc")], true),
            (&[("authorization", "Bearer rmc_x")], true),
        ];
        for (pairs, expected) in cases {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.append(
                    header::HeaderName::from_static(k),
                    HeaderValue::from_str(v).unwrap(),
                );
            }
            assert_eq!(has_credentials(&h), expected, "{pairs:?}");
        }
    }

    #[test]
    fn the_policy_names_the_nonce_and_closes_the_rest() {
        let csp = content_security_policy("abc123");
        for part in [
            "script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(part), "{csp} lacks {part}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }
}
