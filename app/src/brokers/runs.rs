//! The broker runs: validate, smoke test and conformance run. Each stores its progress in
//! `broker_runs` after every call, so the page can poll and show the timeline filling in.

use super::client::{join, Answer, Auth, Failure, Outbound, PLATFORM};
use super::db;
use super::server::{RunResult, Step};
use crate::domain::broker::{self, ExpectedPlan, ExpectedService};
use crate::error::AppError;
use crate::offerings::db::OfferingRow;
use crate::secrets::{self, SecretKey};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::SqlitePool;
use std::time::Duration;

#[path = "runs_conformance.rs"]
mod conformance;

pub use conformance::conformance;

/// Polls of `last_operation` before a run gives up, and the back-off between them.
pub const MAX_POLLS: u32 = 12;
const FIRST_WAIT: Duration = Duration::from_millis(200);
const MAX_WAIT: Duration = Duration::from_secs(3);

/// The console's definition of the offering, as a broker's catalog must match it.
pub fn expected_service(row: &OfferingRow) -> ExpectedService {
    let (text, _) = row.document.text_with_fallback("en");
    ExpectedService {
        id: row.id.clone(),
        name: row.name.clone(),
        description: if text.short_description.trim().is_empty() {
            row.name.clone()
        } else {
            text.short_description.clone()
        },
        bindable: row.document.basics.bindable,
        display_name: text.display_name.clone(),
        long_description: text.long_description.clone(),
        // Filled by the export, which knows the public URL (`offerings::transfer_ssr`).
        image_url: None,
        tags: row.document.basics.tags.clone(),
        plan_updateable: row.document.basics.plan_updateable,
        instances_retrievable: row.document.basics.instances_retrievable,
        bindings_retrievable: row.document.basics.bindings_retrievable,
        plans: row
            .document
            .plans
            .iter()
            .map(|p| {
                let description = p
                    .texts
                    .get("en")
                    .map(|t| t.description.trim().to_owned())
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| p.display_name("en"));
                ExpectedPlan {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    description,
                    free: p.is_free(),
                    bindable: p.bindable,
                    display_name: p.display_name("en"),
                    parameters: p.parameters.clone(),
                }
            })
            .collect(),
    }
}

/// Where and how to call one broker.
#[derive(Clone)]
pub struct Target {
    pub base: String,
    pub auth: Auth,
    pub api_version: String,
}

impl Target {
    /// The broker's address and credentials, its secret opened with the console's key.
    pub async fn load(
        pool: &SqlitePool,
        key: &SecretKey,
        row: &db::BrokerRow,
    ) -> Result<Target, AppError> {
        let stored = db::secret(pool, &row.id).await.map_err(|e| {
            tracing::error!(error = %e, "broker secret not read");
            AppError::Internal
        })?;
        let secret = key
            .open(&secrets::broker_context(&row.id), &stored)
            .map_err(|e| {
                tracing::warn!(broker = %row.id, problem = ?e, "broker secret does not open");
                AppError::Conflict(
                    "The stored password or token of this broker cannot be decrypted with the console's key (was RMC_SECRET_KEY or the key file changed?). Edit the broker and enter it again.".into(),
                )
            })?;
        let auth = match row.auth_kind.as_str() {
            "bearer" => Auth::Bearer(secret),
            _ => Auth::Basic {
                username: row.username.clone(),
                password: secret,
            },
        };
        Ok(Target {
            base: row.url.clone(),
            auth,
            api_version: row.api_version.clone(),
        })
    }

    /// The same credentials, but wrong (for the 401 check).
    fn wrong_auth(&self) -> Auth {
        match &self.auth {
            Auth::Bearer(_) => Auth::Bearer("rmc-wrong-token".into()),
            Auth::Basic { username, .. } => Auth::Basic {
                username: username.clone(),
                password: "rmc-wrong-password".into(),
            },
            Auth::None => Auth::Basic {
                username: "rmc".into(),
                password: "rmc-wrong-password".into(),
            },
        }
    }
}

