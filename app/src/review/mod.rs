//! The reviewers' queue of visibility requests.

use crate::components::layout::PageHeader;
use crate::components::status::{loaded, EmptyState};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// Pending visibility requests; there are none until requests can be submitted.
#[server]
pub async fn review_queue() -> Result<Vec<String>, AppError> {
    use crate::auth::session::require;
    use crate::domain::access::Need;
    require(Need::Reviewer).await?;
    Ok(Vec::new())
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        {loaded(queue, move |queue: Vec<String>| {
            view! {
                <PageHeader title=move || t_string!(i18n, review_title).to_string()/>
                {queue.is_empty().then(|| view! {
                    <EmptyState title=move || t_string!(i18n, review_empty).to_string()>
                        <p>{t!(i18n, review_empty_text)}</p>
                    </EmptyState>
                })}
            }
        })}
    }
}
