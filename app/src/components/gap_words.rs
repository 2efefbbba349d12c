//! What an offering still lacks (`domain::gap`), in the reader's language.

use super::changes::{field_word, path_text_named};
use crate::domain::gap::{Gap, GapCode};
use crate::i18n::*;

use super::speaks::Speaks;

/// A gap as a sentence in the page's language, its field named as the form names it.
pub fn gap_text(i18n: impl Speaks, gap: &Gap) -> String {
    let l = i18n.locale();
    use GapCode as C;
    let field = gap.field.as_deref().unwrap_or("");
    let word = || field_word(i18n, field).unwrap_or_else(|| crate::domain::diff::words(field));
    let path = || path_text_named(i18n, field, &Default::default());
    let support_word = || super::support_words::support_field(i18n, field);
    let (text, with) = match gap.code {
        C::AddDocumentation => (td_string!(l, gap_add_documentation), None),
        C::WriteAnnouncement => (td_string!(l, gap_write_announcement), None),
        C::DateAnnouncement => (td_string!(l, gap_date_announcement), None),
        C::AddIcon => (td_string!(l, gap_add_icon), None),
        C::FillBasics => (td_string!(l, gap_fill_basics), Some(word())),
        C::FillEnglish => (td_string!(l, gap_fill_english), Some(word())),
        C::AddPlan => (td_string!(l, gap_add_plan), None),
        C::MovePriceChange => (td_string!(l, gap_move_price_change), Some(field.to_owned())),
        C::EnableIam => (td_string!(l, gap_enable_iam), None),
        C::CreateSsoClient => (td_string!(l, gap_create_sso_client), None),
        C::AddRedirectUri => (td_string!(l, gap_add_redirect_uri), None),
        C::FixIam => (td_string!(l, gap_fix_iam), Some(path())),
        C::FillSupport => (td_string!(l, gap_fill_support), Some(support_word())),
        C::FixSupport => (td_string!(l, gap_fix_support), Some(support_word())),
        C::RegisterBroker => (td_string!(l, gap_register_broker), None),
        C::ValidateBroker => (td_string!(l, gap_validate_broker), None),
        C::MakeLimited => (td_string!(l, gap_make_limited), None),
        C::NameTestAccount => (td_string!(l, gap_name_test_account), None),
        C::PassSmokeTest => (td_string!(l, gap_pass_smoke_test), None),
        C::ResolveComment if gap.field.is_some() => {
            (td_string!(l, gap_resolve_comment_on), Some(path()))
        }
        C::ResolveComment => (td_string!(l, gap_resolve_comment), None),
        C::RequestPublic => (td_string!(l, gap_request_public), None),
        C::FinishThenRequest => (td_string!(l, gap_finish_then_request), None),
        C::AwaitReview => (td_string!(l, gap_await_review), None),
    };
    let text = text.to_string();
    match with {
        Some(w) => super::speaks::fill(&text, &[("field", &w)]),
        None => text,
    }
}
