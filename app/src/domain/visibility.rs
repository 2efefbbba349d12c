//! An offering's visibility state and the one transition function of its review (SPEC §6).

use super::gap::Gap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use super::visibility_events::{Actor, Event, EventKind};
pub use super::visibility_refusal::Refusal;

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

/// What is still missing; an empty list means ready.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// Rules for draft → limited.
    pub limited_missing: Vec<Gap>,
    /// Rules for a request for public visibility or a change request.
    pub public_missing: Vec<Gap>,
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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

/// The request an event opens, if it opens one.
pub fn opened_by(kind: EventKind) -> Option<RequestKind> {
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
#[path = "visibility_tests.rs"]
mod tests;
