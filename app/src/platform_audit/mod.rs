//! The platform audit view (SPEC §6): admins read the whole audit log, filtered by
//! organisation, offering, actor, action and date range, a page at a time, each change shown
//! readably, and export the filtered rows as CSV.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
