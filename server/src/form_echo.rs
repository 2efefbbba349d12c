//! Without JavaScript, a refused form keeps what the user typed.
//!
//! A plain form post to a server function is answered with a redirect back to the page; when the
//! server function refused it, Leptos adds the error to that address (`__path`, `__err`) and the
//! page shows each message next to its field. This layer adds what was posted (`__form`, the
//! urlencoded body, secrets left out), so the page fills its fields from it instead of the
//! stored values. Any other redirect drops a `__form` the page address still carried.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The query parameter the page reads (`app::components::form_echo`).
pub const FORM_PARAM: &str = "__form";

/// Added to the address after a plain post the server function accepted, naming it: the form
/// posting there says "Saved." as it does with JavaScript (`app::components::form_echo::saved_by`).
pub const SAVED_PARAM: &str = "__saved";

/// Fields never written into an address: passwords, secrets, tokens.
fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "secret", "token"]
        .iter()
        .any(|s| name.contains(s))
}

/// The posted body without its secret fields, urlencoded again.
pub fn echo_of(body: &[u8]) -> String {
    let kept = url::form_urlencoded::parse(body).filter(|(k, _)| !is_secret(k));
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish()
}

/// The redirect after a plain form post, rewritten: a refusal (`__err`) carries `echo` (and one
/// `__path`, `__err` each); an accepted post drops an earlier `__form` and names itself in `__saved`, but
/// for a form the server function redrew itself (`__path` with `__form`).
pub fn rewrite_location(location: &str, echo: &str, posted_to: &str) -> Option<String> {
    // Relative redirects are resolved against a placeholder origin and given back relative.
    let base = url::Url::parse("http://placeholder.invalid/").ok()?;
    let mut url = base.join(location).ok()?;
    let all: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let has = |key: &str| all.iter().any(|(k, _)| k == key);
    let refused = has("__err");
    // A form the server function redrew itself (`__path` and `__form`, no refusal): left as it is.
    if !refused && has("__path") {
        return None;
    }
    let last = |key: &str| all.iter().rposition(|(k, _)| k == key);
    let pairs: Vec<&(String, String)> = (all.iter().enumerate())
        .filter(|(i, (k, _))| match k.as_str() {
            FORM_PARAM | SAVED_PARAM => false,
            "__path" | "__err" => last(k) == Some(*i),
            _ => true,
        })
        .map(|(_, pair)| pair)
        .collect();
    let mut query = url.query_pairs_mut();
    query.clear().extend_pairs(pairs);
    if refused && !echo.is_empty() {
        query.append_pair(FORM_PARAM, echo);
    }
    if !refused {
        query.append_pair(SAVED_PARAM, posted_to);
    }
    drop(query);
    let absolute = location.starts_with("http://") || location.starts_with("https://");
    Some(if absolute {
        url.to_string()
    } else {
        url[url::Position::BeforePath..].to_owned()
    })
}

fn is_plain_form_post(request: &Request) -> bool {
    let header_has = |name: header::HeaderName, what: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(what))
    };
    let path = request.uri().path();
    request.method() == Method::POST
        && path.starts_with("/api/")
        && !path.starts_with("/api/v1/")
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

pub async fn echo_refused_form(request: Request, next: Next) -> Response {
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body is already bounded by `body_limit`; a body over it is refused there.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let echo = echo_of(&bytes);
    let posted_to = parts.uri.path().to_owned();
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| rewrite_location(l, &echo, &posted_to))
        .and_then(|l| HeaderValue::from_str(&l).ok());
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_the_typed_values_and_no_secret() {
        let echo =
            echo_of(b"name=Bad_Name&broker_secret=s3cret&password=x&texts%5Ben%5D=caf%C3%A9");
        assert_eq!(echo, "name=Bad_Name&texts%5Ben%5D=caf%C3%A9");
        let table = [
            // Refused: the typed values ride along (once, as do `__path` and `__err`).
            (
                "http://h/offerings/new?__path=%2Fapi%2Fx&__err=abc",
                "name=a",
                Some("http://h/offerings/new?__path=%2Fapi%2Fx&__err=abc&__form=name%3Da"),
            ),
            (
                "/p?__path=%2Fapi%2Fx&__form=old&__path=%2Fapi%2Fx&__err=abc",
                "name=a",
                Some("/p?__path=%2Fapi%2Fx&__err=abc&__form=name%3Da"),
            ),
            // Saved, back to the page: an earlier echo is dropped, the rest of the address kept,
            // and the page is told it saved (once).
            (
                "http://h/offerings/1/basics?__form=name%3Da",
                "name=b",
                Some("http://h/offerings/1/basics?__saved=%2Fapi%2Fx"),
            ),
            (
                "/offerings/1/basics?tab=x&__form=name%3Da&__saved=%2Fapi%2Fx",
                "name=b",
                Some("/offerings/1/basics?tab=x&__saved=%2Fapi%2Fx"),
            ),
            (
                "/dashboard",
                "name=b",
                Some("/dashboard?__saved=%2Fapi%2Fx"),
            ),
            // Refused after a save: no longer "saved".
            (
                "/p?__saved=%2Fapi%2Fy&__path=%2Fapi%2Fx&__err=abc",
                "name=a",
                Some("/p?__path=%2Fapi%2Fx&__err=abc&__form=name%3Da"),
            ),
            // A form the server function redrew itself: unchanged.
            (
                "/offerings/1/plans/new?__path=%2Fapi%2Fp&__form=kind%3Dpaid",
                "kind=paid",
                None,
            ),
        ];
        for (location, echo, want) in table {
            assert_eq!(
                rewrite_location(location, echo, "/api/x").as_deref(),
                want,
                "{location}"
            );
        }
    }
}
