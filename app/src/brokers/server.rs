//! Server functions for brokers (SPEC §5, §12): register, validate, smoke test, conformance run,
//! export. Credentials are write-only: no answer carries them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::{client::Outbound, db, runs},
    crate::domain::access::OrgRole,
    crate::offerings::server::offering_for,
};

/// OSB API versions a broker can be registered with.
pub const API_VERSIONS: [&str; 6] = ["2.12", "2.13", "2.14", "2.15", "2.16", "2.17"];

/// One call of a run's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct CheckOutcome {
    pub id: String,
    /// MUST, SHOULD or MAY, at the broker's registered API version.
    pub strength: String,
    pub title: String,
    pub passed: bool,
    #[serde(default)]
    pub skipped: bool,
    pub reason: String,
}

/// What a run found; the parts used depend on its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct BrokersData {
    pub brokers: Vec<BrokerView>,
    /// (plan id, plan name) for the smoke test and conformance run.
    pub plans: Vec<(String, String)>,
    pub can_edit: bool,
    /// The OSB catalog the brokers should serve, pretty-printed.
    pub export: String,
}

#[cfg(feature = "ssr")]
fn internal(e: sqlx::Error) -> AppError {
    tracing::error!(error = %e, "broker SQL failed");
    AppError::Internal
}

/// Two registrations of the same name at once both pass the check above; the database's unique
/// key refuses the second, which is the same answer as the check's.
#[cfg(feature = "ssr")]
fn name_taken_or_internal(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid("name", "This offering already has a broker with that name.")
        }
        _ => internal(e),
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn run_view(row: db::RunRow) -> RunView {
    RunView {
        id: row.id,
        broker_id: row.broker_id,
        kind: row.kind,
        status: row.status,
        started_at: row.started_at,
        finished_at: row.finished_at,
        by_drift_watch: row.started_by.is_none(),
        result: serde_json::from_value(row.result).unwrap_or_default(),
    }
}

#[cfg(feature = "ssr")]
async fn broker_view(pool: &sqlx::SqlitePool, row: db::BrokerRow) -> Result<BrokerView, AppError> {
    let runs = db::latest_runs(pool, &row.id).await.map_err(internal)?;
    let pick = |kind: &str| runs.iter().find(|r| r.kind == kind).cloned().map(run_view);
    Ok(BrokerView {
        validation: pick("validate"),
        smoke: pick("smoke"),
        conformance: pick("conformance"),
        id: row.id,
        name: row.name,
        url: row.url,
        auth_kind: row.auth_kind,
        username: row.username,
        api_version: row.api_version,
        locations: row.locations,
        version: row.version,
        updated_at: row.updated_at,
    })
}

/// The exported OSB catalog of an offering, pretty-printed, or why there is none.
#[cfg(feature = "ssr")]
pub async fn export_json(
    cx: &crate::context::Ctx,
    row: &crate::offerings::db::OfferingRow,
) -> String {
    let public_url = &cx.settings().public_url;
    match crate::offerings::transfer::ssr::broker_catalog(cx.pool(), public_url, row).await {
        Ok(catalog) => serde_json::to_string_pretty(&catalog).unwrap_or_default(),
        Err(refusal) => refusal.to_string(),
    }
}

#[server]
pub async fn load_brokers(id: String) -> Result<BrokersData, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Viewer).await?;
    let pool = cx.pool().clone();
    let mut brokers = Vec::new();
    for b in db::list(&pool, &id).await.map_err(internal)? {
        brokers.push(broker_view(&pool, b).await?);
    }
    Ok(BrokersData {
        brokers,
        plans: row
            .document
            .plans
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        can_edit: principal
            .role_in(&row.organisation_id)
            .is_some_and(|r| r >= OrgRole::Editor),
        export: export_json(&cx, &row).await,
    })
}

