//! The create-time parameters page of a plan (issue 18, item 6): one row per parameter plus an
//! empty row for a new one, and beside them a live preview of the form the customer will fill
//! in. The form posts to `save_parameters` as `parameters.<index>.<key>`, so it works without
//! JavaScript; a refused post shows what was typed with each message beside its field.

use super::server::SaveParameters;
use crate::components::form::{field_error_view, problem_text, server_error_for, SaveStatus};
use crate::components::form_echo::posted_to;
use crate::components::raw_text::raw_text;
use crate::components::status::ErrorPanel;
use crate::domain::offering::{Problem, CONTENT_LANGUAGES};
use crate::domain::parameters::{parse_all, Parameter, ParameterInput, ParameterKind};
use crate::domain::parameters_form::{field_name, from_fields};
use crate::error::AppError;
use crate::i18n::*;
use crate::offerings::editor::{reload_on_success, version_signal, with_offering, OfferingContext};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

type I18n = leptos_i18n::I18nContext<Locale>;
type Rows = RwSignal<Vec<ParameterInput>>;
type Outcome = Signal<Option<Result<i64, AppError>>>;

/// What the browser finds wrong with the rows, by field path (shown once a row was typed in).
fn problems_of(rows: &[ParameterInput]) -> BTreeMap<String, Problem> {
    match parse_all(rows) {
        Ok(_) => BTreeMap::new(),
        Err(found) => found.into_iter().map(|p| (p.field, p.problem)).collect(),
    }
}

/// The kinds as the page names them.
fn kinds(i18n: I18n) -> [(&'static str, String); 4] {
    [
        ("text", t_string!(i18n, params_kind_text).to_string()),
        ("number", t_string!(i18n, params_kind_number).to_string()),
        ("choice", t_string!(i18n, params_kind_choice).to_string()),
        ("yes_no", t_string!(i18n, params_kind_yes_no).to_string()),
    ]
}

/// One field's message: the server's answer, else the browser's check once the row was typed in.
fn message(
    i18n: I18n,
    rows: Rows,
    touched: RwSignal<bool>,
    outcome: Outcome,
    path: String,
) -> impl IntoView {
    let server = server_error_for(outcome, path.clone());
    let id = format!("{}-error", path.replace('.', "-"));
    let client = Memo::new(move |_| rows.with(|r| problems_of(r).remove(&path)));
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || match server.get() {
                Some(e) => Some(field_error_view(i18n, &e)),
                None => touched.get().then(|| client.get()).flatten().map(|p| problem_text(i18n, &p).into_any()),
            }}
        </p>
    }
}

