//! Import and export of an offering as one JSON document (no secrets).

use super::{Api, ApiError, Body, Query};
use app::offerings::transfer::{service, ImportOutcome, OfferingExport};
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

// The OSB catalog as the Open Service Broker API v2.17 describes it (`GET /v2/catalog`), for
// the document only: the body is built by `domain::broker_export`, and `server/tests/
// transfer.rs` validates what is served against a JSON Schema of the OSB spec.

/// An OSB catalog: the services a broker offers.
#[derive(Serialize, ToSchema)]
pub struct OsbCatalog {
    pub services: Vec<OsbService>,
}

/// An OSB service offering.
#[derive(Serialize, ToSchema)]
pub struct OsbService {
    pub id: String,
    pub name: String,
    pub description: String,
    pub bindable: bool,
    pub plan_updateable: bool,
    pub instances_retrievable: Option<bool>,
    pub bindings_retrievable: Option<bool>,
    pub tags: Option<Vec<String>>,
    /// `displayName`, `longDescription` and, once the offering may be seen, `imageUrl`.
    pub metadata: BTreeMap<String, String>,
    pub plans: Vec<OsbPlan>,
}

/// An OSB service plan.
#[derive(Serialize, ToSchema)]
pub struct OsbPlan {
    pub id: String,
    pub name: String,
    pub description: String,
    pub free: bool,
    pub bindable: Option<bool>,
    /// `displayName`, when the plan has one.
    pub metadata: Option<BTreeMap<String, String>>,
}

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
    responses((status = 200, body = OfferingExport), (status = 404, body = ApiError)))]
pub async fn export_offering(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let export = service::export(&api.cx(), &id).await?;
    let disposition = format!("attachment; filename=\"{}.json\"", export.name);
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(export)).into_response())
}

/// The OSB catalog (`/v2/catalog` body) the offering's broker should serve, built from the
/// console's definition: `imageUrl` at the icon's public address once the offering may be
/// seen, the tags and the OSB flags from Basics. 409 for an offering without plans (an OSB
/// service needs at least one).
#[utoipa::path(get, path = "/api/v1/offerings/{id}/broker-catalog", tag = "import/export", params(("id" = String, Path)),
    responses((status = 200, body = OsbCatalog), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn export_broker_catalog(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let catalog = service::broker_catalog(&api.cx(), &id).await?;
    Ok(Json(catalog).into_response())
}

/// Imports an offering document: creates a draft, or updates the caller's draft with the same
/// id (or name). `dry_run=true` lists the changes and changes nothing. An invalid document is
/// a 422 with one entry per field and changes nothing.
#[utoipa::path(post, path = "/api/v1/offerings/import", tag = "import/export", params(ImportParams),
    request_body = OfferingExport,
    responses((status = 200, body = ImportOutcome, description = "Dry run, or an update"),
        (status = 201, body = ImportOutcome, description = "Created"),
        (status = 400, body = ApiError), (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn import_offering(
    api: Api,
    Query(params): Query<ImportParams>,
    Body(export): Body<OfferingExport>,
) -> Result<Response, ApiError> {
    let dry_run = params.dry_run.unwrap_or(false);
    let outcome = service::import(&api.cx(), export, dry_run, params.organisation_id).await?;
    let status = if !dry_run && outcome.action == "create" {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(outcome)).into_response())
}
