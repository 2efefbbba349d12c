//! The Usage test tab: replay a month of usage against a plan (pasted records or a generated
//! pattern) and see it rated per metric, tier and currency — the estimator's own figures —
//! with the cost per day as a chart. Nothing is charged; replayed records are kept apart.

use super::estimator::EstimateTables;
use super::server::{
    load_replay, ClearReplay, ReplayOutcome, ReplayPattern, ReplayRecords, UploadReplay,
};
use crate::components::confirm::Confirm;
use crate::components::form_echo::{posted_to, typed, value_of};
use crate::components::raw_text::raw_text;
use crate::components::said::error_text;
use crate::components::status::ErrorPanel;
use crate::domain::plan::Plan;
use crate::domain::price_schedule::parse_date;
use crate::domain::usage::RatedMonth;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::offerings::editor::with_offering;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

/// The smallest 1, 2 or 5 × 10ⁿ at or above `x` (the top of the chart's scale).
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * magnitude)
}

/// Cost per day as bars (inline SVG, no chart service), with a cost scale on the left (0, half,
/// top) and the first, middle and last day below.
#[component]
fn DailyChart(rated: RatedMonth) -> impl IntoView {
    let i18n = use_i18n();
    let to_f64 = |d: Decimal| -> f64 { d.to_string().parse().unwrap_or(0.0) };
    let highest = rated
        .daily
        .iter()
        .map(|(_, d)| to_f64(*d))
        .fold(0.0, f64::max);
    let top = nice_ceiling(highest);
    let n = rated.daily.len().max(1);
    let (width, height) = (600.0_f64, 180.0_f64);
    let (left, bottom, above) = (64.0_f64, 22.0_f64, 8.0_f64);
    let plot_h = height - bottom - above;
    let slot = (width - left) / n as f64;
    let y_of = |v: f64| height - bottom - (v / top * plot_h).clamp(0.0, plot_h);
    let currency = rated.currency;
    let locale = i18n.get_locale_untracked();
    let money = move |v: f64| {
        let d = Decimal::from_f64_retain(v).unwrap_or_default();
        format::amount(locale, d, currency)
    };
    let y_ticks: Vec<(f64, String)> = [0.0, top / 2.0, top]
        .iter()
        .map(|v| (y_of(*v), money(*v)))
        .collect();
    let last = rated.daily.len().saturating_sub(1);
    let x_ticks: Vec<(f64, String)> = [0, last / 2, last]
        .into_iter()
        .filter_map(|i| rated.daily.get(i).map(|(day, _)| (i, day)))
        .map(|(i, day)| {
            (
                left + (i as f64 + 0.5) * slot,
                format::day_month(locale, day),
            )
        })
        .collect();
    let label = t_string!(i18n, daily_cost_chart).to_string();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=label.clone()>
                {y_ticks.into_iter().map(|(y, text)| view! {
                    <line class="grid" x1=left x2=width y1=format!("{y:.1}") y2=format!("{y:.1}")/>
                    <text class="tick" x=left - 6.0 y=format!("{:.1}", y + 4.0) text-anchor="end">{text}</text>
                }).collect_view()}
                <line class="axis" x1=left x2=left y1=above y2=height - bottom/>
                {x_ticks.into_iter().map(|(x, text)| view! {
                    <text class="tick" x=format!("{x:.1}") y=height - 6.0 text-anchor="middle">{text}</text>
                }).collect_view()}
                {rated.daily.iter().enumerate().map(|(i, (day, cost))| {
                    let y = y_of(to_f64(*cost));
                    view! {
                        <rect x=format!("{:.1}", left + i as f64 * slot + 1.0) y=format!("{y:.1}")
                            width=format!("{:.1}", (slot - 2.0).max(1.0)) height=format!("{:.1}", height - bottom - y) class="bar">
                            <title>{format!("{}: {}", format::date(locale, day), format::amount(locale, *cost, currency))}</title>
                        </rect>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{label} " (" {currency.code()} ")"</figcaption>
        </figure>
    }
}

#[cfg(test)]
#[test]
fn the_scale_tops_at_one_two_or_five_times_a_power_of_ten() {
    for (x, top) in [
        (0.0, 1.0),
        (0.3, 0.5),
        (1.0, 1.0),
        (1.2, 2.0),
        (3.0, 5.0),
        (7.5, 10.0),
        (265.0, 500.0),
        (1001.0, 2000.0),
    ] {
        assert!(
            (nice_ceiling(x) - top).abs() < 1e-9,
            "{x}: {} ≠ {top}",
            nice_ceiling(x)
        );
    }
}

fn outcome_text(i18n: leptos_i18n::I18nContext<Locale>, o: &ReplayOutcome) -> String {
    crate::components::speaks::fill(
        t_string!(i18n, replay_outcome),
        &[
            ("stored", &o.stored.to_string()),
            ("duplicates", &o.duplicates.to_string()),
            ("refused", &o.refused.len().to_string()),
        ],
    )
}

#[component]
fn OutcomeNotice(
    #[prop(into)] result: Signal<Option<Result<ReplayOutcome, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        result.get().map(|r| match r {
            Ok(o) => view! {
                <div class="notice notice-success" role="status">
                    <p>{outcome_text(i18n, &o)}</p>
                    {(!o.refused.is_empty()).then(|| view! {
                        <ul>{o.refused.iter().take(20).map(|(n, why)| view! { <li>"#" {*n} ": " {why.clone()}</li> }).collect_view()}</ul>
                    })}
                </div>
            }
            .into_any(),
            Err(AppError::Invalid(errors)) => view! {
                <p class="notice notice-error" role="alert">
                    {error_text(i18n, &AppError::Invalid(errors))}
                </p>
            }
            .into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
        })
    }
}

