//! A refused visibility change (`domain::visibility::Refusal`) in the reader's language: the
//! event by its button label, the state by its badge, what is missing by the checklist's words.

use super::gap_words::gap_text;
use super::lifecycle_words::{event_label, kind_label, visibility_label};
use super::speaks::{fill, Speaks};
use crate::domain::gap::Gap;
use crate::domain::visibility::{opened_by, EventKind, Lifecycle, Refusal};
use crate::i18n::*;

/// The refusal as the page says it.
pub fn refusal_text(i18n: impl Speaks, refusal: &Refusal) -> String {
    let l = i18n.locale();
    use Refusal as R;
    let with_event =
        |template: &str, event: EventKind| fill(template, &[("event", &event_label(i18n, event))]);
    match refusal {
        R::Inconsistent { .. } => td_string!(l, refused_inconsistent).to_string(),
        R::NotProvider { event } => with_event(td_string!(l, refused_not_provider), *event),
        R::ViewerCannotChange => td_string!(l, said_viewer_cannot_change).to_string(),
        R::NotReviewer { event } => with_event(td_string!(l, refused_not_reviewer), *event),
        R::OwnOrganisation => td_string!(l, said_own_organisation).to_string(),
        R::Retired => td_string!(l, said_retired).to_string(),
        R::NoPendingRequest { event } => with_event(td_string!(l, refused_no_pending), *event),
        R::RequestPending { pending, event } => {
            let kind = kind_label(i18n, *pending);
            let template = if opened_by(*event) == Some(*pending) {
                td_string!(l, refused_already_pending)
            } else {
                td_string!(l, refused_pending_first)
            };
            fill(
                template,
                &[("kind", &kind), ("event", &event_label(i18n, *event))],
            )
        }
        R::WrongState {
            current,
            event,
            possible,
        } => wrong_state(i18n, *current, *event, possible),
        R::NoteTooLong { .. } | R::CommentRequired | R::CommentTooLong { .. } => {
            crate::components::said::said(i18n, &refusal.english())
        }
        R::NotReadyForLimited { missing } => {
            not_ready(i18n, td_string!(l, refused_not_ready_limited), missing)
        }
        R::NotReadyForPublic { missing } => {
            not_ready(i18n, td_string!(l, refused_not_ready_public), missing)
        }
    }
}

/// "“Make limited” is not possible while … Possible now: “A”, “B”."
fn wrong_state(
    i18n: impl Speaks,
    current: Lifecycle,
    event: EventKind,
    possible: &[EventKind],
) -> String {
    let l = i18n.locale();
    let state = visibility_label(l, current.visibility);
    let state = match current.pending {
        Some(kind) => fill(
            td_string!(l, refused_state_pending),
            &[("state", &state), ("kind", &kind_label(i18n, kind))],
        ),
        None => state,
    };
    let head = fill(
        td_string!(l, refused_wrong_state),
        &[("event", &event_label(i18n, event)), ("state", &state)],
    );
    let tail = if possible.is_empty() {
        td_string!(l, refused_nothing_possible).to_string()
    } else {
        let events: Vec<String> = possible
            .iter()
            .map(|e| {
                fill(
                    td_string!(l, refused_quoted),
                    &[("event", &event_label(i18n, *e))],
                )
            })
            .collect();
        fill(
            td_string!(l, refused_possible_now),
            &[("events", &events.join(", "))],
        )
    };
    format!("{head} {tail}")
}

/// "Not ready for …: " and each missing item in the checklist's words.
fn not_ready(i18n: impl Speaks, template: &str, missing: &[Gap]) -> String {
    let l = i18n.locale();
    let items: Vec<String> = missing
        .iter()
        .map(|g| full_stop(gap_text(i18n, g)))
        .collect();
    let gaps = if items.is_empty() {
        td_string!(l, refused_see_checklist).to_string()
    } else {
        items.join(" ")
    };
    fill(template, &[("gaps", &gaps)])
}

fn full_stop(text: String) -> String {
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '!', '?']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}

#[cfg(test)]
#[path = "refusal_words_tests.rs"]
mod tests;
