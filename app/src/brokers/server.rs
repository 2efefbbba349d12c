//! Server functions for brokers (SPEC §5, §12): register, validate, smoke test, conformance run,
//! export; thin adapters over `brokers::service` (form fields in, the service's answer out).
//! Credentials are write-only: no answer carries them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {super::service, crate::context::Ctx};

/// OSB API versions a broker can be registered with.
pub const API_VERSIONS: [&str; 6] = ["2.12", "2.13", "2.14", "2.15", "2.16", "2.17"];

/// One call of a run's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Step {
    /// provision, last_operation, bind, unbind, deprovision, cleanup, catalog.
    pub label: String,
    /// `PUT /v2/service_instances/…`.
    pub call: String,
    pub status: Option<u16>,
    pub millis: u64,
    pub ok: bool,
    /// Error body excerpt, or why the call failed, or the polled state.
    pub note: Option<String>,
}

/// One conformance check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckOutcome {
    pub id: String,
    /// MUST, SHOULD or MAY, at the broker's registered API version.
    pub strength: String,
    pub title: String,
    pub passed: bool,
    #[serde(default)]
    pub skipped: bool,
    pub reason: String,
    /// The requests the check sent and what came back, in order.
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
}

/// One request of a conformance check and its answer, as the report shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Exchange {
    /// `PUT /v2/service_instances/…?accepts_incomplete=true` and the JSON body, if any (the
    /// request's credentials are never shown).
    pub sent: String,
    /// The status and the start of the body (a 2xx binding answer's body is withheld: it
    /// carries credentials), or why no answer came.
    pub received: String,
}

/// What a run found; the parts used depend on its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RunResult {
    /// Validate: the catalog is not a well-formed OSB catalog.
    #[serde(default)]
    pub problems: Vec<String>,
    /// Validate: differences from the console's definition.
    #[serde(default)]
    pub mismatches: Vec<String>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub checks: Vec<CheckOutcome>,
    /// Why the run could not do its work (unreachable broker, refused address, 401 …).
    #[serde(default)]
    pub error: Option<String>,
    /// How many steps (or checks) the run expects, for the progress bar.
    #[serde(default)]
    pub planned_steps: usize,
    #[serde(default)]
    pub plan_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RunView {
    pub id: String,
    pub broker_id: String,
    /// validate, smoke or conformance.
    pub kind: String,
    /// running, passed or failed.
    pub status: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Started by the drift watch rather than a person.
    pub by_drift_watch: bool,
    pub result: RunResult,
}

/// A registered broker, as the page shows it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrokerView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub auth_kind: String,
    pub username: String,
    pub api_version: String,
    pub locations: Vec<String>,
    pub version: i64,
    pub updated_at: String,
    pub validation: Option<RunView>,
    pub smoke: Option<RunView>,
    pub conformance: Option<RunView>,
}

impl BrokerView {
    /// The drift watch found that the catalog no longer matches.
    pub fn drifted(&self) -> bool {
        self.validation
            .as_ref()
            .is_some_and(|v| v.by_drift_watch && v.status == "failed")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrokersData {
    pub brokers: Vec<BrokerView>,
    /// (plan id, plan name) for the smoke test and conformance run.
    pub plans: Vec<(String, String)>,
    pub can_edit: bool,
    /// The OSB catalog the brokers should serve, pretty-printed.
    pub export: String,
}

#[server]
pub async fn load_brokers(id: String) -> Result<BrokersData, AppError> {
    let cx = Ctx::capture()?;
    service::load(&cx, &id).await
}

/// Registers (`broker_id` empty) or updates a broker. An empty `secret` on update keeps the
/// stored one. Answers the broker id.
#[server]
pub async fn save_broker(
    id: String,
    broker_id: Option<String>,
    version: Option<i64>,
    name: String,
    url: String,
    auth_kind: String,
    username: Option<String>,
    secret: Option<String>,
    api_version: String,
    locations: Option<String>,
) -> Result<String, AppError> {
    let cx = Ctx::capture()?;
    let input = service::BrokerInput {
        name,
        url,
        auth_kind,
        username: username.unwrap_or_default(),
        secret: secret.unwrap_or_default(),
        api_version,
        locations: service::BrokerInput::split_locations(&locations.unwrap_or_default()),
        version,
    };
    service::save(&cx, &id, broker_id.as_deref(), input).await
}

#[server]
pub async fn delete_broker(id: String, broker_id: String) -> Result<(), AppError> {
    let cx = Ctx::capture()?;
    service::delete(&cx, &id, &broker_id).await
}

/// GET /v2/catalog and compare; answers the stored run.
#[server]
pub async fn validate_broker(id: String, broker_id: String) -> Result<RunView, AppError> {
    let cx = Ctx::capture()?;
    service::validate(&cx, &id, &broker_id).await
}

/// Starts a smoke test (`kind` `smoke`) or a conformance run (`conformance`) on a plan in the
/// background; answers the run id to poll with `load_run`.
#[server]
pub async fn start_run(
    id: String,
    broker_id: String,
    plan_id: String,
    kind: String,
) -> Result<String, AppError> {
    let cx = Ctx::capture()?;
    service::start_run(&cx, &id, &broker_id, &plan_id, &kind).await
}

/// A run of one of the offering's brokers, as stored so far.
#[server]
pub async fn load_run(id: String, run_id: String) -> Result<RunView, AppError> {
    let cx = Ctx::capture()?;
    service::load_run(&cx, &id, &run_id).await
}

/// What the checklist (SPEC §7) needs to know of an offering's brokers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerReadiness {
    pub registered: usize,
    /// The latest validation of at least one broker matched the console's definition.
    pub validated: bool,
    /// The latest smoke test of at least one broker passed.
    pub smoke_passed: bool,
}
