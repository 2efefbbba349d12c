//! The demo organisation and demo users, created only in a database with no users.

use app::auth::{db, session::hash_password};
use app::domain::access::OrgRole;
use sqlx::SqlitePool;

pub const DEMO_PASSWORD: &str = "demo-password";

/// (e-mail, name, admin, reviewer, role in the demo organisation)
pub const DEMO_USERS: [(&str, &str, bool, bool, Option<OrgRole>); 5] = [
    (
        "owner@demo.example",
        "Olivia Owner",
        false,
        false,
        Some(OrgRole::Owner),
    ),
    (
        "editor@demo.example",
        "Eddie Editor",
        false,
        false,
        Some(OrgRole::Editor),
    ),
    (
        "viewer@demo.example",
        "Vera Viewer",
        false,
        false,
        Some(OrgRole::Viewer),
    ),
    (
        "reviewer@platform.example",
        "Rita Reviewer",
        false,
        true,
        None,
    ),
    ("admin@platform.example", "Adam Admin", true, false, None),
];

/// Seeds when the database has no users; says whether it did.
pub async fn seed_demo_if_empty(pool: &SqlitePool) -> anyhow::Result<bool> {
    if db::count_users(pool).await? > 0 {
        return Ok(false);
    }
    let mut tx = pool.begin().await?;
    let org = db::insert_organisation(&mut *tx, "Demo Cloud Co.").await?;
    let hash = hash_password(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    for (email, name, is_admin, is_reviewer, role) in DEMO_USERS {
        let id = db::insert_user(
            &mut *tx,
            db::NewUser {
                email,
                display_name: name,
                password_hash: Some(&hash),
                oidc: None,
                is_admin,
                is_reviewer,
            },
        )
        .await?;
        if let Some(role) = role {
            db::upsert_membership(&mut *tx, &org, &id, role).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}
