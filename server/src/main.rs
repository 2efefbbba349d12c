//! `rmc-server`: parses flags and environment, builds the console, serves it.
// The editor's view types nest deeper than the default limit allows (release builds).
#![recursion_limit = "256"]

use clap::Parser;
use server::config::Config;
use tracing_subscriber::EnvFilter;

/// Worker threads get 8 MiB of stack: rendering the offering editor's deeply nested view types
/// overflows tokio's default 2 MiB in debug builds.
const WORKER_STACK: usize = 8 * 1024 * 1024;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK)
        .build()?
        .block_on(serve())
}

async fn serve() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    if config.log_format == "json" {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .json()
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }

    let built = server::build(&config).await?;
    if built.seeded {
        tracing::info!(
            "seeded the demo organisation and users (password: {})",
            server::seed::DEMO_PASSWORD
        );
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // The peer address reaches the sign-in throttle as `ConnectInfo`.
    let app = built
        .router
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
