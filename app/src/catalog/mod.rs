//! The catalog (SPEC §8): what the signed-in user may see — public offerings, and limited ones
//! for their organisation and named test accounts — searchable by name, tag and category, in
//! the user's language with English as the fallback; each offering with its plans, price
//! tables and the estimator.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
