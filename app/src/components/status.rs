//! How a page says "not signed in", "not allowed", "not found", "nothing here yet" and "failed".

use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The full-page explanation for an error a page's data load returned.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthenticated => view! {
            <section class="status-panel" role="alert">
                <h1>{t!(i18n, please_sign_in)}</h1>
                <p><a class="btn btn-primary" href="/login">{t!(i18n, sign_in)}</a></p>
            </section>
        }
        .into_any(),
        AppError::Forbidden(message) => view! {
            <leptos_meta::Title text="403 · RMC"/>
            <section class="status-panel" role="alert">
                <p class="status-code">"403"</p>
                <h1>{t!(i18n, forbidden_title)}</h1>
                <p>{super::said::said(i18n, &message)}</p>
                <p><a href="/dashboard">{t!(i18n, back_to_dashboard)}</a></p>
            </section>
        }
        .into_any(),
        AppError::NotFound => view! { <NotFoundPage/> }.into_any(),
        other => view! {
            <section class="status-panel" role="alert">
                <p class="status-code">"500"</p>
                <h1>{t!(i18n, error_title)}</h1>
                <p>{super::said::error_text(i18n, &other)}</p>
                <p><a href="/dashboard">{t!(i18n, back_to_dashboard)}</a></p>
            </section>
        }
        .into_any(),
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <leptos_meta::Title text="404 · RMC"/>
        <section class="status-panel">
            <p class="status-code">"404"</p>
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_text)}</p>
            <p><a href="/dashboard">{t!(i18n, back_to_dashboard)}</a></p>
        </section>
    }
}

/// Renders a page's loaded data, or the right panel for its error, while it loads.
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    view: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-live="polite">"…"</p> }>
            {move || {
                resource.get().map(|result| match result {
                    Ok(data) => view(data).into_any(),
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                })
            }}
        </Suspense>
    }
}

/// What an empty table or list says: a title, what to do, and optionally an action.
#[component]
pub fn EmptyState(#[prop(into)] title: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>{title}</h2>
            {children()}
        </div>
    }
}
