//! A plan's pricing (SPEC §3): the types, the rules each field follows and the estimator.
//!
//! Pure and self-contained (only `rust_decimal` and `serde`; no I/O, no clock, no randomness):
//! the same code runs on the server and in the browser (wasm32), and the benchmark
//! `bench/estimator` includes this file by path.
//!
//! Amounts and quantities are exact decimals ([`Decimal`], serialised as JSON strings, never
//! floats). Every operation is checked: an overflow is [`EstimateError::TooLarge`], never a panic.
//!
//! # Rounding
//!
//! Rounding happens once per estimate line, never on intermediate results:
//! - a units line is `quantity × unit_price / unit_quantity`, computed exactly, then rounded to
//!   the currency's minor units (USD, EUR, GBP, BRL: 2 decimals; JPY: 0), midpoint away from zero
//!   (`0.005 USD → 0.01`, `4.5 JPY → 5`);
//! - a block line is `ceil(billable units / unit_quantity) × unit_price`, billable units being
//!   the quantity less the free units; it is then rounded the same way;
//! - a flat fee and the monthly subscription fee are lines of their own;
//! - the total is the sum of the rounded lines, so the lines always add up to the total.
//!
//! # Tiers
//!
//! A tier stores only its upper bound (`up_to`, `None` = open-ended); it covers
//! `(previous up_to, up_to]`, the first one starting at 0. Gaps and overlaps cannot be stored;
//! a bound that does not increase is refused by [`validate`]. Usage reaches a tier when it is
//! above the tier's start (zero usage reaches no tier: no units line, no flat fee).
//! - graduated: the units inside each reached tier are priced at that tier's rate, and the flat
//!   fee of every reached tier is added;
//! - volume: every unit is priced at the rate of the tier whose range holds the total (a total
//!   exactly on an edge belongs to the lower tier), plus that tier's flat fee only;
//! - linear: one tier, every unit at its rate;
//! - block: one tier, a price per started block of `unit_quantity` units, after the free units.
//!
//! Field keys of [`PricingFieldProblem`]: `metrics`, `metrics.{i}.id`, `metrics.{i}.unit_names.en`,
//! `metrics.{i}.unit_quantity`, `metrics.{i}.free_units`, `metrics.{i}.tiers`,
//! `metrics.{i}.tiers.{j}.up_to`, `metrics.{i}.tiers.{j}.{CODE}.unit_price`,
//! `metrics.{i}.tiers.{j}.{CODE}.flat_fee`, `monthly_fee`, `monthly_fee.{CODE}` (0-based indices).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use PricingProblem as P;

#[path = "pricing_estimator.rs"]
mod estimator;
#[path = "pricing_validation.rs"]
mod validation;

// `bench/estimator` includes this file as a private module and uses only part of it.
#[allow(unused_imports)]
pub use estimator::{estimate, CurrencyEstimate, Estimate, EstimateError, Line, LineKind};
#[allow(unused_imports)]
pub use validation::{validate, validate_update};

pub const MAX_METRICS: usize = 10;
pub const MAX_TIERS: usize = 10;
pub const MAX_METRIC_ID: usize = 50;
pub const MAX_UNIT_NAME: usize = 40;

/// An enum of fixed names: `ALL`, `as_str`, `Display`, `FromStr` (case-insensitive, trimmed) and
/// serde under the same names. The first variant is the default.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $count:literal, $rename:literal,
     $first:ident = $first_text:literal $(, $variant:ident = $text:literal)* $(,)?) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[derive(Serialize, Deserialize)]
        #[serde(rename_all = $rename)]
        pub enum $name {
            #[default]
            $first,
            $($variant,)*
        }

        impl $name {
            pub const ALL: [$name; $count] = [$name::$first $(, $name::$variant)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $name::$first => $first_text,
                    $($name::$variant => $text,)*
                }
            }
        }

        // By hand: the derive cannot read `rename_all` from a macro argument, and would
        // document the Rust names (`Paid`) instead of the serialized ones (`paid`).
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$first_text $(, $text)*]))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = PricingProblem;

            fn from_str(text: &str) -> Result<Self, PricingProblem> {
                let text = text.trim();
                $name::ALL
                    .into_iter()
                    .find(|v| v.as_str().eq_ignore_ascii_case(text))
                    .ok_or(PricingProblem::UnknownChoice)
            }
        }
    };
}

