//! Import and export of an offering as one JSON document (SPEC §9). The document carries the
//! offering's name and its versioned document — never a secret (broker credentials and the
//! SSO client secret live outside the document). Importing creates a draft, or updates a
//! draft of the caller's organisation with the same id or name; a dry run lists the changes.
//!
//! An import runs the plan form's own parsing on every plan (`PlanInput::parse` on the plan's
//! exact values, so a price the form refuses is refused here too) and stores what it parsed;
//! plan ids must be UUIDs, unique in the document. A new offering (a copy) gets new plan ids,
//! since OSB plan ids are global; an update of the same offering keeps them. The icon travels
//! as `icon: {content_type, data_base64}` and is checked and cleaned like an upload.

use crate::components::form_echo::typed;
use crate::components::raw_text::raw_text;
use crate::domain::diff::FieldChange;
use crate::domain::offering::OfferingDocument;
use crate::domain::plan::{Plan, PlanInput};
use crate::error::{AppError, FieldError};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
#[path = "transfer_service.rs"]
pub mod service;
#[cfg(feature = "ssr")]
#[path = "transfer_ssr.rs"]
pub mod ssr;

/// The format tag every export carries and every import must name.
pub const FORMAT: &str = "rmc.offering/v1";

/// One offering as a portable document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingExport {
    pub format: String,
    /// The offering's id; on import, an existing draft of the caller's organisation with this
    /// id is updated. Optional on import.
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    pub document: OfferingDocument,
    /// The offering's icon, if it has one. Left out of an import, the offering's icon stays
    /// as it is (a new offering has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ExportIcon>,
}

/// An icon in a document: its content type (`image/svg+xml` or `image/png`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExportIcon {
    pub content_type: String,
    /// The bytes, standard base64 with padding.
    pub data_base64: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportOutcome {
    /// `create` or `update`.
    pub action: String,
    pub dry_run: bool,
    /// The offering created or updated (in a dry run: the one that would be updated).
    pub offering_id: Option<String>,
    pub name: String,
    /// Field by field, what changes (against an empty document for a new offering).
    pub changes: Vec<FieldChange>,
    /// The offering's version after the import (`None` in a dry run).
    pub version: Option<i64>,
}

fn prefixed(prefix: &str, field: &str, message: String) -> FieldError {
    FieldError {
        field: format!("{prefix}{field}"),
        message,
        problem: None,
        pricing: None,
    }
}

/// The plan form as the provider would have typed this plan: `PlanInput::from_plan`, with
/// every amount in its exact value (`from_plan` shows amounts rounded to the currency's minor
/// units, which would hide a price the form refuses).
pub fn exact_plan_input(plan: &Plan) -> PlanInput {
    let exact = |d: &rust_decimal::Decimal| d.normalize().to_string();
    let mut input = PlanInput::from_plan(plan);
    for (currency, amount) in &plan.pricing.monthly_fee {
        input
            .monthly_fee
            .insert(currency.code().to_owned(), exact(amount));
    }
    for (metric, form) in plan.pricing.metrics.iter().zip(&mut input.metrics) {
        for (tier, form) in metric.tiers.iter().zip(&mut form.tiers) {
            for (currency, price) in &tier.prices {
                if let Some(cell) = form.prices.get_mut(currency.code()) {
                    cell.unit_price = exact(&price.unit_price);
                    cell.flat_fee = price.flat_fee.as_ref().map(exact).unwrap_or_default();
                }
            }
        }
    }
    input
}

/// Every problem of an import document, as field errors on paths such as `name`,
/// `document.basics.category`, `document.texts.de.display_name`, `document.plans.0.name`.
/// The same rules as the editor's forms.
pub fn document_problems(export: &OfferingExport) -> Vec<FieldError> {
    checked_document(export).err().unwrap_or_default()
}

