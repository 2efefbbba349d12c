//! A plan's metrics as the plan form holds them (`MetricInput`, its tiers and price cells,
//! all text) and how one becomes a `pricing::Metric` or problems under `metrics.<i>`.

use super::{field, pricing_problem, PlanProblem};
use crate::domain::offering::Problem;
use crate::domain::pricing::{self, Currency, Metric, PricingModel, Tier, TierPrice};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A price cell as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PriceInput {
    pub unit_price: String,
    #[serde(default)]
    pub flat_fee: String,
}

/// A tier as typed: only its upper bound (its start is the previous tier's end).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TierInput {
    /// Empty on the last, open-ended tier.
    pub up_to: String,
    /// Keyed by currency code (`USD`, …): one entry per currency the plan is priced in.
    pub prices: BTreeMap<String, PriceInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MetricInput {
    pub id: String,
    pub unit_names: BTreeMap<String, String>,
    pub unit_quantity: String,
    pub model: String,
    #[serde(default)]
    pub free_units: String,
    pub tiers: Vec<TierInput>,
}

impl MetricInput {
    /// A new metric: linear, per unit, one open-ended tier priced in `currencies`.
    pub fn new(currencies: &[Currency]) -> Self {
        MetricInput {
            id: String::new(),
            unit_names: BTreeMap::new(),
            unit_quantity: "1".into(),
            model: PricingModel::Linear.as_str().into(),
            free_units: String::new(),
            tiers: vec![TierInput::open(currencies)],
        }
    }
}

impl TierInput {
    pub fn open(currencies: &[Currency]) -> Self {
        TierInput {
            up_to: String::new(),
            prices: currencies
                .iter()
                .map(|c| (c.code().to_owned(), PriceInput::default()))
                .collect(),
        }
    }
}

pub(super) fn parse_metric(
    out: &mut Vec<PlanProblem>,
    i: usize,
    m: &MetricInput,
    currencies: &[Currency],
) -> Metric {
    let prefix = format!("metrics.{i}");
    let model = m.model.parse().unwrap_or_else(|_| {
        field(out, format!("{prefix}.model"), Problem::UnknownChoice);
        PricingModel::Linear
    });
    let quantity =
        |out: &mut Vec<PlanProblem>, key: String, text: &str, default: Option<Decimal>| {
            if text.trim().is_empty() {
                return default.unwrap_or_else(|| {
                    field(out, key, Problem::Required);
                    Decimal::ZERO
                });
            }
            pricing::parse_quantity(text).unwrap_or_else(|p| {
                pricing_problem(out, key, p);
                Decimal::ZERO
            })
        };
    let unit_quantity = quantity(
        out,
        format!("{prefix}.unit_quantity"),
        &m.unit_quantity,
        None,
    );
    let free_units = quantity(
        out,
        format!("{prefix}.free_units"),
        &m.free_units,
        Some(Decimal::ZERO),
    );
    let last = m.tiers.len().saturating_sub(1);
    let tiers = m
        .tiers
        .iter()
        .enumerate()
        .map(|(j, t)| {
            let tier_key = format!("{prefix}.tiers.{j}");
            let up_to = if j == last && t.up_to.trim().is_empty() {
                None
            } else {
                Some(quantity(out, format!("{tier_key}.up_to"), &t.up_to, None))
            };
            let mut prices = BTreeMap::new();
            for c in currencies {
                let cell = t.prices.get(c.code()).cloned().unwrap_or_default();
                let key = format!("{tier_key}.{}", c.code());
                let unit_price = if cell.unit_price.trim().is_empty() {
                    field(out, format!("{key}.unit_price"), Problem::Required);
                    Decimal::ZERO
                } else {
                    pricing::parse_unit_price(&cell.unit_price, *c).unwrap_or_else(|p| {
                        pricing_problem(out, format!("{key}.unit_price"), p);
                        Decimal::ZERO
                    })
                };
                let flat_fee = if cell.flat_fee.trim().is_empty() {
                    None
                } else {
                    match pricing::parse_amount(&cell.flat_fee, *c) {
                        Ok(f) => Some(f),
                        Err(p) => {
                            pricing_problem(out, format!("{key}.flat_fee"), p);
                            None
                        }
                    }
                };
                prices.insert(
                    *c,
                    TierPrice {
                        unit_price,
                        flat_fee,
                    },
                );
            }
            Tier { up_to, prices }
        })
        .collect();
    Metric {
        id: m.id.trim().to_owned(),
        unit_names: m
            .unit_names
            .iter()
            .map(|(l, n)| (l.clone(), n.trim().to_owned()))
            .filter(|(_, n)| !n.is_empty())
            .collect(),
        unit_quantity,
        model,
        free_units,
        tiers,
    }
}
