//! A plan of an offering (SPEC §3): identity, texts per language, bindable override and
//! pricing. The editor sends what the provider typed (`PlanInput`, all text); `PlanInput::parse`
//! turns it into a `Plan` or into one problem per field — the same code runs in the browser
//! (while typing) and on the server (when saving).

use super::offering::{validate_name, FieldProblem, Problem};
use super::pricing::{self, Currency, Pricing, PricingFieldProblem, PricingType};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_PLANS: usize = 20;
pub const MAX_PLAN_DISPLAY_NAME: usize = 64;
pub const MAX_PLAN_DESCRIPTION: usize = 500;
pub const MAX_PLAN_LIMITS: usize = 300;
pub const MAX_PLAN_BULLETS: usize = 5;
pub const MAX_PLAN_BULLET: usize = 200;

/// What a plan says in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanText {
    pub display_name: String,
    pub description: String,
    /// For lite plans: the limits, stated (e.g. "1 GB storage, 100 requests a day").
    #[serde(default)]
    pub limits: String,
    #[serde(default)]
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Plan {
    /// Generated UUID: the broker's plan id (assigned by the console; ignored when creating).
    #[serde(default)]
    pub id: String,
    pub name: String,
    /// Keyed by language tag; English is required.
    pub texts: BTreeMap<String, PlanText>,
    /// Overrides the offering's `bindable` when set.
    #[serde(default)]
    pub bindable: Option<bool>,
    pub pricing: Pricing,
    /// What a customer gives when creating an instance (`domain::parameters`); saved on
    /// their own page, so the plan editor keeps them as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<super::parameters::Parameter>,
    /// Later price versions, in date order (`domain::price_schedule`): past ones are the
    /// history, future ones are scheduled. `pricing` is the first version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub price_changes: Vec<super::price_schedule::PriceChange>,
}

impl Plan {
    pub fn kind(&self) -> PricingType {
        self.pricing.kind
    }

    /// Free and lite plans are `free` in the broker catalog.
    pub fn is_free(&self) -> bool {
        matches!(self.pricing.kind, PricingType::Free | PricingType::Lite)
    }

    /// The display name in `language`, falling back to English, then to the name.
    pub fn display_name(&self, language: &str) -> String {
        [language, "en"]
            .iter()
            .filter_map(|l| self.texts.get(*l))
            .map(|t| t.display_name.trim())
            .find(|n| !n.is_empty())
            .unwrap_or(&self.name)
            .to_owned()
    }

    /// The metric ids a usage record may report.
    pub fn metric_ids(&self) -> Vec<&str> {
        self.pricing.metrics.iter().map(|m| m.id.as_str()).collect()
    }
}

/// One problem of a plan form: a plan field, or a pricing field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanProblem {
    Field(FieldProblem),
    Pricing(PricingFieldProblem),
}

impl PlanProblem {
    pub fn field(&self) -> &str {
        match self {
            PlanProblem::Field(p) => &p.field,
            PlanProblem::Pricing(p) => &p.field,
        }
    }

    /// The same problem on another field.
    pub fn on_field(self, field: String) -> PlanProblem {
        match self {
            PlanProblem::Field(p) => PlanProblem::Field(FieldProblem { field, ..p }),
            PlanProblem::Pricing(p) => PlanProblem::Pricing(PricingFieldProblem { field, ..p }),
        }
    }

    pub fn english(&self) -> String {
        match self {
            PlanProblem::Field(p) => p.problem.english(),
            PlanProblem::Pricing(p) => p.problem.english(),
        }
    }
}

fn field(out: &mut Vec<PlanProblem>, name: impl Into<String>, problem: Problem) {
    out.push(PlanProblem::Field(FieldProblem {
        field: name.into(),
        problem,
    }));
}

fn pricing_problem(out: &mut Vec<PlanProblem>, name: String, problem: pricing::PricingProblem) {
    out.push(PlanProblem::Pricing(PricingFieldProblem {
        field: name,
        problem,
    }));
}

#[path = "plan_metric.rs"]
mod metric;
use metric::parse_metric;
pub use metric::{MetricInput, PriceInput, TierInput};

/// Everything the plan form holds, as the provider typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanInput {
    pub name: String,
    pub kind: String,
    /// `""` (use the offering's), `"true"` or `"false"`.
    #[serde(default)]
    pub bindable: String,
    pub texts: BTreeMap<String, PlanText>,
    /// The currencies the plan is priced in (USD always).
    pub currencies: Vec<String>,
    /// Subscription fee per month, keyed by currency code.
    #[serde(default)]
    pub monthly_fee: BTreeMap<String, String>,
    #[serde(default)]
    pub metrics: Vec<MetricInput>,
    /// When the prices typed apply: `""` when saved (the version in force today changes) or
    /// a date `YYYY-MM-DD` (a scheduled price change; `domain::price_schedule`).
    #[serde(default)]
    pub effective: String,
}

