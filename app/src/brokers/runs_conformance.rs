//! The conformance run (SPEC §12): every check of `CONFORMANCE_CHECKS` against the broker, the
//! outcomes stored as they come in.

use super::{
    instance_path, provision_body, query, Progress, Target, FIRST_WAIT, MAX_POLLS, MAX_WAIT,
};
use crate::brokers::client::{join, Answer, Auth, Failure, Outbound};
use crate::brokers::server::{CheckOutcome, RunResult};
use crate::domain::broker::{self, ExpectedPlan, ExpectedService, Strength};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::SqlitePool;

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
            &Auth::None,
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
