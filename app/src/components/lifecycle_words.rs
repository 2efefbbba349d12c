//! Lifecycle words in the reader's language: events, request kinds, request statuses.

use super::speaks::Speaks;
use crate::domain::visibility::{EventKind, RequestKind, Visibility};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// "Draft", "In review", …
pub fn visibility_label(i18n: I18n, v: Visibility) -> String {
    match v {
        Visibility::Draft => t_string!(i18n, state_draft),
        Visibility::Limited => t_string!(i18n, state_limited),
        Visibility::InReview => t_string!(i18n, state_in_review),
        Visibility::Public => t_string!(i18n, state_public),
        Visibility::Deprecated => t_string!(i18n, state_deprecated),
        Visibility::Retired => t_string!(i18n, state_retired),
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
pub fn event_label(i18n: I18n, e: EventKind) -> String {
    match e {
        EventKind::MakeLimited => t_string!(i18n, event_make_limited),
        EventKind::BackToDraft => t_string!(i18n, event_back_to_draft),
        EventKind::RequestPublic => t_string!(i18n, event_request_public),
        EventKind::Withdraw => t_string!(i18n, event_withdraw),
        EventKind::Approve => t_string!(i18n, event_approve),
        EventKind::Reject => t_string!(i18n, event_reject),
        EventKind::SubmitChange => t_string!(i18n, event_submit_change),
        EventKind::RequestDeprecate => t_string!(i18n, event_request_deprecate),
        EventKind::RequestRetire => t_string!(i18n, event_request_retire),
    }
    .to_string()
}
