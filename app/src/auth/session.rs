//! The one path from a session to a `Principal`: sign-in, sign-out, expiry. The access check
//! (`require`) is `crate::context::Ctx::require`.

use super::db;
use crate::audit::{self, AuditEntry};
use crate::domain::access::Principal;
use crate::error::AppError;
use crate::state::AppState;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use tower_sessions::Session;

const USER_ID: &str = "user_id";
const EPOCH: &str = "epoch";
const SIGNED_IN_AT: &str = "signed_in_at";
const TOUCHED_AT: &str = "touched_at";

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// A fixed hash to verify against when the e-mail is unknown, so both cases take the same time.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password for timing").unwrap_or_default())
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks e-mail and password; `None` when either is wrong (never says which).
pub async fn verify_local_credentials(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<Option<db::UserRow>, AppError> {
    let user = db::find_user_by_email(&state.pool, email).await?;
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| decoy_hash().to_owned());
    let ok = tokio_blocking_verify(hash, password.to_owned()).await;
    Ok(user.filter(|u| ok && u.password_hash.is_some()))
}

async fn tokio_blocking_verify(hash: String, password: String) -> bool {
    // Argon2 is deliberately slow; keep it off the async workers.
    tokio::task::spawn_blocking(move || password_matches(&hash, &password))
        .await
        .unwrap_or(false)
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %err, "session store error");
    AppError::Internal
}

/// Starts a session for `user`: a new session id (no fixation), the user's current epoch;
/// remembers `language` (the one they sign in with, if the request names one) for e-mails.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    user: &db::UserRow,
    method: &str,
    language: Option<&str>,
) -> Result<(), AppError> {
    if let Some(language) = language {
        crate::notifications::db::set_language(&state.pool, &user.id, language).await?;
    }
    super::invitations::take(&state.pool, &user.id, &user.email).await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID, &user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(EPOCH, user.session_epoch)
        .await
        .map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT, now_unix())
        .await
        .map_err(session_error)?;
    audit::record(
        &state.pool,
        AuditEntry {
            actor_id: Some(&user.id),
            action: "session.sign_in",
            subject_type: "user",
            subject_id: Some(&user.id),
            before: None,
            after: None,
            detail: method,
        },
    )
    .await?;
    Ok(())
}

pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// Ends every session of the signed-in user, on every device, including this one.
pub async fn sign_out_everywhere(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(principal) = principal_from_session(state, session).await? {
        db::bump_session_epoch(&state.pool, &principal.user_id).await?;
        audit::record(
            &state.pool,
            AuditEntry {
                actor_id: Some(&principal.user_id),
                action: "session.sign_out_everywhere",
                subject_type: "user",
                subject_id: Some(&principal.user_id),
                before: None,
                after: None,
                detail: "",
            },
        )
        .await?;
    }
    sign_out(session).await
}

/// The signed-in principal of this session, or `None` (expired, signed out everywhere, unknown).
pub async fn principal_from_session(
    state: &AppState,
    session: &Session,
) -> Result<Option<Principal>, AppError> {
    let Some(user_id) = session
        .get::<String>(USER_ID)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let epoch = session.get::<i64>(EPOCH).await.map_err(session_error)?;
    let signed_in_at = session
        .get::<i64>(SIGNED_IN_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    if now_unix() - signed_in_at >= state.settings.session_absolute_secs {
        sign_out(session).await?;
        return Ok(None);
    }
    let Some(user) = db::find_user_by_id(&state.pool, &user_id).await? else {
        sign_out(session).await?;
        return Ok(None);
    };
    if Some(user.session_epoch) != epoch {
        sign_out(session).await?;
        return Ok(None);
    }
    // The store only writes a modified session, and only a write extends its idle expiry:
    // mark activity, but at most once per touch interval, so a page view is not a write.
    let now = now_unix();
    let touched_at = session
        .get::<i64>(TOUCHED_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(signed_in_at);
    if now - touched_at >= state.settings.session_touch_secs {
        session
            .insert(TOUCHED_AT, now)
            .await
            .map_err(session_error)?;
    }
    Ok(Some(db::principal(&state.pool, user).await?))
}

/// The caller of a REST API request (`/api/v1`), authenticated by the API layer (a bearer
/// token, or the session) and put into the reactive context before it runs a server function.
#[derive(Debug, Clone)]
pub struct RequestPrincipal(pub Principal);

/// The principal the API layer authenticated for this request, if it is an API request.
pub fn request_principal() -> Option<Principal> {
    leptos::prelude::use_context::<RequestPrincipal>().map(|p| p.0)
}
