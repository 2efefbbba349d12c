//! The Brokers tab: registered brokers with their validation badge, validate, smoke test with a
//! live timeline, conformance report, registration form, and the catalog export.

use super::server::{
    load_run, BrokerView, BrokersData, DeleteBroker, RunView, SaveBroker, StartRun, ValidateBroker,
    API_VERSIONS,
};
use crate::components::confirm::Confirm;
use crate::components::form::{server_error_for, Field};
use crate::components::said::{error_text, said_view};
use crate::domain::offering::Problem;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Writes `text` to the clipboard (browser only; nothing on the server).
pub(crate) fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Function, Reflect};
        let global = js_sys::global();
        let call = || -> Option<()> {
            let navigator = Reflect::get(&global, &"navigator".into()).ok()?;
            let clipboard = Reflect::get(&navigator, &"clipboard".into()).ok()?;
            let write = Reflect::get(&clipboard, &"writeText".into()).ok()?;
            Function::from(write).call1(&clipboard, &text.into()).ok()?;
            Some(())
        };
        let _ = call();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

pub(super) fn status_badge(i18n: leptos_i18n::I18nContext<Locale>, status: &str) -> AnyView {
    match status {
        "passed" => {
            view! { <span class="badge badge-ok">{t!(i18n, broker_passed)}</span> }.into_any()
        }
        "failed" => {
            view! { <span class="badge badge-fail">{t!(i18n, broker_failed)}</span> }.into_any()
        }
        _ => {
            view! { <span class="badge badge-running">{t!(i18n, broker_running)}</span> }.into_any()
        }
    }
}

fn validation_badge(i18n: leptos_i18n::I18nContext<Locale>, broker: &BrokerView) -> AnyView {
    if broker.drifted() {
        return view! { <span class="badge badge-fail">{t!(i18n, broker_drift)}</span> }.into_any();
    }
    match broker.validation.as_ref().map(|v| v.status.as_str()) {
        Some("passed") => {
            view! { <span class="badge badge-ok">{t!(i18n, broker_valid)}</span> }.into_any()
        }
        Some("failed") => {
            view! { <span class="badge badge-fail">{t!(i18n, broker_invalid)}</span> }.into_any()
        }
        _ => view! { <span class="badge">{t!(i18n, broker_not_validated)}</span> }.into_any(),
    }
}

