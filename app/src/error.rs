//! The console's error type: what a server function can answer, in words for users.

use crate::domain::offering::{FieldChange, FieldProblem, Problem};
use crate::domain::plan::PlanProblem;
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
}

impl From<FieldProblem> for FieldError {
    fn from(p: FieldProblem) -> Self {
        FieldError {
            field: p.field,
            message: p.problem.english(),
            problem: Some(p.problem),
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
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
            problem: None,
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
            AppError::Conflict(_) | AppError::Stale { .. } => S::CONFLICT,
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

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return AppError::Conflict("That name is already taken.".into());
            }
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
