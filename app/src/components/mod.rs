//! Shared widgets: the console's frame, page headers, error panels, empty states.

pub mod audit_words;
pub mod changes;
pub mod confirm;
pub mod form;
pub mod form_echo;
pub mod gap_words;
pub mod layout;
pub mod lifecycle_words;
pub mod notice_words;
pub mod pricing_words;
pub mod raw_text;
pub mod refusal_words;
#[macro_use]
pub mod said;
mod said_osb;
pub mod speaks;
pub mod status;
pub mod support_words;
pub mod words;
