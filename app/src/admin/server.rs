//! Server functions of the admin page: thin adapters over `admin::service` (which starts
//! each with `cx.require(Need::Admin)`).

use crate::domain::access::OrgRole;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub is_reviewer: bool,
    pub sign_in: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOrganisation {
    pub id: String,
    pub name: String,
    pub members: Vec<(String, OrgRole)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub users: Vec<AdminUser>,
    pub organisations: Vec<AdminOrganisation>,
}

#[server]
pub async fn load_admin_overview() -> Result<AdminOverview, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::overview(&cx).await
}

#[server]
pub async fn create_user(
    email: String,
    display_name: String,
    password: String,
    reviewer: Option<String>,
) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let new = super::service::NewAccount {
        email,
        display_name,
        password,
        is_reviewer: reviewer.is_some(),
    };
    super::service::create_user(&cx, new).await.map(drop)
}

#[server]
pub async fn set_reviewer_role(user_id: String, reviewer: bool) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::set_reviewer(&cx, &user_id, reviewer).await
}

#[server]
pub async fn create_organisation(name: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::create_organisation(&cx, &name)
        .await
        .map(drop)
}

#[server]
pub async fn add_member(
    organisation_id: String,
    email: String,
    role: String,
) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::set_member(&cx, &organisation_id, &email, &role)
        .await
        .map(drop)
}
