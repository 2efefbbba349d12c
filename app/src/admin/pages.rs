//! The admin page: users and their platform roles, organisations and their members.

use super::server::*;
use crate::components::form::field_error_text;
use crate::components::form::server_error_for;
use crate::components::form_echo::typed;
use crate::components::layout::PageHeader;
use crate::components::status::loaded;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The message under a field, taken from the last failed submission of `action`.
fn field_error<I, O>(action: ServerAction<I>, field: &'static str) -> impl Fn() -> Option<String>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let error = server_error_for(Signal::derive(move || action.value().get()), field);
    let i18n = use_i18n();
    move || error.get().map(|e| field_error_text(i18n, &e))
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let create_user = ServerAction::<CreateUser>::new();
    let set_reviewer = ServerAction::<SetReviewerRole>::new();
    let create_org = ServerAction::<CreateOrganisation>::new();
    let add_member = ServerAction::<AddMember>::new();
    let overview = Resource::new(
        move || {
            (
                create_user.version().get(),
                set_reviewer.version().get(),
                create_org.version().get(),
                add_member.version().get(),
            )
        },
        |_| load_admin_overview(),
    );

    view! {
        {loaded(overview, move |data: AdminOverview| {
            let orgs_for_select = data.organisations.clone();
            view! {
                <PageHeader title=move || t_string!(i18n, admin_title).to_string()>
                    <a class="btn btn-secondary" href="/admin/audit">{t!(i18n, audit_title)}</a>
                </PageHeader>
                <section class="card">
                    <h2>{t!(i18n, admin_users)}</h2>
                    <crate::components::layout::ScrollRegion label=move || t_string!(i18n, admin_users).to_string()>
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, email)}</th>
                                    <th scope="col">{t!(i18n, display_name)}</th>
                                    <th scope="col">{t!(i18n, sign_in_method)}</th>
                                    <th scope="col">{t!(i18n, platform_roles)}</th>
                                    <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {data.users.into_iter().map(|u| {
                                    let make = !u.is_reviewer;
                                    view! {
                                        <tr>
                                            <td>{u.email.clone()}</td>
                                            <td translate="no">{u.display_name.clone()}</td>
                                            <td>{crate::components::words::sign_in_label(i18n, &u.sign_in)}</td>
                                            <td>
                                                {u.is_admin.then(|| view! { <span class="tag">{t!(i18n, administrator)}</span> })}
                                                {u.is_reviewer.then(|| view! { <span class="tag">{t!(i18n, reviewer)}</span> })}
                                            </td>
                                            <td>
                                                <ActionForm action=set_reviewer>
                                                    <input type="hidden" name="user_id" value=u.id.clone()/>
                                                    <input type="hidden" name="reviewer" value=make.to_string()/>
                                                    <button type="submit" class="btn btn-ghost btn-small">
                                                        {if make { t!(i18n, make_reviewer).into_any() } else { t!(i18n, remove_reviewer).into_any() }}
                                                        <span class="visually-hidden">" " {u.email.clone()}</span>
                                                    </button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </crate::components::layout::ScrollRegion>
                </section>
                <section class="card">
                    <h2>{t!(i18n, admin_orgs)}</h2>
                    <crate::components::layout::ScrollRegion label=move || t_string!(i18n, admin_orgs).to_string()>
                        <table class="data-table">
                            <thead>
                                <tr><th scope="col">{t!(i18n, organisation)}</th><th scope="col">{t!(i18n, members)}</th></tr>
                            </thead>
                            <tbody>
                                {data.organisations.into_iter().map(|o| view! {
                                    <tr>
                                        <td translate="no">{o.name}</td>
                                        <td>
                                            {if o.members.is_empty() {
                                                t!(i18n, no_members).into_any()
                                            } else {
                                                o.members.into_iter()
                                                    .map(|(email, role)| format!("{email} ({})", crate::components::words::org_role_label(i18n, role)))
                                                    .collect::<Vec<_>>()
                                                    .join(", ")
                                                    .into_any()
                                            }}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </crate::components::layout::ScrollRegion>
                </section>
                <div class="card-grid">
                    <section class="card">
                        <h2>{t!(i18n, create_user)}</h2>
                        <ActionForm action=create_user attr:class="form">
                            <div class="field">
                                <label for="new-email">{t!(i18n, email)}</label>
                                <input id="new-email" name="email" value=typed(<CreateUser as ServerFn>::PATH, "email") type="email" required/>
                                <p class="field-error">{field_error(create_user, "email")}</p>
                            </div>
                            <div class="field">
                                <label for="new-name">{t!(i18n, display_name)}</label>
                                <input id="new-name" name="display_name" value=typed(<CreateUser as ServerFn>::PATH, "display_name") required/>
                                <p class="field-error">{field_error(create_user, "display_name")}</p>
                            </div>
                            <div class="field">
                                <label for="new-password">{t!(i18n, initial_password)}</label>
                                <input id="new-password" name="password" type="password" minlength="12" required/>
                                <p class="help">{t!(i18n, password_help)}</p>
                                <p class="field-error">{field_error(create_user, "password")}</p>
                            </div>
                            <div class="field field-inline">
                                <input id="new-reviewer" name="reviewer" type="checkbox" value="on"/>
                                <label for="new-reviewer">{t!(i18n, reviewer)}</label>
                            </div>
                            <button type="submit" class="btn btn-primary">{t!(i18n, create_user)}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t!(i18n, create_org)}</h2>
                        <ActionForm action=create_org attr:class="form">
                            <div class="field">
                                <label for="org-name">{t!(i18n, org_name)}</label>
                                <input id="org-name" name="name" value=typed(<CreateOrganisation as ServerFn>::PATH, "name") required/>
                                <p class="field-error">{field_error(create_org, "name")}</p>
                            </div>
                            <button type="submit" class="btn btn-primary">{t!(i18n, create_org)}</button>
                        </ActionForm>
                        <h2>{t!(i18n, add_member)}</h2>
                        <ActionForm action=add_member attr:class="form">
                            <div class="field">
                                <label for="member-org">{t!(i18n, organisation)}</label>
                                <select id="member-org" name="organisation_id">
                                    {orgs_for_select.into_iter().map(|o| view! { <option value=o.id translate="no">{o.name}</option> }).collect_view()}
                                </select>
                                <p class="field-error">{field_error(add_member, "organisation_id")}</p>
                            </div>
                            <div class="field">
                                <label for="member-email">{t!(i18n, email)}</label>
                                <input id="member-email" name="email" value=typed(<AddMember as ServerFn>::PATH, "email") type="email" required/>
                                <p class="field-error">{field_error(add_member, "email")}</p>
                            </div>
                            <div class="field">
                                <label for="member-role">{t!(i18n, role)}</label>
                                <select id="member-role" name="role">
                                    {crate::domain::access::OrgRole::ALL.into_iter().map(|r| view! {
                                        <option value=r.as_str() selected=r == crate::domain::access::OrgRole::Viewer>{crate::components::words::org_role_label(i18n, r)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="btn btn-primary">{t!(i18n, add_member)}</button>
                        </ActionForm>
                    </section>
                </div>
            }
        })}
    }
}
