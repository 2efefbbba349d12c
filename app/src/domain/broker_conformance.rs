//! Conformance checks (SPEC §12): which checks there are, how strongly the OSB spec words each
//! (per API version), and whether a run passes.

use super::{CHECK_CATALOG_NAMES, CHECK_CATALOG_SCHEMA, CHECK_CATALOG_UNIQUE};
use serde::{Deserialize, Serialize};

/// How strongly the OSB spec words a requirement (RFC 2119; RECOMMENDED counts as SHOULD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Strength {
    Must,
    Should,
    May,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Must => "MUST",
            Strength::Should => "SHOULD",
            Strength::May => "MAY",
        }
    }
}

/// One check of a conformance run. `strength` is the wording of OSB v2.17, the newest version a
/// broker can be registered with; `strength_at` gives it for an older version. `spec` is the
/// sentence of the spec the strength comes from, quoted in the report; `fix` tells the provider
/// what to change in their broker when the check fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConformanceCheck {
    pub id: &'static str,
    pub strength: Strength,
    pub title: &'static str,
    pub spec: &'static str,
    pub fix: &'static str,
}

pub const CONFORMANCE_CHECKS: &[ConformanceCheck] = &[
    ConformanceCheck {
        id: CHECK_CATALOG_SCHEMA,
        strength: Strength::Must,
        title: "The catalog is well-formed: every required field is there with the right type, and each service has at least one plan",
        spec: "* Fields with an asterisk are REQUIRED. … [plans] MUST contain at least one Service Plan. … [id, name, description] MUST be a non-empty string.",
        fix: "Serve GET /v2/catalog as {\"services\": [ … ]} with every required field (id, name, description, bindable, plans) of the right type and at least one plan per service.",
    },
    ConformanceCheck {
        id: CHECK_CATALOG_UNIQUE,
        strength: Strength::Must,
        title: "Service ids and names, plan ids, and plan names within a service are unique",
        spec: "[Service Offering name] MUST be unique across all Service Offering objects returned in this response. … [Service Plan name] MUST be unique within the Service Offering. … [id] This MUST be globally unique …",
        fix: "Give every service and plan its own id, every service its own name, and the plans of one service different names.",
    },
    ConformanceCheck {
        id: CHECK_CATALOG_NAMES,
        strength: Strength::Should,
        title: "Service and plan names are CLI-friendly (letters, digits, periods and hyphens)",
        spec: "Using a CLI-friendly name is RECOMMENDED.",
        fix: "Name services and plans with letters, digits, periods and hyphens only (no spaces).",
    },
    ConformanceCheck {
        id: "auth-missing-401",
        strength: Strength::Must,
        title: "A request without credentials is answered 401 Unauthorized",
        spec: "If authentication is used, the Service Broker MUST authenticate the request using the predetermined authentication mechanism, and MUST return a `401 Unauthorized` response if the authentication fails.",
        fix: "Check the credentials on every endpoint and answer 401 when they are missing.",
    },
    ConformanceCheck {
        id: "auth-wrong-401",
        strength: Strength::Must,
        title: "A request with wrong credentials is answered 401 Unauthorized",
        spec: "If authentication is used, the Service Broker MUST authenticate the request using the predetermined authentication mechanism, and MUST return a `401 Unauthorized` response if the authentication fails.",
        fix: "Compare the password or token with the registered one on every request and answer 401 when it differs.",
    },
    ConformanceCheck {
        id: "version-missing-rejected",
        strength: Strength::May,
        title: "A request without X-Broker-API-Version is rejected (400 Bad Request or 412 Precondition Failed)",
        spec: "If the request from the Platform to the Service Broker doesn't contain this header, then the Service Broker MAY reject the request with `400 Bad Request` and provide a message that the header is required.",
        fix: "Answer 400 (or 412) with a description when the X-Broker-API-Version header is missing.",
    },
    ConformanceCheck {
        id: "version-unsupported-412",
        strength: Strength::May,
        title: "A request with an unsupported X-Broker-API-Version is answered 412 Precondition Failed",
        spec: "In this scenario the Service Broker MAY reject the request with `412 Precondition Failed` and provide a message that informs the operator of the API version that is to be used instead.",
        fix: "Answer 412 with a description naming the versions the broker supports when X-Broker-API-Version is one it does not.",
    },
    ConformanceCheck {
        id: "provision-created",
        strength: Strength::Must,
        title: "Provisioning a new instance is answered 201 Created (202 Accepted when it runs asynchronously)",
        spec: "201 Created | MUST be returned if the Service Instance was provisioned as a result of this request. … 202 Accepted | MUST be returned if the Service Instance provisioning is in progress.",
        fix: "Create the instance and answer 201 with a JSON body (202 and an operation when it is created in the background).",
    },
    ConformanceCheck {
        id: "provision-identical-200",
        strength: Strength::Should,
        title: "Repeating an identical provision request for an existing instance is answered 200 OK",
        spec: "200 OK | SHOULD be returned if the Service Instance already exists, is fully provisioned, and the requested parameters are identical to the existing Service Instance.",
        fix: "Remember what each instance was created with; answer 200 to a repeated request with the same service, plan, context and parameters.",
    },
    ConformanceCheck {
        id: "provision-conflict-409",
        strength: Strength::Must,
        title: "Provisioning an existing instance id with different attributes is answered 409 Conflict",
        spec: "409 Conflict | MUST be returned if a Service Instance with the same id already exists or is being provisioned but with different attributes.",
        fix: "Compare a repeated request with what the instance was created with, and answer 409 when anything differs.",
    },
    ConformanceCheck {
        id: "last-operation",
        strength: Strength::Must,
        title: "An asynchronous provision is followed through last_operation: 200 OK with state `in progress` until `succeeded`",
        spec: "200 OK | MUST be returned upon successful processing of this request. … state* | string | Valid values are `in progress`, `succeeded`, and `failed`.",
        fix: "Serve last_operation for an instance being created: 200 with a state of `in progress`, then `succeeded` or `failed`.",
    },
    ConformanceCheck {
        id: "last-operation-unknown",
        strength: Strength::Must,
        title: "last_operation for an instance that does not exist is answered 404 Not Found (410 Gone accepted)",
        spec: "404 Not Found | MUST be returned if the Service Instance being polled does not exist.",
        fix: "Answer last_operation with 404 for an instance id the broker does not know.",
    },
    ConformanceCheck {
        id: "bind-created",
        strength: Strength::Must,
        title: "Binding is answered 201 Created",
        spec: "201 Created | MUST be returned if the Service Binding was created as a result of this request.",
        fix: "Create the binding and answer 201 with its credentials.",
    },
    ConformanceCheck {
        id: "unbind-ok",
        strength: Strength::Must,
        title: "Unbinding is answered 200 OK",
        spec: "200 OK | MUST be returned if the Service Binding was deleted as a result of this request.",
        fix: "Delete the binding and answer 200 with {}.",
    },
    ConformanceCheck {
        id: "unbind-unknown-410",
        strength: Strength::Must,
        title: "Unbinding a binding that does not exist (or no longer exists) is answered 410 Gone",
        spec: "410 Gone | MUST be returned if the Service Binding does not exist.",
        fix: "Answer 410 when the binding to delete does not exist.",
    },
    ConformanceCheck {
        id: "deprovision-ok",
        strength: Strength::Must,
        title: "Deprovisioning is answered 200 OK (202 Accepted when it runs asynchronously)",
        spec: "200 OK | MUST be returned if the Service Instance was deleted as a result of this request.",
        fix: "Delete the instance and answer 200 with {} (202 and an operation when it is deleted in the background).",
    },
    ConformanceCheck {
        id: "deprovision-unknown-410",
        strength: Strength::Must,
        title: "Deprovisioning an instance that does not exist (or no longer exists) is answered 410 Gone",
        spec: "410 Gone | MUST be returned if the Service Instance does not exist.",
        fix: "Answer 410 when the instance to delete does not exist.",
    },
    ConformanceCheck {
        id: "provision-missing-ids-400",
        strength: Strength::Must,
        title: "Provisioning without service_id or plan_id is answered 400 Bad Request",
        spec: "service_id* | string | MUST be the ID of a Service Offering from the catalog for this Service Broker. … plan_id* | string | MUST be the ID of a Service Plan from the Service Offering that has been requested. … 400 Bad Request | MUST be returned if the request is malformed or missing mandatory data.",
        fix: "Read service_id and plan_id from the provision body and answer 400 with a description when either is missing or empty.",
    },
    ConformanceCheck {
        id: "unknown-ids-400",
        strength: Strength::May,
        title: "A service_id or plan_id the catalog does not list is answered 400 Bad Request (provision, bind, unbind, deprovision)",
        spec: "400 Bad Request | … MAY be returned if the request contains invalid data, in which case the error response MAY include a helpful error message in the `description` field.",
        fix: "Look service_id and plan_id up in the catalog on every request and answer 400 naming the unknown one.",
    },
    ConformanceCheck {
        id: "maintenance-info-422",
        strength: Strength::Must,
        title: "A provision whose maintenance_info does not match the catalog is answered 422 with the error MaintenanceInfoConflict",
        spec: "This MUST also be returned if the `maintenance_info.version` provided in the request does not match the `maintenance_info.version` described for the Service Plan in the Service Broker's catalog. In this case, the response body MUST contain error code `\"MaintenanceInfoConflict\"`.",
        fix: "Compare the request's maintenance_info.version with the plan's in the catalog and answer 422 with {\"error\": \"MaintenanceInfoConflict\"} when they differ.",
    },
    ConformanceCheck {
        id: "instance-fetch-200",
        strength: Strength::Must,
        title: "Fetching an instance is answered 200 OK when the catalog says instances are retrievable",
        spec: "If `\"instances_retrievable\" :true` is declared for a Service Offering in the Catalog endpoint, Service Brokers MUST support this endpoint for all Service Plans of the Service Offering …",
        fix: "Serve GET /v2/service_instances/:instance_id with 200 and the instance's service_id, plan_id and parameters, or declare instances_retrievable false.",
    },
    ConformanceCheck {
        id: "bind-missing-ids-400",
        strength: Strength::Must,
        title: "Binding without service_id or plan_id is answered 400 Bad Request",
        spec: "service_id* | string | MUST be the ID of the Service Offering that is being used. … plan_id* | string | MUST be the ID of the Servie Plan from the service that is being used. … 400 Bad Request | MUST be returned if the request is malformed or missing mandatory data.",
        fix: "Read service_id and plan_id from the bind body and answer 400 with a description when either is missing or empty.",
    },
    ConformanceCheck {
        id: "bind-identical-200",
        strength: Strength::Should,
        title: "Repeating an identical bind request is answered 200 OK",
        spec: "200 OK | SHOULD be returned if the Service Binding already exists and the requested parameters are identical to the existing Service Binding.",
        fix: "Remember what each binding was created with; answer 200 with the same credentials to a repeated request with identical parameters.",
    },
    ConformanceCheck {
        id: "bind-conflict-409",
        strength: Strength::Must,
        title: "Binding an existing binding id with different parameters is answered 409 Conflict",
        spec: "409 Conflict | MUST be returned if a Service Binding with the same id, for the same Service Instance, already exists or is being created but with different parameters.",
        fix: "Compare a repeated bind request with what the binding was created with, and answer 409 when anything differs.",
    },
    ConformanceCheck {
        id: "binding-fetch-200",
        strength: Strength::Must,
        title: "Fetching a binding is answered 200 OK when the catalog says bindings are retrievable",
        spec: "If `\"bindings_retrievable\" :true` is declared for a Service Offering in the Catalog endpoint, Service Brokers MUST support this endpoint for all Service Plans of the Service Offering …",
        fix: "Serve GET /v2/service_instances/:instance_id/service_bindings/:binding_id with 200 and the binding's credentials, or declare bindings_retrievable false.",
    },
    ConformanceCheck {
        id: "unbind-missing-ids-400",
        strength: Strength::Must,
        title: "Unbinding without service_id or plan_id is answered 400 Bad Request",
        spec: "service_id* | string | MUST be the ID of the Service Offering associated with the Service Binding being deleted. … plan_id* | string | MUST be the ID of the Service Plan associated with the Service Binding being deleted. … 400 Bad Request | MUST be returned if the request is malformed or missing mandatory data.",
        fix: "Read service_id and plan_id from the query string of DELETE …/service_bindings/:binding_id and answer 400 when either is missing.",
    },
    ConformanceCheck {
        id: "plan-update-200",
        strength: Strength::Must,
        title: "Changing an instance's plan is answered 200 OK (202 Accepted when it runs asynchronously) when the plan is updateable",
        spec: "200 OK | MUST be returned if the request's changes have been applied or MAY be returned if the request's changes have had no effect.",
        fix: "Apply a PATCH to another plan of the service and answer 200 with {} (202 and an operation when it runs in the background), or declare plan_updateable false.",
    },
    ConformanceCheck {
        id: "deprovision-missing-ids-400",
        strength: Strength::Must,
        title: "Deprovisioning without service_id or plan_id is answered 400 Bad Request",
        spec: "service_id* | string | MUST be the ID of the Service Offering associated with the Service Instance being deleted. … plan_id* | string | MUST be the ID of the Service Plan associated with the Service Instance being deleted. … 400 Bad Request | MUST be returned if the request is malformed or missing mandatory data.",
        fix: "Read service_id and plan_id from the query string of DELETE /v2/service_instances/:instance_id and answer 400 when either is missing.",
    },
    ConformanceCheck {
        id: "reprovision-201",
        strength: Strength::Must,
        title: "Provisioning an instance id again after deprovisioning it is answered 201 Created (202 Accepted when it runs asynchronously)",
        spec: "201 Created | MUST be returned if the Service Instance was provisioned as a result of this request.",
        fix: "Forget a deprovisioned instance entirely, so that its id can be provisioned again.",
    },
    ConformanceCheck {
        id: "parameters-invalid-400",
        strength: Strength::May,
        title: "A provision whose parameters do not fit the plan's schema is answered 400 Bad Request",
        spec: "400 Bad Request | … MAY be returned if the request contains invalid data, in which case the error response MAY include a helpful error message in the `description` field.",
        fix: "Validate the parameters against the plan's schemas.service_instance.create.parameters and answer 400 naming the parameter that does not fit.",
    },
];