/// The document an import stores: its plans as the plan form parses them (trimmed, amounts at
/// the currency's scale), or every problem, as [`document_problems`] lists them. Plan ids
/// must be UUIDs, unique in the document (`domain::plan_ids`).
pub fn checked_document(export: &OfferingExport) -> Result<OfferingDocument, Vec<FieldError>> {
    use crate::domain::offering::{validate_name, CONTENT_LANGUAGES};
    let mut out = Vec::new();
    if export.format != FORMAT {
        out.push(prefixed(
            "",
            "format",
            format!("The format must be `{FORMAT}`."),
        ));
    }
    if let Err(p) = validate_name(&export.name) {
        out.push(prefixed("", "name", p.english()));
    }
    let doc = &export.document;
    for p in doc.basics.problems() {
        out.push(prefixed("document.basics.", &p.field, p.problem.english()));
    }
    for (language, text) in &doc.texts {
        if !CONTENT_LANGUAGES.iter().any(|(tag, _)| tag == language) {
            out.push(prefixed(
                "document.texts.",
                language,
                "Unknown language.".into(),
            ));
        }
        for p in text.problems() {
            out.push(prefixed(
                &format!("document.texts.{language}."),
                &p.field,
                p.problem.english(),
            ));
        }
    }
    for p in doc.announcement.problems() {
        out.push(prefixed(
            "document.announcement.",
            &p.field,
            p.problem.english(),
        ));
    }
    for (i, message) in crate::domain::plan_ids::plan_id_problems(&doc.plans) {
        out.push(prefixed(&format!("document.plans.{i}."), "id", message));
    }
    let mut plans = Vec::new();
    for (i, plan) in doc.plans.iter().enumerate() {
        let prefix = format!("document.plans.{i}.");
        match exact_plan_input(plan).parse(&plan.id) {
            Err(problems) => {
                for p in problems {
                    out.push(prefixed(&prefix, p.field(), p.english()));
                }
            }
            Ok(mut parsed) => {
                let inputs: Vec<_> = (plan.parameters.iter())
                    .map(crate::domain::parameters::ParameterInput::of)
                    .collect();
                match crate::domain::parameters::parse_all(&inputs) {
                    Ok(parameters) => parsed.parameters = parameters,
                    Err(problems) => (problems.into_iter())
                        .for_each(|p| out.push(prefixed(&prefix, &p.field, p.problem.english()))),
                }
                use crate::domain::price_schedule::{exact_changes, schedule_problems, Rules};
                match exact_changes(plan) {
                    Ok(changes) => parsed.price_changes = changes,
                    Err(problems) => (problems.iter())
                        .for_each(|p| out.push(prefixed(&prefix, p.field(), p.english()))),
                }
                for p in schedule_problems(None, &parsed, Rules::import()) {
                    out.push(prefixed(&prefix, p.field(), p.english()));
                }
                parsed.price_changes.sort_by_key(|c| c.effective);
                let others: Vec<_> = doc
                    .plans
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, p)| p.clone())
                    .collect();
                for p in crate::domain::plan::problems_among(&others, &parsed) {
                    out.push(prefixed(&prefix, p.field(), p.english()));
                }
                plans.push(parsed);
            }
        }
    }
    for p in doc.support.problems() {
        out.push(prefixed("document.support.", &p.field, p.problem.english()));
    }
    for (field, message) in crate::domain::iam::problems(&export.name, &doc.iam) {
        out.push(prefixed("document.iam.", &field, message));
    }
    if !out.is_empty() {
        return Err(out);
    }
    let mut checked = doc.clone();
    checked.plans = plans;
    Ok(checked)
}

/// The offering as one document, with its icon (viewers and up of the owning organisation).
#[server]
pub async fn export_offering(id: String) -> Result<OfferingExport, AppError> {
    let cx = crate::context::Ctx::capture()?;
    service::export(&cx, &id).await
}

/// The OSB catalog the offering's broker should serve (viewers and up of the owning
/// organisation); 409 with the reason when the offering has no plans.
#[server]
pub async fn export_broker_catalog(id: String) -> Result<serde_json::Value, AppError> {
    let cx = crate::context::Ctx::capture()?;
    service::broker_catalog(&cx, &id).await
}

