//! SQL for notifications.

use super::server::Notification;
use crate::domain::notice::Notice;
use sqlx::SqliteExecutor;

/// A stored notice; one that does not decode is an error, never a blank line under the bell.
fn decode(event: Option<String>) -> sqlx::Result<Option<Notice>> {
    event
        .map(|e| serde_json::from_str(&e).map_err(|err| sqlx::Error::Decode(Box::new(err))))
        .transpose()
}

/// Tells each of `user_ids` `notice`, linking to `link`.
pub async fn notify(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    user_ids: &[String],
    notice: &Notice,
    link: &str,
) -> sqlx::Result<()> {
    let message = notice.english();
    let event = serde_json::to_string(notice).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    for user_id in user_ids {
        sqlx::query!(
            "INSERT INTO notifications (user_id, message, link, event) VALUES (?, ?, ?, ?)",
            user_id,
            message,
            link,
            event
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The newest notifications of a user.
pub async fn recent(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<Notification>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", message, link, event, created_at, (read_at IS NOT NULL) AS "read!: bool"
           FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?"#,
        user_id,
        limit
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Notification {
                id: r.id,
                message: r.message,
                notice: decode(r.event)?,
                link: r.link,
                created_at: r.created_at,
                read: r.read,
            })
        })
        .collect()
}

pub async fn unread_count(db: impl SqliteExecutor<'_>, user_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM notifications WHERE user_id = ? AND read_at IS NULL"#,
        user_id
    )
    .fetch_one(db)
    .await
}

pub async fn mark_all_read(db: impl SqliteExecutor<'_>, user_id: &str) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "UPDATE notifications SET read_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE user_id = ? AND read_at IS NULL",
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// A notification still to be e-mailed, with its recipient's address and language.
#[derive(Debug, Clone)]
pub struct PendingEmail {
    pub id: i64,
    pub email: String,
    pub language: String,
    pub message: String,
    pub notice: Option<Notice>,
    pub link: String,
}

/// Notifications created since `since` (RFC 3339) not yet e-mailed and tried fewer than
/// `max_attempts` times, oldest first.
pub async fn pending_email(
    db: impl SqliteExecutor<'_>,
    since: &str,
    max_attempts: i64,
    limit: i64,
) -> sqlx::Result<Vec<PendingEmail>> {
    let rows = sqlx::query!(
        r#"SELECT n.id AS "id!", u.email, u.language, n.message, n.event, n.link
           FROM notifications n JOIN users u ON u.id = n.user_id
           WHERE n.emailed_at IS NULL AND n.created_at >= ? AND n.email_attempts < ?
           ORDER BY n.id LIMIT ?"#,
        since,
        max_attempts,
        limit
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PendingEmail {
                id: r.id,
                email: r.email,
                language: r.language,
                message: r.message,
                notice: decode(r.event)?,
                link: r.link,
            })
        })
        .collect()
}

/// Remembers the language `user_id` reads the console in, for their e-mails.
pub async fn set_language(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    language: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE users SET language = ? WHERE id = ?",
        language,
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records that a notification was e-mailed (`sent`), or that an attempt failed.
pub async fn record_email(db: impl SqliteExecutor<'_>, id: i64, sent: bool) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE notifications
         SET emailed_at = CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
             email_attempts = email_attempts + 1
         WHERE id = ?",
        sent,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