impl Default for PlanInput {
    fn default() -> Self {
        PlanInput {
            name: String::new(),
            kind: PricingType::Paid.as_str().into(),
            bindable: String::new(),
            texts: BTreeMap::from([("en".to_owned(), PlanText::default())]),
            currencies: vec![Currency::Usd.code().to_owned()],
            monthly_fee: BTreeMap::new(),
            metrics: vec![MetricInput::new(&[Currency::Usd])],
            effective: String::new(),
        }
    }
}

fn text_decimal(d: &Decimal) -> String {
    d.normalize().to_string()
}

impl PlanInput {
    /// The form for an existing plan, amounts shown with the currency's minor units.
    pub fn from_plan(plan: &Plan) -> Self {
        Self::from_plan_with(plan, pricing::format_amount, pricing::format_unit_price)
    }

    /// The form a plan sent whole (REST, import) would be typed as: every amount exactly as
    /// sent, unrounded, so that `parse` applies the form's rules to it (a price finer than
    /// the currency's minor units is refused, never rounded away).
    /// Every currency priced anywhere counts as chosen, so that one missing elsewhere is
    /// reported rather than dropped.
    pub fn from_plan_exact(plan: &Plan) -> Self {
        let exact = |amount: Decimal, _| amount.to_string();
        let mut input = Self::from_plan_with(plan, exact, exact);
        let p = &plan.pricing;
        let priced = p.monthly_fee.keys().chain(
            p.metrics
                .iter()
                .flat_map(|m| m.tiers.iter().flat_map(|t| t.prices.keys())),
        );
        input.currencies = Currency::ALL
            .into_iter()
            .filter(|c| *c == Currency::Usd || priced.clone().any(|x| x == c))
            .map(|c| c.code().to_owned())
            .collect();
        input
    }

