//! Server functions for plans and the usage replay. Plans live in the offering's document,
//! so every change is version-checked, audited and diffed with the rest of the offering.

use crate::domain::plan::PlanInput;
use crate::domain::usage::RatedMonth;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanSaved {
    pub version: i64,
    pub plan_id: String,
}

/// Creates (`plan_id` empty) or updates a plan from what the provider typed.
#[server(input = Json)]
pub async fn save_plan(
    id: String,
    version: i64,
    plan_id: Option<String>,
    input: PlanInput,
) -> Result<PlanSaved, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::save_plan(
        &cx,
        &id,
        version,
        plan_id.as_deref(),
        input,
        super::service::Schedule::Form,
    )
    .await
}

/// The plan form posted as a plain form (without JavaScript). `op` saves (the default) or
/// changes the form's shape: then nothing is stored and the editor is shown again, reshaped,
/// with what was typed (`__form` in its address). All fields are text, as posted.
#[server]
pub async fn save_plan_form(
    id: String,
    version: String,
    plan_id: Option<String>,
    op: Option<String>,
    #[server(flatten)] fields: std::collections::BTreeMap<String, String>,
) -> Result<PlanSaved, AppError> {
    use crate::domain::plan_form::{apply, from_fields, to_fields, Op};
    let cx = crate::context::Ctx::capture()?;
    let op = Op::parse(op.as_deref()).ok_or_else(|| AppError::BadInput("unknown op".into()))?;
    let mut input = from_fields(&fields);
    let plan_id = plan_id.filter(|p| !p.is_empty());
    if op != Op::Save {
        super::service::may_edit(&cx, &id).await?;
        apply(
            &mut input,
            &op,
            fields.get("add_language").map(String::as_str),
        );
        let echo = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(to_fields(&input))
            .finish();
        let back = url::form_urlencoded::Serializer::new(String::new())
            .append_pair(
                "__path",
                <SavePlanForm as leptos::server_fn::ServerFn>::PATH,
            )
            .append_pair("__form", &echo)
            .finish();
        let page = plan_id.as_deref().unwrap_or("new");
        leptos_axum::redirect(&format!("/offerings/{id}/plans/{page}?{back}"));
        return Ok(PlanSaved {
            version: version.parse().unwrap_or_default(),
            plan_id: plan_id.unwrap_or_default(),
        });
    }
    let version = version
        .parse()
        .map_err(|_| AppError::BadInput("version is not a number".into()))?;
    let saved = super::service::save_plan(
        &cx,
        &id,
        version,
        plan_id.as_deref(),
        input,
        super::service::Schedule::Form,
    )
    .await?;
    leptos_axum::redirect(&format!("/offerings/{id}/plans/{}", saved.plan_id));
    Ok(saved)
}

/// Cancels a plan's price change starting on `effective` (`YYYY-MM-DD`).
#[server]
pub async fn cancel_price_change(
    id: String,
    version: i64,
    plan_id: String,
    effective: String,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::cancel_price_change(&cx, &id, version, &plan_id, &effective).await
}

/// Moves a plan one place up or down in the catalog order.
#[server]
pub async fn move_plan(
    id: String,
    version: i64,
    plan_id: String,
    direction: String,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::move_plan(&cx, &id, version, &plan_id, &direction).await
}

/// Deletes a plan; the last plan of a listed offering stays.
#[server]
pub async fn delete_plan(id: String, version: i64, plan_id: String) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::delete_plan(&cx, &id, version, &plan_id).await
}

/// The replay of one plan: what is stored and how it rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReplayView {
    pub plan_id: String,
    pub rated: RatedMonth,
    /// Replays are for drafts and limited offerings, and for editors.
    pub can_replay: bool,
}

/// What a replay call did: how many records were stored, and each refused one with reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReplayOutcome {
    pub stored: usize,
    pub duplicates: usize,
    /// (record number from 1, why it was refused).
    pub refused: Vec<(usize, String)>,
}

