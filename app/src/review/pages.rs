//! The reviewers' queue and the review page of one request.

use super::server::{
    load_request, review_queue, ChangeVisibility, PostComment, QueueEntry, RequestView,
};
use super::visibility_tab::event_label;
use super::visibility_tab::typed_note;
use crate::components::changes::{path_text, ChangeGroups};
use crate::components::form::field_error_text;
use crate::components::form::server_error_for;
use crate::components::form_echo::typed;
use crate::components::layout::PageHeader;
use crate::components::lifecycle_words::{kind_label, status_label};
use crate::components::raw_text::raw_text;
use crate::components::said::error_text;
use crate::components::status::{loaded, EmptyState};
use crate::domain::broker::BrokerSnapshot;
use crate::domain::offering::OfferingDocument;
use crate::domain::visibility::EventKind;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

fn age(i18n: leptos_i18n::I18nContext<Locale>, hours: i64) -> String {
    if hours < 24 {
        t_string!(i18n, age_hours)
            .to_string()
            .replace("%n%", &hours.max(0).to_string())
    } else {
        t_string!(i18n, age_days)
            .to_string()
            .replace("%n%", &(hours / 24).to_string())
    }
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        {loaded(queue, move |queue: Vec<QueueEntry>| {
            view! {
                <PageHeader title=move || t_string!(i18n, review_title).to_string()/>
                {if queue.is_empty() {
                    view! {
                        <EmptyState title=move || t_string!(i18n, review_empty).to_string()>
                            <p>{t!(i18n, review_empty_text)}</p>
                        </EmptyState>
                    }
                    .into_any()
                } else {
                    view! {
                        <crate::components::layout::ScrollRegion label=move || t_string!(i18n, review_title).to_string()>
                            <table class="data-table review-queue">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, offering)}</th>
                                        <th scope="col">{t!(i18n, organisation)}</th>
                                        <th scope="col">{t!(i18n, request_kind)}</th>
                                        <th scope="col">{t!(i18n, waiting)}</th>
                                        <th scope="col">{t!(i18n, readiness)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {queue.into_iter().map(|q| view! {
                                        <tr>
                                            <td><a href=format!("/review/{}", q.request.id)><code>{q.request.offering_name.clone()}</code></a></td>
                                            <td>
                                                {q.request.organisation_name.clone()}
                                                {q.own_organisation.then(|| view! { <span class="tag tag-warn">{t!(i18n, your_organisation)}</span> })}
                                            </td>
                                            <td>{kind_label(i18n, q.request.kind)}</td>
                                            <td>{age(i18n, q.age_hours)}</td>
                                            <td>
                                                {if q.missing.is_empty() {
                                                    view! { <span class="tag tag-ok">{t!(i18n, ready)}</span> }.into_any()
                                                } else {
                                                    view! { <span class="tag tag-warn">{t_string!(i18n, missing_count).to_string().replace("%n%", &q.missing.len().to_string())}</span> }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </crate::components::layout::ScrollRegion>
                    }
                    .into_any()
                }}
            }
        })}
    }
}

#[component]
pub fn ReviewRequestPage() -> impl IntoView {
    let params = use_params_map();
    let decide = ServerAction::<ChangeVisibility>::new();
    let comment = ServerAction::<PostComment>::new();
    let request = Resource::new(
        move || {
            (
                params.read().get("request").unwrap_or_default(),
                decide.version().get(),
                comment.version().get(),
            )
        },
        |(id, _, _)| load_request(id),
    );
    loaded(request, move |v: RequestView| {
        request_view(v, decide, comment)
    })
}

/// One frozen broker: name, address, API version and how its latest checks went.
fn broker_line(b: &BrokerSnapshot) -> impl IntoView {
    let i18n = use_i18n();
    let passed =
        |run: &Option<(String, String)>| run.as_ref().map(|(status, _)| status == "passed");
    let validation = match passed(&b.validation) {
        Some(true) => view! { <span class="tag tag-ok">{t!(i18n, broker_valid)}</span> }.into_any(),
        Some(false) => {
            view! { <span class="tag tag-error">{t!(i18n, broker_invalid)}</span> }.into_any()
        }
        None => view! { <span class="tag">{t!(i18n, broker_not_validated)}</span> }.into_any(),
    };
    let smoke = passed(&b.smoke_test).map(|ok| {
        if ok {
            view! { <span class="tag tag-ok">{t!(i18n, broker_timeline)} ": " {t!(i18n, broker_passed)}</span> }.into_any()
        } else {
            view! { <span class="tag tag-error">{t!(i18n, broker_timeline)} ": " {t!(i18n, broker_failed)}</span> }.into_any()
        }
    });
    view! {
        <li>
            <strong>{b.name.clone()}</strong> " · " <code>{b.url.clone()}</code> " · OSB " {b.api_version.clone()}
            " " {validation} " " {smoke}
        </li>
    }
}

/// The rounds this request went through before: how each ended and what was said in it.
fn earlier_rounds(rounds: Vec<super::server::Round>, snapshot: OfferingDocument) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="earlier-title" data-testid="earlier-rounds">
            <h2 id="earlier-title">{t!(i18n, earlier_rounds)}</h2>
            {rounds.into_iter().map(|round| {
                let r = round.request;
                let no_comments = round.comments.is_empty();
                view! {
                    <details class="round">
                        <summary>
                            <crate::format::When at=r.requested_at.clone()/> " · " {r.requested_by.clone()} " · "
                            <span class="tag" data-status=r.status.clone()>{status_label(i18n, &r.status)}</span>
                        </summary>
                        {(!r.decision_comment.is_empty()).then(|| view! {
                            <p><strong>{t!(i18n, decision_comment)}</strong> " (" {r.decided_by.clone().unwrap_or_default()} "): " {r.decision_comment.clone()}</p>
                        })}
                        {if no_comments {
                            view! { <p class="muted">{t!(i18n, earlier_round_none)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="comments">
                                    {round.comments.into_iter().map(|c| view! {
                                        <li class="comment" class:resolved=c.resolved>
                                            <p class="muted">{c.author.clone()} " · " <crate::format::When at=c.created_at.clone()/>
                                                {c.field.clone().map(|f| view! { " · " <span class="field-label" data-field=f.clone()>{path_text(i18n, &f, &snapshot)}</span> })}</p>
                                            <p>{c.body.clone()}</p>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </details>
                }
            }).collect_view()}
        </section>
    }
}

fn request_view(
    v: RequestView,
    decide: ServerAction<ChangeVisibility>,
    comment: ServerAction<PostComment>,
) -> AnyView {
    let i18n = use_i18n();
    let r = v.request.clone();
    let decide_result = Signal::derive(move || decide.value().get());
    let comment_result = Signal::derive(move || comment.value().get());
    let (en, _) = v.snapshot.text_with_fallback("en");
    let title = format!("{} · {}", kind_label(i18n, r.kind), r.offering_name);
    let field_comments: Vec<_> = v
        .comments
        .iter()
        .filter(|c| c.field.is_some())
        .cloned()
        .collect();
    let snapshot = v.snapshot.clone();
    let snapshot_for_fields = v.snapshot.clone();
    let discussion: Vec<_> = v
        .comments
        .iter()
        .filter(|c| c.field.is_none())
        .cloned()
        .collect();
    view! {
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
            <a href="/review">{t!(i18n, nav_review)}</a>
            <span aria-hidden="true">" / "</span>
            <span>{r.offering_name.clone()}</span>
        </nav>
        <PageHeader title=title/>
        <dl class="identity">
            <div><dt>{t!(i18n, organisation)}</dt><dd>{r.organisation_name.clone()}</dd></div>
            <div><dt>{t!(i18n, request_status)}</dt><dd><span class="tag" data-testid="request-status" data-status=r.status.clone()>{status_label(i18n, &r.status)}</span></dd></div>
            <div><dt>{t!(i18n, requested_at)}</dt><dd><crate::format::When at=r.requested_at.clone()/> " · " {r.requested_by.clone()}</dd></div>
        </dl>
        {(!r.note.is_empty()).then(|| view! { <section class="card"><h2>{t!(i18n, request_note)}</h2><p>{r.note.clone()}</p></section> })}
        <div class="two-columns">
            <section class="card" aria-labelledby="snapshot-title">
                <h2 id="snapshot-title">{t!(i18n, snapshot)}</h2>
                <dl class="snapshot">
                    <dt>{t!(i18n, display_name_field)}</dt><dd data-testid="snapshot-display-name">{en.display_name.clone()}</dd>
                    <dt>{t!(i18n, short_description)}</dt><dd data-testid="snapshot-short-description">{en.short_description.clone()}</dd>
                    <dt>{t!(i18n, tab_plans)}</dt>
                    <dd>{v.snapshot.plans.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                    <dt>{t!(i18n, tab_iam)}</dt>
                    <dd data-testid="snapshot-iam">
                        {if v.snapshot.iam.enabled {
                            view! { <span class="tag tag-ok">{t!(i18n, snapshot_iam_on)}</span> " " {v.snapshot.iam.redirect_uris.join(", ")} }.into_any()
                        } else {
                            view! { <span class="tag">{t!(i18n, snapshot_iam_off)}</span> }.into_any()
                        }}
                    </dd>
                    <dt>{t!(i18n, tab_brokers)}</dt>
                    <dd data-testid="snapshot-brokers">
                        {if v.brokers.is_empty() {
                            view! { {t!(i18n, snapshot_no_brokers)} }.into_any()
                        } else {
                            view! { <ul class="plain">{v.brokers.iter().map(broker_line).collect_view()}</ul> }.into_any()
                        }}
                    </dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="readiness-title">
                <h2 id="readiness-title">{t!(i18n, readiness)}</h2>
                {if v.readiness.public_missing.is_empty() {
                    view! { <p><span class="tag tag-ok">{t!(i18n, ready)}</span> " " {t!(i18n, readiness_all_met)}</p> }.into_any()
                } else {
                    view! { <ul class="missing">{v.readiness.public_missing.iter().map(|m| view! { <li>{crate::components::gap_words::gap_text(i18n, m)}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        </div>
        <section class="card" aria-labelledby="diff-title">
            <h2 id="diff-title">{t!(i18n, changes_since_approved)}</h2>
            {v.first_release.then(|| view! { <p class="muted">{t!(i18n, first_release_summary)}</p> })}
            <ChangeGroups changes=v.changes.clone() first_release=v.first_release/>
        </section>
        <section class="card" aria-labelledby="discussion-title">
            <h2 id="discussion-title">{t!(i18n, discussion)}</h2>
            {(!field_comments.is_empty()).then(|| view! {
                <h3>{t!(i18n, field_comments)}</h3>
                <ul class="comments">
                    {field_comments.into_iter().map(|c| view! {
                        <li class="comment" class:resolved=c.resolved>
                            <p><span class="field-label" data-field=c.field.clone().unwrap_or_default()>{path_text(i18n, c.field.as_deref().unwrap_or_default(), &snapshot)}</span> " · " <span class="muted">{c.author.clone()}</span>
                                {c.resolved.then(|| view! { " " <span class="tag tag-ok">{t!(i18n, resolved)}</span> })}</p>
                            <p>{c.body.clone()}</p>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <ul class="comments">
                {discussion.into_iter().map(|c| view! {
                    <li class="comment"><p class="muted">{c.author.clone()} " · " <crate::format::When at=c.created_at.clone()/></p><p>{c.body.clone()}</p></li>
                }).collect_view()}
            </ul>
            {v.can_comment.then(|| view! {
                <ActionForm action=comment attr:class="form">
                    <input type="hidden" name="request_id" value=r.id.clone()/>
                    {v.is_reviewer.then(|| view! {
                        <div class="field">
                            <label for="comment-field">{t!(i18n, comment_field)}</label>
                            <select id="comment-field" name="field">
                                <option value="">{t!(i18n, comment_whole_request)}</option>
                                {v.fields.iter().map(|(f, _)| view! { <option value=f.clone()>{path_text(i18n, f, &snapshot_for_fields)}</option> }).collect_view()}
                            </select>
                        </div>
                    })}
                    <div class="field">
                        <label for="comment-body">{t!(i18n, comment_body)}</label>
                        <textarea id="comment-body" name="body" rows="3">{raw_text(&typed(<PostComment as ServerFn>::PATH, "body"))}</textarea>
                        <p class="field-error" aria-live="polite">{move || server_error_for(comment_result, "body").get().map(|e| field_error_text(i18n, &e))}</p>
                    </div>
                    <button type="submit" class="btn btn-secondary">{t!(i18n, post_comment)}</button>
                </ActionForm>
            })}
        </section>
        {(!v.earlier.is_empty()).then(|| earlier_rounds(v.earlier.clone(), v.snapshot.clone()))}
        {v.can_decide.then(|| {
            let (approve_id, reject_id) = (r.offering_id.clone(), r.offering_id.clone());
            view! {
            <section class="card" aria-labelledby="decision-title">
                <h2 id="decision-title">{t!(i18n, decision)}</h2>
                {move || decide_result.get().and_then(|r| r.err()).map(|e| {
                    let message = error_text(i18n, &e);
                    view! { <p class="notice notice-error" role="alert">{message}</p> }
                })}
                <div class="two-columns">
                    <ActionForm action=decide attr:class="form">
                        <input type="hidden" name="id" value=approve_id/>
                        <input type="hidden" name="event" value=EventKind::Approve.as_str()/>
                        <button type="submit" class="btn btn-primary">{event_label(i18n, EventKind::Approve)}</button>
                    </ActionForm>
                    <ActionForm action=decide attr:class="form">
                        <input type="hidden" name="id" value=reject_id/>
                        <input type="hidden" name="event" value=EventKind::Reject.as_str()/>
                        <div class="field">
                            <label for="reject-comment">{t!(i18n, reject_comment)}</label>
                            <textarea id="reject-comment" name="text" rows="3">{raw_text(&typed_note(EventKind::Reject))}</textarea>
                        </div>
                        <button type="submit" class="btn btn-danger">{event_label(i18n, EventKind::Reject)}</button>
                    </ActionForm>
                </div>
            </section>
        }})}
        {(r.status != "pending").then(|| view! {
            <section class="card">
                <h2>{t!(i18n, decision)}</h2>
                <p><span class="tag" data-status=r.status.clone()>{status_label(i18n, &r.status)}</span> " " {r.decided_by.clone().unwrap_or_default()}</p>
                <p>{r.decision_comment.clone()}</p>
            </section>
        })}
    }
    .into_any()
}
