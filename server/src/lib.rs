//! The RMC server: configuration, the axum router around the Leptos app, sign-in routes,
//! health checks. `main.rs` only parses flags and serves what `build` returns.

// The editor's view types nest deeper than the default limit allows.
#![recursion_limit = "256"]

pub mod api;
pub mod assets;
pub mod auth;
pub mod body_limit;
pub mod brokers;
pub mod complete;
pub mod config;
pub mod csrf;
pub mod db;
pub mod form_echo;
pub mod health;
pub mod language;
pub mod mail;
pub mod offering_icons;
pub mod secret_key;
pub mod security;
pub mod seed;
pub mod state;

use app::state::{AppState, Settings};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};

/// The app's routes, generated once per process. Generating them sets a process-wide flag
/// that parks for good every resource first polled meanwhile (leptos-rs/leptos#4773): a second
/// generation while another router serves (the tests build a router per test, in parallel)
/// hung a page now and then. Other callers wait here until the one generation is done.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}
use state::ServerState;
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

/// A built console: the router to serve and the state behind it.
pub struct Built {
    pub router: Router,
    pub state: ServerState,
    pub seeded: bool,
}

/// Opens (and migrates) the database, seeds if asked, and builds the whole router.
pub async fn build(config: &Config) -> anyhow::Result<Built> {
    let pool = db::connect(&config.database_url).await?;
    let secret_key = secret_key::load(config)?;
    let resealed = app::brokers::service::seal_clear_text_secrets(&pool, &secret_key).await?;
    if resealed > 0 {
        tracing::info!(
            count = resealed,
            "sealed broker secrets stored in clear text before encryption"
        );
    }
    let seeded = if config.seed_demo {
        seed::seed_demo_if_empty(&pool).await?
    } else {
        false
    };

    let store = SqliteStore::new(pool.clone())
        .with_table_name("sessions")
        .map_err(anyhow::Error::msg)?;
    store.migrate().await?;
    spawn_expired_session_cleanup(store.clone());

    let oidc = match &config.oidc_issuer {
        Some(issuer) if !issuer.is_empty() => Some(Arc::new(auth::oidc::OidcSettings::new(
            issuer,
            &config.oidc_client_id,
            &config.oidc_client_secret,
            &config.public_url(),
        )?)),
        _ => None,
    };

    let app_state = AppState {
        pool,
        settings: Arc::new(Settings {
            dev_mode: config.dev_mode,
            oidc_enabled: oidc.is_some(),
            session_absolute_secs: config.session_absolute_secs,
            session_touch_secs: (config.session_idle_secs / 4).min(60),
            secret_key,
            public_url: config.public_url(),
        }),
    };
    mail::spawn(app_state.pool.clone(), config.mail())?;
    brokers::spawn_drift_watch(
        app_state.clone(),
        std::time::Duration::from_secs(config.drift_interval_secs),
    );
    // A site built by `./rmc build` has content-hashed file names listed in its own
    // `hash.txt` (`assets::site_hash_file`); without one (cargo-leptos without `hash-files`,
    // a test's site root), the plain names `rmc.js`, `rmc_bg.wasm`, `rmc.css`.
    let hash_file = assets::site_hash_file(&config.site_root);
    let leptos_options = LeptosOptions::builder()
        .output_name("rmc")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(if config.dev_mode { Env::DEV } else { Env::PROD })
        .hash_files(hash_file.is_some())
        .hash_file(Arc::<str>::from(
            hash_file.unwrap_or_else(|| "hash.txt".into()),
        ))
        .build();
    let state = ServerState {
        app: app_state.clone(),
        leptos: leptos_options.clone(),
        oidc,
        secure_cookies: config.secure_cookies,
        api_limiter: Arc::new(api::auth::RateLimiter::new(config.api_rate_per_min)),
        login_throttle: auth::throttle::LoginThrottle::start(config),
    };

    let sessions = SessionManagerLayer::new(store)
        .with_name("rmc_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            config.session_idle_secs,
        )));

    let routes = route_list();
    let page_context = {
        let app_state = app_state.clone();
        move || {
            provide_context(app_state.clone());
            security::provide_request_nonce();
        }
    };
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/auth/login", post(auth::local::login))
        .route("/auth/logout", post(auth::local::logout))
        .route("/auth/logout-everywhere", post(auth::local::logout_everywhere))
        .route("/auth/oidc/start", get(auth::oidc::start))
        .route("/auth/oidc/callback", get(auth::oidc::callback))
        .route("/language", post(language::set_language))
        .route("/offerings/{id}/icon", get(offering_icons::serve_icon))
        .route("/icons/{id}", get(offering_icons::serve_public_icon))
        .route(
            "/offerings/{id}/brokers/catalog.json",
            get(brokers::download_catalog),
        )
        .merge(api::router(&state))
        .route("/api/v1/{*rest}", axum::routing::any(api::no_such_route))
        .leptos_routes_with_context(&state, routes, page_context.clone(), {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback({
            // A file of the site root, else the console's 404 page.
            let files = assets::SiteFiles::new(&config.site_root);
            let not_found = leptos_axum::file_and_error_handler_with_context::<ServerState, _>(
                page_context,
                app::shell,
            );
            move |State(state): State<ServerState>, request: Request| async move {
                match files.serve(request).await {
                    Ok(response) => response,
                    Err(request) => not_found(request.uri().clone(), State(state), request).await,
                }
            }
        })
        .layer(axum::middleware::from_fn(status_from_app_error))
        .layer(axum::middleware::from_fn(form_echo::echo_refused_form))
        .layer(axum::middleware::from_fn(csrf::refuse_cross_site))
        .layer(axum::middleware::from_fn(body_limit::limit_request_body))
        .layer(axum::middleware::from_fn(complete::run_to_completion))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            security::HeaderPolicy {
                hsts: config.secure_cookies,
            },
            security::security_headers,
        ))
        // Pages and JSON, br or gzip as the client asks; files are sent precompressed instead.
        .layer(CompressionLayer::new().compress_when(assets::compress_when()))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                    let request_id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id)
                }))
                .layer(PropagateRequestIdLayer::x_request_id()),
        )
        .with_state(state.clone());
    Ok(Built {
        router,
        state,
        seeded,
    })
}

/// Server functions answer every error with 500; give each `AppError` its own status
/// (401, 403, 404, 409, 422) so API clients and tests see what happened. The REST API
/// (`/api/v1`) sets its own statuses and is left alone.
async fn status_from_app_error(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_server_fn = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let res = next.run(request).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn spawn_expired_session_cleanup(store: SqliteStore) {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        if let Err(e) = store
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600))
            .await
        {
            tracing::error!(error = %e, "expired-session cleanup stopped");
        }
    });
}
