//! Server functions of the platform audit page: thin adapters over `platform_audit::service`
//! (which starts each with `cx.require(Need::Admin)`).

use crate::domain::audit_filter::AuditQuery;
use crate::domain::diff::FieldChange;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One row of the log, with the names it refers to and what it changed, readably.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditRow {
    pub id: i64,
    /// When, as an RFC 3339 instant in UTC.
    pub at: String,
    /// The actor's e-mail address; absent for the platform itself.
    pub actor: Option<String>,
    /// The action's stable code, e.g. `offering.update`.
    pub action: String,
    /// `offering`, `organisation`, `user`, `api_token`, `route`, …
    pub subject_type: String,
    pub subject_id: Option<String>,
    /// The subject by name: an offering's name, an organisation's, a user's e-mail.
    pub subject_name: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    /// What the row changed, field by field.
    pub changes: Vec<FieldChange>,
    pub detail: String,
    /// The row's stored snapshots as JSON text, as recorded (the REST API and the CSV only;
    /// their shape is the action's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// One page of the filtered log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLogPage {
    pub rows: Vec<AuditRow>,
    /// Pass as `before` for the next (older) page; absent on the last one.
    pub next: Option<i64>,
}

/// What the filter form offers: organisations (id, name) and the actions the log holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditOptions {
    pub organisations: Vec<(String, String)>,
    pub actions: Vec<String>,
}

#[server]
pub async fn load_audit_options() -> Result<AuditOptions, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::options(&cx).await
}

#[server]
pub async fn load_audit_log(
    query: AuditQuery,
    before: Option<i64>,
) -> Result<AuditLogPage, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::page(&cx, &query, before, super::service::PAGE_SIZE, false).await
}
