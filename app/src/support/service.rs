//! The support operations, for the Support tab's server function and the REST API: checked by
//! `domain::support`, saved into the offering document with its audit row (`save_section`).

use crate::context::Ctx;
use crate::domain::access::OrgRole;
use crate::domain::support::SupportModel;
use crate::error::AppError;
use crate::offerings::service::{offering_for, save_section};
use serde::{Deserialize, Serialize};

/// The support model as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupportData {
    pub offering_name: String,
    pub version: i64,
    pub support: SupportModel,
    /// What public visibility still needs of it, and what breaks a rule.
    pub missing: Vec<crate::domain::gap::Gap>,
    pub can_edit: bool,
}

pub async fn load(cx: &Ctx, id: &str) -> Result<SupportData, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let support = row.document.support;
    Ok(SupportData {
        missing: support.gaps(),
        can_edit: principal
            .role_in(&row.organisation_id)
            .is_some_and(|r| r >= OrgRole::Editor),
        offering_name: row.name,
        version: row.version,
        support,
    })
}

/// Replaces the support model; answers the new version.
pub async fn save(cx: &Ctx, id: &str, version: i64, model: SupportModel) -> Result<i64, AppError> {
    let model = model.trimmed();
    AppError::check(model.problems())?;
    save_section(cx, id, version, "support", move |doc| doc.support = model).await
}
