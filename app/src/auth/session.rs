//! The one path from a request to a `Principal`: sessions, sign-in, sign-out and `require`.

use super::access::{self, Denial};
use super::db;
use crate::audit::{self, AuditEntry};
use crate::domain::access::{Need, Principal};
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

/// Starts a session for `user`: a new session id (no fixation), the user's current epoch.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    user: &db::UserRow,
    method: &str,
) -> Result<(), AppError> {
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

async fn request_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer on this request");
        AppError::Internal
    })
}

/// The caller of a REST API request (`/api/v1`), authenticated by the API layer (a bearer
/// token, or the session) and put into the reactive context before it runs a server function.
#[derive(Debug, Clone)]
pub struct RequestPrincipal(pub Principal);

/// The principal the API layer authenticated for this request, if it is an API request.
pub fn request_principal() -> Option<Principal> {
    leptos::prelude::use_context::<RequestPrincipal>().map(|p| p.0)
}

/// The signed-in principal for the current server function or page, if any.
/// An API request's principal (see [`RequestPrincipal`]) comes first; otherwise the session.
pub async fn current_principal() -> Result<Option<Principal>, AppError> {
    if let Some(principal) = request_principal() {
        return Ok(Some(principal));
    }
    let state = crate::state::app_state()?;
    let session = request_session().await?;
    principal_from_session(&state, &session).await
}

/// The path of the current request (the subject of an `access.denied` row).
pub fn request_path() -> String {
    leptos::prelude::use_context::<http::request::Parts>()
        .map(|p| p.uri.path().to_owned())
        .unwrap_or_default()
}

fn set_status(status: http::StatusCode) {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
}

/// Sets the response status of a refusal (403/404) before it is returned.
fn with_status(err: AppError) -> AppError {
    set_status(err.status());
    err
}

/// Every server function starts here: who is calling, and may they do this?
/// A refusal sets the HTTP status (401/403) and, for a signed-in caller, is audited once
/// (`access::permit`).
///
/// What it needs of the request (pool, path) is read before its first `.await`: a resource
/// that a re-render during SSR replaced runs on under a disposed owner, and must still answer
/// what the live one answers, or the page would not hydrate.
pub async fn require(need: Need) -> Result<Principal, AppError> {
    let pool = crate::state::pool()?;
    let path = request_path();
    let Some(principal) = current_principal().await? else {
        set_status(http::StatusCode::UNAUTHORIZED);
        return Err(AppError::Unauthenticated);
    };
    access::permit(&pool, &principal, &path, &need)
        .await
        .map_err(with_status)?;
    Ok(principal)
}

/// `need` on a subject owned by the organisation it names, for the current request (its pool
/// and path read by the caller before its first `.await`, see [`require`]): an outsider gets
/// 404, a member lacking the role 403; both audited (`access::permit_owned`).
pub async fn require_owned(
    pool: &sqlx::SqlitePool,
    path: &str,
    principal: &Principal,
    need: Need,
) -> Result<(), AppError> {
    access::permit_owned(pool, principal, path, &need)
        .await
        .map_err(with_status)
}

/// Refuses the current request's caller by a rule of its own (e.g. the review rules): the
/// one audited denial (`access::deny`), with its status set.
pub async fn refuse(principal: &Principal, need: &str, denial: Denial) -> AppError {
    match crate::state::pool() {
        Ok(pool) => {
            with_status(access::deny(&pool, principal, &request_path(), need, denial).await)
        }
        Err(e) => e,
    }
}
