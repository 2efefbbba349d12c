//! A notification (`domain::notice::Notice`) in its reader's language: under the bell (the
//! page's language) and in its e-mail (the language the recipient last chose).

use super::changes::steps_text;
use super::lifecycle_words::{kind_label, status_label};
use super::speaks::{fill, Speaks};
use crate::domain::notice::{steps, Notice};
use crate::i18n::*;

/// The notification as one sentence for `who`.
pub fn notice_text(who: impl Speaks, notice: &Notice) -> String {
    let l = who.locale();
    match notice {
        Notice::RequestOpened {
            request,
            offering,
            organisation,
        } => fill(
            td_string!(l, notice_request_opened),
            &[
                ("kind", &kind_label(l, *request)),
                ("offering", offering),
                ("organisation", organisation),
            ],
        ),
        Notice::RequestDecided {
            request,
            offering,
            decision,
            note,
        } => {
            let text = fill(
                td_string!(l, notice_request_decided),
                &[
                    ("kind", &kind_label(l, *request)),
                    ("offering", offering),
                    ("decision", &status_label(l, decision.as_str())),
                ],
            );
            if note.is_empty() {
                text
            } else {
                format!("{text} — {note}")
            }
        }
        Notice::FieldComment {
            offering,
            field,
            plans,
            body,
        } => fill(
            td_string!(l, notice_field_comment),
            &[
                ("field", &steps_text(l, &steps(field, plans))),
                ("offering", offering),
                ("body", body),
            ],
        ),
        Notice::Message { offering, body } => fill(
            td_string!(l, notice_message),
            &[("offering", offering), ("body", body)],
        ),
        Notice::Membership {
            organisation,
            role: Some(role),
        } => fill(
            td_string!(l, notice_member_role),
            &[
                ("organisation", organisation),
                ("role", &super::words::org_role_text(l, *role)),
            ],
        ),
        Notice::Membership {
            organisation,
            role: None,
        } => fill(
            td_string!(l, notice_member_removed),
            &[("organisation", organisation)],
        ),
    }
}

/// The footer of a notification e-mail.
pub fn mail_footer(locale: Locale) -> String {
    td_string!(locale, mail_footer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visibility::Decision;

    #[test]
    fn fill_replaces_in_one_pass() {
        let cases = [
            ("%a% and %b%", vec![("a", "1"), ("b", "2")], "1 and 2"),
            ("%a%", vec![("a", "%b%"), ("b", "no")], "%b%"),
            ("100% of %a%", vec![("a", "x")], "100% of x"),
            ("%unknown% %a%", vec![("a", "x")], "%unknown% x"),
            ("", vec![], ""),
        ];
        for (template, parts, want) in cases {
            assert_eq!(fill(template, &parts), want, "{template}");
        }
    }

    #[test]
    fn a_notice_in_each_language() {
        let notice = Notice::RequestDecided {
            request: crate::domain::visibility::RequestKind::Publish,
            offering: "fast-db".into(),
            decision: Decision::Approved,
            note: "Well done.".into(),
        };
        let cases = [
            (
                Locale::en,
                "Request for public visibility for fast-db: Approved — Well done.",
            ),
            (
                Locale::de,
                "Antrag auf öffentliche Sichtbarkeit für fast-db: Genehmigt — Well done.",
            ),
            (
                Locale::pt_BR,
                "Solicitação de visibilidade pública de fast-db: Aprovada — Well done.",
            ),
        ];
        for (locale, want) in cases {
            assert_eq!(notice_text(locale, &notice), want);
        }
    }
}
