use super::*;
use crate::domain::gap::GapCode;
use crate::domain::visibility::{RequestKind, Visibility};

fn at(visibility: Visibility, pending: Option<RequestKind>) -> Lifecycle {
    Lifecycle::new(visibility, pending).expect("a consistent lifecycle")
}

/// One of each refusal, with what it names.
fn every_refusal() -> Vec<Refusal> {
    vec![
        Refusal::Inconsistent {
            visibility: Visibility::InReview,
            pending: None,
        },
        Refusal::NotProvider {
            event: EventKind::MakeLimited,
        },
        Refusal::ViewerCannotChange,
        Refusal::NotReviewer {
            event: EventKind::Approve,
        },
        Refusal::OwnOrganisation,
        Refusal::Retired,
        Refusal::NoPendingRequest {
            event: EventKind::Withdraw,
        },
        Refusal::RequestPending {
            pending: RequestKind::Publish,
            event: EventKind::RequestPublic,
        },
        Refusal::RequestPending {
            pending: RequestKind::Deprecate,
            event: EventKind::SubmitChange,
        },
        Refusal::WrongState {
            current: at(Visibility::Public, Some(RequestKind::Change)),
            event: EventKind::BackToDraft,
            possible: vec![EventKind::Withdraw],
        },
        Refusal::WrongState {
            current: at(Visibility::InReview, Some(RequestKind::Publish)),
            event: EventKind::MakeLimited,
            possible: vec![],
        },
        Refusal::NotReadyForLimited {
            missing: vec![
                Gap::new(GapCode::AddPlan),
                Gap::at(GapCode::FillEnglish, "short_description"),
            ],
        },
        Refusal::NotReadyForPublic { missing: vec![] },
    ]
}

#[test]
fn english_names_the_button_and_the_state() {
    let cases = [
        (
            Refusal::NotProvider {
                event: EventKind::MakeLimited,
            },
            "Only editors and owners of the offering's organisation can use “Make limited”.",
        ),
        (
            Refusal::WrongState {
                current: at(Visibility::Draft, None),
                event: EventKind::RequestPublic,
                possible: vec![EventKind::MakeLimited],
            },
            "“Request public visibility” is not possible while the offering is in the state “Draft”. Possible now: “Make limited”.",
        ),
        (
            Refusal::WrongState {
                current: at(Visibility::Public, Some(RequestKind::Change)),
                event: EventKind::BackToDraft,
                possible: vec![EventKind::Withdraw, EventKind::RequestDeprecate],
            },
            "“Back to draft” is not possible while the offering is in the state “Public, pending: Change request”. Possible now: “Withdraw request”, “Request deprecation”.",
        ),
        (
            Refusal::RequestPending {
                pending: RequestKind::Change,
                event: EventKind::SubmitChange,
            },
            "Already pending: Change request.",
        ),
        (
            Refusal::NotReadyForPublic { missing: vec![] },
            "Not ready for public visibility: see the release checklist.",
        ),
    ];
    for (refusal, want) in cases {
        assert_eq!(refusal_text(Locale::en, &refusal), want, "{refusal:?}");
    }
}

#[test]
fn german_words_every_part() {
    let cases = [
        (
            Refusal::NoPendingRequest {
                event: EventKind::Withdraw,
            },
            "Für dieses Angebot ist keine Anfrage offen, daher ist „Antrag zurückziehen“ nicht möglich.",
        ),
        (
            Refusal::NotReadyForLimited {
                missing: vec![Gap::new(GapCode::AddPlan)],
            },
            "Noch nicht bereit für eingeschränkte Sichtbarkeit: Legen Sie mindestens einen Plan an.",
        ),
    ];
    for (refusal, want) in cases {
        assert_eq!(refusal_text(Locale::de, &refusal), want, "{refusal:?}");
    }
}

/// In every language every refusal is a sentence of its own words: no placeholder left, and
/// (outside English) not the English one.
#[test]
fn every_refusal_in_every_language() {
    for locale in Locale::get_all() {
        for refusal in every_refusal() {
            let text = refusal_text(*locale, &refusal);
            assert!(!text.contains('%'), "{locale:?} {refusal:?}: {text}");
            assert!(!text.trim().is_empty(), "{locale:?} {refusal:?}");
            if *locale != Locale::en {
                assert_ne!(text, refusal_text(Locale::en, &refusal), "{locale:?}");
            }
        }
    }
}
