//! What a server function knows of its request, read once at its start: the app state (pool,
//! settings), the request path, where the caller comes from (the REST layer's principal or the
//! session) and the response options. Every access check and every query after that uses this
//! value, never the reactive context again.
//!
//! Why read it once: a resource that a re-render during SSR replaced runs on under a disposed
//! owner, where the reactive context is gone. Anything read from it after the first `.await`
//! would fail (`Internal`) in that instance only, and the page would not hydrate. A context
//! captured before the first `.await` answers the same in every instance.
//! The REST handlers build one directly ([`Ctx::for_api`]): no reactive owner is needed.

use crate::auth::access::{self, Denial};
use crate::auth::session::{principal_from_session, RequestPrincipal};
use crate::domain::access::{Need, Principal};
use crate::error::AppError;
use crate::state::{AppState, Settings};
use leptos::prelude::use_context;
use sqlx::SqlitePool;
use tower_sessions::Session;

/// Where the caller of this request is found.
#[derive(Clone)]
enum Caller {
    /// Authenticated by the REST layer (bearer token or session) before the call.
    Known(Principal),
    /// A page or server-function request: the session cookie, if any.
    Session(Option<Session>),
}

/// The request as a server function sees it (see the module doc).
#[derive(Clone)]
pub struct Ctx {
    state: AppState,
    path: String,
    caller: Caller,
    response: Option<leptos_axum::ResponseOptions>,
    /// A plain form post (the browser without JavaScript): it is answered with a redirect.
    plain_form: bool,
}

impl Ctx {
    /// Reads the request from the reactive context; call it before the first `.await`.
    #[track_caller]
    pub fn capture() -> Result<Ctx, AppError> {
        let state = crate::state::app_state()?;
        let parts = use_context::<http::request::Parts>();
        let path = parts
            .as_ref()
            .map(|p| p.uri.path().to_owned())
            .unwrap_or_default();
        let plain_form = parts.as_ref().is_some_and(|p| {
            p.method == http::Method::POST
                && (p.headers.get(http::header::ACCEPT))
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
        });
        let caller = match use_context::<RequestPrincipal>() {
            Some(RequestPrincipal(principal)) => Caller::Known(principal),
            None => Caller::Session(parts.and_then(|p| p.extensions.get::<Session>().cloned())),
        };
        Ok(Ctx {
            state,
            path,
            caller,
            response: use_context::<leptos_axum::ResponseOptions>(),
            plain_form,
        })
    }

    /// The context of a REST request whose caller the API layer authenticated.
    pub fn for_api(state: AppState, path: &str, principal: Principal) -> Ctx {
        Ctx {
            state,
            path: path.to_owned(),
            caller: Caller::Known(principal),
            response: None,
            plain_form: false,
        }
    }

    /// Whether this is a plain form post (no JavaScript), answered with a redirect to the page.
    pub fn is_plain_form_post(&self) -> bool {
        self.plain_form
    }

    /// Keeps `value` for the next page load of this session only (what a redirect would lose).
    pub async fn flash<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), AppError> {
        match &self.caller {
            Caller::Session(Some(session)) => session.insert(key, value).await.map_err(|e| {
                tracing::error!(error = %e, "session flash not stored");
                AppError::Internal
            }),
            _ => Ok(()),
        }
    }

    /// Takes what `flash` kept under `key`, if anything.
    pub async fn take_flash<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, AppError> {
        match &self.caller {
            Caller::Session(Some(session)) => session.remove(key).await.map_err(|e| {
                tracing::error!(error = %e, "session flash not read");
                AppError::Internal
            }),
            _ => Ok(None),
        }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.state.pool
    }

    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The request path (the subject of an `access.denied` row).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The caller the REST layer authenticated, when this is a REST request.
    pub fn api_principal(&self) -> Option<Principal> {
        match &self.caller {
            Caller::Known(principal) => Some(principal.clone()),
            Caller::Session(_) => None,
        }
    }

    /// The signed-in caller, if any.
    pub async fn principal(&self) -> Result<Option<Principal>, AppError> {
        match &self.caller {
            Caller::Known(principal) => Ok(Some(principal.clone())),
            Caller::Session(Some(session)) => principal_from_session(&self.state, session).await,
            Caller::Session(None) => Ok(None),
        }
    }

    /// For what anyone may read, signed in or not (the public catalog): the caller, if signed
    /// in. Nothing is refused here; what a visitor then sees is the subject's own rule
    /// (`domain::catalog::visible_in_catalog`), so an anonymous reader is one more viewer.
    pub async fn visitor(&self) -> Result<Option<Principal>, AppError> {
        self.principal().await
    }

    /// Who is calling, and may they do this? A refusal sets the HTTP status (401/403) and,
    /// for a signed-in caller, is audited once (`access::permit`).
    pub async fn require(&self, need: Need) -> Result<Principal, AppError> {
        let Some(principal) = self.principal().await? else {
            return Err(self.with_status(AppError::Unauthenticated));
        };
        access::permit(self.pool(), &principal, &self.path, &need)
            .await
            .map_err(|e| self.with_status(e))?;
        Ok(principal)
    }

    /// `need` on a subject owned by the organisation it names: an outsider gets 404, a
    /// member lacking the role 403; both audited (`access::permit_owned`).
    pub async fn require_owned(&self, principal: &Principal, need: Need) -> Result<(), AppError> {
        access::permit_owned(self.pool(), principal, &self.path, &need)
            .await
            .map_err(|e| self.with_status(e))
    }

    /// Refuses the caller by a rule of its own (e.g. the review rules): the one audited
    /// denial (`access::deny`), with its status set.
    pub async fn refuse(&self, principal: &Principal, need: &str, denial: Denial) -> AppError {
        let err = access::deny(self.pool(), principal, &self.path, need, denial).await;
        self.with_status(err)
    }

    /// Sets the response status of `err` (for the page or server-function answer).
    pub fn with_status(&self, err: AppError) -> AppError {
        if let Some(response) = &self.response {
            response.set_status(err.status());
        }
        err
    }
}

/// The UTC date of now: the day whose price versions are in force (`domain::price_schedule`).
pub fn today() -> time::Date {
    crate::domain::price_schedule::day_of(time::OffsetDateTime::now_utc())
}
