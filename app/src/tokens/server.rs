//! Server functions of the tokens page: list, create (the token is answered once), revoke.
//! Tokens are managed only from a signed-in session, never with a token.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A token as its owner sees it in the list (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub scope: super::Scope,
    /// The first characters, to tell tokens apart.
    pub prefix: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A newly created token: `token` is shown once and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub token: String,
    pub info: TokenInfo,
}

#[cfg(feature = "ssr")]
impl From<super::db::TokenRow> for TokenInfo {
    fn from(r: super::db::TokenRow) -> Self {
        TokenInfo {
            scope: super::Scope::parse(&r.scope).unwrap_or(super::Scope::Read),
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            created_at: r.created_at,
            expires_at: r.expires_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// The signed-in person, from their session only: a token cannot manage tokens.
#[cfg(feature = "ssr")]
async fn session_user(
    cx: &crate::context::Ctx,
) -> Result<crate::domain::access::Principal, AppError> {
    use crate::auth::access::Denial;
    if let Some(principal) = cx.api_principal() {
        let denial =
            Denial::NotAllowed("API tokens are managed from the console, not with a token.".into());
        return Err(cx.refuse(&principal, "a console session", denial).await);
    }
    cx.require(crate::domain::access::Need::SignedIn).await
}

#[server]
pub async fn list_tokens() -> Result<Vec<TokenInfo>, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let principal = session_user(&cx).await?;
    let pool = cx.pool().clone();
    Ok(super::db::list_for_user(&pool, &principal.user_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[server]
pub async fn create_token(
    name: String,
    scope: String,
    expires_days: Option<String>,
) -> Result<CreatedToken, AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    let principal = session_user(&cx).await?;
    let name = name.trim().to_owned();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(("name", "Give the token a name.".to_owned()));
    } else if name.chars().count() > super::MAX_NAME {
        problems.push(("name", format!("At most {} characters.", super::MAX_NAME)));
    }
    let scope = super::Scope::parse(scope.trim());
    if scope.is_none() {
        problems.push(("scope", "Choose read or write.".to_owned()));
    }
    let days = match expires_days.as_deref().map(str::trim) {
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
    if !problems.is_empty() {
        return Err(AppError::Invalid(
            problems
                .into_iter()
                .map(|(field, message)| crate::error::FieldError {
                    field: field.into(),
                    message,
                    problem: None,
                })
                .collect(),
        ));
    }
    let scope = scope.unwrap_or(super::Scope::Read);
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
    let pool = cx.pool().clone();
    super::db::insert(
        &pool,
        super::db::NewToken {
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
        &pool,
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
    let info = super::db::list_for_user(&pool, &principal.user_id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::Internal)?
        .into();
    Ok(CreatedToken { token, info })
}

#[server]
pub async fn revoke_token(id: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    let principal = session_user(&cx).await?;
    let pool = cx.pool().clone();
    if !super::db::revoke(&pool, &principal.user_id, &id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "token.revoke",
            subject_type: "api_token",
            subject_id: Some(&id),
            before: None,
            after: None,
            detail: "",
        },
    )
    .await?;
    Ok(())
}