/// A text input (or a textarea) of row `index` bound to `key`.
#[allow(clippy::too_many_arguments)]
fn text_field(
    i18n: I18n,
    rows: Rows,
    touched: RwSignal<bool>,
    outcome: Outcome,
    index: usize,
    key: String,
    label: String,
    help: Option<String>,
    multiline: bool,
    read_only: bool,
) -> impl IntoView {
    let name = field_name(index, &key);
    let id = format!("f-{}", name.replace('.', "-"));
    let value = rows.with_untracked(|r| r.get(index).map(|p| p.get(&key)).unwrap_or_default());
    let k = key.clone();
    let write = move |v: String| {
        touched.set(true);
        rows.update(|r| {
            if let Some(p) = r.get_mut(index) {
                p.set(&k, &v);
            }
        })
    };
    let described = format!("{}-error", name.replace('.', "-"));
    let input = if multiline {
        let write = write.clone();
        view! {
            <textarea id=id.clone() name=name.clone() rows="3" disabled=read_only aria-describedby=described.clone()
                on:input=move |ev| write(event_target_value(&ev))>{raw_text(&value)}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type="text" name=name.clone() value=value disabled=read_only aria-describedby=described.clone()
                on:input=move |ev| write(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {help.map(|h| view! { <p class="help">{h}</p> })}
            {input}
            {message(i18n, rows, touched, outcome, name)}
        </div>
    }
}

/// One parameter's fields.
fn row(
    i18n: I18n,
    rows: Rows,
    outcome: Outcome,
    index: usize,
    is_new: bool,
    read_only: bool,
) -> impl IntoView {
    let touched = RwSignal::new(false);
    let text = move |key: &str, label: String, help: Option<String>, multiline: bool| {
        text_field(
            i18n,
            rows,
            touched,
            outcome,
            index,
            key.to_owned(),
            label,
            help,
            multiline,
            read_only,
        )
    };
    let kind = rows.with_untracked(|r| r.get(index).map(|p| p.kind.clone()).unwrap_or_default());
    let kind_id = format!("f-parameters-{index}-kind");
    let set = move |key: &'static str, v: String| {
        touched.set(true);
        rows.update(|r| {
            if let Some(p) = r.get_mut(index) {
                p.set(key, &v);
            }
        })
    };
    let required = rows.with_untracked(|r| r.get(index).is_some_and(|p| p.required));
    let legend = if is_new {
        t_string!(i18n, params_new_row).to_string()
    } else {
        t_string!(i18n, params_row).replace("%n%", &(index + 1).to_string())
    };
    // A kind's own fields are hidden once another kind is chosen (all show while none is).
    let hidden_unless = move |kinds: &'static [&'static str]| {
        move || {
            rows.with(|r| {
                r.get(index)
                    .is_some_and(|p| !p.kind.is_empty() && !kinds.contains(&p.kind.as_str()))
            })
        }
    };
    let others: Vec<(&'static str, &'static str)> = CONTENT_LANGUAGES
        .iter()
        .filter(|(tag, _)| *tag != "en")
        .map(|(t, n)| (*t, *n))
        .collect();
    view! {
        <fieldset class="fieldset parameter-row" data-index=index>
            <legend>{legend}</legend>
            <div class="two-columns">
                {text("name", t_string!(i18n, params_name).to_string(), Some(t_string!(i18n, params_name_help).to_string()), false)}
                <div class="field">
                    <label for=kind_id.clone()>{t!(i18n, params_kind)}</label>
                    <select id=kind_id name=field_name(index, "kind") disabled=read_only
                        on:change=move |ev| set("kind", event_target_value(&ev))>
                        <option value="" selected=kind.is_empty()>{t!(i18n, params_kind_choose)}</option>
                        {kinds(i18n).into_iter().map(|(code, words)| {
                            let selected = code == kind;
                            view! { <option value=code selected=selected>{words}</option> }
                        }).collect_view()}
                    </select>
                    {message(i18n, rows, touched, outcome, field_name(index, "kind"))}
                </div>
            </div>
            <label class="checkbox">
                <input type="checkbox" name=field_name(index, "required") value="true" checked=required disabled=read_only
                    on:change=move |ev| set("required", if event_target_checked(&ev) { "true".into() } else { String::new() })/>
                {t!(i18n, params_required)}
            </label>
            {text("default", t_string!(i18n, params_default).to_string(), None, false)}
            <div class="two-columns" hidden=hidden_unless(&["number"])>
                {text("minimum", t_string!(i18n, params_minimum).to_string(), None, false)}
                {text("maximum", t_string!(i18n, params_maximum).to_string(), None, false)}
            </div>
            <div hidden=hidden_unless(&["text"])>
                {text("max_length", t_string!(i18n, params_max_length).to_string(), None, false)}
            </div>
            <div hidden=hidden_unless(&["choice"])>
                {text("options", t_string!(i18n, params_options).to_string(), None, true)}
            </div>
            <div class="two-columns">
                {text("texts.en.label", t_string!(i18n, params_label).replace("%language%", "English"), None, false)}
                {text("texts.en.help", t_string!(i18n, params_help).replace("%language%", "English"), None, false)}
            </div>
            <details class="parameter-languages">
                <summary>{t!(i18n, params_other_languages)}</summary>
                {others.into_iter().map(|(tag, language)| view! {
                    <div class="two-columns" lang=tag>
                        {text(&format!("texts.{tag}.label"), t_string!(i18n, params_label).replace("%language%", language), None, false)}
                        {text(&format!("texts.{tag}.help"), t_string!(i18n, params_help).replace("%language%", language), None, false)}
                    </div>
                }).collect_view()}
            </details>
            {(!is_new).then(|| view! {
                <label class="checkbox">
                    <input type="checkbox" name=field_name(index, "remove") value="true" disabled=read_only
                        on:change=move |ev| set("remove", if event_target_checked(&ev) { "true".into() } else { String::new() })/>
                    {t!(i18n, params_remove)}
                </label>
            })}
        </fieldset>
    }
}

