//! The platform audit log (SPEC §6), for admins: filtered, cursor-paged, and as CSV. Thin
//! adapters over `app::platform_audit::service` (the same filter, rules and access check as
//! the `/admin/audit` page).

use super::{Api, ApiError, Query};
use app::domain::audit_filter::AuditQuery;
use app::platform_audit::server::AuditRow;
use app::platform_audit::service;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<u32>,
}

/// One page of the log, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPageOut {
    pub items: Vec<AuditRow>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The audit log of the whole platform, newest first, filtered by organisation, offering
/// (name or id), actor (part of the e-mail address), action (its code) and a range of days
/// (UTC, both included). Each item carries its changes field by field and its stored
/// `before`/`after` snapshots. Admins only.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery, PageParams),
    responses((status = 200, body = AuditPageOut), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 422, body = ApiError)))]
pub async fn list_audit(
    api: Api,
    Query(query): Query<AuditQuery>,
    Query(params): Query<PageParams>,
) -> Result<Response, ApiError> {
    let before = match params.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(decode_cursor(c)?),
        None => None,
    };
    let limit = params.limit.map_or(service::PAGE_SIZE, i64::from);
    if !(1..=service::MAX_LIMIT).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            "`limit` must be from 1 to 200.",
        ));
    }
    let page = service::page(&api.cx(), &query, before, limit, true).await?;
    let next_cursor = page.next.map(|n| format!("a{n}"));
    Ok(Json(AuditPageOut {
        items: page.rows,
        next_cursor,
    })
    .into_response())
}

/// Cursors are opaque: `a` and the last row's id.
fn decode_cursor(cursor: &str) -> Result<i64, ApiError> {
    cursor
        .strip_prefix('a')
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                "`cursor` is not valid.",
            )
        })
}

/// Every row the filter lets through as CSV (UTF-8, RFC 4180, newest first; cells a
/// spreadsheet would run as a formula start with `'`). The export is itself audited
/// (`audit.export`). Admins only.
#[utoipa::path(get, path = "/api/v1/audit/export.csv", tag = "audit", params(AuditQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ApiError),
        (status = 422, body = ApiError)))]
pub async fn export_audit(api: Api, Query(query): Query<AuditQuery>) -> Result<Response, ApiError> {
    let csv = service::export_csv(&api.cx(), &query).await?;
    let day = time::OffsetDateTime::now_utc().date();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"audit-{day}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv,
    )
        .into_response())
}
