//! The plan form as plain form fields, for the editor posted without JavaScript: each input is
//! named by its key in the editor (`texts.en.display_name`, `metrics.0.tiers.1.USD.unit_price`),
//! and the buttons that change the form's shape (add a tier, remove a metric, …) post an `op`.

use super::plan::{MetricInput, PlanInput, PlanText, TierInput};
use super::pricing::Currency;
use std::collections::BTreeMap;

/// What a plain post of the plan form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Save,
    /// Redraw the form for what was chosen (pricing type, currencies, an added language).
    Apply,
    AddMetric,
    RemoveMetric(usize),
    AddTier(usize),
    RemoveTier(usize, usize),
    RemoveLanguage(String),
}

impl Op {
    /// `save` (or nothing), `apply`, `add_metric`, `remove_metric.<i>`, `add_tier.<i>`,
    /// `remove_tier.<i>.<j>`, `remove_language.<tag>`; `None` for anything else.
    pub fn parse(op: Option<&str>) -> Option<Op> {
        let parts: Vec<&str> = op.unwrap_or("save").split('.').collect();
        let n = |s: &str| s.parse::<usize>().ok();
        Some(match parts.as_slice() {
            ["save"] => Op::Save,
            ["apply"] => Op::Apply,
            ["add_metric"] => Op::AddMetric,
            ["remove_metric", i] => Op::RemoveMetric(n(i)?),
            ["add_tier", i] => Op::AddTier(n(i)?),
            ["remove_tier", i, j] => Op::RemoveTier(n(i)?, n(j)?),
            ["remove_language", tag] => Op::RemoveLanguage((*tag).to_owned()),
            _ => return None,
        })
    }

    /// The value of the button that asks for it.
    pub fn value(&self) -> String {
        match self {
            Op::Save => "save".into(),
            Op::Apply => "apply".into(),
            Op::AddMetric => "add_metric".into(),
            Op::RemoveMetric(i) => format!("remove_metric.{i}"),
            Op::AddTier(i) => format!("add_tier.{i}"),
            Op::RemoveTier(i, j) => format!("remove_tier.{i}.{j}"),
            Op::RemoveLanguage(tag) => format!("remove_language.{tag}"),
        }
    }
}

fn get(fields: &BTreeMap<String, String>, key: &str) -> String {
    fields.get(key).cloned().unwrap_or_default()
}

