//! Server functions of the tokens page: list, create (the token is answered once), revoke;
//! thin adapters over `tokens::service`. Tokens are managed only from a signed-in session,
//! never with a token.

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

#[server]
pub async fn list_tokens() -> Result<Vec<TokenInfo>, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::list(&cx).await
}

#[server]
pub async fn create_token(
    name: String,
    scope: String,
    expires_days: Option<String>,
) -> Result<CreatedToken, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let request = super::service::TokenRequest {
        name,
        scope,
        expires_days,
    };
    super::service::create(&cx, request).await
}

#[server]
pub async fn revoke_token(id: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::revoke(&cx, &id).await
}
