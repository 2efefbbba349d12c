//! Sign-in, sessions and the signed-in person: pages, server functions and SQL.

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod invitations;
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
    /// Unread notifications, for the header's bell.
    pub unread: i64,
}

#[server]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let state = cx.state().clone();
    let principal = cx.principal().await?;
    let unread = match &principal {
        Some(p) => crate::notifications::db::unread_count(&state.pool, &p.user_id).await?,
        None => 0,
    };
    Ok(SessionInfo {
        principal,
        oidc_enabled: state.settings.oidc_enabled,
        unread,
    })
}
