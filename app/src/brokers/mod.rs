//! Service brokers (SPEC §5, §12): registration, validate, smoke test, conformance run, export,
//! drift watch; the outbound client that calls them.

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
mod report;
#[cfg(feature = "ssr")]
pub mod runs;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
