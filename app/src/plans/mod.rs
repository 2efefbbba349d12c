//! Plans and pricing (SPEC §3, §11): the plan list and editor with its live estimator, the
//! usage records the API takes, and the usage replay that rates a month without charging.

#[cfg(feature = "ssr")]
pub mod db;
pub mod editor;
pub mod estimator;
pub mod list;
mod metric_card;
pub mod parameters;
pub mod replay;
pub mod schedule;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod usage;
