//! The conformance run (SPEC §12): every check of `CONFORMANCE_CHECKS` against the broker, the
//! outcomes stored as they come in. Each outcome carries the requests it sent and what came
//! back; the report adds the spec sentence and the fix from the domain table. This file holds
//! the driver and the instance checks; `runs_conformance_bind.rs` the binding, plan change and
//! deprovision checks.

use super::{
    instance_path, provision_body, query, Progress, Target, FIRST_WAIT, MAX_POLLS, MAX_WAIT,
};
use crate::brokers::client::{join, Answer, Auth, Failure, Outbound};
use crate::brokers::server::{CheckOutcome, Exchange, RunResult};
use crate::domain::broker::{self, ExpectedPlan, ExpectedService, Strength};
use crate::domain::parameters::{self, Parameter};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::SqlitePool;

#[path = "runs_conformance_bind.rs"]
mod bind;

/// A plan id and a service id no catalog lists, for the invalid-data checks.
const UNKNOWN_PLAN: &str = "rmc-conformance-unknown-plan";
const UNKNOWN_SERVICE: &str = "rmc-conformance-unknown-service";
/// A `maintenance_info.version` no catalog declares.
const STALE_MAINTENANCE: &str = "0.0.0-rmc-conformance";

/// One request of a check and what came back.
struct Call {
    answer: Result<Answer, Failure>,
    exchange: Exchange,
}

impl Call {
    fn status(&self) -> Option<u16> {
        self.answer.as_ref().ok().map(|a| a.status)
    }

    fn json(&self) -> Option<Value> {
        self.answer.as_ref().ok().and_then(Answer::json)
    }

    fn succeeded(&self) -> bool {
        matches!(self.status(), Some(200..=299))
    }

    /// "answered 201", "answered 409: {…}" or why no answer came (as the reasons say it).
    fn got(&self) -> String {
        match &self.answer {
            Ok(a) if a.body.trim().is_empty() || (200..300).contains(&a.status) => {
                format!("answered {}", a.status)
            }
            Ok(a) => format!("answered {}: {}", a.status, a.excerpt()),
            Err(f) => f.message.clone(),
        }
    }

    /// The status, or `—` when no answer came (the exchange says why), for a list of statuses.
    fn code(&self) -> String {
        self.status()
            .map_or_else(|| "—".to_string(), |s| s.to_string())
    }
}

/// What the broker's own catalog says about the service and the plan under test.
#[derive(Default)]
struct Facts {
    instances_retrievable: bool,
    bindings_retrievable: bool,
    /// Another plan of the service, when the plan under test is updateable.
    update_to: Option<String>,
    maintenance_version: Option<String>,
}

impl Facts {
    fn of(catalog: Option<&Value>, service_id: &str, plan_id: &str) -> Facts {
        let service = catalog
            .and_then(|c| c.get("services"))
            .and_then(Value::as_array)
            .and_then(|s| s.iter().find(|s| s["id"] == service_id));
        let Some(service) = service else {
            return Facts::default();
        };
        let plans = service["plans"].as_array().cloned().unwrap_or_default();
        let plan = plans.iter().find(|p| p["id"] == plan_id);
        let flag = |v: &Value, name: &str| v.get(name).and_then(Value::as_bool);
        let updateable = plan
            .and_then(|p| flag(p, "plan_updateable"))
            .or_else(|| flag(service, "plan_updateable"))
            .unwrap_or(false);
        Facts {
            instances_retrievable: flag(service, "instances_retrievable") == Some(true),
            bindings_retrievable: flag(service, "bindings_retrievable") == Some(true),
            update_to: plans
                .iter()
                .filter_map(|p| p["id"].as_str())
                .find(|id| *id != plan_id)
                .filter(|_| updateable)
                .map(str::to_owned),
            maintenance_version: plan
                .and_then(|p| p["maintenance_info"]["version"].as_str())
                .map(str::to_owned),
        }
    }
}

