//! Offerings, their document sections, plans, IAM settings and audit log.

use super::ctx::{etag, if_match};
use super::{Api, ApiError, Body, Query};
use app::domain::offering::{Announcement, Basics, CatalogText, OfferingDocument};
use app::offerings::service;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One offering in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingSummaryOut {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub organisation_name: String,
    /// draft, limited, in_review, public, deprecated or retired.
    pub state: String,
    /// Percent of the catalog fields filled.
    pub completion: u8,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingPage {
    pub items: Vec<OfferingSummaryOut>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 50).
    pub limit: Option<u32>,
    /// Only offerings in this state (draft, limited, in_review, public, deprecated, retired).
    pub state: Option<String>,
}

/// An offering with its whole document. `version` is also its `ETag`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingOut {
    pub id: String,
    pub name: String,
    pub organisation_name: String,
    pub state: String,
    pub version: i64,
    pub can_edit: bool,
    /// Basics, texts per language, announcement, plans (with metrics and prices), IAM.
    pub document: OfferingDocument,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateOfferingIn {
    pub organisation_id: String,
    /// `^[a-z][a-z0-9-]{1,62}[a-z0-9]$`, unique on the platform.
    pub name: String,
}

/// Answer of a write to an offering's document: its new version (also the new `ETag`).
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    pub version: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// The `next` of the previous page (older entries).
    pub before: Option<i64>,
}

pub(super) fn with_etag(version: i64, status: StatusCode, body: impl Serialize) -> Response {
    (status, [etag(version)], Json(body)).into_response()
}

fn offering_out(v: app::offerings::server::OfferingView) -> OfferingOut {
    OfferingOut {
        id: v.id,
        name: v.name,
        organisation_name: v.organisation_name,
        state: v.visibility.as_str().to_owned(),
        version: v.version,
        can_edit: v.can_edit,
        document: v.document,
    }
}

/// The offerings of the caller's organisations, by name.
#[utoipa::path(get, path = "/api/v1/offerings", tag = "offerings", params(ListParams),
    responses((status = 200, body = OfferingPage), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn list_offerings(
    api: Api,
    Query(params): Query<ListParams>,
) -> Result<Json<OfferingPage>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            "`limit` must be between 1 and 100.",
        ));
    }
    let state = match params.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<app::domain::visibility::Visibility>()
                .map_err(|_| {
                    ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                "`state` must be one of draft, limited, in_review, public, deprecated, retired.",
            )
                })?,
        ),
        None => None,
    };
    let after = match params.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(decode_cursor(c)?),
        None => None,
    };
    let data = service::dashboard(&api.cx()).await?;
    let mut rows: Vec<_> = data
        .offerings
        .into_iter()
        .filter(|o| state.is_none_or(|s| o.visibility == s))
        .filter(|o| after.as_ref().is_none_or(|a| &o.name > a))
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|o| encode_cursor(&o.name))
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|o| OfferingSummaryOut {
            id: o.id,
            name: o.name,
            display_name: o.display_name,
            organisation_name: o.organisation_name,
            state: o.visibility.as_str().to_owned(),
            completion: o.completion,
            updated_at: o.updated_at,
        })
        .collect();
    Ok(Json(OfferingPage { items, next_cursor }))
}

/// Cursors are opaque: the last name seen, hex-encoded.
fn encode_cursor(name: &str) -> String {
    name.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            "`cursor` is not valid.",
        )
    };
    if !cursor.len().is_multiple_of(2) || cursor.len() > 256 {
        return Err(bad());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    String::from_utf8(bytes).map_err(|_| bad())
}

/// Creates a draft offering in an organisation where the caller is an editor or owner.
#[utoipa::path(post, path = "/api/v1/offerings", tag = "offerings", request_body = CreateOfferingIn,
    responses((status = 201, body = OfferingOut, headers(("ETag" = String))), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_offering(
    api: Api,
    Body(input): Body<CreateOfferingIn>,
) -> Result<Response, ApiError> {
    let cx = api.cx();
    let id = service::create(&cx, &input.organisation_id, &input.name).await?;
    let view = service::load(&cx, &id).await?;
    Ok(with_etag(
        view.version,
        StatusCode::CREATED,
        offering_out(view),
    ))
}

/// An offering of the caller's organisations (404 for others').
#[utoipa::path(get, path = "/api/v1/offerings/{id}", tag = "offerings", params(("id" = String, Path)),
    responses((status = 200, body = OfferingOut, headers(("ETag" = String))), (status = 404, body = ApiError)))]
pub async fn get_offering(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    let view = service::load(&api.cx(), &id).await?;
    Ok(with_etag(view.version, StatusCode::OK, offering_out(view)))
}

