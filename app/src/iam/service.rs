//! The IAM operations, for the pages' server functions and the REST API. The settings live in
//! the offering document (versioned, audited, diffed through `save_section`); the SSO client's
//! secrets only as argon2 hashes in `iam_clients`, each change in one transaction with its
//! audit row.

use super::server::{ClientView, IamData, IamInput, SecretShown, SignInCheck};
use crate::context::Ctx;
use crate::domain::access::OrgRole;
use crate::domain::iam as rules;
use crate::error::AppError;
use crate::offerings::service::{offering_for, save_section};

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "IAM storage failed");
    AppError::Internal
}

/// Has the offering a dashboard SSO client (the checklist's IAM line)?
pub async fn has_sso_client(pool: &sqlx::SqlitePool, id: &str) -> Result<bool, AppError> {
    Ok(client_view(pool, id).await?.is_some())
}

async fn client_view(
    db: impl sqlx::SqliteExecutor<'_>,
    id: &str,
) -> Result<Option<ClientView>, AppError> {
    let row = super::db::client(db, id).await?;
    Ok(row.map(|r| ClientView {
        client_id: r.client_id,
        created_at: r.created_at,
        rotated_at: r.rotated_at,
        previous_valid_until: r.previous_valid_until,
    }))
}

pub async fn load(cx: &Ctx, id: &str) -> Result<IamData, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    Ok(IamData {
        secret_once: cx.take_flash(SECRET_FLASH).await?,
        check_once: cx.take_flash(CHECK_FLASH).await?,
        client: client_view(cx.pool(), id).await?,
        can_edit: principal
            .role_in(&row.organisation_id)
            .is_some_and(|r| r >= OrgRole::Editor),
        offering_name: row.name,
        version: row.version,
        settings: row.document.iam,
    })
}

/// The session key of a secret waiting to be shown once after a plain form post.
pub const SECRET_FLASH: &str = "iam.secret_once";
/// The session key of a sign-in check's result waiting to be shown after a plain form post.
pub const CHECK_FLASH: &str = "iam.check_once";

/// What a plain form post (no JavaScript) produced is answered with a redirect: keep it in the
/// session under `key` for the page load it leads to, which shows it and forgets it.
pub async fn keep_for_redirect(
    cx: &Ctx,
    key: &str,
    value: &impl serde::Serialize,
) -> Result<(), AppError> {
    if cx.is_plain_form_post() {
        cx.flash(key, value).await?;
    }
    Ok(())
}

/// Saves the IAM settings into the offering document; answers the new version.
pub async fn save(cx: &Ctx, id: &str, version: i64, input: IamInput) -> Result<i64, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Editor).await?;
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
                    pricing: None,
                })
                .collect(),
        ));
    }
    save_section(cx, id, version, "iam", move |doc| doc.iam = settings).await
}

fn new_secret() -> String {
    format!(
        "rmcs_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

async fn hash(secret: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || crate::auth::session::hash_password(&secret))
        .await
        .map_err(internal)?
}

async fn audit(
    db: impl sqlx::SqliteExecutor<'_>,
    actor: &str,
    id: &str,
    action: &str,
    detail: &str,
) -> Result<(), AppError> {
    crate::audit::record(
        db,
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
    .await?;
    Ok(())
}

fn already_has_client() -> AppError {
    AppError::Conflict("This offering already has an SSO client; rotate its secret instead.".into())
}

/// Generates the dashboard SSO client; the secret is in this answer only.
pub async fn create_client(cx: &Ctx, id: &str) -> Result<SecretShown, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Editor).await?;
    if client_view(cx.pool(), id).await?.is_some() {
        return Err(already_has_client());
    }
    let client_id = format!(
        "{}-{}",
        row.name,
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let secret = new_secret();
    let hashed = hash(secret.clone()).await?;
    let mut tx = crate::store::write(cx.pool()).await?;
    // Two creations at once both pass the check above; the second finds the row here.
    if client_view(&mut *tx, id).await?.is_some() {
        return Err(already_has_client());
    }
    super::db::insert_client(&mut *tx, id, &client_id, &hashed).await?;
    let detail = format!("SSO client {client_id}");
    audit(
        &mut *tx,
        &principal.user_id,
        id,
        "iam.client.create",
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(SecretShown {
        client_id,
        secret,
        previous_valid_until: None,
    })
}

/// A new secret; the previous one stays valid for `ROTATION_GRACE_HOURS`.
pub async fn rotate_secret(cx: &Ctx, id: &str) -> Result<SecretShown, AppError> {
    let (principal, _) = offering_for(cx, id, OrgRole::Editor).await?;
    let client = client_view(cx.pool(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let secret = new_secret();
    let hashed = hash(secret.clone()).await?;
    let until = (time::OffsetDateTime::now_utc()
        + time::Duration::hours(rules::ROTATION_GRACE_HOURS))
    .format(&time::format_description::well_known::Rfc3339)
    .map_err(internal)?;
    let mut tx = crate::store::write(cx.pool()).await?;
    super::db::rotate(&mut *tx, id, &hashed, &until).await?;
    let detail = format!(
        "SSO client {}: secret rotated, previous valid until {until}",
        client.client_id
    );
    audit(
        &mut *tx,
        &principal.user_id,
        id,
        "iam.client.rotate",
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(SecretShown {
        client_id: client.client_id,
        secret,
        previous_valid_until: Some(until),
    })
}

/// Whether `secret` is the current secret of `client_id`, or the previous one within its grace.
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
pub async fn check_sign_in(cx: &Ctx, id: &str, issuer: &str) -> Result<SignInCheck, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let state = cx.state().clone();
    let issuer = issuer.trim().trim_end_matches('/').to_owned();
    let fail = |message: String| AppError::invalid("issuer", message);
    if issuer.is_empty() {
        return Err(fail("Enter the issuer URL first.".into()));
    }
    let client = client_view(&state.pool, id).await?.ok_or_else(|| {
        fail("Generate the SSO client first; the authorization URL names its client id.".into())
    })?;
    let redirect = row
        .document
        .iam
        .redirect_uris
        .first()
        .cloned()
        .ok_or_else(|| fail("Save at least one redirect URI first.".into()))?;
    let out =
        crate::brokers::client::Outbound::calling(state.settings.dev_mode, "identity provider");
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
        .map_err(|f| fail(format!("Calling {url} failed: {}", f.message)))?;
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
