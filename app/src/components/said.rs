//! The server's sentences in the page's language. A service answers in English (REST callers
//! get that, with a stable code); the page looks the sentence up here, as gettext would by its
//! message id. `%name%` in a sentence stands for a value the server put in (a number, a name).
//! A sentence not listed is shown as the server said it; `catalog_matches_english` keeps each
//! entry equal to `en.json`, so the lookup cannot drift from the locale files.

use super::speaks::fill;
use super::speaks::Speaks;
use crate::error::AppError;
use crate::i18n::*;

pub(super) type Entry = (&'static str, fn(Locale) -> String);

/// One catalog entry: the English sentence and its key in the locale files. Used by `said_osb`
/// too (`#[macro_use]` in `components`).
macro_rules! said {
    ($english:expr, $key:ident) => {
        ($english, |l: Locale| td_string!(l, $key).to_string())
    };
}

const CATALOG: &[Entry] = &[
    said!("Someone else changed this offering's visibility in the meantime. Reload to see where it stands.", said_visibility_changed),
    said!("This request has already been decided.", said_request_decided),
    said!("This request is closed; comments are no longer taken.", said_request_closed),
    said!("Only drafts can be updated by an import; this offering has been visible.", said_import_only_drafts),
    said!("Only drafts can be deleted. Offerings that were ever visible stay on record.", said_delete_only_drafts),
    said!("This offering is no longer a draft.", said_no_longer_draft),
    said!("This offering already has an SSO client; rotate its secret instead.", said_sso_client_exists),
    said!("Someone else changed this broker while you were editing. Reload to see their changes; your input is kept.", said_broker_changed),
    said!("A public offering keeps at least one plan. Add another plan before deleting this one.", said_keep_one_plan),
    said!("Usage can be replayed while the offering is a draft or in limited visibility.", said_replay_states),
    said!("Replay at least one record.", said_replay_one),
    said!("A price change in this request no longer gives customers 30 days' notice. Reject it so that the provider can choose a later date.", said_price_notice_lapsed),
    said!("Save the plan first; its later prices are scheduled once it exists.", said_schedule_after_save),
    said!("Paste at least one record.", said_paste_one),
    said!("Replay at most %max% records at a time.", said_replay_at_most),
    said!("Choose owner, editor or viewer.", said_choose_role),
    said!("Enter a name of 1 to 80 characters.", said_name_1_80),
    said!("No user has this e-mail address.", said_no_such_user),
    said!("Choose an existing organisation.", said_choose_organisation),
    said!("Choose one of the offering's plans.", said_choose_plan),
    said!("This account is already on the list.", said_account_listed),
    said!("Write the comment first.", said_write_comment),
    said!("Use at most %max% characters.", said_at_most_chars),
    said!("Choose a field of the offering.", said_choose_field),
    said!("The text is too long to preview.", said_preview_too_long),
    said!("Choose one of the listed languages.", said_choose_language),
    said!("English is required and cannot be removed.", said_english_required),
    said!("Enter the issuer URL first.", said_issuer_first),
    said!("The file is not UTF-8 text.", said_not_utf8),
    said!("Plan `%plan%` has no metric `%metric%`.", said_no_such_metric),
    said!("That name is already taken.", said_name_taken),
    said!("This offering already has a broker with that name.", said_broker_name_taken),
    said!("This SSO client id is already in use.", said_client_id_taken),
    said!("A user with this e-mail already exists.", said_user_exists),
    said!("This single sign-on identity already belongs to another user.", said_identity_taken),
    said!("An organisation with this name already exists.", said_organisation_exists),
    said!("This user is already a member of the organisation.", said_already_member),
    said!("This is the organisation's last owner: make another member owner first.", said_last_owner),
    said!("The member already has this role.", said_member_has_role),
    said!("This offering already has a pending request.", said_request_pending),
    said!("This usage record was already reported.", said_record_reported),
    said!("This already exists.", said_already_exists),
    said!("Enter an e-mail address.", said_enter_email),
    said!("An e-mail address has at most 254 characters.", said_email_too_long),
    said!("An e-mail address looks like name@example.com.", said_email_shape),
    said!("Use at least 12 characters.", said_at_least_12),
    said!("Enter a name.", said_enter_name),
    said!("This is not an absolute URL such as https://app.example.com/callback.", said_redirect_not_absolute),
    said!("Use https. Plain http is accepted only for localhost (127.0.0.1, ::1).", said_redirect_https),
    said!("Redirect URIs are matched exactly; remove the `*`.", said_redirect_wildcard),
    said!("A redirect URI cannot have a fragment; remove the part from `#` on.", said_redirect_fragment),
    said!("Remove the user name and password from the URI.", said_redirect_credentials),
    said!("This redirect URI is listed twice.", said_redirect_twice),
    said!("An SSO client has at most 10 redirect URIs.", said_redirect_too_many),
    said!("A role name has 1 to 40 characters.", said_role_name_length),
    said!("A role name starts with a letter and has letters, digits, spaces and `-`.", said_role_name_shape),
    said!("This role is listed twice.", said_role_twice),
    said!("This action is listed twice.", said_action_twice),
    said!("The role `%role%` does not exist.", said_no_such_role),
    said!("The action `%action%` granted to `%role%` does not exist.", said_no_such_action),
    said!("The issuer is an https URL (http only for localhost), such as https://iam.example.com.", said_issuer_shape),
    said!("Add at most %max% custom roles.", said_at_most_roles),
    said!("Add at most %max% actions.", said_at_most_actions),
    said!("An action starts with the offering name: `%name%.<resource>.<verb>`.", said_action_prefix),
    said!("Write an action as `%name%.<resource>.<verb>`, for example `%name%.instance.read`.", said_action_shape),
    said!("The resource and the verb are lowercase letters, digits, `-` and `_`, starting with a letter (for example `%name%.instance.read`).", said_action_segments),
    said!("This is not a valid URL. Enter the broker's full address, such as https://broker.example.com.", said_broker_not_url),
    said!("Use an https:// URL. Plain http is accepted only for a broker on the console's own machine (localhost) while the console runs in development mode.", said_broker_https),
    said!("Remove the user name and password from the URL and enter them as the broker's credentials instead; credentials in a URL end up in logs.", said_broker_credentials),
    said!("Remove the part from `#` on; a broker URL has no fragment.", said_broker_fragment),
    said!("The URL has no host. Enter the broker's full address, such as https://broker.example.com.", said_broker_no_host),
    said!("The console calls brokers over https only; `%scheme%:` URLs are not supported.", said_broker_scheme),
    said!("This offering has no plan with id `%id%`.", said_no_plan_id),
    said!("The record started more than 2 days ago; records are accepted for 2 days.", said_record_too_old),
    said!("The record ends in the future.", said_record_in_future),
    said!("A record needs at least one measure.", said_record_no_measure),
    said!("Measure `%measure%` appears twice in the record.", said_measure_twice),
    said!("The quantity of `%measure%` is negative.", said_quantity_negative),
    said!("Plan `%plan%` does not define measure `%measure%` (it defines: %known%).", said_unknown_measure),
    said!("Choose between 1 and %max% instances.", said_instances_range),
    said!("Enter a number, such as 100 or 2.5.", said_enter_quantity),
    said!("Choose a month (YYYY-MM).", said_choose_month),
    said!("Choose a month from 1 to 12.", said_month_1_12),
    said!("Choose a valid month.", said_valid_month),
    said!("The SVG is nested too deeply.", said_svg_nested),
    said!("Choose an SVG or PNG file.", said_choose_icon),
    said!("A PNG icon may be at most %kb% KB.", said_png_too_big),
    said!("An SVG icon may be at most %kb% KB.", said_svg_too_big),
    said!("The file is neither a PNG nor an SVG.", said_not_png_svg),
    said!("The SVG has a DOCTYPE; icons may not declare a DTD or entities.", said_svg_doctype),
    said!("The SVG could not be read (%why%).", said_svg_unreadable),
    said!("The SVG draws nothing.", said_svg_draws_nothing),
    said!("Nothing is left to draw without the parts an icon may not have: %parts%.", said_svg_nothing_left),
    said!("Removed from the SVG: %parts%.", said_svg_removed),
    said!("A rejection needs a comment that tells the provider what to fix.", said_rejection_needs_comment),
    said!("The note is too long: %chars% characters, at most %max%.", said_note_too_long),
    said!("The comment is too long: %chars% characters, at most %max%.", said_comment_too_long),
    said!("The file is larger than %mb% MB.", said_file_larger_mb),
    said!("The file is larger than %kb% KB.", said_file_larger_kb),
    said!("Move a plan up or down.", said_move_plan),
    said!("Record %n% is for another plan; replay one plan at a time.", said_record_other_plan),
    said!("The records are not valid JSON: %why%.", said_records_not_json),
    said!("Line %line% is not a valid record: %why%.", said_line_not_record),
    said!("Send at least one usage record.", said_send_one_record),
    said!("Send at most %max% records per call (%sent% sent).", said_send_at_most),
    said!("Only a reviewer outside the owning organisation comments on fields.", said_comment_outside_reviewer),
    said!("Only the reviewer and the provider's editors take part in the discussion.", said_discussion_members),
    said!("Unknown action.", said_unknown_action),
    said!("The name of an existing offering cannot be changed by an import.", said_import_name_fixed),
    said!("Name the organisation the new offering belongs to.", said_import_name_organisation),
    said!("The icon is larger than %kb% KB.", said_icon_larger_kb),
    said!("This is not base64: %why%.", said_not_base64),
    said!("The icon is %kind%, not `%said%`; say `%kind%`.", said_icon_kind),
    said!("The format must be `%format%`.", said_format_must_be),
    said!("Unknown language.", said_unknown_language),
    said!("This is not an offering document: %why%.", said_not_offering_document),
    said!("This is not JSON: %why%.", said_not_json),
    said!("Generate the SSO client first; the authorization URL names its client id.", said_sso_first),
    said!("Save at least one redirect URI first.", said_redirect_first),
    said!("The discovery document names the issuer `%declared%`, not `%issuer%`; enter the issuer exactly as it names itself.", said_issuer_mismatch),
    said!("The discovery document has no authorization_endpoint.", said_no_authorization_endpoint),
    said!("The discovery document's authorization_endpoint is not a URL.", said_authorization_endpoint_not_url),
    said!("Give the token a name.", said_token_name),
    said!("At most %max% characters.", said_at_most_n_chars),
    said!("Choose read or write.", said_choose_scope),
    said!("Choose a number of days between 1 and 3650, or never.", said_token_days),
    said!("The <svg> element needs xmlns=\"%ns%\" (the SVG namespace).", said_svg_xmlns),
    said!("The plan id is required.", said_plan_id_required),
    said!("The plan id `%id%` is not a UUID (such as 0b8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b10).", said_plan_id_not_uuid),
    said!("The plan id `%id%` is already the id of plan %first% (`%name%`); every plan needs its own id.", said_plan_id_taken),
    said!("Add at least one plan before exporting the broker catalog: the Open Service Broker catalog needs one.", said_export_needs_plan),
    said!("This page is for platform administrators only.", said_admins_only),
    said!("This page is for reviewers only.", said_reviewers_only),
    said!("Your role in this organisation is viewer; this needs editor or higher.", said_viewer_needs_editor),
    said!("Your role in this organisation is viewer; this needs owner or higher.", said_viewer_needs_owner),
    said!("Your role in this organisation is editor; this needs owner or higher.", said_editor_needs_owner),
    said!("You are not a member of this organisation.", said_not_member),
    said!("Only the organisation's members and reviewers see this.", said_members_and_reviewers),
    said!("The quantity of %metric% cannot be negative.", said_estimate_negative),
    said!("This plan has no metric %metric%.", said_estimate_no_metric),
    said!("These quantities are too large: the charge cannot be computed exactly.", said_estimate_too_large),
    said!("The plan's pricing is incomplete (%field%): fix it to see an estimate.", said_estimate_incomplete),
    said!("Calling %url% failed: %reason%", said_calling_failed),
    said!("%url% answered %status% instead of 200.", said_idp_answered),
    said!("%url% did not answer JSON.", said_idp_not_json),
    said!("The identity provider did not answer within %seconds% seconds.", said_idp_timeout),
    said!("The console could not connect to the identity provider: %why%.", said_idp_connect),
    said!("The identity provider redirected the call too many times.", said_idp_redirects),
];

/// The values of `text` where `template` has `%name%`, when `text` is `template` filled in.
fn captures<'a>(template: &'a str, text: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut pieces = template.split('%');
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let mut out = Vec::new();
    while let Some(name) = pieces.next() {
        let literal = pieces.next()?;
        let (value, after) = if pieces.clone().next().is_none() {
            (rest.strip_suffix(literal)?, "")
        } else {
            let at = rest.find(literal)?;
            (&rest[..at], &rest[at + literal.len()..])
        };
        if value.is_empty() {
            return None;
        }
        out.push((name, value));
        rest = after;
    }
    rest.is_empty().then_some(out)
}

