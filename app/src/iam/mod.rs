//! IAM integration (SPEC §4): enable IAM, the dashboard SSO client (secret shown once, stored
//! hashed, rotation with a grace period), redirect URIs, roles and actions with their matrix,
//! and the sign-in check against the issuer's discovery document.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