/// A conformance run in progress: where to call, and the report so far.
struct Conformance<'a> {
    out: &'a Outbound,
    target: &'a Target,
    service_id: String,
    plan_id: String,
    progress: Progress<'a>,
    /// The invalid-data probes of every operation (each probe first, then any clean-up after
    /// it), reported together at the end.
    unknown_ids: Vec<Vec<Call>>,
    /// The plan's create-time parameters (the console's definition).
    parameters: Vec<Parameter>,
}

impl<'a> Conformance<'a> {
    fn version(&self) -> &str {
        &self.target.api_version
    }

    /// Sends one request as the report will show it.
    async fn send_as(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        version: Option<&str>,
        body: Option<&Value>,
    ) -> Call {
        let sent = match body {
            Some(body) => format!("{method} {path}\n{body}"),
            None => format!("{method} {path}"),
        };
        let withheld = path.contains("/service_bindings/") && method != Method::DELETE;
        let answer = self
            .out
            .call(method, &join(&self.target.base, path), auth, version, body)
            .await;
        let received = match &answer {
            // A binding's answer carries its credentials: only the status is kept.
            Ok(a) if withheld && (200..300).contains(&a.status) => a.status.to_string(),
            Ok(a) if a.body.trim().is_empty() => a.status.to_string(),
            Ok(a) => format!("{} {}", a.status, a.excerpt()),
            Err(f) => f.message.clone(),
        };
        Call {
            answer,
            exchange: Exchange { sent, received },
        }
    }

    /// A request with the broker's credentials and registered version.
    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Call {
        let version = self.target.api_version.clone();
        self.send_as(method, path, &self.target.auth, Some(&version), body)
            .await
    }

    fn add(&mut self, id: &str, passed: bool, reason: String, calls: &[&Call]) {
        let check = broker::conformance_check(id);
        self.progress.result.checks.push(CheckOutcome {
            id: id.into(),
            strength: check
                .map(|c| c.strength_at(&self.target.api_version))
                .unwrap_or(Strength::Must)
                .label()
                .into(),
            title: check.map(|c| c.title).unwrap_or(id).into(),
            passed,
            skipped: false,
            reason,
            exchanges: calls.iter().map(|c| c.exchange.clone()).collect(),
        });
    }

    /// A check of one request that must be answered with one of `expected`.
    fn judge(&mut self, id: &str, call: &Call, expected: &[u16], reason: String) {
        let passed = call.status().is_some_and(|s| expected.contains(&s));
        self.add(id, passed, reason, &[call]);
    }

    /// A check that could not be made: `applies` false means "not applicable" (counts as
    /// passed), true means it applies but an earlier step left nothing to check (a failure).
    fn skip(&mut self, id: &str, applies: bool, reason: &str) {
        self.add(id, !applies, reason.into(), &[]);
        let last = self.progress.result.checks.last_mut().expect("just added");
        last.skipped = !applies;
    }

    /// A check of probes that must each be refused with 400: each group is the probe, then
    /// any clean-up after it (shown, not judged).
    fn expect_probes(&mut self, id: &str, groups: &[Vec<Call>]) {
        let probes: Vec<&Call> = groups.iter().filter_map(|g| g.first()).collect();
        let passed = probes.iter().all(|c| c.status() == Some(400));
        let codes: Vec<String> = probes.iter().map(|c| c.code()).collect();
        let reason = format!("Answered {}; expected 400.", codes.join(", "));
        let all: Vec<&Call> = groups.iter().flatten().collect();
        self.add(id, passed, reason, &all);
    }

    /// A provision body for `plan` with parameters the plan's schema accepts.
    fn body(&self, plan: &str) -> Value {
        provision_body(
            &self.service_id,
            plan,
            parameters::valid_sample(&self.parameters),
        )
    }

    /// The same provision with different attributes: other valid parameters, or (when no
    /// parameter has another valid value) a different `context`.
    fn different_body(&self) -> Value {
        match parameters::different_sample(&self.parameters) {
            Some(other) => provision_body(&self.service_id, &self.plan_id, other),
            None if self.parameters.is_empty() => provision_body(
                &self.service_id,
                &self.plan_id,
                json!({ "rmc-conformance": "different" }),
            ),
            None => {
                let mut body = self.body(&self.plan_id);
                body["context"]["rmc_conformance"] = json!("different");
                body
            }
        }
    }

