//! Server functions for notifications: only ever the caller's own.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub message: String,
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: i64,
    pub items: Vec<Notification>,
}

#[server]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    let me = cx.require(Need::SignedIn).await?;
    let pool = cx.pool().clone();
    Ok(Inbox {
        unread: super::db::unread_count(&pool, &me.user_id).await?,
        items: super::db::recent(&pool, &me.user_id, 50).await?,
    })
}

#[server]
pub async fn mark_notifications_read() -> Result<u64, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    let me = cx.require(Need::SignedIn).await?;
    let pool = cx.pool().clone();
    Ok(super::db::mark_all_read(&pool, &me.user_id).await?)
}