#[component]
pub fn UsageTab() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let generate = ServerAction::<ReplayPattern>::new();
    let paste = ServerAction::<ReplayRecords>::new();
    let clear = ServerAction::<ClearReplay>::new();
    let generated = Signal::derive(move || generate.value().get());
    let pasted = Signal::derive(move || paste.value().get());
    with_offering(move |o, _| {
        let metered: Vec<Plan> = o
            .document
            .plans
            .iter()
            .filter(|p| !p.pricing.metrics.is_empty())
            .cloned()
            .collect();
        if metered.is_empty() {
            return view! {
                <section class="card"><p class="empty-state">{t!(i18n, replay_needs_metered_plan)}</p></section>
            }
            .into_any();
        }
        let chosen = query
            .read_untracked()
            .get("plan")
            .filter(|id| metered.iter().any(|p| p.id == *id))
            .unwrap_or_else(|| metered[0].id.clone());
        let plan = metered
            .iter()
            .find(|p| p.id == chosen)
            .cloned()
            .unwrap_or_else(|| metered[0].clone());
        let id = o.id.clone();
        let rated_id = id.clone();
        let (id2, plan_id2) = (id.clone(), plan.id.clone());
        let data = Resource::new(
            move || {
                (
                    generate.version().get(),
                    paste.version().get(),
                    clear.version().get(),
                )
            },
            move |_| load_replay(id2.clone(), plan_id2.clone()),
        );
        let upload_notice = {
            let q = query.read_untracked();
            match (q.get("uploaded"), q.get("upload_error")) {
                (Some(stored), _) => {
                    let o = ReplayOutcome {
                        stored: stored.parse().unwrap_or(0),
                        duplicates: q
                            .get("duplicates")
                            .and_then(|d| d.parse().ok())
                            .unwrap_or(0),
                        refused: vec![
                            (0, String::new());
                            q.get("refused").and_then(|d| d.parse().ok()).unwrap_or(0)
                        ],
                    };
                    Some(view! { <p class="notice notice-success" role="status">{outcome_text(i18n, &o)}</p> }.into_any())
                }
                (None, Some(error)) => Some(
                    view! { <p class="notice notice-error" role="alert">{crate::components::said::said(i18n, &error)}</p> }.into_any(),
                ),
                (None, None) => None,
            }
        };
        let (upload_id, upload_plan) = (o.id.clone(), plan.id.clone());
        let rated_plan = plan.clone();
        // What the form starts from: its defaults, or what a refused plain post sent.
        let posted = posted_to(<ReplayPattern as ServerFn>::PATH).unwrap_or_default();
        let start = |name: &str, default: &str| {
            value_of(&posted, name).unwrap_or_else(|| default.to_owned())
        };
        let (instances, daily, month) = (
            start("instances", "3"),
            start("daily_quantity", "100"),
            start("month", "2026-11"),
        );
        let metric = start("metric", &plan.pricing.metrics[0].id);
        let metric_ids: Vec<String> = plan.pricing.metrics.iter().map(|m| m.id.clone()).collect();
        let (gen_id, gen_plan) = (id.clone(), plan.id.clone());
        let sample = serde_json::json!([{
            "resource_instance_id": "instance-1",
            "plan_id": plan.id.clone(),
            "start": "2026-11-01T00:00:00Z",
            "end": "2026-11-02T00:00:00Z",
            "measures": [{ "measure": plan.pricing.metrics[0].id.clone(), "quantity": "250" }]
        }])
        .to_string();
        view! {
            <section class="card">
                <h2>{t!(i18n, tab_usage)}</h2>
                <p class="help">{t!(i18n, replay_intro)}</p>
                <form method="get" class="filter-bar">
                    <div class="field">
                        <label for="replay-plan">{t!(i18n, plan)}</label>
                        <select id="replay-plan" name="plan">
                            {metered.iter().map(|p| view! {
                                <option value=p.id.clone() selected=p.id == plan.id>{p.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="btn btn-secondary">{t!(i18n, show)}</button>
                </form>
            </section>
            <div class="two-columns">
                <section class="card">
                    <h3>{t!(i18n, replay_generate)}</h3>
                    <ActionForm action=generate attr:class="form">
                        <input type="hidden" name="id" value=gen_id/>
                        <input type="hidden" name="plan_id" value=gen_plan/>
                        <div class="field">
                            <label for="replay-instances">{t!(i18n, replay_instances)}</label>
                            <input id="replay-instances" name="instances" type="number" min="1" max="100" value=instances/>
                        </div>
                        <div class="field">
                            <label for="replay-metric">{t!(i18n, metric)}</label>
                            <select id="replay-metric" name="metric">
                                {metric_ids.into_iter().map(|m| { let chosen = m == metric; let label = m.clone(); view! { <option value=m selected=chosen>{label}</option> } }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="replay-daily">{t!(i18n, replay_daily_quantity)}</label>
                            <input id="replay-daily" name="daily_quantity" type="text" inputmode="decimal" value=daily/>
                        </div>
                        <div class="field">
                            <label for="replay-month">{t!(i18n, replay_month)}</label>
                            <input id="replay-month" name="month" type="month" value=month/>
                        </div>
                        <OutcomeNotice result=generated/>
                        <button type="submit" class="btn btn-primary">{t!(i18n, replay_generate_button)}</button>
                    </ActionForm>
                </section>
                <section class="card">
                    <h3>{t!(i18n, replay_paste)}</h3>
                    <ActionForm action=paste attr:class="form">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="plan_id" value=plan.id.clone()/>
                        <div class="field">
                            <label for="replay-records">{t!(i18n, replay_records)}</label>
                            <textarea id="replay-records" name="records" rows="8" class="mono" placeholder=sample>{raw_text(&typed(<ReplayRecords as ServerFn>::PATH, "records"))}</textarea>
                            <p class="help">{t!(i18n, replay_records_help)} " " <code>"resource_instance_id, plan_id, start, end, measures"</code></p>
                        </div>
                        <OutcomeNotice result=pasted/>
                        <button type="submit" class="btn btn-secondary">{t!(i18n, replay_paste_button)}</button>
                    </ActionForm>
                    // A native multipart post: the same with or without JavaScript.
                    <form method="post" enctype="multipart/form-data" action=UploadReplay::PATH class="form upload-records">
                        <input type="hidden" name="id" value=upload_id/>
                        <input type="hidden" name="plan_id" value=upload_plan/>
                        <div class="field">
                            <label for="replay-file">{t!(i18n, replay_upload)}</label>
                            <input id="replay-file" name="file" type="file" accept=".json,.jsonl,application/json,text/plain" required=true/>
                        </div>
                        {upload_notice}
                        <button type="submit" class="btn btn-secondary">{t!(i18n, replay_upload_button)}</button>
                    </form>
                </section>
            </div>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(view) => rated_view(view, rated_id.clone(), rated_plan.clone(), clear),
                })}
            </Suspense>
        }
        .into_any()
    })
}

/// The rated month of a replay: counts, quantities, the cost per day and the breakdown.
fn rated_view(
    view: super::server::ReplayView,
    id: String,
    plan: crate::domain::plan::Plan,
    clear: ServerAction<ClearReplay>,
) -> AnyView {
    let i18n = use_i18n();
    let rated = view.rated.clone();
    let locale = i18n.get_locale_untracked();
    let pricing_of = move |from: &Option<String>| match from.as_deref().and_then(parse_date) {
        Some(day) => plan.prices_on(day).clone(),
        None => plan.pricing.clone(),
    };
    let estimates = if rated.segments.len() > 1 {
        let parts = rated.segments.iter().map(|s| {
            let (first, last) = (format::date(locale, &s.first_day), format::date(locale, &s.last_day));
            let heading = match &s.prices_from {
                Some(from) => {
                    let from = format::date(locale, from);
                    view! { <h4>{t!(i18n, prices_segment, first = move || first.clone(), last = move || last.clone(), from = move || from.clone())}</h4> }.into_any()
                }
                None => view! { <h4>{t!(i18n, prices_segment_first, first = move || first.clone(), last = move || last.clone())}</h4> }.into_any(),
            };
            view! {
                <section class="rated-segment" data-prices-from=s.prices_from.clone().unwrap_or_default()>
                    {heading}
                    <EstimateTables estimate=s.estimate.clone() pricing=pricing_of(&s.prices_from)/>
                </section>
            }
        }).collect_view();
        view! { <p class="notice" data-testid="replay-split">{t!(i18n, prices_split)}</p> {parts} }
            .into_any()
    } else {
        let from = rated.segments.first().and_then(|s| s.prices_from.clone());
        view! { <EstimateTables estimate=rated.estimate.clone() pricing=pricing_of(&from)/> }
            .into_any()
    };
    view! {
        <section class="card rated-month">
            <div class="card-header">
                <h3>{t!(i18n, rated_month)}</h3>
                {(view.can_replay && rated.records > 0).then(|| view! {
                    <Confirm label=t_string!(i18n, replay_clear) warning=t_string!(i18n, replay_clear_warning) class="btn btn-ghost">
                        <ActionForm action=clear>
                            <input type="hidden" name="id" value=id.clone()/>
                            <input type="hidden" name="plan_id" value=view.plan_id.clone()/>
                            <button type="submit" class="btn btn-danger btn-small">{t!(i18n, replay_clear_confirm)}</button>
                        </ActionForm>
                    </Confirm>
                })}
            </div>
            <p class="muted">{t!(i18n, replay_not_charged)}</p>
            <dl class="identity">
                <div><dt>{t!(i18n, replay_record_count)}</dt><dd data-testid="replay-records">{rated.records}</dd></div>
                {rated.quantities.iter().map(|(m, q)| view! {
                    <div><dt><code>{m.clone()}</code></dt><dd data-quantity=m.clone()>{q.normalize().to_string()}</dd></div>
                }).collect_view()}
            </dl>
            {(rated.records > 0).then(|| view! { <DailyChart rated=rated.clone()/> })}
            {estimates}
        </section>
    }
    .into_any()
}
