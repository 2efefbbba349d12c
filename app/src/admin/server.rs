//! Server functions of the admin page; each starts with `cx.require(Need::Admin)`.

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
    use crate::auth::db;
    use crate::domain::access::Need;
    cx.require(Need::Admin).await?;
    let pool = cx.pool().clone();
    let users = db::list_users(&pool)
        .await?
        .into_iter()
        .map(|u| AdminUser {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            is_admin: u.is_admin,
            is_reviewer: u.is_reviewer,
            sign_in: u.sign_in,
        })
        .collect();
    let mut organisations: Vec<AdminOrganisation> = Vec::new();
    for row in db::list_organisations(&pool).await? {
        if organisations.last().map(|o| &o.id) != Some(&row.organisation_id) {
            organisations.push(AdminOrganisation {
                id: row.organisation_id.clone(),
                name: row.organisation_name.clone(),
                members: Vec::new(),
            });
        }
        if let (Some(email), Some(role), Some(org)) =
            (row.user_email, row.role, organisations.last_mut())
        {
            if let Ok(role) = role.parse() {
                org.members.push((email, role));
            }
        }
    }
    Ok(AdminOverview {
        users,
        organisations,
    })
}

#[server]
pub async fn create_user(
    email: String,
    display_name: String,
    password: String,
    reviewer: Option<String>,
) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    use crate::auth::{db, session::hash_password};
    use crate::domain::{access::Need, account};
    let admin = cx.require(Need::Admin).await?;
    let mut errors = Vec::new();
    for (field, check) in [
        ("email", account::validate_email(&email)),
        (
            "display_name",
            account::validate_display_name(&display_name),
        ),
        ("password", account::validate_new_password(&password)),
    ] {
        if let Err(message) = check {
            errors.push(crate::error::FieldError {
                field: field.into(),
                message: message.into(),
                problem: None,
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let pool = cx.pool().clone();
    let hash = hash_password(&password)?;
    let is_reviewer = reviewer.is_some();
    let id = db::insert_user(
        &pool,
        db::NewUser {
            email: &email,
            display_name: display_name.trim(),
            password_hash: Some(&hash),
            oidc: None,
            is_admin: false,
            is_reviewer,
        },
    )
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => {
            AppError::invalid("email", "A user with this e-mail already exists.")
        }
        other => other,
    })?;
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "user.create",
            subject_type: "user",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({ "email": email.trim(), "display_name": display_name.trim(), "is_reviewer": is_reviewer })),
            detail: "",
        },
    )
    .await?;
    Ok(())
}

#[server]
pub async fn set_reviewer_role(user_id: String, reviewer: bool) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    use crate::auth::db;
    use crate::domain::access::Need;
    let admin = cx.require(Need::Admin).await?;
    let pool = cx.pool().clone();
    if db::set_reviewer(&pool, &user_id, reviewer).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "user.set_reviewer",
            subject_type: "user",
            subject_id: Some(&user_id),
            before: Some(serde_json::json!({ "is_reviewer": !reviewer })),
            after: Some(serde_json::json!({ "is_reviewer": reviewer })),
            detail: "",
        },
    )
    .await?;
    Ok(())
}

#[server]
pub async fn create_organisation(name: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    use crate::auth::db;
    use crate::domain::access::Need;
    let admin = cx.require(Need::Admin).await?;
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Enter a name of 1 to 80 characters.",
        ));
    }
    let pool = cx.pool().clone();
    let id =
        db::insert_organisation(&pool, trimmed)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::invalid("name", "An organisation with this name already exists.")
                }
                other => other,
            })?;
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "organisation.create",
            subject_type: "organisation",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({ "name": trimmed })),
            detail: "",
        },
    )
    .await?;
    Ok(())
}

#[server]
pub async fn add_member(
    organisation_id: String,
    email: String,
    role: String,
) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    use crate::auth::db;
    use crate::domain::access::Need;
    let admin = cx.require(Need::Admin).await?;
    let role: OrgRole = role
        .parse()
        .map_err(|_| AppError::invalid("role", "Choose owner, editor or viewer."))?;
    let pool = cx.pool().clone();
    let Some(user) = db::find_user_by_email(&pool, &email).await? else {
        return Err(AppError::invalid(
            "email",
            "No user has this e-mail address.",
        ));
    };
    db::upsert_membership(&pool, &organisation_id, &user.id, role)
        .await
        .map_err(|_| AppError::invalid("organisation_id", "Choose an existing organisation."))?;
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "membership.set",
            subject_type: "organisation",
            subject_id: Some(&organisation_id),
            before: None,
            after: Some(serde_json::json!({ "user": user.email, "role": role })),
            detail: "",
        },
    )
    .await?;
    Ok(())
}
