//! One metric of the plan editor: id, unit names, model and its tier table with a price per
//! currency (only upper bounds are typed; each tier starts where the previous one ends).

use super::editor::{Input, Messages};
use crate::components::words::model_label;
use crate::domain::offering::CONTENT_LANGUAGES;
use crate::domain::plan::{MetricInput, PlanInput};
use crate::domain::plan_form::Op;
use crate::domain::pricing::{Currency, PricingModel, PricingType};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub(super) fn MetricCard(
    i: usize,
    m: MetricInput,
    currencies: Vec<Currency>,
    kind: PricingType,
    form: RwSignal<PlanInput>,
    messages: Messages,
    read_only: bool,
    reshape: impl Fn(&dyn Fn(&mut PlanInput)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let model: PricingModel = m.model.parse().unwrap_or(PricingModel::Linear);
    let tiered = matches!(model, PricingModel::Graduated | PricingModel::Volume);
    let last = m.tiers.len().saturating_sub(1);
    let prefix = format!("metrics.{i}");
    let tiers_key = format!("{prefix}.tiers");
    // A unit name for each language the plan's texts have (English above).
    let other_languages: Vec<(&'static str, &'static str)> = form.with_untracked(|f| {
        CONTENT_LANGUAGES
            .iter()
            .copied()
            .filter(|(tag, _)| *tag != "en" && f.texts.contains_key(*tag))
            .collect()
    });
    let metric_label =
        move || form.with(|f| f.metrics.get(i).map(|m| m.id.clone()).unwrap_or_default());
    view! {
        <fieldset class="fieldset metric" data-metric=i>
            <legend>{t!(i18n, metric)} " " {i + 1} " " <code>{metric_label}</code></legend>
            <div class="cells">
                <Input key=format!("{prefix}.id") label=t_string!(i18n, metric_id).to_string() value=m.id.clone()
                    help=t_string!(i18n, metric_id_help).to_string()
                    set=move |f, v| if let Some(m) = f.metrics.get_mut(i) { m.id = v } form messages read_only/>
                <Input key=format!("{prefix}.unit_names.en") label=t_string!(i18n, unit_name).to_string()
                    value=m.unit_names.get("en").cloned().unwrap_or_default()
                    set=move |f, v| if let Some(m) = f.metrics.get_mut(i) { m.unit_names.insert("en".into(), v); } form messages read_only/>
                {other_languages.into_iter().map(|(tag, name)| {
                    let lang = tag.to_owned();
                    view! {
                        <Input key=format!("{prefix}.unit_names.{tag}") label=format!("{} ({name})", t_string!(i18n, unit_name_in))
                            value=m.unit_names.get(tag).cloned().unwrap_or_default()
                            set=move |f, v| if let Some(m) = f.metrics.get_mut(i) { m.unit_names.insert(lang.clone(), v); } form messages read_only/>
                    }
                }).collect_view()}
                <Input key=format!("{prefix}.unit_quantity") label=t_string!(i18n, unit_quantity).to_string()
                    help=t_string!(i18n, unit_quantity_help).to_string()
                    value=m.unit_quantity.clone() numeric=true
                    set=move |f, v| if let Some(m) = f.metrics.get_mut(i) { m.unit_quantity = v } form messages read_only/>
                <div class="field">
                    <label for=format!("plan-metrics-{i}-model")>{t!(i18n, pricing_model)}</label>
                    <select id=format!("plan-metrics-{i}-model") name=format!("{prefix}.model") disabled=read_only on:change=move |ev| {
                        let v = event_target_value(&ev);
                        reshape(&|f| set_model(f, i, &v));
                    }>
                        {PricingModel::ALL.into_iter().map(|x| view! {
                            <option value=x.as_str() selected=x == model>{model_label(i18n, x)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {(model == PricingModel::Block).then(|| view! {
                    <Input key=format!("{prefix}.free_units") label=t_string!(i18n, free_units).to_string()
                        value=m.free_units.clone() numeric=true
                        set=move |f, v| if let Some(m) = f.metrics.get_mut(i) { m.free_units = v } form messages read_only/>
                })}
            </div>
            <p class="help">{model_help(i18n, model)}</p>
            <crate::components::layout::ScrollRegion label=move || format!("{} {} {}", t_string!(i18n, metric), i + 1, metric_label())>
                <table class="data-table tiers">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, tier)}</th>
                            <th scope="col" class="num">{t!(i18n, tier_from)}</th>
                            <th scope="col" class="num">{t!(i18n, tier_up_to)}</th>
                            {currencies.iter().map(|c| view! {
                                <th scope="col">{t!(i18n, unit_price)} " " {c.code()}</th>
                                <th scope="col">{t!(i18n, flat_fee)} " " {c.code()}</th>
                            }).collect_view()}
                            <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {m.tiers.iter().enumerate().map(|(j, t)| {
                            let key = format!("{prefix}.tiers.{j}");
                            let from = move || {
                                if j == 0 {
                                    "0".to_owned()
                                } else {
                                    form.with(|f| {
                                        f.metrics.get(i).and_then(|m| m.tiers.get(j - 1)).map(|t| t.up_to.clone()).unwrap_or_default()
                                    })
                                }
                            };
                            view! {
                                <tr>
                                    <th scope="row">{j + 1}</th>
                                    <td class="num tier-from" data-tier-from=j>{from}</td>
                                    <td class="num">
                                        {if j == last {
                                            view! { <span class="open-ended" title=t_string!(i18n, open_ended).to_string()>"∞"</span> }.into_any()
                                        } else {
                                            view! {
                                                <Input key=format!("{key}.up_to") compact=true numeric=true
                                                    label=format!("{} {} {}", t_string!(i18n, tier), j + 1, t_string!(i18n, tier_up_to))
                                                    value=t.up_to.clone() form messages read_only
                                                    set=move |f, v| if let Some(t) = f.metrics.get_mut(i).and_then(|m| m.tiers.get_mut(j)) { t.up_to = v }/>
                                            }.into_any()
                                        }}
                                    </td>
                                    {currencies.iter().map(|c| {
                                        let code = c.code();
                                        let cell = t.prices.get(code).cloned().unwrap_or_default();
                                        view! {
                                            <td>
                                                <Input key=format!("{key}.{code}.unit_price") compact=true numeric=true
                                                    label=format!("{} {} {} {code}", t_string!(i18n, tier), j + 1, t_string!(i18n, unit_price))
                                                    value=cell.unit_price.clone() form messages read_only
                                                    set=move |f, v| if let Some(t) = f.metrics.get_mut(i).and_then(|m| m.tiers.get_mut(j)) { t.prices.entry(code.to_owned()).or_default().unit_price = v }/>
                                            </td>
                                            <td>
                                                <Input key=format!("{key}.{code}.flat_fee") compact=true numeric=true
                                                    label=format!("{} {} {} {code}", t_string!(i18n, tier), j + 1, t_string!(i18n, flat_fee))
                                                    value=cell.flat_fee.clone() form messages read_only
                                                    set=move |f, v| if let Some(t) = f.metrics.get_mut(i).and_then(|m| m.tiers.get_mut(j)) { t.prices.entry(code.to_owned()).or_default().flat_fee = v }/>
                                            </td>
                                        }
                                    }).collect_view()}
                                    <td>
                                        {(j != last && !read_only).then(|| view! {
                                            <button type="submit" name="op" value=Op::RemoveTier(i, j).value() class="btn btn-ghost btn-small"
                                                aria-label=format!("{} {}", t_string!(i18n, remove_tier), j + 1)
                                                on:click=move |ev| { ev.prevent_default(); reshape(&|f| { if let Some(m) = f.metrics.get_mut(i) { if j < m.tiers.len() - 1 { m.tiers.remove(j); } } }) }>
                                                "×"
                                            </button>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </crate::components::layout::ScrollRegion>
            <p class="field-error" aria-live="polite">{move || messages.message(i18n, &tiers_key).map(crate::components::form::coded)}</p>
            {(!read_only).then(|| view! {
                <div class="row-actions">
                    {tiered.then(|| view! {
                        <button type="submit" name="op" value=Op::AddTier(i).value() class="btn btn-secondary btn-small" on:click=move |ev| { ev.prevent_default(); reshape(&|f| add_tier(f, i)) }>
                            {t!(i18n, add_tier)}
                        </button>
                    })}
                    {(kind == PricingType::Paid && i > 0 || kind == PricingType::Subscription).then(|| view! {
                        <button type="submit" name="op" value=Op::RemoveMetric(i).value() class="btn btn-ghost btn-small" on:click=move |ev| { ev.prevent_default(); reshape(&|f| { if i < f.metrics.len() { f.metrics.remove(i); } }) }>
                            {t!(i18n, remove_metric)}
                        </button>
                    })}
                </div>
            })}
        </fieldset>
    }
}

/// A new tier goes in before the open-ended last one; it starts where the previous ends.
fn add_tier(f: &mut PlanInput, i: usize) {
    let currencies = f.chosen_currencies();
    if let Some(m) = f.metrics.get_mut(i) {
        crate::domain::plan_form::add_tier(m, &currencies);
    }
}

/// Linear and block pricing have one (open-ended) tier: keep the last one.
fn set_model(f: &mut PlanInput, i: usize, model: &str) {
    if let Some(m) = f.metrics.get_mut(i) {
        m.model = model.to_owned();
        let single = matches!(
            model.parse(),
            Ok(PricingModel::Linear | PricingModel::Block)
        );
        if single && m.tiers.len() > 1 {
            let last = m.tiers.pop().unwrap_or_default();
            m.tiers = vec![last];
        }
        if model != PricingModel::Block.as_str() {
            m.free_units.clear();
        }
    }
}

fn model_help(i18n: leptos_i18n::I18nContext<Locale>, m: PricingModel) -> String {
    match m {
        PricingModel::Linear => t_string!(i18n, model_linear_help),
        PricingModel::Graduated => t_string!(i18n, model_graduated_help),
        PricingModel::Volume => t_string!(i18n, model_volume_help),
        PricingModel::Block => t_string!(i18n, model_block_help),
    }
    .to_string()
}
