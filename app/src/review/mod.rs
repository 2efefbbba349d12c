//! Visibility and review (SPEC §6, §7, §12): the offering's Visibility tab (checklist, state,
//! test accounts, requests, the diff of a working copy), the reviewers' queue, the review page
//! (snapshot, diff, readiness, discussion, per-field comments, decision).

#[cfg(feature = "ssr")]
mod access;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod facts;
pub mod notes;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
pub mod visibility_tab;