/// The broker's fields as typed, checked; every problem under its field.
#[cfg(feature = "ssr")]
fn check_fields(
    name: &str,
    url: &str,
    auth_kind: &str,
    username: &str,
    secret: &str,
    api_version: &str,
    locations: &[String],
    creating: bool,
    development: bool,
) -> Vec<crate::error::FieldError> {
    let mut out = Vec::new();
    let mut bad = |field: &str, message: String| {
        out.push(crate::error::FieldError {
            field: field.into(),
            message,
            problem: None,
        })
    };
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 64 {
        bad(
            "name",
            "Give the broker a name of 1 to 64 characters.".into(),
        );
    }
    if let Err(refusal) = crate::domain::outbound::check_url(url.trim(), development) {
        bad("url", refusal.english());
    }
    match auth_kind {
        "basic" => {
            if username.trim().is_empty() {
                bad("username", "Enter the user name the broker expects.".into());
            }
        }
        "bearer" => {}
        _ => bad("auth_kind", "Choose basic or bearer authentication.".into()),
    }
    if creating && secret.is_empty() {
        bad(
            "secret",
            "Enter the password or token; the console never shows it again.".into(),
        );
    }
    if secret.len() > 1000 {
        bad(
            "secret",
            "The password or token is longer than 1000 characters.".into(),
        );
    }
    if !API_VERSIONS.contains(&api_version) {
        bad(
            "api_version",
            "Choose an OSB API version from 2.12 to 2.17.".into(),
        );
    }
    if locations.len() > 50 || locations.iter().any(|l| l.chars().count() > 64) {
        bad(
            "locations",
            "List at most 50 locations of up to 64 characters.".into(),
        );
    }
    out
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
    let cx = crate::context::Ctx::capture()?;
    let (principal, _) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let state = cx.state().clone();
    let pool = state.pool.clone();
    let broker_id = broker_id.filter(|b| !b.is_empty());
    let username = username.unwrap_or_default();
    let secret = secret.unwrap_or_default();
    let locations: Vec<String> = locations
        .unwrap_or_default()
        .split([',', '\n'])
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let problems = check_fields(
        &name,
        &url,
        &auth_kind,
        &username,
        &secret,
        &api_version,
        &locations,
        broker_id.is_none(),
        state.settings.dev_mode,
    );
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let existing = db::list(&pool, &id).await.map_err(internal)?;
    if existing
        .iter()
        .any(|b| b.name.eq_ignore_ascii_case(name.trim()) && Some(&b.id) != broker_id.as_ref())
    {
        return Err(AppError::invalid(
            "name",
            "This offering already has a broker with that name.",
        ));
    }
    let username = if auth_kind == "basic" {
        username.trim()
    } else {
        ""
    };
    let (creating, broker_id) = match broker_id {
        None => (true, uuid::Uuid::new_v4().to_string()),
        Some(b) => (false, b),
    };
    // The secret is sealed for this broker before it reaches the database.
    let sealed = (!secret.is_empty()).then(|| {
        state
            .settings
            .secret_key
            .seal(&crate::secrets::broker_context(&broker_id), &secret)
    });
    let fields = db::NewBroker {
        name: name.trim(),
        url: url.trim(),
        auth_kind: &auth_kind,
        username,
        secret: sealed.as_deref(),
        api_version: &api_version,
        locations: &locations,
    };
    let (broker_id, action) = match (creating, broker_id) {
        (true, new_id) => {
            db::insert(&pool, &new_id, &id, &fields)
                .await
                .map_err(name_taken_or_internal)?;
            (new_id, "broker.create")
        }
        (false, existing_id) => {
            if !existing.iter().any(|b| b.id == existing_id) {
                return Err(AppError::NotFound);
            }
            let version = version.unwrap_or_default();
            if db::update(&pool, &existing_id, version, &fields)
                .await
                .map_err(name_taken_or_internal)?
                .is_none()
            {
                return Err(AppError::Conflict(
                    "Someone else changed this broker while you were editing. Reload to see their changes; your input is kept.".into(),
                ));
            }
            (existing_id, "broker.update")
        }
    };
    let after = serde_json::json!({
        "name": fields.name, "url": fields.url, "auth_kind": fields.auth_kind,
        "username": fields.username, "api_version": fields.api_version, "locations": locations,
        "secret_changed": fields.secret.is_some(),
    });
    let detail = format!("broker {}", fields.name);
    crate::audit::record(
        &pool,
        crate::audit::AuditEntry {
            actor_id: Some(&principal.user_id),
            action,
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: Some(after),
            detail: &detail,
        },
    )
    .await
    .map_err(internal)?;
    Ok(broker_id)
}

