//! Server functions for visibility and review: the lifecycle transitions (one function, the
//! domain's `transition` decides), test accounts, the reviewer queue, request pages with their
//! snapshot and diff, and per-field comments.

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
use {
    super::access::{actor_for, may_comment, offering_for_review, visibility_refused},
    super::facts::broker_snapshots,
    crate::audit::{self, AuditEntry},
    crate::domain::access::{Need, OrgRole},
    crate::domain::checklist,
    crate::domain::visibility::{transition, Actor, Decision, Effect, Event},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestAccount {
    pub email: String,
    /// False when no user has this address yet (an invitation).
    pub has_account: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) =
        crate::offerings::server::offering_for(&cx, &id, OrgRole::Viewer).await?;
    let pool = cx.pool().clone();
    let facts = facts_for(&pool, &row, &row.document).await?;
    let lines = checklist::checklist(&facts);
    let lifecycle = Lifecycle {
        visibility: row.visibility,
        pending: row.pending,
    };
    let provider = actor_for(&principal, &row, EventKind::MakeLimited);
    let events = lifecycle
        .events_for(provider)
        .into_iter()
        .filter(|e| !e.by_reviewer())
        .collect();
    let requests = super::db::requests_of(&pool, &id).await?;
    Ok(VisibilityView {
        lifecycle,
        events,
        progress: checklist::progress(&lines),
        checklist: lines,
        readiness: checklist::readiness(&facts),
        test_accounts: super::db::test_accounts(&pool, &id).await?,
        requests: requests.iter().map(RequestSummary::from).collect(),
        open_comments: super::db::open_field_comments(&pool, &id).await?,
        working_changes: row
            .live
            .as_ref()
            .map(|live| crate::domain::diff::field_changes(live, &row.document)),
        can_edit: matches!(provider, Actor::Provider { can_edit: true }),
    })
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
    let cx = crate::context::Ctx::capture()?;
    let kind: EventKind = event
        .parse()
        .map_err(|_| AppError::invalid("event", "Unknown action."))?;
    let text = text.unwrap_or_default();
    let event = match kind {
        EventKind::MakeLimited => Event::MakeLimited,
        EventKind::BackToDraft => Event::BackToDraft,
        EventKind::RequestPublic => Event::RequestPublic { note: text },
        EventKind::Withdraw => Event::Withdraw,
        EventKind::Approve => Event::Approve,
        EventKind::Reject => Event::Reject { comment: text },
        EventKind::SubmitChange => Event::SubmitChange { note: text },
        EventKind::RequestDeprecate => Event::RequestDeprecate { note: text },
        EventKind::RequestRetire => Event::RequestRetire { note: text },
    };
    let (principal, row) = offering_for_review(&cx, &id).await?;
    let pool = cx.pool().clone();
    let facts = facts_for(&pool, &row, &row.document).await?;
    let readiness = checklist::readiness(&facts);
    let current = Lifecycle {
        visibility: row.visibility,
        pending: row.pending,
    };
    let actor = actor_for(&principal, &row, kind);
    let outcome = match transition(current, &event, actor, &readiness) {
        Ok(outcome) => outcome,
        Err(refusal) => return Err(visibility_refused(&cx, &principal, kind, refusal).await),
    };
    let note = event.text().unwrap_or_default().to_owned();
    let mut tx = crate::store::write(&pool).await?;
    let moved = super::db::set_lifecycle(
        &mut tx,
        &id,
        (current.visibility, current.pending),
        (outcome.next.visibility, outcome.next.pending),
    )
    .await?;
    if !moved {
        return Err(AppError::Conflict(
            "Someone else changed this offering's visibility in the meantime. Reload to see where it stands."
                .into(),
        ));
    }
    let link = format!("/offerings/{id}/visibility");
    let mut request_id = None;
    match outcome.effect {
        Effect::OpenRequest(kind) => {
            let brokers = broker_snapshots(&pool, &id).await?;
            let rid = super::db::insert_request(
                &mut tx,
                &id,
                kind,
                &note,
                &row.document,
                row.version,
                row.live.as_ref(),
                &brokers,
                &principal.user_id,
            )
            .await?;
            let reviewers = super::db::reviewers_outside(&mut *tx, &row.organisation_id).await?;
            let message = format!(
                "New {}: {} ({}).",
                kind.english(),
                row.name,
                row.organisation_name
            );
            crate::notifications::db::notify(
                &mut tx,
                &reviewers,
                &message,
                &format!("/review/{rid}"),
            )
            .await?;
            request_id = Some(rid);
        }
        Effect::CloseRequest { kind, decision } => {
            let rid =
                super::db::close_request(&mut tx, &id, decision, &note, &principal.user_id).await?;
            if let (Some(rid), false) = (&rid, note.is_empty()) {
                super::db::insert_comment(&mut *tx, rid, &id, None, &note, &principal.user_id)
                    .await?;
            }
            if decision == Decision::Approved
                && matches!(kind, RequestKind::Publish | RequestKind::Change)
            {
                if let Some(rid) = &rid {
                    let request = super::db::request(&mut *tx, rid)
                        .await?
                        .ok_or(AppError::Internal)?;
                    let search = crate::domain::catalog::search_text(&row.name, &request.snapshot);
                    super::db::set_live(
                        &mut tx,
                        &id,
                        &request.snapshot,
                        request.snapshot_version,
                        &search,
                    )
                    .await?;
                }
            }
            if decision != Decision::Withdrawn {
                let editors = super::db::editors_of(&mut *tx, &row.organisation_id).await?;
                let message = format!(
                    "{} of {}: {}{}",
                    kind.english(),
                    row.name,
                    decision.as_str(),
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!(" — {note}")
                    }
                );
                crate::notifications::db::notify(&mut tx, &editors, &message, &link).await?;
            }
            request_id = rid;
        }
        Effect::None => {}
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: &format!("visibility.{}", kind.as_str()),
            subject_type: "offering",
            subject_id: Some(&id),
            before: Some(serde_json::json!({ "state": current.english() })),
            after: Some(serde_json::json!({ "state": outcome.next.english(), "request": request_id, "text": note })),
            detail: kind.as_str(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[server]
pub async fn add_test_account(id: String, email: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, _) = crate::offerings::server::offering_for(&cx, &id, OrgRole::Editor).await?;
    let email = email.trim().to_lowercase();
    crate::domain::account::validate_email(&email).map_err(|m| AppError::invalid("email", m))?;
    let pool = cx.pool().clone();
    if !super::db::add_test_account(&pool, &id, &email, &principal.user_id).await? {
        return Err(AppError::invalid(
            "email",
            "This account is already on the list.",
        ));
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "visibility.test_account.add",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({ "test_account": email })),
            detail: "",
        },
    )
    .await?;
    Ok(())
}

