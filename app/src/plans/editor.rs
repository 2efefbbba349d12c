//! The plan editor: identity, texts per language, and for paid and subscription plans the
//! currencies, monthly fee, metrics and tiers — with the estimator running live beside them.
//!
//! The form is one signal holding what the provider typed (`PlanInput`). The inputs are built
//! once per *shape* (rows, currencies, languages, kind) and only write into the signal, so
//! typing never rebuilds an input. The same `PlanInput::parse` checks it here and on the
//! server. A tier only has an upper bound: its start is the previous tier's end, and the last
//! tier is always open-ended, so a gap or an overlap cannot be typed in.

use super::estimator::Estimator;
use super::metric_card::MetricCard;
use super::server::{SavePlan, SavePlanForm};
use crate::components::form::{coded, field_error_text, problem_text, SaveStatus};
use crate::components::form_echo::posted_to;
use crate::components::raw_text::raw_text;
use crate::components::status::ErrorPanel;
use crate::components::words::pricing_type_label as kind_label;
use crate::domain::offering::CONTENT_LANGUAGES;
use crate::domain::plan::{MetricInput, PlanInput, PlanProblem, PlanText};
use crate::domain::plan_form::{from_fields, Op};
use crate::domain::pricing::{Currency, PricingType};
use crate::error::AppError;
use crate::i18n::*;
use crate::offerings::editor::{with_offering, OfferingContext};
use crate::offerings::server::OfferingView;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use std::collections::{BTreeMap, BTreeSet};

/// Where each field's message comes from: the browser's check (once the field was touched or a
/// save was tried) or the server's last answer, until the field is edited again.
#[derive(Clone, Copy)]
pub struct Messages {
    problems: Memo<BTreeMap<String, PlanProblem>>,
    touched: RwSignal<BTreeSet<String>>,
    /// Fields typed in since the server's last answer: its message there is out of date.
    edited: RwSignal<BTreeSet<String>>,
    attempted: RwSignal<bool>,
    save: ServerAction<SavePlan>,
    /// The refusal of a plain form post (without JavaScript), until the next save.
    refused: StoredValue<Option<AppError>>,
}

impl Messages {
    pub(super) fn message(
        self,
        i18n: leptos_i18n::I18nContext<Locale>,
        key: &str,
    ) -> Option<String> {
        let shown = self.attempted.get() || self.touched.with(|t| t.contains(key));
        let client = shown
            .then(|| {
                self.problems.with(|p| {
                    p.get(key).map(|p| match p {
                        PlanProblem::Field(f) => problem_text(i18n, &f.problem),
                        PlanProblem::Pricing(p) => {
                            crate::components::pricing_words::pricing_text(i18n, &p.problem)
                        }
                    })
                })
            })
            .flatten();
        let edited = self.edited.with(|e| e.contains(key));
        client.or_else(|| {
            (!edited).then_some(())?;
            self.save
                .value()
                .with(|r| match r {
                    Some(r) => r.as_ref().err().and_then(|e| e.field_error(key)),
                    None => self
                        .refused
                        .with_value(|e| e.as_ref().and_then(|e| e.field_error(key))),
                })
                .map(|e| field_error_text(i18n, &e))
        })
    }
}

/// Where the form posts without JavaScript.
const PLAN_FORM_PATH: &str = <SavePlanForm as leptos::server_fn::ServerFn>::PATH;

fn dom_id(key: &str) -> String {
    format!("plan-{}", key.replace('.', "-"))
}

