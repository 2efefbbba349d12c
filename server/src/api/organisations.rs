//! Provider organisations and their members (SPEC §1): every member may read the member list
//! of their organisations; admins see every organisation, create them and set memberships, as
//! the console's admin page does.

use super::{Api, ApiError, Body};
use app::admin::server::AdminOrganisation;
use app::admin::service;
use app::error::AppError;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One member of an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberOut {
    pub email: String,
    /// owner, editor or viewer.
    pub role: String,
}

/// An organisation with its members (by e-mail).
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationOut {
    pub id: String,
    pub name: String,
    pub members: Vec<MemberOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationList {
    /// By name.
    pub items: Vec<OrganisationOut>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateOrganisationIn {
    /// 1 to 80 characters, unique on the platform.
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SetMemberIn {
    /// The e-mail of an existing user.
    pub email: String,
    /// owner, editor or viewer.
    pub role: String,
}

/// A membership as it stands after the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipOut {
    pub organisation_id: String,
    pub user_id: String,
    pub email: String,
    /// owner, editor or viewer.
    pub role: String,
    /// The role the user had there before; absent when they were not a member.
    pub previous_role: Option<String>,
}

fn organisation_out(o: AdminOrganisation) -> OrganisationOut {
    OrganisationOut {
        id: o.id,
        name: o.name,
        members: o
            .members
            .into_iter()
            .map(|(email, role)| MemberOut {
                email,
                role: role.as_str().to_owned(),
            })
            .collect(),
    }
}

/// The organisations the caller may see, with their members: every one for an admin, else
/// those the caller belongs to (in any role).
#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations",
    responses((status = 200, body = OrganisationList), (status = 401, body = ApiError)))]
pub async fn list_organisations(api: Api) -> Result<Json<OrganisationList>, ApiError> {
    let items = service::organisations(&api.cx()).await?;
    Ok(Json(OrganisationList {
        items: items.into_iter().map(organisation_out).collect(),
    }))
}

/// Creates an organisation with no members (admins only).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations",
    request_body = CreateOrganisationIn,
    responses((status = 201, body = OrganisationOut), (status = 403, body = ApiError),
        (status = 422, body = ApiError)))]
pub async fn create_organisation(
    api: Api,
    Body(input): Body<CreateOrganisationIn>,
) -> Result<Response, ApiError> {
    let created = service::create_organisation(&api.cx(), &input.name).await?;
    Ok((StatusCode::CREATED, Json(organisation_out(created))).into_response())
}

/// Adds an existing user to the organisation, or changes their role there (admins only).
#[utoipa::path(put, path = "/api/v1/organisations/{id}/members", tag = "organisations",
    params(("id" = String, Path)), request_body = SetMemberIn,
    responses((status = 200, body = MembershipOut), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn set_member(
    api: Api,
    Path(id): Path<String>,
    Body(input): Body<SetMemberIn>,
) -> Result<Json<MembershipOut>, ApiError> {
    let set = service::set_member(&api.cx(), &id, &input.email, &input.role)
        .await
        .map_err(|e| match e {
            // The form names the organisation as a field; here it is the path: no such resource.
            AppError::Invalid(fields) if fields.iter().any(|f| f.field == "organisation_id") => {
                AppError::NotFound
            }
            other => other,
        })?;
    Ok(Json(MembershipOut {
        organisation_id: set.organisation_id,
        user_id: set.user_id,
        email: set.email,
        role: set.role.as_str().to_owned(),
        previous_role: set.previous.map(|r| r.as_str().to_owned()),
    }))
}