#[server]
pub async fn remove_test_account(id: String, email: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, _) = crate::offerings::server::offering_for(&cx, &id, OrgRole::Editor).await?;
    let pool = cx.pool().clone();
    if !super::db::remove_test_account(&pool, &id, &email).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "visibility.test_account.remove",
            subject_type: "offering",
            subject_id: Some(&id),
            before: Some(serde_json::json!({ "test_account": email })),
            after: None,
            detail: "",
        },
    )
    .await?;
    Ok(())
}

/// A provider marks a reviewer's per-field comment resolved.
#[server]
pub async fn resolve_comment(id: String, comment_id: i64) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, _) = crate::offerings::server::offering_for(&cx, &id, OrgRole::Editor).await?;
    let pool = cx.pool().clone();
    if !super::db::resolve_comment(&pool, &id, comment_id, &principal.user_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "review.comment.resolve",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({ "comment": comment_id })),
            detail: "",
        },
    )
    .await?;
    Ok(())
}

/// One line of the reviewer queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub request: RequestSummary,
    /// Hours since the request was made.
    pub age_hours: i64,
    /// What the readiness rules still miss for the snapshot (empty: ready).
    pub missing: Vec<String>,
    /// The reviewer belongs to the owning organisation and may not decide.
    pub own_organisation: bool,
}

#[server]
pub async fn review_queue() -> Result<Vec<QueueEntry>, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let principal = cx.require(Need::Reviewer).await?;
    let pool = cx.pool().clone();
    let now = time::OffsetDateTime::now_utc();
    let mut out = Vec::new();
    for r in super::db::pending_requests(&pool).await? {
        let Some(row) = crate::offerings::db::find(&pool, &r.offering_id).await? else {
            continue;
        };
        let facts = facts_for(&pool, &row, &r.snapshot).await?;
        let requested = time::OffsetDateTime::parse(
            &r.requested_at,
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap_or(now);
        out.push(QueueEntry {
            request: RequestSummary::from(&r),
            age_hours: (now - requested).whole_hours(),
            missing: checklist::readiness(&facts).public_missing,
            own_organisation: principal.role_in(&r.organisation_id).is_some(),
        });
    }
    Ok(out)
}

