//! The provider's start page: their organisations and offerings, or how to begin.

use crate::components::layout::PageHeader;
use crate::components::status::{loaded, EmptyState};
use crate::domain::access::Membership;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[server]
pub async fn dashboard_overview() -> Result<Vec<Membership>, AppError> {
    use crate::auth::session::require;
    use crate::domain::access::Need;
    let principal = require(Need::SignedIn).await?;
    Ok(principal.memberships)
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| dashboard_overview());
    view! {
        {loaded(overview, move |memberships: Vec<Membership>| view! {
            <PageHeader title=move || t_string!(i18n, dashboard_title).to_string()/>
            <EmptyState title=move || t_string!(i18n, dashboard_empty_title).to_string()>
                <ol class="steps">
                    <li>{t!(i18n, dashboard_empty_step1)}</li>
                    <li>{t!(i18n, dashboard_empty_step2)}</li>
                    <li>{t!(i18n, dashboard_empty_step3)}</li>
                </ol>
            </EmptyState>
            {(!memberships.is_empty()).then(|| view! {
                <h2 class="section-title">{t!(i18n, dashboard_orgs)}</h2>
                <table class="data-table">
                    <thead>
                        <tr><th scope="col">{t!(i18n, organisation)}</th><th scope="col">{t!(i18n, role)}</th></tr>
                    </thead>
                    <tbody>
                        {memberships.into_iter().map(|m| view! {
                            <tr><td>{m.organisation_name}</td><td>{m.role.to_string()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        })}
    }
}