    fn ids_query(&self, plan: &str) -> String {
        query(&self.service_id, plan)
    }

    /// Deletes an instance a probe created by mistake (its call joins the probe's report).
    async fn clean_up_instance(&self, instance: &str) -> Call {
        let path = format!(
            "{}?{}&accepts_incomplete=true",
            instance_path(instance),
            self.ids_query(&self.plan_id)
        );
        self.send(Method::DELETE, &path, None).await
    }

    /// Follows an operation through `last_operation` until it ends; `(succeeded, states, why)`.
    async fn follow(&self, instance: &str, operation: Option<&str>) -> (bool, Vec<String>, String) {
        let mut path = format!(
            "{}/last_operation?{}",
            instance_path(instance),
            self.ids_query(&self.plan_id)
        );
        if let Some(op) = operation {
            path.push_str(&format!("&operation={}", urlencoding::encode(op)));
        }
        let (mut wait, mut states) = (FIRST_WAIT, Vec::new());
        for _ in 0..MAX_POLLS {
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(MAX_WAIT);
            let call = self.send(Method::GET, &path, None).await;
            let state = call
                .json()
                .filter(|_| call.status() == Some(200))
                .and_then(|j| j.get("state").and_then(Value::as_str).map(str::to_owned));
            match state.as_deref() {
                Some("in progress") => states.push("in progress".to_string()),
                Some("succeeded") => {
                    states.push("succeeded".into());
                    return (true, states, String::new());
                }
                Some(other) => {
                    return (false, states, format!("last_operation reported `{other}`."))
                }
                None => {
                    let why = format!(
                        "last_operation {}; expected 200 with a `state`.",
                        call.got()
                    );
                    return (false, states, why);
                }
            }
        }
        (
            false,
            states,
            format!("Still in progress after {MAX_POLLS} polls."),
        )
    }

    async fn save(&self) {
        self.progress.save("running").await;
    }
}

fn operation_of(call: &Call) -> Option<String> {
    call.json().and_then(|j| {
        j.get("operation")
            .and_then(Value::as_str)
            .map(str::to_owned)
    })
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
    let mut run = Conformance {
        out,
        target,
        service_id: expected.id.clone(),
        plan_id: plan.id.clone(),
        progress: Progress {
            pool,
            run_id,
            result: RunResult {
                planned_steps: broker::CONFORMANCE_CHECKS.len(),
                plan_name: Some(plan.name.clone()),
                ..Default::default()
            },
        },
        unknown_ids: Vec::new(),
        parameters: plan.parameters.clone(),
    };
    let catalog = run.catalog().await;
    run.authentication_and_version().await;
    let facts = Facts::of(catalog.as_ref(), &expected.id, &plan.id);
    run.provision_refusals(&facts).await;
    let instance = uuid::Uuid::new_v4().to_string();
    let provisioned = run.provision(&instance).await;
    run.fetch_instance(&instance, provisioned, &facts).await;
    let bindable = plan.bindable.unwrap_or(expected.bindable);
    run.bindings(&instance, provisioned, bindable, &facts).await;
    let plan_now = run.update_plan(&instance, provisioned, &facts).await;
    let deprovisioned = run.deprovision(&instance, provisioned, &plan_now).await;
    run.reprovision(&instance, deprovisioned).await;
    run.report_unknown_ids();

    let results: Vec<(&str, bool)> = run
        .progress
        .result
        .checks
        .iter()
        .map(|c| (c.id.as_str(), c.passed))
        .collect();
    let passed = broker::run_passes_at(&results, &target.api_version);
    run.progress
        .save(if passed { "passed" } else { "failed" })
        .await;
    passed
}