/// `sentence` worded from the catalog; a value put into it that is itself a listed phrase
/// ("answered 404: …" in "GET /v2/catalog %got%; expected 401.") is worded too, `depth` deep.
fn lookup(locale: Locale, sentence: &str, depth: u8) -> Option<String> {
    let mut entries = CATALOG.iter().chain(super::said_osb::OSB.iter());
    entries.find_map(|(template, words)| {
        let parts = captures(template, sentence)?;
        let worded: Vec<(&str, String)> = parts
            .iter()
            .map(|(name, value)| {
                let inner = (depth > 0)
                    .then(|| lookup(locale, value, depth - 1))
                    .flatten();
                let quote = |v: &str| match QUOTED.contains(name) {
                    true => format!("{OPEN}{v}{CLOSE}"),
                    false => v.to_owned(),
                };
                (*name, inner.unwrap_or_else(|| quote(value)))
            })
            .collect();
        let refs: Vec<(&str, &str)> = worded.iter().map(|(n, v)| (*n, v.as_str())).collect();
        Some(fill(&words(locale), &refs))
    })
}

/// Placeholders whose value is someone else's words (a broker's answer, an operating
/// system's error): shown as they came, marked as such on the page ([`said_view`]).
const QUOTED: &[&str] = &["body", "note", "why"];
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// `english` (a sentence of the server) in the language of `who`, or as it is when unlisted.
pub fn said(who: impl Speaks, english: &str) -> String {
    said_marked(who, english).replace([OPEN, CLOSE], "")
}

