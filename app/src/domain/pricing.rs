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
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use PricingProblem as P;

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
pub struct TierPrice {
    /// Per `unit_quantity` units.
    pub unit_price: Decimal,
    /// Charged once when usage reaches the tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_fee: Option<Decimal>,
}

/// A tier: its upper bound (inclusive; `None` = open-ended) and its price per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    #[serde(default)]
    pub up_to: Option<Decimal>,
    pub prices: BTreeMap<Currency, TierPrice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
                    out.amount(|| cell("unit_price"), &price.unit_price, currency);
                    if let Some(fee) = &price.flat_fee {
                        out.amount(|| cell("flat_fee"), fee, currency);
                    }
                }
            }
        }
    }
}

/// What a line of an estimate charges for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct CurrencyEstimate {
    pub currency: Currency,
    pub lines: Vec<Line>,
    /// The sum of the lines' amounts.
    pub total: Decimal,
}

/// The charge of one period, one entry per offered currency (USD first, then `Currency::ALL`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// field with this key first. [`validate`] reports it in detail.
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

#[cfg(test)]
#[path = "pricing_tests.rs"]
mod tests;
