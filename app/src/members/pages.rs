//! The Members page (`/members`): each organisation of the signed-in user with its members
//! and pending invitations. Owners invite by e-mail, change roles and remove members (asked
//! twice); editors and viewers read the list. Plain forms, so it works without JavaScript.

use super::server::*;
use crate::components::confirm::Confirm;
use crate::components::form::{field_error_text, server_error_for};
use crate::components::form_echo::typed;
use crate::components::layout::{PageHeader, ScrollRegion};
use crate::components::said::error_text;
use crate::components::status::{loaded, EmptyState};
use crate::components::words::org_role_label;
use crate::domain::access::OrgRole;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[derive(Clone, Copy)]
struct Actions {
    /// Bumped when an invitation (each card has its own form) went through.
    invited: RwSignal<u32>,
    /// The organisation of the last invitation that went through, and whether the person
    /// joined at once (said under its form, which the reload redraws).
    last_invite: RwSignal<Option<(String, bool)>>,
    role: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    cancel: ServerAction<CancelInvitation>,
}

/// The last refusal of a change (the last owner kept), said above the lists.
fn refusal(a: Actions) -> Option<AppError> {
    let err = |r: Option<Result<(), AppError>>| r.and_then(Result::err);
    err(a.role.value().get())
        .or_else(|| err(a.remove.value().get()))
        .or_else(|| err(a.cancel.value().get()))
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let a = Actions {
        invited: RwSignal::new(0),
        last_invite: RwSignal::new(None),
        role: ServerAction::new(),
        remove: ServerAction::new(),
        cancel: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                a.invited.get(),
                a.role.version().get(),
                a.remove.version().get(),
                a.cancel.version().get(),
            )
        },
        |_| load_members(),
    );
    view! {
        <PageHeader title=move || t_string!(i18n, members_title).to_string()/>
        {move || refusal(a).map(|e| view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> })}
        {loaded(data, move |orgs: Vec<OrganisationMembers>| {
            if orgs.is_empty() {
                return view! {
                    <EmptyState title=move || t_string!(i18n, members_none).to_string()>
                        <p>{t!(i18n, members_none_text)}</p>
                    </EmptyState>
                }
                .into_any();
            }
            orgs.into_iter().map(|o| view! { <OrganisationCard o a/> }).collect_view().into_any()
        })}
    }
}

/// A role list with `current` chosen.
fn role_options(i18n: leptos_i18n::I18nContext<Locale>, current: OrgRole) -> impl IntoView {
    OrgRole::ALL
        .into_iter()
        .map(|r| view! { <option value=r.as_str() selected=r == current>{org_role_label(i18n, r)}</option> })
        .collect_view()
}