/// [`said`] on the page: what is quoted (a broker's answer, an error of the operating system)
/// is a `<samp>`, sample output of another program in its own words.
pub fn said_view(who: impl Speaks, english: &str) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let marked = said_marked(who, english);
    let mut parts = Vec::new();
    for (i, piece) in marked.split(OPEN).enumerate() {
        let (quoted, rest) = match (i, piece.split_once(CLOSE)) {
            (0, _) | (_, None) => ("", piece),
            (_, Some((q, rest))) => (q, rest),
        };
        if !quoted.is_empty() {
            parts.push(view! { <samp>{quoted.to_owned()}</samp> }.into_any());
        }
        if !rest.is_empty() {
            parts.push(rest.to_owned().into_any());
        }
    }
    parts
}

/// [`said`] with each quoted value between `OPEN` and `CLOSE`.
/// Several sentences in one message (joined by spaces) are looked up one by one: when each is
/// listed, so that a template ending in a value cannot take the others in as part of it (a
/// conformance reason joins a check's findings); else as a whole, else each that is listed.
fn said_marked(who: impl Speaks, english: &str) -> String {
    let locale = who.locale();
    let one = |sentence: &str| lookup(locale, sentence, 4);
    let pieces: Vec<(&str, &str)> = english
        .split_inclusive(". ")
        .map(|s| {
            let trimmed = s.trim_end();
            (trimmed, &s[trimmed.len()..])
        })
        .collect();
    if pieces.len() > 1 {
        let each: Option<String> = pieces
            .iter()
            .map(|(sentence, gap)| one(sentence).map(|w| format!("{w}{gap}")))
            .collect();
        if let Some(each) = each {
            return each;
        }
    }
    if let Some(whole) = one(english) {
        return whole;
    }
    pieces
        .iter()
        .map(|(sentence, gap)| format!("{}{gap}", one(sentence).as_deref().unwrap_or(sentence)))
        .collect()
}

