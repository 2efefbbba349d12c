//! The provider's support model (SPEC §2): the Support tab, its save, and the catalog's
//! "Get support". The model lives in the offering document (versioned, audited, reviewed).

pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