#[component]
fn OrganisationCard(o: OrganisationMembers, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let owner = o.my_role == OrgRole::Owner;
    let org = o.id.clone();
    let title_id = format!("org-{}", o.id);
    let members = o.members.into_iter().map(|m| {
        let (org, org2) = (org.clone(), org.clone());
        let role_id = format!("role-{}-{}", org, m.user_id);
        let (email, email2, email3) = (m.email.clone(), m.email.clone(), m.email.clone());
        let (user, user2) = (m.user_id.clone(), m.user_id.clone());
        view! {
            <tr data-member=m.email.clone()>
                <td>{m.email.clone()}</td>
                <td translate="no">{m.display_name.clone()}</td>
                <td>
                    {if owner {
                        view! {
                            <ActionForm action=a.role attr:class="inline-form">
                                <input type="hidden" name="organisation_id" value=org/>
                                <input type="hidden" name="user_id" value=user/>
                                <label class="visually-hidden" for=role_id.clone()>{t!(i18n, members_role_of)} " " {email.clone()}</label>
                                // After any answer (a refusal too), the list shows the stored role again.
                                <select id=role_id name="role" prop:value=move || { a.role.version().get(); m.role.as_str() }>
                                    {role_options(i18n, m.role)}
                                </select>
                                <button type="submit" class="btn btn-ghost btn-small">
                                    {t!(i18n, members_change_role)}<span class="visually-hidden">" " {email}</span>
                                </button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        org_role_label(i18n, m.role).into_any()
                    }}
                </td>
                {owner.then(|| view! {
                    <td>
                        <Confirm label=t_string!(i18n, remove) about=email2.clone() warning=t_string!(i18n, members_remove_warning)>
                            <ActionForm action=a.remove attr:class="inline-form">
                                <input type="hidden" name="organisation_id" value=org2/>
                                <input type="hidden" name="user_id" value=user2/>
                                <button type="submit" class="btn btn-danger btn-small">
                                    {t!(i18n, members_remove_confirm)}<span class="visually-hidden">" " {email3}</span>
                                </button>
                            </ActionForm>
                        </Confirm>
                    </td>
                })}
            </tr>
        }
    }).collect_view();
    let invitations = (!o.invitations.is_empty()).then(|| {
        let rows = o.invitations.into_iter().map(|inv| {
            let org = org.clone();
            let (shown, posted, about) = (inv.email.clone(), inv.email.clone(), inv.email.clone());
            view! {
                <li data-invitation=inv.email.clone()>
                    <span>{shown}</span> " "
                    <span class="tag tag-warn">{t!(i18n, invitation)}</span> " "
                    <span class="muted">{org_role_label(i18n, inv.role)}</span>
                    {owner.then(|| view! {
                        <ActionForm action=a.cancel attr:class="inline-form">
                            <input type="hidden" name="organisation_id" value=org/>
                            <input type="hidden" name="email" value=posted/>
                            <button type="submit" class="btn btn-ghost btn-small">
                                {t!(i18n, members_cancel_invitation)}<span class="visually-hidden">" " {about}</span>
                            </button>
                        </ActionForm>
                    })}
                </li>
            }
        }).collect_view();
        view! {
            <h3>{t!(i18n, members_pending)}</h3>
            <p class="help">{t!(i18n, members_pending_help)}</p>
            <ul class="invitations">{rows}</ul>
        }
    });
    let heading_id = title_id.clone();
    view! {
        <section class="card" aria-labelledby=title_id data-organisation=o.name.clone()>
            <h2 id=heading_id translate="no">{o.name.clone()}</h2>
            <p class="muted">{t!(i18n, members_your_role)} " " {org_role_label(i18n, o.my_role)}</p>
            <ScrollRegion label=move || t_string!(i18n, members_title).to_string()>
                <table class="data-table members">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, email)}</th>
                            <th scope="col">{t!(i18n, display_name)}</th>
                            <th scope="col">{t!(i18n, members_role)}</th>
                            {owner.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th> })}
                        </tr>
                    </thead>
                    <tbody>{members}</tbody>
                </table>
            </ScrollRegion>
            {invitations}
            {owner.then(|| view! { <InviteForm organisation_id=org.clone() a/> })}
        </section>
    }
    .into_any()
}

#[component]
fn InviteForm(organisation_id: String, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let path = <InviteMember as ServerFn>::PATH;
    let invite = ServerAction::<InviteMember>::new();
    // Without JavaScript a refusal comes back for the path, not the card: only the card whose
    // form was posted shows it.
    let posted_here = typed(path, "organisation_id") == organisation_id;
    let result = Signal::derive(move || {
        invite
            .value()
            .get()
            .filter(|_| posted_here || invite.version().get() > 0)
    });
    let email_id = format!("invite-email-{organisation_id}");
    let role_id = format!("invite-role-{organisation_id}");
    let typed_email = if posted_here {
        typed(path, "email")
    } else {
        String::new()
    };
    let email = RwSignal::new(typed_email);
    let org = organisation_id.clone();
    Effect::new(move |_| {
        if let Some(Ok(joined)) = invite.value().get() {
            email.set(String::new());
            a.last_invite.set(Some((org.clone(), joined)));
            a.invited.update(|n| *n += 1);
        }
    });
    let org = organisation_id.clone();
    let said = move || match a.last_invite.get() {
        Some((o, true)) if o == org => Some(t_string!(i18n, members_joined).to_string()),
        Some((o, false)) if o == org => Some(t_string!(i18n, members_invited).to_string()),
        _ => None,
    };
    view! {
        <h3>{t!(i18n, members_invite)}</h3>
        <ActionForm action=invite attr:class="form inline-fields">
            <input type="hidden" name="organisation_id" value=organisation_id.clone()/>
            <div class="field">
                <label for=email_id.clone()>{t!(i18n, email)}</label>
                <input id=email_id name="email" type="text" inputmode="email" autocomplete="off" required=true
                    value=email.get_untracked() prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                <p class="field-error" aria-live="polite">
                    {move || server_error_for(result, "email").get().map(|e| field_error_text(i18n, &e))}
                </p>
            </div>
            <div class="field">
                <label for=role_id.clone()>{t!(i18n, members_role)}</label>
                <select id=role_id name="role">{role_options(i18n, OrgRole::Editor)}</select>
            </div>
            <button type="submit" class="btn btn-secondary">{t!(i18n, members_invite_button)}</button>
        </ActionForm>
        <p class="notice" aria-live="polite">{said}</p>
    }
    .into_any()
}
