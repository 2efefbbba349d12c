//! The IAM tab: enable IAM, the dashboard SSO client (secret shown once, rotation with a grace
//! period), redirect URIs, roles and actions with a keyboard-usable grant matrix, and the
//! sign-in check.

use super::server::{
    load_iam, parse_grant, CheckSignIn, ClientView, CreateSsoClient, IamData, IamInput,
    RotateSsoSecret, SaveIam, SaveIamForm, SecretShown, GRANT_SEPARATOR,
};
use crate::components::form::{coded, field_error_text, field_error_view};
use crate::components::form_echo::{indexed, posted_to, value_of};
use crate::components::said::error_text;
use crate::domain::iam::{
    IamSettings, MAX_ACTIONS, MAX_CUSTOM_ROLES, MAX_REDIRECT_URIS, PLATFORM_ROLES, SERVICE_ROLES,
};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use std::collections::BTreeSet;

fn field_message(
    i18n: leptos_i18n::I18nContext<Locale>,
    result: Option<Result<i64, AppError>>,
    field: &str,
) -> Option<String> {
    result
        .and_then(|r| r.err())
        .and_then(|e| e.field_error(field))
        .map(|e| field_error_text(i18n, &e))
}

/// An editable list of text rows (redirect URIs, custom roles, actions). Typing does not
/// re-render the rows (focus stays); adding, removing and leaving a row bump `shape`. When a
/// row's name is changed, `rename` is told (old, new) so what refers to it follows.
#[allow(clippy::too_many_arguments)]
fn text_rows(
    i18n: leptos_i18n::I18nContext<Locale>,
    list: RwSignal<Vec<String>>,
    shape: RwSignal<u32>,
    field: &'static str,
    label: String,
    placeholder: &'static str,
    max: usize,
    can_edit: bool,
    result: RwSignal<Option<Result<i64, AppError>>>,
    check: Option<fn(&str) -> Option<String>>,
    rename: Option<Callback<(String, String)>>,
) -> impl IntoView {
    let add_label = label.clone();
    view! {
        <ul class="text-rows" data-testid=field>
            {move || {
                shape.track();
                list.get_untracked().into_iter().enumerate().map(|(i, value)| {
                    let id = format!("f-{field}-{i}");
                    let error_id = format!("{id}-error");
                    let key = format!("{field}.{i}");
                    let key2 = key.clone();
                    let row_label = format!("{label} {}", i + 1);
                    // The browser checks as the user types (and again when the rows are redrawn, so
                    // a message does not vanish and shift the layout); the server's answer otherwise.
                    let checked = move |v: &str| check.and_then(|c| (!v.trim().is_empty()).then(|| c(v.trim())).flatten());
                    let local = RwSignal::new(checked(&value));
                    let committed = StoredValue::new(value.trim().to_owned());
                    let remove_label = format!("{} {row_label}", t_string!(i18n, iam_remove));
                    view! {
                        <li>
                            <label for=id.clone() class="visually-hidden">{row_label}</label>
                            <input id=id type="text" name=format!("{field}[{i}]") value=value placeholder=placeholder disabled=!can_edit
                                aria-describedby=error_id.clone()
                                aria-invalid=move || (local.get().is_some() || field_message(i18n, result.get(), &key).is_some()).then_some("true")
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    local.set(checked(&v));
                                    list.update_untracked(|l| if let Some(s) = l.get_mut(i) { *s = v });
                                }
                                on:change=move |_| {
                                    let now = list.with_untracked(|l| l.get(i).map(|s| s.trim().to_owned())).unwrap_or_default();
                                    let before = committed.get_value();
                                    let gone = list.with_untracked(|l| l.iter().all(|s| s.trim() != before));
                                    if let Some(rename) = rename.filter(|_| gone && !before.is_empty() && !now.is_empty()) {
                                        rename.run((before, now.clone()));
                                    }
                                    committed.set_value(now);
                                    shape.update(|n| *n += 1)
                                }/>
                            <button type="button" class="btn btn-ghost btn-small" disabled=!can_edit aria-label=remove_label
                                on:click=move |_| { list.update(|l| { if i < l.len() { l.remove(i); } }); shape.update(|n| *n += 1); }>
                                {t!(i18n, iam_remove)}
                            </button>
                            <p class="field-error" id=error_id aria-live="polite">{move || local.get().or_else(|| field_message(i18n, result.get(), &key2)).map(coded)}</p>
                        </li>
                    }
                }).collect_view()
            }}
        </ul>
        <button type="button" class="btn btn-ghost btn-small" disabled=move || { shape.track(); !can_edit || list.with_untracked(|l| l.len()) >= max }
            on:click=move |_| { list.update(|l| l.push(String::new())); shape.update(|n| *n += 1); }>
            "+ " {add_label}
        </button>
    }
}

