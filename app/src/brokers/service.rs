//! The broker operations (SPEC §5, §12), for the server functions and the REST API alike:
//! each checks access (`offering_for`), then the broker rules, then writes the change and its
//! audit row in one write transaction (`store::write`). Outbound calls to a broker are never
//! made while a transaction is open: a run is stored as started, the broker is called, and its
//! result and audit row are written together afterwards.

use super::server::{BrokerReadiness, BrokerView, BrokersData, RunResult, RunView, API_VERSIONS};
use super::{client::Outbound, db, runs};
use crate::audit::{self, AuditEntry};
use crate::context::Ctx;
use crate::domain::access::OrgRole;
use crate::error::{AppError, FieldError};
use crate::offerings::db::OfferingRow;
use crate::offerings::server::offering_for;
use sqlx::SqlitePool;

/// A broker's registration as typed (the form's or the API's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrokerInput {
    pub name: String,
    pub url: String,
    /// `basic` or `bearer`.
    pub auth_kind: String,
    pub username: String,
    /// The password or token; empty on update keeps the stored one.
    pub secret: String,
    pub api_version: String,
    pub locations: Vec<String>,
    /// On update: the broker's `version` as last read.
    pub version: Option<i64>,
}

impl BrokerInput {
    /// Locations as the form sends them: separated by commas or new lines.
    pub fn split_locations(text: &str) -> Vec<String> {
        text.split([',', '\n'])
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// Which smoke-style run to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Smoke,
    Conformance,
}

impl RunKind {
    /// `smoke` or `conformance`; anything else is a field error on `kind`.
    pub fn parse(kind: &str) -> Result<RunKind, AppError> {
        match kind {
            "smoke" => Ok(RunKind::Smoke),
            "conformance" => Ok(RunKind::Conformance),
            _ => Err(AppError::invalid(
                "kind",
                "Choose a smoke test or a conformance run.",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Smoke => "smoke",
            RunKind::Conformance => "conformance",
        }
    }
}

const NAME_TAKEN: &str = "This offering already has a broker with that name.";

/// Two registrations of the same name at once both pass the name check; the database's unique
/// key on (offering, name) refuses the second with the same answer as the check's. Any other
/// unique key or error maps as `AppError::from` does.
fn name_taken(e: sqlx::Error) -> AppError {
    match crate::store::unique_violation(&e).as_deref() {
        Some("brokers.offering_id, brokers.name") => AppError::invalid("name", NAME_TAKEN),
        _ => e.into(),
    }
}

fn run_view(row: db::RunRow) -> RunView {
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

async fn broker_view(pool: &SqlitePool, row: db::BrokerRow) -> Result<BrokerView, AppError> {
    let runs = db::latest_runs(pool, &row.id).await?;
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
pub async fn export_json(cx: &Ctx, row: &OfferingRow) -> String {
    let public_url = &cx.settings().public_url;
    match crate::offerings::transfer::ssr::broker_catalog(cx.pool(), public_url, row).await {
        Ok(catalog) => serde_json::to_string_pretty(&catalog).unwrap_or_default(),
        Err(refusal) => refusal.to_string(),
    }
}

/// The Brokers tab: the offering's brokers with their latest runs, its plans, the export.
pub async fn load(cx: &Ctx, offering_id: &str) -> Result<BrokersData, AppError> {
    let (principal, row) = offering_for(cx, offering_id, OrgRole::Viewer).await?;
    let pool = cx.pool();
    let mut brokers = Vec::new();
    for b in db::list(pool, offering_id).await? {
        brokers.push(broker_view(pool, b).await?);
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
        export: export_json(cx, &row).await,
    })
}

/// The broker's fields as typed, checked; every problem under its field.
pub fn check_fields(input: &BrokerInput, creating: bool, development: bool) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut bad = |field: &str, message: String| {
        out.push(FieldError {
            field: field.into(),
            message,
            problem: None,
            pricing: None,
        })
    };
    let n = input.name.trim();
    if n.is_empty() || n.chars().count() > 64 {
        bad(
            "name",
            "Give the broker a name of 1 to 64 characters.".into(),
        );
    }
    if let Err(refusal) = crate::domain::outbound::check_url(input.url.trim(), development) {
        bad("url", refusal.english());
    }
    match input.auth_kind.as_str() {
        "basic" => {
            if input.username.trim().is_empty() {
                bad("username", "Enter the user name the broker expects.".into());
            }
        }
        "bearer" => {}
        _ => bad("auth_kind", "Choose basic or bearer authentication.".into()),
    }
    if creating && input.secret.is_empty() {
        bad(
            "secret",
            "Enter the password or token; the console never shows it again.".into(),
        );
    }
    if input.secret.len() > 1000 {
        bad(
            "secret",
            "The password or token is longer than 1000 characters.".into(),
        );
    }
    if !API_VERSIONS.contains(&input.api_version.as_str()) {
        bad(
            "api_version",
            "Choose an OSB API version from 2.12 to 2.17.".into(),
        );
    }
    let locations = &input.locations;
    if locations.len() > 50 || locations.iter().any(|l| l.chars().count() > 64) {
        bad(
            "locations",
            "List at most 50 locations of up to 64 characters.".into(),
        );
    }
    out
}

/// Registers (`broker_id` `None`) or updates a broker; answers its id. An update is checked
/// against the broker's `version`. The name check, the write and the audit row
/// (`broker.create` / `broker.update`, with `secret_changed`, never the secret) are one
/// transaction.
pub async fn save(
    cx: &Ctx,
    offering_id: &str,
    broker_id: Option<&str>,
    input: BrokerInput,
) -> Result<String, AppError> {
    let (principal, _) = offering_for(cx, offering_id, OrgRole::Editor).await?;
    let broker_id = broker_id.filter(|b| !b.is_empty());
    let problems = check_fields(&input, broker_id.is_none(), cx.settings().dev_mode);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let name = input.name.trim();
    let username = if input.auth_kind == "basic" {
        input.username.trim()
    } else {
        ""
    };
    let (creating, broker_id) = match broker_id {
        None => (true, uuid::Uuid::new_v4().to_string()),
        Some(b) => (false, b.to_owned()),
    };
    // The secret is sealed for this broker before it reaches the database.
    let sealed = (!input.secret.is_empty()).then(|| {
        cx.settings()
            .secret_key
            .seal(&crate::secrets::broker_context(&broker_id), &input.secret)
    });
    let fields = db::NewBroker {
        name,
        url: input.url.trim(),
        auth_kind: &input.auth_kind,
        username,
        secret: sealed.as_deref(),
        api_version: &input.api_version,
        locations: &input.locations,
    };
    let mut tx = crate::store::write(cx.pool()).await?;
    let existing = db::list(&mut *tx, offering_id).await?;
    if existing
        .iter()
        .any(|b| b.name.eq_ignore_ascii_case(name) && b.id != broker_id)
    {
        return Err(AppError::invalid("name", NAME_TAKEN));
    }
    let action = if creating {
        db::insert(&mut *tx, &broker_id, offering_id, &fields)
            .await
            .map_err(name_taken)?;
        "broker.create"
    } else {
        if !existing.iter().any(|b| b.id == broker_id) {
            return Err(AppError::NotFound);
        }
        let version = input.version.unwrap_or_default();
        if db::update(&mut *tx, &broker_id, version, &fields)
            .await
            .map_err(name_taken)?
            .is_none()
        {
            return Err(AppError::Conflict(
                "Someone else changed this broker while you were editing. Reload to see their changes; your input is kept.".into(),
            ));
        }
        "broker.update"
    };
    let after = serde_json::json!({
        "name": fields.name, "url": fields.url, "auth_kind": fields.auth_kind,
        "username": fields.username, "api_version": fields.api_version,
        "locations": fields.locations, "secret_changed": fields.secret.is_some(),
    });
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action,
            subject_type: "offering",
            subject_id: Some(offering_id),
            before: None,
            after: Some(after),
            detail: &format!("broker {}", fields.name),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(broker_id)
}

/// Removes a broker (its runs go with it); the delete and its audit row are one transaction.
pub async fn delete(cx: &Ctx, offering_id: &str, broker_id: &str) -> Result<(), AppError> {
    let (principal, _) = offering_for(cx, offering_id, OrgRole::Editor).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    let broker = db::find(&mut *tx, offering_id, broker_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !db::delete(&mut *tx, broker_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "broker.delete",
            subject_type: "offering",
            subject_id: Some(offering_id),
            before: Some(serde_json::json!({ "name": broker.name, "url": broker.url })),
            after: None,
            detail: &format!("broker {}", broker.name),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Validates one broker and stores the result; `started_by` `None` marks the drift watch.
/// A person's validation is audited (`broker.validate`) in the transaction that stores it.
pub async fn validate_stored(
    pool: &SqlitePool,
    settings: &crate::state::Settings,
    offering: &OfferingRow,
    broker: &db::BrokerRow,
    started_by: Option<&str>,
) -> Result<RunView, AppError> {
    let target = runs::Target::load(pool, &settings.secret_key, broker).await?;
    let run_id = uuid::Uuid::new_v4().to_string();
    let kind = "validate";
    db::start_run(
        pool,
        &run_id,
        &broker.id,
        kind,
        started_by,
        &serde_json::json!({}),
    )
    .await?;
    let expected = runs::expected_service(offering);
    let mut out = Outbound::new(settings.dev_mode);
    if let Some(user_id) = started_by {
        out = out.on_behalf_of(user_id);
    }
    let result: RunResult = runs::validate(&out, &target, &expected).await;
    let status = if result.validate_passed() {
        "passed"
    } else {
        "failed"
    };
    let value = serde_json::to_value(&result).unwrap_or_default();
    let mut tx = crate::store::write(pool).await?;
    db::store_run(&mut *tx, &run_id, status, &value).await?;
    if let Some(user_id) = started_by {
        audit::record(
            &mut *tx,
            AuditEntry {
                actor_id: Some(user_id),
                action: "broker.validate",
                subject_type: "offering",
                subject_id: Some(&offering.id),
                before: None,
                after: None,
                detail: &format!("broker {}: validate {status}", broker.name),
            },
        )
        .await?;
    }
    let row = db::find_run(&mut *tx, &run_id)
        .await?
        .ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(run_view(row))
}

/// GET /v2/catalog of the broker and compare with the offering; answers the stored run.
pub async fn validate(cx: &Ctx, offering_id: &str, broker_id: &str) -> Result<RunView, AppError> {
    let (principal, row) = offering_for(cx, offering_id, OrgRole::Editor).await?;
    let broker = db::find(cx.pool(), offering_id, broker_id)
        .await?
        .ok_or(AppError::NotFound)?;
    validate_stored(
        cx.pool(),
        cx.settings(),
        &row,
        &broker,
        Some(&principal.user_id),
    )
    .await
}

/// Starts a smoke test or a conformance run (`kind`, see [`RunKind::parse`]) on a plan in the
/// background; answers the run id to poll with [`load_run`]. The kind is checked after the
/// access check, so an outsider learns nothing from a bad one. The started run and its audit
/// row are one transaction; the run itself starts after the commit.
pub async fn start_run(
    cx: &Ctx,
    offering_id: &str,
    broker_id: &str,
    plan_id: &str,
    kind: &str,
) -> Result<String, AppError> {
    let (principal, row) = offering_for(cx, offering_id, OrgRole::Editor).await?;
    let kind = RunKind::parse(kind)?;
    let pool = cx.pool().clone();
    let broker = db::find(&pool, offering_id, broker_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let expected = runs::expected_service(&row);
    let Some(plan) = expected.plans.iter().find(|p| p.id == plan_id).cloned() else {
        return Err(AppError::invalid(
            "plan_id",
            "Choose one of the offering's plans.",
        ));
    };
    let target = runs::Target::load(&pool, &cx.settings().secret_key, &broker).await?;
    let run_id = uuid::Uuid::new_v4().to_string();
    let mut tx = crate::store::write(&pool).await?;
    db::start_run(
        &mut *tx,
        &run_id,
        &broker.id,
        kind.as_str(),
        Some(&principal.user_id),
        &serde_json::json!({}),
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: match kind {
                RunKind::Smoke => "broker.smoke",
                RunKind::Conformance => "broker.conformance",
            },
            subject_type: "offering",
            subject_id: Some(offering_id),
            before: None,
            after: None,
            detail: &format!(
                "broker {}: {} on plan {}",
                broker.name,
                kind.as_str(),
                plan.name
            ),
        },
    )
    .await?;
    tx.commit().await?;
    let out = Outbound::new(cx.settings().dev_mode).on_behalf_of(&principal.user_id);
    let spawned_id = run_id.clone();
    tokio::spawn(async move {
        match kind {
            RunKind::Smoke => {
                runs::smoke(&pool, &spawned_id, &out, &target, &expected, &plan).await
            }
            RunKind::Conformance => {
                runs::conformance(&pool, &spawned_id, &out, &target, &expected, &plan).await
            }
        }
    });
    Ok(run_id)
}

/// A run of one of the offering's brokers, as stored so far.
pub async fn load_run(cx: &Ctx, offering_id: &str, run_id: &str) -> Result<RunView, AppError> {
    offering_for(cx, offering_id, OrgRole::Viewer).await?;
    let pool = cx.pool();
    let run = db::find_run(pool, run_id)
        .await?
        .ok_or(AppError::NotFound)?;
    db::find(pool, offering_id, &run.broker_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(run_view(run))
}

/// Seals every broker secret still stored in clear text (rows from before encryption); run at
/// start. Answers how many were sealed.
pub async fn seal_clear_text_secrets(
    pool: &SqlitePool,
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

/// The brokers' part of the checklist facts, for the readiness rules.
pub async fn broker_readiness(
    pool: &SqlitePool,
    offering_id: &str,
) -> Result<BrokerReadiness, AppError> {
    let brokers = db::list(pool, offering_id).await?;
    let mut out = BrokerReadiness {
        registered: brokers.len(),
        ..Default::default()
    };
    for b in brokers {
        for run in db::latest_runs(pool, &b.id).await? {
            match (run.kind.as_str(), run.status.as_str()) {
                ("validate", "passed") => out.validated = true,
                ("smoke", "passed") => out.smoke_passed = true,
                _ => {}
            }
        }
    }
    Ok(out)
}
