//! What the server hands to every server function: the database pool and the settings.

use crate::error::AppError;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Settings that server functions need; built once from the server's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Development mode: loopback brokers and http issuers allowed.
    pub dev_mode: bool,
    /// Whether "Sign in with single sign-on" is offered.
    pub oidc_enabled: bool,
    /// A session ends this long after sign-in, however active it is.
    pub session_absolute_secs: i64,
    /// An active session is written back (extending its idle expiry) at most this often.
    pub session_touch_secs: i64,
    /// Seals broker passwords and tokens at rest (`crate::secrets`).
    pub secret_key: crate::secrets::SecretKey,
    /// The console's public base URL without a trailing `/` (`RMC_PUBLIC_URL`): absolute
    /// addresses in exports, such as the broker catalog's `imageUrl`.
    pub public_url: String,
}

#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub settings: Arc<Settings>,
}

/// The state from the reactive context of this request. The caller's location is logged when
/// it is missing, so a server function run outside its request's owner can be found.
#[track_caller]
pub fn app_state() -> Result<AppState, AppError> {
    let caller = std::panic::Location::caller();
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!(%caller, "AppState missing from the server function context");
        AppError::Internal
    })
}

#[track_caller]
pub fn pool() -> Result<SqlitePool, AppError> {
    Ok(app_state()?.pool)
}