named_enum!(
    /// The currencies a plan can be priced in; USD is required. `Ord` follows `ALL` (USD first).
    Currency, 5, "UPPERCASE", Usd = "USD", Eur = "EUR", Gbp = "GBP", Jpy = "JPY", Brl = "BRL"
);
named_enum!(
    /// How a plan is charged.
    PricingType, 4, "snake_case", Free = "free", Lite = "lite", Paid = "paid",
    Subscription = "subscription"
);
named_enum!(
    /// How a metric's usage is priced (see the module documentation).
    PricingModel, 4, "snake_case", Linear = "linear", Graduated = "graduated",
    Volume = "volume", Block = "block"
);

impl Currency {
    /// The ISO 4217 code, e.g. `"USD"`.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// Decimals of the currency's minor unit: 0 for JPY, 2 for the others.
    pub fn minor_units(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }
}

/// The price of one tier in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TierPrice {
    /// Per `unit_quantity` units.
    pub unit_price: Decimal,
    /// Charged once when usage reaches the tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_fee: Option<Decimal>,
}

/// A tier: its upper bound (inclusive; `None` = open-ended) and its price per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Tier {
    #[serde(default)]
    pub up_to: Option<Decimal>,
    pub prices: BTreeMap<Currency, TierPrice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Metric {
    /// `^[A-Z][A-Z0-9_]*$`, at most 50 characters, unique within the plan.
    pub id: String,
    /// Language tag → unit name; `"en"` is required.
    pub unit_names: BTreeMap<String, String>,
    /// Prices are per this many units (1, 1 000, …); for block pricing, the block size.
    pub unit_quantity: Decimal,
    pub model: PricingModel,
    /// Block pricing only: units free before the first block.
    #[serde(default)]
    pub free_units: Decimal,
    pub tiers: Vec<Tier>,
}

