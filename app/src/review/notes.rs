//! Reviewers' per-field comments beside the fields of the editor. The loaded offering carries
//! its open comments; each form field shows those attached to it, with "Mark resolved".

use super::server::{Comment, ResolveComment};
use crate::i18n::*;
use crate::offerings::editor::OfferingContext;
use crate::offerings::server::OfferingView;
use leptos::prelude::*;

/// The open per-field comments of the offering being edited, and its id.
#[derive(Clone)]
pub struct OpenComments {
    pub offering_id: String,
    pub comments: Vec<Comment>,
}

/// Called where a tab renders the loaded offering; the fields below read it.
pub fn provide_open_comments(o: &OfferingView) {
    provide_context(OpenComments {
        offering_id: o.id.clone(),
        comments: o.open_comments.clone(),
    });
}

/// The comments on the document field `key` (e.g. `texts.en.short_description`).
#[component]
pub fn FieldNotes(#[prop(into)] key: String) -> impl IntoView {
    let i18n = use_i18n();
    let Some(open) = use_context::<OpenComments>() else {
        return ().into_any();
    };
    let resolve = ServerAction::<ResolveComment>::new();
    if let Some(ctx) = use_context::<OfferingContext>() {
        Effect::new(move |_| {
            if let Some(Ok(())) = resolve.value().get() {
                ctx.reload.update(|n| *n += 1);
            }
        });
    }
    let OpenComments {
        offering_id,
        comments,
    } = open;
    comments
        .into_iter()
        .filter(|c| c.field.as_deref() == Some(key.as_str()))
        .map(|c| {
            let offering_id = offering_id.clone();
            view! {
                <div class="review-note" role="note" data-field=key.clone()>
                    <p><strong>{t!(i18n, reviewer_comment)}</strong> " " <span class="muted">{c.author.clone()}</span></p>
                    <p>{c.body.clone()}</p>
                    // The field sits inside its tab's form and forms cannot nest: a plain button
                    // (the Visibility tab lists the same comments with a form of their own).
                    <button type="button" class="btn btn-secondary btn-small" on:click=move |_| {
                        resolve.dispatch(ResolveComment { id: offering_id.clone(), comment_id: c.id });
                    }>{t!(i18n, mark_resolved)}</button>
                </div>
            }
        })
        .collect_view()
        .into_any()
}
