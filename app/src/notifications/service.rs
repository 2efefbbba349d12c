//! The caller's own notifications; nobody reads another's.

use super::server::Inbox;
use crate::context::Ctx;
use crate::domain::access::Need;
use crate::error::AppError;

/// How many notifications the inbox shows.
pub const INBOX_SIZE: i64 = 50;

pub async fn inbox(cx: &Ctx) -> Result<Inbox, AppError> {
    let me = cx.require(Need::SignedIn).await?;
    Ok(Inbox {
        unread: super::db::unread_count(cx.pool(), &me.user_id).await?,
        items: super::db::recent(cx.pool(), &me.user_id, INBOX_SIZE).await?,
    })
}

/// Marks every notification of the caller read; answers how many were unread.
pub async fn mark_read(cx: &Ctx) -> Result<u64, AppError> {
    let me = cx.require(Need::SignedIn).await?;
    Ok(super::db::mark_all_read(cx.pool(), &me.user_id).await?)
}