/// At most this many records in one pasted replay.
pub const MAX_REPLAY_RECORDS: usize = 5_000;

/// Stores pasted records.
#[server]
pub async fn replay_records(
    id: String,
    plan_id: String,
    records: String,
) -> Result<ReplayOutcome, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let parsed = super::service::parse_records(&records)?;
    super::service::replay(&cx, &id, &plan_id, parsed).await
}

/// At most this many bytes in an uploaded records file.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// Stores the records of an uploaded file (a native multipart post, so it also works without
/// JavaScript); the outcome comes back in the usage page's query.
#[server(input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_replay(data: leptos::server_fn::codec::MultipartData) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    fn read_error(e: impl std::fmt::Display) -> AppError {
        AppError::invalid("file", format!("The upload failed: {e}"))
    }
    let mut data = data.into_inner().ok_or(AppError::Internal)?;
    let (mut id, mut plan_id, mut bytes) = (String::new(), String::new(), Vec::new());
    let mut too_big = false;
    while let Some(mut field) = data.next_field().await.map_err(read_error)? {
        match field.name() {
            Some("id") => id = field.text().await.map_err(read_error)?,
            Some("plan_id") => plan_id = field.text().await.map_err(read_error)?,
            Some("file") => {
                while let Some(chunk) = field.chunk().await.map_err(read_error)? {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        too_big = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    let back = |query: String| {
        leptos_axum::redirect(&format!(
            "/offerings/{id}/usage?plan={}&{query}",
            urlencoding::encode(&plan_id)
        ))
    };
    let outcome = if too_big {
        Err(AppError::invalid(
            "file",
            format!(
                "The file is larger than {} MB.",
                MAX_UPLOAD_BYTES / 1024 / 1024
            ),
        ))
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => match super::service::parse_records(&text) {
                Ok(records) => super::service::replay(&cx, &id, &plan_id, records).await,
                Err(e) => Err(e),
            },
            Err(_) => Err(AppError::invalid("file", "The file is not UTF-8 text.")),
        }
    };
    match outcome {
        Ok(o) => {
            back(format!(
                "uploaded={}&duplicates={}&refused={}",
                o.stored,
                o.duplicates,
                o.refused.len()
            ));
            Ok(())
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            back(format!("upload_error={}", urlencoding::encode(&message)));
            Err(AppError::Invalid(errors))
        }
        Err(other) => Err(other),
    }
}

#[server]
pub async fn load_replay(id: String, plan_id: String) -> Result<ReplayView, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::load_replay(&cx, &id, &plan_id).await
}

/// Generates and stores a month of records from a pattern, as the form posts it (with or
/// without JavaScript): numbers and the month (`YYYY-MM`) as typed.
#[server]
pub async fn replay_pattern(
    id: String,
    plan_id: String,
    metric: String,
    instances: String,
    daily_quantity: String,
    month: String,
) -> Result<ReplayOutcome, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let pattern = crate::domain::usage::Pattern::from_form(
        plan_id,
        metric,
        &instances,
        &daily_quantity,
        &month,
    )
    .map_err(|(field, message)| AppError::invalid(field, message))?;
    super::service::replay_pattern(&cx, &id, pattern).await
}

/// Deletes the replayed records of a plan (real records are never touched).
#[server]
pub async fn clear_replay(id: String, plan_id: String) -> Result<u64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::clear_replay(&cx, &id, &plan_id).await
}

/// Saves a plan's create-time parameters from the parameters form (with or without
/// JavaScript): every row posted as `parameters.<index>.<key>`; an empty row and a row ticked
/// "remove" are left out. Answers the new version.
#[server]
pub async fn save_parameters(
    id: String,
    version: String,
    plan_id: String,
    #[server(flatten)] fields: std::collections::BTreeMap<String, String>,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let version = version
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::BadInput("version is not a number".into()))?;
    let rows = crate::domain::parameters_form::from_fields(&fields);
    super::service::save_parameters(&cx, &id, version, &plan_id, &rows).await
}
