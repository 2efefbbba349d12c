//! The offering's Visibility tab: the release checklist with its progress ring, the state and
//! the actions the caller may take, the test accounts of limited visibility, the reviewer's
//! open comments, the working copy against the live version, and the requests so far.

use super::server::{
    load_visibility, AddTestAccount, ChangeVisibility, RemoveTestAccount, ResolveComment,
    VisibilityView,
};
use crate::components::confirm::Confirm;
use crate::components::form::field_error_text;
use crate::components::form::server_error_for;
use crate::components::form_echo::{posted_to, typed, value_of};
use crate::components::gap_words::gap_text;
use crate::components::raw_text::raw_text;
use crate::components::status::ErrorPanel;
use crate::domain::checklist::{Line, Step};
use crate::domain::visibility::EventKind;
use crate::error::AppError;
use crate::i18n::*;
use crate::offerings::editor::{with_offering, OfferingContext};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

pub fn step_title(i18n: leptos_i18n::I18nContext<Locale>, step: Step) -> String {
    match step {
        Step::Documentation => t_string!(i18n, step_documentation),
        Step::Metadata => t_string!(i18n, step_metadata),
        Step::Plans => t_string!(i18n, step_plans),
        Step::Iam => t_string!(i18n, step_iam),
        Step::Support => t_string!(i18n, step_support),
        Step::Broker => t_string!(i18n, step_broker),
        Step::LimitedTest => t_string!(i18n, step_limited_test),
        Step::PublicRelease => t_string!(i18n, step_public_release),
    }
    .to_string()
}

pub use crate::components::lifecycle_words::event_label;

/// What an action does, in a sentence.
fn event_help(i18n: leptos_i18n::I18nContext<Locale>, e: EventKind) -> String {
    match e {
        EventKind::MakeLimited => t_string!(i18n, event_help_make_limited),
        EventKind::BackToDraft => t_string!(i18n, event_help_back_to_draft),
        EventKind::RequestPublic => t_string!(i18n, event_help_request_public),
        EventKind::Withdraw => t_string!(i18n, event_help_withdraw),
        EventKind::Approve => t_string!(i18n, event_help_approve),
        EventKind::Reject => t_string!(i18n, event_help_reject),
        EventKind::SubmitChange => t_string!(i18n, event_help_submit_change),
        EventKind::RequestDeprecate => t_string!(i18n, event_help_request_deprecate),
        EventKind::RequestRetire => t_string!(i18n, event_help_request_retire),
    }
    .to_string()
}

/// Where an offering stands, in the reader's language ("Public · change in review").
pub fn lifecycle_label(
    i18n: leptos_i18n::I18nContext<Locale>,
    l: crate::domain::visibility::Lifecycle,
) -> String {
    use crate::domain::visibility::RequestKind;
    let state = crate::components::lifecycle_words::visibility_label(i18n, l.visibility);
    let pending = match l.pending {
        Some(RequestKind::Change) => Some(t_string!(i18n, pending_change)),
        Some(RequestKind::Deprecate) => Some(t_string!(i18n, pending_deprecate)),
        Some(RequestKind::Retire) => Some(t_string!(i18n, pending_retire)),
        Some(RequestKind::Publish) | None => None,
    };
    match pending {
        Some(p) => format!("{state} · {p}"),
        None => state,
    }
}

/// A progress ring (inline SVG) with the percentage in the middle.
#[component]
pub fn ProgressRing(percent: u8, #[prop(into)] label: String) -> impl IntoView {
    let circumference = 2.0 * std::f64::consts::PI * 26.0;
    let filled = circumference * f64::from(percent) / 100.0;
    view! {
        <svg class="ring" viewBox="0 0 64 64" width="72" height="72" role="img" aria-label=format!("{label}: {percent} %")>
            <circle cx="32" cy="32" r="26" class="ring-track"/>
            <circle cx="32" cy="32" r="26" class="ring-fill"
                stroke-dasharray=format!("{filled:.2} {circumference:.2}") transform="rotate(-90 32 32)"/>
            <text x="32" y="37" text-anchor="middle" class="ring-text">{percent} "%"</text>
        </svg>
    }
}

fn step_link(base: &str, step: Step) -> String {
    match step.key() {
        "text" => format!("{base}/text/en"),
        key => format!("{base}/{key}"),
    }
}