/// An error as the page shows it, in the page's language: for refused fields, what each says.
/// Plain text: the backticks that mark a value for [`super::form::coded`] are dropped.
pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    error_words(i18n, error).replace('`', "")
}

fn error_words(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    let l = i18n.get_locale();
    match error {
        AppError::Unauthenticated => td_string!(l, err_sign_in).to_string(),
        AppError::NotFound => td_string!(l, err_not_found).to_string(),
        AppError::Invalid(fields) if fields.is_empty() => td_string!(l, err_invalid).to_string(),
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| super::form::field_error_text(i18n, f))
            .collect::<Vec<_>>()
            .join(" "),
        AppError::Forbidden(m) | AppError::Conflict(m) => said(l, m),
        AppError::Refused(refusal) => super::refusal_words::refusal_text(i18n, refusal),
        AppError::Stale { .. } => td_string!(l, err_stale).to_string(),
        AppError::BadInput(_) => td_string!(l, err_bad_input).to_string(),
        AppError::Internal => td_string!(l, err_internal).to_string(),
        AppError::Unreadable => td_string!(l, err_unreadable).to_string(),
        AppError::Transport(_) => td_string!(l, err_transport).to_string(),
    }
}

#[cfg(test)]
#[path = "said_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "said_guard_tests.rs"]
mod guard_tests;
