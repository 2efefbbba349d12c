//! Authentication of `/api/v1` calls: a bearer API token, or else the browser session.
//! A bearer request never falls back to the session (so a cross-site page cannot borrow a
//! session cookie through it, and the CSRF check can let it pass). Read tokens may call only
//! GET (a write with one is an audited denial); each token has a request budget per minute
//! (`RMC_API_RATE_PER_MIN`).

use super::ctx::Caller;
use super::ApiError;
use crate::state::ServerState;
use app::auth::access::{deny, Denial};
use app::error::AppError;
use app::tokens::Scope;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;
use tower_sessions::Session;

/// Paths anyone may read: the OpenAPI document and the reference page.
pub fn is_public(path: &str) -> bool {
    matches!(path, "/api/v1/openapi.json" | "/api/v1/docs")
}

/// True when the request names a bearer token (what the CSRF check lets through).
pub fn has_bearer(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer "))
}

fn refused(status: StatusCode, code: &'static str, message: &str, challenge: &str) -> Response {
    let mut res = ApiError::new(status, code, message).into_response();
    if let Ok(v) = HeaderValue::from_str(challenge) {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    res
}

pub async fn authenticate(
    State(state): State<ServerState>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_public(request.uri().path()) {
        return next.run(request).await;
    }
    let pool = &state.app.pool;
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("").to_owned());
    let caller = if let Some(authorization) = authorization {
        let token = match authorization.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => {
                return refused(
                    StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    "Use `Authorization: Bearer <API token>`.",
                    "Bearer realm=\"rmc\", error=\"invalid_request\"",
                )
            }
        };
        let (principal, token_id, scope) = match app::tokens::authenticate(pool, token).await {
            Ok(Ok(found)) => found,
            Ok(Err(why)) => {
                return refused(
                    StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    why.english(),
                    "Bearer realm=\"rmc\", error=\"invalid_token\"",
                )
            }
            Err(e) => return ApiError::from(e).into_response(),
        };
        let reads = matches!(*request.method(), Method::GET | Method::HEAD);
        if scope == Scope::Read && !reads {
            let path = request.uri().path();
            let denial = Denial::NotAllowed("a read token calls only GET".into());
            let denied = deny(pool, &principal, path, "API token scope write", denial).await;
            if denied == AppError::Internal {
                return ApiError::from(denied).into_response();
            }
            return refused(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                "This token may only read (GET). Create a write token to change things.",
                "Bearer realm=\"rmc\", error=\"insufficient_scope\", scope=\"write\"",
            );
        }
        if let Err(retry_after) = state.api_limiter.check(&token_id) {
            let mut res = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many requests with this token; retry in {retry_after} s."),
            )
            .into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            return res;
        }
        Caller {
            principal,
            token_id: Some(token_id),
            scope: Some(scope),
        }
    } else {
        let principal = match request.extensions().get::<Session>() {
            Some(session) => {
                match app::auth::session::principal_from_session(&state.app, session).await {
                    Ok(p) => p,
                    Err(e) => return ApiError::from(e).into_response(),
                }
            }
            None => None,
        };
        let Some(principal) = principal else {
            return refused(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Send an API token: `Authorization: Bearer <token>`.",
                "Bearer realm=\"rmc\"",
            );
        };
        Caller {
            principal,
            token_id: None,
            scope: None,
        }
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// A token bucket per API token: `per_minute` requests, refilled continuously.
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `key`'s budget, or says in how many seconds one is available.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let capacity = f64::from(self.per_minute);
        let per_sec = capacity / 60.0;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 100_000 {
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs() < 120);
        }
        let (tokens, at) = buckets.entry(key.to_owned()).or_insert((capacity, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_sec).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / per_sec).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refuses_past_its_budget_and_says_when() {
        let limiter = RateLimiter::new(3);
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        let wait = limiter.check("a").unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        // Other tokens have their own budget.
        assert!(limiter.check("b").is_ok());
    }
}
