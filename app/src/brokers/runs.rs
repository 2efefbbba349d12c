//! The broker runs: validate, smoke test and conformance run. Each stores its progress in
//! `broker_runs` after every call, so the page can poll and show the timeline filling in.

use super::client::{join, Answer, Auth, Failure, Outbound};
use super::db;
use super::server::{CheckOutcome, RunResult, Step};
use crate::domain::broker::{self, ExpectedPlan, ExpectedService, Strength};
use crate::error::AppError;
use crate::offerings::db::OfferingRow;
use crate::secrets::{self, SecretKey};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::SqlitePool;
use std::time::Duration;

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
        image_url: None,
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
        "context": { "platform": "rmc" },
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
    let body = provision_body(&expected.id, &plan.id, json!({}));
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
            "context": { "platform": "rmc" },
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

// ---------------------------------------------------------------------------------------------
// Conformance run (SPEC §12)
// ---------------------------------------------------------------------------------------------

fn outcome(id: &str, api_version: &str, passed: bool, reason: String) -> CheckOutcome {
    let check = broker::conformance_check(id);
    CheckOutcome {
        id: id.into(),
        strength: check
            .map(|c| c.strength_at(api_version))
            .unwrap_or(Strength::Must)
            .label()
            .into(),
        title: check.map(|c| c.title).unwrap_or(id).into(),
        passed,
        skipped: false,
        reason,
    }
}

fn got(answer: &Result<Answer, Failure>) -> String {
    match answer {
        Ok(a) if a.body.trim().is_empty() => format!("answered {}", a.status),
        Ok(a) if (200..300).contains(&a.status) => format!("answered {}", a.status),
        Ok(a) => format!("answered {}: {}", a.status, a.excerpt()),
        Err(f) => f.message.clone(),
    }
}

fn status_of(answer: &Result<Answer, Failure>) -> Option<u16> {
    answer.as_ref().ok().map(|a| a.status)
}