/// Imports `document` (a JSON value in the export format). `organisation_id` names the
/// organisation a new offering goes to; it may be left out when the caller edits in only one.
#[server(input = Json)]
pub async fn import_offering(
    document: serde_json::Value,
    dry_run: bool,
    organisation_id: Option<String>,
) -> Result<ImportOutcome, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let export: OfferingExport = serde_json::from_value(document).map_err(|e| {
        AppError::invalid(
            "document",
            format!("This is not an offering document: {e}."),
        )
    })?;
    service::import(&cx, export, dry_run, organisation_id).await
}

/// The dashboard's import form: the document as pasted text, a preview box, the organisation.
#[server]
pub async fn import_offering_text(
    text: String,
    dry_run: Option<String>,
    organisation_id: Option<String>,
) -> Result<ImportOutcome, AppError> {
    let document: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| AppError::invalid("document", format!("This is not JSON: {e}.")))?;
    import_offering(document, dry_run.is_some(), organisation_id).await
}

/// The import card of the dashboard: paste an exported document, preview, import.
#[component]
pub fn ImportCard(
    action: ServerAction<ImportOfferingText>,
    memberships: Vec<crate::domain::access::Membership>,
) -> impl IntoView {
    use crate::components::form::field_error_text;
    use crate::components::said::error_text;
    use crate::domain::access::OrgRole;
    use crate::i18n::*;
    use leptos::form::ActionForm;
    let i18n = use_i18n();
    let orgs: Vec<_> = memberships
        .into_iter()
        .filter(|m| m.role >= OrgRole::Editor)
        .collect();
    if orgs.is_empty() {
        return ().into_any();
    }
    let outcome = move || {
        action.value().get().map(|r| match r {
            Ok(o) => {
                let summary = match (o.dry_run, o.action.as_str()) {
                    (true, "create") => t_string!(i18n, import_would_create).to_string(),
                    (true, _) => t_string!(i18n, import_would_update).to_string(),
                    (false, "create") => t_string!(i18n, import_created).to_string(),
                    (false, _) => t_string!(i18n, import_updated).to_string(),
                };
                let link = o.offering_id.clone().filter(|_| !o.dry_run);
                view! {
                    <div class="notice" role="status">
                        <p>
                            <strong>{o.name.clone()}</strong> ": " {summary} " (" {o.changes.len()} ")"
                            {link.map(|id| view! { " " <a href=format!("/offerings/{id}")>{t!(i18n, import_open)}</a> })}
                        </p>
                        <ul class="changes">
                            {o.changes.iter().take(50).map(|c| view! {
                                <li><code>{c.field.clone()}</code> ": " {c.after.clone()}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
                .into_any()
            }
            Err(AppError::Invalid(fields)) => view! {
                <div class="notice notice-error" role="alert">
                    <p>{t!(i18n, import_problems)}</p>
                    <ul>
                        {fields.into_iter().map(|f| view! { <li><code>{f.field.clone()}</code> ": " {field_error_text(i18n, &f)}</li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
        })
    };
    view! {
        <details class="card">
            <summary>{t!(i18n, import_title)}</summary>
            <p class="help">{t!(i18n, import_help)}</p>
            <ActionForm action=action attr:class="form">
                <div class="field">
                    <label for="import-text">{t!(i18n, import_document)}</label>
                    <textarea id="import-text" name="text" rows="8" required class="mono">{raw_text(&typed(<ImportOfferingText as leptos::server_fn::ServerFn>::PATH, "text"))}</textarea>
                </div>
                {(orgs.len() > 1).then(|| view! {
                    <div class="field">
                        <label for="import-org">{t!(i18n, organisation)}</label>
                        <select id="import-org" name="organisation_id">
                            {orgs.iter().map(|m| view! { <option value=m.organisation_id.clone()>{m.organisation_name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field field-inline">
                    <input id="import-dry-run" name="dry_run" type="checkbox" value="on" checked/>
                    <label for="import-dry-run">{t!(i18n, import_dry_run)}</label>
                </div>
                <button type="submit" class="btn btn-secondary">{t!(i18n, import_submit)}</button>
            </ActionForm>
            {outcome}
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(name: &str) -> OfferingExport {
        OfferingExport {
            format: FORMAT.into(),
            id: None,
            name: name.into(),
            document: OfferingDocument::default(),
            icon: None,
        }
    }

    fn paid(id: &str, name: &str, usd: &str) -> Plan {
        use crate::domain::plan::{MetricInput, PriceInput};
        let mut input = PlanInput {
            name: name.into(),
            ..Default::default()
        };
        let en = input.texts.get_mut("en").unwrap();
        en.display_name = "Standard".into();
        en.description = "Per call.".into();
        input.metrics = vec![MetricInput {
            id: "CALLS".into(),
            unit_names: [("en".to_owned(), "call".to_owned())].into(),
            ..MetricInput::new(&[crate::domain::pricing::Currency::Usd])
        }];
        input.metrics[0].tiers[0].prices.insert(
            "USD".into(),
            PriceInput {
                unit_price: usd.into(),
                flat_fee: String::new(),
            },
        );
        input.parse(id).expect("a valid plan")
    }

    const A: &str = "0b8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b10";
    const B: &str = "7f0c1d2e-3a4b-4c5d-8e6f-9a0b1c2d3e4f";

    #[test]
    fn plans_are_checked_on_their_exact_amounts_and_ids() {
        let fine: rust_decimal::Decimal = "0.00000000001".parse().unwrap();
        let cases: Vec<(Vec<Plan>, Vec<&str>)> = vec![
            (vec![paid(A, "one", "0.10"), paid(B, "two", "1")], vec![]),
            (
                vec![{
                    let mut p = paid(A, "one", "0.10");
                    p.pricing.metrics[0].tiers[0]
                        .prices
                        .get_mut(&crate::domain::pricing::Currency::Usd)
                        .unwrap()
                        .unit_price = fine;
                    p
                }],
                vec!["document.plans.0.metrics.0.tiers.0.USD.unit_price"],
            ),
            (vec![paid("", "one", "1")], vec!["document.plans.0.id"]),
            (vec![paid("p-1", "one", "1")], vec!["document.plans.0.id"]),
            (
                vec![paid(A, "one", "1"), paid(A, "two", "1")],
                vec!["document.plans.1.id"],
            ),
        ];
        for (plans, want) in cases {
            let mut e = export("good-name");
            e.document.plans = plans;
            let got: Vec<String> = document_problems(&e).into_iter().map(|f| f.field).collect();
            assert_eq!(got, want);
        }
        // What is stored is what the form parses: amounts at the currency's scale.
        let mut e = export("good-name");
        let mut plan = paid(A, "one", "1");
        plan.pricing.metrics[0].tiers[0]
            .prices
            .get_mut(&crate::domain::pricing::Currency::Usd)
            .unwrap()
            .unit_price = "0.5".parse().unwrap();
        e.document.plans = vec![plan];
        let doc = checked_document(&e).unwrap();
        let price = &doc.plans[0].pricing.metrics[0].tiers[0].prices
            [&crate::domain::pricing::Currency::Usd];
        assert_eq!(price.unit_price.to_string(), "0.50");
    }

    #[test]
    fn a_plain_document_has_no_problems() {
        assert_eq!(document_problems(&export("good-name")), vec![]);
    }

    #[test]
    fn problems_name_their_fields() {
        let mut e = export("Bad Name");
        e.format = "other".into();
        e.document.basics.category = "nonsense".into();
        e.document.texts.insert(
            "de".into(),
            crate::domain::offering::CatalogText {
                display_name: "x".repeat(100),
                ..Default::default()
            },
        );
        let fields: Vec<String> = document_problems(&e).into_iter().map(|f| f.field).collect();
        assert_eq!(
            fields,
            vec![
                "format",
                "name",
                "document.basics.category",
                "document.texts.de.display_name"
            ]
        );
    }
}
