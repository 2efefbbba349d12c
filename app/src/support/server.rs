//! Server functions of the Support tab: the form posted field by field (with or without
//! JavaScript), read as typed (`SupportForm`), saved by the service.
// The plain form arrives field by field (the macro's browser-side function too).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves the support model; answers the new version. Lists are posted as `days[k]`,
/// `languages[k]`; response targets as `targets[i]` with `units[i]`, in severity order.
#[server]
pub async fn save_support(
    id: String,
    version: i64,
    site_url: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    coverage: Option<String>,
    days: Option<Vec<String>>,
    opens: Option<String>,
    closes: Option<String>,
    time_zone: Option<String>,
    languages: Option<Vec<String>>,
    escalation_name: Option<String>,
    escalation_email: Option<String>,
    targets: Option<Vec<String>>,
    units: Option<Vec<String>>,
) -> Result<i64, AppError> {
    use crate::domain::support_form::{SupportForm, TypedTarget};
    let cx = crate::context::Ctx::capture()?;
    let units = units.unwrap_or_default();
    let form = SupportForm {
        site_url: site_url.unwrap_or_default(),
        email: email.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        coverage: coverage.unwrap_or_default(),
        days: days.unwrap_or_default(),
        opens: opens.unwrap_or_default(),
        closes: closes.unwrap_or_default(),
        time_zone: time_zone.unwrap_or_default(),
        languages: languages.unwrap_or_default(),
        escalation_name: escalation_name.unwrap_or_default(),
        escalation_email: escalation_email.unwrap_or_default(),
        targets: (targets.unwrap_or_default().into_iter().enumerate())
            .map(|(i, value)| TypedTarget {
                value,
                unit: units.get(i).cloned().unwrap_or_default(),
            })
            .collect(),
    };
    let model = form
        .model()
        .map_err(crate::error::AppError::from_problems)?;
    super::service::save(&cx, &id, version, model).await
}
