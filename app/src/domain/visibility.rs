//! An offering's visibility state and the one transition function of its review (SPEC §6).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest note or review comment accepted, in characters after trimming.
pub const MAX_TEXT_CHARS: usize = 2000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Draft,
    Limited,
    InReview,
    Public,
    Deprecated,
    Retired,
}

impl Visibility {
    pub const ALL: [Visibility; 6] = [
        Visibility::Draft,
        Visibility::Limited,
        Visibility::InReview,
        Visibility::Public,
        Visibility::Deprecated,
        Visibility::Retired,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Draft => "draft",
            Visibility::Limited => "limited",
            Visibility::InReview => "in_review",
            Visibility::Public => "public",
            Visibility::Deprecated => "deprecated",
            Visibility::Retired => "retired",
        }
    }

    /// English words for messages (the UI translates its own labels).
    pub fn english(self) -> &'static str {
        match self {
            Visibility::Draft => "draft",
            Visibility::Limited => "limited",
            Visibility::InReview => "in review",
            Visibility::Public => "public",
            Visibility::Deprecated => "deprecated",
            Visibility::Retired => "retired",
        }
    }

    /// Only a draft may be deleted; anything that was ever visible stays on record.
    pub fn may_delete(self) -> bool {
        self == Visibility::Draft
    }

    /// The programmatic name is frozen once an offering has been public.
    pub fn name_is_frozen(self) -> bool {
        matches!(
            self,
            Visibility::Public | Visibility::Deprecated | Visibility::Retired
        )
    }

    /// Listed in the catalog for every signed-in user. Limited (and in-review) offerings are
    /// shown to the organisation and allowlisted test accounts only: see `allowlist_applies`.
    pub fn listed_in_catalog(self) -> bool {
        matches!(self, Visibility::Public | Visibility::Deprecated)
    }

    /// The allowlist of test accounts decides who else sees the offering. A request for public
    /// visibility does not hide it from the testers while the review runs.
    pub fn allowlist_applies(self) -> bool {
        matches!(self, Visibility::Limited | Visibility::InReview)
    }

    /// Whether the offering has been released, so its limited-visibility test lies behind it.
    pub fn has_been_public(self) -> bool {
        self.name_is_frozen()
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown visibility `{s}`"))
    }
}

/// What a pending request asks a reviewer to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Limited → public (the offering is `in_review` meanwhile).
    Publish,
    /// A public offering's working copy replaces the approved version.
    Change,
    /// Public → deprecated.
    Deprecate,
    /// Deprecated → retired.
    Retire,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] = [
        RequestKind::Publish,
        RequestKind::Change,
        RequestKind::Deprecate,
        RequestKind::Retire,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Publish => "publish",
            RequestKind::Change => "change",
            RequestKind::Deprecate => "deprecate",
            RequestKind::Retire => "retire",
        }
    }

    /// English noun phrase for messages.
    pub fn english(self) -> &'static str {
        match self {
            RequestKind::Publish => "request for public visibility",
            RequestKind::Change => "change request",
            RequestKind::Deprecate => "deprecation request",
            RequestKind::Retire => "retirement request",
        }
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RequestKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown request kind `{s}`"))
    }
}

/// The visibility together with the request awaiting review, if any.
///
/// Invariants (see `is_consistent`): `InReview` if and only if a `Publish` request is pending;
/// a public offering may have a pending `Change` or `Deprecate`; a deprecated one a pending
/// `Retire`; draft, limited and retired never have a pending request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lifecycle {
    pub visibility: Visibility,
    pub pending: Option<RequestKind>,
}

impl Lifecycle {
    /// Every consistent lifecycle, in process order.
    pub const ALL: [Lifecycle; 9] = [
        Lifecycle::at(Visibility::Draft, None),
        Lifecycle::at(Visibility::Limited, None),
        Lifecycle::at(Visibility::InReview, Some(RequestKind::Publish)),
        Lifecycle::at(Visibility::Public, None),
        Lifecycle::at(Visibility::Public, Some(RequestKind::Change)),
        Lifecycle::at(Visibility::Public, Some(RequestKind::Deprecate)),
        Lifecycle::at(Visibility::Deprecated, None),
        Lifecycle::at(Visibility::Deprecated, Some(RequestKind::Retire)),
        Lifecycle::at(Visibility::Retired, None),
    ];

    const fn at(visibility: Visibility, pending: Option<RequestKind>) -> Lifecycle {
        Lifecycle {
            visibility,
            pending,
        }
    }

    /// A new offering: a draft with nothing pending.
    pub const fn draft() -> Lifecycle {
        Lifecycle::at(Visibility::Draft, None)
    }

