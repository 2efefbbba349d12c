//! An offering's plans: the same shape is read (`GET`) and written (`POST`, `PUT`); a plan sent
//! whole runs the plan form's rules (`PlanInput::from_plan_exact`), so a price finer than the
//! currency's minor units is refused, never rounded.

use super::ctx::if_match;
use super::offerings::{saved, with_etag, VersionOut};
use super::{Api, ApiError, Body};
use app::domain::parameters::{Parameter, ParameterInput};
use app::domain::plan::{Plan, PlanInput};
use app::domain::pricing::Estimate;
use app::error::AppError;
use app::plans::service;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSavedOut {
    pub version: i64,
    pub plan_id: String,
}

/// The offering's plans, in catalog order, with their metrics and prices.
#[utoipa::path(get, path = "/api/v1/offerings/{id}/plans", tag = "plans", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Plan>, headers(("ETag" = String))), (status = 404, body = ApiError)))]
pub async fn list_plans(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let view = app::offerings::service::load(&api.cx(), &id).await?;
    Ok(with_etag(view.version, StatusCode::OK, view.document.plans))
}

/// Adds a plan: the shape `GET …/plans` answers (its `id` is assigned here; one sent is ignored).
#[utoipa::path(post, path = "/api/v1/offerings/{id}/plans", tag = "plans",
    params(("id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = Plan,
    responses((status = 201, body = PlanSavedOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn create_plan(
    api: Api,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(plan): Body<Plan>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let input = PlanInput::from_plan_exact(&plan);
    let whole = service::Schedule::Whole(plan.price_changes);
    let s = service::save_plan(&api.cx(), &id, version, None, input, whole).await?;
    Ok(with_etag(
        s.version,
        StatusCode::CREATED,
        PlanSavedOut {
            version: s.version,
            plan_id: s.plan_id,
        },
    ))
}

/// Replaces a plan: the shape `GET …/plans` answers (an `id` sent must be the path's).
#[utoipa::path(put, path = "/api/v1/offerings/{id}/plans/{plan_id}", tag = "plans",
    params(("id" = String, Path), ("plan_id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = Plan,
    responses((status = 200, body = PlanSavedOut), (status = 404, body = ApiError), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_plan(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
    headers: HeaderMap,
    Body(plan): Body<Plan>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    if plan_id.is_empty() {
        return Err(AppError::NotFound.into());
    }
    if !plan.id.is_empty() && plan.id != plan_id {
        return Err(AppError::invalid("id", "The plan's `id` is not the one in the path.").into());
    }
    let input = PlanInput::from_plan_exact(&plan);
    let whole = service::Schedule::Whole(plan.price_changes);
    let s = service::save_plan(&api.cx(), &id, version, Some(&plan_id), input, whole).await?;
    Ok(with_etag(
        s.version,
        StatusCode::OK,
        PlanSavedOut {
            version: s.version,
            plan_id: s.plan_id,
        },
    ))
}

/// Deletes a plan (not the last plan of a listed offering).
#[utoipa::path(delete, path = "/api/v1/offerings/{id}/plans/{plan_id}", tag = "plans",
    params(("id" = String, Path), ("plan_id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    responses((status = 200, body = VersionOut), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 412, body = ApiError), (status = 428, body = ApiError)))]
pub async fn delete_plan(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::delete_plan(&api.cx(), &id, version, &plan_id).await?;
    Ok(saved(version))
}

/// Cancels a plan's price change starting on `effective` (`YYYY-MM-DD`). On a released
/// offering a change already in force is history (422); the working copy's change goes
/// through review like any other. `PUT …/plans/{plan_id}` replaces the whole list.
#[utoipa::path(delete, path = "/api/v1/offerings/{id}/plans/{plan_id}/price-changes/{effective}", tag = "plans",
    params(("id" = String, Path), ("plan_id" = String, Path), ("effective" = String, Path, description = "The change's first day, YYYY-MM-DD"), ("If-Match" = String, Header, description = "The offering's ETag")),
    responses((status = 200, body = VersionOut), (status = 404, body = ApiError), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn cancel_price_change(
    api: Api,
    Path((id, plan_id, effective)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version =
        service::cancel_price_change(&api.cx(), &id, version, &plan_id, &effective).await?;
    Ok(saved(version))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ParametersIn {
    /// The plan's whole list of create-time parameters, in order (the shape `GET …/plans`
    /// answers in each plan's `parameters`); an empty list removes them all.
    pub parameters: Vec<Parameter>,
}

/// Replaces a plan's create-time parameters (what a customer gives when creating an instance),
/// checked by the same rules as the page; they are exported as the plan's
/// `schemas.service_instance.create.parameters`. `PUT …/plans/{plan_id}` keeps them as they are.
#[utoipa::path(put, path = "/api/v1/offerings/{id}/plans/{plan_id}/parameters", tag = "plans",
    params(("id" = String, Path), ("plan_id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = ParametersIn,
    responses((status = 200, body = VersionOut), (status = 404, body = ApiError), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_parameters(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
    headers: HeaderMap,
    Body(body): Body<ParametersIn>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let inputs: Vec<ParameterInput> = body.parameters.iter().map(ParameterInput::of).collect();
    let version = service::save_parameters(&api.cx(), &id, version, &plan_id, &inputs).await?;
    Ok(saved(version))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EstimateIn {
    /// Metric id → quantity used in the period (a decimal string), e.g. `{"API_CALLS": "25000"}`.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub usage: BTreeMap<String, Decimal>,
    /// Rate at the prices in force on this day (`YYYY-MM-DD`, UTC); today when absent.
    #[serde(default)]
    pub on: Option<String>,
}

/// What the plan would charge for a period's usage, per currency, line by line: the estimator
/// of the plan editor and the catalog.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/plans/{plan_id}/estimate", tag = "plans",
    params(("id" = String, Path), ("plan_id" = String, Path)), request_body = EstimateIn,
    responses((status = 200, body = Estimate), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn estimate(
    api: Api,
    Path((id, plan_id)): Path<(String, String)>,
    Body(input): Body<EstimateIn>,
) -> Result<Json<Estimate>, ApiError> {
    Ok(Json(
        service::estimate(&api.cx(), &id, &plan_id, &input.usage, input.on.as_deref()).await?,
    ))
}
