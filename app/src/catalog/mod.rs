//! The catalog: what the signed-in user may browse.

use crate::components::layout::PageHeader;
use crate::components::status::{loaded, EmptyState};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// Offerings visible to the caller; none can be published until the visibility issue lands.
#[server]
pub async fn catalog_entries() -> Result<Vec<String>, AppError> {
    use crate::auth::session::require;
    use crate::domain::access::Need;
    require(Need::SignedIn).await?;
    Ok(Vec::new())
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let entries = Resource::new(|| (), |_| catalog_entries());
    view! {
        {loaded(entries, move |entries: Vec<String>| {
            view! {
                <PageHeader title=move || t_string!(i18n, catalog_title).to_string()/>
                {entries.is_empty().then(|| view! {
                    <EmptyState title=move || t_string!(i18n, catalog_empty).to_string()>
                        <p>{t!(i18n, catalog_empty_text)}</p>
                    </EmptyState>
                })}
            }
        })}
    }
}
