//! Pure types and rules of the console: no I/O, no framework, table-tested.

pub mod access;
pub mod account;
#[cfg(feature = "ssr")]
pub mod icon;
pub mod offering;
pub mod visibility;
