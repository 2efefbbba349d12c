//! The Support tab (the provider describes its support) and "Get support" (the catalog shows
//! it). The form posts to `save_support`, so it works without JavaScript; a refused post shows
//! what was typed (`SupportForm::from_posted`) with each message beside its field.

use super::server::SaveSupport;
use crate::components::form::{field_error_view, server_error_for, Field, FieldPrefix, SaveStatus};
use crate::components::layout::ScrollRegion;
use crate::components::support_words::{
    coverage_label, day_label, hours_text, severity_help, severity_label, target_text, unit_label,
};
use crate::domain::offering::CONTENT_LANGUAGES;
use crate::domain::support::{
    validate_phone, Coverage, Severity, SupportModel, TargetUnit, DAYS, TIME_ZONES,
};
use crate::domain::support_form::SupportForm;
use crate::error::{AppError, FieldError};
use crate::i18n::*;
use crate::offerings::editor::{reload_on_success, version_signal, with_offering, OfferingContext};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

type I18n = leptos_i18n::I18nContext<Locale>;
type Result_ = Signal<Option<Result<i64, AppError>>>;

/// The server's message for `field`, under a control that is not a `Field`.
fn message(i18n: I18n, id: String, error: Signal<Option<FieldError>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || error.get().map(|e| field_error_view(i18n, &e))}
        </p>
    }
}

/// A `<select>` with its label and message; `options` are (value, words).
fn select(
    i18n: I18n,
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
    chosen: String,
    read_only: bool,
    result: Result_,
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = server_error_for(result, name);
    let invalid = move || error.get().is_some().then_some("true");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            // Time zones are IANA names, the same in every language.
            <select id=id.clone() name=name disabled=read_only aria-invalid=invalid aria-describedby=format!("{id}-error")
                translate=(name == "time_zone").then_some("no")>
                <option value="" selected=chosen.is_empty()>"—"</option>
                {options.into_iter().map(|(value, words)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{words}</option> }
                }).collect_view()}
            </select>
            {message(i18n, format!("{id}-error"), error)}
        </div>
    }
}

/// A group of checkboxes posted as `name[k]`; `options` are (value, words, lang of the words).
fn checkboxes(
    i18n: I18n,
    name: &'static str,
    legend: String,
    options: Vec<(String, String, Option<String>)>,
    ticked: Vec<String>,
    read_only: bool,
    result: Result_,
) -> impl IntoView {
    let error = server_error_for(result, name);
    view! {
        <fieldset class="fieldset checkbox-group" data-field=name>
            <legend>{legend}</legend>
            <div class="checkbox-row">
                {options.into_iter().enumerate().map(|(k, (value, words, lang))| {
                    let id = format!("f-{name}-{value}");
                    let checked = ticked.contains(&value);
                    view! {
                        <span class="field-inline">
                            <input id=id.clone() type="checkbox" name=format!("{name}[{k}]") value=value checked=checked disabled=read_only/>
                            <label for=id lang=lang>{words}</label>
                        </span>
                    }
                }).collect_view()}
            </div>
            {message(i18n, format!("f-{name}-error"), error)}
        </fieldset>
    }
}

