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
                                        <td data-action=e.action.clone()>{action_text(i18n, &e.action)}</td>
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

/// What an audit row's action did, in the reader's language (the code for one it does not know).
fn action_text(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> String {
    use crate::domain::visibility::EventKind;
    let event = action
        .strip_prefix("visibility.")
        .and_then(|k| EventKind::ALL.into_iter().find(|e| e.as_str() == k));
    if let Some(event) = event {
        return crate::components::lifecycle_words::event_label(i18n, event);
    }
    match action {
        "offering.create" => t_string!(i18n, history_offering_create),
        "offering.update" => t_string!(i18n, history_offering_update),
        "offering.delete" => t_string!(i18n, history_offering_delete),
        "offering.icon" => t_string!(i18n, history_offering_icon),
        "visibility.test_account.add" => t_string!(i18n, history_test_account_add),
        "visibility.test_account.remove" => t_string!(i18n, history_test_account_remove),
        "review.comment" => t_string!(i18n, history_review_comment),
        "review.comment.resolve" => t_string!(i18n, history_review_comment_resolve),
        "broker.create" => t_string!(i18n, history_broker_create),
        "broker.update" => t_string!(i18n, history_broker_update),
        "broker.delete" => t_string!(i18n, history_broker_delete),
        "broker.validate" => t_string!(i18n, history_broker_validate),
        "broker.smoke" => t_string!(i18n, history_broker_smoke),
        "broker.conformance" => t_string!(i18n, history_broker_conformance),
        "iam.client.create" => t_string!(i18n, history_iam_client_create),
        "iam.client.rotate" => t_string!(i18n, history_iam_client_rotate),
        "usage.report" => t_string!(i18n, history_usage_report),
        "usage.replay" => t_string!(i18n, history_usage_replay),
        "usage.replay.clear" => t_string!(i18n, history_usage_replay_clear),
        other => return other.to_owned(),
    }
    .to_string()
}
