//! The members of an organisation as its owners manage them (SPEC §1): any member reads the
//! list; owners invite by e-mail, change roles, remove members and withdraw invitations; the
//! organisation keeps an owner (409). Thin adapters over `app::members::service`.

use super::{Api, ApiError, Body};
use app::domain::members::MemberChange;
use app::members::server::OrganisationMembers;
use app::members::service::{self, Invited};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteIn {
    pub email: String,
    /// owner, editor or viewer.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InviteOut {
    /// `true`: a user with this address is a member now; `false`: the invitation waits for
    /// their first sign-in.
    pub joined: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleIn {
    /// owner, editor or viewer.
    pub role: String,
}

/// The organisation's members and pending invitations (any member).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/members", tag = "organisations",
    params(("id" = String, Path)),
    responses((status = 200, body = OrganisationMembers), (status = 404, body = ApiError)))]
pub async fn list_members(api: Api, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(Json(service::one(&api.cx(), &id).await?).into_response())
}

/// Invites someone by e-mail (owners): a user with that address joins at once (201
/// `joined: true`), anyone else at their first sign-in (`joined: false`).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/invitations", tag = "organisations",
    params(("id" = String, Path)), request_body = InviteIn,
    responses((status = 201, body = InviteOut), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 422, body = ApiError)))]
pub async fn invite(
    api: Api,
    Path(id): Path<String>,
    Body(input): Body<InviteIn>,
) -> Result<Response, ApiError> {
    let role = service::parse_role(&input.role)?;
    let invited = service::invite(&api.cx(), &id, &input.email, role).await?;
    let joined = invited == Invited::Joined;
    Ok((StatusCode::CREATED, Json(InviteOut { joined })).into_response())
}

/// Withdraws an invitation not taken yet (owners).
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/invitations/{email}", tag = "organisations",
    params(("id" = String, Path), ("email" = String, Path)),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn cancel_invitation(
    api: Api,
    Path((id, email)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    service::cancel_invitation(&api.cx(), &id, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes a member's role (owners); the last owner cannot be demoted (409).
#[utoipa::path(put, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "organisations",
    params(("id" = String, Path), ("user_id" = String, Path)), request_body = RoleIn,
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn put_member(
    api: Api,
    Path((id, user_id)): Path<(String, String)>,
    Body(input): Body<RoleIn>,
) -> Result<StatusCode, ApiError> {
    let role = service::parse_role(&input.role)?;
    service::change(&api.cx(), &id, &user_id, MemberChange::SetRole(role)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member (owners); the last owner cannot be removed (409).
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "organisations",
    params(("id" = String, Path), ("user_id" = String, Path)),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError)))]
pub async fn delete_member(
    api: Api,
    Path((id, user_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    service::change(&api.cx(), &id, &user_id, MemberChange::Remove).await?;
    Ok(StatusCode::NO_CONTENT)
}
