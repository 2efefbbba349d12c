//! Offerings: the provider's dashboard (the editor lands with the offerings issue).

pub mod dashboard;
