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
/// sentence of the spec the strength comes from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConformanceCheck {
    pub id: &'static str,
    pub strength: Strength,
    pub title: &'static str,
    pub spec: &'static str,
}

pub const CONFORMANCE_CHECKS: &[ConformanceCheck] = &[
    ConformanceCheck {
        id: CHECK_CATALOG_SCHEMA,
        strength: Strength::Must,
        title: "The catalog is well-formed: every required field is there with the right type, and each service has at least one plan",
        spec: "* Fields with an asterisk are REQUIRED. … [plans] MUST contain at least one Service Plan. … [id, name, description] MUST be a non-empty string.",
    },
    ConformanceCheck {
        id: CHECK_CATALOG_UNIQUE,
        strength: Strength::Must,
        title: "Service ids and names, plan ids, and plan names within a service are unique",
        spec: "[Service Offering name] MUST be unique across all Service Offering objects returned in this response. … [Service Plan name] MUST be unique within the Service Offering. … [id] This MUST be globally unique …",
    },
    ConformanceCheck {
        id: CHECK_CATALOG_NAMES,
        strength: Strength::Should,
        title: "Service and plan names are CLI-friendly (letters, digits, periods and hyphens)",
        spec: "Using a CLI-friendly name is RECOMMENDED.",
    },
    ConformanceCheck {
        id: "auth-missing-401",
        strength: Strength::Must,
        title: "A request without credentials is answered 401 Unauthorized",
        spec: "If authentication is used, the Service Broker MUST authenticate the request using the predetermined authentication mechanism, and MUST return a `401 Unauthorized` response if the authentication fails.",
    },
    ConformanceCheck {
        id: "auth-wrong-401",
        strength: Strength::Must,
        title: "A request with wrong credentials is answered 401 Unauthorized",
        spec: "If authentication is used, the Service Broker MUST authenticate the request using the predetermined authentication mechanism, and MUST return a `401 Unauthorized` response if the authentication fails.",
    },
    ConformanceCheck {
        id: "version-missing-rejected",
        strength: Strength::May,
        title: "A request without X-Broker-API-Version is rejected (400 Bad Request or 412 Precondition Failed)",
        spec: "If the request from the Platform to the Service Broker doesn't contain this header, then the Service Broker MAY reject the request with `400 Bad Request` and provide a message that the header is required.",
    },
    ConformanceCheck {
        id: "version-unsupported-412",
        strength: Strength::May,
        title: "A request with an unsupported X-Broker-API-Version is answered 412 Precondition Failed",
        spec: "In this scenario the Service Broker MAY reject the request with `412 Precondition Failed` and provide a message that informs the operator of the API version that is to be used instead.",
    },
    ConformanceCheck {
        id: "provision-created",
        strength: Strength::Must,
        title: "Provisioning a new instance is answered 201 Created (202 Accepted when it runs asynchronously)",
        spec: "201 Created | MUST be returned if the Service Instance was provisioned as a result of this request. … 202 Accepted | MUST be returned if the Service Instance provisioning is in progress.",
    },
    ConformanceCheck {
        id: "provision-identical-200",
        strength: Strength::Should,
        title: "Repeating an identical provision request for an existing instance is answered 200 OK",
        spec: "200 OK | SHOULD be returned if the Service Instance already exists, is fully provisioned, and the requested parameters are identical to the existing Service Instance.",
    },
    ConformanceCheck {
        id: "provision-conflict-409",
        strength: Strength::Must,
        title: "Provisioning an existing instance id with different attributes is answered 409 Conflict",
        spec: "409 Conflict | MUST be returned if a Service Instance with the same id already exists or is being provisioned but with different attributes.",
    },
    ConformanceCheck {
        id: "last-operation",
        strength: Strength::Must,
        title: "An asynchronous provision is followed through last_operation: 200 OK with state `in progress` until `succeeded`",
        spec: "200 OK | MUST be returned upon successful processing of this request. … state* | string | Valid values are `in progress`, `succeeded`, and `failed`.",
    },
    ConformanceCheck {
        id: "last-operation-unknown",
        strength: Strength::Must,
        title: "last_operation for an instance that does not exist is answered 404 Not Found (410 Gone accepted)",
        spec: "404 Not Found | MUST be returned if the Service Instance being polled does not exist.",
    },
    ConformanceCheck {
        id: "bind-created",
        strength: Strength::Must,
        title: "Binding is answered 201 Created",
        spec: "201 Created | MUST be returned if the Service Binding was created as a result of this request.",
    },
    ConformanceCheck {
        id: "unbind-ok",
        strength: Strength::Must,
        title: "Unbinding is answered 200 OK",
        spec: "200 OK | MUST be returned if the Service Binding was deleted as a result of this request.",
    },
    ConformanceCheck {
        id: "unbind-unknown-410",
        strength: Strength::Must,
        title: "Unbinding a binding that does not exist (or no longer exists) is answered 410 Gone",
        spec: "410 Gone | MUST be returned if the Service Binding does not exist.",
    },
    ConformanceCheck {
        id: "deprovision-ok",
        strength: Strength::Must,
        title: "Deprovisioning is answered 200 OK (202 Accepted when it runs asynchronously)",
        spec: "200 OK | MUST be returned if the Service Instance was deleted as a result of this request.",
    },
    ConformanceCheck {
        id: "deprovision-unknown-410",
        strength: Strength::Must,
        title: "Deprovisioning an instance that does not exist (or no longer exists) is answered 410 Gone",
        spec: "410 Gone | MUST be returned if the Service Instance does not exist.",
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
