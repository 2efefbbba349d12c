//! Platform administration: users, organisations, memberships and the reviewer role.

pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
