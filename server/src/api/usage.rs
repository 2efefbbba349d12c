//! `POST /api/v1/offerings/{id}/usage`: usage records for an offering's plans (SPEC §11).
//! At most 100 records a call; each is answered on its own: 201 stored, 409 duplicate,
//! 422 refused with reasons. The call answers 201 when all were stored, 409 when all were
//! duplicates, 422 when none could be stored for other reasons, else 207.

use super::ApiError;
use crate::state::ServerState;
use app::auth::session::principal_from_session;
use app::domain::access::OrgRole;
use app::domain::usage::{UsageRecord, MAX_RECORDS_PER_CALL};
use app::plans::db::Source;
use app::plans::usage::{store, RecordResult};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use tower_sessions::Session;

#[derive(Serialize)]
pub struct UsageResponse {
    pub stored: usize,
    pub results: Vec<RecordResult>,
}

pub async fn post_usage(
    State(state): State<ServerState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let pool = &state.app.pool;
    let principal = principal_from_session(&state.app, &session)
        .await?
        .ok_or(app::error::AppError::Unauthenticated)?;
    let offering = app::offerings::db::find(pool, &id)
        .await?
        .ok_or(app::error::AppError::NotFound)?;
    match principal.role_in(&offering.organisation_id) {
        None => return Err(app::error::AppError::NotFound.into()),
        Some(role) if role < OrgRole::Editor => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Reporting usage needs the editor or owner role in the offering's organisation.",
            ))
        }
        Some(_) => {}
    }
    let records: Vec<UsageRecord> = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The body must be a JSON array of usage records: {e}."),
        )
    })?;
    if records.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "no_records",
            "Send at least one usage record.",
        ));
    }
    if records.len() > MAX_RECORDS_PER_CALL {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "too_many_records",
            format!(
                "Send at most {MAX_RECORDS_PER_CALL} records per call ({} sent).",
                records.len()
            ),
        ));
    }
    let results = store(
        pool,
        &id,
        &offering.document.plans,
        &records,
        Source::Api,
        &principal.user_id,
    )
    .await?;
    let stored = results.iter().filter(|r| r.stored()).count();
    let all = |status: u16| results.iter().all(|r| r.status == status);
    let status = if all(201) {
        StatusCode::CREATED
    } else if all(409) {
        StatusCode::CONFLICT
    } else if all(422) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::MULTI_STATUS
    };
    Ok((status, Json(UsageResponse { stored, results })).into_response())
}
