//! The SQL of an organisation's member list and its pending invitations.

use super::server::{Invitation, Member};
use crate::domain::access::OrgRole;
use sqlx::SqliteExecutor;

fn role(text: &str) -> sqlx::Result<OrgRole> {
    text.parse()
        .map_err(|e: String| sqlx::Error::Decode(e.into()))
}

/// The members of an organisation, by e-mail.
pub async fn members(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
) -> sqlx::Result<Vec<Member>> {
    let rows = sqlx::query!(
        r#"SELECT u.id AS "user_id!", u.email, u.display_name, m.role
           FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.organisation_id = ? ORDER BY u.email"#,
        organisation_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Member {
                role: role(&r.role)?,
                user_id: r.user_id,
                email: r.email,
                display_name: r.display_name,
            })
        })
        .collect()
}

/// The invitations not taken yet, by e-mail.
pub async fn invitations(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
) -> sqlx::Result<Vec<Invitation>> {
    let rows = sqlx::query!(
        r#"SELECT i.email, i.role, i.created_at, u.email AS "invited_by?"
           FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
           WHERE i.organisation_id = ? ORDER BY i.email"#,
        organisation_id
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Invitation {
                role: role(&r.role)?,
                email: r.email,
                invited_at: r.created_at,
                invited_by: r.invited_by,
            })
        })
        .collect()
}

/// The member's role, if they are one.
pub async fn role_of(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
    user_id: &str,
) -> sqlx::Result<Option<OrgRole>> {
    let text = sqlx::query_scalar!(
        "SELECT role FROM memberships WHERE organisation_id = ? AND user_id = ?",
        organisation_id,
        user_id
    )
    .fetch_optional(db)
    .await?;
    text.as_deref().map(role).transpose()
}

/// How many owners the organisation has.
pub async fn owners(db: impl SqliteExecutor<'_>, organisation_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM memberships WHERE organisation_id = ? AND role = 'owner'"#,
        organisation_id
    )
    .fetch_one(db)
    .await
}

pub async fn remove(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
    user_id: &str,
) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "DELETE FROM memberships WHERE organisation_id = ? AND user_id = ?",
        organisation_id,
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Invites `email` (or changes the role of its pending invitation).
pub async fn invite(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
    email: &str,
    role: OrgRole,
    invited_by: &str,
) -> sqlx::Result<()> {
    let role = role.as_str();
    sqlx::query!(
        "INSERT INTO invitations (organisation_id, email, role, invited_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (organisation_id, email) DO UPDATE SET role = excluded.role,
             invited_by = excluded.invited_by, created_at = excluded.created_at",
        organisation_id,
        email,
        role,
        invited_by
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn cancel_invitation(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
    email: &str,
) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "DELETE FROM invitations WHERE organisation_id = ? AND email = ?",
        organisation_id,
        email
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
