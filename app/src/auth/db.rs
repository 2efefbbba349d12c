//! SQL for users, organisations and memberships.

use crate::domain::access::{Membership, OrgRole, Principal};
use sqlx::{SqliteExecutor, SqlitePool};

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub is_reviewer: bool,
    pub session_epoch: i64,
}

pub async fn find_user_by_id(
    db: impl SqliteExecutor<'_>,
    id: &str,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, display_name, password_hash,
                  is_admin AS "is_admin: bool", is_reviewer AS "is_reviewer: bool", session_epoch
           FROM users WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn find_user_by_email(
    db: impl SqliteExecutor<'_>,
    email: &str,
) -> sqlx::Result<Option<UserRow>> {
    let email = email.trim();
    sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, display_name, password_hash,
                  is_admin AS "is_admin: bool", is_reviewer AS "is_reviewer: bool", session_epoch
           FROM users WHERE email = ?"#,
        email
    )
    .fetch_optional(db)
    .await
}

pub async fn find_user_by_oidc(
    db: impl SqliteExecutor<'_>,
    issuer: &str,
    subject: &str,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, display_name, password_hash,
                  is_admin AS "is_admin: bool", is_reviewer AS "is_reviewer: bool", session_epoch
           FROM users WHERE oidc_issuer = ? AND oidc_subject = ?"#,
        issuer,
        subject
    )
    .fetch_optional(db)
    .await
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub oidc: Option<(&'a str, &'a str)>,
    pub is_admin: bool,
    pub is_reviewer: bool,
}

pub async fn insert_user(db: impl SqliteExecutor<'_>, user: NewUser<'_>) -> sqlx::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let (issuer, subject) = user.oidc.unzip();
    let email = user.email.trim();
    sqlx::query!(
        "INSERT INTO users (id, email, display_name, password_hash, oidc_issuer, oidc_subject, is_admin, is_reviewer)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        email,
        user.display_name,
        user.password_hash,
        issuer,
        subject,
        user.is_admin,
        user.is_reviewer,
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// Links an existing (e.g. admin-created) account to an identity-provider subject.
pub async fn link_oidc(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    issuer: &str,
    subject: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE users SET oidc_issuer = ?, oidc_subject = ? WHERE id = ?",
        issuer,
        subject,
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn bump_session_epoch(db: impl SqliteExecutor<'_>, user_id: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?",
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_reviewer(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
    reviewer: bool,
) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "UPDATE users SET is_reviewer = ? WHERE id = ?",
        reviewer,
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

pub async fn memberships_of(
    db: impl SqliteExecutor<'_>,
    user_id: &str,
) -> sqlx::Result<Vec<Membership>> {
    let rows = sqlx::query!(
        r#"SELECT o.id AS "organisation_id!", o.name AS "organisation_name!", m.role
           FROM memberships m JOIN organisations o ON o.id = m.organisation_id
           WHERE m.user_id = ? ORDER BY o.name"#,
        user_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Membership {
                organisation_id: r.organisation_id,
                organisation_name: r.organisation_name,
                role: r.role.parse::<OrgRole>().ok()?,
            })
        })
        .collect())
}

pub async fn principal(pool: &SqlitePool, user: UserRow) -> sqlx::Result<Principal> {
    let memberships = memberships_of(pool, &user.id).await?;
    Ok(Principal {
        user_id: user.id,
        email: user.email,
        display_name: user.display_name,
        is_admin: user.is_admin,
        is_reviewer: user.is_reviewer,
        memberships,
    })
}

pub async fn count_users(db: impl SqliteExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM users"#)
        .fetch_one(db)
        .await
}

pub async fn insert_organisation(db: impl SqliteExecutor<'_>, name: &str) -> sqlx::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let name = name.trim();
    sqlx::query!(
        "INSERT INTO organisations (id, name) VALUES (?, ?)",
        id,
        name
    )
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn upsert_membership(
    db: impl SqliteExecutor<'_>,
    organisation_id: &str,
    user_id: &str,
    role: OrgRole,
) -> sqlx::Result<()> {
    let role = role.as_str();
    sqlx::query!(
        "INSERT INTO memberships (organisation_id, user_id, role) VALUES (?, ?, ?)
         ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role",
        organisation_id,
        user_id,
        role
    )
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct UserListRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub is_reviewer: bool,
    pub sign_in: String,
}

pub async fn list_users(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<UserListRow>> {
    sqlx::query_as!(
        UserListRow,
        r#"SELECT id, email, display_name, is_admin AS "is_admin: bool", is_reviewer AS "is_reviewer: bool",
                  CASE WHEN oidc_subject IS NOT NULL AND password_hash IS NOT NULL THEN 'password, single sign-on'
                       WHEN oidc_subject IS NOT NULL THEN 'single sign-on'
                       ELSE 'password' END AS "sign_in!: String"
           FROM users ORDER BY email"#
    )
    .fetch_all(db)
    .await
}

#[derive(Debug, Clone)]
pub struct OrganisationMemberRow {
    pub organisation_id: String,
    pub organisation_name: String,
    pub user_email: Option<String>,
    pub role: Option<String>,
}

/// Every organisation with its members (one row per member; one row with no member for an empty one).
pub async fn list_organisations(
    db: impl SqliteExecutor<'_>,
) -> sqlx::Result<Vec<OrganisationMemberRow>> {
    sqlx::query_as!(
        OrganisationMemberRow,
        r#"SELECT o.id AS "organisation_id!", o.name AS "organisation_name!",
                  u.email AS "user_email?", m.role AS "role?"
           FROM organisations o
           LEFT JOIN memberships m ON m.organisation_id = o.id
           LEFT JOIN users u ON u.id = m.user_id
           ORDER BY o.name, u.email"#
    )
    .fetch_all(db)
    .await
}
