//! `/account/tokens`: create an API token (shown once, with a copy button), list and revoke.

use super::server::*;
use crate::brokers::pages::copy_to_clipboard;
use crate::components::confirm::Confirm;
use crate::components::form::field_error_text;
use crate::components::form::server_error_for;
use crate::components::layout::PageHeader;
use crate::components::status::loaded;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A timestamp in the page's language, or a dash.
fn when(locale: Locale, at: Option<&str>) -> String {
    at.map_or_else(|| "—".into(), |at| crate::format::date_time(locale, at))
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    let created = move || create.value().get().and_then(|r| r.ok());
    let name_error = server_error_for(Signal::derive(move || create.value().get()), "name");
    let expiry_error =
        server_error_for(Signal::derive(move || create.value().get()), "expires_days");
    let copied = RwSignal::new(false);

    view! {
        <PageHeader title=move || t_string!(i18n, tokens_title).to_string()/>
        <section class="card">
            <p class="lead">{t!(i18n, tokens_intro)}</p>
            <p class="help">
                {t!(i18n, tokens_docs)} " "
                <a href="/api/v1/docs" rel="external">"/api/v1/docs"</a>
            </p>
        </section>
        {move || created().map(|c| {
            let token = c.token.clone();
            view! {
                <section class="card notice" aria-labelledby="new-token-title">
                    <h2 id="new-token-title">{t!(i18n, tokens_created)}</h2>
                    <p>{t!(i18n, tokens_shown_once)}</p>
                    <div class="field">
                        <label for="new-token">{c.info.name.clone()}</label>
                        <input id="new-token" class="mono" readonly value=c.token.clone()/>
                    </div>
                    <button type="button" class="btn btn-secondary" on:click=move |_| { copy_to_clipboard(&token); copied.set(true); }>
                        {move || if copied.get() { t_string!(i18n, tokens_copied).to_string() } else { t_string!(i18n, tokens_copy).to_string() }}
                    </button>
                    <p class="visually-hidden" role="status">{move || copied.get().then(|| t_string!(i18n, tokens_copied).to_string())}</p>
                </section>
            }
        })}
        <section class="card">
            <h2>{t!(i18n, tokens_create)}</h2>
            <ActionForm action=create attr:class="form">
                <div class="field">
                    <label for="token-name">{t!(i18n, tokens_name)}</label>
                    <input id="token-name" name="name" required maxlength="64"/>
                    <p class="field-error">{move || name_error.get().map(|e| field_error_text(i18n, &e))}</p>
                </div>
                <div class="field">
                    <label for="token-scope">{t!(i18n, tokens_scope)}</label>
                    <select id="token-scope" name="scope">
                        <option value="read" selected>{t!(i18n, tokens_scope_read)}</option>
                        <option value="write">{t!(i18n, tokens_scope_write)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="token-expiry">{t!(i18n, tokens_expiry)}</label>
                    <select id="token-expiry" name="expires_days">
                        {super::EXPIRY_CHOICES.iter().map(|d| match d {
                            Some(d) => view! {
                                <option value=d.to_string() selected={*d == 90}>
                                    {format!("{d} {}", t_string!(i18n, tokens_days))}
                                </option>
                            }.into_any(),
                            None => view! { <option value="never">{t!(i18n, tokens_never)}</option> }.into_any(),
                        }).collect_view()}
                    </select>
                    <p class="field-error">{move || expiry_error.get().map(|e| field_error_text(i18n, &e))}</p>
                </div>
                <button type="submit" class="btn btn-primary">{t!(i18n, tokens_create)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, tokens_list)}</h2>
            {loaded(tokens, move |list: Vec<TokenInfo>| {
                if list.is_empty() {
                    return view! { <p>{t!(i18n, tokens_none)}</p> }.into_any();
                }
                view! {
                    <crate::components::layout::ScrollRegion label=move || t_string!(i18n, tokens_list).to_string()>
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, tokens_name)}</th>
                                    <th scope="col">{t!(i18n, tokens_scope)}</th>
                                    <th scope="col">{t!(i18n, tokens_created_at)}</th>
                                    <th scope="col">{t!(i18n, tokens_last_used)}</th>
                                    <th scope="col">{t!(i18n, tokens_expires)}</th>
                                    <th scope="col"><span class="visually-hidden">{t!(i18n, actions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|t| {
                                    let locale = i18n.get_locale_untracked();
                                    let scope = match t.scope {
                                        super::Scope::Read => t_string!(i18n, tokens_scope_read).to_string(),
                                        super::Scope::Write => t_string!(i18n, tokens_scope_write).to_string(),
                                    };
                                    let expires = match &t.expires_at {
                                        Some(_) => when(locale, t.expires_at.as_deref()),
                                        None => t_string!(i18n, tokens_never).to_string(),
                                    };
                                    view! {
                                        <tr>
                                            <td>{t.name.clone()} " " <code>{format!("{}…", t.prefix)}</code></td>
                                            <td>{scope}</td>
                                            <td>{when(locale, Some(&t.created_at))}</td>
                                            <td>{when(locale, t.last_used_at.as_deref())}</td>
                                            <td>{expires}</td>
                                            <td>
                                                {if t.revoked_at.is_some() {
                                                    view! { <span class="tag">{t!(i18n, tokens_revoked)}</span> }.into_any()
                                                } else {
                                                    // Destructive and final: asked for twice (SPEC §14).
                                                    view! {
                                                        <Confirm label=t_string!(i18n, tokens_revoke) about=t.name.clone() warning=t_string!(i18n, tokens_revoke_warning)>
                                                            <ActionForm action=revoke>
                                                                <input type="hidden" name="id" value=t.id.clone()/>
                                                                <button type="submit" class="btn btn-danger btn-small">
                                                                    {t!(i18n, tokens_revoke_confirm)} " " {t.name.clone()}
                                                                </button>
                                                            </ActionForm>
                                                        </Confirm>
                                                    }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </crate::components::layout::ScrollRegion>
                }.into_any()
            })}
        </section>
    }
}
