//! Shared widgets: the console's frame, page headers, error panels, empty states.

pub mod form;
pub mod layout;
pub mod raw_text;
pub mod status;
