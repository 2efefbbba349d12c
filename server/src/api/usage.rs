//! `POST /api/v1/offerings/{id}/usage`: usage records for an offering's plans (SPEC §11).
//! At most 100 records a call; each is answered on its own: 201 stored, 409 duplicate,
//! 422 refused with reasons. The call answers 201 when all were stored, 409 when all were
//! duplicates, 422 when none could be stored for other reasons, else 207.

use super::{Api, ApiError};
use app::domain::access::OrgRole;
use app::domain::usage::{UsageRecord, MAX_RECORDS_PER_CALL};
use app::offerings::access::offering_on;
use app::plans::db::Source;
use app::plans::usage::{store, RecordResult};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UsageResponse {
    pub stored: usize,
    /// One answer per record, in order: `status` 201, 409 or 422 with reasons.
    #[schema(value_type = Vec<Object>)]
    pub results: Vec<RecordResult>,
}

/// Reports usage records (at most 100 a call) for the offering's plans.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/usage", tag = "usage", params(("id" = String, Path)),
    request_body(content = Vec<Object>, description = "Usage records: `{id, plan_id, metric, quantity, start, end, …}`"),
    responses((status = 201, body = UsageResponse, description = "All stored"),
        (status = 207, body = UsageResponse, description = "Some stored"),
        (status = 409, body = UsageResponse, description = "All duplicates"),
        (status = 422, body = UsageResponse, description = "None could be stored"),
        (status = 400, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn post_usage(
    api: Api,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let pool = api.pool();
    let principal = api.caller.principal.clone();
    let offering = offering_on(pool, &principal, api.path(), &id, OrgRole::Editor).await?;
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