fn secret_notice(i18n: leptos_i18n::I18nContext<Locale>, shown: SecretShown) -> impl IntoView {
    view! {
        <div class="notice notice-warn secret-once" role="status" data-testid="secret-once">
            <p><strong>{t!(i18n, iam_secret_once)}</strong></p>
            <p>{t!(i18n, iam_secret)} ": " <code class="secret">{shown.secret}</code></p>
            {shown.previous_valid_until.map(|u| view! {
                <p>{t!(i18n, iam_previous_valid)} " " <time>{u}</time></p>
            })}
        </div>
    }
}

/// Where the form and its client buttons post without JavaScript.
const FORM_PATH: &str = <SaveIamForm as leptos::server_fn::ServerFn>::PATH;
/// Where "Check sign-in" posts the form without JavaScript.
const CHECK_PATH: &str = <CheckSignIn as leptos::server_fn::ServerFn>::PATH;
const CREATE_PATH: &str = <CreateSsoClient as leptos::server_fn::ServerFn>::PATH;
const ROTATE_PATH: &str = <RotateSsoSecret as leptos::server_fn::ServerFn>::PATH;

/// What the form starts from: the stored settings, or what a refused plain post sent.
struct Start {
    enabled: bool,
    issuer: String,
    redirect_uris: Vec<String>,
    custom_roles: Vec<String>,
    actions: Vec<String>,
    grants: BTreeSet<(String, String)>,
}

impl Start {
    fn of(s: &IamSettings, posted: Option<&[(String, String)]>) -> Start {
        match posted {
            Some(form) => Start {
                enabled: form.iter().any(|(k, _)| k == "enabled"),
                issuer: value_of(form, "issuer").unwrap_or_default(),
                redirect_uris: indexed(form, "redirect_uris"),
                custom_roles: indexed(form, "custom_roles"),
                actions: indexed(form, "actions"),
                grants: indexed(form, "grants")
                    .iter()
                    .filter_map(|g| parse_grant(g))
                    .collect(),
            },
            None => Start {
                enabled: s.enabled,
                issuer: s.issuer.clone(),
                redirect_uris: s.redirect_uris.clone(),
                custom_roles: s.custom_roles.clone(),
                actions: s.actions.clone(),
                grants: (s.grants.iter())
                    .flat_map(|(r, a)| a.iter().map(move |a| (r.clone(), a.clone())))
                    .collect(),
            },
        }
    }
}

/// The rows with one empty row at the end (below `max`): a row to type into, with or without
/// JavaScript; empty rows are dropped on save.
fn with_blank(mut rows: Vec<String>, max: usize) -> Vec<String> {
    if rows.last().is_none_or(|r| !r.trim().is_empty()) && rows.len() < max {
        rows.push(String::new());
    }
    rows
}