/// The indices `n` for which some key starts with `<prefix>.<n>.`, in order.
fn indices(fields: &BTreeMap<String, String>, prefix: &str) -> Vec<usize> {
    let mut out: Vec<usize> = fields
        .keys()
        .filter_map(|k| {
            let rest = k.strip_prefix(prefix)?.strip_prefix('.')?;
            rest.split('.').next()?.parse().ok()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The languages (`<prefix>.<tag>.…`) some key names, English first.
fn languages(fields: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = vec!["en".to_owned()];
    for key in fields.keys() {
        if let Some(tag) = key.strip_prefix("texts.").and_then(|r| r.split('.').next()) {
            if !out.iter().any(|t| t == tag) {
                out.push(tag.to_owned());
            }
        }
    }
    out
}

fn metric(fields: &BTreeMap<String, String>, i: usize, currencies: &[String]) -> MetricInput {
    let p = format!("metrics.{i}");
    let unit_names = fields
        .iter()
        .filter_map(|(k, v)| {
            let tag = k.strip_prefix(&format!("{p}.unit_names."))?;
            Some((tag.to_owned(), v.clone()))
        })
        .collect();
    let tiers = indices(fields, &format!("{p}.tiers"))
        .into_iter()
        .map(|j| {
            let t = format!("{p}.tiers.{j}");
            TierInput {
                up_to: get(fields, &format!("{t}.up_to")),
                prices: currencies
                    .iter()
                    .map(|c| {
                        let price = super::plan::PriceInput {
                            unit_price: get(fields, &format!("{t}.{c}.unit_price")),
                            flat_fee: get(fields, &format!("{t}.{c}.flat_fee")),
                        };
                        (c.clone(), price)
                    })
                    .collect(),
            }
        })
        .collect();
    MetricInput {
        id: get(fields, &format!("{p}.id")),
        unit_names,
        unit_quantity: get(fields, &format!("{p}.unit_quantity")),
        model: get(fields, &format!("{p}.model")),
        free_units: get(fields, &format!("{p}.free_units")),
        tiers,
    }
}

/// The form as typed, from its posted fields (a ticked currency posts `currency.<CODE>`; USD
/// is always in).
pub fn from_fields(fields: &BTreeMap<String, String>) -> PlanInput {
    let currencies: Vec<String> = Currency::ALL
        .into_iter()
        .filter(|c| *c == Currency::Usd || fields.contains_key(&format!("currency.{}", c.code())))
        .map(|c| c.code().to_owned())
        .collect();
    let texts = languages(fields)
        .into_iter()
        .map(|lang| {
            let t = |f: &str| get(fields, &format!("texts.{lang}.{f}"));
            let text = PlanText {
                display_name: t("display_name"),
                description: t("description"),
                limits: t("limits"),
                bullets: t("bullets").lines().map(str::to_owned).collect(),
            };
            (lang, text)
        })
        .collect();
    PlanInput {
        name: get(fields, "name"),
        kind: get(fields, "kind"),
        bindable: get(fields, "bindable"),
        texts,
        monthly_fee: currencies
            .iter()
            .filter_map(|c| {
                fields
                    .get(&format!("monthly_fee.{c}"))
                    .map(|v| (c.clone(), v.clone()))
            })
            .collect(),
        metrics: indices(fields, "metrics")
            .into_iter()
            .map(|i| metric(fields, i, &currencies))
            .collect(),
        currencies,
        effective: get(fields, "effective"),
    }
}

/// The fields that post `input` (what `from_fields` reads back).
pub fn to_fields(input: &PlanInput) -> Vec<(String, String)> {
    let mut out = vec![
        ("name".to_owned(), input.name.clone()),
        ("kind".to_owned(), input.kind.clone()),
        ("bindable".to_owned(), input.bindable.clone()),
        ("effective".to_owned(), input.effective.clone()),
    ];
    for c in &input.currencies {
        out.push((format!("currency.{c}"), "on".into()));
    }
    for (c, fee) in &input.monthly_fee {
        out.push((format!("monthly_fee.{c}"), fee.clone()));
    }
    for (lang, t) in &input.texts {
        let p = format!("texts.{lang}");
        out.push((format!("{p}.display_name"), t.display_name.clone()));
        out.push((format!("{p}.description"), t.description.clone()));
        out.push((format!("{p}.limits"), t.limits.clone()));
        out.push((format!("{p}.bullets"), t.bullets.join("\n")));
    }
    for (i, m) in input.metrics.iter().enumerate() {
        let p = format!("metrics.{i}");
        out.push((format!("{p}.id"), m.id.clone()));
        for (lang, name) in &m.unit_names {
            out.push((format!("{p}.unit_names.{lang}"), name.clone()));
        }
        out.push((format!("{p}.unit_quantity"), m.unit_quantity.clone()));
        out.push((format!("{p}.model"), m.model.clone()));
        out.push((format!("{p}.free_units"), m.free_units.clone()));
        for (j, t) in m.tiers.iter().enumerate() {
            let tp = format!("{p}.tiers.{j}");
            out.push((format!("{tp}.up_to"), t.up_to.clone()));
            for (c, price) in &t.prices {
                out.push((format!("{tp}.{c}.unit_price"), price.unit_price.clone()));
                out.push((format!("{tp}.{c}.flat_fee"), price.flat_fee.clone()));
            }
        }
    }
    out
}

/// Changes the form's shape as `op` asks (and adds the language chosen in `add_language`).
/// The editor does the same in the browser.
pub fn apply(input: &mut PlanInput, op: &Op, add_language: Option<&str>) {
    if let Some(tag) = add_language.filter(|t| !t.is_empty()) {
        if super::offering::CONTENT_LANGUAGES
            .iter()
            .any(|(t, _)| *t == tag)
        {
            input.texts.entry(tag.to_owned()).or_default();
        }
    }
    let currencies = input.chosen_currencies();
    match op {
        Op::Save | Op::Apply => {}
        Op::AddMetric => input.metrics.push(MetricInput::new(&currencies)),
        Op::RemoveMetric(i) => {
            if *i < input.metrics.len() {
                input.metrics.remove(*i);
            }
        }
        Op::AddTier(i) => {
            if let Some(m) = input.metrics.get_mut(*i) {
                add_tier(m, &currencies);
            }
        }
        Op::RemoveTier(i, j) => {
            if let Some(m) = input.metrics.get_mut(*i) {
                if *j + 1 < m.tiers.len() {
                    m.tiers.remove(*j);
                }
            }
        }
        Op::RemoveLanguage(tag) => {
            if tag != "en" {
                input.texts.remove(tag);
            }
        }
    }
}

/// A new tier before the open-ended last one (the last tier stays open-ended).
pub fn add_tier(m: &mut MetricInput, currencies: &[Currency]) {
    let at = m.tiers.len().saturating_sub(1);
    m.tiers.insert(at, TierInput::open(currencies));
}

#[cfg(test)]
#[path = "plan_form_tests.rs"]
mod tests;
