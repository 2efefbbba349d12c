//! Pure types and rules of the console: no I/O, no framework, table-tested.

pub mod access;
pub mod account;
pub mod audit_changes;
pub mod audit_filter;
pub mod broker;
pub mod catalog;
pub mod checklist;
pub mod diff;
pub mod gap;
pub mod iam;
#[cfg(feature = "ssr")]
pub mod icon;
pub mod members;
pub mod notice;
pub mod offering;
pub mod outbound;
pub mod parameters;
pub mod parameters_form;
pub mod plan;
pub mod plan_form;
pub mod plan_ids;
pub mod price_schedule;
pub mod pricing;
pub mod problem;
pub mod support;
pub mod support_form;
#[cfg(test)]
pub mod test_plans;
pub mod usage;
pub mod visibility;
mod visibility_events;
mod visibility_refusal;