/// One parameter as the customer will see it (not part of the form: no name, nothing posted).
fn preview_field(i18n: I18n, p: Parameter, index: usize) -> impl IntoView {
    let language = i18n.get_locale_untracked().as_str().to_owned();
    let id = format!("preview-{index}");
    let (label, help) = (p.label(&language), p.help(&language));
    let default = p.default.clone().unwrap_or_default();
    let control = match &p.accepts {
        ParameterKind::Text { max_length } => view! {
            <input id=id.clone() type="text" value=default maxlength=max_length.map(|m| m.to_string())/>
        }
        .into_any(),
        ParameterKind::Number { minimum, maximum } => view! {
            <input id=id.clone() type="number" value=default step="any"
                min=minimum.map(|d| d.normalize().to_string()) max=maximum.map(|d| d.normalize().to_string())/>
        }
        .into_any(),
        ParameterKind::Choice { options } => view! {
            <select id=id.clone()>
                {options.iter().map(|o| {
                    let selected = *o == default;
                    view! { <option selected=selected translate="no">{o.clone()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        ParameterKind::YesNo => view! { <input id=id.clone() type="checkbox" checked=default == "true"/> }.into_any(),
    };
    view! {
        <div class="field" data-parameter=p.name.clone()>
            <label for=id>{label}{p.required.then(|| view! { " " <span class="required-mark" aria-label=t_string!(i18n, params_required).to_string()>"*"</span> })}</label>
            {(!help.is_empty()).then(|| view! { <p class="help">{help}</p> })}
            {control}
        </div>
    }
}

/// The preview of the rows that are valid, as typed.
fn preview(i18n: I18n, rows: Rows) -> impl IntoView {
    move || {
        let parsed: Vec<Parameter> = rows.with(|r| {
            r.iter()
                .enumerate()
                .filter(|(_, p)| !p.is_blank() && !p.remove)
                .filter_map(|(i, p)| p.parse(i, &mut Vec::new()))
                .collect()
        });
        if parsed.is_empty() {
            return view! { <p class="muted">{t!(i18n, params_preview_none)}</p> }.into_any();
        }
        view! {
            <form class="form parameter-preview" aria-label=t_string!(i18n, params_preview).to_string() on:submit=|ev| ev.prevent_default()>
                {parsed.into_iter().enumerate().map(|(i, p)| preview_field(i18n, p, i)).collect_view()}
            </form>
        }
        .into_any()
    }
}

#[component]
pub fn ParametersPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let save = ServerAction::<SaveParameters>::new();
    reload_on_success(save, expect_context::<OfferingContext>());
    // After a refused post without JavaScript: what was typed, not what is stored.
    let posted = StoredValue::new(
        posted_to(SaveParameters::PATH)
            .map(|f| from_fields(&f.into_iter().collect::<BTreeMap<_, _>>())),
    );
    move || {
        let plan_id = params.read().get("plan").unwrap_or_default();
        with_offering(move |o, _| {
            let Some(plan) = o.document.plans.iter().find(|p| p.id == plan_id).cloned() else {
                return view! { <ErrorPanel error=AppError::NotFound/> }.into_any();
            };
            let mut inputs = posted
                .get_value()
                .unwrap_or_else(|| plan.parameters.iter().map(ParameterInput::of).collect());
            if inputs.last().is_none_or(|last| !last.is_blank()) {
                inputs.push(ParameterInput::default());
            }
            let rows = RwSignal::new(inputs);
            let read_only = !o.can_edit;
            let version = version_signal(save, o.version);
            let outcome: Outcome = Signal::derive(move || save.value().get());
            let shape = RwSignal::new(0u32);
            // "Add another parameter" works in the browser only; without JavaScript the form
            // always ends with one empty row.
            let hydrated = RwSignal::new(false);
            Effect::new(move |_| hydrated.set(true));
            let add = move |_| {
                rows.update(|r| r.push(ParameterInput::default()));
                shape.update(|n| *n += 1);
            };
            let (id, plan_name) = (o.id.clone(), plan.name.clone());
            view! {
                <section class="card" aria-labelledby="parameters-title">
                    <h2 id="parameters-title">{t!(i18n, params_title)} " · " <span translate="no">{plan_name}</span></h2>
                    <p class="help">{t!(i18n, params_intro)}</p>
                    <p><a href=format!("/offerings/{}/plans/{}", o.id, plan.id)>{t!(i18n, params_back)}</a></p>
                    <div class="parameters-layout">
                        <ActionForm action=save attr:class="form parameters-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="version" value=move || version.get()/>
                            <input type="hidden" name="plan_id" value=plan.id.clone()/>
                            {move || {
                                shape.get();
                                let count = rows.with_untracked(Vec::len);
                                (0..count).map(|i| {
                                    let is_new = rows.with_untracked(|r| r[i].is_blank()) && i + 1 == count;
                                    row(i18n, rows, outcome, i, is_new, read_only)
                                }).collect_view()
                            }}
                            <div class="form-actions">
                                {move || hydrated.get().then(|| view! {
                                    <button type="button" class="btn btn-ghost" on:click=add disabled=read_only>{t!(i18n, params_add)}</button>
                                })}
                                <button type="submit" class="btn btn-primary" disabled=read_only>{t!(i18n, params_save)}</button>
                            </div>
                            <SaveStatus result=outcome path=SaveParameters::PATH/>
                        </ActionForm>
                        <aside class="card parameter-preview-card" aria-labelledby="preview-title">
                            <h3 id="preview-title">{t!(i18n, params_preview)}</h3>
                            {preview(i18n, rows)}
                        </aside>
                    </div>
                </section>
            }
            .into_any()
        })
    }
}
