//! The platform administration operations (users, organisations, memberships, the reviewer
//! role), for the admin page's server functions and the REST API alike. Each does, in order:
//! the access check (`Need::Admin`, refusals audited), the validation, one write transaction
//! holding the change and its audit row.

use super::server::{AdminOrganisation, AdminOverview, AdminUser};
use crate::audit::{self, AuditEntry};
use crate::auth::db;
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole};
use crate::domain::account;
use crate::error::{AppError, FieldError};

/// A new local account, as the admin page's form gives it.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub is_reviewer: bool,
}

/// A membership as it stands after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSet {
    pub organisation_id: String,
    pub user_id: String,
    pub email: String,
    pub role: OrgRole,
    /// The role the user had in the organisation before, if any.
    pub previous: Option<OrgRole>,
}

/// The role a form or body names, or the form's field error on `role`.
pub fn parse_role(role: &str) -> Result<OrgRole, AppError> {
    role.trim()
        .parse()
        .map_err(|_| AppError::invalid("role", "Choose owner, editor or viewer."))
}

/// A unique violation becomes a field error on `field`; anything else passes through.
fn taken(field: &'static str, message: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| match AppError::from(e) {
        AppError::Conflict(_) => AppError::invalid(field, message),
        other => other,
    }
}

/// Every organisation with its members, by name (members by e-mail).
async fn all_organisations(cx: &Ctx) -> Result<Vec<AdminOrganisation>, AppError> {
    let mut organisations: Vec<AdminOrganisation> = Vec::new();
    for row in db::list_organisations(cx.pool()).await? {
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
    Ok(organisations)
}

/// The admin page: every user and every organisation with its members.
pub async fn overview(cx: &Ctx) -> Result<AdminOverview, AppError> {
    cx.require(Need::Admin).await?;
    let users = db::list_users(cx.pool())
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
    Ok(AdminOverview {
        users,
        organisations: all_organisations(cx).await?,
    })
}

/// The organisations the caller may see with their members: every one for an admin, else
/// those the caller belongs to (any role: the member list is a read, SPEC §1).
pub async fn organisations(cx: &Ctx) -> Result<Vec<AdminOrganisation>, AppError> {
    let principal = cx.require(Need::SignedIn).await?;
    let mut organisations = all_organisations(cx).await?;
    if !principal.is_admin {
        organisations.retain(|o| principal.role_in(&o.id).is_some());
    }
    Ok(organisations)
}

/// Creates a local account; its id. A taken e-mail is a field error on `email`.
pub async fn create_user(cx: &Ctx, new: NewAccount) -> Result<String, AppError> {
    let admin = cx.require(Need::Admin).await?;
    let email = new.email.trim();
    let display_name = new.display_name.trim();
    let errors: Vec<FieldError> = [
        ("email", account::validate_email(&new.email)),
        (
            "display_name",
            account::validate_display_name(&new.display_name),
        ),
        ("password", account::validate_new_password(&new.password)),
    ]
    .into_iter()
    .filter_map(|(field, check)| {
        check.err().map(|message| FieldError {
            field: field.into(),
            message: message.into(),
            problem: None,
            pricing: None,
        })
    })
    .collect();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // Hashing is slow on purpose: done before the write lock is taken.
    let hash = crate::auth::session::hash_password(&new.password)?;
    let mut tx = crate::store::write(cx.pool()).await?;
    let id = db::insert_user(
        &mut *tx,
        db::NewUser {
            email: &new.email,
            display_name,
            password_hash: Some(&hash),
            oidc: None,
            is_admin: false,
            is_reviewer: new.is_reviewer,
        },
    )
    .await
    .map_err(taken("email", "A user with this e-mail already exists."))?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "user.create",
            subject_type: "user",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({
                "email": email, "display_name": display_name, "is_reviewer": new.is_reviewer
            })),
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Grants or takes away the reviewer role; 404 for an unknown user.
pub async fn set_reviewer(cx: &Ctx, user_id: &str, reviewer: bool) -> Result<(), AppError> {
    let admin = cx.require(Need::Admin).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    if db::set_reviewer(&mut *tx, user_id, reviewer).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "user.set_reviewer",
            subject_type: "user",
            subject_id: Some(user_id),
            before: Some(serde_json::json!({ "is_reviewer": !reviewer })),
            after: Some(serde_json::json!({ "is_reviewer": reviewer })),
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates an organisation (no members yet). A taken name is a field error on `name`.
pub async fn create_organisation(cx: &Ctx, name: &str) -> Result<AdminOrganisation, AppError> {
    let admin = cx.require(Need::Admin).await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Enter a name of 1 to 80 characters.",
        ));
    }
    let mut tx = crate::store::write(cx.pool()).await?;
    let id = db::insert_organisation(&mut *tx, name)
        .await
        .map_err(taken(
            "name",
            "An organisation with this name already exists.",
        ))?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "organisation.create",
            subject_type: "organisation",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({ "name": name })),
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(AdminOrganisation {
        id,
        name: name.to_owned(),
        members: Vec::new(),
    })
}

/// Adds the user with this e-mail to the organisation, or changes their role there.
/// Field errors as the admin page's form: `role`, `email` (no such user), `organisation_id`.
pub async fn set_member(
    cx: &Ctx,
    organisation_id: &str,
    email: &str,
    role: &str,
) -> Result<MemberSet, AppError> {
    let admin = cx.require(Need::Admin).await?;
    let role = parse_role(role)?;
    let mut tx = crate::store::write(cx.pool()).await?;
    let Some(user) = db::find_user_by_email(&mut *tx, email).await? else {
        return Err(AppError::invalid(
            "email",
            "No user has this e-mail address.",
        ));
    };
    let previous = db::memberships_of(&mut *tx, &user.id)
        .await?
        .into_iter()
        .find(|m| m.organisation_id == organisation_id)
        .map(|m| m.role);
    db::upsert_membership(&mut *tx, organisation_id, &user.id, role)
        .await
        .map_err(|e| match e {
            // The organisation's foreign key: no such organisation.
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                AppError::invalid("organisation_id", "Choose an existing organisation.")
            }
            other => AppError::from(other),
        })?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&admin.user_id),
            action: "membership.set",
            subject_type: "organisation",
            subject_id: Some(organisation_id),
            before: previous.map(|r| serde_json::json!({ "user": user.email, "role": r })),
            after: Some(serde_json::json!({ "user": user.email, "role": role })),
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(MemberSet {
        organisation_id: organisation_id.to_owned(),
        user_id: user.id,
        email: user.email,
        role,
        previous,
    })
}
