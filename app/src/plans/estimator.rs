//! The price estimator widget: quantities per metric in, a charge per currency out, one line per
//! tier. The arithmetic is `domain::pricing::estimate`, run in the browser as the user types.

use crate::components::{form::coded, pricing_words::pricing_text, said::said};
use crate::domain::pricing::{self, Currency, Estimate, LineKind, Pricing};
use crate::format;
use crate::i18n::*;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn unit_name(pricing: &Pricing, metric: &str, language: &str) -> String {
    pricing
        .metrics
        .iter()
        .find(|m| m.id == metric)
        .and_then(|m| {
            m.unit_names
                .get(language)
                .or_else(|| m.unit_names.get("en"))
        })
        .cloned()
        .unwrap_or_default()
}

/// The breakdown of an estimate, one table per currency.
#[component]
pub fn EstimateTables(estimate: Estimate, pricing: Pricing) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let language = locale.as_str().to_owned();
    let quantity_text = move |d: &Decimal| format::quantity(locale, *d);
    estimate
        .currencies
        .into_iter()
        .map(|c| {
            let code = c.currency.code();
            let figure = move |d: Decimal| format::figure(locale, d, c.currency);
            let pricing = pricing.clone();
            let language = language.clone();
            view! {
                <table class="data-table estimate" data-currency=code>
                    <caption>{t!(i18n, estimate_in)} " " {code}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, estimate_line)}</th>
                            <th scope="col" class="num">{t!(i18n, quantity)}</th>
                            <th scope="col" class="num">{t!(i18n, unit_price)}</th>
                            <th scope="col" class="num">{t!(i18n, amount)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c.lines.into_iter().map(|line| {
                            let metric = line.metric.clone().unwrap_or_default();
                            let unit = unit_name(&pricing, &metric, &language);
                            let tier = line.tier.map(|t| t + 1).unwrap_or(1);
                            let range = format!(
                                "{}–{}",
                                quantity_text(&line.from),
                                line.to.as_ref().map(&quantity_text).unwrap_or_else(|| "∞".into())
                            );
                            let what = match line.kind {
                                LineKind::Subscription => t_string!(i18n, monthly_fee).to_string(),
                                LineKind::Units => format!("{metric} · {} {tier} ({range})", t_string!(i18n, tier)),
                                LineKind::FlatFee => format!("{metric} · {} {tier} · {}", t_string!(i18n, tier), t_string!(i18n, flat_fee)),
                                LineKind::FreeUnits => format!("{metric} · {}", t_string!(i18n, free_units)),
                            };
                            let per = if line.unit_quantity == Decimal::ONE {
                                String::new()
                            } else {
                                format!(" / {}", quantity_text(&line.unit_quantity))
                            };
                            let show_quantity = !matches!(line.kind, LineKind::Subscription | LineKind::FlatFee);
                            view! {
                                <tr>
                                    <td>{what}</td>
                                    <td class="num">{show_quantity.then(|| format!("{} {unit}", quantity_text(&line.quantity)))}</td>
                                    <td class="num">{show_quantity.then(|| format!("{}{per}", format::unit_figure(locale, line.unit_price, c.currency)))}</td>
                                    <td class="num">{figure(line.amount)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="3">{t!(i18n, total)}</th>
                            <td class="num total" data-total=code>{format::amount(locale, c.total, c.currency)}</td>
                        </tr>
                    </tfoot>
                </table>
            }
        })
        .collect_view()
}

/// Quantity inputs for each metric of `pricing` and the live breakdown.
#[component]
pub fn Estimator(
    #[prop(into)] pricing: Signal<Option<Pricing>>,
    /// Keeps element ids unique when a page shows several estimators (one per plan).
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = if scope.is_empty() {
        "est".to_owned()
    } else {
        format!("est-{scope}")
    };
    let title_id = format!("{prefix}-title");
    let quantities = RwSignal::new(BTreeMap::<String, String>::new());
    let metric_ids = Memo::new(move |_| {
        pricing
            .get()
            .map(|p| p.metrics.iter().map(|m| m.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let result = Memo::new(move |_| {
        let pricing = pricing.get()?;
        let mut usage = BTreeMap::new();
        for (metric, text) in quantities.get() {
            if text.trim().is_empty() {
                continue;
            }
            match pricing::parse_quantity(&text) {
                Ok(q) => {
                    usage.insert(metric, q);
                }
                Err(p) => return Some(Err(format!("{metric}: {}", pricing_text(i18n, &p)))),
            }
        }
        Some(
            pricing::estimate(&pricing, &usage)
                .map(|e| (e, pricing.clone()))
                .map_err(|e| said(i18n, &e.english())),
        )
    });
    view! {
        <section class="card estimator" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{t!(i18n, estimator)}</h2>
            <p class="help">{t!(i18n, estimator_help)}</p>
            <p class="help" data-testid="estimator-rounding">{t!(i18n, estimator_rounding)}</p>
            <div class="estimator-inputs">
                {move || metric_ids.get().into_iter().map(|metric| {
                    let id = format!("{prefix}-{metric}");
                    let key = metric.clone();
                    view! {
                        <div class="field">
                            <label for=id.clone()>{t!(i18n, quantity)} " · " <code>{metric.clone()}</code></label>
                            <input id=id type="text" inputmode="decimal" autocomplete="off"
                                prop:value=move || quantities.with(|q| q.get(&key).cloned().unwrap_or_default())
                                on:input={
                                    let metric = metric.clone();
                                    move |ev| {
                                        let v = event_target_value(&ev);
                                        quantities.update(|q| { q.insert(metric.clone(), v); });
                                    }
                                }/>
                        </div>
                    }
                }).collect_view()}
            </div>
            <div class="estimate-result" aria-live="polite">
                {move || match result.get() {
                    None => view! { <p class="muted">{t!(i18n, estimator_needs_valid_plan)}</p> }.into_any(),
                    Some(Err(message)) => view! { <p class="notice notice-error">{coded(message)}</p> }.into_any(),
                    Some(Ok((estimate, pricing))) => view! { <EstimateTables estimate pricing/> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The currencies a pricing is offered in, as codes, for summaries.
pub fn currency_codes(pricing: &Pricing) -> String {
    pricing
        .currencies()
        .iter()
        .map(|c: &Currency| c.code())
        .collect::<Vec<_>>()
        .join(", ")
}
