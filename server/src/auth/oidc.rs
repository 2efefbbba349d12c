//! OpenID Connect sign-in: authorization code + PKCE + nonce, state and verifier in the session.

use super::safe_local_path;
use crate::state::ServerState;
use app::auth::{db, session};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const FLOW_KEY: &str = "oidc_flow";

type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The configured identity provider.
pub struct OidcSettings {
    pub issuer: IssuerUrl,
    pub client_id: ClientId,
    pub client_secret: ClientSecret,
    pub redirect: RedirectUrl,
    /// Follows no redirects: discovery and token calls go exactly where configured.
    pub http: reqwest::Client,
}

impl OidcSettings {
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: &str,
        public_url: &str,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            issuer: IssuerUrl::new(issuer.to_owned())?,
            client_id: ClientId::new(client_id.to_owned()),
            client_secret: ClientSecret::new(client_secret.to_owned()),
            redirect: RedirectUrl::new(format!("{public_url}/auth/oidc/callback"))?,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(10))
                .build()?,
        })
    }

    async fn client(&self) -> anyhow::Result<DiscoveredClient> {
        let metadata =
            CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http).await?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone()))
    }
}

/// What the session keeps between the redirect to the provider and the callback.
#[derive(Serialize, Deserialize)]
struct PendingFlow {
    state: String,
    nonce: String,
    verifier: String,
    next: String,
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

fn failed(reason: impl std::fmt::Display) -> Response {
    tracing::warn!(%reason, "single sign-on failed");
    Redirect::to("/login?error=sso").into_response()
}

pub async fn start(
    State(state): State<ServerState>,
    session: Session,
    Query(q): Query<StartQuery>,
) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return failed("single sign-on is not configured");
    };
    let client = match oidc.client().await {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let flow = PendingFlow {
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        next: safe_local_path(q.next.as_deref(), "/dashboard"),
    };
    if let Err(e) = session.insert(FLOW_KEY, flow).await {
        return failed(e);
    }
    Redirect::to(url.as_str()).into_response()
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn callback(
    State(state): State<ServerState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let flow: Option<PendingFlow> = session.remove(FLOW_KEY).await.unwrap_or(None);
    let Some(flow) = flow else {
        return failed("no sign-in in progress in this session");
    };
    if let Some(error) = q.error {
        return failed(format!("provider answered {error}"));
    }
    let (Some(code), Some(returned_state)) = (q.code, q.state) else {
        return failed("callback without code or state");
    };
    if returned_state != flow.state {
        return failed("state does not match");
    }
    let Some(oidc) = state.oidc.clone() else {
        return failed("single sign-on is not configured");
    };
    let language = crate::language::of_request(&headers);
    match finish(
        &state,
        &oidc,
        &session,
        code,
        flow.verifier,
        flow.nonce,
        language,
    )
    .await
    {
        Ok(()) => Redirect::to(&flow.next).into_response(),
        Err(e) => failed(e),
    }
}

async fn finish(
    state: &ServerState,
    oidc: &OidcSettings,
    session: &Session,
    code: String,
    verifier: String,
    nonce: String,
    language: Option<&str>,
) -> anyhow::Result<()> {
    let client = oidc.client().await?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&oidc.http)
        .await?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| anyhow::anyhow!("no ID token in the token response"))?;
    let claims = id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce))?;
    let issuer = claims.issuer().as_str();
    let subject = claims.subject().as_str();
    let mut email = claims.email().map(|e| e.as_str().to_owned());
    let mut email_verified = claims.email_verified();
    let mut name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.as_str().to_owned());
    if email.is_none() {
        // In the code flow providers commonly release profile claims only at userinfo.
        let info: openidconnect::core::CoreUserInfoClaims = client
            .user_info(
                tokens.access_token().clone(),
                Some(claims.subject().clone()),
            )?
            .request_async(&oidc.http)
            .await?;
        email = info.email().map(|e| e.as_str().to_owned());
        email_verified = info.email_verified();
        name = name.or_else(|| {
            info.name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned())
        });
    }
    let email = email.ok_or_else(|| anyhow::anyhow!("the provider released no e-mail address"))?;
    let name = name.unwrap_or_else(|| email.clone());
    let pool = &state.app.pool;
    let user = match db::find_user_by_oidc(pool, issuer, subject).await? {
        Some(user) => user,
        None => {
            // An account the admin created for this e-mail is linked only on a verified address.
            let existing = db::find_user_by_email(pool, &email).await?;
            match existing {
                Some(user) if email_verified == Some(true) => {
                    db::link_oidc(pool, &user.id, issuer, subject).await?;
                    user
                }
                Some(_) => anyhow::bail!("e-mail already used by another account and not verified"),
                None => {
                    let id = db::insert_user(
                        pool,
                        db::NewUser {
                            email: &email,
                            display_name: &name,
                            password_hash: None,
                            oidc: Some((issuer, subject)),
                            is_admin: false,
                            is_reviewer: false,
                        },
                    )
                    .await?;
                    db::find_user_by_id(pool, &id)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("user vanished after insert"))?
                }
            }
        }
    };
    session::sign_in(&state.app, session, &user, "oidc", language)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}
