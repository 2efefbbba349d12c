//! Offerings: the provider's dashboard and the guided editor for catalog metadata.

#[cfg(feature = "ssr")]
pub mod access;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod db;
pub mod editor;
pub mod history;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod media;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
pub mod transfer;
