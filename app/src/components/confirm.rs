//! A destructive action asked for twice (SPEC §14): the first click opens a `<details>` that
//! says what will happen, the form inside it does it. Plain HTML, so it works without
//! JavaScript too.

use leptos::prelude::*;

/// `label` opens the confirmation; `warning` says what the action does; `children` is the form
/// whose button carries it out.
#[component]
pub fn Confirm(
    #[prop(into)] label: String,
    #[prop(into)] warning: String,
    /// The opening button's classes (a small ghost button unless told).
    #[prop(optional, into)]
    class: Option<String>,
    /// Said to screen readers after `label`: what it applies to, when a list has several.
    #[prop(optional, into)]
    about: Option<String>,
    children: Children,
) -> impl IntoView {
    let class = class.unwrap_or_else(|| "btn btn-ghost btn-small".into());
    view! {
        <details class="confirm">
            <summary class=class>
                {label}
                {about.map(|a| view! { <span class="visually-hidden">" " {a}</span> })}
            </summary>
            <div class="confirm-body">
                <p>{warning}</p>
                {children()}
            </div>
        </details>
    }
}
