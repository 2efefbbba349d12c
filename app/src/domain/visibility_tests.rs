//! Table tests of `visibility`: every event from every state and actor, readiness, texts.

use super::*;
use crate::domain::gap::GapCode;

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
    let err = transition(broken, &Event::Approve, Actor::Other, &Readiness::default()).unwrap_err();
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
        limited_missing: vec![Gap::new(GapCode::AddPlan)],
        public_missing: vec![Gap::new(GapCode::PassSmokeTest)],
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
            Gap::at(GapCode::FillEnglish, "short_description"),
            Gap::new(GapCode::AddPlan),
        ],
        public_missing: vec![Gap::new(GapCode::NameTestAccount)],
    };
    let limited = transition(D, &Event::MakeLimited, EDITOR, &readiness).unwrap_err();
    assert_eq!(
        limited.english(),
        "Not ready for limited visibility: Fill in the English short description (Catalog text). Add at least one plan."
    );
    assert_eq!(
        limited,
        Refusal::NotReadyForLimited {
            missing: readiness.limited_missing.clone()
        }
    );
    let public = transition(L, &sample(EventKind::RequestPublic), EDITOR, &readiness).unwrap_err();
    assert_eq!(
        public.english(),
        "Not ready for public visibility: Name at least one test account."
    );
    let change = transition(P, &sample(EventKind::SubmitChange), EDITOR, &readiness).unwrap_err();
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
