//! The History tab: who changed what and when, newest first, a page at a time.

use super::editor::offering_id;
use super::server::{offering_history, HistoryPage};
use crate::components::changes::ChangeList;
use crate::components::status::loaded;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryTab() -> impl IntoView {
    let i18n = use_i18n();
    let id = offering_id();
    let query = use_query_map();
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let page = Resource::new(
        move || (id(), before()),
        |(id, before)| offering_history(id, before),
    );
    loaded(page, move |page: HistoryPage| {
        let base = format!("/offerings/{}/history", id());
        view! {
            <section class="card">
                <h2>{t!(i18n, tab_history)}</h2>
                {if page.entries.is_empty() {
                    view! { <p>{t!(i18n, history_empty)}</p> }.into_any()
                } else {
                    view! {
                        <table class="data-table history">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, when)}</th>
                                    <th scope="col">{t!(i18n, who)}</th>
                                    <th scope="col">{t!(i18n, what)}</th>
                                    <th scope="col">{t!(i18n, changes)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.entries.into_iter().map(|e| view! {
                                    <tr>
                                        <td><crate::format::When at=e.at.clone()/></td>
                                        <td>{e.actor}</td>
                                        <td data-action=e.action.clone()>{crate::components::audit_words::action_text(i18n, &e.action)}</td>
                                        <td><ChangeList changes=e.changes/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }}
                {page.next.map(|n| view! { <p><a href=format!("{base}?before={n}")>{t!(i18n, older_entries)}</a></p> })}
            </section>
        }
    })
}
