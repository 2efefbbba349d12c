//! A plan's price versions on its editor page: which prices the form edits (those in force
//! today, or a scheduled change named by `?prices=YYYY-MM-DD`), and the schedule card listing
//! every version (first prices, history, in force, scheduled) with edit and cancel.

use super::server::CancelPriceChange;
use crate::domain::plan::{Plan, PlanInput};
use crate::domain::price_schedule::{date_text, earliest_public, parse_date};
use crate::format;
use crate::i18n::*;
use crate::offerings::editor::{reload_on_success, OfferingContext};
use crate::offerings::server::OfferingView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use time::Date;

/// The server's date an offering view was loaded on.
pub fn today_of(o: &OfferingView) -> Date {
    parse_date(&o.today).unwrap_or(Date::MIN)
}

/// The form for `plan`: the prices in force `today`, or the scheduled change starting on
/// `prices` (a later date the plan has) with that date in `effective`.
pub fn editor_input(plan: &Plan, today: Date, prices: Option<&str>) -> PlanInput {
    let change = (prices.and_then(parse_date))
        .filter(|d| *d > today)
        .and_then(|d| plan.price_changes.iter().find(|c| c.effective == d));
    let pricing = change.map_or_else(|| plan.prices_on(today), |c| &c.pricing);
    let mut input = PlanInput::from_plan(&Plan {
        pricing: pricing.clone(),
        ..plan.clone()
    });
    input.effective = change.map(|c| date_text(c.effective)).unwrap_or_default();
    input
}

/// The help under the plan form's date field: the rule that applies to this offering.
pub fn effective_help(i18n: leptos_i18n::I18nContext<Locale>, o: &OfferingView) -> String {
    if o.released {
        let earliest = date_text(earliest_public(today_of(o)));
        let locale = i18n.get_locale_untracked();
        t_string!(i18n, prices_effective_help_public)
            .to_string()
            .replace("%date%", &format::date(locale, &earliest))
    } else {
        t_string!(i18n, prices_effective_help_draft).to_string()
    }
}

/// Every price version of `plan`, oldest first, with what can be done to each.
#[component]
pub fn PriceSchedule(offering: OfferingView, plan: Plan) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<OfferingContext>();
    let cancel = ServerAction::<CancelPriceChange>::new();
    reload_on_success(cancel, ctx);
    let today = today_of(&offering);
    let locale = i18n.get_locale_untracked();
    let in_force = plan.in_force(today).map(|c| c.effective);
    let base = format!("/offerings/{}/plans/{}", offering.id, plan.id);
    let status = move |from: Option<Date>| {
        let state = match from {
            _ if from == in_force => t_string!(i18n, prices_in_force),
            Some(d) if d > today => t_string!(i18n, prices_scheduled),
            _ => t_string!(i18n, prices_past),
        };
        state.to_string()
    };
    let rows = plan.price_changes.iter().map(|c| {
        let day = date_text(c.effective);
        let scheduled = c.effective > today;
        let (offering_id, plan_id, version) = (offering.id.clone(), plan.id.clone(), offering.version);
        let (edit_href, hidden_day) = (format!("{base}?prices={day}"), day.clone());
        let actions = (scheduled && offering.can_edit).then(move || {
            let label = format!("{}: {}", t_string!(i18n, prices_cancel), format::date(locale, &hidden_day));
            view! {
                <a class="btn btn-ghost btn-small" href=edit_href>{t!(i18n, prices_edit)}</a>
                <ActionForm action=cancel attr:class="inline-form">
                    <input type="hidden" name="id" value=offering_id/>
                    <input type="hidden" name="version" value=version/>
                    <input type="hidden" name="plan_id" value=plan_id/>
                    <input type="hidden" name="effective" value=hidden_day.clone()/>
                    <button type="submit" class="btn btn-ghost btn-small" aria-label=label>{t!(i18n, prices_cancel)}</button>
                </ActionForm>
            }
        });
        view! {
            <tr data-effective=day.clone()>
                <th scope="row"><time datetime=day.clone()>{format::date(locale, &day)}</time></th>
                <td>{status(Some(c.effective))}</td>
                <td>{actions}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="card price-schedule" aria-labelledby="price-schedule-title">
            <h3 id="price-schedule-title">{t!(i18n, prices_schedule)}</h3>
            {move || cancel.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice notice-error" role="alert">{crate::components::said::error_text(i18n, &e)}</p>
            })}
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, prices_from_column)}</th>
                        <th scope="col">{t!(i18n, prices_status)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <tr data-effective="">
                        <th scope="row">{t!(i18n, prices_first)}</th>
                        <td>{status(None)}</td>
                        <td></td>
                    </tr>
                    {rows}
                </tbody>
            </table>
            <p class="help">{t!(i18n, prices_schedule_help)}</p>
        </section>
    }
}
