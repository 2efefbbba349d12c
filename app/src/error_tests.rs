//! The unique-key table: each key of the schema answers its own sentence, an unknown key the
//! generic one, and only unique violations are conflicts.

use super::*;
use sqlx::error::{DatabaseError, ErrorKind};

/// A database error as SQLite reports it (`message`, `kind`).
#[derive(Debug)]
struct Reported(String, ErrorKind);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reported {}

impl DatabaseError for Reported {
    fn message(&self) -> &str {
        &self.0
    }
    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }
    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }
    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }
    fn kind(&self) -> ErrorKind {
        match &self.1 {
            ErrorKind::UniqueViolation => ErrorKind::UniqueViolation,
            ErrorKind::ForeignKeyViolation => ErrorKind::ForeignKeyViolation,
            _ => ErrorKind::Other,
        }
    }
}

fn unique(columns: &str) -> sqlx::Error {
    sqlx::Error::Database(Box::new(Reported(
        format!("UNIQUE constraint failed: {columns}"),
        ErrorKind::UniqueViolation,
    )))
}

#[test]
fn every_known_key_answers_its_own_sentence_as_a_conflict() {
    let cases = [
        ("offerings.name", "That name is already taken."),
        (
            "brokers.offering_id, brokers.name",
            "This offering already has a broker with that name.",
        ),
        (
            "test_accounts.offering_id, test_accounts.email",
            "This account is already on the list.",
        ),
        (
            "iam_clients.offering_id",
            "This offering already has an SSO client; rotate its secret instead.",
        ),
        ("users.email", "A user with this e-mail already exists."),
        (
            "organisations.name",
            "An organisation with this name already exists.",
        ),
        (
            "review_requests.offering_id",
            "This offering already has a pending request.",
        ),
    ];
    for (columns, message) in cases {
        assert_eq!(
            AppError::from(unique(columns)),
            AppError::Conflict(message.into()),
            "{columns}"
        );
    }
    // Every entry of the table is found by its own columns, and no key is listed twice.
    for (i, (columns, field, message)) in UNIQUE_KEYS.iter().enumerate() {
        assert_eq!(unique_key(columns), Some((*field, *message)));
        assert!(
            UNIQUE_KEYS[..i].iter().all(|(c, _, _)| c != columns),
            "{columns} listed twice"
        );
    }
}

#[test]
fn an_unknown_key_is_the_generic_conflict_and_other_errors_are_not_conflicts() {
    assert_eq!(
        AppError::from(unique("api_tokens.token_hash")),
        AppError::Conflict(ALREADY_EXISTS.into())
    );
    // A name that only resembles a known key is not that key.
    assert_eq!(unique_key("brokers.name"), None);
    assert_eq!(unique_key("offerings.name, offerings.id"), None);
    let foreign = sqlx::Error::Database(Box::new(Reported(
        "FOREIGN KEY constraint failed".into(),
        ErrorKind::ForeignKeyViolation,
    )));
    assert_eq!(crate::store::unique_violation(&foreign), None);
    assert_eq!(AppError::from(foreign), AppError::Internal);
    assert_eq!(AppError::from(sqlx::Error::RowNotFound), AppError::Internal);
}

#[test]
fn the_violated_key_is_read_from_what_sqlite_reports() {
    assert_eq!(
        crate::store::unique_violation(&unique("brokers.offering_id, brokers.name")).as_deref(),
        Some("brokers.offering_id, brokers.name")
    );
    assert_eq!(
        crate::store::unique_violation(&sqlx::Error::RowNotFound),
        None
    );
}

#[test]
fn taken_puts_a_known_key_under_its_field() {
    assert_eq!(
        AppError::taken(unique("brokers.offering_id, brokers.name")),
        AppError::invalid("name", "This offering already has a broker with that name.")
    );
    assert_eq!(
        AppError::taken(unique("test_accounts.offering_id, test_accounts.email")),
        AppError::invalid("email", "This account is already on the list.")
    );
    assert_eq!(
        AppError::taken(unique("some_table.some_column")),
        AppError::Conflict(ALREADY_EXISTS.into())
    );
    assert_eq!(
        AppError::taken(sqlx::Error::RowNotFound),
        AppError::Internal
    );
}
