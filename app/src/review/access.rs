//! Who may do what on visibility and review, and how a refusal is answered: every "not yours"
//! and "not allowed" here goes through the one audited check (`auth::access`).

use crate::auth::access::Denial;
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole, Principal};
use crate::domain::visibility::{Actor, EventKind, Refusal};
use crate::error::AppError;
use crate::offerings::db::OfferingRow;

/// How the domain sees the caller for `kind`: provider (editing or not), reviewer or neither.
pub(super) fn actor_for(principal: &Principal, row: &OfferingRow, kind: EventKind) -> Actor {
    let role = principal.role_in(&row.organisation_id);
    let provider = role.map(|r| Actor::Provider {
        can_edit: r >= OrgRole::Editor,
    });
    let reviewer = principal.is_reviewer.then_some(Actor::Reviewer {
        member_of_owner: role.is_some(),
    });
    let first = if kind.by_reviewer() {
        reviewer.or(provider)
    } else {
        provider.or(reviewer)
    };
    first.unwrap_or(Actor::Other)
}

/// Loads an offering the caller may see for review purposes: members of the owning
/// organisation, and reviewers. Anyone else gets 404 (audited).
pub(super) async fn offering_for_review(
    cx: &Ctx,
    id: &str,
) -> Result<(Principal, OfferingRow), AppError> {
    let principal = cx.require(Need::SignedIn).await?;
    let row = crate::offerings::db::find(cx.pool(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation_id = row.organisation_id.clone();
    cx.require_owned(&principal, Need::MemberOrReviewer { organisation_id })
        .await?;
    Ok((principal, row))
}

/// A refused transition: the role rules are an audited denial (403), the note and comment
/// rules answer on the text field, the rest is the offering's state (409). All but the text
/// ones carry the refusal itself, so the page words it in the reader's language.
pub(super) async fn visibility_refused(
    cx: &Ctx,
    principal: &Principal,
    kind: EventKind,
    refusal: Refusal,
) -> AppError {
    if refusal.about_text() {
        return AppError::invalid("text", refusal.english());
    }
    if refusal.by_role() {
        let need = format!("visibility.{} ({})", kind.as_str(), refusal.code());
        // The denial is audited; the answer is the refusal, with the same 403.
        let _denied = cx
            .refuse(principal, &need, Denial::NotAllowed(refusal.english()))
            .await;
    }
    AppError::Refused(refusal)
}

/// Who takes part in a request's discussion: a reviewer outside the owning organisation
/// (also on single fields), and the organisation's editors and owners (the discussion only).
/// Anyone else is refused (403, audited).
pub(super) async fn may_comment(
    cx: &Ctx,
    principal: &Principal,
    row: &OfferingRow,
    on_field: bool,
) -> Result<(), AppError> {
    let member = principal.role_in(&row.organisation_id);
    let outside_reviewer = principal.is_reviewer && member.is_none();
    let message = if on_field && !outside_reviewer {
        "Only a reviewer outside the owning organisation comments on fields."
    } else if !outside_reviewer && member.is_none_or(|r| r < OrgRole::Editor) {
        "Only the reviewer and the provider's editors take part in the discussion."
    } else {
        return Ok(());
    };
    let denial = Denial::NotAllowed(message.into());
    Err(cx.refuse(principal, "review.comment", denial).await)
}