/// Runs every check of `CONFORMANCE_CHECKS` against the broker with the given plan.
pub async fn conformance(
    pool: &SqlitePool,
    run_id: &str,
    out: &Outbound,
    target: &Target,
    expected: &ExpectedService,
    plan: &ExpectedPlan,
) -> bool {
    let v = target.api_version.clone();
    let mut progress = Progress {
        pool,
        run_id,
        result: RunResult {
            planned_steps: broker::CONFORMANCE_CHECKS.len(),
            plan_name: Some(plan.name.clone()),
            ..Default::default()
        },
    };
    let base = |path: &str| join(&target.base, path);
    let add = |progress: &mut Progress<'_>, o: CheckOutcome| progress.result.checks.push(o);

    // Catalog.
    let catalog = out
        .call(
            Method::GET,
            &base("/v2/catalog"),
            &target.auth,
            Some(&v),
            None,
        )
        .await;
    match catalog
        .as_ref()
        .ok()
        .filter(|a| a.status == 200)
        .and_then(Answer::json)
    {
        Some(json) => {
            let findings = broker::catalog_findings(&json);
            for (id, passed) in broker::catalog_check_results(&json) {
                let reason = if passed {
                    "No problem found.".to_string()
                } else {
                    findings
                        .iter()
                        .filter(|f| f.check == id)
                        .map(|f| f.text.clone())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                add(&mut progress, outcome(id, &v, passed, reason));
            }
        }
        None => {
            for id in [
                broker::CHECK_CATALOG_SCHEMA,
                broker::CHECK_CATALOG_UNIQUE,
                broker::CHECK_CATALOG_NAMES,
            ] {
                let reason = format!("GET /v2/catalog {}; no catalog to check.", got(&catalog));
                add(&mut progress, outcome(id, &v, false, reason));
            }
        }
    }
    progress.save("running").await;

    // Authentication.
    let expect_401 = |answer: &Result<Answer, Failure>| -> (bool, String) {
        let passed = status_of(answer) == Some(401);
        (
            passed,
            format!("GET /v2/catalog {}; expected 401.", got(answer)),
        )
    };
    let a = out
        .call(
            Method::GET,
            &base("/v2/catalog"),
            &super::client::Auth::None,
            Some(&v),
            None,
        )
        .await;
    let (passed, reason) = expect_401(&a);
    add(
        &mut progress,
        outcome(
            "auth-missing-401",
            &v,
            passed,
            format!("Without credentials: {reason}"),
        ),
    );
    let a = out
        .call(
            Method::GET,
            &base("/v2/catalog"),
            &target.wrong_auth(),
            Some(&v),
            None,
        )
        .await;
    let (passed, reason) = expect_401(&a);
    add(
        &mut progress,
        outcome(
            "auth-wrong-401",
            &v,
            passed,
            format!("With a wrong password or token: {reason}"),
        ),
    );

    // Version header.
    let a = out
        .call(Method::GET, &base("/v2/catalog"), &target.auth, None, None)
        .await;
    let passed = matches!(status_of(&a), Some(400 | 412));
    add(
        &mut progress,
        outcome(
            "version-missing-rejected",
            &v,
            passed,
            format!(
                "Without X-Broker-API-Version: GET /v2/catalog {}; expected 400 or 412.",
                got(&a)
            ),
        ),
    );
    let a = out
        .call(
            Method::GET,
            &base("/v2/catalog"),
            &target.auth,
            Some("1.0"),
            None,
        )
        .await;
    let passed = status_of(&a) == Some(412);
    add(
        &mut progress,
        outcome(
            "version-unsupported-412",
            &v,
            passed,
            format!(
                "With X-Broker-API-Version: 1.0: GET /v2/catalog {}; expected 412.",
                got(&a)
            ),
        ),
    );
    progress.save("running").await;

    // Provision semantics.
    let instance = uuid::Uuid::new_v4().to_string();
    let q = query(&expected.id, &plan.id);
    let path = format!("{}?accepts_incomplete=true", instance_path(&instance));
    let body = provision_body(&expected.id, &plan.id, json!({}));
    let a = out
        .call(
            Method::PUT,
            &base(&path),
            &target.auth,
            Some(&v),
            Some(&body),
        )
        .await;
    let first = status_of(&a);
    let passed = matches!(first, Some(201 | 202));
    add(
        &mut progress,
        outcome(
            "provision-created",
            &v,
            passed,
            format!("PUT a new instance {}; expected 201 (or 202).", got(&a)),
        ),
    );
    let provisioned = matches!(first, Some(200..=202));

    // last_operation.
    if first == Some(202) {
        let operation = a.as_ref().ok().and_then(Answer::json).and_then(|j| {
            j.get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        let mut poll_path = format!("{}/last_operation?{q}", instance_path(&instance));
        if let Some(op) = &operation {
            poll_path.push_str(&format!("&operation={}", urlencoding::encode(op)));
        }
        let mut wait = FIRST_WAIT;
        let mut outcome_text = String::new();
        let mut passed = false;
        let mut states = Vec::new();
        for _ in 0..MAX_POLLS {
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(MAX_WAIT);
            let a = out
                .call(Method::GET, &base(&poll_path), &target.auth, Some(&v), None)
                .await;
            let state = a
                .as_ref()
                .ok()
                .filter(|a| a.status == 200)
                .and_then(Answer::json)
                .and_then(|j| j.get("state").and_then(Value::as_str).map(str::to_owned));
            match state.as_deref() {
                Some("in progress") => states.push("in progress".to_string()),
                Some("succeeded") => {
                    states.push("succeeded".into());
                    passed = true;
                    break;
                }
                Some(other) => {
                    outcome_text = format!("last_operation reported `{other}`.");
                    break;
                }
                None => {
                    outcome_text =
                        format!("last_operation {}; expected 200 with a `state`.", got(&a));
                    break;
                }
            }
        }
        let reason = if passed {
            format!(
                "Provision answered 202; last_operation went {}.",
                states.join(" → ")
            )
        } else if outcome_text.is_empty() {
            format!("Still in progress after {MAX_POLLS} polls.")
        } else {
            outcome_text
        };
        add(&mut progress, outcome("last-operation", &v, passed, reason));
    } else {
        let mut o = outcome(
            "last-operation",
            &v,
            true,
            "Not applicable: the broker provisioned synchronously.".into(),
        );
        o.skipped = true;
        add(&mut progress, o);
    }

    let a = out
        .call(
            Method::PUT,
            &base(&path),
            &target.auth,
            Some(&v),
            Some(&body),
        )
        .await;
    let passed = status_of(&a) == Some(200);
    add(
        &mut progress,
        outcome(
            "provision-identical-200",
            &v,
            passed,
            format!(
                "PUT the same instance again with the same body {}; expected 200.",
                got(&a)
            ),
        ),
    );
    let different = provision_body(
        &expected.id,
        &plan.id,
        json!({ "rmc-conformance": "different" }),
    );
    let a = out
        .call(
            Method::PUT,
            &base(&path),
            &target.auth,
            Some(&v),
            Some(&different),
        )
        .await;
    let passed = status_of(&a) == Some(409);
    add(
        &mut progress,
        outcome(
            "provision-conflict-409",
            &v,
            passed,
            format!(
                "PUT the same instance with different parameters {}; expected 409.",
                got(&a)
            ),
        ),
    );
    progress.save("running").await;

    let unknown = uuid::Uuid::new_v4().to_string();
    let a = out
        .call(
            Method::GET,
            &base(&format!("{}/last_operation?{q}", instance_path(&unknown))),
            &target.auth,
            Some(&v),
            None,
        )
        .await;
    let passed = matches!(status_of(&a), Some(404 | 410));
    add(
        &mut progress,
        outcome(
            "last-operation-unknown",
            &v,
            passed,
            format!(
                "last_operation of an instance that never existed {}; expected 404 (or 410).",
                got(&a)
            ),
        ),
    );

    // Bindings.
    let bindable = plan.bindable.unwrap_or(expected.bindable);
    let binding_path = format!(
        "{}/service_bindings/{}",
        instance_path(&instance),
        uuid::Uuid::new_v4()
    );
    if bindable && provisioned {
        let bind_body = json!({
            "service_id": expected.id,
            "plan_id": plan.id,
            "bind_resource": { "app_guid": "rmc-conformance" },
            "context": { "platform": "rmc" },
        });
        let a = out
            .call(
                Method::PUT,
                &base(&binding_path),
                &target.auth,
                Some(&v),
                Some(&bind_body),
            )
            .await;
        let passed = status_of(&a) == Some(201);
        let text = match &a {
            Ok(answer) if (200..300).contains(&answer.status) => {
                format!("answered {}", answer.status)
            }
            _ => got(&a),
        };
        add(
            &mut progress,
            outcome(
                "bind-created",
                &v,
                passed,
                format!("PUT a new binding {text}; expected 201."),
            ),
        );
        let a = out
            .call(
                Method::DELETE,
                &base(&format!("{binding_path}?{q}")),
                &target.auth,
                Some(&v),
                None,
            )
            .await;
        let passed = status_of(&a) == Some(200);
        add(
            &mut progress,
            outcome(
                "unbind-ok",
                &v,
                passed,
                format!("DELETE the binding {}; expected 200.", got(&a)),
            ),
        );
    } else {
        for id in ["bind-created", "unbind-ok"] {
            let why = if bindable {
                "Skipped: provisioning failed, so there is no instance to bind to."
            } else {
                "Not applicable: the plan is not bindable."
            };
            let mut o = outcome(id, &v, !bindable, why.into());
            o.skipped = !bindable;
            add(&mut progress, o);
        }
    }
    let a = out
        .call(
            Method::DELETE,
            &base(&format!("{binding_path}?{q}")),
            &target.auth,
            Some(&v),
            None,
        )
        .await;
    let passed = status_of(&a) == Some(410);
    add(
        &mut progress,
        outcome(
            "unbind-unknown-410",
            &v,
            passed,
            format!(
                "DELETE a binding that no longer exists {}; expected 410.",
                got(&a)
            ),
        ),
    );
    progress.save("running").await;

    // Deprovision.
    let a = out
        .call(
            Method::DELETE,
            &base(&format!(
                "{}?{q}&accepts_incomplete=true",
                instance_path(&instance)
            )),
            &target.auth,
            Some(&v),
            None,
        )
        .await;
    let passed = matches!(status_of(&a), Some(200 | 202));
    add(
        &mut progress,
        outcome(
            "deprovision-ok",
            &v,
            passed,
            format!("DELETE the instance {}; expected 200 (or 202).", got(&a)),
        ),
    );
    let a = out
        .call(
            Method::DELETE,
            &base(&format!("{}?{q}", instance_path(&unknown))),
            &target.auth,
            Some(&v),
            None,
        )
        .await;
    let passed = status_of(&a) == Some(410);
    add(
        &mut progress,
        outcome(
            "deprovision-unknown-410",
            &v,
            passed,
            format!(
                "DELETE an instance that never existed {}; expected 410.",
                got(&a)
            ),
        ),
    );

    let results: Vec<(&str, bool)> = progress
        .result
        .checks
        .iter()
        .map(|c| (c.id.as_str(), c.passed))
        .collect();
    let passed = broker::run_passes_at(&results, &v);
    progress
        .save(if passed { "passed" } else { "failed" })
        .await;
    passed
}
