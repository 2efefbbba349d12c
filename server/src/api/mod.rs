//! The REST API under `/api/v1` (SPEC §9): JSON in, JSON out, errors as
//! `{code, message, fields?}` with stable codes. It calls the same rules and the same
//! storage as the console's server functions.

pub mod usage;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// An API error: HTTP status, a stable code, a sentence for people.
#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<app::error::FieldError>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: vec![],
        }
    }
}

impl From<app::error::AppError> for ApiError {
    fn from(e: app::error::AppError) -> Self {
        use app::error::AppError as E;
        let message = e.to_string();
        let (status, code) = match &e {
            E::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            E::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            E::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            E::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            E::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            E::Stale { .. } => (StatusCode::PRECONDITION_FAILED, "stale"),
            E::Internal | E::Transport(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        let fields = match e {
            E::Invalid(fields) => fields,
            _ => vec![],
        };
        ApiError {
            status,
            code,
            message,
            fields,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        app::error::AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}
