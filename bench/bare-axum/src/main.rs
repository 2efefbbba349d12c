//! `bare-axum`: the benchmark baseline. Serves the bytes of one file, held as a static
//! string, as `text/html; charset=utf-8` for every GET path: what axum alone costs to
//! answer with the same page the console renders.
//!
//! Usage: `bare-axum --addr 127.0.0.1:3100 --body-file page.html`

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::process::ExitCode;

const USAGE: &str = "usage: bare-axum --addr <ip:port> --body-file <path>";

struct Args {
    addr: SocketAddr,
    body_file: String,
}

/// `Ok(None)` when help was asked for.
fn parse_args() -> Result<Option<Args>, String> {
    let mut addr = None;
    let mut body_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                let value = args.next().ok_or("--addr needs a value")?;
                addr = Some(value.parse().map_err(|e| format!("--addr {value}: {e}"))?);
            }
            "--body-file" => body_file = Some(args.next().ok_or("--body-file needs a value")?),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    match (addr, body_file) {
        (Some(addr), Some(body_file)) => Ok(Some(Args { addr, body_file })),
        _ => Err("both --addr and --body-file are required".into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("bare-axum: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let body: &'static [u8] = match std::fs::read(&args.body_file) {
        Ok(bytes) => Box::leak(bytes.into_boxed_slice()),
        Err(e) => {
            eprintln!("bare-axum: cannot read {}: {e}", args.body_file);
            return ExitCode::FAILURE;
        }
    };

    let page = get(move || async move {
        (
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            Bytes::from_static(body),
        )
    });
    let app = Router::new()
        .route("/", page.clone())
        .route("/{*path}", page);

    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("bare-axum: cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("bare-axum: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