fn iam_form(i18n: leptos_i18n::I18nContext<Locale>, id: String, data: IamData) -> impl IntoView {
    let can_edit = data.can_edit;
    let s = data.settings.clone();
    // Without JavaScript a refused save comes back with what was posted: start from that.
    let posted = posted_to(FORM_PATH).or_else(|| posted_to(CHECK_PATH));
    let mut start = Start::of(&s, posted.as_deref());
    // After a check by plain post, the issuer field shows the issuer that was checked.
    if let Some(c) = data.check_once.as_ref().filter(|_| posted.is_none()) {
        start.issuer = c.issuer.clone();
    }
    let enabled = RwSignal::new(start.enabled);
    let issuer = RwSignal::new(start.issuer.clone());
    let uris = RwSignal::new(with_blank(start.redirect_uris, MAX_REDIRECT_URIS));
    let roles = RwSignal::new(with_blank(start.custom_roles, MAX_CUSTOM_ROLES));
    let actions = RwSignal::new(with_blank(start.actions, MAX_ACTIONS));
    let shape = RwSignal::new(0u32);
    let grants = RwSignal::new(start.grants);
    // A grant names its role and action: renaming either carries the grant along.
    let rename_in = move |pick: fn(&mut (String, String)) -> &mut String,
                          (old, new): (String, String)| {
        grants.update(|g| {
            *g = std::mem::take(g)
                .into_iter()
                .map(|mut pair| {
                    if *pick(&mut pair) == old {
                        *pick(&mut pair) = new.clone();
                    }
                    pair
                })
                .collect()
        })
    };
    let rename_role = Callback::new(move |names| rename_in(|p| &mut p.0, names));
    let rename_action = Callback::new(move |names| rename_in(|p| &mut p.1, names));
    let version = RwSignal::new(data.version);
    // The refusal of a plain form post (the router reads it from the address).
    let save_form = ServerAction::<SaveIamForm>::new();
    let result = RwSignal::new(save_form.value().get_untracked());
    let posted_saved = crate::components::form_echo::saved_by(FORM_PATH);
    let save = ServerAction::<SaveIam>::new();
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if let Ok(v) = &r {
                version.set(*v);
            }
            if let Err(AppError::Stale { version: v, .. }) = &r {
                version.set(*v);
            }
            result.set(Some(r));
        }
    });
    let clean = |l: Vec<String>| -> Vec<String> {
        l.into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let oid = id.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (u, r, a) = (
            clean(uris.get_untracked()),
            clean(roles.get_untracked()),
            clean(actions.get_untracked()),
        );
        uris.set(u.clone());
        roles.set(r.clone());
        actions.set(a.clone());
        shape.update(|n| *n += 1);
        let all_roles: Vec<String> = PLATFORM_ROLES
            .iter()
            .chain(SERVICE_ROLES.iter())
            .map(|s| s.to_string())
            .chain(r.iter().cloned())
            .collect();
        let grants: Vec<(String, String)> = grants
            .get_untracked()
            .into_iter()
            .filter(|(role, action)| all_roles.contains(role) && a.contains(action))
            .collect();
        save.dispatch(SaveIam {
            id: oid.clone(),
            version: version.get_untracked(),
            input: IamInput {
                enabled: enabled.get_untracked(),
                issuer: issuer.get_untracked(),
                redirect_uris: u,
                custom_roles: r,
                actions: a,
                grants,
            },
        });
    };
    let matrix = move || {
        shape.track();
        let all_roles: Vec<String> = PLATFORM_ROLES
            .iter()
            .chain(SERVICE_ROLES.iter())
            .map(|s| s.to_string())
            .chain(clean(roles.get_untracked()))
            .collect();
        let acts = clean(actions.get_untracked());
        if acts.is_empty() {
            return view! { <p class="empty-state">{t!(i18n, iam_matrix_empty)}</p> }.into_any();
        }
        let grants_word = t_string!(i18n, iam_grants).to_string();
        view! {
            <crate::components::layout::ScrollRegion label=move || t_string!(i18n, iam_matrix).to_string()>
                <table class="data-table matrix" data-testid="matrix">
                    <caption class="visually-hidden">{t!(i18n, iam_matrix)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, iam_role_name)}</th>
                            {acts.iter().map(|a| view! { <th scope="col"><code>{a.clone()}</code></th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {all_roles.into_iter().enumerate().map(|(r, role)| {
                            let grants_word = grants_word.clone();
                            let columns = acts.len();
                            view! {
                                <tr>
                                    <th scope="row" translate="no">{role.clone()}</th>
                                    {acts.iter().enumerate().map(|(a, action)| {
                                        let name = format!("grants[{}]", r * columns + a);
                                        let value = format!("{role}{GRANT_SEPARATOR}{action}");
                                        let pair = (role.clone(), action.clone());
                                        let pair2 = pair.clone();
                                        let label = format!("{role} {grants_word} {action}");
                                        view! {
                                            <td>
                                                <input type="checkbox" name=name value=value aria-label=label disabled=!can_edit
                                                    checked=move || grants.with(|g| g.contains(&pair))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        grants.update(|g| { if on { g.insert(pair2.clone()); } else { g.remove(&pair2); } });
                                                    }/>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </crate::components::layout::ScrollRegion>
        }
        .into_any()
    };

    // SSO client: kept here (not reloaded) so the secret shown once stays on screen.
    let create = ServerAction::<CreateSsoClient>::new();
    let rotate = ServerAction::<RotateSsoSecret>::new();
    // A secret generated by a plain form post comes with this load (shown once).
    let shown = RwSignal::new(data.secret_once.clone());
    let client = RwSignal::new(data.client.clone());
    Effect::new(move |_| {
        if let Some(Ok(s)) = create.value().get() {
            client.set(Some(ClientView {
                client_id: s.client_id.clone(),
                created_at: String::new(),
                rotated_at: None,
                previous_valid_until: None,
            }));
            shown.set(Some(s));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(s)) = rotate.value().get() {
            client.update(|c| {
                if let Some(c) = c {
                    c.previous_valid_until = s.previous_valid_until.clone();
                }
            });
            shown.set(Some(s));
        }
    });
    let check = ServerAction::<CheckSignIn>::new();
    let check_once = data.check_once.clone();
    let (oid_c, oid_r, oid_k) = (id.clone(), id.clone(), id.clone());
    let action_error = move || {
        create
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| rotate.value().get().and_then(|r| r.err()))
            .map(|e| view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> })
    };
    let issuer_error = move || {
        check
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| match e.field_error("issuer") {
                Some(f) => field_error_view(i18n, &f),
                None => error_text(i18n, &e).into_any(),
            })
            .or_else(|| field_message(i18n, result.get(), "issuer").map(|m| coded(m).into_any()))
    };
    view! {
        <form class="iam-form" method="post" action=FORM_PATH on:submit=on_save>
            <input type="hidden" name="id" value=id.clone()/>
            <input type="hidden" name="version" value=data.version prop:value=move || version.get()/>
            <section class="card" aria-labelledby="iam-title">
                <div class="card-header"><h2 id="iam-title">{t!(i18n, iam_title)}</h2></div>
                <p>{t!(i18n, iam_intro)}</p>
                <div class="field field-inline">
                    <input id="f-iam-enabled" type="checkbox" name="enabled" disabled=!can_edit checked=move || enabled.get()
                        on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    <label for="f-iam-enabled">{t!(i18n, iam_enable)}</label>
                </div>
                <dl class="identity">
                    <div><dt>{t!(i18n, iam_service_name)}</dt><dd><code>{data.offering_name.clone()}</code></dd></div>
                </dl>
            </section>

            <section class="card" aria-labelledby="sso-title">
                <div class="card-header"><h3 id="sso-title">{t!(i18n, iam_sso)}</h3></div>
                {move || match client.get() {
                    None => view! {
                        <p class="empty-state">{t!(i18n, iam_no_client)}</p>
                        <button type="submit" formaction=CREATE_PATH class="btn btn-secondary" disabled=move || !can_edit || create.pending().get()
                            on:click={ let oid = oid_c.clone(); move |ev| { ev.prevent_default(); create.dispatch(CreateSsoClient { id: oid.clone() }); } }>
                            {t!(i18n, iam_generate)}
                        </button>
                    }.into_any(),
                    Some(c) => view! {
                        <dl class="broker-facts">
                            <div><dt>{t!(i18n, iam_client_id)}</dt><dd><code data-testid="client-id">{c.client_id.clone()}</code></dd></div>
                            <div><dt>{t!(i18n, iam_secret)}</dt><dd>"••••••••"</dd></div>
                            {c.rotated_at.clone().map(|r| view! { <div><dt>{t!(i18n, iam_rotated_at)}</dt><dd><crate::format::When at=r/></dd></div> })}
                            {c.previous_valid_until.clone().map(|u| view! {
                                <div><dt>{t!(i18n, iam_previous_valid)}</dt><dd><span data-testid="grace"><crate::format::When at=u/></span></dd></div>
                            })}
                        </dl>
                        <details class="confirm">
                            <summary class="btn btn-secondary" aria-disabled=(!can_edit).then_some("true")>{t!(i18n, iam_rotate)}</summary>
                            <div class="confirm-body">
                                <p>{t!(i18n, iam_rotate_warning)}</p>
                                <button type="submit" formaction=ROTATE_PATH class="btn btn-danger btn-small" disabled=move || !can_edit || rotate.pending().get()
                                    on:click={ let oid = oid_r.clone(); move |ev| { ev.prevent_default(); rotate.dispatch(RotateSsoSecret { id: oid.clone() }); } }>
                                    {t!(i18n, iam_rotate_confirm)}
                                </button>
                            </div>
                        </details>
                    }.into_any(),
                }}
                {action_error}
                {move || shown.get().map(|s| secret_notice(i18n, s))}
                <h4>{t!(i18n, iam_redirect_uris)}</h4>
                <p class="help">{t!(i18n, iam_redirect_help)}</p>
                {text_rows(i18n, uris, shape, "redirect_uris", t_string!(i18n, iam_redirect_uri).to_string(), "https://app.example.com/callback", MAX_REDIRECT_URIS, can_edit, result, Some(|v: &str| crate::domain::iam::check_redirect_uri(v).err().map(|p| p.english().to_string())), None)}
                <div class="field">
                    <label for="f-issuer">{t!(i18n, iam_issuer)}</label>
                    <input id="f-issuer" type="url" name="issuer" value=start.issuer.clone() disabled=!can_edit placeholder="https://iam.example.com"
                        aria-describedby="f-issuer-help f-issuer-error"
                        on:input=move |ev| issuer.set(event_target_value(&ev))/>
                    <div class="field-meta"><p class="help" id="f-issuer-help">{t!(i18n, iam_issuer_help)}</p></div>
                    <p class="field-error" id="f-issuer-error" aria-live="polite">{issuer_error}</p>
                </div>
                // Without JavaScript the button posts the form (id, issuer) to the check itself.
                <button type="submit" formaction=CHECK_PATH class="btn btn-ghost" disabled=move || check.pending().get()
                    on:click=move |ev| {
                        ev.prevent_default();
                        check.dispatch(CheckSignIn { id: oid_k.clone(), issuer: issuer.get_untracked() });
                    }>
                    {t!(i18n, iam_check)}
                </button>
                {move || check.value().get().and_then(|r| r.ok()).or_else(|| check_once.clone()).map(|c| view! {
                    <div class="notice notice-success" role="status">
                        <p><strong>{t!(i18n, iam_authorization_url)}</strong></p>
                        <p><code class="wrap" data-testid="authorization-url">{c.authorization_url}</code></p>
                    </div>
                })}
            </section>

            <section class="card" aria-labelledby="roles-title">
                <div class="card-header"><h3 id="roles-title">{t!(i18n, iam_roles)}</h3></div>
                <p>
                    <strong>{t!(i18n, iam_platform_roles)}</strong> ": " <span translate="no">{PLATFORM_ROLES.join(", ")}</span> " · "
                    <strong>{t!(i18n, iam_service_roles)}</strong> ": " <span translate="no">{SERVICE_ROLES.join(", ")}</span>
                </p>
                <div class="two-columns">
                    <div>
                        <h4>{t!(i18n, iam_custom_roles)}</h4>
                        {text_rows(i18n, roles, shape, "custom_roles", t_string!(i18n, iam_role_name).to_string(), "Auditor", MAX_CUSTOM_ROLES, can_edit, result, Some(|v: &str| crate::domain::iam::check_role(v).err()), Some(rename_role))}
                    </div>
                    <div>
                        <h4>{t!(i18n, iam_actions)}</h4>
                        <p class="help">{format!("{}.<resource>.<verb>", data.offering_name)}</p>
                        {text_rows(i18n, actions, shape, "actions", t_string!(i18n, iam_action_name).to_string(), "service.instance.read", MAX_ACTIONS, can_edit, result, None, Some(rename_action))}
                    </div>
                </div>
                <h4>{t!(i18n, iam_matrix)}</h4>
                {matrix}
                <p class="field-error" aria-live="polite">{move || field_message(i18n, result.get(), "grants").map(coded)}</p>
            </section>
            <div class="form-actions">
                {move || result.get().or_else(|| posted_saved.then_some(Ok(0))).map(|r| match r {
                    Ok(_) => view! { <p class="notice notice-success" role="status">{t!(i18n, saved)}</p> }.into_any(),
                    Err(AppError::Invalid(_)) => view! { <p class="notice notice-error" role="alert">{t!(i18n, fix_fields)}</p> }.into_any(),
                    Err(AppError::Stale { .. }) => view! { <p class="notice notice-error" role="alert">{t!(i18n, conflict_title)}</p> }.into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                })}
                <button type="submit" class="btn btn-primary" disabled=move || !can_edit || save.pending().get()>{t!(i18n, iam_save)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn IamTab() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_iam);
    crate::components::status::loaded(data, move |d| iam_form(i18n, id(), d))
}
