//! Sign-in, sessions and the signed-in person: pages, server functions and SQL.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod session;

use crate::domain::access::Principal;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the shell needs to know about the visitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub principal: Option<Principal>,
    pub oidc_enabled: bool,
}

#[server]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    let state = crate::state::app_state()?;
    Ok(SessionInfo {
        principal: session::current_principal().await?,
        oidc_enabled: state.settings.oidc_enabled,
    })
}
