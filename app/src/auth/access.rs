//! The one audited access check. Every refusal of a signed-in caller for authorization goes
//! through [`deny`], which writes exactly one `access.denied` audit row (the actor, subject
//! type `route`, the request path as subject, the need and the reason as detail) and answers
//! the error to return: "not yours" is 404, so a subject of another organisation is not even
//! revealed; "not allowed" is 403 with the reason. Signing in is not a denial (401, no row).
//!
//! It takes the pool, the principal and the path explicitly, so plain axum handlers (icons,
//! the catalog download, the REST API's own checks) use it as well as server functions, which
//! reach it through `session::require`, `session::require_owned` and `session::refuse`.

use crate::audit::{self, AuditEntry};
use crate::domain::access::{Need, Principal, Refusal};
use crate::error::AppError;
use sqlx::SqlitePool;

/// Why a signed-in caller is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// The subject belongs to an organisation the caller is not a member of: answered 404.
    NotYours,
    /// The caller may see the subject but not do this: answered 403 with the reason.
    NotAllowed(String),
}

impl Denial {
    /// The error the caller gets.
    pub fn error(&self) -> AppError {
        match self {
            Denial::NotYours => AppError::NotFound,
            Denial::NotAllowed(message) => AppError::Forbidden(message.clone()),
        }
    }

    fn reason(&self) -> &str {
        match self {
            Denial::NotYours => "not a member of the owning organisation",
            Denial::NotAllowed(message) => message,
        }
    }
}

/// Refuses `principal` at `path`: writes the one `access.denied` row naming `need`, and
/// answers the error to return (`Internal` if the row could not be written).
pub async fn deny(
    pool: &SqlitePool,
    principal: &Principal,
    path: &str,
    need: &str,
    denial: Denial,
) -> AppError {
    let detail = format!("{need}: {}", denial.reason());
    let written = audit::record(
        pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "access.denied",
            subject_type: "route",
            subject_id: Some(path),
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await;
    match written {
        Ok(()) => {
            tracing::warn!(user = %principal.email, %path, %detail, "access denied");
            denial.error()
        }
        Err(e) => {
            tracing::error!(error = %e, %path, "access denial not audited");
            AppError::Internal
        }
    }
}

/// `need` for `principal` at `path`: allowed, or refused with 403 and audited.
pub async fn permit(
    pool: &SqlitePool,
    principal: &Principal,
    path: &str,
    need: &Need,
) -> Result<(), AppError> {
    match principal.check(need) {
        Ok(()) => Ok(()),
        Err(Refusal(message)) => Err(deny(
            pool,
            principal,
            path,
            &format!("{need:?}"),
            Denial::NotAllowed(message),
        )
        .await),
    }
}

/// `need` on a subject owned by the organisation `need` names (an offering): a caller who is
/// not a member is told it does not exist (404), a member who lacks the role is refused (403);
/// both audited.
pub async fn permit_owned(
    pool: &SqlitePool,
    principal: &Principal,
    path: &str,
    need: &Need,
) -> Result<(), AppError> {
    match principal.check(need) {
        Ok(()) => Ok(()),
        Err(Refusal(message)) => {
            let outsider = need
                .organisation_id()
                .is_some_and(|org| principal.role_in(org).is_none());
            let denial = if outsider {
                Denial::NotYours
            } else {
                Denial::NotAllowed(message)
            };
            Err(deny(pool, principal, path, &format!("{need:?}"), denial).await)
        }
    }
}