/// A smoke test's step (`provision`, `last_operation`) in words; an unknown one as stored.
fn step_label(i18n: leptos_i18n::I18nContext<Locale>, label: &str) -> String {
    let text = match label {
        "catalog" => t_string!(i18n, osb_step_catalog),
        "provision" => t_string!(i18n, osb_step_provision),
        "last_operation" => t_string!(i18n, osb_step_last_operation),
        "bind" => t_string!(i18n, osb_step_bind),
        "unbind" => t_string!(i18n, osb_step_unbind),
        "deprovision" => t_string!(i18n, osb_step_deprovision),
        "cleanup" => t_string!(i18n, osb_step_cleanup),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// The validation result: when, and every problem and mismatch as a sentence.
fn validation_report(i18n: leptos_i18n::I18nContext<Locale>, run: RunView) -> impl IntoView {
    let r = run.result;
    view! {
        <div class="run-report" data-testid="validation">
            <p class="muted">
                {t!(i18n, broker_last_validated)} " " <crate::format::When at=run.finished_at.unwrap_or(run.started_at)/>
                {run.by_drift_watch.then(|| view! { " · " {t!(i18n, broker_by_drift_watch)} })}
            </p>
            {r.error.map(|e| view! { <p class="notice notice-error">{said_view(i18n, &e)}</p> })}
            {(!r.problems.is_empty()).then(|| view! {
                <h4>{t!(i18n, broker_problems)}</h4>
                <ul class="findings">{r.problems.into_iter().map(|p| view! { <li>{said_view(i18n, &p)}</li> }).collect_view()}</ul>
            })}
            {(!r.mismatches.is_empty()).then(|| view! {
                <h4>{t!(i18n, broker_mismatches)}</h4>
                <ul class="findings">{r.mismatches.into_iter().map(|p| view! { <li>{said_view(i18n, &p)}</li> }).collect_view()}</ul>
            })}
        </div>
    }
}

/// A smoke test's timeline: one row per call, with a progress bar while it runs.
fn timeline(i18n: leptos_i18n::I18nContext<Locale>, run: RunView) -> impl IntoView {
    let r = run.result;
    let done = r.steps.len();
    let planned = r.planned_steps.max(done).max(1);
    let running = run.status == "running";
    let plan = r.plan_name.clone().unwrap_or_default();
    view! {
        <div class="timeline-block" data-testid="smoke-run" data-status=run.status.clone()>
            <h4>
                {t!(i18n, broker_timeline)} " · " <code>{plan}</code> " "
                {status_badge(i18n, &run.status)}
            </h4>
            {running.then(|| view! {
                <progress max=planned value=done aria-label=move || t_string!(i18n, broker_progress).to_string()></progress>
            })}
            <ol class="timeline">
                {r.steps.into_iter().map(|s| {
                    let class = if s.ok { "step step-ok" } else { "step step-fail" };
                    view! {
                        <li class=class data-step=s.label.clone()>
                            <span class="step-label">{step_label(i18n, &s.label)}</span>
                            <code class="step-call">{s.call}</code>
                            <span class="step-status">{s.status.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</span>
                            <span class="step-duration">{format!("{} ms", s.millis)}</span>
                            {s.note.map(|n| view! { <span class="step-note">{said_view(i18n, &n)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {r.error.map(|e| view! { <p class="notice notice-error">{said_view(i18n, &e)}</p> })}
        </div>
    }
}

/// The register/edit form; `broker` is `None` to register a new one.
fn broker_form(
    i18n: leptos_i18n::I18nContext<Locale>,
    action: ServerAction<SaveBroker>,
    offering_id: String,
    broker: Option<BrokerView>,
    can_edit: bool,
) -> AnyView {
    let result = Signal::derive(move || action.value().get());
    let editing = broker.is_some();
    let b = broker.clone();
    let value = move |f: fn(&BrokerView) -> String| b.as_ref().map(f).unwrap_or_default();
    let auth_kind = RwSignal::new(
        broker
            .as_ref()
            .map(|b| b.auth_kind.clone())
            .unwrap_or_else(|| "basic".into()),
    );
    let version_now = broker
        .as_ref()
        .map(|b| b.api_version.clone())
        .unwrap_or_else(|| "2.17".into());
    let prefix = broker
        .as_ref()
        .map(|b| b.id.clone())
        .unwrap_or_else(|| "new".into());
    let auth_id = format!("f-auth-{prefix}");
    let version_id = format!("f-version-{prefix}");
    let disabled = !can_edit;
    // The register form keeps the plain ids (`f-url`); each edit form has its own.
    let field_prefix = broker.as_ref().map(|b| b.id.clone());
    view! {
        <ActionForm action attr:class="broker-form" attr:data-testid=if editing { "broker-edit-form" } else { "broker-register-form" }>
            <input type="hidden" name="id" value=offering_id/>
            {broker.as_ref().map(|b| view! {
                <input type="hidden" name="broker_id" value=b.id.clone()/>
                <input type="hidden" name="form_scope" value=b.id.clone()/>
                <input type="hidden" name="version" value=b.version/>
            })}
            <fieldset disabled=disabled>
                <Field id_prefix=field_prefix.clone() name="name" label=move || t_string!(i18n, broker_name).to_string()
                    value=value(|b| b.name.clone()) required=true max=64usize
                    check=|v: &str| v.trim().is_empty().then_some(Problem::Required)
                    server_error=server_error_for(result, "name")/>
                <Field id_prefix=field_prefix.clone() name="url" label=move || t_string!(i18n, broker_url).to_string()
                    help=move || t_string!(i18n, broker_url_help).to_string()
                    value=value(|b| b.url.clone()) required=true input_type="url"
                    check=|v: &str| url::Url::parse(v.trim()).is_err().then_some(Problem::NotAUrl)
                    server_error=server_error_for(result, "url")/>
                <div class="field">
                    <label for=auth_id.clone()>{t!(i18n, broker_auth)}</label>
                    <select id=auth_id name="auth_kind" on:change=move |ev| auth_kind.set(event_target_value(&ev))>
                        <option value="basic" selected=move || auth_kind.get() == "basic">{t!(i18n, broker_auth_basic)}</option>
                        <option value="bearer" selected=move || auth_kind.get() == "bearer">{t!(i18n, broker_auth_bearer)}</option>
                    </select>
                </div>
                <div class:hidden=move || auth_kind.get() != "basic">
                    <Field id_prefix=field_prefix.clone() name="username" label=move || t_string!(i18n, broker_username).to_string()
                        value=value(|b| b.username.clone())
                        server_error=server_error_for(result, "username")/>
                </div>
                <Field id_prefix=field_prefix.clone() name="secret" input_type="password"
                    label=move || t_string!(i18n, broker_secret).to_string()
                    help=move || if editing { t_string!(i18n, broker_secret_keep_help).to_string() } else { t_string!(i18n, broker_secret_help).to_string() }
                    value="" required=!editing
                    server_error=server_error_for(result, "secret")/>
                <div class="field">
                    <label for=version_id.clone()>{t!(i18n, broker_api_version)}</label>
                    <select id=version_id name="api_version">
                        {API_VERSIONS.iter().map(|v| view! {
                            <option value=*v selected=*v == version_now>{*v}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field id_prefix=field_prefix.clone() name="locations" label=move || t_string!(i18n, broker_locations).to_string()
                    help=move || t_string!(i18n, broker_locations_help).to_string()
                    value=value(|b| b.locations.join(", "))
                    server_error=server_error_for(result, "locations")/>
                <div class="form-actions">
                    {move || action.value().get().map(|r| match r {
                        Ok(_) => view! { <p class="notice notice-success" role="status">{t!(i18n, broker_saved)}</p> }.into_any(),
                        Err(AppError::Invalid(_)) => view! { <p class="notice notice-error" role="alert">{t!(i18n, fix_fields)}</p> }.into_any(),
                        Err(AppError::Conflict(_)) if editing => view! { <p class="notice notice-error" role="alert" data-testid="broker-stale">{t!(i18n, broker_stale)}</p> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    })}
                    <button type="submit" class="btn btn-primary">
                        {if editing { t!(i18n, broker_save).into_any() } else { t!(i18n, broker_register).into_any() }}
                    </button>
                </div>
            </fieldset>
        </ActionForm>
    }
    .into_any()
}

/// One broker: identity, badge, actions and the latest runs (live while a run goes on).
#[component]
fn BrokerCard(
    offering_id: String,
    broker: BrokerView,
    plans: Vec<(String, String)>,
    can_edit: bool,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let validate = ServerAction::<ValidateBroker>::new();
    let start = ServerAction::<StartRun>::new();
    let delete = ServerAction::<DeleteBroker>::new();
    let edit = ServerAction::<SaveBroker>::new();
    for done in [
        Signal::derive(move || validate.value().get().is_some_and(|r| r.is_ok())),
        Signal::derive(move || delete.value().get().is_some_and(|r| r.is_ok())),
        Signal::derive(move || edit.value().get().is_some_and(|r| r.is_ok())),
    ] {
        Effect::new(move |was: Option<bool>| {
            let now = done.get();
            if now && was != Some(true) {
                reload.update(|n| *n += 1);
            }
            now
        });
    }
    // The run started from this page, polled until it ends.
    let active = RwSignal::new(None::<String>);
    let tick = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(run_id)) = start.value().get() {
            active.set(Some(run_id));
        }
    });
    // Polled with plain signals (a LocalResource would keep the server render in its fallback).
    let live = RwSignal::new(None::<RunView>);
    let oid = offering_id.clone();
    Effect::new(move |_| {
        tick.track();
        let Some(run_id) = active.get() else { return };
        let oid = oid.clone();
        leptos::task::spawn_local(async move {
            if let Ok(run) = load_run(oid, run_id).await {
                let running = run.status == "running";
                live.set(Some(run));
                if running {
                    set_timeout(
                        move || tick.update(|n| *n += 1),
                        std::time::Duration::from_millis(400),
                    );
                } else {
                    reload.update(|n| *n += 1);
                }
            }
        });
    });
    let live_run = move || live.get();
    let stored_smoke = broker.smoke.clone();
    let stored_conformance = broker.conformance.clone();
    let smoke_view = move || {
        let run = live_run()
            .filter(|r| r.kind == "smoke")
            .or_else(|| stored_smoke.clone());
        run.map(|r| timeline(i18n, r))
    };
    let conformance_view = move || {
        let run = live_run()
            .filter(|r| r.kind == "conformance")
            .or_else(|| stored_conformance.clone());
        run.map(|r| super::report::conformance_report(i18n, r))
    };
    let validation = broker.validation.clone();
    let validation_view = move || {
        validate
            .value()
            .get()
            .and_then(|r| r.ok())
            .or_else(|| validation.clone())
            .map(|r| validation_report(i18n, r))
    };
    let validate_error = move || {
        validate.value().get().and_then(|r| r.err()).map(|e| {
            view! {
                <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p>
            }
        })
    };
    let start_error = move || {
        start.value().get().and_then(|r| r.err()).map(|e| {
            view! {
                <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p>
            }
        })
    };
    let running =
        move || live_run().is_some_and(|r| r.status == "running") || start.pending().get();
    let plan_select_id = format!("plan-{}", broker.id);
    let (bid, bid2, bid3) = (broker.id.clone(), broker.id.clone(), broker.id.clone());
    let (oid1, oid2, oid3, oid4) = (
        offering_id.clone(),
        offering_id.clone(),
        offering_id.clone(),
        offering_id.clone(),
    );
    let editable = broker.clone();
    // The edit form is built when it is first opened (and then kept, with what was typed): the
    // server does not render a form per broker, whose view type is deep enough to overflow a
    // 2 MB stack in debug builds.
    let edit_opened = RwSignal::new(false);
    let has_plans = !plans.is_empty();
    let name = broker.name.clone();
    let locations = if broker.locations.is_empty() {
        "—".to_string()
    } else {
        broker.locations.join(", ")
    };
    let auth = if broker.auth_kind == "bearer" {
        t_string!(i18n, broker_auth_bearer).to_string()
    } else {
        format!(
            "{} · {}",
            t_string!(i18n, broker_auth_basic),
            broker.username
        )
    };
    view! {
        <section class="card broker" aria-labelledby=format!("broker-{}", broker.id) data-testid="broker">
            <div class="card-header">
                <h3 id=format!("broker-{}", broker.id)>{broker.name.clone()} " " {validation_badge(i18n, &broker)}</h3>
            </div>
            <dl class="broker-facts">
                <div><dt>{t!(i18n, broker_url)}</dt><dd><code>{broker.url.clone()}</code></dd></div>
                <div><dt>{t!(i18n, broker_auth)}</dt><dd>{auth}</dd></div>
                <div><dt>{t!(i18n, broker_api_version)}</dt><dd>{broker.api_version.clone()}</dd></div>
                <div><dt>{t!(i18n, broker_locations)}</dt><dd>{locations}</dd></div>
            </dl>
            <div class="broker-actions">
                <ActionForm action=validate attr:class="inline-form">
                    <input type="hidden" name="id" value=oid1/>
                    <input type="hidden" name="broker_id" value=bid/>
                    <button type="submit" class="btn btn-secondary" disabled=move || !can_edit || validate.pending().get()>
                        {move || if validate.pending().get() { t_string!(i18n, broker_validating).to_string() } else { t_string!(i18n, broker_validate).to_string() }}
                    </button>
                </ActionForm>
                {if has_plans {
                    view! {
                        <ActionForm action=start attr:class="inline-form run-form">
                            <input type="hidden" name="id" value=oid2/>
                            <input type="hidden" name="broker_id" value=bid2/>
                            <label for=plan_select_id.clone()>{t!(i18n, broker_plan)}</label>
                            <select id=plan_select_id name="plan_id" disabled=!can_edit>
                                {plans.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                            </select>
                            <button type="submit" name="kind" value="smoke" class="btn btn-secondary" disabled=move || !can_edit || running()>
                                {t!(i18n, broker_smoke)}
                            </button>
                            <button type="submit" name="kind" value="conformance" class="btn btn-ghost" disabled=move || !can_edit || running()>
                                {t!(i18n, broker_conformance)}
                            </button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p class="muted">{t!(i18n, broker_no_plans)}</p> }.into_any()
                }}
            </div>
            {validate_error}
            {start_error}
            {validation_view}
            {smoke_view}
            {conformance_view}
            {can_edit.then(|| view! {
                <div class="broker-manage">
                    <details class="broker-edit">
                        <summary class="btn btn-ghost btn-small" on:click=move |_| edit_opened.set(true)>{t!(i18n, broker_edit)}</summary>
                        <p class="help">{t!(i18n, broker_edit_help)}</p>
                        {move || edit_opened.get().then(|| broker_form(i18n, edit, oid4.clone(), Some(editable.clone()), can_edit))}
                    </details>
                    <Confirm label=t_string!(i18n, delete) warning=t_string!(i18n, broker_delete_warning)>
                        <ActionForm action=delete>
                            <input type="hidden" name="id" value=oid3/>
                            <input type="hidden" name="broker_id" value=bid3/>
                            <button type="submit" class="btn btn-danger btn-small">{t!(i18n, broker_delete)} " " {name}</button>
                        </ActionForm>
                    </Confirm>
                </div>
            }.into_any())}
        </section>
    }
}

fn export_card(
    i18n: leptos_i18n::I18nContext<Locale>,
    offering_id: &str,
    export: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = export.clone();
    view! {
        <section class="card" aria-labelledby="export-title">
            <div class="card-header">
                <h3 id="export-title">{t!(i18n, broker_export)}</h3>
                <div class="button-row">
                    <button type="button" class="btn btn-secondary" on:click=move |_| { copy_to_clipboard(&text); copied.set(true); }>
                        {move || if copied.get() { t_string!(i18n, broker_copied).to_string() } else { t_string!(i18n, broker_copy).to_string() }}
                    </button>
                    <a class="btn btn-ghost" href=format!("/offerings/{offering_id}/brokers/catalog.json") download="">{t!(i18n, broker_download)}</a>
                </div>
            </div>
            <p class="help">{t!(i18n, broker_export_help)}</p>
            <pre class="code-block" role="region" tabindex="0" aria-label=move || t_string!(i18n, broker_export).to_string()><code>{export}</code></pre>
            <p class="visually-hidden" role="status">{move || copied.get().then(|| t_string!(i18n, broker_copied).to_string())}</p>
        </section>
    }
}

#[component]
pub fn BrokersTab() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || (id(), reload.get()),
        |(id, _)| super::server::load_brokers(id),
    );
    let register = ServerAction::<SaveBroker>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = register.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    crate::components::status::loaded(
        data,
        move |BrokersData {
                  brokers,
                  plans,
                  can_edit,
                  export,
              }| {
            let oid = id();
            let empty = brokers.is_empty();
            view! {
                <section class="card">
                    <div class="card-header"><h2>{t!(i18n, brokers_title)}</h2></div>
                    <p>{t!(i18n, brokers_intro)}</p>
                    {empty.then(|| view! { <p class="empty-state">{t!(i18n, brokers_none)}</p> })}
                </section>
                {brokers.into_iter().map(|b| view! {
                    <BrokerCard offering_id=oid.clone() broker=b plans=plans.clone() can_edit reload/>
                }).collect_view()}
                <section class="card" aria-labelledby="register-title">
                    <div class="card-header"><h3 id="register-title">{t!(i18n, broker_register)}</h3></div>
                    {broker_form(i18n, register, oid.clone(), None, can_edit)}
                </section>
                {export_card(i18n, &oid, export)}
            }
        },
    )
}
