//! The router's state: the app's state plus what only the server needs.

use crate::auth::oidc::OidcSettings;
use app::state::AppState;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct ServerState {
    pub app: AppState,
    pub leptos: LeptosOptions,
    pub oidc: Option<Arc<OidcSettings>>,
    pub secure_cookies: bool,
    /// Per-token request budget of the REST API.
    pub api_limiter: Arc<crate::api::auth::RateLimiter>,
    /// Failed local sign-ins per account and per client address.
    pub login_throttle: Arc<crate::auth::throttle::LoginThrottle>,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos.clone()
    }
}
