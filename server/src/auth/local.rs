//! Local accounts: the sign-in form, sign-out, sign-out everywhere.

use super::safe_local_path;
use crate::state::ServerState;
use app::audit::{self, AuditEntry};
use app::auth::session;
use axum::extract::State;
use axum::http::StatusCode;
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

pub async fn login(
    State(state): State<ServerState>,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_local_path(form.next.as_deref(), "/dashboard");
    match session::verify_local_credentials(&state.app, &form.email, &form.password).await {
        Ok(Some(user)) => match session::sign_in(&state.app, &session, &user, "password").await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(err) => failure(err),
        },
        Ok(None) => {
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
