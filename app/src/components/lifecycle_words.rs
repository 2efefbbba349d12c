//! Lifecycle words in the reader's language: events, request kinds, request statuses.

use super::speaks::Speaks;
use crate::domain::visibility::{EventKind, RequestKind, Visibility};
use crate::i18n::*;

/// "Draft", "In review", …
pub fn visibility_label(who: impl Speaks, v: Visibility) -> String {
    let l = who.locale();
    match v {
        Visibility::Draft => td_string!(l, state_draft),
        Visibility::Limited => td_string!(l, state_limited),
        Visibility::InReview => td_string!(l, state_in_review),
        Visibility::Public => td_string!(l, state_public),
        Visibility::Deprecated => td_string!(l, state_deprecated),
        Visibility::Retired => td_string!(l, state_retired),
    }
    .to_string()
}

/// "Request for public visibility", "Change request", …
pub fn kind_label(i18n: impl Speaks, kind: RequestKind) -> String {
    match kind {
        RequestKind::Publish => td_string!(i18n.locale(), request_kind_publish),
        RequestKind::Change => td_string!(i18n.locale(), request_kind_change),
        RequestKind::Deprecate => td_string!(i18n.locale(), request_kind_deprecate),
        RequestKind::Retire => td_string!(i18n.locale(), request_kind_retire),
    }
    .to_string()
}

/// A request's status (`pending`, `approved`, `rejected`, `withdrawn`) in words; a status
/// this build does not know is shown as stored.
pub fn status_label(who: impl Speaks, status: &str) -> String {
    let l = who.locale();
    match status {
        "pending" => td_string!(l, request_status_pending),
        "approved" => td_string!(l, request_status_approved),
        "rejected" => td_string!(l, request_status_rejected),
        "withdrawn" => td_string!(l, request_status_withdrawn),
        other => return other.to_owned(),
    }
    .to_string()
}

/// An event's button label ("Request public visibility").
pub fn event_label(who: impl Speaks, e: EventKind) -> String {
    let l = who.locale();
    match e {
        EventKind::MakeLimited => td_string!(l, event_make_limited),
        EventKind::BackToDraft => td_string!(l, event_back_to_draft),
        EventKind::RequestPublic => td_string!(l, event_request_public),
        EventKind::Withdraw => td_string!(l, event_withdraw),
        EventKind::Approve => td_string!(l, event_approve),
        EventKind::Reject => td_string!(l, event_reject),
        EventKind::SubmitChange => td_string!(l, event_submit_change),
        EventKind::RequestDeprecate => td_string!(l, event_request_deprecate),
        EventKind::RequestRetire => td_string!(l, event_request_retire),
    }
    .to_string()
}
