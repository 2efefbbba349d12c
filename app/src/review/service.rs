//! The visibility and review operations, for the server functions and the REST API alike:
//! each checks access (`offering_for`, `offering_for_review`, the review rules), then the
//! domain's rules (`transition`, the comment and e-mail checks), then writes the change and its
//! audit row in one write transaction (`store::write`). The notifications of a transition or a
//! comment are rows of the same transaction (the outbox); the bell reads them and the mailer
//! (`server/src/mail.rs`) sends them only once it is committed.

use super::access::{actor_for, may_comment, offering_for_review, visibility_refused};
use super::db;
use super::facts::{broker_snapshots, facts_for};
use super::server::{QueueEntry, RequestSummary, RequestView, Round, VisibilityView};
use crate::audit::{self, AuditEntry};
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole};
use crate::domain::checklist;
use crate::domain::notice::Notice;
use crate::domain::offering::OfferingDocument;
use crate::domain::visibility::{
    transition, Actor, Decision, Effect, Event, EventKind, Lifecycle, RequestKind,
};
use crate::error::AppError;
use crate::offerings::server::offering_for;

/// The event of `kind` with the text the form or the API sent (a request's note, a
/// rejection's comment; ignored by the events that take none).
pub fn event(kind: EventKind, text: String) -> Event {
    match kind {
        EventKind::MakeLimited => Event::MakeLimited,
        EventKind::BackToDraft => Event::BackToDraft,
        EventKind::RequestPublic => Event::RequestPublic { note: text },
        EventKind::Withdraw => Event::Withdraw,
        EventKind::Approve => Event::Approve,
        EventKind::Reject => Event::Reject { comment: text },
        EventKind::SubmitChange => Event::SubmitChange { note: text },
        EventKind::RequestDeprecate => Event::RequestDeprecate { note: text },
        EventKind::RequestRetire => Event::RequestRetire { note: text },
    }
}

/// The event named `event` (`make_limited`, `approve`, …) with its text.
pub fn parse_event(event: &str, text: Option<String>) -> Result<Event, AppError> {
    let kind: EventKind = event
        .parse()
        .map_err(|_| AppError::invalid("event", "Unknown action."))?;
    Ok(self::event(kind, text.unwrap_or_default()))
}

/// The Visibility tab: where the offering stands and what the caller can do next.
pub async fn load_visibility(cx: &Ctx, id: &str) -> Result<VisibilityView, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let pool = cx.pool();
    let facts = facts_for(pool, &row, &row.document).await?;
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
    let requests = db::requests_of(pool, id).await?;
    Ok(VisibilityView {
        lifecycle,
        events,
        progress: checklist::progress(&lines),
        checklist: lines,
        readiness: checklist::readiness(&facts),
        test_accounts: db::test_accounts(pool, id).await?,
        requests: requests.iter().map(RequestSummary::from).collect(),
        open_comments: db::open_field_comments(pool, id).await?,
        plan_names: row.document.plan_names(),
        working_changes: row
            .live
            .as_ref()
            .map(|live| crate::domain::diff::field_changes(live, &row.document)),
        can_edit: matches!(provider, Actor::Provider { can_edit: true }),
    })
}

