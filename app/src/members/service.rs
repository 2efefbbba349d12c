//! The member operations, for the Members page and the REST API alike. Each does, in order:
//! the access check (members read, owners change; refusals audited), the rule that an
//! organisation keeps an owner (`domain::members`), one write transaction holding the change,
//! its audit row and the member's notification.

use super::db;
use super::server::OrganisationMembers;
use crate::audit::{self, AuditEntry};
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole};
use crate::domain::account;
use crate::domain::members::{self, MemberChange, MemberRefusal};
use crate::domain::notice::Notice;
use crate::error::AppError;

pub use crate::admin::service::parse_role;

/// Where the member's notification links to.
const LINK: &str = "/members";

/// What an invitation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invited {
    /// A user with that address: a member now.
    Joined,
    /// No user yet: the invitation waits for their first sign-in.
    Pending,
}

/// The caller, if they have at least `at_least` in the organisation: an outsider gets 404, a
/// member lacking the role 403, both audited (the one access check).
async fn member(
    cx: &Ctx,
    organisation_id: &str,
    at_least: OrgRole,
) -> Result<crate::domain::access::Principal, AppError> {
    let principal = cx.require(Need::SignedIn).await?;
    let need = Need::OrgRole {
        organisation_id: organisation_id.to_owned(),
        at_least,
    };
    cx.require_owned(&principal, need).await?;
    Ok(principal)
}

/// One organisation's list, for a caller with `my_role` in it.
async fn list(
    cx: &Ctx,
    organisation_id: &str,
    name: &str,
    my_role: OrgRole,
) -> Result<OrganisationMembers, AppError> {
    Ok(OrganisationMembers {
        id: organisation_id.to_owned(),
        name: name.to_owned(),
        my_role,
        members: db::members(cx.pool(), organisation_id).await?,
        invitations: db::invitations(cx.pool(), organisation_id).await?,
    })
}

/// The members of every organisation the caller belongs to.
pub async fn mine(cx: &Ctx) -> Result<Vec<OrganisationMembers>, AppError> {
    let principal = cx.require(Need::SignedIn).await?;
    let mut out = Vec::new();
    for m in &principal.memberships {
        out.push(list(cx, &m.organisation_id, &m.organisation_name, m.role).await?);
    }
    Ok(out)
}

/// The members of one organisation (any member reads them).
pub async fn one(cx: &Ctx, organisation_id: &str) -> Result<OrganisationMembers, AppError> {
    let principal = member(cx, organisation_id, OrgRole::Viewer).await?;
    let m = principal
        .memberships
        .iter()
        .find(|m| m.organisation_id == organisation_id)
        .ok_or(AppError::NotFound)?;
    list(cx, organisation_id, &m.organisation_name, m.role).await
}

/// The organisation's name, for the notification (the caller is a member of it).
fn organisation_name(
    principal: &crate::domain::access::Principal,
    organisation_id: &str,
) -> String {
    principal
        .memberships
        .iter()
        .find(|m| m.organisation_id == organisation_id)
        .map(|m| m.organisation_name.clone())
        .unwrap_or_default()
}

/// Invites `email` with `role`: a user with that address joins at once (and is told), anyone
/// else when they first sign in. An existing member is a field error on `email`.
pub async fn invite(
    cx: &Ctx,
    organisation_id: &str,
    email: &str,
    role: OrgRole,
) -> Result<Invited, AppError> {
    let owner = member(cx, organisation_id, OrgRole::Owner).await?;
    let email = email.trim();
    account::validate_email(email).map_err(|m| AppError::invalid("email", m))?;
    let mut tx = crate::store::write(cx.pool()).await?;
    let user = crate::auth::db::find_user_by_email(&mut *tx, email).await?;
    let (action, invited) = match &user {
        Some(user) => {
            if db::role_of(&mut *tx, organisation_id, &user.id)
                .await?
                .is_some()
            {
                return Err(AppError::invalid(
                    "email",
                    "This user is already a member of the organisation.",
                ));
            }
            crate::auth::db::upsert_membership(&mut *tx, organisation_id, &user.id, role).await?;
            ("member.add", Invited::Joined)
        }
        None => {
            db::invite(&mut *tx, organisation_id, email, role, &owner.user_id).await?;
            ("member.invite", Invited::Pending)
        }
    };
    let shown = user.as_ref().map_or(email, |u| u.email.as_str());
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&owner.user_id),
            action,
            subject_type: "organisation",
            subject_id: Some(organisation_id),
            before: None,
            after: Some(serde_json::json!({ "user": shown, "role": role })),
            detail: "",
        },
    )
    .await?;
    if let Some(user) = &user {
        let notice = Notice::Membership {
            organisation: organisation_name(&owner, organisation_id),
            role: Some(role),
        };
        crate::notifications::db::notify(&mut tx, std::slice::from_ref(&user.id), &notice, LINK)
            .await?;
    }
    tx.commit().await?;
    Ok(invited)
}

/// Changes a member's role or removes them; the organisation keeps an owner (409 otherwise).
/// Setting the role a member has already changes nothing.
pub async fn change(
    cx: &Ctx,
    organisation_id: &str,
    user_id: &str,
    change: MemberChange,
) -> Result<(), AppError> {
    let owner = member(cx, organisation_id, OrgRole::Owner).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    let Some(current) = db::role_of(&mut *tx, organisation_id, user_id).await? else {
        return Err(AppError::NotFound);
    };
    let owners = db::owners(&mut *tx, organisation_id).await?;
    match members::check(current, owners, change) {
        Ok(()) => {}
        Err(MemberRefusal::Unchanged) => return Ok(()),
        Err(refusal) => return Err(AppError::Conflict(refusal.english().into())),
    }
    let email = crate::auth::db::find_user_by_id(&mut *tx, user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    let (action, role) = match change {
        MemberChange::SetRole(role) => {
            crate::auth::db::upsert_membership(&mut *tx, organisation_id, user_id, role).await?;
            ("member.role", Some(role))
        }
        MemberChange::Remove => {
            db::remove(&mut *tx, organisation_id, user_id).await?;
            ("member.remove", None)
        }
    };
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&owner.user_id),
            action,
            subject_type: "organisation",
            subject_id: Some(organisation_id),
            before: Some(serde_json::json!({ "user": email, "role": current })),
            after: role.map(|role| serde_json::json!({ "user": email, "role": role })),
            detail: "",
        },
    )
    .await?;
    let notice = Notice::Membership {
        organisation: organisation_name(&owner, organisation_id),
        role,
    };
    crate::notifications::db::notify(&mut tx, &[user_id.to_owned()], &notice, LINK).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws an invitation not taken yet (404 when there is none).
pub async fn cancel_invitation(
    cx: &Ctx,
    organisation_id: &str,
    email: &str,
) -> Result<(), AppError> {
    let owner = member(cx, organisation_id, OrgRole::Owner).await?;
    let email = email.trim();
    let mut tx = crate::store::write(cx.pool()).await?;
    if db::cancel_invitation(&mut *tx, organisation_id, email).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&owner.user_id),
            action: "member.invite.cancel",
            subject_type: "organisation",
            subject_id: Some(organisation_id),
            before: Some(serde_json::json!({ "user": email })),
            after: None,
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
