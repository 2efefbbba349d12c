//! The sign-in page. The form posts to `/auth/login`, so it works with JavaScript off.

use crate::components::layout::PageHeader;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = move || query.read().get("error");
    let notice = move || query.read().get("notice");
    // Seconds to wait after too many failed sign-ins (the server's `Retry-After`).
    let retry = move || {
        query
            .read()
            .get("retry")
            .and_then(|r| r.parse::<u64>().ok())
            .filter(|secs| (1..=86_400).contains(secs))
    };
    let email = move || query.read().get("email").unwrap_or_default();
    let next = move || {
        query
            .read()
            .get("next")
            .unwrap_or_else(|| "/dashboard".into())
    };
    let info = expect_context::<crate::components::layout::SessionResource>().0;

    view! {
        <PageHeader title=move || t_string!(i18n, login_title).to_string()/>
        <section class="card narrow">
            <p class="lead">{t!(i18n, login_intro)}</p>
            {move || {
                error()
                    .map(|code| {
                        let text = match code.as_str() {
                            "sso" => t_string!(i18n, sso_error).to_string().into_any(),
                            "throttled" => throttled_message(i18n, retry()),
                            _ => t_string!(i18n, login_error).to_string().into_any(),
                        };
                        view! { <p class="notice notice-error" role="alert">{text}</p> }
                    })
            }}
            {move || {
                (notice().as_deref() == Some("signed_out_everywhere")).then(|| view! {
                    <p class="notice" role="status">{t!(i18n, signed_out_everywhere)}</p>
                })
            }}
            <form method="post" action="/auth/login" class="form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="email">{t!(i18n, email)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required value=email/>
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="btn btn-primary">{t!(i18n, sign_in)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || {
                    info.get()
                        .and_then(|r| r.ok())
                        .filter(|i| i.oidc_enabled)
                        .map(|_| {
                            view! {
                                <p class="divider">{t!(i18n, login_or)}</p>
                                <a class="btn btn-secondary" rel="external" href=move || format!("/auth/oidc/start?next={}", urlencoding::encode(&next()))>
                                    {t!(i18n, login_sso)}
                                </a>
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// "Too many failed sign-ins. Try again in N seconds." (1 second has its own text).
fn throttled_message(i18n: leptos_i18n::I18nContext<Locale>, retry: Option<u64>) -> AnyView {
    match retry {
        Some(1) => t!(i18n, login_throttled_one).into_any(),
        Some(secs) => t!(i18n, login_throttled, secs = move || secs).into_any(),
        None => t!(i18n, login_throttled_later).into_any(),
    }
}