#[server]
pub async fn delete_broker(id: String, broker_id: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, _) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let pool = cx.pool().clone();
    let broker = db::find(&pool, &id, &broker_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    db::delete(&pool, &broker_id).await.map_err(internal)?;
    let detail = format!("broker {}", broker.name);
    crate::audit::record(
        &pool,
        crate::audit::AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "broker.delete",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await
    .map_err(internal)?;
    Ok(())
}

/// Validates one broker and stores the result; `started_by` `None` marks the drift watch.
#[cfg(feature = "ssr")]
pub async fn validate_stored(
    pool: &sqlx::SqlitePool,
    settings: &crate::state::Settings,
    offering: &crate::offerings::db::OfferingRow,
    broker: &db::BrokerRow,
    started_by: Option<&str>,
) -> Result<RunView, AppError> {
    let target = runs::Target::load(pool, &settings.secret_key, broker).await?;
    let run_id = uuid::Uuid::new_v4().to_string();
    db::start_run(
        pool,
        &run_id,
        &broker.id,
        "validate",
        started_by,
        &serde_json::json!({}),
    )
    .await
    .map_err(internal)?;
    let expected = runs::expected_service(offering);
    let result = runs::validate(&Outbound::new(settings.dev_mode), &target, &expected).await;
    let status = if result.validate_passed() {
        "passed"
    } else {
        "failed"
    };
    let value = serde_json::to_value(&result).unwrap_or_default();
    db::store_run(pool, &run_id, status, &value)
        .await
        .map_err(internal)?;
    let row = db::find_run(pool, &run_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    Ok(run_view(row))
}

/// GET /v2/catalog and compare; answers the stored run.
#[server]
pub async fn validate_broker(id: String, broker_id: String) -> Result<RunView, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let state = cx.state().clone();
    let broker = db::find(&state.pool, &id, &broker_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let run = validate_stored(
        &state.pool,
        &state.settings,
        &row,
        &broker,
        Some(&principal.user_id),
    )
    .await?;
    let detail = format!("broker {}: validate {}", broker.name, run.status);
    crate::audit::record(
        &state.pool,
        crate::audit::AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "broker.validate",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await
    .map_err(internal)?;
    Ok(run)
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
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    if kind != "smoke" && kind != "conformance" {
        return Err(AppError::invalid(
            "kind",
            "Choose a smoke test or a conformance run.",
        ));
    }
    let state = cx.state().clone();
    let pool = state.pool.clone();
    let broker = db::find(&pool, &id, &broker_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let expected = runs::expected_service(&row);
    let Some(plan) = expected.plans.iter().find(|p| p.id == plan_id).cloned() else {
        return Err(AppError::invalid(
            "plan_id",
            "Choose one of the offering's plans.",
        ));
    };
    let target = runs::Target::load(&pool, &state.settings.secret_key, &broker).await?;
    let run_id = uuid::Uuid::new_v4().to_string();
    db::start_run(
        &pool,
        &run_id,
        &broker.id,
        &kind,
        Some(&principal.user_id),
        &serde_json::json!({}),
    )
    .await
    .map_err(internal)?;
    let detail = format!("broker {}: {kind} on plan {}", broker.name, plan.name);
    crate::audit::record(
        &pool,
        crate::audit::AuditEntry {
            actor_id: Some(&principal.user_id),
            action: if kind == "smoke" {
                "broker.smoke"
            } else {
                "broker.conformance"
            },
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await
    .map_err(internal)?;
    let out = Outbound::new(state.settings.dev_mode);
    let spawned_id = run_id.clone();
    tokio::spawn(async move {
        if kind == "smoke" {
            runs::smoke(&pool, &spawned_id, &out, &target, &expected, &plan).await;
        } else {
            runs::conformance(&pool, &spawned_id, &out, &target, &expected, &plan).await;
        }
    });
    Ok(run_id)
}

/// A run of one of the offering's brokers, as stored so far.
#[server]
pub async fn load_run(id: String, run_id: String) -> Result<RunView, AppError> {
    let cx = crate::context::Ctx::capture()?;
    offering_for(&cx, &id, OrgRole::Viewer).await?;
    let pool = cx.pool().clone();
    let run = db::find_run(&pool, &run_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    db::find(&pool, &id, &run.broker_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    Ok(run_view(run))
}

/// Seals every broker secret still stored in clear text (rows from before encryption); run at
/// start. Answers how many were sealed.
#[cfg(feature = "ssr")]
pub async fn seal_clear_text_secrets(
    pool: &sqlx::SqlitePool,
    key: &crate::secrets::SecretKey,
) -> sqlx::Result<usize> {
    let mut sealed = 0;
    for (id, clear) in db::clear_text_secrets(pool).await? {
        let value = key.seal(&crate::secrets::broker_context(&id), &clear);
        if db::reseal_secret(pool, &id, &clear, &value).await? {
            sealed += 1;
        }
    }
    Ok(sealed)
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

/// The brokers' part of the checklist facts, for the readiness rules.
#[cfg(feature = "ssr")]
pub async fn broker_readiness(
    pool: &sqlx::SqlitePool,
    offering_id: &str,
) -> Result<BrokerReadiness, AppError> {
    let brokers = db::list(pool, offering_id).await.map_err(internal)?;
    let mut out = BrokerReadiness {
        registered: brokers.len(),
        ..Default::default()
    };
    for b in brokers {
        for run in db::latest_runs(pool, &b.id).await.map_err(internal)? {
            match (run.kind.as_str(), run.status.as_str()) {
                ("validate", "passed") => out.validated = true,
                ("smoke", "passed") => out.smoke_passed = true,
                _ => {}
            }
        }
    }
    Ok(out)
}
