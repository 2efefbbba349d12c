//! Broker routes and the drift watch (SPEC §5, §12).
//! `GET /offerings/{id}/brokers/catalog.json`: the exported OSB catalog as a download, for
//! members of the owning organisation (others get 404, audited as a denial).

use crate::state::ServerState;
use app::auth::session::principal_from_session;
use app::domain::access::OrgRole::Viewer;
use app::error::AppError;
use app::offerings::access::offering_on;
use app::offerings::db;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tower_sessions::Session;

pub async fn download_catalog(
    State(state): State<ServerState>,
    session: Session,
    Path(id): Path<String>,
    uri: Uri,
) -> Response {
    let Ok(Some(principal)) = principal_from_session(&state.app, &session).await else {
        return (StatusCode::UNAUTHORIZED, "Please sign in to continue.").into_response();
    };
    let offering = match offering_on(&state.app.pool, &principal, uri.path(), &id, Viewer).await {
        Ok(offering) => offering,
        Err(AppError::NotFound) => return (StatusCode::NOT_FOUND, "Not found.").into_response(),
        Err(e) => return (e.status(), e.to_string()).into_response(),
    };
    let public_url = &state.app.settings.public_url;
    let pool = &state.app.pool;
    let body =
        match app::offerings::transfer::ssr::broker_catalog(pool, public_url, &offering).await {
            Ok(catalog) => serde_json::to_string_pretty(&catalog).unwrap_or_default(),
            // No plans: 409 with the reason.
            Err(e) => return (e.status(), e.to_string()).into_response(),
        };
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-catalog.json\"", offering.name),
            ),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
        body,
    )
        .into_response()
}

/// Re-validates every registered broker once; answers how many no longer match.
pub async fn check_drift(state: &app::state::AppState) -> usize {
    let pool = &state.pool;
    let brokers = match app::brokers::db::all(pool).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "drift watch could not list brokers");
            return 0;
        }
    };
    let mut drifted = 0;
    for broker in brokers {
        let Ok(Some(offering)) = db::find(pool, &broker.offering_id).await else {
            continue;
        };
        let before = app::brokers::db::latest_runs(pool, &broker.id)
            .await
            .ok()
            .and_then(|runs| runs.into_iter().find(|r| r.kind == "validate"))
            .map(|r| r.status);
        match app::brokers::service::validate_stored(
            pool,
            &state.settings,
            &offering,
            &broker,
            None,
        )
        .await
        {
            Ok(run) if run.status == "failed" => {
                drifted += 1;
                tracing::info!(broker = %broker.id, offering = %offering.id, "drift watch: the broker's catalog no longer matches");
                if before.as_deref() != Some("failed") {
                    notify(pool, &offering, &broker.name).await;
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(broker = %broker.id, error = %e, "drift watch could not validate")
            }
        }
    }
    drifted
}

/// An in-app notification to each member of the owning organisation.
async fn notify(pool: &sqlx::SqlitePool, offering: &db::OfferingRow, broker: &str) {
    let message = format!(
        "Drift watch: the catalog of broker {broker} no longer matches the offering {}.",
        offering.name
    );
    let link = format!("/offerings/{}/brokers", offering.id);
    let done = sqlx::query!(
        "INSERT INTO notifications (user_id, message, link)
         SELECT user_id, ?, ? FROM memberships WHERE organisation_id = ?",
        message,
        link,
        offering.organisation_id
    )
    .execute(pool)
    .await;
    if let Err(e) = done {
        tracing::warn!(error = %e, "drift notification not stored");
    }
}

/// Runs `check_drift` every `interval` (never when it is zero).
pub fn spawn_drift_watch(state: app::state::AppState, interval: Duration) {
    if interval.is_zero() {
        return;
    }
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            check_drift(&state).await;
        }
    });
}