impl Default for Metric {
    /// Linear, per unit, one open-ended tier without prices.
    fn default() -> Self {
        Metric {
            id: String::new(),
            unit_names: BTreeMap::new(),
            unit_quantity: Decimal::ONE,
            model: PricingModel::Linear,
            free_units: Decimal::ZERO,
            tiers: vec![Tier::default()],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Pricing {
    pub kind: PricingType,
    /// Subscription only: the fee per month, per currency.
    #[serde(default)]
    pub monthly_fee: BTreeMap<Currency, Decimal>,
    /// Paid (at least one) and subscription (overage, optional) only.
    #[serde(default)]
    pub metrics: Vec<Metric>,
}

impl Pricing {
    fn metered(&self) -> bool {
        matches!(self.kind, PricingType::Paid | PricingType::Subscription)
    }

    fn has_fee(&self) -> bool {
        self.kind == PricingType::Subscription && !self.monthly_fee.is_empty()
    }

    /// The currencies the plan is offered in, in `Currency::ALL` order: USD, plus every
    /// currency that the monthly fee (if any) and every tier of every metric are priced in.
    pub fn currencies(&self) -> Vec<Currency> {
        let tiers = || {
            self.metrics
                .iter()
                .filter(|_| self.metered())
                .flat_map(|m| &m.tiers)
        };
        let fee = self.has_fee().then_some(&self.monthly_fee);
        let priced = fee.is_some() || tiers().next().is_some();
        let everywhere = |c: &Currency| {
            fee.is_none_or(|f| f.contains_key(c)) && tiers().all(|t| t.prices.contains_key(c))
        };
        let offered = |c: &Currency| *c == Currency::Usd || (priced && everywhere(c));
        Currency::ALL.into_iter().filter(offered).collect()
    }
}

/// What is wrong with a pricing field, independent of the language it is said in. Tier and
/// metric numbers in the variants are 0-based; [`PricingProblem::english`] counts from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PricingProblem {
    Empty,
    NotANumber,
    Negative,
    /// More digits than an exact decimal holds (about 28).
    TooLarge,
    TooManyDecimals {
        currency: Currency,
        max: u32,
    },
    UnknownChoice,
    /// The unit quantity must be above 0.
    NotPositive,
    MetricIdRequired,
    MetricIdPattern,
    MetricIdTooLong {
        max: usize,
        length: usize,
    },
    /// `first` is the metric that already uses the id.
    DuplicateMetricId {
        id: String,
        first: usize,
    },
    UnitNameRequired,
    UnitNameTooLong {
        max: usize,
        length: usize,
    },
    FreeUnitsOnlyForBlock {
        model: PricingModel,
    },
    NoTiers,
    TooManyTiers {
        max: usize,
        count: usize,
    },
    /// Linear and block pricing have exactly one tier.
    SingleTierModel {
        model: PricingModel,
        count: usize,
    },
    OpenTierNotLast {
        tier: usize,
    },
    LastTierNotOpen {
        tier: usize,
    },
    /// `tier` must end above `previous_end`, where `previous_tier` ends (`None`: above 0).
    TierEndTooLow {
        tier: usize,
        previous_tier: Option<usize>,
        previous_end: Decimal,
    },
    UsdRequired,
    MissingCurrency {
        currency: Currency,
    },
    MetricsNotAllowed {
        kind: PricingType,
    },
    MetricRequired,
    TooManyMetrics {
        max: usize,
        count: usize,
    },
    MonthlyFeeNotAllowed {
        kind: PricingType,
    },
    MonthlyFeeRequired,
    /// A unit price has more than [`UNIT_PRICE_DECIMALS`] decimals.
    UnitPriceTooPrecise {
        max: u32,
    },
}

impl PricingProblem {
    /// The English wording; the UI translates by variant.
    pub fn english(&self) -> String {
        let nth = |n: &usize| n + 1;
        match self {
            P::Empty => "Enter a value.".into(),
            P::NotANumber => "Enter a number, like 12.50 (with a point for decimals).".into(),
            P::Negative => "This cannot be negative.".into(),
            P::TooLarge => "This number has too many digits to be handled exactly.".into(),
            P::TooManyDecimals { currency, max: 0 } => {
                format!("{currency} amounts are whole numbers.")
            }
            P::TooManyDecimals { currency, max } => {
                format!("{currency} amounts have at most {max} decimals.")
            }
            P::UnknownChoice => "Choose one of the listed values.".into(),
            P::NotPositive => "The unit quantity must be more than 0.".into(),
            P::MetricIdRequired => "Enter an id for this metric.".into(),
            P::MetricIdPattern => {
                "Use capital letters, digits and _, starting with a letter (like API_CALLS).".into()
            }
            P::MetricIdTooLong { max, length } => {
                format!("A metric id has at most {max} characters (this one has {length}).")
            }
            P::DuplicateMetricId { id, first } => {
                format!("Metric {} already has the id {id}.", nth(first))
            }
            P::UnitNameRequired => "Enter the unit's name in English.".into(),
            P::UnitNameTooLong { max, length } => {
                format!("A unit name has at most {max} characters (this one has {length}).")
            }
            P::FreeUnitsOnlyForBlock { model } => {
                format!("Only block pricing has free units: set 0 for {model} pricing.")
            }
            P::NoTiers => "Add at least one tier.".into(),
            P::TooManyTiers { max, count } => {
                format!("A metric has at most {max} tiers (this one has {count}).")
            }
            P::SingleTierModel { model, count } => {
                let model = capitalised(model.as_str());
                format!("{model} pricing has exactly one tier (this metric has {count}).")
            }
            P::OpenTierNotLast { tier } => {
                let tier = nth(tier);
                format!("Only the last tier is open-ended: give tier {tier} an upper limit.")
            }
            P::LastTierNotOpen { tier } => {
                let tier = nth(tier);
                format!("The last tier (tier {tier}) is open-ended: leave its upper limit empty.")
            }
            P::TierEndTooLow {
                tier,
                previous_tier: Some(p),
                previous_end: end,
            } => {
                let (tier, p, end) = (nth(tier), nth(p), end.normalize());
                format!("Tier {tier} must end above where tier {p} ends ({end}).")
            }
            P::TierEndTooLow { tier, .. } => format!("Tier {} must end above 0.", nth(tier)),
            P::UsdRequired => "Enter a price in USD: every price is required in USD.".into(),
            P::MissingCurrency { currency: c } => {
                format!("Enter a price in {c}: the rest of the plan is priced in {c}.")
            }
            P::MetricsNotAllowed { kind } => {
                format!("A {kind} plan has no metrics: remove them or make the plan paid.")
            }
            P::MetricRequired => "A paid plan needs at least one metric.".into(),
            P::TooManyMetrics { max, count } => {
                format!("A plan has at most {max} metrics (this one has {count}).")
            }
            P::MonthlyFeeNotAllowed { kind } => {
                format!("A {kind} plan has no monthly fee: only subscriptions do.")
            }
            P::MonthlyFeeRequired => "A subscription needs a monthly fee in USD.".into(),
            P::UnitPriceTooPrecise { max } => format!("A unit price has at most {max} decimals."),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl fmt::Display for PricingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// A problem attached to a field key (see the module documentation for the scheme).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingFieldProblem {
    pub field: String,
    pub problem: PricingProblem,
}

/// `underflow`: the problem of a number with more decimals than an exact decimal holds.
fn parse_decimal(text: &str, underflow: PricingProblem) -> Result<Decimal, PricingProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PricingProblem::Empty);
    }
    match Decimal::from_str_exact(text) {
        Ok(d) if d < Decimal::ZERO => Err(PricingProblem::Negative),
        // `abs`: `-0` is zero.
        Ok(d) => Ok(d.abs().normalize()),
        Err(rust_decimal::Error::Underflow) => Err(underflow),
        Err(rust_decimal::Error::ErrorString(e)) if e.contains("overflow") => {
            Err(PricingProblem::TooLarge)
        }
        Err(_) => Err(PricingProblem::NotANumber),
    }
}

/// Parses an amount typed in `currency`: trimmed, exact, not negative, at most the currency's
/// minor-unit decimals once trailing zeros are dropped (`"1.50"` is fine in USD, `"1.505"` and
/// JPY `"1.5"` are not). The result carries exactly the minor-unit decimals (`"1.5"` → `1.50`).
pub fn parse_amount(text: &str, currency: Currency) -> Result<Decimal, PricingProblem> {
    let max = currency.minor_units();
    let too_precise = PricingProblem::TooManyDecimals { currency, max };
    let mut d = parse_decimal(text, too_precise.clone())?;
    if d.scale() > max {
        return Err(too_precise);
    }
    // Only adds zeros (the value is unchanged, even where the scale cannot be reached).
    d.rescale(max);
    Ok(d)
}

/// Decimals a unit price may have, in every currency: metered clouds price a unit in fractions
/// of a cent (0.000128 USD per GB-hour). Fees, lines and totals keep the minor units.
pub const UNIT_PRICE_DECIMALS: u32 = 10;

/// Parses a unit price typed in `currency`: as [`parse_amount`], but with up to
/// [`UNIT_PRICE_DECIMALS`] decimals; it carries at least the minor-unit decimals
/// (`"1.5"` USD → `1.50`, `"0.000128"` → `0.000128`).
pub fn parse_unit_price(text: &str, currency: Currency) -> Result<Decimal, PricingProblem> {
    let too_precise = PricingProblem::UnitPriceTooPrecise {
        max: UNIT_PRICE_DECIMALS,
    };
    let mut d = parse_decimal(text, too_precise.clone())?;
    if d.scale() > UNIT_PRICE_DECIMALS {
        return Err(too_precise);
    }
    d.rescale(d.scale().max(currency.minor_units()));
    Ok(d)
}

/// Parses a quantity (usage, tier bound, unit quantity, free units): a non-negative exact
/// decimal, trailing zeros dropped.
pub fn parse_quantity(text: &str) -> Result<Decimal, PricingProblem> {
    parse_decimal(text, PricingProblem::TooLarge)
}

/// Rounds once to the currency's minor units, midpoint away from zero, with exactly that many
/// decimals (below 10^26; above, as many as fit).
fn round_to_minor(amount: Decimal, currency: Currency) -> Decimal {
    let dp = currency.minor_units();
    let mut rounded = amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        // No negative zero.
        rounded = Decimal::ZERO;
    }
    rounded.rescale(dp);
    rounded
}

/// `amount` with exactly the currency's minor-unit decimals, rounded midpoint away from zero:
/// `1234.5` USD → `"1234.50"`, JPY → `"1235"`. No thousands separators.
pub fn format_amount(amount: Decimal, currency: Currency) -> String {
    let dp = currency.minor_units() as usize;
    format!("{:.*}", dp, round_to_minor(amount, currency))
}

/// A unit price as the form and the price tables show it: every decimal it has (at most
/// [`UNIT_PRICE_DECIMALS`], nothing rounded away), and at least the currency's minor units:
/// `0.000128` USD → `"0.000128"`, `1.2` → `"1.20"`, JPY `3` → `"3"`.
pub fn format_unit_price(price: Decimal, currency: Currency) -> String {
    let price = price.normalize();
    let dp = price.scale().max(currency.minor_units()) as usize;
    format!("{price:.dp$}")
}

#[cfg(test)]
#[path = "pricing_tests.rs"]
mod tests;
