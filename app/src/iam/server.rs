//! Server functions for IAM. The settings live in the offering document (versioned, audited,
//! diffed); the SSO client secrets only as argon2 hashes in `iam_clients`.

use crate::domain::iam::IamSettings;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    crate::domain::access::OrgRole,
    crate::domain::iam as rules,
    crate::offerings::server::{offering_for, save_section},
};

/// The SSO client as the page shows it: never a secret or a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub client_id: String,
    pub created_at: String,
    pub rotated_at: Option<String>,
    /// The previous secret still works until then (after a rotation).
    pub previous_valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IamData {
    pub offering_name: String,
    pub version: i64,
    pub settings: IamSettings,
    pub client: Option<ClientView>,
    pub can_edit: bool,
}

/// What the provider sends from the IAM tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IamInput {
    pub enabled: bool,
    pub issuer: String,
    pub redirect_uris: Vec<String>,
    pub custom_roles: Vec<String>,
    pub actions: Vec<String>,
    /// (role, action) pairs ticked in the matrix.
    pub grants: Vec<(String, String)>,
}

impl IamInput {
    pub fn settings(&self) -> IamSettings {
        let clean = |list: &[String]| -> Vec<String> {
            list.iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut settings = IamSettings {
            enabled: self.enabled,
            issuer: self.issuer.trim().to_owned(),
            redirect_uris: clean(&self.redirect_uris),
            custom_roles: clean(&self.custom_roles),
            actions: clean(&self.actions),
            grants: Default::default(),
        };
        for (role, action) in &self.grants {
            settings
                .grants
                .entry(role.clone())
                .or_default()
                .insert(action.clone());
        }
        settings
    }
}

/// A newly generated secret: shown once, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretShown {
    pub client_id: String,
    pub secret: String,
    pub previous_valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInCheck {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub authorization_url: String,
}

#[cfg(feature = "ssr")]
fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "IAM storage failed");
    AppError::Internal
}

/// Has the offering a dashboard SSO client (the checklist's IAM line)?
#[cfg(feature = "ssr")]
pub async fn has_sso_client(pool: &sqlx::SqlitePool, id: &str) -> Result<bool, AppError> {
    Ok(client_view(pool, id).await?.is_some())
}

#[cfg(feature = "ssr")]
async fn client_view(pool: &sqlx::SqlitePool, id: &str) -> Result<Option<ClientView>, AppError> {
    let row = super::db::client(pool, id).await.map_err(internal)?;
    Ok(row.map(|r| ClientView {
        client_id: r.client_id,
        created_at: r.created_at,
        rotated_at: r.rotated_at,
        previous_valid_until: r.previous_valid_until,
    }))
}

#[server]
pub async fn load_iam(id: String) -> Result<IamData, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Viewer).await?;
    let pool = cx.pool().clone();
    Ok(IamData {
        client: client_view(&pool, &id).await?,
        can_edit: principal
            .role_in(&row.organisation_id)
            .is_some_and(|r| r >= OrgRole::Editor),
        offering_name: row.name,
        version: row.version,
        settings: row.document.iam,
    })
}

/// Saves the IAM settings into the offering document; answers the new version.
#[server(input = Json)]
pub async fn save_iam(id: String, version: i64, input: IamInput) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (_, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let settings = input.settings();
    let problems = rules::problems(&row.name, &settings);
    if !problems.is_empty() {
        return Err(AppError::Invalid(
            problems
                .into_iter()
                .map(|(field, message)| crate::error::FieldError {
                    field,
                    message,
                    problem: None,
                })
                .collect(),
        ));
    }
    save_section(&cx, &id, version, "iam", move |doc| doc.iam = settings).await
}

