//! The platform audit page (`/admin/audit`): a filter form (a plain GET form, so it works
//! without JavaScript and every filtered view is a link), the rows newest first with what each
//! changed, "Older entries", and the CSV export of the filtered rows.

use super::server::{load_audit_log, load_audit_options, AuditLogPage, AuditOptions, AuditRow};
use crate::components::audit_words::{action_text, subject_text};
use crate::components::changes::ChangeList;
use crate::components::form::Field;
use crate::components::layout::{PageHeader, ScrollRegion};
use crate::components::status::{loaded, EmptyState, ErrorPanel};
use crate::domain::audit_filter::{AuditQuery, MAX_FILTER_LEN};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The CSV export of the rows a filter lets through (the REST route; the session signs it).
pub const EXPORT_PATH: &str = "/api/v1/audit/export.csv";

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = move || {
        let q = query_map.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        AuditQuery {
            organisation: get("organisation"),
            offering: get("offering"),
            actor: get("actor"),
            action: get("action"),
            from: get("from"),
            to: get("to"),
        }
    };
    let before = move || {
        query_map
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let options = Resource::new(|| (), |_| load_audit_options());
    let results = Resource::new(
        move || (query(), before()),
        |(query, before)| load_audit_log(query, before),
    );
    view! {
        <PageHeader title=move || t_string!(i18n, audit_title).to_string()>
            <a class="btn btn-ghost" href="/admin">{t!(i18n, nav_admin)}</a>
        </PageHeader>
        {loaded(options, move |options: AuditOptions| view! {
            <Suspense fallback=|| view! { <p class="loading" aria-live="polite">"…"</p> }>
                {move || {
                    let options = options.clone();
                    results.get().map(|result| {
                        let error = result.as_ref().err().cloned();
                        let shown = match result {
                            Ok(page) => view! { <AuditRows page query=query()/> }.into_any(),
                            // Refused filter values are said beside their fields.
                            Err(AppError::Invalid(_)) => ().into_any(),
                            Err(error) => view! { <ErrorPanel error/> }.into_any(),
                        };
                        view! {
                            <FilterForm options query=query() error/>
                            {shown}
                        }
                        .into_any()
                    })
                }}
            </Suspense>
        })}
    }
}

/// The filter: organisation and action from lists, offering and actor as typed, a date range.
#[component]
fn FilterForm(options: AuditOptions, query: AuditQuery, error: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let said = move |field: &'static str| {
        let e = error.as_ref().and_then(|e| e.field_error(field));
        Signal::derive(move || e.clone())
    };
    let export = match query.query_string() {
        qs if qs.is_empty() => EXPORT_PATH.to_owned(),
        qs => format!("{EXPORT_PATH}?{qs}"),
    };
    let (organisation, action) = (query.organisation.clone(), query.action.clone());
    view! {
        <form method="get" action="/admin/audit" class="card filter-form" role="search"
            aria-label=move || t_string!(i18n, audit_filter).to_string()>
            <div class="filter-grid">
                <div class="field">
                    <label for="f-organisation">{t!(i18n, organisation)}</label>
                    <select id="f-organisation" name="organisation">
                        <option value="">{t!(i18n, audit_any)}</option>
                        {options.organisations.into_iter().map(|(id, name)| {
                            let selected = id == organisation;
                            view! { <option value=id selected=selected translate="no">{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Field name="offering" label=move || t_string!(i18n, audit_offering).to_string()
                    help=Signal::derive(move || t_string!(i18n, audit_offering_help).to_string())
                    value=query.offering.clone() max=MAX_FILTER_LEN server_error=said("offering")/>
                <Field name="actor" label=move || t_string!(i18n, audit_actor).to_string()
                    help=Signal::derive(move || t_string!(i18n, audit_actor_help).to_string())
                    value=query.actor.clone() max=MAX_FILTER_LEN server_error=said("actor")/>
                <div class="field">
                    <label for="f-action">{t!(i18n, audit_action)}</label>
                    <select id="f-action" name="action">
                        <option value="">{t!(i18n, audit_any)}</option>
                        {options.actions.into_iter().map(|code| {
                            let selected = code == action;
                            let text = format!("{} ({code})", action_text(i18n, &code));
                            view! { <option value=code selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Field name="from" label=move || t_string!(i18n, audit_from).to_string()
                    input_type="date" value=query.from.clone() server_error=said("from")/>
                <Field name="to" label=move || t_string!(i18n, audit_to).to_string()
                    input_type="date" value=query.to.clone() server_error=said("to")/>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">{t!(i18n, filter)}</button>
                <a class="btn btn-ghost" href="/admin/audit">{t!(i18n, audit_clear)}</a>
                <a class="btn btn-secondary" href=export rel="external" download="">{t!(i18n, audit_export_csv)}</a>
            </div>
        </form>
    }
    .into_any()
}

/// The rows of one page, and the link to the older ones with the same filter.
#[component]
fn AuditRows(page: AuditLogPage, query: AuditQuery) -> impl IntoView {
    let i18n = use_i18n();
    if page.rows.is_empty() {
        return view! {
            <EmptyState title=move || t_string!(i18n, audit_empty).to_string()>
                <p>{t!(i18n, audit_empty_text)}</p>
            </EmptyState>
        }
        .into_any();
    }
    let older = page.next.map(|n| {
        let qs = query.query_string();
        let sep = if qs.is_empty() { "" } else { "&" };
        let href = format!("/admin/audit?{qs}{sep}before={n}");
        view! { <p><a href=href>{t!(i18n, older_entries)}</a></p> }
    });
    view! {
        <section class="card">
            <ScrollRegion label=move || t_string!(i18n, audit_title).to_string()>
                <table class="data-table audit-log">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, when)}</th>
                            <th scope="col">{t!(i18n, who)}</th>
                            <th scope="col">{t!(i18n, what)}</th>
                            <th scope="col">{t!(i18n, audit_subject)}</th>
                            <th scope="col">{t!(i18n, organisation)}</th>
                            <th scope="col">{t!(i18n, changes)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}
                    </tbody>
                </table>
            </ScrollRegion>
            {older}
        </section>
    }
    .into_any()
}

#[component]
fn Row(row: AuditRow) -> impl IntoView {
    let i18n = use_i18n();
    let subject = row
        .subject_name
        .clone()
        .or_else(|| row.subject_id.clone())
        .unwrap_or_default();
    view! {
        <tr data-audit-id=row.id data-action=row.action.clone()>
            <td><crate::format::When at=row.at.clone()/></td>
            <td>{row.actor.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{action_text(i18n, &row.action)} <br/><code class="muted">{row.action.clone()}</code></td>
            <td>
                <span class="muted">{subject_text(i18n, &row.subject_type)}</span> " "
                <span translate="no">{subject}</span>
            </td>
            <td translate="no">{row.organisation_name.clone().unwrap_or_default()}</td>
            <td>
                // `detail` is an English note for operators: the REST API and the CSV carry it.
                <ChangeList changes=row.changes.clone()/>
            </td>
        </tr>
    }
    .into_any()
}
