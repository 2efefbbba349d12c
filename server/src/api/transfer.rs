//! Import and export of an offering as one JSON document (no secrets).

use super::{Api, ApiError, Query};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true`: only list what would change (the default is `false`).
    pub dry_run: Option<bool>,
    /// The organisation of a new offering; may be left out when the caller edits in only one.
    pub organisation_id: Option<String>,
}

/// The offering as one document: `{format: "rmc.offering/v1", id, name, document, icon?}`
/// (`icon`: `{content_type, data_base64}`, when the offering has one).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/export", tag = "import/export", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiError)))]
pub async fn export_offering(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let export = api
        .run(app::offerings::transfer::export_offering(id))
        .await?;
    let disposition = format!("attachment; filename=\"{}.json\"", export.name);
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(export)).into_response())
}

/// The OSB catalog (`/v2/catalog` body) the offering's broker should serve, built from the
/// console's definition: `imageUrl` at the icon's public address once the offering may be
/// seen, the tags and the OSB flags from Basics. 409 for an offering without plans (an OSB
/// service needs at least one).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/broker-catalog", tag = "import/export", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn export_broker_catalog(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let catalog = api
        .run(app::offerings::transfer::export_broker_catalog(id))
        .await?;
    Ok(Json(catalog).into_response())
}

/// Imports an offering document: creates a draft, or updates the caller's draft with the same
/// id (or name). `dry_run=true` lists the changes and changes nothing. An invalid document is
/// a 422 with one entry per field and changes nothing.
#[utoipa::path(post, path = "/api/v1/offerings/import", tag = "import/export", params(ImportParams),
    request_body = Object,
    responses((status = 200, body = Object, description = "Dry run, or an update"),
        (status = 201, body = Object, description = "Created"),
        (status = 400, body = ApiError), (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn import_offering(
    api: Api,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let document: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The body is not JSON: {e}."),
        )
    })?;
    let dry_run = params.dry_run.unwrap_or(false);
    let outcome = api
        .run(app::offerings::transfer::import_offering(
            document,
            dry_run,
            params.organisation_id,
        ))
        .await?;
    let status = if !dry_run && outcome.action == "create" {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(outcome)).into_response())
}
