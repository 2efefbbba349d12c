//! What a notification tells (SPEC §6), stored as facts rather than sentences so that each
//! reader gets it in their own language, under the bell and by e-mail. `english` is the
//! sentence kept in the `message` column for readers of the raw table and older rows.

use super::visibility::{Decision, RequestKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A provider asked for a visibility change (to the reviewers).
    RequestOpened {
        request: RequestKind,
        offering: String,
        organisation: String,
    },
    /// A reviewer decided (to the provider's editors); `note` may be empty.
    RequestDecided {
        request: RequestKind,
        offering: String,
        decision: Decision,
        note: String,
    },
    /// A comment on a field of the offering (`field` is a document path; `plans` names the
    /// plan it is under by id, as the document did when the comment was made).
    FieldComment {
        offering: String,
        field: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        plans: BTreeMap<String, String>,
        body: String,
    },
    /// A message on the request as a whole.
    Message { offering: String, body: String },
    /// An owner added the reader to an organisation, changed their role there (`role`), or
    /// removed them (`role` absent).
    Membership {
        organisation: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<super::access::OrgRole>,
    },
}

impl Notice {
    /// The notice as one English sentence.
    pub fn english(&self) -> String {
        match self {
            Notice::RequestOpened {
                request,
                offering,
                organisation,
            } => format!("New {}: {offering} ({organisation}).", request.english()),
            Notice::RequestDecided {
                request,
                offering,
                decision,
                note,
            } => {
                let mut kind = request.english().to_owned();
                kind[..1].make_ascii_uppercase();
                let note = if note.is_empty() {
                    String::new()
                } else {
                    format!(" — {note}")
                };
                format!("{kind} of {offering}: {}{note}", decision.as_str())
            }
            Notice::FieldComment {
                offering,
                field,
                plans,
                body,
            } => {
                let field = super::diff::english(&self::steps(field, plans));
                format!("Review comment on {field} of {offering}: {body}")
            }
            Notice::Message { offering, body } => {
                format!("New message on the request for {offering}: {body}")
            }
            Notice::Membership {
                organisation,
                role: Some(role),
            } => format!("You are now {role} of {organisation}."),
            Notice::Membership {
                organisation,
                role: None,
            } => format!("You are no longer a member of {organisation}."),
        }
    }
}

/// The steps of a comment's field, its plan named from `plans`.
pub fn steps(field: &str, plans: &BTreeMap<String, String>) -> Vec<super::diff::Step> {
    super::diff::steps(field, &|id| plans.get(id).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_sentences() {
        let cases = [
            (
                Notice::RequestOpened {
                    request: RequestKind::Publish,
                    offering: "fast-db".into(),
                    organisation: "Acme".into(),
                },
                "New request for public visibility: fast-db (Acme).",
            ),
            (
                Notice::RequestDecided {
                    request: RequestKind::Change,
                    offering: "fast-db".into(),
                    decision: Decision::Rejected,
                    note: "Fix the price.".into(),
                },
                "Change request of fast-db: rejected — Fix the price.",
            ),
            (
                Notice::RequestDecided {
                    request: RequestKind::Publish,
                    offering: "fast-db".into(),
                    decision: Decision::Approved,
                    note: String::new(),
                },
                "Request for public visibility of fast-db: approved",
            ),
            (
                Notice::FieldComment {
                    offering: "fast-db".into(),
                    field: "basics.category".into(),
                    plans: BTreeMap::new(),
                    body: "Why?".into(),
                },
                "Review comment on Basics › Category of fast-db: Why?",
            ),
            (
                Notice::FieldComment {
                    offering: "fast-db".into(),
                    field: "plans.p1.texts.en.description".into(),
                    plans: BTreeMap::from([("p1".to_owned(), "lite".to_owned())]),
                    body: "Shorter.".into(),
                },
                "Review comment on Plan “lite” › Description (en) of fast-db: Shorter.",
            ),
            (
                Notice::Message {
                    offering: "fast-db".into(),
                    body: "Hello".into(),
                },
                "New message on the request for fast-db: Hello",
            ),
        ];
        for (notice, sentence) in cases {
            assert_eq!(notice.english(), sentence);
            let json = serde_json::to_string(&notice).unwrap();
            assert_eq!(
                serde_json::from_str::<Notice>(&json).unwrap(),
                notice,
                "{json}"
            );
        }
    }
}
