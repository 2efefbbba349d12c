//! The caller's own account: who they are, their organisations and their notifications.

use super::{Api, ApiError};
use app::notifications::server::Inbox;
use app::notifications::service;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// One organisation the caller belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipOut {
    pub organisation_id: String,
    pub organisation_name: String,
    /// owner, editor or viewer.
    pub role: String,
}

/// The caller: who they are, their platform roles and organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub is_reviewer: bool,
    pub memberships: Vec<MembershipOut>,
    /// `read` or `write` for a token; absent for a session.
    pub token_scope: Option<String>,
}

/// Who the token (or session) belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, body = MeOut), (status = 401, body = ApiError)))]
pub async fn me(api: Api) -> Json<MeOut> {
    let p = api.caller.principal.clone();
    Json(MeOut {
        user_id: p.user_id,
        email: p.email,
        display_name: p.display_name,
        is_admin: p.is_admin,
        is_reviewer: p.is_reviewer,
        memberships: p
            .memberships
            .into_iter()
            .map(|m| MembershipOut {
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_name,
                role: m.role.as_str().to_owned(),
            })
            .collect(),
        token_scope: api.caller.scope.map(|s| s.as_str().to_owned()),
    })
}

/// The caller's latest notifications, newest first, and how many are unread.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "account",
    responses((status = 200, body = Inbox), (status = 401, body = ApiError)))]
pub async fn notifications(api: Api) -> Result<Json<Inbox>, ApiError> {
    Ok(Json(service::inbox(&api.cx()).await?))
}

/// How many notifications were marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedOut {
    pub marked: u64,
}

/// Marks all the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "account",
    responses((status = 200, body = MarkedOut), (status = 401, body = ApiError)))]
pub async fn mark_read(api: Api) -> Result<Json<MarkedOut>, ApiError> {
    let marked = service::mark_read(&api.cx()).await?;
    Ok(Json(MarkedOut { marked }))
}
