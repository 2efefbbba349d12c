//! Local accounts: the sign-in form, sign-out, sign-out everywhere.

use super::safe_local_path;
use super::throttle::{ClientAddr, Refusal};
use crate::state::ServerState;
use app::audit::{self, AuditEntry};
use app::auth::session;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use tower_sessions::Session;
use urlencoding::encode;

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

fn failure(err: app::error::AppError) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response()
}

/// Checks the throttle (`throttle.rs`) before the password: an account or address whose
/// failures are used up is refused unchecked; only a wrong password counts against them.
pub async fn login(
    State(state): State<ServerState>,
    ClientAddr(address): ClientAddr,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_local_path(form.next.as_deref(), "/dashboard");
    let attempt = state.login_throttle.begin(&form.email, address).await;
    if let Some(refusal) = attempt.refusal() {
        tracing::warn!(
            account = attempt.account(),
            address = ?attempt.address(),
            by = refusal.by,
            retry_after = refusal.retry_after_secs,
            "sign-in throttled"
        );
        return throttled(&state, &form.email, &next, refusal).await;
    }
    let language = crate::language::of_request(&headers);
    match session::verify_local_credentials(&state.app, &form.email, &form.password).await {
        Ok(Some(user)) => {
            match session::sign_in(&state.app, &session, &user, "password", language).await {
                Ok(()) => Redirect::to(&next).into_response(),
                Err(err) => failure(err),
            }
        }
        Ok(None) => {
            attempt.failed();
            let recorded = audit::record(
                &state.app.pool,
                AuditEntry {
                    actor_id: None,
                    action: "session.sign_in_failed",
                    subject_type: "email",
                    subject_id: Some(form.email.trim()),
                    before: None,
                    after: None,
                    detail: "password",
                },
            )
            .await;
            if let Err(err) = recorded {
                tracing::error!(error = %err, "could not audit a failed sign-in");
            }
            Redirect::to(&format!(
                "/login?error=invalid&email={}&next={}",
                encode(form.email.trim()),
                encode(&next)
            ))
            .into_response()
        }
        Err(err) => failure(err),
    }
}

/// The refusal: back to the form with the wait, which is also in `Retry-After`.
async fn throttled(state: &ServerState, email: &str, next: &str, refusal: Refusal) -> Response {
    let recorded = audit::record(
        &state.app.pool,
        AuditEntry {
            actor_id: None,
            action: "session.sign_in_throttled",
            subject_type: "email",
            subject_id: Some(email.trim()),
            before: None,
            after: None,
            detail: refusal.by,
        },
    )
    .await;
    if let Err(err) = recorded {
        tracing::error!(error = %err, "could not audit a throttled sign-in");
    }
    let mut res = Redirect::to(&format!(
        "/login?error=throttled&retry={}&email={}&next={}",
        refusal.retry_after_secs,
        encode(email.trim()),
        encode(next)
    ))
    .into_response();
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(refusal.retry_after_secs),
    );
    res
}

pub async fn logout(session: Session) -> Response {
    match session::sign_out(&session).await {
        Ok(()) => Redirect::to("/login").into_response(),
        Err(err) => failure(err),
    }
}

pub async fn logout_everywhere(State(state): State<ServerState>, session: Session) -> Response {
    match session::sign_out_everywhere(&state.app, &session).await {
        Ok(()) => Redirect::to("/login?notice=signed_out_everywhere").into_response(),
        Err(err) => failure(err),
    }
}
