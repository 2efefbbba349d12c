//! The console's error type: what a server function can answer, in words for users.

use crate::domain::offering::{FieldChange, FieldProblem, Problem};
use crate::domain::plan::PlanProblem;
use crate::domain::pricing::PricingProblem;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A message for one form field, shown under that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    /// English text; the UI shows `problem` in the user's language when it is set.
    pub message: String,
    #[serde(default)]
    pub problem: Option<Problem>,
    /// What is wrong with a price, when that is what it is (the UI words it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<PricingProblem>,
}

impl From<FieldProblem> for FieldError {
    fn from(p: FieldProblem) -> Self {
        FieldError {
            field: p.field,
            message: p.problem.english(),
            problem: Some(p.problem),
            pricing: None,
        }
    }
}

impl From<PlanProblem> for FieldError {
    fn from(p: PlanProblem) -> Self {
        match p {
            PlanProblem::Field(f) => f.into(),
            PlanProblem::Pricing(p) => FieldError {
                message: p.problem.english(),
                field: p.field,
                problem: None,
                pricing: Some(p.problem),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("We could not find that.")]
    NotFound,
    #[error("Please correct the highlighted fields.")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// A visibility change the lifecycle rules refuse: 403 for the role rules, 409 for the
    /// state. The page words it from the refusal; REST callers get its English.
    #[error("{0}")]
    Refused(crate::domain::visibility::Refusal),
    /// Someone saved in between: the current version and what they changed.
    #[error("Someone else saved this while you were editing.")]
    Stale {
        version: i64,
        changes: Vec<FieldChange>,
    },
    /// The request itself was malformed (a missing or unreadable argument, a body that is
    /// not what the route takes): the caller's mistake, answered 400.
    #[error("The request could not be read: {0}")]
    BadInput(String),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// A stored value does not decode: nothing was changed, and the stored copy is kept as
    /// it is for the operators to repair (it is logged).
    #[error("The stored data of this item could not be read, so nothing was saved and nothing was changed. The platform operators have been told.")]
    Unreadable,
    #[error("The console could not be reached: {0}")]
    Transport(String),
}

impl AppError {
    /// Field problems as one `Invalid` error naming each field; `Ok` when there are none.
    pub fn check(problems: Vec<crate::domain::offering::FieldProblem>) -> Result<(), AppError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::from_problems(problems))
        }
    }

    /// Field problems as one `Invalid` error naming each field.
    pub fn from_problems(problems: Vec<crate::domain::offering::FieldProblem>) -> AppError {
        AppError::Invalid(problems.into_iter().map(Into::into).collect())
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
            problem: None,
            pricing: None,
        }])
    }

    /// The error entry for `field`, if this error names it.
    pub fn field_error(&self, field: &str) -> Option<FieldError> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field).cloned(),
            _ => None,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated => S::UNAUTHORIZED,
            AppError::Forbidden(_) => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::Refused(r) if r.by_role() => S::FORBIDDEN,
            AppError::Refused(r) if r.about_text() => S::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::Stale { .. } | AppError::Refused(_) => S::CONFLICT,
            AppError::BadInput(_) => S::BAD_REQUEST,
            AppError::Internal | AppError::Unreadable | AppError::Transport(_) => {
                S::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, an argument that is missing or does not decode (and a body that cannot
    /// be read) is the caller's mistake; everything else, and anything in the browser, is a
    /// failure to reach or understand the console.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => {
                tracing::warn!(problem = %m, "a server function call could not be read");
                AppError::BadInput(m)
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// What each unique key of the schema (migrations/, `UNIQUE` and primary keys) means to the
/// user when a write runs into it: (the columns as SQLite names them in "UNIQUE constraint
/// failed: …", the form field, the sentence). A key not listed is "This already exists.".
pub const UNIQUE_KEYS: &[(&str, &str, &str)] = &[
    ("offerings.name", "name", "That name is already taken."),
    (
        "brokers.offering_id, brokers.name",
        "name",
        "This offering already has a broker with that name.",
    ),
    (
        "test_accounts.offering_id, test_accounts.email",
        "email",
        "This account is already on the list.",
    ),
    (
        "iam_clients.offering_id",
        "client",
        "This offering already has an SSO client; rotate its secret instead.",
    ),
    (
        "iam_clients.client_id",
        "client",
        "This SSO client id is already in use.",
    ),
    (
        "users.email",
        "email",
        "A user with this e-mail already exists.",
    ),
    (
        "users.oidc_issuer, users.oidc_subject",
        "email",
        "This single sign-on identity already belongs to another user.",
    ),
    (
        "organisations.name",
        "name",
        "An organisation with this name already exists.",
    ),
    (
        "memberships.organisation_id, memberships.user_id",
        "user_id",
        "This user is already a member of the organisation.",
    ),
    (
        // An invitation is re-sent in place (`ON CONFLICT … DO UPDATE`); listed for the guard.
        "invitations.organisation_id, invitations.email",
        "email",
        "This account is already on the list.",
    ),
    (
        "review_requests.offering_id",
        "event",
        "This offering already has a pending request.",
    ),
    (
        "usage_records.offering_id, usage_records.source, usage_records.resource_instance_id, usage_records.plan_id, usage_records.start_at, usage_records.end_at",
        "records",
        "This usage record was already reported.",
    ),
];

/// The answer to a unique violation of a key not in [`UNIQUE_KEYS`].
pub const ALREADY_EXISTS: &str = "This already exists.";

/// The field and sentence of the unique key named by `columns` (see [`UNIQUE_KEYS`]).
pub fn unique_key(columns: &str) -> Option<(&'static str, &'static str)> {
    UNIQUE_KEYS
        .iter()
        .find(|(key, _, _)| *key == columns)
        .map(|(_, field, message)| (*field, *message))
}

#[cfg(feature = "ssr")]
impl AppError {
    /// A unique violation of a known key as a field error under its field (the form shows it
    /// there); any other error as `From<sqlx::Error>` maps it.
    pub fn taken(err: sqlx::Error) -> AppError {
        match crate::store::unique_violation(&err)
            .as_deref()
            .and_then(unique_key)
        {
            Some((field, message)) => AppError::invalid(field, message),
            None => err.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A unique violation is a `Conflict` saying which key it ran into ([`UNIQUE_KEYS`]); a
    /// stored value that does not decode is `Unreadable`; the rest is `Internal` (logged).
    fn from(err: sqlx::Error) -> Self {
        if let Some(columns) = crate::store::unique_violation(&err) {
            let message = match unique_key(&columns) {
                Some((_, message)) => message,
                None => {
                    tracing::warn!(key = %columns, "a write ran into an unlisted unique key");
                    ALREADY_EXISTS
                }
            };
            return AppError::Conflict(message.into());
        }
        if matches!(
            err,
            sqlx::Error::Decode(_) | sqlx::Error::ColumnDecode { .. }
        ) {
            tracing::error!(error = %err, "a stored value does not decode");
            return AppError::Unreadable;
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(all(test, feature = "ssr"))]
#[path = "error_tests.rs"]
mod tests;
