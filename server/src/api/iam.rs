//! IAM integration of an offering: its settings (in the versioned document) and its dashboard
//! SSO client, whose secret is answered once, when it is made.

use super::ctx::if_match;
use super::offerings::{saved, with_etag, VersionOut};
use super::{Api, ApiError, Body};
use app::iam::service;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// IAM integration: settings (issuer, redirect URIs, roles, actions, grants) and the SSO
/// client (never its secret).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/iam", tag = "iam", params(("id" = String, Path)),
    responses((status = 200, body = app::iam::server::IamData, headers(("ETag" = String))), (status = 404, body = ApiError)))]
pub async fn get_iam(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let data = service::load(&api.cx(), &id).await?;
    Ok(with_etag(data.version, StatusCode::OK, data))
}

/// Replaces the IAM settings: `{enabled, issuer, redirect_uris, custom_roles, actions,
/// grants: [[role, action], …]}`.
#[utoipa::path(put, path = "/api/v1/offerings/{id}/iam", tag = "iam",
    params(("id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = app::iam::server::IamInput,
    responses((status = 200, body = VersionOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_iam(
    api: Api,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(input): Body<app::iam::server::IamInput>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::save(&api.cx(), &id, version, input).await?;
    Ok(saved(version))
}

/// Creates the offering's dashboard SSO client. The answer carries the client secret: it is
/// shown this once and stored only as a hash.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/iam/client", tag = "iam", params(("id" = String, Path)),
    responses((status = 201, body = app::iam::server::SecretShown),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn create_sso_client(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let shown = service::create_client(&api.cx(), &id).await?;
    Ok((StatusCode::CREATED, Json(shown)).into_response())
}

/// Rotates the SSO client secret; the previous one stays valid for 24 hours. The new secret is
/// shown this once.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/iam/client/rotate", tag = "iam", params(("id" = String, Path)),
    responses((status = 200, body = app::iam::server::SecretShown),
        (status = 404, body = ApiError)))]
pub async fn rotate_sso_secret(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let shown = service::rotate_secret(&api.cx(), &id).await?;
    Ok(Json(shown).into_response())
}