#[cfg(feature = "ssr")]
fn new_secret() -> String {
    format!(
        "rmcs_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

#[cfg(feature = "ssr")]
async fn hash(secret: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || crate::auth::session::hash_password(&secret))
        .await
        .map_err(internal)?
}

#[cfg(feature = "ssr")]
async fn audit(
    pool: &sqlx::SqlitePool,
    actor: &str,
    id: &str,
    action: &str,
    detail: &str,
) -> Result<(), AppError> {
    crate::audit::record(
        pool,
        crate::audit::AuditEntry {
            actor_id: Some(actor),
            action,
            subject_type: "offering",
            subject_id: Some(id),
            before: None,
            after: None,
            detail,
        },
    )
    .await
    .map_err(internal)
}

/// Generates the dashboard SSO client; the secret is in this answer only.
#[server]
pub async fn create_sso_client(id: String) -> Result<SecretShown, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let pool = cx.pool().clone();
    if client_view(&pool, &id).await?.is_some() {
        return Err(AppError::Conflict(
            "This offering already has an SSO client; rotate its secret instead.".into(),
        ));
    }
    let client_id = format!(
        "{}-{}",
        row.name,
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let secret = new_secret();
    let hashed = hash(secret.clone()).await?;
    super::db::insert_client(&pool, &id, &client_id, &hashed)
        .await
        .map_err(|e| match &e {
            // Two creations at once: the check above passed for both (found by API fuzzing).
            sqlx::Error::Database(db) if db.is_unique_violation() => AppError::Conflict(
                "This offering already has an SSO client; rotate its secret instead.".into(),
            ),
            _ => internal(e),
        })?;
    audit(
        &pool,
        &principal.user_id,
        &id,
        "iam.client.create",
        &format!("SSO client {client_id}"),
    )
    .await?;
    Ok(SecretShown {
        client_id,
        secret,
        previous_valid_until: None,
    })
}

/// A new secret; the previous one stays valid for `ROTATION_GRACE_HOURS`.
#[server]
pub async fn rotate_sso_secret(id: String) -> Result<SecretShown, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, _) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let pool = cx.pool().clone();
    let client = client_view(&pool, &id).await?.ok_or(AppError::NotFound)?;
    let secret = new_secret();
    let hashed = hash(secret.clone()).await?;
    let until = (time::OffsetDateTime::now_utc()
        + time::Duration::hours(rules::ROTATION_GRACE_HOURS))
    .format(&time::format_description::well_known::Rfc3339)
    .map_err(internal)?;
    super::db::rotate(&pool, &id, &hashed, &until)
        .await
        .map_err(internal)?;
    audit(
        &pool,
        &principal.user_id,
        &id,
        "iam.client.rotate",
        &format!(
            "SSO client {}: secret rotated, previous valid until {until}",
            client.client_id
        ),
    )
    .await?;
    Ok(SecretShown {
        client_id: client.client_id,
        secret,
        previous_valid_until: Some(until),
    })
}

/// Whether `secret` is the current secret of `client_id`, or the previous one within its grace.
#[cfg(feature = "ssr")]
pub async fn verify_client_secret(pool: &sqlx::SqlitePool, client_id: &str, secret: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let Ok(Some(row)) = super::db::hashes(pool, client_id).await else {
        return false;
    };
    let current = row.secret_hash;
    let previous = row.previous_hash;
    let until = row.previous_valid_until;
    let still_valid = until
        .and_then(|u| {
            time::OffsetDateTime::parse(&u, &time::format_description::well_known::Rfc3339).ok()
        })
        .is_some_and(|u| u > time::OffsetDateTime::now_utc());
    let mut hashes = vec![current];
    if still_valid {
        hashes.extend(previous);
    }
    let secret = secret.to_owned();
    tokio::task::spawn_blocking(move || {
        hashes.iter().any(|h| {
            PasswordHash::new(h).is_ok_and(|parsed| {
                argon2::Argon2::default()
                    .verify_password(secret.as_bytes(), &parsed)
                    .is_ok()
            })
        })
    })
    .await
    .unwrap_or(false)
}

/// Fetches `<issuer>/.well-known/openid-configuration` and builds the authorization URL the
/// platform would send a user to for the dashboard.
#[server]
pub async fn check_sign_in(id: String, issuer: String) -> Result<SignInCheck, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (_, row) = offering_for(&cx, &id, OrgRole::Viewer).await?;
    let state = cx.state().clone();
    let issuer = issuer.trim().trim_end_matches('/').to_owned();
    let fail = |message: String| AppError::invalid("issuer", message);
    if issuer.is_empty() {
        return Err(fail("Enter the issuer URL first.".into()));
    }
    let client = client_view(&state.pool, &id).await?.ok_or_else(|| {
        fail("Generate the SSO client first; the authorization URL names its client id.".into())
    })?;
    let redirect = row
        .document
        .iam
        .redirect_uris
        .first()
        .cloned()
        .ok_or_else(|| fail("Save at least one redirect URI first.".into()))?;
    let out = crate::brokers::client::Outbound::new(state.settings.dev_mode);
    let url = format!("{issuer}/.well-known/openid-configuration");
    let answer = out
        .call(
            reqwest::Method::GET,
            &url,
            &crate::brokers::client::Auth::None,
            None,
            None,
        )
        .await
        .map_err(|f| fail(format!("{url}: {}", f.message)))?;
    if answer.status != 200 {
        return Err(fail(format!(
            "{url} answered {} instead of 200.",
            answer.status
        )));
    }
    let doc = answer
        .json()
        .ok_or_else(|| fail(format!("{url} did not answer JSON.")))?;
    let declared = doc
        .get("issuer")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    if declared.trim_end_matches('/') != issuer {
        return Err(fail(format!(
            "The discovery document names the issuer `{declared}`, not `{issuer}`; enter the issuer exactly as it names itself."
        )));
    }
    let endpoint = doc
        .get("authorization_endpoint")
        .and_then(|v| v.as_str())
        .ok_or_else(|| fail("The discovery document has no authorization_endpoint.".into()))?
        .to_owned();
    let authorization_url =
        rules::authorization_url(&endpoint, &client.client_id, &redirect).map_err(fail)?;
    Ok(SignInCheck {
        issuer,
        authorization_endpoint: endpoint,
        authorization_url,
    })
}