/// Deletes a draft (offerings that were ever visible stay on record: 409).
#[utoipa::path(delete, path = "/api/v1/offerings/{id}", tag = "offerings", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn delete_offering(api: Api, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    service::delete(&api.cx(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) fn saved(version: i64) -> Response {
    with_etag(version, StatusCode::OK, VersionOut { version })
}

/// Replaces the basics (category, tags, regions, links, OSB flags).
#[utoipa::path(put, path = "/api/v1/offerings/{id}/basics", tag = "offerings",
    params(("id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = Basics,
    responses((status = 200, body = VersionOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_basics(
    api: Api,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(basics): Body<Basics>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::save_basics(&api.cx(), &id, version, basics).await?;
    Ok(saved(version))
}

/// Replaces the catalog text of one language (`en`, `de`, `es`, `fr`, `it`, `pt-BR`, `ja`).
#[utoipa::path(put, path = "/api/v1/offerings/{id}/texts/{lang}", tag = "offerings",
    params(("id" = String, Path), ("lang" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = CatalogText,
    responses((status = 200, body = VersionOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_text(
    api: Api,
    Path((id, lang)): Path<(String, String)>,
    headers: HeaderMap,
    Body(text): Body<CatalogText>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::save_text(&api.cx(), &id, version, &lang, text).await?;
    Ok(saved(version))
}

/// Removes the text of a language other than English.
#[utoipa::path(delete, path = "/api/v1/offerings/{id}/texts/{lang}", tag = "offerings",
    params(("id" = String, Path), ("lang" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    responses((status = 200, body = VersionOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn delete_text(
    api: Api,
    Path((id, lang)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::remove_language(&api.cx(), &id, version, &lang).await?;
    Ok(saved(version))
}

/// Replaces the marketing announcement.
#[utoipa::path(put, path = "/api/v1/offerings/{id}/announcement", tag = "offerings",
    params(("id" = String, Path), ("If-Match" = String, Header, description = "The offering's ETag")),
    request_body = Announcement,
    responses((status = 200, body = VersionOut), (status = 412, body = ApiError), (status = 422, body = ApiError), (status = 428, body = ApiError)))]
pub async fn put_announcement(
    api: Api,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(announcement): Body<Announcement>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let version = service::save_announcement(&api.cx(), &id, version, announcement).await?;
    Ok(saved(version))
}

/// The offering's audit log, newest first, 20 entries a page.
#[utoipa::path(get, path = "/api/v1/offerings/{id}/audit", tag = "offerings",
    params(("id" = String, Path), AuditParams),
    responses((status = 200, body = app::offerings::server::HistoryPage), (status = 404, body = ApiError)))]
pub async fn get_audit(
    api: Api,
    Path(id): Path<String>,
    Query(params): Query<AuditParams>,
) -> Result<Response, ApiError> {
    let page = service::history(&api.cx(), &id, params.before).await?;
    Ok(Json(page).into_response())
}

/// The bytes of an SVG or PNG file (documentation only: the handler reads the raw body).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)] // never built: it only names the body's schema
pub struct IconFile(Vec<u8>);

/// Replaces the offering's icon: the body is the SVG (≤ 100 KB) or PNG (≤ 256 KB) file itself.
/// An SVG is stored cleaned: only drawing elements and attributes are kept, references only
/// to `#fragments`; what was removed is listed in the offering's audit entry.
#[utoipa::path(put, path = "/api/v1/offerings/{id}/icon", tag = "offerings", params(("id" = String, Path)),
    request_body(content((IconFile = "image/svg+xml"), (IconFile = "image/png"))),
    responses((status = 204), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn put_icon(
    api: Api,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let too_big = body.len() > app::domain::icon::MAX_PNG_BYTES;
    // What was removed is in the audit entry; the answer stays 204.
    let _removed = app::offerings::media::save_icon(&api.cx(), &id, &body, too_big).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DuplicateIn {
    /// The copy's name: `^[a-z][a-z0-9-]{1,62}[a-z0-9]$`, unique on the platform.
    pub name: String,
}

/// Copies an offering (document and icon) into a new draft of the same organisation.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/duplicate", tag = "offerings",
    params(("id" = String, Path)), request_body = DuplicateIn,
    responses((status = 201, body = OfferingOut, headers(("ETag" = String))), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn duplicate_offering(
    api: Api,
    Path(id): Path<String>,
    Body(input): Body<DuplicateIn>,
) -> Result<Response, ApiError> {
    let cx = api.cx();
    let copy = service::duplicate(&cx, &id, &input.name).await?;
    let view = service::load(&cx, &copy).await?;
    Ok(with_etag(
        view.version,
        StatusCode::CREATED,
        offering_out(view),
    ))
}
