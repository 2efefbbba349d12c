//! Service brokers: register, update, delete, validate, smoke test / conformance runs.
//! Credentials are write-only: no answer carries them.

use super::{Api, ApiError, Body};
use app::brokers::service::{self, BrokerInput};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct BrokerIn {
    pub name: String,
    /// The broker's base URL (https; loopback only in development mode).
    pub url: String,
    /// `basic` or `bearer`.
    pub auth_kind: String,
    /// For `basic`.
    pub username: String,
    /// Password or bearer token; write-only. On update, empty keeps the stored one.
    pub secret: String,
    /// OSB API version: 2.12 … 2.17.
    pub api_version: String,
    pub locations: Vec<String>,
    /// On update: the broker's `version` as last read (optimistic concurrency).
    pub version: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BrokerIdOut {
    pub broker_id: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RunIn {
    /// The plan to provision in the test.
    pub plan_id: String,
    /// `smoke` or `conformance`.
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunIdOut {
    pub run_id: String,
}

async fn save(
    api: &Api,
    id: String,
    broker_id: Option<String>,
    b: BrokerIn,
) -> Result<String, ApiError> {
    let input = BrokerInput {
        name: b.name,
        url: b.url,
        auth_kind: b.auth_kind,
        username: b.username,
        secret: b.secret,
        api_version: b.api_version,
        // As the form's field would carry them: trimmed, empty ones dropped.
        locations: BrokerInput::split_locations(&b.locations.join(",")),
        version: b.version,
    };
    Ok(service::save(&api.cx(), &id, broker_id.as_deref(), input).await?)
}

/// The offering's brokers with their last validation, smoke and conformance runs, and the
/// OSB catalog they should serve.
#[utoipa::path(get, path = "/api/v1/offerings/{id}/brokers", tag = "brokers", params(("id" = String, Path)),
    responses((status = 200, body = app::brokers::server::BrokersData), (status = 404, body = ApiError)))]
pub async fn list_brokers(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let data = service::load(&api.cx(), &id).await?;
    Ok(Json(data).into_response())
}

/// Registers a broker.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/brokers", tag = "brokers", params(("id" = String, Path)),
    request_body = BrokerIn,
    responses((status = 201, body = BrokerIdOut), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_broker(
    api: Api,
    Path(id): Path<String>,
    Body(b): Body<BrokerIn>,
) -> Result<Response, ApiError> {
    let broker_id = save(&api, id, None, b).await?;
    Ok((StatusCode::CREATED, Json(BrokerIdOut { broker_id })).into_response())
}

/// Updates a broker's registration.
#[utoipa::path(put, path = "/api/v1/offerings/{id}/brokers/{broker_id}", tag = "brokers",
    params(("id" = String, Path), ("broker_id" = String, Path)), request_body = BrokerIn,
    responses((status = 200, body = BrokerIdOut), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_broker(
    api: Api,
    Path((id, broker_id)): Path<(String, String)>,
    Body(b): Body<BrokerIn>,
) -> Result<Json<BrokerIdOut>, ApiError> {
    if broker_id.is_empty() {
        return Err(app::error::AppError::NotFound.into());
    }
    let broker_id = save(&api, id, Some(broker_id), b).await?;
    Ok(Json(BrokerIdOut { broker_id }))
}

/// Removes a broker.
#[utoipa::path(delete, path = "/api/v1/offerings/{id}/brokers/{broker_id}", tag = "brokers",
    params(("id" = String, Path), ("broker_id" = String, Path)),
    responses((status = 204), (status = 404, body = ApiError)))]
pub async fn delete_broker(
    api: Api,
    Path((id, broker_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    service::delete(&api.cx(), &id, &broker_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Fetches the broker's catalog now and compares it with the offering (waits for the result).
#[utoipa::path(post, path = "/api/v1/offerings/{id}/brokers/{broker_id}/validate", tag = "brokers",
    params(("id" = String, Path), ("broker_id" = String, Path)),
    responses((status = 200, body = app::brokers::server::RunView, description = "The validation run"), (status = 404, body = ApiError)))]
pub async fn validate_broker(
    api: Api,
    Path((id, broker_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let run = service::validate(&api.cx(), &id, &broker_id).await?;
    Ok(Json(run).into_response())
}

/// Starts a smoke test or conformance run in the background; poll `GET …/runs/{run_id}`.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/brokers/{broker_id}/runs", tag = "brokers",
    params(("id" = String, Path), ("broker_id" = String, Path)), request_body = RunIn,
    responses((status = 202, body = RunIdOut), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn start_run(
    api: Api,
    Path((id, broker_id)): Path<(String, String)>,
    Body(r): Body<RunIn>,
) -> Result<Response, ApiError> {
    let run_id = service::start_run(&api.cx(), &id, &broker_id, &r.plan_id, &r.kind).await?;
    Ok((StatusCode::ACCEPTED, Json(RunIdOut { run_id })).into_response())
}

/// A run as stored so far (`status`: running, passed or failed).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/runs/{run_id}", tag = "brokers",
    params(("id" = String, Path), ("run_id" = String, Path)),
    responses((status = 200, body = app::brokers::server::RunView), (status = 404, body = ApiError)))]
pub async fn get_run(
    api: Api,
    Path((id, run_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let run = service::load_run(&api.cx(), &id, &run_id).await?;
    Ok(Json(run).into_response())
}
