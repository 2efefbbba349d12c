//! An audit row's action and subject in the reader's language: the offering's History tab and
//! the platform audit view say them alike.

use crate::i18n::*;

/// What an audit row's action did (the code itself for one it does not know).
pub fn action_text(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> String {
    use crate::domain::visibility::EventKind;
    let event = action
        .strip_prefix("visibility.")
        .and_then(|k| EventKind::ALL.into_iter().find(|e| e.as_str() == k));
    if let Some(event) = event {
        return super::lifecycle_words::event_label(i18n, event);
    }
    match action {
        "offering.create" => t_string!(i18n, history_offering_create),
        "offering.update" => t_string!(i18n, history_offering_update),
        "offering.delete" => t_string!(i18n, history_offering_delete),
        "offering.icon" => t_string!(i18n, history_offering_icon),
        "visibility.test_account.add" => t_string!(i18n, history_test_account_add),
        "visibility.test_account.remove" => t_string!(i18n, history_test_account_remove),
        "review.comment" => t_string!(i18n, history_review_comment),
        "review.comment.resolve" => t_string!(i18n, history_review_comment_resolve),
        "broker.create" => t_string!(i18n, history_broker_create),
        "broker.update" => t_string!(i18n, history_broker_update),
        "broker.delete" => t_string!(i18n, history_broker_delete),
        "broker.validate" => t_string!(i18n, history_broker_validate),
        "broker.smoke" => t_string!(i18n, history_broker_smoke),
        "broker.conformance" => t_string!(i18n, history_broker_conformance),
        "iam.client.create" => t_string!(i18n, history_iam_client_create),
        "iam.client.rotate" => t_string!(i18n, history_iam_client_rotate),
        "usage.report" => t_string!(i18n, history_usage_report),
        "usage.replay" => t_string!(i18n, history_usage_replay),
        "usage.replay.clear" => t_string!(i18n, history_usage_replay_clear),
        "user.create" => t_string!(i18n, audit_user_create),
        "user.set_reviewer" => t_string!(i18n, audit_user_set_reviewer),
        "organisation.create" => t_string!(i18n, audit_organisation_create),
        "membership.set" => t_string!(i18n, audit_membership_set),
        "member.add" => t_string!(i18n, audit_member_add),
        "member.invite" => t_string!(i18n, audit_member_invite),
        "member.invite.cancel" => t_string!(i18n, audit_member_invite_cancel),
        "member.join" => t_string!(i18n, audit_member_join),
        "member.role" => t_string!(i18n, audit_member_role),
        "member.remove" => t_string!(i18n, audit_member_remove),
        "token.create" => t_string!(i18n, audit_token_create),
        "token.revoke" => t_string!(i18n, audit_token_revoke),
        "session.sign_in" => t_string!(i18n, audit_session_sign_in),
        "session.sign_in_failed" => t_string!(i18n, audit_session_sign_in_failed),
        "session.sign_in_throttled" => t_string!(i18n, audit_session_sign_in_throttled),
        "session.sign_out_everywhere" => t_string!(i18n, audit_session_sign_out_everywhere),
        "access.denied" => t_string!(i18n, audit_access_denied),
        "audit.export" => t_string!(i18n, audit_export),
        other => return other.to_owned(),
    }
    .to_string()
}

/// What kind of thing an audit row is about, in the reader's language.
pub fn subject_text(i18n: leptos_i18n::I18nContext<Locale>, subject_type: &str) -> String {
    match subject_type {
        "offering" => t_string!(i18n, audit_subject_offering),
        "organisation" => t_string!(i18n, audit_subject_organisation),
        "user" => t_string!(i18n, audit_subject_user),
        "api_token" => t_string!(i18n, audit_subject_api_token),
        "route" => t_string!(i18n, audit_subject_route),
        "email" => t_string!(i18n, audit_subject_email),
        "audit_log" => t_string!(i18n, audit_subject_audit_log),
        other => return other.to_owned(),
    }
    .to_string()
}
