//! Server functions for notifications: only ever the caller's own.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// The English sentence (also all there is for notifications from before notices).
    pub message: String,
    /// What happened, to word in the reader's language.
    pub notice: Option<crate::domain::notice::Notice>,
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<Notification>,
}

#[server]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::inbox(&cx).await
}

#[server]
pub async fn mark_notifications_read() -> Result<u64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::mark_read(&cx).await
}
