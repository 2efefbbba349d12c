//! What an offering still lacks (`domain::gap`), in the reader's language.

use super::changes::{field_word, path_text_named};
use crate::domain::gap::{Gap, GapCode};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A gap as a sentence in the page's language, its field named as the form names it.
pub fn gap_text(i18n: I18n, gap: &Gap) -> String {
    use GapCode as C;
    let field = gap.field.as_deref().unwrap_or("");
    let word = || field_word(i18n, field).unwrap_or_else(|| crate::domain::diff::words(field));
    let path = || path_text_named(i18n, field, &Default::default());
    let (text, with) = match gap.code {
        C::AddDocumentation => (t_string!(i18n, gap_add_documentation), None),
        C::WriteAnnouncement => (t_string!(i18n, gap_write_announcement), None),
        C::DateAnnouncement => (t_string!(i18n, gap_date_announcement), None),
        C::AddIcon => (t_string!(i18n, gap_add_icon), None),
        C::FillBasics => (t_string!(i18n, gap_fill_basics), Some(word())),
        C::FillEnglish => (t_string!(i18n, gap_fill_english), Some(word())),
        C::AddPlan => (t_string!(i18n, gap_add_plan), None),
        C::EnableIam => (t_string!(i18n, gap_enable_iam), None),
        C::CreateSsoClient => (t_string!(i18n, gap_create_sso_client), None),
        C::AddRedirectUri => (t_string!(i18n, gap_add_redirect_uri), None),
        C::FixIam => (t_string!(i18n, gap_fix_iam), Some(path())),
        C::RegisterBroker => (t_string!(i18n, gap_register_broker), None),
        C::ValidateBroker => (t_string!(i18n, gap_validate_broker), None),
        C::MakeLimited => (t_string!(i18n, gap_make_limited), None),
        C::NameTestAccount => (t_string!(i18n, gap_name_test_account), None),
        C::PassSmokeTest => (t_string!(i18n, gap_pass_smoke_test), None),
        C::ResolveComment if gap.field.is_some() => {
            (t_string!(i18n, gap_resolve_comment_on), Some(path()))
        }
        C::ResolveComment => (t_string!(i18n, gap_resolve_comment), None),
        C::RequestPublic => (t_string!(i18n, gap_request_public), None),
        C::FinishThenRequest => (t_string!(i18n, gap_finish_then_request), None),
        C::AwaitReview => (t_string!(i18n, gap_await_review), None),
    };
    let text = text.to_string();
    match with {
        Some(w) => super::speaks::fill(&text, &[("field", &w)]),
        None => text,
    }
}