    /// A lifecycle from stored columns; refused with `Refusal::Inconsistent` when the two
    /// contradict each other.
    pub fn new(visibility: Visibility, pending: Option<RequestKind>) -> Result<Lifecycle, Refusal> {
        let lifecycle = Lifecycle::at(visibility, pending);
        if lifecycle.is_consistent() {
            Ok(lifecycle)
        } else {
            Err(Refusal::Inconsistent {
                visibility,
                pending,
            })
        }
    }

    pub fn is_consistent(self) -> bool {
        use RequestKind as K;
        use Visibility as V;
        matches!(
            (self.visibility, self.pending),
            (
                V::Draft | V::Limited | V::Public | V::Deprecated | V::Retired,
                None
            ) | (V::InReview, Some(K::Publish))
                | (V::Public, Some(K::Change | K::Deprecate))
                | (V::Deprecated, Some(K::Retire))
        )
    }

    /// English words for the state, for messages.
    pub fn english(self) -> String {
        match (self.visibility, self.pending) {
            (Visibility::Draft, _) => "a draft".to_owned(),
            (Visibility::InReview, _) => "in review".to_owned(),
            (v, None) => v.english().to_owned(),
            (v, Some(kind)) => format!("{} with a {} pending", v.english(), kind.english()),
        }
    }

    /// The events `actor` may trigger now, by role and state alone (readiness and the text of
    /// notes and comments are checked by `transition`): the buttons to show.
    pub fn events_for(self, actor: Actor) -> Vec<EventKind> {
        EventKind::ALL
            .into_iter()
            .filter(|&kind| check_role(kind, actor).is_ok() && step(self, kind).is_ok())
            .collect()
    }

    /// The lifecycle with any pending request dropped (what it returns to on a withdrawal).
    fn settled(self) -> Lifecycle {
        match self.visibility {
            Visibility::InReview => Lifecycle::at(Visibility::Limited, None),
            v => Lifecycle::at(v, None),
        }
    }
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle::draft()
    }
}

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

/// What is still missing, as sentences; an empty list means ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// Rules for draft → limited.
    pub limited_missing: Vec<String>,
    /// Rules for a request for public visibility or a change request.
    pub public_missing: Vec<String>,
}

impl Readiness {
    pub fn ready_for_limited(&self) -> bool {
        self.limited_missing.is_empty()
    }

    pub fn ready_for_public(&self) -> bool {
        self.public_missing.is_empty()
    }
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Rejected,
    Withdrawn,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Withdrawn => "withdrawn",
        }
    }
}

