//! The estimator: the charge of one period for a usage, line by line, in every currency the plan
//! is offered in (the tier and rounding rules are in `super`'s documentation).

use super::{round_to_minor, Currency, Metric, Pricing, PricingModel, Tier, TierPrice};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What a line of an estimate charges for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The monthly fee.
    Subscription,
    /// Units of one tier (all units for volume and linear; billable units for block).
    Units,
    /// A tier's flat fee.
    FlatFee,
    /// Block pricing: the free units used (amount 0).
    FreeUnits,
}

/// One line of an estimate. For fees, `quantity` and `unit_quantity` are 1 and `unit_price` is
/// the fee. For block units, `amount = ceil(quantity / unit_quantity) × unit_price`, rounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Line {
    pub kind: LineKind,
    pub metric: Option<String>,
    /// 0-based.
    pub tier: Option<usize>,
    /// The range the line covers: `(from, to]`, `to = None` = open-ended.
    pub from: Decimal,
    pub to: Option<Decimal>,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub unit_quantity: Decimal,
    /// Rounded once to the currency's minor units.
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CurrencyEstimate {
    pub currency: Currency,
    pub lines: Vec<Line>,
    /// The sum of the lines' amounts.
    pub total: Decimal,
}

/// The charge of one period, one entry per offered currency (USD first, then `Currency::ALL`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Estimate {
    pub currencies: Vec<CurrencyEstimate>,
    #[serde(skip)]
    evaluations: u64,
}

impl Estimate {
    /// How many (metric, tier, currency) triples the estimator considered: the unit of the
    /// benchmark's throughput.
    pub fn tier_evaluations(&self) -> u64 {
        self.evaluations
    }

