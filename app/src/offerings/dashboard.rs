//! The provider's start page: their offerings with state and completion, or how to begin.

use super::server::{load_dashboard, DashboardData, OfferingSummary};
use crate::components::layout::PageHeader;
use crate::components::lifecycle_words::visibility_label;
use crate::components::status::{loaded, EmptyState};
use crate::domain::visibility::Visibility;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A column the offerings table sorts by (`?sort=<key>&dir=desc`), by link, so it works
/// without JavaScript too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Name,
    State,
    Completion,
    Updated,
    Organisation,
}

const SORT_KEYS: [(SortKey, &str); 5] = [
    (SortKey::Name, "name"),
    (SortKey::State, "state"),
    (SortKey::Completion, "completion"),
    (SortKey::Updated, "updated"),
    (SortKey::Organisation, "organisation"),
];

impl SortKey {
    fn parse(key: &str) -> SortKey {
        SORT_KEYS
            .iter()
            .find(|(_, k)| *k == key)
            .map_or(SortKey::Name, |(s, _)| *s)
    }

    fn as_str(self) -> &'static str {
        SORT_KEYS
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("name", |(_, k)| k)
    }
}

/// Sorts by `key` (states in lifecycle order), then by name; `descending` reverses the key only.
fn sort(rows: &mut [OfferingSummary], key: SortKey, descending: bool) {
    let stage = |v: Visibility| Visibility::ALL.iter().position(|x| *x == v);
    rows.sort_by(|a, b| {
        let by_key = match key {
            SortKey::Name => a.name.cmp(&b.name),
            SortKey::State => stage(a.visibility).cmp(&stage(b.visibility)),
            SortKey::Completion => a.completion.cmp(&b.completion),
            SortKey::Updated => a.updated_at.cmp(&b.updated_at),
            SortKey::Organisation => a.organisation_name.cmp(&b.organisation_name),
        };
        let by_key = if descending { by_key.reverse() } else { by_key };
        by_key.then_with(|| a.name.cmp(&b.name))
    });
}

fn sort_header(
    i18n: leptos_i18n::I18nContext<Locale>,
    key: SortKey,
    current: (SortKey, bool),
    q: &str,
    state: &str,
) -> impl IntoView {
    let label = match key {
        SortKey::Name => t_string!(i18n, offering_name).to_string(),
        SortKey::State => t_string!(i18n, state).to_string(),
        SortKey::Completion => t_string!(i18n, completion).to_string(),
        SortKey::Updated => t_string!(i18n, last_change).to_string(),
        SortKey::Organisation => t_string!(i18n, organisation).to_string(),
    };
    let active = current.0 == key;
    let descending = active && current.1;
    // A click on the sorted column flips it; on another column sorts it ascending.
    let dir = if active && !descending { "desc" } else { "asc" };
    let href = format!(
        "/dashboard?q={}&state={}&sort={}&dir={dir}",
        urlencoding::encode(q),
        urlencoding::encode(state),
        key.as_str()
    );
    let sorted = active.then_some(if descending {
        "descending"
    } else {
        "ascending"
    });
    let arrow = active.then_some(if descending { " ↓" } else { " ↑" });
    view! {
        <th scope="col" aria-sort=sorted data-sort=key.as_str()>
            <a href=href class="sort-link">{label}<span aria-hidden="true">{arrow}</span></a>
        </th>
    }
}

fn matches(o: &OfferingSummary, q: &str, state: &str) -> bool {
    let q = q.trim().to_lowercase();
    let text = q.is_empty() || o.name.contains(&q) || o.display_name.to_lowercase().contains(&q);
    text && (state.is_empty() || o.visibility.as_str() == state)
}

fn offerings_table(
    i18n: leptos_i18n::I18nContext<Locale>,
    shown: Vec<OfferingSummary>,
    current: (SortKey, bool),
    q: &str,
    state: &str,
) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=move || t_string!(i18n, dashboard_title).to_string()>
            <table class="data-table offerings">
                <thead>
                    <tr>
                        {SORT_KEYS.iter().map(|(key, _)| sort_header(i18n, *key, current, q, state)).collect_view()}
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
                                <td><span class="tag" data-state=o.visibility.as_str()>{visibility_label(i18n, o.visibility)}</span></td>
                                <td>{o.completion} " %"</td>
                                <td><crate::format::When at=o.updated_at.clone() date_only=true/></td>
                                <td>{o.organisation_name}</td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
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
        let offerings = data.offerings.clone();
        // Follows the address, so a sort link works by client-side navigation as well.
        let table = move || {
            let query = query.read();
            let (q, state) = (
                query.get("q").unwrap_or_default(),
                query.get("state").unwrap_or_default(),
            );
            let current = (
                SortKey::parse(&query.get("sort").unwrap_or_default()),
                query.get("dir").as_deref() == Some("desc"),
            );
            let mut shown: Vec<OfferingSummary> = offerings
                .iter()
                .filter(|o| matches(o, &q, &state))
                .cloned()
                .collect();
            sort(&mut shown, current.0, current.1);
            offerings_table(i18n, shown, current, &q, &state)
        };
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
                                    <option value=v.as_str() selected=state == v.as_str()>{visibility_label(i18n, *v)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="btn btn-secondary">{t!(i18n, filter)}</button>
                    </form>
                    {table}
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
                            <tr><td>{m.organisation_name}</td><td>{crate::components::words::org_role_label(i18n, m.role)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        name: &str,
        visibility: Visibility,
        completion: u8,
        updated_at: &str,
    ) -> OfferingSummary {
        OfferingSummary {
            id: name.into(),
            name: name.into(),
            display_name: String::new(),
            organisation_name: "Org".into(),
            visibility,
            completion,
            updated_at: updated_at.into(),
        }
    }

    #[test]
    fn sorts_by_each_column_then_by_name() {
        let rows = vec![
            row("b", Visibility::Public, 100, "2026-12-02"),
            row("a", Visibility::Draft, 40, "2026-12-03"),
            row("c", Visibility::Limited, 40, "2026-12-01"),
        ];
        let cases: [(SortKey, bool, [&str; 3]); 6] = [
            (SortKey::Name, false, ["a", "b", "c"]),
            (SortKey::Name, true, ["c", "b", "a"]),
            (SortKey::State, false, ["a", "c", "b"]),
            (SortKey::Completion, false, ["a", "c", "b"]),
            (SortKey::Completion, true, ["b", "a", "c"]),
            (SortKey::Updated, true, ["a", "b", "c"]),
        ];
        for (key, descending, want) in cases {
            let mut got = rows.clone();
            sort(&mut got, key, descending);
            let got: Vec<&str> = got.iter().map(|r| r.name.as_str()).collect();
            assert_eq!(got, want, "{key:?} descending={descending}");
        }
        assert_eq!(SortKey::parse("nonsense"), SortKey::Name);
        assert_eq!(SortKey::parse("updated"), SortKey::Updated);
    }
}