/// One text input bound to a part of the form.
#[component]
pub(super) fn Input(
    #[prop(into)] key: String,
    #[prop(into)] label: String,
    value: String,
    set: impl Fn(&mut PlanInput, String) + Send + Sync + 'static,
    form: RwSignal<PlanInput>,
    messages: Messages,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] multiline: bool,
    /// A date picker (`YYYY-MM-DD`).
    #[prop(optional)]
    date: bool,
    /// In table cells the label is for assistive technology only.
    #[prop(optional)]
    compact: bool,
    #[prop(optional, into)] help: Option<String>,
    read_only: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = dom_id(&key);
    let name = key.clone();
    let error_id = format!("{id}-error");
    let message = {
        let key = key.clone();
        Memo::new(move |_| messages.message(i18n, &key))
    };
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        form.update(|f| set(f, v));
        messages.touched.update(|t| {
            t.insert(key.clone());
        });
        messages.edited.update(|t| {
            t.insert(key.clone());
        });
    };
    let invalid = move || message.get().is_some().then_some("true");
    let control = if multiline {
        view! {
            <textarea id=id.clone() name=name.clone() rows="4" disabled=read_only aria-invalid=invalid
                aria-describedby=error_id.clone() on:input=on_input>{raw_text(&value)}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=if date { "date" } else { "text" } value=value disabled=read_only autocomplete="off"
                inputmode=numeric.then_some("decimal") aria-invalid=invalid
                aria-label=compact.then(|| label.clone())
                aria-describedby=error_id.clone() on:input=on_input/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-compact=compact>
            {(!compact).then(|| view! { <label for=id.clone()>{label.clone()}</label> })}
            {control}
            {help.map(|h| view! { <p class="help">{h}</p> })}
            <p class="field-error" id=error_id aria-live="polite">{move || message.get().map(coded)}</p>
        </div>
    }
}

#[component]
pub fn PlanEditorPage() -> impl IntoView {
    let params = use_params_map();
    let ctx = expect_context::<OfferingContext>();
    let save = ServerAction::<SavePlan>::new();
    // Without JavaScript: a refused save (the router reads it from the address) and the form
    // as it was posted or redrawn (`__form`).
    let refused = StoredValue::new(
        ServerAction::<SavePlanForm>::new()
            .value()
            .get_untracked()
            .and_then(|r| r.err()),
    );
    let posted =
        StoredValue::new(posted_to(PLAN_FORM_PATH).map(|f| from_fields(&f.into_iter().collect())));
    let navigate = use_navigate();
    // After a save: reload the offering (new version everywhere); a new plan gets its own URL.
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            let id = ctx
                .offering
                .get_untracked()
                .and_then(|r| r.ok())
                .map(|o| o.id);
            let current = params.read_untracked().get("plan").unwrap_or_default();
            if let (Some(id), true) = (id, current != saved.plan_id) {
                navigate(
                    &format!("/offerings/{id}/plans/{}", saved.plan_id),
                    Default::default(),
                );
            }
            ctx.reload.update(|n| *n += 1);
        }
    });
    let query = use_query_map();
    let plan_param = move || params.read().get("plan").unwrap_or_default();
    move || {
        let plan_param = plan_param();
        let prices = query.read().get("prices");
        with_offering(move |o, _| {
            let existing = o
                .document
                .plans
                .iter()
                .find(|p| p.id == plan_param)
                .cloned();
            if plan_param != "new" && existing.is_none() {
                return view! { <ErrorPanel error=AppError::NotFound/> }.into_any();
            }
            let today = super::schedule::today_of(&o);
            let input = posted.get_value().unwrap_or_else(|| {
                (existing.as_ref())
                    .map(|p| super::schedule::editor_input(p, today, prices.as_deref()))
                    .unwrap_or_default()
            });
            let refused = refused.get_value();
            view! { <PlanForm offering=o input plan_id=existing.map(|p| p.id) save refused/> }
                .into_any()
        })
    }
}

