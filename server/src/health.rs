//! `/healthz` (the process answers) and `/readyz` (the database is reachable and migrated).

use crate::state::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<ServerState>) -> (StatusCode, Json<Value>) {
    if crate::db::is_ready(&state.app.pool).await {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                json!({ "status": "not ready", "reason": "database unreachable or migrations pending" }),
            ),
        )
    }
}