/// One severity's response target: a whole number and a unit.
fn target_row(
    i18n: I18n,
    index: usize,
    severity: Severity,
    form: &SupportForm,
    read_only: bool,
    result: Result_,
) -> impl IntoView {
    let typed = form.targets.get(index).cloned().unwrap_or_default();
    let key = severity.as_str();
    let (id, unit_id, error_id) = (
        format!("f-target-{key}"),
        format!("f-unit-{key}"),
        format!("f-target-{key}-error"),
    );
    let error = server_error_for(result, severity.field());
    let invalid = move || error.get().is_some().then_some("true");
    let unit = if typed.unit.is_empty() {
        "hours".to_owned()
    } else {
        typed.unit.clone()
    };
    view! {
        <div class="field target-row" data-severity=key>
            <label for=id.clone()>{severity_label(i18n, severity)}</label>
            <p class="help">{severity_help(i18n, severity)}</p>
            <div class="target-inputs">
                <input id=id type="number" min="1" step="1" inputmode="numeric" name=format!("targets[{index}]")
                    value=typed.value.clone() disabled=read_only aria-invalid=invalid aria-describedby=error_id.clone()/>
                <select id=unit_id name=format!("units[{index}]") disabled=read_only
                    aria-label=format!("{} ({})", severity_label(i18n, severity), t_string!(i18n, support_first_response))>
                    {TargetUnit::ALL.into_iter().map(|u| {
                        let selected = u.as_str() == unit;
                        view! { <option value=u.as_str() selected=selected>{unit_label(i18n, u)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {message(i18n, error_id, error)}
        </div>
    }
}

fn support_form(
    i18n: I18n,
    id: String,
    version: Signal<i64>,
    form: SupportForm,
    read_only: bool,
    save: ServerAction<SaveSupport>,
) -> impl IntoView {
    let result: Result_ = Signal::derive(move || save.value().get());
    let err = move |f: &'static str| server_error_for(result, f);
    let coverage_options = [Coverage::Always, Coverage::BusinessHours]
        .map(|c| (c.as_str().to_owned(), coverage_label(i18n, c)))
        .to_vec();
    let zones = TIME_ZONES
        .iter()
        .map(|z| (z.to_string(), z.to_string()))
        .collect();
    let days = DAYS
        .iter()
        .map(|d| (d.to_string(), day_label(i18n, d), None))
        .collect();
    let languages = (CONTENT_LANGUAGES.iter())
        .map(|(tag, name)| (tag.to_string(), name.to_string(), Some(tag.to_string())))
        .collect();
    view! {
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=move || version.get()/>
            <fieldset class="fieldset">
                <legend>{t!(i18n, support_contact_legend)}</legend>
                <Field name="site_url" input_type="url" label=move || t_string!(i18n, support_site_url).to_string()
                    help=move || t_string!(i18n, support_site_help).to_string()
                    value=form.site_url.clone() disabled=read_only
                    check=|v: &str| (!v.is_empty()).then(|| crate::domain::offering::validate_web_url(v).err()).flatten()
                    server_error=err("site_url")/>
                <Field name="email" label=move || t_string!(i18n, support_email).to_string()
                    value=form.email.clone() disabled=read_only server_error=err("email")/>
                <Field name="phone" input_type="tel" label=move || t_string!(i18n, support_phone).to_string()
                    help=move || t_string!(i18n, support_phone_help).replace('`', "")
                    value=form.phone.clone() disabled=read_only
                    check=|v: &str| (!v.trim().is_empty()).then(|| validate_phone(v.trim()).err()).flatten()
                    server_error=err("phone")/>
            </fieldset>
            <fieldset class="fieldset">
                <legend>{t!(i18n, support_hours_legend)}</legend>
                {select(i18n, "coverage", t_string!(i18n, support_coverage).to_string(), coverage_options, form.coverage.clone(), read_only, result)}
                <p class="help">{t!(i18n, support_hours_help)}</p>
                {checkboxes(i18n, "days", t_string!(i18n, support_days).to_string(), days, form.days.clone(), read_only, result)}
                <div class="two-columns">
                    <Field name="opens" input_type="time" label=move || t_string!(i18n, support_opens).to_string()
                        value=form.opens.clone() disabled=read_only server_error=err("opens")/>
                    <Field name="closes" input_type="time" label=move || t_string!(i18n, support_closes).to_string()
                        value=form.closes.clone() disabled=read_only server_error=err("closes")/>
                </div>
                {select(i18n, "time_zone", t_string!(i18n, support_time_zone).to_string(), zones, form.time_zone.clone(), read_only, result)}
            </fieldset>
            {checkboxes(i18n, "languages", t_string!(i18n, support_languages).to_string(), languages, form.languages.clone(), read_only, result)}
            <fieldset class="fieldset">
                <legend>{t!(i18n, support_escalation_legend)}</legend>
                <Field name="escalation_name" label=move || t_string!(i18n, support_escalation_name).to_string()
                    value=form.escalation_name.clone() max=crate::domain::support::MAX_NAME disabled=read_only
                    server_error=err("escalation_name")/>
                <Field name="escalation_email" label=move || t_string!(i18n, support_escalation_email).to_string()
                    value=form.escalation_email.clone() disabled=read_only server_error=err("escalation_email")/>
            </fieldset>
            <fieldset class="fieldset">
                <legend>{t!(i18n, support_targets_legend)}</legend>
                <p class="help">{t!(i18n, support_targets_help)}</p>
                {Severity::ALL.into_iter().enumerate().map(|(i, s)| target_row(i18n, i, s, &form, read_only, result)).collect_view()}
            </fieldset>
            <SaveStatus result=result path=SaveSupport::PATH/>
            <button type="submit" class="btn btn-primary" disabled=read_only>{t!(i18n, save)}</button>
        </ActionForm>
    }
}

#[component]
pub fn SupportTab() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(FieldPrefix("support".into()));
    let save = ServerAction::<SaveSupport>::new();
    reload_on_success(save, expect_context::<OfferingContext>());
    // After a refused post without JavaScript: what was typed, not what is stored.
    let posted = crate::components::form_echo::posted_to(SaveSupport::PATH);
    with_offering(move |o, _| {
        let version = version_signal(save, o.version);
        let form = match &posted {
            Some(fields) => SupportForm::from_posted(fields),
            None => SupportForm::from_model(&o.document.support),
        };
        view! {
            <section class="card">
                <h2>{t!(i18n, tab_support)}</h2>
                <p class="help">{t!(i18n, support_intro)}</p>
                {support_form(i18n, o.id.clone(), version, form, !o.can_edit, save)}
            </section>
        }
    })
}

/// The catalog's "Get support": how a customer reaches the provider, when, and how fast.
#[component]
pub fn GetSupport(support: SupportModel) -> impl IntoView {
    let i18n = use_i18n();
    if support.is_empty() {
        return view! {
            <section class="card get-support" aria-labelledby="get-support">
                <h2 id="get-support">{t!(i18n, get_support)}</h2>
                <p class="muted">{t!(i18n, support_none_yet)}</p>
            </section>
        }
        .into_any();
    }
    let s = support;
    let languages: Vec<(String, String)> = (s.languages.iter())
        .map(|tag| {
            let name = CONTENT_LANGUAGES
                .iter()
                .find(|(t, _)| t == tag)
                .map_or(tag.as_str(), |(_, n)| n);
            (tag.clone(), name.to_owned())
        })
        .collect();
    let targets: Vec<(Severity, u32)> = Severity::ALL
        .into_iter()
        .filter_map(|sev| s.targets.get(&sev).map(|m| (sev, *m)))
        .collect();
    let hours = hours_text(i18n, &s);
    view! {
        <section class="card get-support" aria-labelledby="get-support" data-testid="get-support">
            <div class="card-header">
                <h2 id="get-support">{t!(i18n, get_support)}</h2>
                {(!s.site_url.is_empty()).then(|| view! {
                    <a class="btn btn-primary" href=s.site_url.clone() rel="noopener noreferrer">{t!(i18n, support_open_case)}</a>
                })}
            </div>
            <dl class="snapshot">
                {(!s.email.is_empty()).then(|| view! {
                    <dt>{t!(i18n, support_email)}</dt><dd><a href=format!("mailto:{}", s.email)>{s.email.clone()}</a></dd>
                })}
                {(!s.phone.is_empty()).then(|| view! {
                    <dt>{t!(i18n, support_phone)}</dt><dd><a href=format!("tel:{}", s.phone.replace([' ', '-', '.', '(', ')'], ""))>{s.phone.clone()}</a></dd>
                })}
                {(!hours.is_empty()).then(|| view! { <dt>{t!(i18n, support_coverage)}</dt><dd>{hours}</dd> })}
                {(!languages.is_empty()).then(|| view! {
                    <dt>{t!(i18n, support_languages)}</dt>
                    <dd>{languages.into_iter().enumerate().map(|(i, (tag, name))| view! {
                        {(i > 0).then_some(", ")}<span lang=tag>{name}</span>
                    }).collect_view()}</dd>
                })}
                {(!s.escalation_email.is_empty()).then(|| view! {
                    <dt>{t!(i18n, support_escalation_legend)}</dt>
                    <dd>{(!s.escalation_name.is_empty()).then(|| view! { <span data-user-text="">{s.escalation_name.clone()}</span>" · " })}<a href=format!("mailto:{}", s.escalation_email)>{s.escalation_email.clone()}</a></dd>
                })}
            </dl>
            {(!targets.is_empty()).then(|| view! {
                <ScrollRegion label=Signal::derive(move || t_string!(i18n, support_targets_legend).to_string())>
                    <table class="table support-targets">
                        <thead><tr><th scope="col">{t!(i18n, support_severity)}</th><th scope="col">{t!(i18n, support_first_response)}</th></tr></thead>
                        <tbody>
                            {targets.into_iter().map(|(sev, minutes)| view! {
                                <tr data-severity=sev.as_str()>
                                    <th scope="row">{severity_label(i18n, sev)}<span class="help">{severity_help(i18n, sev)}</span></th>
                                    <td>{target_text(i18n, minutes)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            })}
        </section>
    }
    .into_any()
}
