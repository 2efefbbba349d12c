//! The conformance run's binding, plan change, deprovision and re-provision checks.

use super::{instance_path, operation_of, Call, Conformance, Facts, UNKNOWN_PLAN};
use crate::brokers::client::PLATFORM;
use reqwest::Method;
use serde_json::{json, Value};

const BIND_IDS: &[&str] = &[
    "bind-missing-ids-400",
    "bind-created",
    "bind-identical-200",
    "bind-conflict-409",
    "binding-fetch-200",
    "unbind-missing-ids-400",
    "unbind-ok",
];

impl Conformance<'_> {
    fn bind_body(&self, plan: &str, parameters: Value) -> Value {
        json!({
            "service_id": self.service_id,
            "plan_id": plan,
            "bind_resource": { "app_guid": "rmc-conformance" },
            "context": { "platform": PLATFORM },
            "parameters": parameters,
        })
    }

    fn binding_path(instance: &str, binding: &str) -> String {
        format!("{}/service_bindings/{binding}", instance_path(instance))
    }

    /// PUTs `body` on a new binding; when the broker created it, the clean-up follows.
    async fn bind_probe(&self, instance: &str, body: &Value) -> Vec<Call> {
        let path = Self::binding_path(instance, &uuid::Uuid::new_v4().to_string());
        let probe = self.send(Method::PUT, &path, Some(body)).await;
        let created = probe.succeeded();
        let mut calls = vec![probe];
        if created {
            let query = self.ids_query(&self.plan_id);
            calls.push(
                self.send(Method::DELETE, &format!("{path}?{query}"), None)
                    .await,
            );
        }
        calls
    }

    /// Every binding check; the unknown-binding unbind runs even without an instance.
    pub(super) async fn bindings(
        &mut self,
        instance: &str,
        provisioned: bool,
        bindable: bool,
        facts: &Facts,
    ) {
        if bindable && provisioned {
            self.bind_checks(instance, facts).await;
        } else {
            let why = if bindable {
                "Skipped: provisioning failed, so there is no instance to bind to."
            } else {
                "Not applicable: the plan is not bindable."
            };
            for id in BIND_IDS {
                self.skip(id, bindable, why);
            }
        }
        let gone = Self::binding_path(instance, &uuid::Uuid::new_v4().to_string());
        let query = self.ids_query(&self.plan_id);
        let call = self
            .send(Method::DELETE, &format!("{gone}?{query}"), None)
            .await;
        let reason = format!(
            "DELETE a binding that no longer exists {}; expected 410.",
            call.got()
        );
        self.judge("unbind-unknown-410", &call, &[410], reason);
        self.save().await;
    }

    async fn bind_checks(&mut self, instance: &str, facts: &Facts) {
        let mut groups = Vec::new();
        for leave_out in ["service_id", "plan_id"] {
            let mut body = self.bind_body(&self.plan_id, json!({}));
            if let Some(fields) = body.as_object_mut() {
                fields.remove(leave_out);
            }
            groups.push(self.bind_probe(instance, &body).await);
        }
        self.expect_probes("bind-missing-ids-400", &groups);
        let body = self.bind_body(UNKNOWN_PLAN, json!({}));
        let probe = self.bind_probe(instance, &body).await;
        self.unknown_ids.push(probe);

        let path = Self::binding_path(instance, &uuid::Uuid::new_v4().to_string());
        let body = self.bind_body(&self.plan_id, json!({}));
        let first = self.send(Method::PUT, &path, Some(&body)).await;
        let reason = format!("PUT a new binding {}; expected 201.", first.got());
        self.judge("bind-created", &first, &[201], reason);
        if !first.succeeded() {
            let why = "Skipped: binding failed, so there is no binding to check.";
            for id in &BIND_IDS[2..] {
                self.skip(id, true, why);
            }
            return;
        }
        let again = self.send(Method::PUT, &path, Some(&body)).await;
        let reason = format!(
            "PUT the same binding again with the same body {}; expected 200.",
            again.got()
        );
        self.judge("bind-identical-200", &again, &[200], reason);
        let different = self.bind_body(&self.plan_id, json!({ "rmc-conformance": "different" }));
        let conflict = self.send(Method::PUT, &path, Some(&different)).await;
        let reason = format!(
            "PUT the same binding with different parameters {}; expected 409.",
            conflict.got()
        );
        self.judge("bind-conflict-409", &conflict, &[409], reason);
        if facts.bindings_retrievable {
            let call = self.send(Method::GET, &path, None).await;
            let reason = format!("GET the binding {}; expected 200.", call.got());
            self.judge("binding-fetch-200", &call, &[200], reason);
        } else {
            let why = "Not applicable: the catalog does not declare bindings_retrievable.";
            self.skip("binding-fetch-200", false, why);
        }
        self.save().await;
        self.unbind_checks(&path).await;
    }

    /// Unbinding without ids and with an unknown plan (both must leave the binding), then for
    /// real.
    async fn unbind_checks(&mut self, path: &str) {
        let probes = [
            format!("{path}?plan_id={}", self.plan_id),
            format!("{path}?service_id={}", self.service_id),
        ];
        let mut groups = Vec::new();
        let mut deleted = false;
        for probe in &probes {
            let call = self.send(Method::DELETE, probe, None).await;
            deleted |= call.succeeded();
            groups.push(vec![call]);
        }
        self.expect_probes("unbind-missing-ids-400", &groups);
        if !deleted {
            let probe = format!("{path}?{}", self.ids_query(UNKNOWN_PLAN));
            let call = self.send(Method::DELETE, &probe, None).await;
            deleted |= call.succeeded();
            self.unknown_ids.push(vec![call]);
        }
        if deleted {
            let why = "Skipped: a request with missing or unknown ids already deleted the binding.";
            return self.skip("unbind-ok", true, why);
        }
        let query = self.ids_query(&self.plan_id);
        let call = self
            .send(Method::DELETE, &format!("{path}?{query}"), None)
            .await;
        let reason = format!("DELETE the binding {}; expected 200.", call.got());
        self.judge("unbind-ok", &call, &[200], reason);
    }

    /// A change to another plan when the plan is updateable; the plan the instance is on after.
    pub(super) async fn update_plan(
        &mut self,
        instance: &str,
        provisioned: bool,
        facts: &Facts,
    ) -> String {
        const ID: &str = "plan-update-200";
        let Some(other) = facts.update_to.clone() else {
            let why =
                "Not applicable: the plan is not updateable, or the service has no other plan.";
            self.skip(ID, false, why);
            return self.plan_id.clone();
        };
        if !provisioned {
            let why = "Skipped: provisioning failed, so there is no instance to check.";
            self.skip(ID, true, why);
            return self.plan_id.clone();
        }
        let body = json!({
            "service_id": self.service_id,
            "plan_id": other,
            "previous_values": { "service_id": self.service_id, "plan_id": self.plan_id },
            "context": { "platform": PLATFORM },
        });
        let path = format!("{}?accepts_incomplete=true", instance_path(instance));
        let call = self.send(Method::PATCH, &path, Some(&body)).await;
        let mut passed = matches!(call.status(), Some(200 | 202));
        let mut reason = format!(
            "PATCH to plan {other} {}; expected 200 (or 202).",
            call.got()
        );
        if call.status() == Some(202) {
            let (done, states, why) = self.follow(instance, operation_of(&call).as_deref()).await;
            passed = done;
            reason = if done {
                format!(
                    "The plan change answered 202; last_operation went {}.",
                    states.join(" → ")
                )
            } else {
                why
            };
        }
        self.add(ID, passed, reason, &[&call]);
        self.save().await;
        if passed {
            other
        } else {
            self.plan_id.clone()
        }
    }

    /// Deprovisioning without ids and with an unknown plan (both must leave the instance), then
    /// for real, then an instance that never existed. Whether the instance is gone.
    pub(super) async fn deprovision(
        &mut self,
        instance: &str,
        provisioned: bool,
        plan: &str,
    ) -> bool {
        let path = instance_path(instance);
        let probes = [
            format!("{path}?plan_id={plan}&accepts_incomplete=true"),
            format!(
                "{path}?service_id={}&accepts_incomplete=true",
                self.service_id
            ),
        ];
        let mut groups = Vec::new();
        let mut deleted = false;
        for probe in &probes {
            let call = self.send(Method::DELETE, probe, None).await;
            deleted |= call.succeeded();
            groups.push(vec![call]);
        }
        self.expect_probes("deprovision-missing-ids-400", &groups);
        if !deleted {
            let probe = format!(
                "{path}?{}&accepts_incomplete=true",
                self.ids_query(UNKNOWN_PLAN)
            );
            let call = self.send(Method::DELETE, &probe, None).await;
            deleted |= call.succeeded();
            self.unknown_ids.push(vec![call]);
        }
        let mut gone = deleted;
        if deleted {
            let why =
                "Skipped: a request with missing or unknown ids already deleted the instance.";
            self.skip("deprovision-ok", true, why);
        } else if !provisioned {
            let why = "Skipped: provisioning failed, so there is no instance to check.";
            self.skip("deprovision-ok", true, why);
        } else {
            let query = self.ids_query(plan);
            let call = self
                .send(
                    Method::DELETE,
                    &format!("{path}?{query}&accepts_incomplete=true"),
                    None,
                )
                .await;
            let passed = matches!(call.status(), Some(200 | 202));
            let reason = format!("DELETE the instance {}; expected 200 (or 202).", call.got());
            self.add("deprovision-ok", passed, reason, &[&call]);
            gone = passed;
            if call.status() == Some(202) {
                gone = self
                    .wait_until_gone(instance, operation_of(&call).as_deref())
                    .await;
            }
        }
        let never = instance_path(&uuid::Uuid::new_v4().to_string());
        let query = self.ids_query(&self.plan_id);
        let call = self
            .send(Method::DELETE, &format!("{never}?{query}"), None)
            .await;
        let reason = format!(
            "DELETE an instance that never existed {}; expected 410.",
            call.got()
        );
        self.judge("deprovision-unknown-410", &call, &[410], reason);
        self.save().await;
        gone
    }

    /// Polls an asynchronous deprovision until last_operation says it ended (410 or
    /// `succeeded`).
    async fn wait_until_gone(&self, instance: &str, operation: Option<&str>) -> bool {
        let mut path = format!(
            "{}/last_operation?{}",
            instance_path(instance),
            self.ids_query(&self.plan_id)
        );
        if let Some(op) = operation {
            path.push_str(&format!("&operation={}", urlencoding::encode(op)));
        }
        for _ in 0..super::MAX_POLLS {
            tokio::time::sleep(super::FIRST_WAIT).await;
            let call = self.send(Method::GET, &path, None).await;
            let state = call
                .json()
                .and_then(|j| j.get("state").and_then(Value::as_str).map(str::to_owned));
            match (call.status(), state.as_deref()) {
                (Some(410), _) | (Some(200), Some("succeeded")) => return true,
                (Some(200), Some("in progress")) => continue,
                _ => return false,
            }
        }
        false
    }

    /// The deprovisioned instance's id provisioned again (and deleted after).
    pub(super) async fn reprovision(&mut self, instance: &str, deprovisioned: bool) {
        const ID: &str = "reprovision-201";
        if !deprovisioned {
            let why =
                "Skipped: the instance was not deprovisioned, so its id cannot be used again.";
            return self.skip(ID, true, why);
        }
        let path = format!("{}?accepts_incomplete=true", instance_path(instance));
        let body = self.body(&self.plan_id);
        let call = self.send(Method::PUT, &path, Some(&body)).await;
        let status = call.status();
        let mut passed = matches!(status, Some(201 | 202));
        if status == Some(202) {
            passed = self
                .follow(instance, operation_of(&call).as_deref())
                .await
                .0;
        }
        let reason = format!(
            "PUT the deprovisioned instance id again {}; expected 201 (or 202).",
            call.got()
        );
        let mut calls = vec![call];
        if matches!(status, Some(200..=202)) {
            calls.push(self.clean_up_instance(instance).await);
        }
        let refs: Vec<&Call> = calls.iter().collect();
        self.add(ID, passed, reason, &refs);
        self.save().await;
    }
}
