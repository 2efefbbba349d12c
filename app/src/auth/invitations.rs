//! Pending invitations taken at sign-in (SPEC §1): someone invited by e-mail before they had
//! an account joins each inviting organisation the first time they sign in, locally or by
//! single sign-on, with the invited role; one transaction with an audit row per organisation.

use crate::audit::{self, AuditEntry};
use crate::domain::access::OrgRole;
use sqlx::SqlitePool;

/// Makes `user_id` a member of every organisation that invited `email`; the organisations
/// joined.
pub async fn take(pool: &SqlitePool, user_id: &str, email: &str) -> sqlx::Result<Vec<String>> {
    // Nearly every sign-in has none: a read, without taking the write lock.
    let waiting = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM invitations WHERE email = ?) AS "waiting!: bool""#,
        email
    )
    .fetch_one(pool)
    .await?;
    if !waiting {
        return Ok(Vec::new());
    }
    let mut tx = crate::store::write(pool).await?;
    let invited = sqlx::query!(
        r#"SELECT organisation_id AS "organisation_id!", role FROM invitations WHERE email = ?"#,
        email
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut joined = Vec::new();
    for row in invited {
        let role: OrgRole = row
            .role
            .parse()
            .map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        let role_text = role.as_str();
        let added = sqlx::query!(
            "INSERT INTO memberships (organisation_id, user_id, role) VALUES (?, ?, ?)
             ON CONFLICT (organisation_id, user_id) DO NOTHING",
            row.organisation_id,
            user_id,
            role_text
        )
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            audit::record(
                &mut *tx,
                AuditEntry {
                    actor_id: Some(user_id),
                    action: "member.join",
                    subject_type: "organisation",
                    subject_id: Some(&row.organisation_id),
                    before: None,
                    after: Some(serde_json::json!({ "user": email, "role": role })),
                    detail: "invitation",
                },
            )
            .await?;
            joined.push(row.organisation_id);
        }
    }
    sqlx::query!("DELETE FROM invitations WHERE email = ?", email)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(joined)
}
