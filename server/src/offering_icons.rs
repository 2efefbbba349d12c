//! `GET /offerings/{id}/icon`: the stored icon, for members of the owning organisation (others
//! get 404, audited as a denial). `GET /icons/{id}`: the same icon at its public address, for
//! anyone once the offering may be seen (the broker catalog's `imageUrl`).
//! An SVG is stored cleaned (`app::domain::icon::sanitize_icon`); it is cleaned again here, so
//! an icon stored before that rule is served clean too (cleaning is idempotent). It is also
//! served with a sandboxing CSP, so even a crafted SVG could not run anything.

use crate::state::ServerState;
use app::auth::session::principal_from_session;
use app::domain::access::OrgRole;
use app::domain::icon::{sanitize_icon, IconKind};
use app::error::AppError;
use app::offerings::access::offering_on;
use app::offerings::db;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub async fn serve_icon(
    State(state): State<ServerState>,
    session: Session,
    Path(id): Path<String>,
    uri: Uri,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "No icon here.").into_response();
    let pool = &state.app.pool;
    let Ok(Some(principal)) = principal_from_session(&state.app, &session).await else {
        return not_found();
    };
    match offering_on(pool, &principal, uri.path(), &id, OrgRole::Viewer).await {
        Ok(_) => {}
        Err(AppError::NotFound) => return not_found(),
        Err(e) => return (e.status(), e.to_string()).into_response(),
    }
    let Ok(Some(icon)) = db::icon(pool, &id).await else {
        return not_found();
    };
    icon_answer(icon, "private, max-age=86400")
}

/// `GET /icons/{id}`: the icon at its public address (the broker catalog's `imageUrl`), for
/// anyone, without signing in, once the offering may be seen outside its organisation
/// (`app::domain::broker::icon_is_public`: limited, in review, public, deprecated). A draft's or
/// a retired offering's icon, or none, is 404, the same answer as an unknown id.
pub async fn serve_public_icon(
    State(state): State<ServerState>,
    Path(id): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "No icon here.").into_response();
    let pool = &state.app.pool;
    match db::find(pool, &id).await {
        Ok(Some(row)) if app::domain::broker::icon_is_public(row.visibility) => {}
        _ => return not_found(),
    }
    let Ok(Some(icon)) = db::icon(pool, &id).await else {
        return not_found();
    };
    icon_answer(icon, "public, max-age=3600")
}

/// The stored icon as an answer: an SVG cleaned again, in a sandbox, never sniffed.
fn icon_answer(icon: db::Icon, cache: &str) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "No icon here.").into_response();
    let bytes = if icon.content_type == IconKind::Svg.content_type() {
        match sanitize_icon(&icon.bytes) {
            Ok(clean) if clean.kind == IconKind::Svg => clean.bytes,
            _ => return not_found(),
        }
    } else {
        icon.bytes
    };
    (
        [
            (header::CONTENT_TYPE, icon.content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox".into(),
            ),
        ],
        bytes,
    )
        .into_response()
}