/// A request as its review page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub request: RequestSummary,
    pub snapshot: OfferingDocument,
    /// The brokers as they stood when the request was made.
    pub brokers: Vec<BrokerSnapshot>,
    /// The snapshot against the last approved version (everything is new for a first release).
    pub changes: Vec<FieldChange>,
    pub readiness: Readiness,
    pub comments: Vec<Comment>,
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
    let cx = crate::context::Ctx::capture()?;
    let pool = cx.pool().clone();
    let request = super::db::request(&pool, &request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (principal, row) = offering_for_review(&cx, &request.offering_id).await?;
    let member = principal.role_in(&row.organisation_id);
    let outside_reviewer = principal.is_reviewer && member.is_none();
    let pending = request.status == "pending";
    let facts = facts_for(&pool, &row, &request.snapshot).await?;
    let base = request.base.clone().unwrap_or_default();
    let changes = crate::domain::diff::field_changes(&base, &request.snapshot);
    let fields =
        crate::domain::diff::field_changes(&OfferingDocument::default(), &request.snapshot)
            .into_iter()
            .map(|c| (c.field, c.label))
            .collect();
    Ok(RequestView {
        request: RequestSummary::from(&request),
        snapshot: request.snapshot.clone(),
        brokers: super::db::request_brokers(&pool, &request_id).await?,
        changes,
        readiness: checklist::readiness(&facts),
        comments: super::db::comments_of_request(&pool, &request_id).await?,
        fields,
        can_decide: outside_reviewer && pending,
        can_comment: pending && (outside_reviewer || member.is_some_and(|r| r >= OrgRole::Editor)),
        is_reviewer: outside_reviewer,
    })
}

/// A message in a request's discussion, or (reviewers) a comment on one field of the snapshot.
#[server]
pub async fn post_comment(
    request_id: String,
    field: Option<String>,
    body: String,
) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let pool = cx.pool().clone();
    let request = super::db::request(&pool, &request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (principal, row) = offering_for_review(&cx, &request.offering_id).await?;
    let member = principal.role_in(&row.organisation_id);
    let outside_reviewer = principal.is_reviewer && member.is_none();
    let field = field.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
    if request.status != "pending" {
        return Err(AppError::Conflict(
            "This request is closed; comments are no longer taken.".into(),
        ));
    }
    may_comment(&cx, &principal, &row, field.is_some()).await?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "Write the comment first."));
    }
    if body.chars().count() > crate::domain::visibility::MAX_TEXT_CHARS {
        return Err(AppError::invalid(
            "body",
            format!(
                "Use at most {} characters.",
                crate::domain::visibility::MAX_TEXT_CHARS
            ),
        ));
    }
    if let Some(f) = &field {
        let known =
            crate::domain::diff::field_changes(&OfferingDocument::default(), &request.snapshot)
                .iter()
                .any(|c| c.field == *f || c.field.starts_with(&format!("{f}.")));
        if !known {
            return Err(AppError::invalid(
                "field",
                "Choose a field of the offering.",
            ));
        }
    }
    let mut tx = crate::store::write(&pool).await?;
    let comment = super::db::insert_comment(
        &mut *tx,
        &request_id,
        &row.id,
        field.as_deref(),
        body,
        &principal.user_id,
    )
    .await?;
    let recipients = if outside_reviewer {
        super::db::editors_of(&mut *tx, &row.organisation_id).await?
    } else {
        super::db::reviewers_outside(&mut *tx, &row.organisation_id).await?
    };
    let message = match &field {
        Some(f) => format!("Review comment on {} of {}: {body}", f, row.name),
        None => format!("New message on the request for {}: {body}", row.name),
    };
    let link = if outside_reviewer {
        format!("/offerings/{}/visibility", row.id)
    } else {
        format!("/review/{request_id}")
    };
    crate::notifications::db::notify(&mut tx, &recipients, &message, &link).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "review.comment",
            subject_type: "offering",
            subject_id: Some(&row.id),
            before: None,
            after: Some(serde_json::json!({ "comment": comment, "field": field, "body": body })),
            detail: &request_id,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