    pub fn in_currency(&self, currency: Currency) -> Option<&CurrencyEstimate> {
        self.currencies.iter().find(|c| c.currency == currency)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EstimateError {
    NegativeQuantity {
        metric: String,
    },
    UnknownMetric {
        metric: String,
    },
    /// An amount or a sum exceeds what an exact decimal holds (about 7.9 × 10^28).
    TooLarge,
    /// The pricing cannot be estimated (a missing USD price, a unit quantity of 0, …): fix the
    /// field with this key first. [`validate`](super::validate) reports it in detail.
    InvalidPlan {
        field: String,
    },
}

impl EstimateError {
    pub fn english(&self) -> String {
        match self {
            EstimateError::NegativeQuantity { metric } => {
                format!("The quantity of {metric} cannot be negative.")
            }
            EstimateError::UnknownMetric { metric } => format!("This plan has no metric {metric}."),
            EstimateError::TooLarge => {
                "These quantities are too large: the charge cannot be computed exactly.".into()
            }
            EstimateError::InvalidPlan { field } => {
                format!("The plan's pricing is incomplete ({field}): fix it to see an estimate.")
            }
        }
    }
}

impl fmt::Display for EstimateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for EstimateError {}

/// The charge for `usage` (metric id → quantity of the period; a missing metric is 0) in every
/// currency the plan is offered in. Free and lite plans cost nothing; a subscription without
/// any monthly fee is priced on usage only. See the module documentation for the tier rules
/// and the rounding.
pub fn estimate(p: &Pricing, usage: &BTreeMap<String, Decimal>) -> Result<Estimate, EstimateError> {
    for (id, quantity) in usage {
        if !p.metrics.iter().any(|m| m.id == *id) {
            return Err(EstimateError::UnknownMetric { metric: id.clone() });
        }
        if *quantity < Decimal::ZERO {
            return Err(EstimateError::NegativeQuantity { metric: id.clone() });
        }
    }
    let mut out = Estimate::default();
    for currency in p.currencies() {
        let mut lines = Vec::new();
        if p.has_fee() {
            let fee = p.monthly_fee.get(&currency);
            let fee = fee.ok_or_else(|| invalid(format!("monthly_fee.{currency}")))?;
            lines.push(fee_line(LineKind::Subscription, fee, currency));
        }
        for (i, m) in p.metrics.iter().enumerate().filter(|_| p.metered()) {
            let quantity = usage.get(&m.id).copied().unwrap_or_default();
            if !quantity.is_zero() {
                let mut rater = Rater {
                    i,
                    m,
                    currency,
                    lines: &mut lines,
                    evaluations: 0,
                };
                rater.rate(quantity)?;
                out.evaluations += rater.evaluations;
            }
        }
        let mut total = round_to_minor(Decimal::ZERO, currency);
        for line in &lines {
            total = total
                .checked_add(line.amount)
                .ok_or(EstimateError::TooLarge)?;
        }
        out.currencies.push(CurrencyEstimate {
            currency,
            lines,
            total,
        });
    }
    Ok(out)
}

fn invalid(field: String) -> EstimateError {
    EstimateError::InvalidPlan { field }
}

/// A fee line: quantity 1 at the fee; no metric, no tier (a flat fee sets them).
fn fee_line(kind: LineKind, fee: &Decimal, currency: Currency) -> Line {
    Line {
        kind,
        metric: None,
        tier: None,
        from: Decimal::ZERO,
        to: None,
        quantity: Decimal::ONE,
        unit_price: *fee,
        unit_quantity: Decimal::ONE,
        amount: round_to_minor(*fee, currency),
    }
}

/// Prices one metric in one currency, appending its lines.
struct Rater<'a> {
    i: usize,
    m: &'a Metric,
    currency: Currency,
    lines: &'a mut Vec<Line>,
    evaluations: u64,
}

/// Where a line sits: the tier (0-based) and the range `(from, to]` it covers.
type Range = (Option<usize>, Decimal, Option<Decimal>);

impl<'a> Rater<'a> {
    /// Tier `j` and its price in this currency: one tier evaluation.
    fn price(&mut self, j: usize) -> Result<(&'a Tier, &'a TierPrice), EstimateError> {
        self.evaluations += 1;
        let (m, i, currency): (&'a Metric, _, _) = (self.m, self.i, self.currency);
        let price = m.tiers[j].prices.get(&currency);
        let price =
            price.ok_or_else(|| invalid(format!("metrics.{i}.tiers.{j}.{currency}.unit_price")))?;
        Ok((&m.tiers[j], price))
    }

    fn rate(&mut self, quantity: Decimal) -> Result<(), EstimateError> {
        let (uq, i) = (self.m.unit_quantity, self.i);
        if uq <= Decimal::ZERO {
            return Err(invalid(format!("metrics.{i}.unit_quantity")));
        }
        if self.m.tiers.is_empty() {
            return Err(invalid(format!("metrics.{i}.tiers")));
        }
        let zero = Decimal::ZERO;
        match self.m.model {
            PricingModel::Linear => {
                let (_, price) = self.price(0)?;
                let exact = exact_amount(quantity, price.unit_price, uq)?;
                self.units((Some(0), zero, None), quantity, price, exact);
            }
            PricingModel::Block => {
                let (_, price) = self.price(0)?;
                let free = self.m.free_units.max(zero);
                let free_used = quantity.min(free);
                if !free_used.is_zero() {
                    let nil = round_to_minor(zero, self.currency);
                    self.push(
                        LineKind::FreeUnits,
                        (None, zero, Some(free)),
                        free_used,
                        nil,
                        nil,
                    );
                }
                let billable = quantity - free_used;
                if !billable.is_zero() {
                    let blocks = billable
                        .checked_div(uq)
                        .ok_or(EstimateError::TooLarge)?
                        .ceil();
                    let exact = blocks.checked_mul(price.unit_price);
                    let exact = exact.ok_or(EstimateError::TooLarge)?;
                    self.units((Some(0), free, None), billable, price, exact);
                }
            }
            PricingModel::Graduated => {
                let mut from = zero;
                for j in 0..self.m.tiers.len() {
                    if quantity <= from {
                        break;
                    }
                    let (tier, price) = self.price(j)?;
                    // `max`: an (invalid) non-increasing bound does not go backwards.
                    let end = tier.up_to.map_or(quantity, |to| to.max(from).min(quantity));
                    if end > from {
                        let exact = exact_amount(end - from, price.unit_price, uq)?;
                        self.units((Some(j), from, tier.up_to), end - from, price, exact);
                    }
                    match tier.up_to {
                        Some(to) => from = from.max(to),
                        None => return Ok(()),
                    }
                }
                if quantity > from {
                    // Every tier is bounded and the quantity is past the last one.
                    return Err(invalid(format!("metrics.{i}.tiers")));
                }
            }
            PricingModel::Volume => {
                let mut from = zero;
                for j in 0..self.m.tiers.len() {
                    let (tier, price) = self.price(j)?;
                    match tier.up_to {
                        Some(to) if quantity > to => from = from.max(to),
                        to => {
                            let exact = exact_amount(quantity, price.unit_price, uq)?;
                            self.units((Some(j), from, to), quantity, price, exact);
                            return Ok(());
                        }
                    }
                }
                // Every tier is bounded and the quantity is past the last one.
                return Err(invalid(format!("metrics.{i}.tiers")));
            }
        }
        Ok(())
    }

    /// A units line worth `exact` (rounded here, once), then the tier's flat fee if any.
    fn units(&mut self, range: Range, quantity: Decimal, price: &TierPrice, exact: Decimal) {
        let amount = round_to_minor(exact, self.currency);
        self.push(LineKind::Units, range, quantity, price.unit_price, amount);
        if let Some(fee) = price.flat_fee.filter(|f| !f.is_zero()) {
            let (tier, from, to) = range;
            let metric = Some(self.m.id.clone());
            let fee = fee_line(LineKind::FlatFee, &fee, self.currency);
            self.lines.push(Line {
                metric,
                tier,
                from,
                to,
                ..fee
            });
        }
    }

    fn push(
        &mut self,
        kind: LineKind,
        range: Range,
        quantity: Decimal,
        unit_price: Decimal,
        amount: Decimal,
    ) {
        let (tier, from, to) = range;
        let metric = Some(self.m.id.clone());
        let unit_quantity = self.m.unit_quantity;
        self.lines.push(Line {
            kind,
            metric,
            tier,
            from,
            to,
            quantity,
            unit_price,
            unit_quantity,
            amount,
        });
    }
}

/// `quantity × unit_price / unit_quantity`, exact up to 28 significant digits.
fn exact_amount(
    quantity: Decimal,
    unit_price: Decimal,
    per: Decimal,
) -> Result<Decimal, EstimateError> {
    match quantity.checked_mul(unit_price) {
        Some(product) => product.checked_div(per),
        // The product overflows; dividing first may still fit.
        None => quantity
            .checked_div(per)
            .and_then(|q| q.checked_mul(unit_price)),
    }
    .ok_or(EstimateError::TooLarge)
}