/// The check with this id.
pub fn conformance_check(id: &str) -> Option<&'static ConformanceCheck> {
    CONFORMANCE_CHECKS.iter().find(|check| check.id == id)
}

impl ConformanceCheck {
    /// The strength under the OSB version a broker is registered with (`"2.12"` … `"2.17"`);
    /// an unreadable version gets the newest wording.
    pub fn strength_at(&self, api_version: &str) -> Strength {
        let Some(minor) = api_version
            .trim()
            .strip_prefix("2.")
            .and_then(|minor| minor.parse::<u32>().ok())
        else {
            return self.strength;
        };
        match self.id {
            // v2.12/v2.13: "200 OK | MUST be returned if the service instance already exists, is
            // fully provisioned, and the requested parameters are identical …"; SHOULD since v2.14.
            "provision-identical-200" if minor <= 13 => Strength::Must,
            // The 404 row arrived in v2.16; before, the spec says nothing of an unknown instance.
            "last-operation-unknown" if minor < 16 => Strength::May,
            // v2.12/v2.13: "200 OK | MUST be returned if the binding already exists and the
            // requested parameters are identical to the existing binding"; SHOULD since v2.14.
            "bind-identical-200" if minor <= 13 => Strength::Must,
            // Fetching instances and bindings arrived in v2.14, maintenance_info in v2.15.
            "instance-fetch-200" | "binding-fetch-200" if minor < 14 => Strength::May,
            "maintenance-info-422" if minor < 15 => Strength::May,
            _ => self.strength,
        }
    }
}

/// Whether a conformance run passes: only a failed MUST fails it. A result for an id that is not
/// in `CONFORMANCE_CHECKS` counts as MUST, so a misspelt id cannot hide a failure.
pub fn run_passes(results: &[(&str, bool)]) -> bool {
    results.iter().all(|&(id, passed)| {
        passed || conformance_check(id).is_some_and(|check| check.strength != Strength::Must)
    })
}

/// `run_passes` with the strengths of the OSB version the broker is registered with.
pub fn run_passes_at(results: &[(&str, bool)], api_version: &str) -> bool {
    results.iter().all(|&(id, passed)| {
        passed
            || conformance_check(id)
                .is_some_and(|check| check.strength_at(api_version) != Strength::Must)
    })
}
