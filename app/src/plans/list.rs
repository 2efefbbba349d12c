//! The Plans tab: the offering's plans in catalog order, with reorder and delete.

use super::estimator::currency_codes;
use super::server::{DeletePlan, MovePlan};
use crate::components::confirm::Confirm;
use crate::components::words::pricing_type_label as kind_label;
use crate::domain::price_schedule::date_text;
use crate::i18n::*;
use crate::offerings::editor::{reload_on_success, with_offering};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A one-button form moving a plan up or down.
#[allow(clippy::too_many_arguments)]
fn move_form(
    action: ServerAction<MovePlan>,
    id: &str,
    version: i64,
    plan_id: &str,
    plan_name: &str,
    direction: &'static str,
    label: String,
    disabled: bool,
) -> impl IntoView {
    let (id, plan_id) = (id.to_owned(), plan_id.to_owned());
    let aria = format!("{label}: {plan_name}");
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="plan_id" value=plan_id/>
            <input type="hidden" name="direction" value=direction/>
            <button type="submit" class="btn btn-ghost btn-small" disabled=disabled
                aria-label=aria>
                {if direction == "up" { "↑" } else { "↓" }}
            </button>
        </ActionForm>
    }
}

#[component]
pub fn PlansTab() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<crate::offerings::editor::OfferingContext>();
    let moved = ServerAction::<MovePlan>::new();
    let deleted = ServerAction::<DeletePlan>::new();
    reload_on_success(moved, ctx);
    reload_on_success(deleted, ctx);
    with_offering(move |o, _| {
        let base = format!("/offerings/{}/plans", o.id);
        let plans = o.document.plans.clone();
        let count = plans.len();
        let language = i18n.get_locale().as_str().to_owned();
        let today = super::schedule::today_of(&o);
        let locale = i18n.get_locale_untracked();
        view! {
            <section class="card">
                <div class="card-header">
                    <h2>{t!(i18n, tab_plans)}</h2>
                    {o.can_edit.then(|| view! {
                        <a class="btn btn-primary" href=format!("{base}/new")>{t!(i18n, add_plan)}</a>
                    })}
                </div>
                {move || deleted.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error" role="alert">{crate::components::said::error_text(i18n, &e)}</p>
                })}
                {if plans.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, no_plans_yet)}</p> }.into_any()
                } else {
                    view! {
                        <crate::components::layout::ScrollRegion label=move || t_string!(i18n, tab_plans).to_string()>
                            <table class="data-table plans">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, plan)}</th>
                                        <th scope="col">{t!(i18n, pricing_type)}</th>
                                        <th scope="col">{t!(i18n, metrics)}</th>
                                        <th scope="col">{t!(i18n, currencies)}</th>
                                        <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {plans.into_iter().enumerate().map(|(i, p)| {
                                        let edit = format!("{base}/{}", p.id);
                                        let metrics = p.metric_ids().join(", ");
                                        let display = p.display_name(&language);
                                        let next = p.next_change(today).map(|c| {
                                            let day = crate::format::date(locale, &date_text(c.effective));
                                            view! { <div class="muted" data-testid="next-price-change">{t!(i18n, prices_from, date = move || day.clone())}</div> }
                                        });
                                        let (oid, version, pid, pname) = (o.id.clone(), o.version, p.id.clone(), p.name.clone());
                                        let (oid2, pid2) = (o.id.clone(), p.id.clone());
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=edit.clone()><code>{p.name.clone()}</code></a>
                                                    <div class="muted">{display}</div>
                                                    {next}
                                                </td>
                                                <td><span class="tag">{kind_label(i18n, p.kind())}</span></td>
                                                <td>{metrics}</td>
                                                <td>{(!p.is_free()).then(|| currency_codes(&p.pricing))}</td>
                                                <td class="row-actions">
                                                    {o.can_edit.then(|| view! {
                                                        {move_form(moved, &oid, version, &pid, &pname, "up", t_string!(i18n, move_up).to_string(), i == 0)}
                                                        {move_form(moved, &oid, version, &pid, &pname, "down", t_string!(i18n, move_down).to_string(), i + 1 == count)}
                                                        <Confirm label=t_string!(i18n, delete) warning=t_string!(i18n, delete_plan_warning)>
                                                            <ActionForm action=deleted>
                                                                <input type="hidden" name="id" value=oid2.clone()/>
                                                                <input type="hidden" name="version" value=version/>
                                                                <input type="hidden" name="plan_id" value=pid2.clone()/>
                                                                <button type="submit" class="btn btn-danger btn-small">
                                                                    {t!(i18n, delete_plan)} " " {p.name.clone()}
                                                                </button>
                                                            </ActionForm>
                                                        </Confirm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </crate::components::layout::ScrollRegion>
                    }
                    .into_any()
                }}
            </section>
        }
    })
}
