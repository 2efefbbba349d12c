//! An offering as a caller may have it: the one place that loads an offering and checks the
//! caller's role in its organisation (through the audited `auth::access` check). Server
//! functions use [`offering_for`]; plain handlers (the icon, the catalog download, REST usage)
//! use [`offering_on`] with their own pool, principal and path.

use crate::auth::access::permit_owned;
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole, Principal};
use crate::error::AppError;
use crate::offerings::db::{self, OfferingRow};
use sqlx::SqlitePool;

fn need(row: &OfferingRow, at_least: OrgRole) -> Need {
    Need::OrgRole {
        organisation_id: row.organisation_id.clone(),
        at_least,
    }
}

/// The offering `id`, if `principal` has at least `at_least` in its organisation. Unknown
/// offerings and those of other organisations are 404, a lesser role is 403; refusals audited.
pub async fn offering_on(
    pool: &SqlitePool,
    principal: &Principal,
    path: &str,
    id: &str,
    at_least: OrgRole,
) -> Result<OfferingRow, AppError> {
    let row = db::find(pool, id).await?.ok_or(AppError::NotFound)?;
    permit_owned(pool, principal, path, &need(&row, at_least)).await?;
    Ok(row)
}

/// The offering for the caller of `cx` (see [`offering_on`]).
pub async fn offering_for(
    cx: &Ctx,
    id: &str,
    at_least: OrgRole,
) -> Result<(Principal, OfferingRow), AppError> {
    let principal = cx.require(Need::SignedIn).await?;
    let row = db::find(cx.pool(), id).await?.ok_or(AppError::NotFound)?;
    cx.require_owned(&principal, need(&row, at_least)).await?;
    Ok((principal, row))
}
