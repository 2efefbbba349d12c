//! The members of a provider organisation (SPEC §1): everyone in it reads the list; owners
//! invite by e-mail, change roles and remove members, and the organisation always keeps an
//! owner (`domain::members`). Every change is audited and told to the member.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