#[component]
fn PlanForm(
    offering: OfferingView,
    input: PlanInput,
    plan_id: Option<String>,
    save: ServerAction<SavePlan>,
    refused: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let read_only = !offering.can_edit;
    let was_refused = refused.is_some();
    let refused_status = refused.clone().map(Err);
    // The "update the form" button is for the page without JavaScript only.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let form = RwSignal::new(input);
    let shape = RwSignal::new(0u32);
    let reshape = move |change: &dyn Fn(&mut PlanInput)| {
        form.update(|f| change(f));
        shape.update(|n| *n += 1);
    };
    let id_for_parse = plan_id.clone().unwrap_or_else(|| "new".into());
    let problems = Memo::new(move |_| {
        form.with(|f| match f.parse(&id_for_parse) {
            Ok(_) => BTreeMap::new(),
            Err(problems) => {
                let mut by_field = BTreeMap::new();
                for p in problems {
                    by_field.entry(p.field().to_owned()).or_insert(p);
                }
                by_field
            }
        })
    });
    let messages = Messages {
        problems,
        touched: RwSignal::new(BTreeSet::new()),
        edited: RwSignal::new(BTreeSet::new()),
        attempted: RwSignal::new(was_refused),
        save,
        refused: StoredValue::new(refused),
    };
    Effect::new(move |_| {
        save.value().track();
        messages.edited.set(BTreeSet::new());
    });
    let pricing = Signal::derive(move || {
        form.with(|f| f.parse_pricing().ok())
            .filter(|p| !p.metrics.is_empty() || !p.monthly_fee.is_empty())
    });
    let loaded_version = offering.version;
    let version = Signal::derive(move || match save.value().get() {
        Some(Err(AppError::Stale { version, .. })) => version,
        _ => loaded_version,
    });
    let status = Signal::derive(move || {
        (save.value().get().map(|r| r.map(|s| s.version))).or_else(|| refused_status.clone())
    });
    let offering_id = offering.id.clone();
    let (hidden_id, hidden_plan) = (offering.id.clone(), plan_id.clone().unwrap_or_default());
    let plan_id_for_save = plan_id.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        messages.attempted.set(true);
        save.dispatch(SavePlan {
            id: offering_id.clone(),
            version: version.get_untracked(),
            plan_id: plan_id_for_save.clone(),
            input: form.get_untracked(),
        });
    };
    let base = format!("/offerings/{}/plans", offering.id);
    let stored = (offering.document.plans.iter())
        .find(|p| Some(&p.id) == plan_id.as_ref())
        .cloned();
    let parameter_count = stored.as_ref().map_or(0, |p| p.parameters.len());
    let effective_help = super::schedule::effective_help(i18n, &offering);
    let schedule = stored.clone().map(|plan| {
        let offering = offering.clone();
        view! { <super::schedule::PriceSchedule offering plan/> }
    });
    let dated = stored.is_some();
    let title = plan_id
        .as_ref()
        .map(|_| form.with_untracked(|f| f.name.clone()))
        .unwrap_or_else(|| t_string!(i18n, new_plan).to_string());
    let shape_view = move || {
        shape.track();
        let f = form.get_untracked();
        let kind = f.pricing_kind().unwrap_or(PricingType::Paid);
        let currencies = f.chosen_currencies();
        view! {
            <section class="card">
                <h3>{t!(i18n, plan_identity)}</h3>
                <Input key="name" label=t_string!(i18n, plan_name).to_string() value=f.name.clone()
                    help=t_string!(i18n, plan_name_help).to_string()
                    set=|f, v| f.name = v form messages read_only/>
                <div class="field">
                    <label for="plan-kind">{t!(i18n, pricing_type)}</label>
                    <select id="plan-kind" name="kind" disabled=read_only on:change=move |ev| {
                        let v = event_target_value(&ev);
                        reshape(&|f| f.kind = v.clone());
                    }>
                        {PricingType::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=k == kind>{kind_label(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="plan-bindable">{t!(i18n, bindable_override)}</label>
                    <select id="plan-bindable" name="bindable" disabled=read_only on:change=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.bindable = v);
                    }>
                        <option value="" selected=f.bindable.is_empty()>{t!(i18n, bindable_inherit)}</option>
                        <option value="true" selected=f.bindable == "true">{t!(i18n, yes)}</option>
                        <option value="false" selected=f.bindable == "false">{t!(i18n, no)}</option>
                    </select>
                </div>
                {(!read_only).then(|| view! {
                    <div class="field" hidden=move || hydrated.get()>
                        <button type="submit" name="op" value=Op::Apply.value() class="btn btn-secondary">{t!(i18n, plan_update_form)}</button>
                        <p class="help">{t!(i18n, plan_update_form_help)}</p>
                    </div>
                })}
            </section>
            <TextsCard f=f.clone() kind form messages read_only reshape/>
            {matches!(kind, PricingType::Paid | PricingType::Subscription).then(|| view! {
                <section class="card pricing">
                    <h3>{t!(i18n, pricing)}</h3>
                    {dated.then(|| view! {
                        <Input key="effective" label=t_string!(i18n, prices_effective).to_string() value=f.effective.clone()
                            date=true help=effective_help.clone()
                            set=|f, v| f.effective = v form messages read_only/>
                        <p class="field-error" aria-live="polite">{move || messages.message(i18n, "price_changes").map(coded)}</p>
                    })}
                    <fieldset class="fieldset currencies">
                        <legend>{t!(i18n, currencies)}</legend>
                        {Currency::ALL.into_iter().map(|c| {
                            let id = format!("plan-currency-{}", c.code());
                            let checked = currencies.contains(&c);
                            view! {
                                <span class="field-inline">
                                    <input type="checkbox" id=id.clone() name=format!("currency.{}", c.code()) checked=checked
                                        disabled=read_only || c == Currency::Usd
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            reshape(&|f| set_currency(f, c, on));
                                        }/>
                                    <label for=id>{c.code()}</label>
                                </span>
                            }
                        }).collect_view()}
                        <p class="help">{t!(i18n, currencies_help)}</p>
                    </fieldset>
                    {(kind == PricingType::Subscription).then(|| view! {
                        <fieldset class="fieldset">
                            <legend>{t!(i18n, monthly_fee)}</legend>
                            <div class="cells">
                                {currencies.iter().map(|c| {
                                    let code = c.code();
                                    view! {
                                        <Input key=format!("monthly_fee.{code}") label=format!("{} ({code})", t_string!(i18n, monthly_fee))
                                            value=f.monthly_fee.get(code).cloned().unwrap_or_default() numeric=true
                                            set=move |f, v| { f.monthly_fee.insert(code.to_owned(), v); }
                                            form messages read_only/>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    })}
                    {f.metrics.iter().enumerate().map(|(i, m)| view! {
                        <MetricCard i m=m.clone() currencies=currencies.clone() kind form messages read_only reshape/>
                    }).collect_view()}
                    <p class="field-error" aria-live="polite">{move || messages.message(i18n, "metrics").map(coded)}</p>
                    {(!read_only).then(|| view! {
                        <button type="submit" name="op" value=Op::AddMetric.value() class="btn btn-secondary" on:click=move |ev| {
                            ev.prevent_default();
                            reshape(&|f| {
                                let cs = f.chosen_currencies();
                                f.metrics.push(MetricInput::new(&cs));
                            })
                        }>{t!(i18n, add_metric)}</button>
                    })}
                </section>
            })}
        }
    };
    view! {
        // The frame above has the page's breadcrumbs and h1; this is the plan's own heading.
        <p class="back-link"><a href=base.clone()>"← " {t!(i18n, tab_plans)}</a></p>
        <h2 class="plan-title">{title.clone()}</h2>
        {plan_id.clone().map(|plan| view! {
            <p class="plan-parameters-link">
                <a href=format!("{base}/{plan}/parameters")>{t!(i18n, params_title)}</a>
                " · " {t!(i18n, params_count, count = move || parameter_count)}
            </p>
        })}
        <div class="plan-editor">
            <form class="plan-form" method="post" action=PLAN_FORM_PATH on:submit=on_save>
                // Enter in a field saves (the first submit button is the default one).
                <button type="submit" name="op" value=Op::Save.value() class="visually-hidden" tabindex="-1" aria-hidden="true" disabled=read_only>
                    {t!(i18n, save_plan)}
                </button>
                <input type="hidden" name="id" value=hidden_id/>
                <input type="hidden" name="version" value=loaded_version prop:value=move || version.get()/>
                <input type="hidden" name="plan_id" value=hidden_plan/>
                {shape_view}
                <div class="form-actions">
                    <SaveStatus result=status path=PLAN_FORM_PATH/>
                    <button type="submit" name="op" value=Op::Save.value() class="btn btn-primary" disabled=read_only>
                        {t!(i18n, save_plan)}
                    </button>
                </div>
            </form>
            <aside class="plan-aside">
                <Estimator pricing/>
            </aside>
        </div>
        {schedule}
    }
}

fn set_currency(f: &mut PlanInput, c: Currency, on: bool) {
    let code = c.code().to_owned();
    if on {
        if !f.currencies.contains(&code) {
            f.currencies.push(code.clone());
        }
        for t in f.metrics.iter_mut().flat_map(|m| m.tiers.iter_mut()) {
            t.prices.entry(code.clone()).or_default();
        }
    } else {
        f.currencies.retain(|x| *x != code);
        f.monthly_fee.remove(&code);
        for t in f.metrics.iter_mut().flat_map(|m| m.tiers.iter_mut()) {
            t.prices.remove(&code);
        }
    }
}

#[component]
fn TextsCard(
    f: PlanInput,
    kind: PricingType,
    form: RwSignal<PlanInput>,
    messages: Messages,
    read_only: bool,
    reshape: impl Fn(&dyn Fn(&mut PlanInput)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let absent: Vec<(&str, &str)> = CONTENT_LANGUAGES
        .iter()
        .copied()
        .filter(|(tag, _)| !f.texts.contains_key(*tag))
        .collect();
    let mut languages: Vec<String> = vec!["en".into()];
    languages.extend(f.texts.keys().filter(|l| *l != "en").cloned());
    view! {
        <section class="card">
            <h3>{t!(i18n, plan_texts)}</h3>
            {languages.into_iter().map(|lang| {
                let text = f.texts.get(&lang).cloned().unwrap_or_default();
                let name = CONTENT_LANGUAGES.iter().find(|(t, _)| *t == lang).map(|(_, n)| *n).unwrap_or("?");
                let l1 = lang.clone();
                let l2 = lang.clone();
                let l3 = lang.clone();
                let l4 = lang.clone();
                let l5 = lang.clone();
                view! {
                    <fieldset class="fieldset" lang=lang.clone()>
                        <legend>{name}</legend>
                        <Input key=format!("texts.{lang}.display_name") label=t_string!(i18n, display_name_field).to_string()
                            value=text.display_name.clone() form messages read_only
                            set=move |f, v| f.texts.entry(l1.clone()).or_default().display_name = v/>
                        <Input key=format!("texts.{lang}.description") label=t_string!(i18n, plan_description).to_string()
                            value=text.description.clone() multiline=true form messages read_only
                            set=move |f, v| f.texts.entry(l2.clone()).or_default().description = v/>
                        {(kind == PricingType::Lite).then(|| view! {
                            <Input key=format!("texts.{lang}.limits") label=t_string!(i18n, plan_limits).to_string()
                                help=t_string!(i18n, plan_limits_help).to_string()
                                value=text.limits.clone() form messages read_only
                                set=move |f, v| f.texts.entry(l3.clone()).or_default().limits = v/>
                        })}
                        <Input key=format!("texts.{lang}.bullets") label=t_string!(i18n, plan_bullets).to_string()
                            help=t_string!(i18n, plan_bullets_help).to_string()
                            value=text.bullets.join("\n") multiline=true form messages read_only
                            set=move |f, v| f.texts.entry(l4.clone()).or_default().bullets = v.lines().map(str::to_owned).collect()/>
                        {(lang != "en" && !read_only).then(|| view! {
                            <button type="submit" name="op" value=Op::RemoveLanguage(lang.clone()).value() class="btn btn-ghost btn-small" on:click=move |ev| {
                                ev.prevent_default();
                                let l = l5.clone();
                                reshape(&move |f| { f.texts.remove(&l); })
                            }>{t!(i18n, remove_language)}</button>
                        })}
                    </fieldset>
                }
            }).collect_view()}
            {(!read_only && !absent.is_empty()).then(|| view! {
                <div class="field field-inline">
                    <label for="plan-add-language">{t!(i18n, add_language)}</label>
                    <select id="plan-add-language" name="add_language" on:change=move |ev| {
                        let tag = event_target_value(&ev);
                        if !tag.is_empty() {
                            reshape(&|f| { f.texts.entry(tag.clone()).or_insert_with(PlanText::default); });
                        }
                    }>
                        <option value="">"—"</option>
                        {absent.iter().map(|(tag, name)| view! { <option value=*tag>{*name}</option> }).collect_view()}
                    </select>
                </div>
            })}
        </section>
    }
}
