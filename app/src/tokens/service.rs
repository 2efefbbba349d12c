//! The API token operations of the tokens page: list, create (the token is answered once),
//! revoke. Tokens are managed only from a signed-in session, never with a token. Each write
//! and its audit row are one write transaction.

use super::server::{CreatedToken, TokenInfo};
use super::{db, Scope};
use crate::audit::{self, AuditEntry};
use crate::context::Ctx;
use crate::domain::access::{Need, Principal};
use crate::error::{AppError, FieldError};

/// A new token as the tokens page's form gives it: a name, `read` or `write`, and days to
/// expiry (`None`, empty or `never`: no expiry).
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub name: String,
    pub scope: String,
    pub expires_days: Option<String>,
}

/// A request checked: the trimmed name, the scope and the days to expiry.
struct Checked {
    name: String,
    scope: Scope,
    days: Option<i64>,
}

fn check(request: &TokenRequest) -> Result<Checked, AppError> {
    let name = request.name.trim().to_owned();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(("name", "Give the token a name.".to_owned()));
    } else if name.chars().count() > super::MAX_NAME {
        problems.push(("name", format!("At most {} characters.", super::MAX_NAME)));
    }
    let scope = Scope::parse(request.scope.trim());
    if scope.is_none() {
        problems.push(("scope", "Choose read or write.".to_owned()));
    }
    let days = match request.expires_days.as_deref().map(str::trim) {
        None | Some("") | Some("never") => None,
        Some(d) => match d.parse::<i64>() {
            Ok(d) if (1..=3650).contains(&d) => Some(d),
            _ => {
                problems.push((
                    "expires_days",
                    "Choose a number of days between 1 and 3650, or never.".to_owned(),
                ));
                None
            }
        },
    };
    match scope {
        Some(scope) if problems.is_empty() => Ok(Checked { name, scope, days }),
        _ => Err(AppError::Invalid(
            problems
                .into_iter()
                .map(|(field, message)| FieldError {
                    field: field.into(),
                    message,
                    problem: None,
                    pricing: None,
                })
                .collect(),
        )),
    }
}

/// The signed-in person, from their session only: a token cannot manage tokens.
async fn session_user(cx: &Ctx) -> Result<Principal, AppError> {
    use crate::auth::access::Denial;
    if let Some(principal) = cx.api_principal() {
        let denial =
            Denial::NotAllowed("API tokens are managed from the console, not with a token.".into());
        return Err(cx.refuse(&principal, "a console session", denial).await);
    }
    cx.require(Need::SignedIn).await
}

/// The caller's tokens, newest first (revoked ones included, marked).
pub async fn list(cx: &Ctx) -> Result<Vec<TokenInfo>, AppError> {
    let principal = session_user(cx).await?;
    Ok(db::list_for_user(cx.pool(), &principal.user_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Creates a token for the caller; the answer is the only time the token is shown.
pub async fn create(cx: &Ctx, request: TokenRequest) -> Result<CreatedToken, AppError> {
    let principal = session_user(cx).await?;
    let Checked { name, scope, days } = check(&request)?;
    let expires_at = days.map(|d| {
        let at = time::OffsetDateTime::now_utc() + time::Duration::days(d);
        at.replace_nanosecond(0)
            .unwrap_or(at)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    });
    let token = super::new_token();
    let id = uuid::Uuid::new_v4().to_string();
    let prefix: String = token.chars().take(super::TOKEN_PREFIX.len() + 6).collect();
    let mut tx = crate::store::write(cx.pool()).await?;
    db::insert(
        &mut *tx,
        db::NewToken {
            id: &id,
            user_id: &principal.user_id,
            name: &name,
            scope: scope.as_str(),
            token_hash: &super::hash_token(&token),
            prefix: &prefix,
            expires_at: expires_at.as_deref(),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "token.create",
            subject_type: "api_token",
            subject_id: Some(&id),
            before: None,
            after: Some(serde_json::json!({
                "name": name, "scope": scope.as_str(), "expires_at": expires_at
            })),
            detail: "",
        },
    )
    .await?;
    let info = db::list_for_user(&mut *tx, &principal.user_id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::Internal)?
        .into();
    tx.commit().await?;
    Ok(CreatedToken { token, info })
}

/// Revokes one of the caller's live tokens; 404 for any other.
pub async fn revoke(cx: &Ctx, id: &str) -> Result<(), AppError> {
    let principal = session_user(cx).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    if !db::revoke(&mut *tx, &principal.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "token.revoke",
            subject_type: "api_token",
            subject_id: Some(id),
            before: None,
            after: None,
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check, TokenRequest};
    use crate::error::AppError;

    fn fields(name: &str, scope: &str, days: Option<&str>) -> Vec<String> {
        let request = TokenRequest {
            name: name.into(),
            scope: scope.into(),
            expires_days: days.map(Into::into),
        };
        match check(&request) {
            Ok(_) => vec![],
            Err(AppError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_request_is_checked_field_by_field() {
        let long = "x".repeat(super::super::MAX_NAME + 1);
        let cases: [(&str, &str, Option<&str>, &[&str]); 9] = [
            ("ci", "read", None, &[]),
            (" ci ", "write", Some("30"), &[]),
            ("ci", "read", Some("never"), &[]),
            ("ci", "read", Some(""), &[]),
            ("   ", "read", None, &["name"]),
            (&long, "read", None, &["name"]),
            ("ci", "admin", None, &["scope"]),
            ("ci", "read", Some("0"), &["expires_days"]),
            ("", "", Some("soon"), &["name", "scope", "expires_days"]),
        ];
        for (name, scope, days, want) in cases {
            assert_eq!(
                fields(name, scope, days),
                want,
                "{name:?} {scope:?} {days:?}"
            );
        }
        let checked = check(&TokenRequest {
            name: " ci ".into(),
            scope: "write".into(),
            expires_days: Some("3650".into()),
        })
        .unwrap();
        assert_eq!(
            (checked.name.as_str(), checked.scope, checked.days),
            ("ci", super::Scope::Write, Some(3650))
        );
    }
}
