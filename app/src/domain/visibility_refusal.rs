//! Why a visibility transition was refused, in words for people and as stable codes.

use super::gap::Gap;
use super::visibility::{opened_by, EventKind, Lifecycle, RequestKind, Visibility, MAX_TEXT_CHARS};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a transition was refused. `english()` is for people, `code()` for API errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Refusal {
    /// The stored state contradicts itself.
    Inconsistent {
        visibility: Visibility,
        pending: Option<RequestKind>,
    },
    /// A provider event from someone outside the organisation (or from a reviewer).
    NotProvider {
        event: EventKind,
    },
    /// A member with read-only rights.
    ViewerCannotChange,
    /// A reviewer event from someone who is not a reviewer.
    NotReviewer {
        event: EventKind,
    },
    /// The reviewer belongs to the owning organisation.
    OwnOrganisation,
    /// Nothing changes a retired offering.
    Retired,
    /// Withdraw, approve or reject with no request pending.
    NoPendingRequest {
        event: EventKind,
    },
    /// The event would be possible once the pending request is decided or withdrawn.
    RequestPending {
        pending: RequestKind,
        event: EventKind,
    },
    /// The event does not apply to the current state; `possible` is what the actor can do.
    WrongState {
        current: Lifecycle,
        event: EventKind,
        possible: Vec<EventKind>,
    },
    NoteTooLong {
        chars: usize,
    },
    CommentRequired,
    CommentTooLong {
        chars: usize,
    },
    NotReadyForLimited {
        missing: Vec<Gap>,
    },
    NotReadyForPublic {
        missing: Vec<Gap>,
    },
}

impl Refusal {
    /// Stable snake_case code for API errors.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Inconsistent { .. } => "inconsistent",
            Refusal::NotProvider { .. } => "not_provider",
            Refusal::ViewerCannotChange => "viewer_cannot_change",
            Refusal::NotReviewer { .. } => "not_reviewer",
            Refusal::OwnOrganisation => "own_organisation",
            Refusal::Retired => "retired",
            Refusal::NoPendingRequest { .. } => "no_pending_request",
            Refusal::RequestPending { .. } => "request_pending",
            Refusal::WrongState { .. } => "wrong_state",
            Refusal::NoteTooLong { .. } => "note_too_long",
            Refusal::CommentRequired => "comment_required",
            Refusal::CommentTooLong { .. } => "comment_too_long",
            Refusal::NotReadyForLimited { .. } => "not_ready_for_limited",
            Refusal::NotReadyForPublic { .. } => "not_ready_for_public",
        }
    }

    /// A rule about who may act (403), not about the offering's state or the text given.
    pub fn by_role(&self) -> bool {
        matches!(
            self,
            Refusal::NotProvider { .. }
                | Refusal::ViewerCannotChange
                | Refusal::NotReviewer { .. }
                | Refusal::OwnOrganisation
        )
    }

    /// A rule about the note or comment typed (answered on that field).
    pub fn about_text(&self) -> bool {
        matches!(
            self,
            Refusal::NoteTooLong { .. } | Refusal::CommentRequired | Refusal::CommentTooLong { .. }
        )
    }

    /// A sentence for the person who tried.
    pub fn english(&self) -> String {
        match self {
            Refusal::Inconsistent {
                visibility,
                pending,
            } => format!(
                "The offering's visibility record is inconsistent ({} with {}); ask an administrator to repair it.",
                visibility.as_str(),
                pending.map_or("no pending request", RequestKind::english),
            ),
            Refusal::NotProvider { event } => format!(
                "Only editors and owners of the offering's organisation can {}.",
                event.english()
            ),
            Refusal::ViewerCannotChange => {
                "Viewers cannot change visibility; ask an editor or owner.".to_owned()
            }
            Refusal::NotReviewer { event } => {
                format!("Only a reviewer can {}.", event.english())
            }
            Refusal::OwnOrganisation => {
                "Reviewers cannot review offerings of their own organisation.".to_owned()
            }
            Refusal::Retired => "This offering is retired; retirement is final.".to_owned(),
            Refusal::NoPendingRequest { event } => {
                let verb = match event {
                    EventKind::Approve => "approve",
                    EventKind::Reject => "reject",
                    _ => "withdraw",
                };
                format!("This offering has no pending request to {verb}.")
            }
            Refusal::RequestPending { pending, event } => {
                if opened_by(*event) == Some(*pending) {
                    format!("A {} is already pending.", pending.english())
                } else {
                    format!(
                        "A {} is pending; withdraw it or wait for the review before you {}.",
                        pending.english(),
                        event.english()
                    )
                }
            }
            Refusal::WrongState {
                current,
                event,
                possible,
            } => {
                let head = format!(
                    "You cannot {} while the offering is {}",
                    event.english(),
                    current.english()
                );
                if possible.is_empty() {
                    format!("{head}; there is nothing you can change about its visibility now.")
                } else {
                    let options: Vec<&str> = possible.iter().map(|e| e.english()).collect();
                    format!("{head}. Possible now: {}.", options.join(" or "))
                }
            }
            Refusal::NoteTooLong { chars } => format!(
                "The note is too long: {chars} characters, at most {MAX_TEXT_CHARS}."
            ),
            Refusal::CommentRequired => {
                "A rejection needs a comment that tells the provider what to fix.".to_owned()
            }
            Refusal::CommentTooLong { chars } => format!(
                "The comment is too long: {chars} characters, at most {MAX_TEXT_CHARS}."
            ),
            Refusal::NotReadyForLimited { missing } => format!(
                "Not ready for limited visibility: {}",
                sentences(missing)
            ),
            Refusal::NotReadyForPublic { missing } => format!(
                "Not ready for public visibility: {}",
                sentences(missing)
            ),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for Refusal {}

/// Joins sentences, ending the last with a full stop if it lacks one.
fn sentences(missing: &[Gap]) -> String {
    let joined = missing
        .iter()
        .map(|g| g.message.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        "see the checklist.".to_owned()
    } else if joined.ends_with(['.', '!', '?']) {
        joined
    } else {
        format!("{joined}.")
    }
}
