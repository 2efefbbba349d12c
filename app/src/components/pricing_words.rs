//! What is wrong with a price (`domain::pricing::PricingProblem`), in the page's language: in
//! the plan editor as the provider types, and under the field after a refused save.

use super::speaks::fill;
use super::words::{model_label, pricing_type_label};
use crate::domain::pricing::PricingProblem as P;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The problem as a sentence; tiers and metrics are counted from 1, as the form shows them.
pub fn pricing_text(i18n: I18n, problem: &P) -> String {
    let nth = |n: &usize| (n + 1).to_string();
    let num = |n: &dyn ToString| n.to_string();
    let plain = |text: &str| text.to_owned();
    match problem {
        P::Empty => plain(t_string!(i18n, pp_empty)),
        P::NotANumber => plain(t_string!(i18n, pp_not_a_number)),
        P::Negative => plain(t_string!(i18n, pp_negative)),
        P::TooLarge => plain(t_string!(i18n, pp_too_large)),
        P::TooManyDecimals { currency, max: 0 } => fill(
            t_string!(i18n, pp_whole_amounts),
            &[("currency", currency.as_str())],
        ),
        P::TooManyDecimals { currency, max } => fill(
            t_string!(i18n, pp_too_many_decimals),
            &[("currency", currency.as_str()), ("max", &num(max))],
        ),
        P::UnknownChoice => plain(t_string!(i18n, problem_unknown_choice)),
        P::NotPositive => plain(t_string!(i18n, pp_not_positive)),
        P::MetricIdRequired => plain(t_string!(i18n, pp_metric_id_required)),
        P::MetricIdPattern => plain(t_string!(i18n, pp_metric_id_pattern)),
        P::MetricIdTooLong { max, length } => fill(
            t_string!(i18n, pp_metric_id_too_long),
            &[("max", &num(max)), ("length", &num(length))],
        ),
        P::DuplicateMetricId { id, first } => fill(
            t_string!(i18n, pp_duplicate_metric_id),
            &[("first", &nth(first)), ("id", id)],
        ),
        P::UnitNameRequired => plain(t_string!(i18n, pp_unit_name_required)),
        P::UnitNameTooLong { max, length } => fill(
            t_string!(i18n, pp_unit_name_too_long),
            &[("max", &num(max)), ("length", &num(length))],
        ),
        P::FreeUnitsOnlyForBlock { model } => fill(
            t_string!(i18n, pp_free_units_only_for_block),
            &[("model", &model_label(i18n, *model))],
        ),
        P::NoTiers => plain(t_string!(i18n, pp_no_tiers)),
        P::TooManyTiers { max, count } => fill(
            t_string!(i18n, pp_too_many_tiers),
            &[("max", &num(max)), ("count", &num(count))],
        ),
        P::SingleTierModel { model, count } => fill(
            t_string!(i18n, pp_single_tier_model),
            &[
                ("model", &model_label(i18n, *model)),
                ("count", &num(count)),
            ],
        ),
        P::OpenTierNotLast { tier } => fill(
            t_string!(i18n, pp_open_tier_not_last),
            &[("tier", &nth(tier))],
        ),
        P::LastTierNotOpen { tier } => fill(
            t_string!(i18n, pp_last_tier_not_open),
            &[("tier", &nth(tier))],
        ),
        P::TierEndTooLow {
            tier,
            previous_tier: Some(previous),
            previous_end,
        } => fill(
            t_string!(i18n, pp_tier_end_above),
            &[
                ("tier", &nth(tier)),
                ("previous", &nth(previous)),
                (
                    "end",
                    &crate::format::number(
                        i18n.get_locale_untracked(),
                        &previous_end.normalize().to_string(),
                    ),
                ),
            ],
        ),
        P::TierEndTooLow { tier, .. } => fill(
            t_string!(i18n, pp_tier_end_above_zero),
            &[("tier", &nth(tier))],
        ),
        P::UsdRequired => plain(t_string!(i18n, pp_usd_required)),
        P::MissingCurrency { currency } => fill(
            t_string!(i18n, pp_missing_currency),
            &[("currency", currency.as_str())],
        ),
        P::MetricsNotAllowed { kind } => fill(
            t_string!(i18n, pp_metrics_not_allowed),
            &[("kind", &pricing_type_label(i18n, *kind))],
        ),
        P::MetricRequired => plain(t_string!(i18n, pp_metric_required)),
        P::TooManyMetrics { max, count } => fill(
            t_string!(i18n, pp_too_many_metrics),
            &[("max", &num(max)), ("count", &num(count))],
        ),
        P::MonthlyFeeNotAllowed { kind } => fill(
            t_string!(i18n, pp_monthly_fee_not_allowed),
            &[("kind", &pricing_type_label(i18n, *kind))],
        ),
        P::MonthlyFeeRequired => plain(t_string!(i18n, pp_monthly_fee_required)),
        P::UnitPriceTooPrecise { max } => fill(
            t_string!(i18n, pp_unit_price_too_precise),
            &[("max", &num(max))],
        ),
    }
}
