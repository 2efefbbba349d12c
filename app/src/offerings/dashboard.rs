//! The provider's start page: their offerings with state and completion, or how to begin.

use super::server::{load_dashboard, DashboardData, OfferingSummary};
use crate::components::layout::PageHeader;
use crate::components::status::{loaded, EmptyState};
use crate::domain::visibility::Visibility;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn matches(o: &OfferingSummary, q: &str, state: &str) -> bool {
    let q = q.trim().to_lowercase();
    let text = q.is_empty() || o.name.contains(&q) || o.display_name.to_lowercase().contains(&q);
    text && (state.is_empty() || o.visibility.as_str() == state)
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let import = ServerAction::<super::transfer::ImportOfferingText>::new();
    let data = Resource::new(|| (), |_| load_dashboard());
    loaded(data, move |data: DashboardData| {
        let q = query.read_untracked().get("q").unwrap_or_default();
        let state = query.read_untracked().get("state").unwrap_or_default();
        let total = data.offerings.len();
        let shown: Vec<OfferingSummary> = data
            .offerings
            .into_iter()
            .filter(|o| matches(o, &q, &state))
            .collect();
        view! {
            <PageHeader title=move || t_string!(i18n, dashboard_title).to_string()>
                <a class="btn btn-primary" href="/offerings/new">{t!(i18n, create_offering)}</a>
            </PageHeader>
            {if total == 0 {
                view! {
                    <EmptyState title=move || t_string!(i18n, dashboard_empty_title).to_string()>
                        <ol class="steps">
                            <li>{t!(i18n, dashboard_empty_step1)}</li>
                            <li>{t!(i18n, dashboard_empty_step2)}</li>
                            <li>{t!(i18n, dashboard_empty_step3)}</li>
                        </ol>
                        <p><a class="btn btn-primary" href="/offerings/new">{t!(i18n, create_offering)}</a></p>
                    </EmptyState>
                }
                .into_any()
            } else {
                view! {
                    <form method="get" action="/dashboard" class="filter-bar" role="search">
                        <div class="field">
                            <label for="q">{t!(i18n, search)}</label>
                            <input id="q" name="q" type="search" value=q.clone()/>
                        </div>
                        <div class="field">
                            <label for="state">{t!(i18n, state)}</label>
                            <select id="state" name="state">
                                <option value="" selected=state.is_empty()>{t!(i18n, all_states)}</option>
                                {Visibility::ALL.iter().map(|v| view! {
                                    <option value=v.as_str() selected=state == v.as_str()>{v.as_str()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="btn btn-secondary">{t!(i18n, filter)}</button>
                    </form>
                    <table class="data-table offerings">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, offering_name)}</th>
                                <th scope="col">{t!(i18n, state)}</th>
                                <th scope="col">{t!(i18n, completion)}</th>
                                <th scope="col">{t!(i18n, last_change)}</th>
                                <th scope="col">{t!(i18n, organisation)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {if shown.is_empty() {
                                view! { <tr><td colspan="5">{t!(i18n, no_match)}</td></tr> }.into_any()
                            } else {
                                shown.into_iter().map(|o| view! {
                                    <tr>
                                        <td>
                                            <a href=format!("/offerings/{}", o.id)>{o.name.clone()}</a>
                                            {(!o.display_name.is_empty()).then(|| view! { <div class="muted">{o.display_name.clone()}</div> })}
                                        </td>
                                        <td><span class="tag">{o.visibility.as_str()}</span></td>
                                        <td>{o.completion} " %"</td>
                                        <td><time datetime=o.updated_at.clone()>{o.updated_at.chars().take(10).collect::<String>()}</time></td>
                                        <td>{o.organisation_name}</td>
                                    </tr>
                                }).collect_view().into_any()
                            }}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
            <super::transfer::ImportCard action=import memberships=data.memberships.clone()/>
            {(!data.memberships.is_empty()).then(|| view! {
                <h2 class="section-title">{t!(i18n, dashboard_orgs)}</h2>
                <table class="data-table">
                    <thead>
                        <tr><th scope="col">{t!(i18n, organisation)}</th><th scope="col">{t!(i18n, role)}</th></tr>
                    </thead>
                    <tbody>
                        {data.memberships.into_iter().map(|m| view! {
                            <tr><td>{m.organisation_name}</td><td>{m.role.to_string()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        }
    })
}
