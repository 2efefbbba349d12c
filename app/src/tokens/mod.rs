//! API tokens (SPEC §1, §9): per user, named, scope `read` or `write`, optional expiry,
//! shown once and stored as a SHA-256 hash; listed and revoked on `/account/tokens`.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use auth::{authenticate, hash_token, new_token, TokenRefused};

/// What a token may do: `read` calls only GET routes, `write` calls every route its user may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// Every token starts with this, so secret scanners and people can recognise one.
pub const TOKEN_PREFIX: &str = "rmc_";
pub const MAX_NAME: usize = 64;
/// The expiry choices offered, in days (`None` = never).
pub const EXPIRY_CHOICES: [Option<i64>; 5] = [Some(7), Some(30), Some(90), Some(365), None];

#[cfg(feature = "ssr")]
mod auth {
    use super::{db, Scope, TOKEN_PREFIX};
    use crate::domain::access::Principal;
    use crate::error::AppError;
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    use base64::Engine;
    use sha2::{Digest, Sha256};
    use sqlx::SqlitePool;

    /// A fresh token: `rmc_` and 32 random bytes in base64url.
    pub fn new_token() -> String {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        format!(
            "{TOKEN_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        )
    }

    /// Hex SHA-256 of the token: what the database keeps. Tokens carry 256 random bits, so a
    /// fast hash is enough (no password to guess).
    pub fn hash_token(token: &str) -> String {
        Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Why a bearer token was refused (all answered 401).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TokenRefused {
        Unknown,
        Revoked,
        Expired,
    }

    impl TokenRefused {
        pub fn english(self) -> &'static str {
            match self {
                TokenRefused::Unknown => "This API token is not valid.",
                TokenRefused::Revoked => "This API token has been revoked.",
                TokenRefused::Expired => "This API token has expired.",
            }
        }
    }

    /// The principal, token id and scope behind `token`, or why it is refused.
    pub async fn authenticate(
        pool: &SqlitePool,
        token: &str,
    ) -> Result<Result<(Principal, String, Scope), TokenRefused>, AppError> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 200 {
            return Ok(Err(TokenRefused::Unknown));
        }
        let Some(row) = db::find_by_hash(pool, &hash_token(token)).await? else {
            return Ok(Err(TokenRefused::Unknown));
        };
        if row.revoked_at.is_some() {
            return Ok(Err(TokenRefused::Revoked));
        }
        if let Some(expires) = &row.expires_at {
            let expired = time::OffsetDateTime::parse(
                expires,
                &time::format_description::well_known::Rfc3339,
            )
            .map(|at| at <= time::OffsetDateTime::now_utc())
            .unwrap_or(true);
            if expired {
                return Ok(Err(TokenRefused::Expired));
            }
        }
        let Some(scope) = Scope::parse(&row.scope) else {
            return Ok(Err(TokenRefused::Unknown));
        };
        let Some(user) = crate::auth::db::find_user_by_id(pool, &row.user_id).await? else {
            return Ok(Err(TokenRefused::Unknown));
        };
        let principal = crate::auth::db::principal(pool, user).await?;
        db::touch(pool, &row.id).await?;
        Ok(Ok((principal, row.id, scope)))
    }
}