    /// `amount` writes fees, `unit` unit prices (finer than the currency's minor units).
    fn from_plan_with(
        plan: &Plan,
        amount: fn(Decimal, Currency) -> String,
        unit: fn(Decimal, Currency) -> String,
    ) -> Self {
        let currencies = plan.pricing.currencies();
        let metrics = plan
            .pricing
            .metrics
            .iter()
            .map(|m| MetricInput {
                id: m.id.clone(),
                unit_names: m.unit_names.clone(),
                unit_quantity: text_decimal(&m.unit_quantity),
                model: m.model.as_str().into(),
                free_units: if m.free_units.is_zero() {
                    String::new()
                } else {
                    text_decimal(&m.free_units)
                },
                tiers: m
                    .tiers
                    .iter()
                    .map(|t| TierInput {
                        up_to: t.up_to.as_ref().map(text_decimal).unwrap_or_default(),
                        prices: t
                            .prices
                            .iter()
                            .map(|(c, p)| {
                                (
                                    c.code().to_owned(),
                                    PriceInput {
                                        unit_price: unit(p.unit_price, *c),
                                        flat_fee: p
                                            .flat_fee
                                            .map(|f| amount(f, *c))
                                            .unwrap_or_default(),
                                    },
                                )
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        PlanInput {
            name: plan.name.clone(),
            kind: plan.pricing.kind.as_str().into(),
            bindable: plan.bindable.map(|b| b.to_string()).unwrap_or_default(),
            texts: plan.texts.clone(),
            currencies: currencies.iter().map(|c| c.code().to_owned()).collect(),
            monthly_fee: plan
                .pricing
                .monthly_fee
                .iter()
                .map(|(c, a)| (c.code().to_owned(), amount(*a, *c)))
                .collect(),
            metrics,
            effective: String::new(),
        }
    }

    /// The currencies chosen, known ones only, USD first.
    pub fn chosen_currencies(&self) -> Vec<Currency> {
        Currency::ALL
            .into_iter()
            .filter(|c| *c == Currency::Usd || self.currencies.iter().any(|x| x == c.code()))
            .collect()
    }

    pub fn pricing_kind(&self) -> Option<PricingType> {
        self.kind.parse().ok()
    }

    /// The pricing part of the form alone (the estimator runs on it while names are missing).
    pub fn parse_pricing(&self) -> Result<Pricing, Vec<PlanProblem>> {
        let mut out = Vec::new();
        let kind = match self.pricing_kind() {
            Some(k) => k,
            None => {
                field(&mut out, "kind", Problem::UnknownChoice);
                PricingType::Free
            }
        };
        let currencies = self.chosen_currencies();
        let metered = matches!(kind, PricingType::Paid | PricingType::Subscription);
        let mut monthly_fee = BTreeMap::new();
        if kind == PricingType::Subscription {
            for c in &currencies {
                let key = format!("monthly_fee.{}", c.code());
                let text = self
                    .monthly_fee
                    .get(c.code())
                    .map(String::as_str)
                    .unwrap_or("");
                if text.trim().is_empty() {
                    field(&mut out, key, Problem::Required);
                    continue;
                }
                match pricing::parse_amount(text, *c) {
                    Ok(a) => {
                        monthly_fee.insert(*c, a);
                    }
                    Err(p) => pricing_problem(&mut out, key, p),
                }
            }
        }
        let mut metrics = Vec::new();
        if metered {
            for (i, m) in self.metrics.iter().enumerate() {
                metrics.push(parse_metric(&mut out, i, m, &currencies));
            }
        }
        let pricing = Pricing {
            kind,
            monthly_fee,
            metrics,
        };
        // Structural rules (tiers, currencies, kinds) only once every cell parsed.
        if out.is_empty() {
            out.extend(
                pricing::validate(&pricing)
                    .into_iter()
                    .map(PlanProblem::Pricing),
            );
        }
        if out.is_empty() {
            Ok(pricing)
        } else {
            Err(out)
        }
    }

    /// The plan this form describes, or every problem found, keyed by field.
    pub fn parse(&self, id: &str) -> Result<Plan, Vec<PlanProblem>> {
        let mut out = Vec::new();
        let name = self.name.trim().to_owned();
        if let Err(p) = validate_name(&name) {
            field(&mut out, "name", p);
        }
        let kind = self.pricing_kind().unwrap_or(PricingType::Free);
        let bindable = match self.bindable.as_str() {
            "" => None,
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                field(&mut out, "bindable", Problem::UnknownChoice);
                None
            }
        };
        let mut texts = BTreeMap::new();
        for (lang, text) in &self.texts {
            let t = PlanText {
                display_name: text.display_name.trim().to_owned(),
                description: text.description.trim().to_owned(),
                limits: text.limits.trim().to_owned(),
                bullets: text
                    .bullets
                    .iter()
                    .map(|b| b.trim().to_owned())
                    .filter(|b| !b.is_empty())
                    .collect(),
            };
            let english = lang == "en";
            let lite = kind == PricingType::Lite;
            check(
                &mut out,
                format!("texts.{lang}.display_name"),
                &t.display_name,
                MAX_PLAN_DISPLAY_NAME,
                english,
            );
            check(
                &mut out,
                format!("texts.{lang}.description"),
                &t.description,
                MAX_PLAN_DESCRIPTION,
                english,
            );
            check(
                &mut out,
                format!("texts.{lang}.limits"),
                &t.limits,
                MAX_PLAN_LIMITS,
                english && lite,
            );
            if t.bullets.len() > MAX_PLAN_BULLETS {
                field(
                    &mut out,
                    format!("texts.{lang}.bullets"),
                    Problem::TooMany {
                        max: MAX_PLAN_BULLETS,
                    },
                );
            }
            if t.bullets
                .iter()
                .any(|b| b.chars().count() > MAX_PLAN_BULLET)
            {
                field(
                    &mut out,
                    format!("texts.{lang}.bullets"),
                    Problem::TooLong {
                        max: MAX_PLAN_BULLET,
                    },
                );
            }
            let mut t = t;
            if !lite {
                // Only lite plans state limits; keep nothing that would not be shown.
                t.limits.clear();
            }
            texts.insert(lang.clone(), t);
        }
        if !texts.contains_key("en") {
            field(&mut out, "texts.en.display_name", Problem::Required);
        }
        let effective = self.effective.trim();
        if !effective.is_empty() && super::price_schedule::parse_date(effective).is_none() {
            field(&mut out, "effective", Problem::NotADate);
        }
        let pricing = self
            .parse_pricing()
            .map_err(|problems| out.extend(problems));
        match pricing {
            Ok(pricing) if out.is_empty() => Ok(Plan {
                id: id.to_owned(),
                name,
                texts,
                bindable,
                pricing,
                parameters: Vec::new(),
                price_changes: Vec::new(),
            }),
            _ => Err(out),
        }
    }
}

fn check(out: &mut Vec<PlanProblem>, name: String, value: &str, max: usize, required: bool) {
    if required && value.is_empty() {
        field(out, name, Problem::Required);
    } else if value.chars().count() > max {
        field(out, name, Problem::TooLong { max });
    }
}

/// Problems that involve the other plans of the offering: a unique name, a plan limit.
pub fn problems_among(plans: &[Plan], candidate: &Plan) -> Vec<PlanProblem> {
    let mut out = Vec::new();
    if plans
        .iter()
        .any(|p| p.id != candidate.id && p.name == candidate.name)
    {
        field(&mut out, "name", Problem::PlanNameTaken);
    }
    let is_new = plans.iter().all(|p| p.id != candidate.id);
    if is_new && plans.len() >= MAX_PLANS {
        field(&mut out, "name", Problem::TooMany { max: MAX_PLANS });
    }
    out
}

/// Whether the plan at `index` may be deleted: never the last plan of a listed offering.
pub fn may_delete(plan_count: usize, listed: bool) -> bool {
    !(listed && plan_count <= 1)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
