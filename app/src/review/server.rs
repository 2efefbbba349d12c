//! Server functions for visibility and review: the lifecycle transitions (one function, the
//! domain's `transition` decides), test accounts, the reviewer queue, request pages with their
//! snapshot and diff, and per-field comments; thin adapters over `review::service`.

#[cfg(feature = "ssr")]
pub(crate) use super::facts::facts_for;
use crate::domain::broker::BrokerSnapshot;
use crate::domain::checklist::Line;
use crate::domain::diff::FieldChange;
use crate::domain::offering::OfferingDocument;
use crate::domain::visibility::{EventKind, Lifecycle, Readiness, RequestKind};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {super::service, crate::context::Ctx};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TestAccount {
    pub email: String,
    /// False when no user has this address yet (an invitation).
    pub has_account: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    pub request_id: String,
    /// `None` for a message of the discussion; a document field for a per-field comment.
    pub field: Option<String>,
    pub body: String,
    pub author: String,
    pub created_at: String,
    pub resolved: bool,
}

/// One past or pending request, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RequestSummary {
    pub id: String,
    pub offering_id: String,
    pub offering_name: String,
    pub organisation_name: String,
    pub kind: RequestKind,
    pub status: String,
    pub note: String,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decision_comment: String,
}

#[cfg(feature = "ssr")]
impl From<&super::db::RequestRow> for RequestSummary {
    fn from(r: &super::db::RequestRow) -> Self {
        RequestSummary {
            id: r.id.clone(),
            offering_id: r.offering_id.clone(),
            offering_name: r.offering_name.clone(),
            organisation_name: r.organisation_name.clone(),
            kind: r.kind,
            status: r.status.clone(),
            note: r.note.clone(),
            requested_by: r.requested_by.clone(),
            requested_at: r.requested_at.clone(),
            decided_by: r.decided_by.clone(),
            decision_comment: r.decision_comment.clone(),
        }
    }
}

/// The Visibility tab: where the offering stands and what can be done next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VisibilityView {
    pub lifecycle: Lifecycle,
    /// The actions the caller may take now (buttons), readiness aside.
    pub events: Vec<EventKind>,
    pub checklist: Vec<Line>,
    pub progress: u8,
    pub readiness: Readiness,
    pub test_accounts: Vec<TestAccount>,
    pub requests: Vec<RequestSummary>,
    pub open_comments: Vec<Comment>,
    /// The offering's plans by id, to name them in the comments' fields.
    pub plan_names: std::collections::BTreeMap<String, String>,
    /// For an offering with a live version: the working copy against it.
    pub working_changes: Option<Vec<FieldChange>>,
    pub can_edit: bool,
}

/// The section (editor tab) a document field belongs to: `texts.de.x` → `text/de`.
pub fn section_of(field: &str) -> String {
    let mut parts = field.split('.');
    match (parts.next(), parts.next()) {
        (Some("texts"), Some(lang)) => format!("text/{lang}"),
        (Some(head), _) => head.to_owned(),
        (None, _) => String::new(),
    }
}

#[server]
pub async fn load_visibility(id: String) -> Result<VisibilityView, AppError> {
    let cx = Ctx::capture()?;
    service::load_visibility(&cx, &id).await
}

/// Every lifecycle transition: the provider's (limited, draft, request, withdraw, change,
/// deprecate, retire) and the reviewer's (approve, reject). The domain's `transition` decides;
/// this applies its effect, freezes snapshots, audits and notifies.
#[server]
pub async fn change_visibility(
    id: String,
    event: String,
    text: Option<String>,
) -> Result<(), AppError> {
    let cx = Ctx::capture()?;
    let event = service::parse_event(&event, text)?;
    service::change_visibility(&cx, &id, event).await
}

#[server]
pub async fn add_test_account(id: String, email: String) -> Result<(), AppError> {
    let cx = Ctx::capture()?;
    service::add_test_account(&cx, &id, &email).await
}

#[server]
pub async fn remove_test_account(id: String, email: String) -> Result<(), AppError> {
    let cx = Ctx::capture()?;
    service::remove_test_account(&cx, &id, &email).await
}

/// A provider marks a reviewer's per-field comment resolved.
#[server]
pub async fn resolve_comment(id: String, comment_id: i64) -> Result<(), AppError> {
    let cx = Ctx::capture()?;
    service::resolve_comment(&cx, &id, comment_id).await
}

/// One line of the reviewer queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    pub request: RequestSummary,
    /// Hours since the request was made.
    pub age_hours: i64,
    /// What the readiness rules still miss for the snapshot (empty: ready).
    pub missing: Vec<crate::domain::gap::Gap>,
    /// The reviewer belongs to the owning organisation and may not decide.
    pub own_organisation: bool,
}

#[server]
pub async fn review_queue() -> Result<Vec<QueueEntry>, AppError> {
    let cx = Ctx::capture()?;
    service::review_queue(&cx).await
}

/// An earlier round of a request: how it ended and what was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Round {
    pub request: RequestSummary,
    pub comments: Vec<Comment>,
}

/// A request as its review page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RequestView {
    pub request: RequestSummary,
    pub snapshot: OfferingDocument,
    /// The brokers as they stood when the request was made.
    pub brokers: Vec<BrokerSnapshot>,
    /// The snapshot against the last approved version (everything is new for a first release).
    pub changes: Vec<FieldChange>,
    pub readiness: Readiness,
    /// Nothing was approved before: every change is an addition.
    pub first_release: bool,
    pub comments: Vec<Comment>,
    /// The earlier rounds of this request (the same kind, sent back since the last approval),
    /// newest first, each with its discussion.
    pub earlier: Vec<Round>,
    /// Fields a comment can be attached to (those of the snapshot): path and label.
    pub fields: Vec<(String, String)>,
    /// The caller may approve or reject (a reviewer outside the owning organisation, pending).
    pub can_decide: bool,
    /// The caller may comment (reviewers outside the organisation; its editors in the discussion).
    pub can_comment: bool,
    pub is_reviewer: bool,
}

#[server]
pub async fn load_request(request_id: String) -> Result<RequestView, AppError> {
    let cx = Ctx::capture()?;
    service::load_request(&cx, &request_id).await
}

/// A message in a request's discussion, or (reviewers) a comment on one field of the snapshot.
#[server]
pub async fn post_comment(
    request_id: String,
    field: Option<String>,
    body: String,
) -> Result<(), AppError> {
    let cx = Ctx::capture()?;
    service::post_comment(&cx, &request_id, field, &body).await
}
