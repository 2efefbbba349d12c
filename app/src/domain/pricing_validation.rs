//! Validation of a pricing (SPEC §3): every problem, keyed by its field (the key scheme is in
//! `super`'s documentation).

use super::{
    Currency, Metric, Pricing, PricingFieldProblem, PricingModel, PricingType, MAX_METRICS,
    MAX_METRIC_ID, MAX_TIERS, MAX_UNIT_NAME, P, UNIT_PRICE_DECIMALS,
};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

struct Problems(Vec<PricingFieldProblem>);

impl Problems {
    fn push(&mut self, field: impl Into<String>, problem: P) {
        let field = field.into();
        self.0.push(PricingFieldProblem { field, problem });
    }

    fn amount(&mut self, field: impl FnOnce() -> String, amount: &Decimal, currency: Currency) {
        let max = currency.minor_units();
        if *amount < Decimal::ZERO {
            self.push(field(), P::Negative);
        } else if amount.normalize().scale() > max {
            self.push(field(), P::TooManyDecimals { currency, max });
        }
    }

    fn unit_price(&mut self, field: impl FnOnce() -> String, price: &Decimal) {
        let max = UNIT_PRICE_DECIMALS;
        if *price < Decimal::ZERO {
            self.push(field(), P::Negative);
        } else if price.normalize().scale() > max {
            self.push(field(), P::UnitPriceTooPrecise { max });
        }
    }
}

fn metric_id_pattern(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

/// Every problem of `pricing`, keyed by field; empty when it is valid. Every metric id must
/// follow the id pattern; see [`validate_update`] for editing a plan whose ids predate it.
pub fn validate(pricing: &Pricing) -> Vec<PricingFieldProblem> {
    validate_with(pricing, &|_| false)
}

/// As [`validate`] for an edited plan: a metric id that `before` already had keeps being
/// accepted even if it does not follow the pattern (the pattern applies to new ids).
pub fn validate_update(before: &Pricing, after: &Pricing) -> Vec<PricingFieldProblem> {
    validate_with(after, &|id| before.metrics.iter().any(|m| m.id == id))
}

fn validate_with(p: &Pricing, existing_id: &dyn Fn(&str) -> bool) -> Vec<PricingFieldProblem> {
    let mut out = Problems(Vec::new());
    let kind = p.kind;
    if !p.metered() && !p.metrics.is_empty() {
        out.push("metrics", P::MetricsNotAllowed { kind });
    }
    if kind == PricingType::Paid && p.metrics.is_empty() {
        out.push("metrics", P::MetricRequired);
    }
    if kind != PricingType::Subscription && !p.monthly_fee.is_empty() {
        out.push("monthly_fee", P::MonthlyFeeNotAllowed { kind });
    }
    if !p.metered() {
        return out.0;
    }
    let (max, count) = (MAX_METRICS, p.metrics.len());
    if count > max {
        out.push("metrics", P::TooManyMetrics { max, count });
    }
    // The plan's currencies: USD, and every currency used anywhere must be used everywhere.
    let mut used = BTreeSet::from([Currency::Usd]);
    used.extend(
        p.metrics
            .iter()
            .flat_map(|m| &m.tiers)
            .flat_map(|t| t.prices.keys()),
    );
    if kind == PricingType::Subscription {
        used.extend(p.monthly_fee.keys());
        for &currency in &used {
            let key = || format!("monthly_fee.{currency}");
            match p.monthly_fee.get(&currency) {
                Some(fee) => out.amount(key, fee, currency),
                None if currency == Currency::Usd => out.push(key(), P::MonthlyFeeRequired),
                None => out.push(key(), P::MissingCurrency { currency }),
            }
        }
    }
    for (i, m) in p.metrics.iter().enumerate() {
        let key = |rest: &str| format!("metrics.{i}.{rest}");
        let (length, max) = (m.id.chars().count(), MAX_METRIC_ID);
        if m.id.trim().is_empty() {
            out.push(key("id"), P::MetricIdRequired);
        } else if length > max {
            out.push(key("id"), P::MetricIdTooLong { max, length });
        } else if !metric_id_pattern(&m.id) && !existing_id(&m.id) {
            out.push(key("id"), P::MetricIdPattern);
        } else if let Some(first) = p.metrics[..i].iter().position(|o| o.id == m.id) {
            let id = m.id.clone();
            out.push(key("id"), P::DuplicateMetricId { id, first });
        }
        let name = m.unit_names.get("en").map_or("", |n| n.trim());
        let (length, max) = (name.chars().count(), MAX_UNIT_NAME);
        if name.is_empty() {
            out.push(key("unit_names.en"), P::UnitNameRequired);
        } else if length > max {
            out.push(key("unit_names.en"), P::UnitNameTooLong { max, length });
        }
        if m.unit_quantity <= Decimal::ZERO {
            out.push(key("unit_quantity"), P::NotPositive);
        }
        let model = m.model;
        if m.free_units < Decimal::ZERO {
            out.push(key("free_units"), P::Negative);
        } else if !m.free_units.is_zero() && model != PricingModel::Block {
            out.push(key("free_units"), P::FreeUnitsOnlyForBlock { model });
        }
        let (max, count) = (MAX_TIERS, m.tiers.len());
        if count == 0 {
            out.push(key("tiers"), P::NoTiers);
        } else if count > max {
            out.push(key("tiers"), P::TooManyTiers { max, count });
        } else if count > 1 && matches!(model, PricingModel::Linear | PricingModel::Block) {
            out.push(key("tiers"), P::SingleTierModel { model, count });
        }
        validate_tiers(&mut out, &key, m, &used);
    }
    out.0
}

fn validate_tiers(
    out: &mut Problems,
    key: &dyn Fn(&str) -> String,
    m: &Metric,
    used: &BTreeSet<Currency>,
) {
    // The last bounded tier so far, and where it ends.
    let mut previous: Option<(usize, Decimal)> = None;
    for (tier, t) in m.tiers.iter().enumerate() {
        let up_to = || key(&format!("tiers.{tier}.up_to"));
        let last = tier + 1 == m.tiers.len();
        match t.up_to {
            None if !last => out.push(up_to(), P::OpenTierNotLast { tier }),
            Some(_) if last => out.push(up_to(), P::LastTierNotOpen { tier }),
            None => {}
            Some(end) => {
                let too_low = match previous {
                    _ if end <= Decimal::ZERO => Some((None, Decimal::ZERO)),
                    Some((p, before)) if end <= before => Some((Some(p), before)),
                    _ => None,
                };
                if let Some((previous_tier, previous_end)) = too_low {
                    let problem = P::TierEndTooLow {
                        tier,
                        previous_tier,
                        previous_end,
                    };
                    out.push(up_to(), problem);
                }
                previous = Some((tier, end));
            }
        }
        for &currency in used {
            let cell = |what: &str| key(&format!("tiers.{tier}.{currency}.{what}"));
            match t.prices.get(&currency) {
                None if currency == Currency::Usd => out.push(cell("unit_price"), P::UsdRequired),
                None => out.push(cell("unit_price"), P::MissingCurrency { currency }),
                Some(price) => {
                    out.unit_price(|| cell("unit_price"), &price.unit_price);
                    if let Some(fee) = &price.flat_fee {
                        out.amount(|| cell("flat_fee"), fee, currency);
                    }
                }
            }
        }
    }
}