#[component]
pub fn Checklist(lines: Vec<Line>, progress: u8, base: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card checklist" aria-labelledby="checklist-title">
            <div class="card-header">
                <h2 id="checklist-title">{t!(i18n, release_checklist)}</h2>
                <ProgressRing percent=progress label=t_string!(i18n, release_checklist).to_string()/>
            </div>
            <ol class="checklist-lines">
                {lines.into_iter().map(|l| {
                    let title = step_title(i18n, l.step);
                    view! {
                        <li class:done=l.done data-step=l.step.as_str()>
                            <span class="check-mark" aria-hidden="true">{if l.done { "✓" } else { "○" }}</span>
                            <div>
                                <a href=step_link(&base, l.step)>{title}</a>
                                <span class="visually-hidden">{if l.done { t_string!(i18n, step_done).to_string() } else { t_string!(i18n, step_open).to_string() }}</span>
                                {(!l.missing.is_empty()).then(|| view! {
                                    <ul class="missing">{l.missing.iter().map(|m| view! { <li>{gap_text(i18n, m)}</li> }).collect_view()}</ul>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The pre-submission check above every tab of an offering: progress and what the open steps
/// miss, recomputed by the server from the same rules each time the offering is reloaded (after
/// every save), so the provider sees the effect of an edit before asking for a review.
#[component]
pub fn PreCheck(lines: Vec<Line>, base: String, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let total = lines.len();
    let done = lines.iter().filter(|l| l.done).count();
    let percent = crate::domain::checklist::progress(&lines);
    let pending: Vec<Line> = lines.into_iter().filter(|l| !l.done).collect();
    let node = NodeRef::<leptos::html::Details>::new();
    view! {
        // The native toggle opens and closes it (mouse, keyboard, no JavaScript); the signal
        // only remembers the state the browser reports, so it survives the reload after a save.
        <details class="precheck" data-testid="precheck" node_ref=node prop:open=move || open.get()
            on:toggle=move |_| if let Some(el) = node.get_untracked() { open.set(el.open()) }>
            <summary>
                <span class="precheck-title">{t!(i18n, precheck_title)}</span>
                <progress max="100" value=percent aria-hidden="true"></progress>
                <span data-testid="precheck-count">{done} " / " {total}</span>
            </summary>
            {if pending.is_empty() {
                view! { <p>{t!(i18n, precheck_all_done)}</p> }.into_any()
            } else {
                view! {
                    <ul class="precheck-lines">
                        {pending.into_iter().map(|l| view! {
                            <li data-step=l.step.as_str()>
                                <a href=step_link(&base, l.step)>{step_title(i18n, l.step)}</a>
                                ": " {l.missing.iter().map(|m| gap_text(i18n, m)).collect::<Vec<_>>().join(" ")}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </details>
    }
}

/// The tab's actions, and what outlives a reload of its data (the e-mail being typed).
#[derive(Clone, Copy)]
struct Actions {
    change: ServerAction<ChangeVisibility>,
    add: ServerAction<AddTestAccount>,
    remove: ServerAction<RemoveTestAccount>,
    resolve: ServerAction<ResolveComment>,
    change_result: Signal<Option<Result<(), AppError>>>,
    add_result: Signal<Option<Result<(), AppError>>>,
    /// Kept when the account is refused ("already on the list"), emptied once it is added.
    account_email: RwSignal<String>,
}

/// The note typed with `event` in a refused plain post of a visibility change, or nothing.
pub fn typed_note(event: EventKind) -> String {
    posted_to(<ChangeVisibility as ServerFn>::PATH)
        .filter(|form| value_of(form, "event").as_deref() == Some(event.as_str()))
        .and_then(|form| value_of(&form, "text"))
        .unwrap_or_default()
}

#[component]
pub fn VisibilityTab() -> impl IntoView {
    let ctx = expect_context::<OfferingContext>();
    let change = ServerAction::<ChangeVisibility>::new();
    let add = ServerAction::<AddTestAccount>::new();
    let remove = ServerAction::<RemoveTestAccount>::new();
    let resolve = ServerAction::<ResolveComment>::new();
    let actions = Actions {
        change,
        add,
        remove,
        resolve,
        change_result: Signal::derive(move || change.value().get()),
        add_result: Signal::derive(move || add.value().get()),
        account_email: RwSignal::new(typed(<AddTestAccount as ServerFn>::PATH, "email")),
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            ctx.reload.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = add.value().get() {
            actions.account_email.set(String::new());
        }
    });
    with_offering(move |o, _| {
        let id = o.id.clone();
        let view_data = Resource::new(
            move || {
                (
                    change.version().get(),
                    add.version().get(),
                    remove.version().get(),
                    resolve.version().get(),
                )
            },
            move |_| load_visibility(id.clone()),
        );
        let id = o.id.clone();
        let base = format!("/offerings/{}", o.id);
        view! {
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {
                    let id = id.clone();
                    let base = base.clone();
                    move || view_data.get().map(|r| match r {
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                        Ok(v) => visibility_view(v, id.clone(), base.clone(), actions),
                    })
                }
            </Suspense>
        }
    })
}

fn visibility_view(v: VisibilityView, id: String, base: String, a: Actions) -> AnyView {
    let show_accounts = !v.lifecycle.visibility.has_been_public();
    let needs_checklist =
        !v.readiness.public_missing.is_empty() && v.events.contains(&EventKind::RequestPublic);
    view! {
        <Checklist lines=v.checklist progress=v.progress base/>
        {state_card(lifecycle_label(use_i18n(), v.lifecycle), v.events, needs_checklist, id.clone(), a.change, a.change_result)}
        {show_accounts.then(|| accounts_card(v.test_accounts, v.can_edit, id.clone(), a))}
        {(!v.open_comments.is_empty()).then(|| comments_card(v.open_comments, &v.plan_names, v.can_edit, id.clone(), a.resolve))}
        {v.working_changes.map(working_card)}
        {(!v.requests.is_empty()).then(|| requests_card(v.requests))}
    }
    .into_any()
}

fn state_card(
    state: String,
    events: Vec<EventKind>,
    needs_checklist: bool,
    id: String,
    change: ServerAction<ChangeVisibility>,
    change_result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="state-title">
            <h2 id="state-title">{t!(i18n, visibility_state)}</h2>
            <p class="lead" data-testid="lifecycle">{state}</p>
            {move || change_result.get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice notice-error" role="alert">{crate::components::said::error_text(i18n, &e)}</p>
            })}
            <div class="lifecycle-actions">
                {events.into_iter().map(|e| {
                    let label = event_label(i18n, e);
                    let text_id = format!("text-{}", e.as_str());
                    let id = id.clone();
                    let class = if matches!(e, EventKind::BackToDraft | EventKind::Withdraw) { "btn btn-secondary" } else { "btn btn-primary" };
                    // Each action says what it does; its note is labelled with the action, so two
                    // notes on one tab (a change and a deprecation) are told apart.
                    let note = format!("{} ({label})", t_string!(i18n, request_note));
                    let help_id = format!("help-{}", e.as_str());
                    let button = label.clone();
                    let form = view! {
                        <ActionForm action=change attr:class="form lifecycle-action" attr:data-event=e.as_str()>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="event" value=e.as_str()/>
                            <p class="help" id=help_id.clone()>{event_help(i18n, e)}</p>
                            {e.takes_text().then(|| view! {
                                <div class="field">
                                    <label for=text_id.clone()>{note}</label>
                                    <textarea id=text_id.clone() name="text" rows="2" aria-describedby=help_id.clone()>{raw_text(&typed_note(e))}</textarea>
                                </div>
                            })}
                            <button type="submit" class=class aria-describedby=help_id>{button}</button>
                        </ActionForm>
                    };
                    // Undoing a step (out of the catalog, a request taken back) is asked twice.
                    match e {
                        EventKind::BackToDraft | EventKind::Withdraw => view! {
                            <Confirm label=label class="btn btn-secondary" warning=t_string!(i18n, confirm_lifecycle_step).to_string()>
                                {form}
                            </Confirm>
                        }.into_any(),
                        _ => form.into_any(),
                    }
                }).collect_view()}
            </div>
            {needs_checklist.then(|| view! { <p class="help">{t!(i18n, request_needs_checklist)}</p> })}
        </section>
    }
}

fn accounts_card(
    accounts: Vec<super::server::TestAccount>,
    can_edit: bool,
    id: String,
    a: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let (add, remove, add_result, email) = (a.add, a.remove, a.add_result, a.account_email);
    let list = if accounts.is_empty() {
        view! { <p class="muted">{t!(i18n, no_test_accounts)}</p> }.into_any()
    } else {
        let items = accounts
            .into_iter()
            .map(|a| {
                let id = id.clone();
                let aria = format!("{} {}", t_string!(i18n, test_account_remove_confirm), a.email);
                view! {
                    <li>
                        <span>{a.email.clone()}</span>
                        {(!a.has_account).then(|| view! { <span class="tag tag-warn">{t!(i18n, invitation)}</span> })}
                        {can_edit.then(|| view! {
                            <Confirm label=t_string!(i18n, remove) about=a.email.clone() warning=t_string!(i18n, test_account_remove_warning)>
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="email" value=a.email.clone()/>
                                    <button type="submit" class="btn btn-danger btn-small" aria-label=aria>{t!(i18n, test_account_remove_confirm)}</button>
                                </ActionForm>
                            </Confirm>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="test-accounts">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="accounts-title">
            <h2 id="accounts-title">{t!(i18n, test_accounts)}</h2>
            <p class="help">{t!(i18n, test_accounts_help)}</p>
            {list}
            {can_edit.then(|| view! {
                <ActionForm action=add attr:class="form inline-fields">
                    <input type="hidden" name="id" value=id.clone()/>
                    <div class="field">
                        <label for="test-account-email">{t!(i18n, test_account_email)}</label>
                        <input id="test-account-email" name="email" type="email" required=true autocomplete="off"
                            value=email.get_untracked() prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                        <p class="field-error" aria-live="polite">
                            {move || server_error_for(add_result, "email").get().map(|e| field_error_text(i18n, &e))}
                        </p>
                    </div>
                    <button type="submit" class="btn btn-secondary">{t!(i18n, add_test_account)}</button>
                </ActionForm>
            })}
        </section>
    }
}

fn comments_card(
    comments: Vec<super::server::Comment>,
    plan_names: &std::collections::BTreeMap<String, String>,
    can_edit: bool,
    id: String,
    resolve: ServerAction<ResolveComment>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="comments-title">
            <h2 id="comments-title">{t!(i18n, open_review_comments)}</h2>
            <ul class="comments">
                {comments.into_iter().map(|c| {
                    let id = id.clone();
                    view! {
                        <li class="comment" data-field=c.field.clone().unwrap_or_default()>
                            <p><span class="field-label">{crate::components::changes::path_text_named(i18n, c.field.as_deref().unwrap_or_default(), plan_names)}</span> " · " <span class="muted">{c.author.clone()}</span></p>
                            <p>{c.body.clone()}</p>
                            {can_edit.then(|| view! {
                                <ActionForm action=resolve attr:class="inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="comment_id" value=c.id/>
                                    <button type="submit" class="btn btn-secondary btn-small">{t!(i18n, mark_resolved)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

fn working_card(changes: Vec<crate::domain::diff::FieldChange>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="working-title">
            <h2 id="working-title">{t!(i18n, working_copy_changes)}</h2>
            <crate::components::changes::ChangeGroups changes first_release=false/>
        </section>
    }
}

fn requests_card(requests: Vec<super::server::RequestSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="requests-title">
            <h2 id="requests-title">{t!(i18n, requests_history)}</h2>
            <crate::components::layout::ScrollRegion label=move || t_string!(i18n, requests_history).to_string()>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, request_kind)}</th>
                            <th scope="col">{t!(i18n, request_status)}</th>
                            <th scope="col">{t!(i18n, requested_at)}</th>
                            <th scope="col">{t!(i18n, decision_comment)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {requests.into_iter().map(|r| view! {
                            <tr>
                                <td><a href=format!("/review/{}", r.id)>{crate::components::lifecycle_words::kind_label(i18n, r.kind)}</a></td>
                                <td><span class="tag" data-status=r.status.clone()>{crate::components::lifecycle_words::status_label(i18n, &r.status)}</span></td>
                                <td><crate::format::When at=r.requested_at.clone()/> " · " {r.requested_by.clone()}</td>
                                <td>{r.decision_comment.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </crate::components::layout::ScrollRegion>
        </section>
    }
}
