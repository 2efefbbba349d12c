#![recursion_limit = "256"]
//! RMC, the Resource Management Console: the Leptos application shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).

/// The translations (`locales/*.json`), generated at compile time. `load_locales!` is
/// deprecated upstream in favour of a build script, whose generator pulls in ICU's data
/// exporter and would add minutes to every cold build; the macro generates the same module.
#[allow(deprecated)]
mod translations {
    leptos_i18n::load_locales!();
}
pub use translations::i18n;

pub mod admin;
pub mod assets;
#[cfg(feature = "ssr")]
pub mod audit;
pub mod auth;
pub mod brokers;
pub mod catalog;
pub mod components;
#[cfg(feature = "ssr")]
pub mod context;
pub mod domain;
pub mod error;
pub mod format;
pub mod iam;
pub mod members;
pub mod notifications;
pub mod offerings;
pub mod plans;
pub mod platform_audit;
pub mod review;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
pub mod support;
pub mod tokens;

use components::layout::{provide_session_resource, ConsoleHeader, SideNav};
use components::status::NotFoundPage;
use i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="rmc" href=assets::stylesheet_href(&options)/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Title text="RMC"/>
            <Console/>
        </I18nContextProvider>
    }
}

#[component]
fn Console() -> impl IntoView {
    provide_session_resource();
    // Every route renders completely before it is sent, so a refusal can set 401/403/404.
    let ssr = SsrMode::Async;
    view! {
        <Router>
            <ConsoleHeader/>
            <div class="frame">
                <SideNav/>
                <main id="main" class="content" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=|| view! { <Redirect path="/dashboard"/> } ssr=ssr.clone()/>
                        <Route path=path!("/login") view=auth::pages::LoginPage ssr=ssr.clone()/>
                        <Route path=path!("/dashboard") view=offerings::dashboard::DashboardPage ssr=ssr.clone()/>
                        <Route path=path!("/offerings/new") view=offerings::editor::NewOfferingPage ssr=ssr.clone()/>
                        <ParentRoute path=path!("/offerings/:id") view=offerings::editor::OfferingPage ssr=ssr.clone()>
                            <Route path=path!("") view=offerings::editor::OverviewTab/>
                            <Route path=path!("basics") view=offerings::editor::BasicsTab/>
                            <Route path=path!("text/:lang") view=offerings::editor::TextTab/>
                            <Route path=path!("media") view=offerings::media::MediaTab/>
                            <Route path=path!("plans") view=plans::list::PlansTab/>
                            <Route path=path!("plans/:plan") view=plans::editor::PlanEditorPage/>
                            <Route path=path!("plans/:plan/parameters") view=plans::parameters::ParametersPage/>
                            <Route path=path!("usage") view=plans::replay::UsageTab/>
                            // Brokers and IAM (issue 6).
                            <Route path=path!("brokers") view=brokers::pages::BrokersTab/>
                            <Route path=path!("iam") view=iam::pages::IamTab/>
                            <Route path=path!("support") view=support::pages::SupportTab/>
                            <Route path=path!("visibility") view=review::visibility_tab::VisibilityTab/>
                            <Route path=path!("announcement") view=offerings::editor::AnnouncementTab/>
                            <Route path=path!("history") view=offerings::history::HistoryTab/>
                        </ParentRoute>
                        <Route path=path!("/catalog") view=catalog::pages::CatalogListPage ssr=ssr.clone()/>
                        <Route path=path!("/catalog/:id") view=catalog::pages::CatalogOfferingPage ssr=ssr.clone()/>
                        <Route path=path!("/review") view=review::pages::ReviewQueuePage ssr=ssr.clone()/>
                        <Route path=path!("/review/:request") view=review::pages::ReviewRequestPage ssr=ssr.clone()/>
                        <Route path=path!("/notifications") view=notifications::pages::NotificationsPage ssr=ssr.clone()/>
                        <Route path=path!("/members") view=members::pages::MembersPage ssr=ssr.clone()/>
                        <Route path=path!("/account/tokens") view=tokens::pages::TokensPage ssr=ssr.clone()/>
                        <Route path=path!("/admin") view=admin::pages::AdminPage ssr=ssr.clone()/>
                        <Route path=path!("/admin/audit") view=platform_audit::pages::AuditLogPage ssr=ssr/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
