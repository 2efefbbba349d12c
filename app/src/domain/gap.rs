//! One thing an offering still lacks before a visibility step: a stable code, the field it
//! concerns, and an English sentence for API callers. The console words it in the page's
//! language by code (`components::gap_words`).

use serde::{Deserialize, Serialize};

/// What is missing, as a stable code.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapCode {
    AddDocumentation,
    WriteAnnouncement,
    DateAnnouncement,
    AddIcon,
    /// A required field of the basics; `field` names it (`display_name`).
    FillBasics,
    /// A required field of the English catalog text; `field` names it.
    FillEnglish,
    AddPlan,
    /// A price change of a released offering gives less than 30 days' notice; `field` names
    /// the plan.
    MovePriceChange,
    EnableIam,
    CreateSsoClient,
    AddRedirectUri,
    /// An IAM setting breaks a rule; `field` is its path (`redirect_uris.0`).
    FixIam,
    /// A field of the support model public visibility needs; `field` names it (`email`).
    FillSupport,
    /// A support setting breaks a rule; `field` is its path (`targets.high`).
    FixSupport,
    RegisterBroker,
    ValidateBroker,
    MakeLimited,
    NameTestAccount,
    PassSmokeTest,
    /// An unresolved review comment; `field` is the path it is on, if any.
    ResolveComment,
    RequestPublic,
    FinishThenRequest,
    AwaitReview,
}

/// One missing thing: `code`, the `field` it concerns, and `message` (English, for API callers).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub code: GapCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl Gap {
    pub fn new(code: GapCode) -> Gap {
        Gap::build(code, None)
    }

    /// A gap about `field` (blank means none).
    pub fn at(code: GapCode, field: &str) -> Gap {
        let field = field.trim();
        Gap::build(code, (!field.is_empty()).then(|| field.to_owned()))
    }

    fn build(code: GapCode, field: Option<String>) -> Gap {
        let message = english(code, field.as_deref());
        Gap {
            code,
            field,
            message,
        }
    }
}

/// `display_name` as "display name".
pub fn spaced(field: &str) -> String {
    field.replace('_', " ")
}

fn english(code: GapCode, field: Option<&str>) -> String {
    use GapCode as C;
    let f = field.map(spaced).unwrap_or_default();
    let fixed = match code {
        C::AddDocumentation => "Add the documentation URL (Basics).",
        C::WriteAnnouncement => "Write the announcement text (Announcement).",
        C::DateAnnouncement => "Set the announcement date (Announcement).",
        C::AddIcon => "Upload an icon (Media).",
        C::FillBasics => return format!("Fill in {f} (Basics)."),
        C::FillEnglish => return format!("Fill in the English {f} (Catalog text)."),
        C::AddPlan => "Add at least one plan.",
        C::MovePriceChange => {
            return format!("Move the price change of plan {f} to a later date: customers get 30 days' notice (Plans).")
        }
        C::EnableIam => {
            "Enable IAM and add a single sign-on client with at least one redirect URI."
        }
        C::CreateSsoClient => "Create the dashboard's single sign-on client (IAM tab).",
        C::AddRedirectUri => "Add at least one redirect URI for the dashboard's single sign-on.",
        C::FixIam => return format!("Correct the IAM setting {} (IAM tab).", field.unwrap_or("")),
        C::FillSupport => return format!("Fill in the support {f} (Support)."),
        C::FixSupport => return format!("Correct the support setting {f} (Support)."),
        C::RegisterBroker => "Register a service broker.",
        C::ValidateBroker => {
            "Validate the broker: its catalog must match the offering's definition."
        }
        C::MakeLimited => {
            "Make the offering limited so that its test accounts see it in the catalog."
        }
        C::NameTestAccount => "Name at least one test account.",
        C::PassSmokeTest => "Pass a smoke test on one of the plans.",
        C::ResolveComment if field.is_some() => {
            return format!("Resolve the reviewer's comment on {}.", field.unwrap_or(""))
        }
        C::ResolveComment => "Resolve the reviewer's comment.",
        C::RequestPublic => "Request public visibility.",
        C::FinishThenRequest => "Finish the steps above, then request public visibility.",
        C::AwaitReview => "Wait for the reviewer's decision on the request.",
    };
    fixed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_their_field() {
        let table: &[(Gap, &str)] = &[
            (Gap::new(GapCode::AddPlan), "Add at least one plan."),
            (
                Gap::at(GapCode::FillBasics, "display_name"),
                "Fill in display name (Basics).",
            ),
            (
                Gap::at(GapCode::ResolveComment, " "),
                "Resolve the reviewer's comment.",
            ),
            (
                Gap::at(GapCode::ResolveComment, "basics.name"),
                "Resolve the reviewer's comment on basics.name.",
            ),
            (
                Gap::at(GapCode::FixIam, "redirect_uris.0"),
                "Correct the IAM setting redirect_uris.0 (IAM tab).",
            ),
        ];
        for (gap, want) in table {
            assert_eq!(gap.message, *want);
        }
        assert_eq!(Gap::at(GapCode::ResolveComment, "").field, None);
    }

    #[test]
    fn the_wire_form_is_code_field_and_message() {
        let gap = Gap::at(GapCode::FillEnglish, "bullets");
        let json = serde_json::to_value(&gap).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "fill_english", "field": "bullets", "message": "Fill in the English bullets (Catalog text)."})
        );
        assert_eq!(serde_json::from_value::<Gap>(json).unwrap(), gap);
    }
}