/// One call with its timeline step. The body excerpt is kept for answers that are not 2xx
/// (a successful bind answer carries credentials and is never stored).
async fn step(
    out: &Outbound,
    target: &Target,
    label: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
    expected: &[u16],
) -> (Step, Option<Answer>) {
    let call = format!("{method} {path}");
    match out
        .call(
            method,
            &join(&target.base, path),
            &target.auth,
            Some(&target.api_version),
            body,
        )
        .await
    {
        Ok(answer) => {
            let ok = expected.contains(&answer.status);
            let excerpt = (!(200..300).contains(&answer.status)).then(|| answer.excerpt());
            (
                Step {
                    label: label.into(),
                    call,
                    status: Some(answer.status),
                    millis: answer.millis,
                    ok,
                    note: excerpt.filter(|e| !e.is_empty()),
                },
                Some(answer),
            )
        }
        Err(Failure { message, millis }) => (
            Step {
                label: label.into(),
                call,
                status: None,
                millis,
                ok: false,
                note: Some(message),
            },
            None,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Validate
// ---------------------------------------------------------------------------------------------

/// GET /v2/catalog, then well-formedness and the comparison with the console's definition.
pub async fn validate(out: &Outbound, target: &Target, expected: &ExpectedService) -> RunResult {
    let (s, answer) = step(
        out,
        target,
        "catalog",
        Method::GET,
        "/v2/catalog",
        None,
        &[200],
    )
    .await;
    let mut result = RunResult {
        planned_steps: 1,
        ..Default::default()
    };
    let ok = s.ok;
    let note = s.note.clone();
    let status = s.status;
    result.steps.push(s);
    if !ok {
        result.error = Some(match status {
            Some(401) => "The broker refused the credentials (401). Check the user name and password or token.".into(),
            Some(code) => format!(
                "GET /v2/catalog answered {code} instead of 200{}",
                note.map(|n| format!(": {n}")).unwrap_or_else(|| ".".into())
            ),
            None => note.unwrap_or_default(),
        });
        return result;
    }
    let Some(catalog) = answer.and_then(|a| a.json()) else {
        result.error = Some("GET /v2/catalog did not answer JSON.".into());
        return result;
    };
    result.problems = broker::catalog_problems(&catalog);
    result.mismatches = broker::compare(&catalog, expected);
    result
}

impl RunResult {
    pub fn validate_passed(&self) -> bool {
        self.error.is_none() && self.problems.is_empty() && self.mismatches.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Smoke test
// ---------------------------------------------------------------------------------------------

struct Progress<'a> {
    pool: &'a SqlitePool,
    run_id: &'a str,
    result: RunResult,
}

impl Progress<'_> {
    async fn push(&mut self, s: Step) -> bool {
        let ok = s.ok;
        self.result.steps.push(s);
        self.save("running").await;
        ok
    }

    async fn save(&self, status: &str) {
        let value = serde_json::to_value(&self.result).unwrap_or(Value::Null);
        if let Err(e) = db::store_run(self.pool, self.run_id, status, &value).await {
            tracing::warn!(error = %e, run = self.run_id, "storing a broker run failed");
        }
    }
}

fn instance_path(instance: &str) -> String {
    format!("/v2/service_instances/{instance}")
}

fn query(service: &str, plan: &str) -> String {
    format!("service_id={service}&plan_id={plan}")
}

fn provision_body(service: &str, plan: &str, parameters: Value) -> Value {
    json!({
        "service_id": service,
        "plan_id": plan,
        "organization_guid": "rmc-smoke-test",
        "space_guid": "rmc-smoke-test",
        "context": { "platform": PLATFORM },
        "parameters": parameters,
    })
}

/// Follows an asynchronous operation through `last_operation` with back-off; the last state.
async fn follow(
    out: &Outbound,
    target: &Target,
    progress: &mut Progress<'_>,
    instance: &str,
    q: &str,
    operation: Option<&str>,
) -> Option<String> {
    let mut wait = FIRST_WAIT;
    let mut path = format!("{}/last_operation?{q}", instance_path(instance));
    if let Some(op) = operation {
        path.push_str(&format!("&operation={}", urlencoding::encode(op)));
    }
    for poll in 1..=MAX_POLLS {
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MAX_WAIT);
        let (mut s, answer) = step(
            out,
            target,
            "last_operation",
            Method::GET,
            &path,
            None,
            &[200],
        )
        .await;
        let state = answer
            .as_ref()
            .and_then(Answer::json)
            .and_then(|v| v.get("state").and_then(Value::as_str).map(str::to_owned));
        if s.ok && state.is_none() {
            s.ok = false;
            s.note = Some("last_operation answered 200 without a `state`.".into());
        }
        if let Some(state) = &state {
            s.note = Some(format!("state: {state} (poll {poll})"));
            if state == "failed" {
                s.ok = false;
            }
        }
        let ok = progress.push(s).await;
        match state.as_deref() {
            Some("in progress") if ok => continue,
            _ => return state,
        }
    }
    let s = Step {
        label: "last_operation".into(),
        call: "GET last_operation".into(),
        status: None,
        millis: 0,
        ok: false,
        note: Some(format!(
            "The operation was still in progress after {MAX_POLLS} polls; the console stopped waiting."
        )),
    };
    progress.push(s).await;
    None
}

/// Provision, (bind, unbind,) deprovision the chosen plan; stores each call as it happens.
pub async fn smoke(
    pool: &SqlitePool,
    run_id: &str,
    out: &Outbound,
    target: &Target,
    expected: &ExpectedService,
    plan: &ExpectedPlan,
) -> bool {
    let bindable = plan.bindable.unwrap_or(expected.bindable);
    let mut progress = Progress {
        pool,
        run_id,
        result: RunResult {
            planned_steps: if bindable { 4 } else { 2 },
            plan_name: Some(plan.name.clone()),
            ..Default::default()
        },
    };
    let passed = smoke_steps(out, target, expected, plan, bindable, &mut progress).await;
    progress
        .save(if passed { "passed" } else { "failed" })
        .await;
    passed
}

async fn smoke_steps(
    out: &Outbound,
    target: &Target,
    expected: &ExpectedService,
    plan: &ExpectedPlan,
    bindable: bool,
    progress: &mut Progress<'_>,
) -> bool {
    let instance = uuid::Uuid::new_v4().to_string();
    let binding = uuid::Uuid::new_v4().to_string();
    let q = query(&expected.id, &plan.id);
    let sample = crate::domain::parameters::valid_sample(&plan.parameters);
    let body = provision_body(&expected.id, &plan.id, sample);
    let (s, answer) = step(
        out,
        target,
        "provision",
        Method::PUT,
        &format!("{}?accepts_incomplete=true", instance_path(&instance)),
        Some(&body),
        &[200, 201, 202],
    )
    .await;
    let status = s.status;
    if !progress.push(s).await {
        return false;
    }
    if status == Some(202) {
        let operation = answer.as_ref().and_then(Answer::json).and_then(|v| {
            v.get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        progress.result.planned_steps += 1;
        let state = follow(out, target, progress, &instance, &q, operation.as_deref()).await;
        if state.as_deref() != Some("succeeded") {
            cleanup(out, target, progress, &instance, &q).await;
            return false;
        }
    }
    let mut ok = true;
    if bindable {
        let bind_body = json!({
            "service_id": expected.id,
            "plan_id": plan.id,
            "bind_resource": { "app_guid": "rmc-smoke-test" },
            "context": { "platform": PLATFORM },
        });
        let binding_path = format!("{}/service_bindings/{binding}", instance_path(&instance));
        let (s, _) = step(
            out,
            target,
            "bind",
            Method::PUT,
            &binding_path,
            Some(&bind_body),
            &[200, 201],
        )
        .await;
        ok = progress.push(s).await;
        if ok {
            let (s, _) = step(
                out,
                target,
                "unbind",
                Method::DELETE,
                &format!("{binding_path}?{q}"),
                None,
                &[200],
            )
            .await;
            ok = progress.push(s).await;
        }
    }
    let (s, answer) = step(
        out,
        target,
        "deprovision",
        Method::DELETE,
        &format!("{}?{q}&accepts_incomplete=true", instance_path(&instance)),
        None,
        &[200, 202],
    )
    .await;
    let status = s.status;
    let deprovisioned = progress.push(s).await;
    if status == Some(202) {
        let operation = answer.as_ref().and_then(Answer::json).and_then(|v| {
            v.get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        let state = follow(out, target, progress, &instance, &q, operation.as_deref()).await;
        // A deprovisioned instance may answer 410 to last_operation: that is success too.
        if state.as_deref() != Some("succeeded") {
            let gone = progress
                .result
                .steps
                .last()
                .is_some_and(|s| s.status == Some(410));
            return ok && gone;
        }
    }
    ok && deprovisioned
}

/// After a failure, tries to remove the instance the run created.
async fn cleanup(
    out: &Outbound,
    target: &Target,
    progress: &mut Progress<'_>,
    instance: &str,
    q: &str,
) {
    let (mut s, _) = step(
        out,
        target,
        "cleanup",
        Method::DELETE,
        &format!("{}?{q}&accepts_incomplete=true", instance_path(instance)),
        None,
        &[200, 202, 410],
    )
    .await;
    // Cleanup does not decide the outcome; it is shown for the record.
    s.ok = true;
    progress.result.steps.push(s);
    progress.save("running").await;
}