impl Conformance<'_> {
    /// The catalog checks; the served catalog, when it is one.
    async fn catalog(&mut self) -> Option<Value> {
        let call = self.send(Method::GET, "/v2/catalog", None).await;
        let json = call.json().filter(|_| call.status() == Some(200));
        match &json {
            Some(json) => {
                let findings = broker::catalog_findings(json);
                for (id, passed) in broker::catalog_check_results(json) {
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
                    self.add(id, passed, reason, &[&call]);
                }
            }
            None => {
                for id in [
                    broker::CHECK_CATALOG_SCHEMA,
                    broker::CHECK_CATALOG_UNIQUE,
                    broker::CHECK_CATALOG_NAMES,
                ] {
                    let reason = format!("GET /v2/catalog {}; no catalog to check.", call.got());
                    self.add(id, false, reason, &[&call]);
                }
            }
        }
        self.save().await;
        json
    }

    async fn authentication_and_version(&mut self) {
        let (version, auth) = (Some(self.version().to_owned()), self.target.auth.clone());
        let cases: [(&str, Auth, Option<String>); 4] = [
            ("auth-missing-401", Auth::None, version.clone()),
            ("auth-wrong-401", self.target.wrong_auth(), version),
            ("version-missing-rejected", auth.clone(), None),
            ("version-unsupported-412", auth, Some("1.0".into())),
        ];
        for (id, auth, version) in cases {
            let call = self
                .send_as(Method::GET, "/v2/catalog", &auth, version.as_deref(), None)
                .await;
            let got = call.got();
            let (passed, reason) = match id {
                "auth-missing-401" => (
                    call.status() == Some(401),
                    format!("Without credentials: GET /v2/catalog {got}; expected 401."),
                ),
                "auth-wrong-401" => (
                    call.status() == Some(401),
                    format!("With a wrong password or token: GET /v2/catalog {got}; expected 401."),
                ),
                "version-missing-rejected" => (
                    matches!(call.status(), Some(400 | 412)),
                    format!(
                        "Without X-Broker-API-Version: GET /v2/catalog {got}; expected 400 or 412."
                    ),
                ),
                _ => (
                    call.status() == Some(412),
                    format!("With X-Broker-API-Version: 1.0: GET /v2/catalog {got}; expected 412."),
                ),
            };
            self.add(id, passed, reason, &[&call]);
        }
        self.save().await;
    }

    /// Provisions that must be refused: without ids, with an unknown plan, with a stale
    /// `maintenance_info`. Whatever a broker creates by mistake is deleted again.
    async fn provision_refusals(&mut self, facts: &Facts) {
        let mut groups = Vec::new();
        for leave_out in ["service_id", "plan_id"] {
            let mut body = self.body(&self.plan_id);
            if let Some(fields) = body.as_object_mut() {
                fields.remove(leave_out);
            }
            groups.push(self.provision_probe(&body).await);
        }
        self.expect_probes("provision-missing-ids-400", &groups);

        let body = self.body(UNKNOWN_PLAN);
        let probe = self.provision_probe(&body).await;
        self.unknown_ids.push(probe);
        let sample = parameters::valid_sample(&self.parameters);
        let body = provision_body(UNKNOWN_SERVICE, &self.plan_id, sample);
        let probe = self.provision_probe(&body).await;
        self.unknown_ids.push(probe);

        match &facts.maintenance_version {
            Some(declared) => {
                let mut body = self.body(&self.plan_id);
                body["maintenance_info"] = json!({ "version": STALE_MAINTENANCE });
                let calls = self.provision_probe(&body).await;
                let refused = &calls[0];
                let code = refused
                    .json()
                    .and_then(|j| j.get("error").and_then(Value::as_str).map(str::to_owned));
                let passed = refused.status() == Some(422)
                    && code.as_deref() == Some("MaintenanceInfoConflict");
                let reason = format!(
                    "maintenance_info.version {STALE_MAINTENANCE} against the catalog's {declared}: {}; expected 422 with the error MaintenanceInfoConflict.",
                    refused.got()
                );
                let refs: Vec<&Call> = calls.iter().collect();
                self.add("maintenance-info-422", passed, reason, &refs);
            }
            None => self.skip(
                "maintenance-info-422",
                false,
                "Not applicable: the plan declares no maintenance_info.",
            ),
        }
        match parameters::invalid_sample(&self.parameters) {
            Some(invalid) => {
                let body = provision_body(&self.service_id, &self.plan_id, invalid);
                let probe = self.provision_probe(&body).await;
                self.expect_probes("parameters-invalid-400", &[probe]);
            }
            None => self.skip(
                "parameters-invalid-400",
                false,
                "Not applicable: the plan has no create-time parameters.",
            ),
        }
        self.save().await;
    }

    /// PUTs `body` on a new instance id; when the broker created it, the clean-up follows.
    async fn provision_probe(&self, body: &Value) -> Vec<Call> {
        let instance = uuid::Uuid::new_v4().to_string();
        let path = format!("{}?accepts_incomplete=true", instance_path(&instance));
        let probe = self.send(Method::PUT, &path, Some(body)).await;
        let created = probe.succeeded();
        let mut calls = vec![probe];
        if created {
            calls.push(self.clean_up_instance(&instance).await);
        }
        calls
    }

    /// provision-created, last-operation, provision-identical-200, provision-conflict-409 and
    /// last-operation-unknown. Whether the instance exists afterwards.
    async fn provision(&mut self, instance: &str) -> bool {
        let path = format!("{}?accepts_incomplete=true", instance_path(instance));
        let body = self.body(&self.plan_id);
        let first = self.send(Method::PUT, &path, Some(&body)).await;
        let reason = format!("PUT a new instance {}; expected 201 (or 202).", first.got());
        let status = first.status();
        self.judge("provision-created", &first, &[201, 202], reason);
        let provisioned = matches!(status, Some(200..=202));
        if status == Some(202) {
            let (passed, states, why) =
                self.follow(instance, operation_of(&first).as_deref()).await;
            let reason = if passed {
                format!(
                    "Provision answered 202; last_operation went {}.",
                    states.join(" → ")
                )
            } else {
                why
            };
            self.add("last-operation", passed, reason, &[]);
        } else {
            self.skip(
                "last-operation",
                false,
                "Not applicable: the broker provisioned synchronously.",
            );
        }
        let again = self.send(Method::PUT, &path, Some(&body)).await;
        let reason = format!(
            "PUT the same instance again with the same body {}; expected 200.",
            again.got()
        );
        self.judge("provision-identical-200", &again, &[200], reason);
        let different = self.different_body();
        let conflict = self.send(Method::PUT, &path, Some(&different)).await;
        let reason = format!(
            "PUT the same instance with different parameters {}; expected 409.",
            conflict.got()
        );
        self.judge("provision-conflict-409", &conflict, &[409], reason);
        self.save().await;

        let unknown = uuid::Uuid::new_v4().to_string();
        let path = format!(
            "{}/last_operation?{}",
            instance_path(&unknown),
            self.ids_query(&self.plan_id)
        );
        let call = self.send(Method::GET, &path, None).await;
        let reason = format!(
            "last_operation of an instance that never existed {}; expected 404 (or 410).",
            call.got()
        );
        self.judge("last-operation-unknown", &call, &[404, 410], reason);
        provisioned
    }

    async fn fetch_instance(&mut self, instance: &str, provisioned: bool, facts: &Facts) {
        const ID: &str = "instance-fetch-200";
        if !facts.instances_retrievable {
            let why = "Not applicable: the catalog does not declare instances_retrievable.";
            return self.skip(ID, false, why);
        }
        if !provisioned {
            let why = "Skipped: provisioning failed, so there is no instance to check.";
            return self.skip(ID, true, why);
        }
        let call = self.send(Method::GET, &instance_path(instance), None).await;
        let object = call.json().is_some_and(|j| j.is_object());
        let passed = call.status() == Some(200) && object;
        let reason = format!("Answered {}; expected 200 with a JSON object.", call.code());
        self.add(ID, passed, reason, &[&call]);
        self.save().await;
    }

    /// The invalid-data probes of every operation, as one check.
    fn report_unknown_ids(&mut self) {
        let groups = std::mem::take(&mut self.unknown_ids);
        self.expect_probes("unknown-ids-400", &groups);
    }
}
