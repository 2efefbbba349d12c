//! The REST API under `/api/v1` (SPEC §9): JSON in, JSON out, errors as
//! `{code, message, fields?}` with stable codes.
//!
//! Every handler is a thin adapter over the console's services (`app::<area>::service`: the
//! same rules, the same authorization, the same audit as the pages), called with the caller
//! the API layer authenticated (`auth.rs`: a bearer token, or the session). The routes
//! and the OpenAPI document come from one list (`router`), so they cannot drift apart.

pub mod account;
pub mod audit;
pub mod auth;
pub mod brokers;
pub mod catalog;
pub mod ctx;
pub mod docs;
pub mod iam;
pub mod members;
pub mod offerings;
pub mod organisations;
pub mod plans;
pub mod review;
pub mod support;
pub mod transfer;
pub mod usage;

use crate::state::ServerState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use ctx::{Api, Body, Query};

/// One field's problem in a 422 answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorOut {
    /// The field's path, e.g. `display_name` or `document.plans.0.name`.
    pub field: String,
    pub message: String,
}

/// An API error: HTTP status, a stable code, a sentence for people, and per-field problems.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    /// Stable: `unauthenticated`, `invalid_token`, `insufficient_scope`, `forbidden`,
    /// `not_found`, `invalid_json`, `invalid`, `conflict`, `stale`, `precondition_required`,
    /// `rate_limited`, `internal`, …
    #[schema(value_type = String)]
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorOut>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: vec![],
        }
    }
}

impl From<app::error::AppError> for ApiError {
    fn from(e: app::error::AppError) -> Self {
        use app::error::AppError as E;
        let message = e.to_string();
        let (status, code) = match &e {
            E::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            E::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            E::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            E::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            E::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            E::Refused(r) if r.by_role() => (StatusCode::FORBIDDEN, "forbidden"),
            E::Refused(r) if r.about_text() => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            E::Refused(_) => (StatusCode::CONFLICT, "conflict"),
            E::Stale { .. } => (StatusCode::PRECONDITION_FAILED, "stale"),
            E::BadInput(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            E::Internal | E::Transport(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            E::Unreadable => (StatusCode::INTERNAL_SERVER_ERROR, "unreadable"),
        };
        let fields = match e {
            E::Invalid(fields) => fields
                .into_iter()
                .map(|f| FieldErrorOut {
                    field: f.field,
                    message: f.message,
                })
                .collect(),
            _ => vec![],
        };
        ApiError {
            status,
            code,
            message,
            fields,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        app::error::AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let unauthorized = self.status == StatusCode::UNAUTHORIZED;
        let mut res = (self.status, Json(&self)).into_response();
        if unauthorized {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"rmc\""),
            );
        }
        res
    }
}

/// The document's description: authentication, errors, concurrency, paging.
pub const DESCRIPTION: &str = "\
The REST API of RMC, the Resource Management Console: everything the console's pages do, \
for automation. Authenticate with an API token (`Authorization: Bearer rmc_…`, created on \
/account/tokens); a `read` token may call only GET operations. A signed-in browser session \
works too (same-site requests only).\n\n\
Errors are JSON `{code, message, fields?}` with a stable `code`: 400 `invalid_json` or \
`invalid_parameter`, 401 `unauthenticated`/`invalid_token`, 403 `forbidden`/`insufficient_scope`, \
404 `not_found` (also for offerings of other organisations), 409 `conflict`, 412 `stale`, \
422 `invalid` with `fields`, 428 `precondition_required`, 429 `rate_limited` with `Retry-After`.\n\n\
Optimistic concurrency: `GET /api/v1/offerings/{id}` answers `ETag: \"<version>\"`. Every \
write to an offering's document (basics, texts, announcement, plans, IAM) requires \
`If-Match: \"<version>\"`; without it the answer is 428, with an old version 412. \
Successful writes answer the new `ETag`.\n\n\
Lists are paged with `?limit=` and an opaque `?cursor=` (the `next_cursor` of the previous page).";

#[derive(OpenApi)]
#[openapi(
    info(title = "RMC REST API", version = "1"),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(ApiError, FieldErrorOut))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("rmc API token")
                    .build(),
            ),
        );
        openapi.info.description = Some(DESCRIPTION.to_owned());
    }
}

/// The `/api/v1` routes and the OpenAPI document describing exactly them.
pub fn router(state: &ServerState) -> axum::Router<ServerState> {
    let (router, _) = routes()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .split_for_parts();
    router
}

/// The OpenAPI document, built from the same list of routes as the router.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().into_openapi()
}

/// The one list of `/api/v1` routes: each `routes!` registers the handlers with axum and
/// their `#[utoipa::path]` descriptions with the document.
fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::<ServerState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(
            offerings::list_offerings,
            offerings::create_offering
        ))
        .routes(routes!(offerings::get_offering, offerings::delete_offering))
        .routes(routes!(offerings::duplicate_offering))
        .routes(routes!(account::me))
        .routes(routes!(account::notifications))
        .routes(routes!(account::mark_read))
        .routes(routes!(catalog::search))
        .routes(routes!(catalog::offering))
        .routes(routes!(offerings::put_icon))
        .routes(routes!(offerings::put_basics))
        .routes(routes!(offerings::put_text, offerings::delete_text))
        .routes(routes!(offerings::put_announcement))
        .routes(routes!(plans::list_plans, plans::create_plan))
        .routes(routes!(plans::put_plan, plans::delete_plan))
        .routes(routes!(plans::estimate))
        .routes(routes!(plans::put_parameters))
        .routes(routes!(plans::cancel_price_change))
        .routes(routes!(iam::get_iam, iam::put_iam))
        .routes(routes!(iam::create_sso_client))
        .routes(routes!(iam::rotate_sso_secret))
        .routes(routes!(support::get_support, support::put_support))
        .routes(routes!(offerings::get_audit))
        .routes(routes!(brokers::list_brokers, brokers::create_broker))
        .routes(routes!(brokers::update_broker, brokers::delete_broker))
        .routes(routes!(brokers::validate_broker))
        .routes(routes!(brokers::start_run))
        .routes(routes!(brokers::get_run))
        .routes(routes!(review::get_visibility, review::post_visibility))
        .routes(routes!(review::add_test_account))
        .routes(routes!(review::remove_test_account))
        .routes(routes!(review::resolve_comment))
        .routes(routes!(review::review_queue))
        .routes(routes!(review::get_request))
        .routes(routes!(review::post_comment))
        .routes(routes!(review::decide))
        .routes(routes!(usage::post_usage))
        .routes(routes!(
            usage::get_replay,
            usage::post_replay,
            usage::delete_replay
        ))
        .routes(routes!(usage::post_replay_pattern))
        .routes(routes!(transfer::export_offering))
        .routes(routes!(transfer::export_broker_catalog))
        .routes(routes!(transfer::import_offering))
        .routes(routes!(
            organisations::list_organisations,
            organisations::create_organisation
        ))
        .routes(routes!(organisations::set_member, members::list_members))
        .routes(routes!(members::invite))
        .routes(routes!(members::cancel_invitation))
        .routes(routes!(members::put_member, members::delete_member))
        .routes(routes!(audit::list_audit))
        .routes(routes!(audit::export_audit))
        .routes(routes!(docs::openapi_json))
        .routes(routes!(docs::reference_page))
}

/// `/api/v1/…` paths that match no route: a JSON 404 rather than the console's page.
pub async fn no_such_route() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_route",
        "There is no such API route; see /api/v1/openapi.json.",
    )
}
