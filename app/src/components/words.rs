//! Stored codes in the reader's language: catalog categories, organisation roles, sign-in
//! methods. A code this build does not know is shown as stored.

use crate::domain::access::OrgRole;
use crate::domain::pricing::{PricingModel, PricingType};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A catalog category (`developer-tools`) by its name.
pub fn category_label(i18n: I18n, category: &str) -> String {
    let text = match category {
        "ai" => t_string!(i18n, category_ai),
        "analytics" => t_string!(i18n, category_analytics),
        "compute" => t_string!(i18n, category_compute),
        "containers" => t_string!(i18n, category_containers),
        "databases" => t_string!(i18n, category_databases),
        "developer-tools" => t_string!(i18n, category_developer_tools),
        "integration" => t_string!(i18n, category_integration),
        "iot" => t_string!(i18n, category_iot),
        "networking" => t_string!(i18n, category_networking),
        "observability" => t_string!(i18n, category_observability),
        "security" => t_string!(i18n, category_security),
        "storage" => t_string!(i18n, category_storage),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// A member's role in an organisation.
pub fn org_role_label(i18n: I18n, role: OrgRole) -> String {
    match role {
        OrgRole::Owner => t_string!(i18n, org_role_owner),
        OrgRole::Editor => t_string!(i18n, org_role_editor),
        OrgRole::Viewer => t_string!(i18n, org_role_viewer),
    }
    .to_string()
}

/// [`org_role_label`] for a locale (a notification e-mail's).
pub fn org_role_text(l: Locale, role: OrgRole) -> String {
    match role {
        OrgRole::Owner => td_string!(l, org_role_owner),
        OrgRole::Editor => td_string!(l, org_role_editor),
        OrgRole::Viewer => td_string!(l, org_role_viewer),
    }
    .to_string()
}

/// How a user signs in (`password`, `single sign-on`, or both joined by `, `).
pub fn sign_in_label(i18n: I18n, methods: &str) -> String {
    methods
        .split(", ")
        .map(|m| match m {
            "password" => t_string!(i18n, sign_in_password).to_string(),
            "single sign-on" => t_string!(i18n, sign_in_sso).to_string(),
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A plan's pricing type ("Free", "Paid", …).
pub fn pricing_type_label(i18n: I18n, kind: PricingType) -> String {
    match kind {
        PricingType::Free => t_string!(i18n, plan_free),
        PricingType::Lite => t_string!(i18n, plan_lite),
        PricingType::Paid => t_string!(i18n, plan_paid),
        PricingType::Subscription => t_string!(i18n, plan_subscription),
    }
    .to_string()
}

/// A metric's pricing model ("Graduated", …).
pub fn model_label(i18n: I18n, m: PricingModel) -> String {
    match m {
        PricingModel::Linear => t_string!(i18n, model_linear),
        PricingModel::Graduated => t_string!(i18n, model_graduated),
        PricingModel::Volume => t_string!(i18n, model_volume),
        PricingModel::Block => t_string!(i18n, model_block),
    }
    .to_string()
}
