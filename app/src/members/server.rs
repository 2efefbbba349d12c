//! Server functions of the Members page: thin adapters over `members::service`.

use crate::domain::access::OrgRole;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Member {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "editor"))]
    pub role: OrgRole,
}

/// Someone invited who has no account yet; taken at their first sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub email: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "viewer"))]
    pub role: OrgRole,
    pub invited_at: String,
    pub invited_by: Option<String>,
}

/// One organisation's members as the caller sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrganisationMembers {
    pub id: String,
    pub name: String,
    /// The caller's own role: owners may change the list.
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "owner"))]
    pub my_role: OrgRole,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
}

#[server]
pub async fn load_members() -> Result<Vec<OrganisationMembers>, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::mine(&cx).await
}

#[server]
pub async fn invite_member(
    organisation_id: String,
    email: String,
    role: String,
) -> Result<bool, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let role = super::service::parse_role(&role)?;
    super::service::invite(&cx, &organisation_id, &email, role)
        .await
        .map(|joined| joined == super::service::Invited::Joined)
}

#[server]
pub async fn change_member_role(
    organisation_id: String,
    user_id: String,
    role: String,
) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let role = super::service::parse_role(&role)?;
    let change = crate::domain::members::MemberChange::SetRole(role);
    super::service::change(&cx, &organisation_id, &user_id, change).await
}

#[server]
pub async fn remove_member(organisation_id: String, user_id: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let change = crate::domain::members::MemberChange::Remove;
    super::service::change(&cx, &organisation_id, &user_id, change).await
}

#[server]
pub async fn cancel_invitation(organisation_id: String, email: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::cancel_invitation(&cx, &organisation_id, &email).await
}
