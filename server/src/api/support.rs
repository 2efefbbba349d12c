//! The support model of an offering (SPEC §2): where customers reach the provider, when, in
//! which languages and how fast. Part of the versioned document; required for public
//! visibility.

use super::ctx::if_match;
use super::offerings::{saved, with_etag, VersionOut};
use super::{Api, ApiError, Body};
use app::domain::support::SupportModel;
use app::support::service;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// The support model, with what public visibility still needs of it (`missing`).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/support", tag = "support", params(("id" = String, Path)),
    responses((status = 200, body = app::support::service::SupportData, headers(("ETag" = String))), (status = 404, body = ApiError)))]
pub async fn get_support(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let data = service::load(&api.cx(), &id).await?;
    Ok(with_etag(data.version, StatusCode::OK, data))
}

/// Replaces the support model. `targets` are minutes per severity (`critical`, `high`,
/// `medium`, `low`), a more severe case answered at least as fast as a less severe one;
/// `coverage` is `always` or `business_hours` (then `days`, `opens`, `closes`, `time_zone`).
#[utoipa::path(put, path = "/api/v1/offerings/{id}/support", tag = "support",
    params(("id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = SupportModel,
    responses((status = 200, body = VersionOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_support(
    api: Api,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(model): Body<SupportModel>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::save(&api.cx(), &id, version, model).await?;
    Ok(saved(version))
}
