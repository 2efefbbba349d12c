//! The bell in the header and the notifications page.

use super::server::{load_inbox, Inbox, MarkNotificationsRead};
use crate::components::layout::PageHeader;
use crate::components::status::{loaded, EmptyState};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A link to the notifications with the unread count (from the session info the header loads).
#[component]
pub fn Bell(unread: i64) -> impl IntoView {
    let i18n = use_i18n();
    let label = t_string!(i18n, notifications_unread)
        .to_string()
        .replace("%count%", &unread.to_string());
    view! {
        <a href="/notifications" class="bell" aria-label=label.clone() title=label>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/>
            </svg>
            {(unread > 0).then(|| view! { <span class="bell-count" data-testid="unread-count">{unread}</span> })}
        </a>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let read = ServerAction::<MarkNotificationsRead>::new();
    let inbox = Resource::new(move || read.version().get(), |_| load_inbox());
    // The bell's count comes with the session info: reload it once they are marked read.
    let session = expect_context::<crate::components::layout::SessionResource>().0;
    Effect::new(move |_| {
        if let Some(Ok(_)) = read.value().get() {
            session.refetch();
        }
    });
    loaded(inbox, move |inbox: Inbox| {
        view! {
            <PageHeader title=move || t_string!(i18n, notifications_title).to_string()/>
            {if inbox.items.is_empty() {
                view! {
                    <EmptyState title=move || t_string!(i18n, notifications_empty).to_string()>
                        <p>{t!(i18n, notifications_empty_text)}</p>
                    </EmptyState>
                }
                .into_any()
            } else {
                view! {
                    <section class="card">
                        {(inbox.unread > 0).then(|| view! {
                            <ActionForm action=read>
                                <button type="submit" class="btn btn-secondary">{t!(i18n, mark_all_read)}</button>
                            </ActionForm>
                        })}
                        <ul class="notification-list">
                            {inbox.items.into_iter().map(|n| {
                                let text = match &n.notice {
                                    Some(notice) => crate::components::notice_words::notice_text(i18n, notice),
                                    None => n.message.clone(),
                                };
                                view! {
                                <li class:unread=!n.read lang=n.notice.is_none().then_some("en")>
                                    <a href=n.link.clone()>{text}</a>
                                    <span class="muted">" · " <crate::format::When at=n.created_at.clone()/></span>
                                </li>
                            }}).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            }}
        }
    })
}