/// Every lifecycle transition: the provider's (limited, draft, request, withdraw, change,
/// deprecate, retire) and the reviewer's (approve, reject). The domain's `transition` decides;
/// this applies its effect, freezes snapshots, notifies and audits, in one transaction.
pub async fn change_visibility(cx: &Ctx, id: &str, event: Event) -> Result<(), AppError> {
    let kind = event.kind();
    let (principal, row) = offering_for_review(cx, id).await?;
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
        Err(refusal) => return Err(visibility_refused(cx, &principal, kind, refusal).await),
    };
    let note = event.text().unwrap_or_default().to_owned();
    let mut tx = crate::store::write(&pool).await?;
    let moved = db::set_lifecycle(
        &mut tx,
        id,
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
            let brokers = broker_snapshots(&pool, id).await?;
            let rid = db::insert_request(
                &mut tx,
                id,
                kind,
                &note,
                &row.document,
                row.version,
                row.live.as_ref(),
                &brokers,
                &principal.user_id,
            )
            .await?;
            let reviewers = db::reviewers_outside(&mut *tx, &row.organisation_id).await?;
            let notice = Notice::RequestOpened {
                request: kind,
                offering: row.name.clone(),
                organisation: row.organisation_name.clone(),
            };
            crate::notifications::db::notify(
                &mut tx,
                &reviewers,
                &notice,
                &format!("/review/{rid}"),
            )
            .await?;
            request_id = Some(rid);
        }
        Effect::CloseRequest { kind, decision } => {
            let rid = db::close_request(&mut tx, id, decision, &note, &principal.user_id).await?;
            if let (Some(rid), false) = (&rid, note.is_empty()) {
                db::insert_comment(&mut *tx, rid, id, None, &note, &principal.user_id).await?;
            }
            if decision == Decision::Approved
                && matches!(kind, RequestKind::Publish | RequestKind::Change)
            {
                if let Some(rid) = &rid {
                    let request = db::request(&mut *tx, rid)
                        .await?
                        .ok_or(AppError::Internal)?;
                    lapsed_notice(row.live.as_ref(), &request.snapshot)?;
                    let search = crate::domain::catalog::search_text(&row.name, &request.snapshot);
                    db::set_live(
                        &mut tx,
                        id,
                        &request.snapshot,
                        request.snapshot_version,
                        &search,
                    )
                    .await?;
                }
            }
            if decision != Decision::Withdrawn {
                let editors = db::editors_of(&mut *tx, &row.organisation_id).await?;
                let notice = Notice::RequestDecided {
                    request: kind,
                    offering: row.name.clone(),
                    decision,
                    note: note.clone(),
                };
                crate::notifications::db::notify(&mut tx, &editors, &notice, &link).await?;
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
            subject_id: Some(id),
            before: Some(serde_json::json!({ "state": current.english() })),
            after: Some(serde_json::json!({ "state": outcome.next.english(), "request": request_id, "text": note })),
            detail: kind.as_str(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses to release a snapshot whose price change no longer gives the notice it gave when
/// submitted (the request waited too long).
fn lapsed_notice(
    live: Option<&crate::domain::offering::OfferingDocument>,
    snapshot: &crate::domain::offering::OfferingDocument,
) -> Result<(), AppError> {
    use crate::domain::price_schedule::short_notice;
    let Some(live) = live else { return Ok(()) };
    let today = crate::context::today();
    if short_notice(&live.plans, &snapshot.plans, today).is_empty() {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "A price change in this request no longer gives customers 30 days' notice. Reject it so that the provider can choose a later date."
                .into(),
        ))
    }
}

/// A reviewer's decision on a pending request (`event` is `Approve` or `Reject`); answers the
/// request as it stands afterwards.
pub async fn decide(cx: &Ctx, request_id: &str, event: Event) -> Result<RequestView, AppError> {
    let view = load_request(cx, request_id).await?;
    if view.request.status != "pending" {
        return Err(AppError::Conflict(
            "This request has already been decided.".into(),
        ));
    }
    change_visibility(cx, &view.request.offering_id, event).await?;
    load_request(cx, request_id).await
}

/// One test-account change and its audit row, in one transaction.
async fn test_account_audited(cx: &Ctx, id: &str, email: &str, add: bool) -> Result<(), AppError> {
    let (principal, _) = offering_for(cx, id, OrgRole::Editor).await?;
    if add {
        crate::domain::account::validate_email(email).map_err(|m| AppError::invalid("email", m))?;
    }
    let mut tx = crate::store::write(cx.pool()).await?;
    let changed = if add {
        db::add_test_account(&mut *tx, id, email, &principal.user_id)
            .await
            .map_err(AppError::taken)?
    } else {
        db::remove_test_account(&mut *tx, id, email).await?
    };
    if !changed {
        return Err(if add {
            AppError::invalid("email", "This account is already on the list.")
        } else {
            AppError::NotFound
        });
    }
    let named = Some(serde_json::json!({ "test_account": email }));
    let (action, before, after) = if add {
        ("visibility.test_account.add", None, named)
    } else {
        ("visibility.test_account.remove", named, None)
    };
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action,
            subject_type: "offering",
            subject_id: Some(id),
            before,
            after,
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Names an account (e-mail, trimmed and lower-cased) that sees the offering while limited.
pub async fn add_test_account(cx: &Ctx, id: &str, email: &str) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    test_account_audited(cx, id, &email, true).await
}

pub async fn remove_test_account(cx: &Ctx, id: &str, email: &str) -> Result<(), AppError> {
    test_account_audited(cx, id, email, false).await
}

/// A provider marks a reviewer's per-field comment resolved.
pub async fn resolve_comment(cx: &Ctx, id: &str, comment_id: i64) -> Result<(), AppError> {
    let (principal, _) = offering_for(cx, id, OrgRole::Editor).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    if !db::resolve_comment(&mut *tx, id, comment_id, &principal.user_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "review.comment.resolve",
            subject_type: "offering",
            subject_id: Some(id),
            before: None,
            after: Some(serde_json::json!({ "comment": comment_id })),
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The reviewer queue: pending requests, oldest first, with what their snapshots still miss.
pub async fn review_queue(cx: &Ctx) -> Result<Vec<QueueEntry>, AppError> {
    let principal = cx.require(Need::Reviewer).await?;
    let pool = cx.pool();
    let now = time::OffsetDateTime::now_utc();
    let mut out = Vec::new();
    for r in db::pending_requests(pool).await? {
        let Some(row) = crate::offerings::db::find(pool, &r.offering_id).await? else {
            continue;
        };
        let facts = facts_for(pool, &row, &r.snapshot).await?;
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

/// The rounds before `request`: older requests of its kind, back to the last approved one.
async fn earlier_rounds(
    pool: &sqlx::SqlitePool,
    request: &db::RequestRow,
) -> Result<Vec<Round>, AppError> {
    let all = db::requests_of(pool, &request.offering_id).await?;
    let older = all.iter().skip_while(|r| r.id != request.id).skip(1);
    let mut rounds = Vec::new();
    for r in older.filter(|r| r.kind == request.kind) {
        if r.status == "approved" {
            break;
        }
        rounds.push(Round {
            request: RequestSummary::from(r),
            comments: db::comments_of_request(pool, &r.id).await?,
        });
    }
    Ok(rounds)
}

/// A request as its review page shows it.
pub async fn load_request(cx: &Ctx, request_id: &str) -> Result<RequestView, AppError> {
    let pool = cx.pool();
    let request = db::request(pool, request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (principal, row) = offering_for_review(cx, &request.offering_id).await?;
    let member = principal.role_in(&row.organisation_id);
    let outside_reviewer = principal.is_reviewer && member.is_none();
    let pending = request.status == "pending";
    let facts = facts_for(pool, &row, &request.snapshot).await?;
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
        brokers: db::request_brokers(pool, request_id).await?,
        changes,
        readiness: checklist::readiness(&facts),
        first_release: request.base.is_none(),
        comments: db::comments_of_request(pool, request_id).await?,
        earlier: earlier_rounds(pool, &request).await?,
        fields,
        can_decide: outside_reviewer && pending,
        can_comment: pending && (outside_reviewer || member.is_some_and(|r| r >= OrgRole::Editor)),
        is_reviewer: outside_reviewer,
    })
}

/// The comment's text, checked: not empty, not too long.
fn checked_body(body: &str) -> Result<&str, AppError> {
    let body = body.trim();
    let max = crate::domain::visibility::MAX_TEXT_CHARS;
    if body.is_empty() {
        return Err(AppError::invalid("body", "Write the comment first."));
    }
    if body.chars().count() > max {
        return Err(AppError::invalid(
            "body",
            format!("Use at most {max} characters."),
        ));
    }
    Ok(body)
}

/// A message in a request's discussion, or (reviewers) a comment on one field of the snapshot.
pub async fn post_comment(
    cx: &Ctx,
    request_id: &str,
    field: Option<String>,
    body: &str,
) -> Result<(), AppError> {
    let pool = cx.pool();
    let request = db::request(pool, request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (principal, row) = offering_for_review(cx, &request.offering_id).await?;
    let member = principal.role_in(&row.organisation_id);
    let outside_reviewer = principal.is_reviewer && member.is_none();
    let field = field.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
    if request.status != "pending" {
        return Err(AppError::Conflict(
            "This request is closed; comments are no longer taken.".into(),
        ));
    }
    may_comment(cx, &principal, &row, field.is_some()).await?;
    let body = checked_body(body)?;
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
    let mut tx = crate::store::write(pool).await?;
    let comment = db::insert_comment(
        &mut *tx,
        request_id,
        &row.id,
        field.as_deref(),
        body,
        &principal.user_id,
    )
    .await?;
    let recipients = if outside_reviewer {
        db::editors_of(&mut *tx, &row.organisation_id).await?
    } else {
        db::reviewers_outside(&mut *tx, &row.organisation_id).await?
    };
    let notice = match &field {
        Some(f) => Notice::FieldComment {
            offering: row.name.clone(),
            field: f.clone(),
            plans: (row.document.plan_names().into_iter())
                .filter(|(id, _)| f.starts_with(&format!("plans.{id}")))
                .collect(),
            body: body.to_owned(),
        },
        None => Notice::Message {
            offering: row.name.clone(),
            body: body.to_owned(),
        },
    };
    let link = if outside_reviewer {
        format!("/offerings/{}/visibility", row.id)
    } else {
        format!("/review/{request_id}")
    };
    crate::notifications::db::notify(&mut tx, &recipients, &notice, &link).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "review.comment",
            subject_type: "offering",
            subject_id: Some(&row.id),
            before: None,
            after: Some(serde_json::json!({ "comment": comment, "field": field, "body": body })),
            detail: request_id,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
