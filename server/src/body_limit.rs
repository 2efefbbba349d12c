//! How large a request body may be, per kind of route, with a clear 413 when it is larger.
//!
//! A declared `Content-Length` over the limit is refused before anything is read; a body sent
//! without one is cut at the limit, so the handler fails to read it and answers 400 (server
//! functions: `BadInput`) or 413 (axum extractors). Either way nothing past the limit is held.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

const KIB: usize = 1024;

/// The limit for a path: the REST API and server functions carry offering documents, plans
/// and icons (an import document, a 256 KB PNG in base64); sign-in, sign-out and the language
/// switch carry a few fields; anything else (pages, assets) takes no body worth the name.
pub fn limit_for(path: &str) -> usize {
    if path.starts_with("/api/") {
        1024 * KIB
    } else {
        16 * KIB
    }
}

fn declared_length(request: &Request) -> Option<usize> {
    request
        .headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The refusal, in the error format of the route that was called.
fn too_large(path: &str, limit: usize) -> Response {
    let message = format!(
        "The request is too large: this address takes at most {} KB.",
        limit / KIB
    );
    let is_server_fn = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let body = if is_server_fn {
        serde_json::to_value(app::error::AppError::BadInput(message)).unwrap_or_default()
    } else {
        serde_json::json!({ "code": "payload_too_large", "message": message })
    };
    (StatusCode::PAYLOAD_TOO_LARGE, Json(body)).into_response()
}

pub async fn limit_request_body(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let limit = limit_for(&path);
    if declared_length(&request).is_some_and(|n| n > limit) {
        tracing::warn!(%path, limit, "request body over the limit refused");
        return too_large(&path, limit);
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::limit_for;

    #[test]
    fn limits_fit_the_route() {
        assert_eq!(limit_for("/api/v1/offerings/import"), 1024 * 1024);
        assert_eq!(limit_for("/api/save_basics"), 1024 * 1024);
        assert_eq!(limit_for("/auth/login"), 16 * 1024);
        assert_eq!(limit_for("/language"), 16 * 1024);
        assert_eq!(limit_for("/dashboard"), 16 * 1024);
    }
}