/// What the caller must do besides storing the next lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Record a new request (freeze the snapshot, notify reviewers).
    OpenRequest(RequestKind),
    /// Close the pending request. An approved `Change` means: swap the working copy in.
    CloseRequest {
        kind: RequestKind,
        decision: Decision,
    },
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub next: Lifecycle,
    pub effect: Effect,
}

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
        missing: Vec<String>,
    },
    NotReadyForPublic {
        missing: Vec<String>,
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
fn sentences(missing: &[String]) -> String {
    let joined = missing
        .iter()
        .map(|s| s.trim())
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

/// The request an event opens, if it opens one.
fn opened_by(kind: EventKind) -> Option<RequestKind> {
    match kind {
        EventKind::RequestPublic => Some(RequestKind::Publish),
        EventKind::SubmitChange => Some(RequestKind::Change),
        EventKind::RequestDeprecate => Some(RequestKind::Deprecate),
        EventKind::RequestRetire => Some(RequestKind::Retire),
        _ => None,
    }
}

fn check_role(kind: EventKind, actor: Actor) -> Result<(), Refusal> {
    match (kind.by_reviewer(), actor) {
        (false, Actor::Provider { can_edit: true }) => Ok(()),
        (false, Actor::Provider { can_edit: false }) => Err(Refusal::ViewerCannotChange),
        (false, Actor::Reviewer { .. } | Actor::Other) => Err(Refusal::NotProvider { event: kind }),
        (true, Actor::Reviewer { member_of_owner }) => {
            if member_of_owner {
                Err(Refusal::OwnOrganisation)
            } else {
                Ok(())
            }
        }
        (true, Actor::Provider { .. } | Actor::Other) => Err(Refusal::NotReviewer { event: kind }),
    }
}

/// The state rules alone: where `kind` leads from `current`, or `None` if it does not apply.
fn state_rule(current: Lifecycle, kind: EventKind) -> Option<Outcome> {
    use EventKind as E;
    use RequestKind as K;
    use Visibility as V;
    let to = |visibility, pending, effect| {
        Some(Outcome {
            next: Lifecycle::at(visibility, pending),
            effect,
        })
    };
    let close = |kind, decision| Effect::CloseRequest { kind, decision };
    match (current.visibility, current.pending, kind) {
        (V::Draft, None, E::MakeLimited) => to(V::Limited, None, Effect::None),
        (V::Limited, None, E::BackToDraft) => to(V::Draft, None, Effect::None),
        (V::Limited, None, E::RequestPublic) => to(
            V::InReview,
            Some(K::Publish),
            Effect::OpenRequest(K::Publish),
        ),
        (V::Public, None, E::SubmitChange) => {
            to(V::Public, Some(K::Change), Effect::OpenRequest(K::Change))
        }
        (V::Public, None, E::RequestDeprecate) => to(
            V::Public,
            Some(K::Deprecate),
            Effect::OpenRequest(K::Deprecate),
        ),
        (V::Deprecated, None, E::RequestRetire) => to(
            V::Deprecated,
            Some(K::Retire),
            Effect::OpenRequest(K::Retire),
        ),
        (_, Some(pending), E::Withdraw | E::Approve | E::Reject) => {
            let settled = current.settled();
            let (next, decision) = match kind {
                E::Withdraw => (settled, Decision::Withdrawn),
                E::Reject => (settled, Decision::Rejected),
                _ => {
                    let visibility = match pending {
                        K::Publish | K::Change => V::Public,
                        K::Deprecate => V::Deprecated,
                        K::Retire => V::Retired,
                    };
                    (Lifecycle::at(visibility, None), Decision::Approved)
                }
            };
            Some(Outcome {
                next,
                effect: close(pending, decision),
            })
        }
        _ => None,
    }
}

/// The state rules with a precise refusal: role and state, but no text or readiness checks.
fn step(current: Lifecycle, kind: EventKind) -> Result<Outcome, StateMiss> {
    if current.visibility == Visibility::Retired {
        return Err(StateMiss::Retired);
    }
    if let Some(outcome) = state_rule(current, kind) {
        return Ok(outcome);
    }
    match current.pending {
        None if matches!(
            kind,
            EventKind::Withdraw | EventKind::Approve | EventKind::Reject
        ) =>
        {
            Err(StateMiss::NoPending)
        }
        Some(pending) if state_rule(current.settled(), kind).is_some() => {
            Err(StateMiss::Pending(pending))
        }
        _ => Err(StateMiss::Wrong),
    }
}

/// Why the state rules failed, before it is worded for an actor.
enum StateMiss {
    Retired,
    NoPending,
    Pending(RequestKind),
    Wrong,
}

fn check_text(event: &Event) -> Result<(), Refusal> {
    let chars = event.text().map_or(0, |t| t.chars().count());
    match event {
        Event::Reject { .. } if chars == 0 => Err(Refusal::CommentRequired),
        Event::Reject { .. } if chars > MAX_TEXT_CHARS => Err(Refusal::CommentTooLong { chars }),
        _ if chars > MAX_TEXT_CHARS => Err(Refusal::NoteTooLong { chars }),
        _ => Ok(()),
    }
}

fn check_readiness(kind: EventKind, readiness: &Readiness) -> Result<(), Refusal> {
    match kind {
        EventKind::MakeLimited if !readiness.ready_for_limited() => {
            Err(Refusal::NotReadyForLimited {
                missing: readiness.limited_missing.clone(),
            })
        }
        EventKind::RequestPublic | EventKind::SubmitChange if !readiness.ready_for_public() => {
            Err(Refusal::NotReadyForPublic {
                missing: readiness.public_missing.clone(),
            })
        }
        _ => Ok(()),
    }
}

/// The one transition function. Checks, in order: a consistent current state; the actor's role;
/// the state rules (retired, nothing pending, something pending, wrong state); the note or
/// comment; readiness.
pub fn transition(
    current: Lifecycle,
    event: &Event,
    actor: Actor,
    readiness: &Readiness,
) -> Result<Outcome, Refusal> {
    let current = Lifecycle::new(current.visibility, current.pending)?;
    let kind = event.kind();
    check_role(kind, actor)?;
    let outcome = step(current, kind).map_err(|miss| match miss {
        StateMiss::Retired => Refusal::Retired,
        StateMiss::NoPending => Refusal::NoPendingRequest { event: kind },
        StateMiss::Pending(pending) => Refusal::RequestPending {
            pending,
            event: kind,
        },
        StateMiss::Wrong => Refusal::WrongState {
            current,
            event: kind,
            possible: current.events_for(actor),
        },
    })?;
    check_text(event)?;
    check_readiness(kind, readiness)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rules() {
        for v in Visibility::ALL {
            assert_eq!(v.as_str().parse::<Visibility>(), Ok(v));
            assert_eq!(v.may_delete(), v == Visibility::Draft);
        }
        assert!("archived".parse::<Visibility>().is_err());
        assert!(Visibility::Public.name_is_frozen() && !Visibility::Limited.name_is_frozen());
    }

    #[test]
    fn names_round_trip_in_snake_case() {
        for v in Visibility::ALL {
            assert_eq!(
                serde_json_like(&format!("{v:?}")),
                v.as_str(),
                "serde name of {v:?}"
            );
        }
        for k in RequestKind::ALL {
            assert_eq!(k.as_str().parse::<RequestKind>(), Ok(k));
            assert_eq!(serde_json_like(&format!("{k:?}")), k.as_str());
        }
        for e in EventKind::ALL {
            assert_eq!(e.as_str().parse::<EventKind>(), Ok(e));
            assert_eq!(serde_json_like(&format!("{e:?}")), e.as_str());
        }
        assert!("publish_now".parse::<RequestKind>().is_err());
        assert!("approve_all".parse::<EventKind>().is_err());
        assert_eq!(Visibility::default(), Visibility::Draft);
        assert_eq!(Lifecycle::default(), Lifecycle::draft());
    }

    /// `rename_all = "snake_case"` applied to a Debug name of a unit variant.
    fn serde_json_like(debug: &str) -> String {
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn catalog_listing_and_allowlist() {
        let listed: Vec<_> = Visibility::ALL
            .into_iter()
            .filter(|v| v.listed_in_catalog())
            .collect();
        assert_eq!(listed, [Visibility::Public, Visibility::Deprecated]);
        let allowlisted: Vec<_> = Visibility::ALL
            .into_iter()
            .filter(|v| v.allowlist_applies())
            .collect();
        assert_eq!(allowlisted, [Visibility::Limited, Visibility::InReview]);
    }

    #[test]
    fn invariants() {
        let mut consistent = Vec::new();
        for v in Visibility::ALL {
            for p in std::iter::once(None).chain(RequestKind::ALL.map(Some)) {
                let l = Lifecycle::at(v, p);
                assert_eq!(Lifecycle::new(v, p).is_ok(), l.is_consistent());
                if l.is_consistent() {
                    consistent.push(l);
                } else {
                    assert_eq!(Lifecycle::new(v, p).unwrap_err().code(), "inconsistent");
                }
            }
        }
        assert_eq!(
            consistent,
            Lifecycle::ALL,
            "ALL lists exactly the consistent ones"
        );
        assert!(!Lifecycle::at(Visibility::InReview, None).is_consistent());
        assert!(!Lifecycle::at(Visibility::Limited, Some(RequestKind::Publish)).is_consistent());
        assert!(!Lifecycle::at(Visibility::Deprecated, Some(RequestKind::Change)).is_consistent());
        assert!(!Lifecycle::at(Visibility::Retired, Some(RequestKind::Retire)).is_consistent());
    }

    #[test]
    fn an_inconsistent_state_is_refused_before_anything_else() {
        let broken = Lifecycle::at(Visibility::InReview, None);
        let err =
            transition(broken, &Event::Approve, Actor::Other, &Readiness::default()).unwrap_err();
        assert_eq!(err.code(), "inconsistent");
        assert_eq!(
            err.english(),
            "The offering's visibility record is inconsistent (in_review with no pending request); ask an administrator to repair it."
        );
    }

    // ---- the exhaustive table -------------------------------------------------------------

    const D: Lifecycle = Lifecycle::at(Visibility::Draft, None);
    const L: Lifecycle = Lifecycle::at(Visibility::Limited, None);
    const R: Lifecycle = Lifecycle::at(Visibility::InReview, Some(RequestKind::Publish));
    const P: Lifecycle = Lifecycle::at(Visibility::Public, None);
    const PC: Lifecycle = Lifecycle::at(Visibility::Public, Some(RequestKind::Change));
    const PD: Lifecycle = Lifecycle::at(Visibility::Public, Some(RequestKind::Deprecate));
    const X: Lifecycle = Lifecycle::at(Visibility::Deprecated, None);
    const XR: Lifecycle = Lifecycle::at(Visibility::Deprecated, Some(RequestKind::Retire));
    const T: Lifecycle = Lifecycle::at(Visibility::Retired, None);

    /// Expected result for the right actor with valid text and full readiness.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Want {
        Go(Lifecycle, Effect),
        No(&'static str),
    }
    use Want::{Go, No};

    const fn open(k: RequestKind) -> Effect {
        Effect::OpenRequest(k)
    }
    const fn close(kind: RequestKind, decision: Decision) -> Effect {
        Effect::CloseRequest { kind, decision }
    }
    const NONE: Effect = Effect::None;
    const WRONG: Want = No("wrong_state");
    const NOPEND: Want = No("no_pending_request");
    const PENDING: Want = No("request_pending");
    const RETIRED: Want = No("retired");

    use Decision::{Approved as OK, Rejected as REJ, Withdrawn as WD};
    use RequestKind::{Change as CH, Deprecate as DEP, Publish as PUB, Retire as RET};

    /// Columns in `EventKind::ALL` order:
    /// make_limited, back_to_draft, request_public, withdraw, approve, reject,
    /// submit_change, request_deprecate, request_retire.
    #[rustfmt::skip]
    const TABLE: [(Lifecycle, [Want; 9]); 9] = [
        (D,  [Go(L, NONE), WRONG, WRONG, NOPEND, NOPEND, NOPEND, WRONG, WRONG, WRONG]),
        (L,  [WRONG, Go(D, NONE), Go(R, open(PUB)), NOPEND, NOPEND, NOPEND, WRONG, WRONG, WRONG]),
        (R,  [WRONG, PENDING, PENDING, Go(L, close(PUB, WD)), Go(P, close(PUB, OK)), Go(L, close(PUB, REJ)), WRONG, WRONG, WRONG]),
        (P,  [WRONG, WRONG, WRONG, NOPEND, NOPEND, NOPEND, Go(PC, open(CH)), Go(PD, open(DEP)), WRONG]),
        (PC, [WRONG, WRONG, WRONG, Go(P, close(CH, WD)), Go(P, close(CH, OK)), Go(P, close(CH, REJ)), PENDING, PENDING, WRONG]),
        (PD, [WRONG, WRONG, WRONG, Go(P, close(DEP, WD)), Go(X, close(DEP, OK)), Go(P, close(DEP, REJ)), PENDING, PENDING, WRONG]),
        (X,  [WRONG, WRONG, WRONG, NOPEND, NOPEND, NOPEND, WRONG, WRONG, Go(XR, open(RET))]),
        (XR, [WRONG, WRONG, WRONG, Go(X, close(RET, WD)), Go(T, close(RET, OK)), Go(X, close(RET, REJ)), WRONG, WRONG, PENDING]),
        (T,  [RETIRED, RETIRED, RETIRED, RETIRED, RETIRED, RETIRED, RETIRED, RETIRED, RETIRED]),
    ];

    const ACTORS: [Actor; 5] = [
        Actor::Provider { can_edit: true },
        Actor::Provider { can_edit: false },
        Actor::Reviewer {
            member_of_owner: false,
        },
        Actor::Reviewer {
            member_of_owner: true,
        },
        Actor::Other,
    ];

    /// Role refusals, checked before the state: (provider event, reviewer event) per actor in
    /// `ACTORS` order; `None` means the actor holds the role.
    const ROLE: [(Option<&str>, Option<&str>); 5] = [
        (None, Some("not_reviewer")),
        (Some("viewer_cannot_change"), Some("not_reviewer")),
        (Some("not_provider"), None),
        (Some("not_provider"), Some("own_organisation")),
        (Some("not_provider"), Some("not_reviewer")),
    ];

    fn sample(kind: EventKind) -> Event {
        let note = "Please have a look.".to_owned();
        match kind {
            EventKind::MakeLimited => Event::MakeLimited,
            EventKind::BackToDraft => Event::BackToDraft,
            EventKind::RequestPublic => Event::RequestPublic { note },
            EventKind::Withdraw => Event::Withdraw,
            EventKind::Approve => Event::Approve,
            EventKind::Reject => Event::Reject {
                comment: "The long description is empty.".to_owned(),
            },
            EventKind::SubmitChange => Event::SubmitChange { note },
            EventKind::RequestDeprecate => Event::RequestDeprecate { note },
            EventKind::RequestRetire => Event::RequestRetire { note },
        }
    }

    fn ready() -> Readiness {
        Readiness::default()
    }

    fn not_ready() -> Readiness {
        Readiness {
            limited_missing: vec!["Add at least one plan.".to_owned()],
            public_missing: vec!["Pass a smoke test.".to_owned()],
        }
    }

    fn got(result: &Result<Outcome, Refusal>) -> Want {
        match result {
            Ok(o) => Go(o.next, o.effect),
            Err(r) => No(r.code()),
        }
    }

    #[test]
    fn every_lifecycle_event_and_actor_follows_the_table() {
        assert_eq!(
            TABLE.map(|(l, _)| l),
            Lifecycle::ALL,
            "the table covers every consistent lifecycle"
        );
        let mut cases = 0;
        for (current, row) in TABLE {
            for (kind, want_for_role) in EventKind::ALL.into_iter().zip(row) {
                for (actor, (provider, reviewer)) in ACTORS.into_iter().zip(ROLE) {
                    let role_refusal = if kind.by_reviewer() {
                        reviewer
                    } else {
                        provider
                    };
                    let want = role_refusal.map_or(want_for_role, No);
                    let event = sample(kind);

                    let result = transition(current, &event, actor, &ready());
                    assert_eq!(got(&result), want, "{current:?} {kind:?} {actor:?}");

                    // Readiness only matters once everything else passes, and only for these.
                    let want_unready = match (want, kind) {
                        (Go(..), EventKind::MakeLimited) => No("not_ready_for_limited"),
                        (Go(..), EventKind::RequestPublic | EventKind::SubmitChange) => {
                            No("not_ready_for_public")
                        }
                        _ => want,
                    };
                    let unready = transition(current, &event, actor, &not_ready());
                    assert_eq!(
                        got(&unready),
                        want_unready,
                        "{current:?} {kind:?} {actor:?} unready"
                    );

                    // The buttons are exactly the events that pass role and state.
                    let shown = current.events_for(actor).contains(&kind);
                    assert_eq!(
                        shown,
                        matches!(want, Go(..)),
                        "{current:?} {kind:?} {actor:?} button"
                    );

                    if let Ok(outcome) = &result {
                        assert!(outcome.next.is_consistent());
                    }
                    if let Err(Refusal::WrongState {
                        current: c,
                        event: e,
                        possible,
                    }) = &result
                    {
                        assert_eq!((*c, *e), (current, kind));
                        assert_eq!(*possible, current.events_for(actor));
                    }
                    cases += 2;
                }
            }
        }
        assert_eq!(cases, 9 * 9 * 5 * 2);
    }

    #[test]
    fn buttons_per_state_and_role() {
        let editor = Actor::Provider { can_edit: true };
        let reviewer = Actor::Reviewer {
            member_of_owner: false,
        };
        use EventKind as E;
        assert_eq!(D.events_for(editor), [E::MakeLimited]);
        assert_eq!(L.events_for(editor), [E::BackToDraft, E::RequestPublic]);
        assert_eq!(R.events_for(editor), [E::Withdraw]);
        assert_eq!(R.events_for(reviewer), [E::Approve, E::Reject]);
        assert_eq!(P.events_for(editor), [E::SubmitChange, E::RequestDeprecate]);
        assert_eq!(X.events_for(editor), [E::RequestRetire]);
        assert!(T.events_for(editor).is_empty() && T.events_for(reviewer).is_empty());
        for l in Lifecycle::ALL {
            assert!(l.events_for(Actor::Provider { can_edit: false }).is_empty());
            assert!(l.events_for(Actor::Other).is_empty());
            assert!(l
                .events_for(Actor::Reviewer {
                    member_of_owner: true
                })
                .is_empty());
        }
    }

    // ---- specific cases and messages ------------------------------------------------------

    fn refuse(current: Lifecycle, event: Event, actor: Actor) -> Refusal {
        transition(current, &event, actor, &ready()).unwrap_err()
    }

    const EDITOR: Actor = Actor::Provider { can_edit: true };
    const REVIEWER: Actor = Actor::Reviewer {
        member_of_owner: false,
    };

    #[test]
    fn role_messages() {
        assert_eq!(
            refuse(R, Event::Approve, EDITOR).english(),
            "Only a reviewer can approve a request."
        );
        assert_eq!(
            refuse(
                R,
                Event::Reject {
                    comment: "x".into()
                },
                Actor::Other
            )
            .english(),
            "Only a reviewer can reject a request."
        );
        let own = refuse(
            R,
            Event::Approve,
            Actor::Reviewer {
                member_of_owner: true,
            },
        );
        assert_eq!(own, Refusal::OwnOrganisation);
        assert_eq!(
            own.english(),
            "Reviewers cannot review offerings of their own organisation."
        );
        let viewer = refuse(
            L,
            sample(EventKind::RequestPublic),
            Actor::Provider { can_edit: false },
        );
        assert_eq!(viewer.code(), "viewer_cannot_change");
        assert_eq!(
            viewer.english(),
            "Viewers cannot change visibility; ask an editor or owner."
        );
        assert_eq!(
            refuse(D, Event::MakeLimited, REVIEWER).english(),
            "Only editors and owners of the offering's organisation can make the offering limited."
        );
    }

    #[test]
    fn state_messages() {
        assert_eq!(
            refuse(L, Event::Withdraw, EDITOR).english(),
            "This offering has no pending request to withdraw."
        );
        assert_eq!(
            refuse(P, Event::Approve, REVIEWER).english(),
            "This offering has no pending request to approve."
        );
        assert_eq!(
            refuse(D, sample(EventKind::RequestPublic), EDITOR).english(),
            "You cannot request public visibility while the offering is a draft. Possible now: make the offering limited."
        );
        assert_eq!(
            refuse(L, Event::MakeLimited, EDITOR).english(),
            "You cannot make the offering limited while the offering is limited. Possible now: move the offering back to draft or request public visibility."
        );
        assert_eq!(
            refuse(PC, Event::BackToDraft, EDITOR).english(),
            "You cannot move the offering back to draft while the offering is public with a change request pending. Possible now: withdraw a request."
        );
        assert_eq!(
            refuse(R, Event::BackToDraft, EDITOR).english(),
            "A request for public visibility is pending; withdraw it or wait for the review before you move the offering back to draft."
        );
        assert_eq!(
            refuse(R, sample(EventKind::RequestPublic), EDITOR).english(),
            "A request for public visibility is already pending."
        );
        assert_eq!(
            refuse(PD, sample(EventKind::SubmitChange), EDITOR).english(),
            "A deprecation request is pending; withdraw it or wait for the review before you submit a change for review."
        );
        assert_eq!(
            refuse(T, sample(EventKind::RequestRetire), EDITOR).english(),
            "This offering is retired; retirement is final."
        );
        let refusal = refuse(XR, sample(EventKind::RequestDeprecate), REVIEWER);
        assert_eq!(refusal.code(), "not_provider");
        let refusal = refuse(P, sample(EventKind::RequestRetire), EDITOR);
        assert_eq!(
            refusal,
            Refusal::WrongState {
                current: P,
                event: EventKind::RequestRetire,
                possible: vec![EventKind::SubmitChange, EventKind::RequestDeprecate],
            }
        );
        assert_eq!(
            refuse(X, Event::Withdraw, EDITOR).code(),
            "no_pending_request"
        );
        let nothing = Refusal::WrongState {
            current: R,
            event: EventKind::MakeLimited,
            possible: vec![],
        };
        assert_eq!(
            nothing.english(),
            "You cannot make the offering limited while the offering is in review; there is nothing you can change about its visibility now."
        );
    }

    #[test]
    fn readiness_refusals_list_what_is_missing() {
        let readiness = Readiness {
            limited_missing: vec![
                "Fill in the English short description.".into(),
                "Add at least one plan".into(),
            ],
            public_missing: vec!["Name at least one test account.".into()],
        };
        let limited = transition(D, &Event::MakeLimited, EDITOR, &readiness).unwrap_err();
        assert_eq!(
            limited.english(),
            "Not ready for limited visibility: Fill in the English short description. Add at least one plan."
        );
        assert_eq!(
            limited,
            Refusal::NotReadyForLimited {
                missing: readiness.limited_missing.clone()
            }
        );
        let public =
            transition(L, &sample(EventKind::RequestPublic), EDITOR, &readiness).unwrap_err();
        assert_eq!(
            public.english(),
            "Not ready for public visibility: Name at least one test account."
        );
        let change =
            transition(P, &sample(EventKind::SubmitChange), EDITOR, &readiness).unwrap_err();
        assert_eq!(change.code(), "not_ready_for_public");
        // Public readiness does not block going limited, and neither blocks going back.
        let only_public = Readiness {
            limited_missing: vec![],
            public_missing: readiness.public_missing.clone(),
        };
        assert!(transition(D, &Event::MakeLimited, EDITOR, &only_public).is_ok());
        assert!(transition(L, &Event::BackToDraft, EDITOR, &readiness).is_ok());
        // Deprecation, retirement, withdrawal and decisions ignore readiness.
        assert!(transition(P, &sample(EventKind::RequestDeprecate), EDITOR, &readiness).is_ok());
        assert!(transition(R, &Event::Approve, REVIEWER, &readiness).is_ok());
    }

    #[test]
    fn rejection_needs_a_comment() {
        for comment in ["", "   ", "\n\t"] {
            let refusal = refuse(
                R,
                Event::Reject {
                    comment: comment.into(),
                },
                REVIEWER,
            );
            assert_eq!(refusal, Refusal::CommentRequired);
            assert_eq!(
                refusal.english(),
                "A rejection needs a comment that tells the provider what to fix."
            );
        }
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            refuse(R, Event::Reject { comment: long }, REVIEWER),
            Refusal::CommentTooLong {
                chars: MAX_TEXT_CHARS + 1
            }
        );
        // Exactly the limit, counted in characters (not bytes), after trimming.
        let at_limit = format!("  {}  ", "é".repeat(MAX_TEXT_CHARS));
        let ok = transition(R, &Event::Reject { comment: at_limit }, REVIEWER, &ready());
        assert_eq!(ok.unwrap().next, L);
        // A self-review is refused before the missing comment is noticed.
        assert_eq!(
            refuse(
                R,
                Event::Reject { comment: "".into() },
                Actor::Reviewer {
                    member_of_owner: true
                }
            ),
            Refusal::OwnOrganisation
        );
    }

    #[test]
    fn notes_are_optional_trimmed_and_bounded() {
        let empty = Event::RequestPublic { note: "  ".into() };
        assert_eq!(empty.text(), None);
        assert!(transition(L, &empty, EDITOR, &ready()).is_ok());
        let padded = Event::SubmitChange {
            note: "\n New plan added. ".into(),
        };
        assert_eq!(padded.text(), Some("New plan added."));
        assert_eq!(Event::Approve.text(), None);
        let long = Event::RequestDeprecate {
            note: "y".repeat(MAX_TEXT_CHARS + 5),
        };
        let refusal = transition(P, &long, EDITOR, &ready()).unwrap_err();
        assert_eq!(refusal.code(), "note_too_long");
        assert_eq!(
            refusal.english(),
            "The note is too long: 2005 characters, at most 2000."
        );
        // The state is judged before the text.
        assert_eq!(
            transition(X, &long, EDITOR, &ready()).unwrap_err().code(),
            "wrong_state"
        );
        for kind in EventKind::ALL {
            assert_eq!(kind.takes_text(), sample(kind).text().is_some(), "{kind:?}");
        }
    }

    #[test]
    fn the_public_journey() {
        let mut l = Lifecycle::draft();
        let steps: [(Event, Actor, Effect); 8] = [
            (Event::MakeLimited, EDITOR, NONE),
            (sample(EventKind::RequestPublic), EDITOR, open(PUB)),
            (Event::Withdraw, EDITOR, close(PUB, WD)),
            (sample(EventKind::RequestPublic), EDITOR, open(PUB)),
            (Event::Approve, REVIEWER, close(PUB, OK)),
            (sample(EventKind::RequestDeprecate), EDITOR, open(DEP)),
            (Event::Approve, REVIEWER, close(DEP, OK)),
            (sample(EventKind::RequestRetire), EDITOR, open(RET)),
        ];
        for (event, actor, effect) in steps {
            let outcome = transition(l, &event, actor, &ready()).unwrap();
            assert_eq!(outcome.effect, effect, "{event:?} from {l:?}");
            l = outcome.next;
        }
        assert_eq!(l, XR);
        assert_eq!(
            transition(l, &Event::Approve, REVIEWER, &ready())
                .unwrap()
                .next,
            T
        );
    }

    #[test]
    fn codes_are_distinct_snake_case() {
        let all = [
            Refusal::Inconsistent {
                visibility: Visibility::Draft,
                pending: Some(PUB),
            },
            Refusal::NotProvider {
                event: EventKind::Withdraw,
            },
            Refusal::ViewerCannotChange,
            Refusal::NotReviewer {
                event: EventKind::Approve,
            },
            Refusal::OwnOrganisation,
            Refusal::Retired,
            Refusal::NoPendingRequest {
                event: EventKind::Reject,
            },
            Refusal::RequestPending {
                pending: CH,
                event: EventKind::RequestDeprecate,
            },
            Refusal::WrongState {
                current: D,
                event: EventKind::Approve,
                possible: vec![],
            },
            Refusal::NoteTooLong { chars: 2001 },
            Refusal::CommentRequired,
            Refusal::CommentTooLong { chars: 2001 },
            Refusal::NotReadyForLimited { missing: vec![] },
            Refusal::NotReadyForPublic { missing: vec![] },
        ];
        let mut codes: Vec<&str> = all.iter().map(Refusal::code).collect();
        for refusal in &all {
            // The serde tag (`rename_all = "snake_case"`) and `code()` agree.
            let debug = format!("{refusal:?}");
            let variant = debug.split([' ', '{']).next().unwrap_or_default();
            assert_eq!(serde_json_like(variant), refusal.code());
        }
        for code in &codes {
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code}"
            );
        }
        for refusal in &all {
            let text = refusal.english();
            assert!(
                text.ends_with('.') && text.starts_with(char::is_uppercase),
                "{text}"
            );
            assert_eq!(refusal.to_string(), text);
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
