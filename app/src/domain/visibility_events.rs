//! Who acts on an offering's visibility and what they ask for (the events of `transition`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Who is acting, as far as this offering is concerned. The caller decides which role a person
/// acts in (see `EventKind::by_reviewer`); an admin acting as reviewer is a `Reviewer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A member of the owning organisation; `can_edit` for editors and owners, not viewers.
    Provider { can_edit: bool },
    /// Platform reviewer; `member_of_owner` when they belong to the owning organisation.
    Reviewer { member_of_owner: bool },
    /// Anyone else.
    Other,
}

/// What someone asks to happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    MakeLimited,
    BackToDraft,
    RequestPublic { note: String },
    Withdraw,
    Approve,
    Reject { comment: String },
    SubmitChange { note: String },
    RequestDeprecate { note: String },
    RequestRetire { note: String },
}

impl Event {
    pub fn kind(&self) -> EventKind {
        match self {
            Event::MakeLimited => EventKind::MakeLimited,
            Event::BackToDraft => EventKind::BackToDraft,
            Event::RequestPublic { .. } => EventKind::RequestPublic,
            Event::Withdraw => EventKind::Withdraw,
            Event::Approve => EventKind::Approve,
            Event::Reject { .. } => EventKind::Reject,
            Event::SubmitChange { .. } => EventKind::SubmitChange,
            Event::RequestDeprecate { .. } => EventKind::RequestDeprecate,
            Event::RequestRetire { .. } => EventKind::RequestRetire,
        }
    }

    /// The note or comment to record with the request or decision: trimmed, `None` if empty.
    pub fn text(&self) -> Option<&str> {
        let raw = match self {
            Event::RequestPublic { note }
            | Event::SubmitChange { note }
            | Event::RequestDeprecate { note }
            | Event::RequestRetire { note } => note,
            Event::Reject { comment } => comment,
            Event::MakeLimited | Event::BackToDraft | Event::Withdraw | Event::Approve => {
                return None;
            }
        };
        Some(raw.trim()).filter(|t| !t.is_empty())
    }
}

/// An event without its text: for buttons, API paths and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    MakeLimited,
    BackToDraft,
    RequestPublic,
    Withdraw,
    Approve,
    Reject,
    SubmitChange,
    RequestDeprecate,
    RequestRetire,
}

impl EventKind {
    pub const ALL: [EventKind; 9] = [
        EventKind::MakeLimited,
        EventKind::BackToDraft,
        EventKind::RequestPublic,
        EventKind::Withdraw,
        EventKind::Approve,
        EventKind::Reject,
        EventKind::SubmitChange,
        EventKind::RequestDeprecate,
        EventKind::RequestRetire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::MakeLimited => "make_limited",
            EventKind::BackToDraft => "back_to_draft",
            EventKind::RequestPublic => "request_public",
            EventKind::Withdraw => "withdraw",
            EventKind::Approve => "approve",
            EventKind::Reject => "reject",
            EventKind::SubmitChange => "submit_change",
            EventKind::RequestDeprecate => "request_deprecate",
            EventKind::RequestRetire => "request_retire",
        }
    }

    /// English verb phrase for messages ("You cannot …", "Only … can …").
    pub fn english(self) -> &'static str {
        match self {
            EventKind::MakeLimited => "make the offering limited",
            EventKind::BackToDraft => "move the offering back to draft",
            EventKind::RequestPublic => "request public visibility",
            EventKind::Withdraw => "withdraw a request",
            EventKind::Approve => "approve a request",
            EventKind::Reject => "reject a request",
            EventKind::SubmitChange => "submit a change for review",
            EventKind::RequestDeprecate => "request deprecation",
            EventKind::RequestRetire => "request retirement",
        }
    }

    /// Approve and reject are a reviewer's; everything else is the provider's.
    pub fn by_reviewer(self) -> bool {
        matches!(self, EventKind::Approve | EventKind::Reject)
    }

    /// Whether the event carries a note (optional) or a comment (required for a rejection).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            EventKind::RequestPublic
                | EventKind::Reject
                | EventKind::SubmitChange
                | EventKind::RequestDeprecate
                | EventKind::RequestRetire
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown visibility event `{s}`"))
    }
}
