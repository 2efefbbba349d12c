//! What every API handler starts from: the caller the API layer authenticated, and the service
//! context (`Api::cx`) the console's services take for them.

use super::ApiError;
use crate::state::ServerState;
use app::domain::access::Principal;
use app::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;

/// Who is calling: put into the request's extensions by `auth::authenticate`.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    /// The API token's id when the call carries one (else it came with a session).
    pub token_id: Option<String>,
    pub scope: Option<app::tokens::Scope>,
}

/// The extractor of every authenticated handler.
pub struct Api {
    pub state: ServerState,
    pub caller: Caller,
    parts: Parts,
}

impl FromRequestParts<ServerState> for Api {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let caller = parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or(AppError::Unauthenticated)?;
        Ok(Api {
            state: state.clone(),
            caller,
            parts: parts.clone(),
        })
    }
}

impl Api {
    pub fn pool(&self) -> &sqlx::SqlitePool {
        &self.state.app.pool
    }

    /// The service context of this request: its caller, path and the app state; what the
    /// console's services take, with no reactive owner.
    pub fn cx(&self) -> app::context::Ctx {
        app::context::Ctx::for_api(
            self.state.app.clone(),
            self.path(),
            self.caller.principal.clone(),
        )
    }

    /// The request's path (the subject of an `access.denied` row).
    pub fn path(&self) -> &str {
        self.parts.uri.path()
    }
}

/// A JSON request body. A body that is not JSON is a 400 `invalid_json`; JSON of the wrong
/// shape (a string where a number belongs, an unknown currency, an unknown field) is a 422
/// `invalid` naming the field's path, e.g. `pricing.metrics.0.tiers.0.prices.CHF`.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON with `Content-Type: application/json`.",
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", e.body_text()))?;
        parse_body(&bytes).map(Body)
    }
}

/// The body as `T`, with every problem named by its path (see [`Body`]).
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut unknown = Vec::new();
    let mut track = serde_path_to_error::Track::new();
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let parsed = {
        let tracked = serde_path_to_error::Deserializer::new(&mut json, &mut track);
        serde_ignored::deserialize(tracked, |path| unknown.push(path.to_string()))
    };
    let value: T = match parsed.and_then(|v| json.end().map(|()| v)) {
        Ok(v) => v,
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("The request body is not JSON: {e}"),
            ))
        }
        Err(e) => {
            let path = track.path().to_string();
            let mut field = if path == "." { String::new() } else { path };
            // A missing field is reported at its object: name the field itself.
            let text = e.to_string();
            if let Some(missing) = text
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                field = if field.is_empty() {
                    missing.to_owned()
                } else {
                    format!("{field}.{missing}")
                };
            }
            return Err(shape_error(vec![(field, first_sentence(&e))]));
        }
    };
    if !unknown.is_empty() {
        return Err(shape_error(
            unknown
                .into_iter()
                .map(|f| {
                    (
                        f,
                        "This field is not part of the request; remove it.".into(),
                    )
                })
                .collect(),
        ));
    }
    Ok(value)
}

/// serde's message without its position suffix (`… at line 1 column 9`).
fn first_sentence(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    let mut text = text.to_owned();
    if let Some(first) = text.get(..1) {
        text.replace_range(..1, &first.to_uppercase());
    }
    format!("{text}.")
}

fn shape_error(fields: Vec<(String, String)>) -> ApiError {
    let mut error = ApiError::from(AppError::Invalid(
        fields
            .into_iter()
            .map(|(field, message)| app::error::FieldError {
                field,
                message,
                problem: None,
                pricing: None,
            })
            .collect(),
    ));
    error.message = "The request body does not have the documented shape.".into();
    error
}

/// Query parameters; malformed ones are a 400 `invalid_parameter`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                e.body_text(),
            )),
        }
    }
}

/// The version an `If-Match: "<version>"` names; 428 without one, 412 when it is not a version.
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "Send `If-Match` with the ETag of the offering you changed (GET it first).",
        ));
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "stale",
                "`If-Match` names no version of this offering.",
            )
        })
}

/// The `ETag` header value of an offering version.
pub fn etag(version: i64) -> (header::HeaderName, HeaderValue) {
    (
        header::ETAG,
        HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("")),
    )
}
