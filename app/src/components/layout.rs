//! The console frame: header (product, language, account), left navigation, page header.

use crate::auth::{get_session_info, SessionInfo};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The visitor's session, loaded once per page and shared by the frame and the pages.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<SessionInfo, AppError>>);

pub fn provide_session_resource() -> SessionResource {
    let resource = SessionResource(Resource::new(|| (), |_| get_session_info()));
    provide_context(resource);
    resource
}

#[component]
pub fn ConsoleHeader() -> impl IntoView {
    let i18n = use_i18n();
    let info = expect_context::<SessionResource>().0;
    view! {
        <header class="top-bar">
            <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
            <a class="brand" href="/dashboard">
                <span class="brand-mark" aria-hidden="true">"RMC"</span>
                <span class="brand-name">{t!(i18n, app_tagline)}</span>
            </a>
            <div class="top-bar-actions">
                <LanguageSwitcher/>
                <Transition fallback=|| ()>
                    {move || {
                        info.get().and_then(|r| r.ok()).map(|i| match i.principal {
                            Some(p) => {
                                let unread = i.unread;
                                view! {
                                    <crate::notifications::pages::Bell unread/>
                                    <UserMenu email=p.email display_name=p.display_name/>
                                }
                                .into_any()
                            }
                            // A visitor reading the public catalog.
                            None => view! {
                                <a class="btn btn-secondary btn-small" href="/login" data-testid="sign-in-link">{t!(i18n, sign_in)}</a>
                            }
                            .into_any(),
                        })
                    }}
                </Transition>
            </div>
        </header>
    }
}

/// Posts to `/language`, so it works without JavaScript; `<details>` opens natively.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    view! {
        <details class="menu lang-switcher">
            <summary>
                <svg class="icon" aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
                    <path fill="currentColor" d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm4.9 6.5h-2.4a11 11 0 0 0-1-4.2 6 6 0 0 1 3.4 4.2ZM8 2.1c.6.8 1.3 2.6 1.5 5.4h-3C6.7 4.7 7.4 2.9 8 2.1ZM6.5 3.3a11 11 0 0 0-1 4.2H3.1a6 6 0 0 1 3.4-4.2ZM3.1 8.5h2.4a11 11 0 0 0 1 4.2 6 6 0 0 1-3.4-4.2ZM8 13.9c-.6-.8-1.3-2.6-1.5-5.4h3c-.2 2.8-.9 4.6-1.5 5.4Zm1.5-1.2a11 11 0 0 0 1-4.2h2.4a6 6 0 0 1-3.4 4.2Z"/>
                </svg>
                <span class="visually-hidden">{move || t_string!(i18n, language_label).to_string()} ": "</span>
                {move || language_name(i18n.get_locale())}
            </summary>
            <form method="post" action="/language" class="menu-panel">
                <input type="hidden" name="back" value=back/>
                {Locale::get_all()
                    .iter()
                    .map(|locale| {
                        let locale = *locale;
                        view! {
                            <button
                                type="submit"
                                name="lang"
                                value=locale.as_str()
                                lang=locale.as_str()
                                class="menu-item"
                                aria-current=move || (i18n.get_locale() == locale).then_some("true")
                            >
                                {language_name(locale)}
                            </button>
                        }
                    })
                    .collect_view()}
            </form>
        </details>
    }
}

/// Each language's name in itself, as people look for it.
pub fn language_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::de => "Deutsch",
        Locale::es => "Español",
        Locale::fr => "Français",
        Locale::it => "Italiano",
        Locale::pt_BR => "Português (Brasil)",
    }
}

#[component]
fn UserMenu(email: String, display_name: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="menu user-menu">
            <summary>
                <span class="visually-hidden">{move || t_string!(i18n, user_menu).to_string()} ": "</span>
                <span class="avatar" aria-hidden="true">
                    {display_name.chars().next().unwrap_or('?').to_uppercase().to_string()}
                </span>
                <span class="user-email">{email.clone()}</span>
            </summary>
            <div class="menu-panel">
                <p class="menu-note">
                    {t!(i18n, signed_in_as)} " " <strong>{display_name.clone()}</strong>
                    <span class="menu-email">{email.clone()}</span>
                </p>
                <form method="post" action="/auth/logout">
                    <button type="submit" class="menu-item">{t!(i18n, sign_out)}</button>
                </form>
                <form method="post" action="/auth/logout-everywhere">
                    <button type="submit" class="menu-item">{t!(i18n, sign_out_everywhere)}</button>
                </form>
            </div>
        </details>
    }
}

#[component]
pub fn SideNav() -> impl IntoView {
    let i18n = use_i18n();
    let info = expect_context::<SessionResource>().0;
    let location = use_location();
    let current = move |prefix: &'static str| {
        move || {
            location
                .pathname
                .get()
                .starts_with(prefix)
                .then_some("page")
        }
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                info.get().and_then(|r| r.ok()).and_then(|i| i.principal).map(|p| {
                    view! {
                        <nav class="side-nav" aria-label=move || t_string!(i18n, nav_label).to_string()>
                            <ul>
                                <li><a href="/dashboard" aria-current=current("/dashboard")>{t!(i18n, nav_dashboard)}</a></li>
                                <li><a href="/catalog" aria-current=current("/catalog")>{t!(i18n, nav_catalog)}</a></li>
                                {(!p.memberships.is_empty()).then(|| view! {
                                    <li><a href="/members" aria-current=current("/members")>{t!(i18n, nav_members)}</a></li>
                                })}
                                <li><a href="/account/tokens" aria-current=current("/account/tokens")>{t!(i18n, nav_tokens)}</a></li>
                                {p.is_reviewer.then(|| view! {
                                    <li><a href="/review" aria-current=current("/review")>{t!(i18n, nav_review)}</a></li>
                                })}
                                {p.is_admin.then(|| view! {
                                    <li><a href="/admin" aria-current=current("/admin")>{t!(i18n, nav_admin)}</a></li>
                                })}
                            </ul>
                        </nav>
                    }
                })
            }}
        </Transition>
    }
}

/// A box for content that may be wider than the page (a table): it scrolls sideways inside
/// itself and says so, as a named region reachable by keyboard, with a shadow at the edge that
/// has more to show (`.table-scroll` in the stylesheet).
#[component]
pub fn ScrollRegion(#[prop(into)] label: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=move || label.get()>
            {children()}
        </div>
    }
}

/// A page's title block: breadcrumbs (optional) and the `<h1>`.
#[component]
pub fn PageHeader(
    #[prop(into)] title: Signal<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        // leptos_meta may read the title after a client-side navigation has disposed this page:
        // `try_get` then gives nothing (the next page sets its own) instead of a panic.
        <leptos_meta::Title text=move || {
            title.try_get().map(|t| super::raw_text::raw_text(&format!("{t} · RMC"))).unwrap_or_else(|| "RMC".to_owned())
        }/>
        <div class="page-header">
            <h1>{title}</h1>
            {children.map(|c| view! { <div class="page-actions">{c()}</div> })}
        </div>
    }
}

/// The locale a stored code names (`users.language`), if this build has it.
pub fn locale_named(tag: &str) -> Option<Locale> {
    Locale::get_all()
        .iter()
        .copied()
        .find(|l| l.as_str() == tag)
}

/// The tag of the supported locale named (`en`, `de`, …, `pt-BR`), if any.
pub fn supported_locale(tag: &str) -> Option<&'static str> {
    locale_named(tag).map(|l| l.as_str())
}
