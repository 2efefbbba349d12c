//! Server functions for IAM. The settings live in the offering document (versioned, audited,
//! diffed); the SSO client secrets only as argon2 hashes in `iam_clients`.
// `save_iam_form` takes the plain form field by field (the macro's browser-side function too).
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
pub use super::service::{has_sso_client, verify_client_secret};
use crate::domain::iam::IamSettings;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The SSO client as the page shows it: never a secret or a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClientView {
    pub client_id: String,
    pub created_at: String,
    pub rotated_at: Option<String>,
    /// The previous secret still works until then (after a rotation).
    pub previous_valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IamData {
    pub offering_name: String,
    pub version: i64,
    pub settings: IamSettings,
    pub client: Option<ClientView>,
    pub can_edit: bool,
}

/// What the provider sends from the IAM tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SecretShown {
    pub client_id: String,
    pub secret: String,
    pub previous_valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SignInCheck {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub authorization_url: String,
}

#[server]
pub async fn load_iam(id: String) -> Result<IamData, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::load(&cx, &id).await
}

/// Saves the IAM settings into the offering document; answers the new version.
#[server(input = Json)]
pub async fn save_iam(id: String, version: i64, input: IamInput) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::save(&cx, &id, version, input).await
}

/// The IAM form posted as a plain form (without JavaScript): rows as `redirect_uris[0]`, …,
/// the ticked grants as `grants[k]` = `role|action`. The same save as `save_iam`.
#[server]
pub async fn save_iam_form(
    id: String,
    version: i64,
    enabled: Option<String>,
    issuer: Option<String>,
    redirect_uris: Option<Vec<String>>,
    custom_roles: Option<Vec<String>>,
    actions: Option<Vec<String>>,
    grants: Option<Vec<String>>,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let input = IamInput {
        enabled: enabled.is_some(),
        issuer: issuer.unwrap_or_default(),
        redirect_uris: redirect_uris.unwrap_or_default(),
        custom_roles: custom_roles.unwrap_or_default(),
        actions: actions.unwrap_or_default(),
        grants: grants
            .unwrap_or_default()
            .iter()
            .filter_map(|g| g.split_once(GRANT_SEPARATOR))
            .map(|(r, a)| (r.to_owned(), a.to_owned()))
            .collect(),
    };
    super::service::save(&cx, &id, version, input).await
}

/// Between the role and the action of a ticked grant in the plain form (neither contains it).
pub const GRANT_SEPARATOR: char = '|';

/// Generates the dashboard SSO client; the secret is in this answer only.
#[server]
pub async fn create_sso_client(id: String) -> Result<SecretShown, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::create_client(&cx, &id).await
}

/// A new secret; the previous one stays valid for `ROTATION_GRACE_HOURS`.
#[server]
pub async fn rotate_sso_secret(id: String) -> Result<SecretShown, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::rotate_secret(&cx, &id).await
}

/// Fetches `<issuer>/.well-known/openid-configuration` and builds the authorization URL the
/// platform would send a user to for the dashboard.
#[server]
pub async fn check_sign_in(id: String, issuer: String) -> Result<SignInCheck, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::check_sign_in(&cx, &id, &issuer).await
}
