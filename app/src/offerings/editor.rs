//! The guided offering editor: create, overview with completion, basics, catalog text per
//! language, history. Every form posts to a server function, so it also works without JavaScript.

use super::server::*;
use crate::components::confirm::Confirm;
use crate::components::form::{server_error_for, CheckboxField, Field, FieldPrefix, SaveStatus};
use crate::components::layout::PageHeader;
use crate::components::said::error_text;
use crate::components::status::{loaded, ErrorPanel};
use crate::domain::access::OrgRole;
use crate::domain::offering::{
    self as rules, basics_percent, text_percent, OfferingDocument, CATEGORIES, CONTENT_LANGUAGES,
    MAX_BULLETS, MAX_BULLET_TEXT, MAX_BULLET_TITLE, MAX_DISPLAY_NAME, MAX_LONG_DESCRIPTION,
    MAX_SHORT_DESCRIPTION, REGIONS,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::review::visibility_tab::PreCheck;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_params_map;

/// A missing field's name as the user reads it on the form.
fn field_label(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> String {
    // The checklist names a few fields as their own tab does; the rest as everywhere else.
    let label = match key {
        "bullets" => t_string!(i18n, feature_bullets),
        "icon" => t_string!(i18n, icon_file),
        "text" => t_string!(i18n, announcement_text),
        "date" => t_string!(i18n, announcement_date),
        other => {
            return crate::components::changes::field_word(i18n, other)
                .unwrap_or_else(|| other.to_owned())
        }
    };
    label.to_string()
}

fn missing_labels(i18n: leptos_i18n::I18nContext<Locale>, keys: &[&str]) -> String {
    keys.iter()
        .map(|k| field_label(i18n, k))
        .collect::<Vec<_>>()
        .join(", ")
}

fn language_label(tag: &str) -> &'static str {
    CONTENT_LANGUAGES
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, n)| *n)
        .unwrap_or("?")
}

/// A bar with a percentage, for section completion.
#[component]
pub fn Progress(percent: u8, #[prop(into)] label: String) -> impl IntoView {
    let complete = percent >= 100;
    view! {
        // A native bar: no inline `style` (the CSP allows no inline styles).
        <progress class="progress" class:complete=complete max="100" value=percent aria-label=label></progress>
        <span class="progress-value">{percent} " %"</span>
    }
}

#[component]
pub fn NewOfferingPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateOffering>::new();
    let data = Resource::new(|| (), |_| load_dashboard());
    let result = Signal::derive(move || create.value().get());
    loaded(data, move |data: DashboardData| {
        let orgs: Vec<_> = data
            .memberships
            .into_iter()
            .filter(|m| m.role >= OrgRole::Editor)
            .collect();
        let single = orgs.len() == 1;
        view! {
            <PageHeader title=move || t_string!(i18n, new_offering_title).to_string()/>
            <section class="card narrow-wide">
                <p class="lead">{t!(i18n, new_offering_intro)}</p>
                {if orgs.is_empty() {
                    view! { <p class="notice notice-error">{t!(i18n, no_org_to_create_in)}</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=create attr:class="form">
                            <div class="field">
                                <label for="f-organisation_id">{t!(i18n, organisation)}</label>
                                <select id="f-organisation_id" name="organisation_id" disabled=single>
                                    {orgs.iter().map(|m| view! {
                                        <option value=m.organisation_id.clone()>{m.organisation_name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                {single.then(|| view! {
                                    <input type="hidden" name="organisation_id" value=orgs[0].organisation_id.clone()/>
                                })}
                            </div>
                            <Field
                                name="name"
                                label=move || t_string!(i18n, offering_name).to_string()
                                help=move || t_string!(i18n, offering_name_help).to_string()
                                value=""
                                required=true
                                max=rules::MAX_NAME
                                check=|v: &str| rules::validate_name(v).err()
                                server_error=server_error_for(result, "name")
                            />
                            <button type="submit" class="btn btn-primary">{t!(i18n, create_offering)}</button>
                        </ActionForm>
                    }
                    .into_any()
                }}
            </section>
        }
    })
}

/// What the editor's tabs share: the loaded offering and a way to reload it after a save.
#[derive(Clone, Copy)]
pub(crate) struct OfferingContext {
    pub(crate) offering: Resource<Result<OfferingView, AppError>>,
    pub(crate) reload: RwSignal<u32>,
}

pub(super) fn offering_id() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").unwrap_or_default()
}

/// The frame of one offering: title, identity, tabs; the tab renders in the outlet.
#[component]
pub fn OfferingPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = offering_id();
    let reload = RwSignal::new(0u32);
    let offering = Resource::new(move || (id(), reload.get()), |(id, _)| load_offering(id));
    provide_context(OfferingContext { offering, reload });
    let precheck_open = RwSignal::new(false);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || offering.get().map(|r| match r {
                Err(error) => view! { <ErrorPanel error/> }.into_any(),
                Ok(o) => {
                    let base = format!("/offerings/{}", o.id);
                    let title = o.document.text_with_fallback("en").0.display_name;
                    let title = if title.is_empty() { o.name.clone() } else { title };
                    view! {
                        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                            <a href="/dashboard">{t!(i18n, nav_dashboard)}</a>
                            <span aria-hidden="true">" / "</span>
                            <span>{o.name.clone()}</span>
                        </nav>
                        <PageHeader title=title.clone()/>
                        <dl class="identity">
                            <div><dt>{t!(i18n, offering_name)}</dt><dd><code>{o.name.clone()}</code></dd></div>
                            <div><dt>{t!(i18n, service_id)}</dt><dd><code class="uuid">{o.id.clone()}</code></dd></div>
                            <div><dt>{t!(i18n, organisation)}</dt><dd>{o.organisation_name.clone()}</dd></div>
                            <div><dt>{t!(i18n, state)}</dt><dd><span class="tag" data-state=o.visibility.as_str()>{crate::components::lifecycle_words::visibility_label(i18n, o.visibility)}</span></dd></div>
                        </dl>
                        {(!o.can_edit).then(|| view! { <p class="notice">{t!(i18n, read_only_notice)}</p> })}
                        {(o.can_edit && o.visibility.has_been_public()).then(|| view! {
                            <p class="notice" data-testid="working-copy-notice">{t!(i18n, working_copy_notice)}</p>
                        })}
                        <PreCheck lines=o.checklist.clone() base=base.clone() open=precheck_open/>
                        <nav class="tabs" aria-label=move || t_string!(i18n, offering_sections).to_string()>
                            <A href=base.clone() exact=true>{t!(i18n, tab_overview)}</A>
                            <A href=format!("{base}/basics")>{t!(i18n, tab_basics)}</A>
                            <A href=format!("{base}/text/en")>{t!(i18n, tab_text)}</A>
                            <A href=format!("{base}/media")>{t!(i18n, tab_media)}</A>
                            <A href=format!("{base}/announcement")>{t!(i18n, tab_announcement)}</A>
                            <A href=format!("{base}/plans")>{t!(i18n, tab_plans)}</A>
                            <A href=format!("{base}/usage")>{t!(i18n, tab_usage)}</A>
                            <A href=format!("{base}/iam")>{t!(i18n, tab_iam)}</A>
                            <A href=format!("{base}/support")>{t!(i18n, tab_support)}</A>
                            <A href=format!("{base}/brokers")>{t!(i18n, tab_brokers)}</A>
                            <A href=format!("{base}/visibility")>{t!(i18n, tab_visibility)}</A>
                            <A href=format!("{base}/history")>{t!(i18n, tab_history)}</A>
                        </nav>
                    }
                    .into_any()
                }
            })}
        </Suspense>
        <Outlet/>
    }
}

/// Renders a tab once the offering is loaded (errors are shown by the frame).
pub(crate) fn with_offering<V: IntoView + 'static>(
    render: impl Fn(OfferingView, OfferingContext) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<OfferingContext>();
    view! {
        <Suspense fallback=|| ()>
            {move || ctx.offering.get().and_then(|r| r.ok()).map(|o| {
                crate::review::notes::provide_open_comments(&o);
                render(o, ctx).into_any()
            })}
        </Suspense>
    }
}

/// Reloads the offering after each successful save of `action`.
pub(crate) fn reload_on_success<A>(action: ServerAction<A>, ctx: OfferingContext)
where
    A: leptos::server_fn::ServerFn<Output = i64, Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            ctx.reload.update(|n| *n += 1);
        }
    });
}

/// The hidden `version` of a form: the loaded one, or the newer one a conflict reported.
pub(crate) fn version_signal<A>(action: ServerAction<A>, loaded: i64) -> Signal<i64>
where
    A: leptos::server_fn::ServerFn<Output = i64, Error = AppError> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(AppError::Stale { version, .. })) => version,
        _ => loaded,
    })
}

#[component]
pub fn OverviewTab() -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteOffering>::new();
    let duplicate = ServerAction::<DuplicateOffering>::new();
    let duplicate_result = Signal::derive(move || duplicate.value().get());
    with_offering(move |o, _| {
        let doc = &o.document;
        let base = format!("/offerings/{}", o.id);
        let basics_missing = doc.basics.missing();
        let (dup_id, dup_name) = (o.id.clone(), format!("{}-copy", o.name));
        let mut languages: Vec<String> = vec!["en".into()];
        languages.extend(doc.texts.keys().filter(|l| *l != "en").cloned());
        view! {
            <section class="card">
                <h2>{t!(i18n, completion)}</h2>
                <table class="data-table sections">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, section)}</th>
                            <th scope="col">{t!(i18n, completion)}</th>
                            <th scope="col">{t!(i18n, still_missing)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td><a href=format!("{base}/basics")>{t!(i18n, tab_basics)}</a></td>
                            <td><Progress percent=basics_percent(doc) label=t_string!(i18n, tab_basics).to_string()/></td>
                            <td>{missing_labels(i18n, &basics_missing)}</td>
                        </tr>
                        <tr>
                            <td><a href=format!("{base}/media")>{t!(i18n, tab_media)}</a></td>
                            <td><Progress percent=if o.icon_stamp.is_some() { 100 } else { 0 } label=t_string!(i18n, tab_media).to_string()/></td>
                            <td>{o.icon_stamp.is_none().then(|| field_label(i18n, "icon"))}</td>
                        </tr>
                        <tr>
                            <td><a href=format!("{base}/announcement")>{t!(i18n, tab_announcement)}</a></td>
                            <td><Progress percent=announcement_percent(doc) label=t_string!(i18n, tab_announcement).to_string()/></td>
                            <td>{missing_labels(i18n, &announcement_missing(doc))}</td>
                        </tr>
                        <tr>
                            <td><a href=format!("{base}/plans")>{t!(i18n, tab_plans)}</a></td>
                            <td><Progress percent=if doc.plans.is_empty() { 0 } else { 100 } label=t_string!(i18n, tab_plans).to_string()/></td>
                            <td>{doc.plans.is_empty().then(|| t_string!(i18n, add_plan).to_string())}</td>
                        </tr>
                        {languages.into_iter().map(|lang| {
                            let missing = doc.texts.get(&lang).map(|t| t.missing()).unwrap_or_else(|| vec!["display_name", "short_description", "long_description", "bullets"]);
                            let fallback = lang != "en" && !missing.is_empty();
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("{base}/text/{lang}")>{t!(i18n, tab_text)} " · " {language_label(&lang)}</a>
                                    </td>
                                    <td><Progress percent=text_percent(doc, &lang) label=format!("{} ({lang})", t_string!(i18n, tab_text))/></td>
                                    <td>
                                        {missing_labels(i18n, &missing)}
                                        {fallback.then(|| view! { <span class="tag tag-warn">{t!(i18n, falls_back_to_english)}</span> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card">
                <h2>{t!(i18n, export_title)}</h2>
                <p class="help">{t!(i18n, export_help)}</p>
                <a class="btn btn-secondary" rel="external" download=format!("{}.json", o.name)
                    href=format!("/api/v1/offerings/{}/export", o.id)>{t!(i18n, export_download)}</a>
            </section>
            {o.can_edit.then(|| view! {
                <details class="card">
                    <summary>{t!(i18n, duplicate_offering)}</summary>
                    <p class="help">{t!(i18n, duplicate_help)}</p>
                    <ActionForm action=duplicate attr:class="form">
                        <input type="hidden" name="id" value=dup_id.clone()/>
                        <Field name="name" label=move || t_string!(i18n, offering_name).to_string()
                            help=move || t_string!(i18n, offering_name_help).to_string()
                            value=dup_name.clone() max=rules::MAX_NAME required=true
                            check=|v: &str| rules::validate_name(v).err()
                            server_error=server_error_for(duplicate_result, "name")/>
                        <button type="submit" class="btn btn-secondary">{t!(i18n, duplicate)}</button>
                    </ActionForm>
                </details>
            })}
            {(o.can_edit && o.visibility.may_delete()).then(|| view! {
                <details class="card danger-zone">
                    <summary>{t!(i18n, delete_draft)}</summary>
                    <p>{t!(i18n, delete_draft_warning)}</p>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=o.id.clone()/>
                        <button type="submit" class="btn btn-danger">{t!(i18n, delete_offering)}</button>
                    </ActionForm>
                    {move || delete.value().get().and_then(|r| r.err()).map(|e| view! {
                        <p class="notice notice-error" role="alert">{error_text(i18n, &e)}</p>
                    })}
                </details>
            })}
        }
    })
}

#[component]
pub fn BasicsTab() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(FieldPrefix("basics".into()));
    let save = ServerAction::<SaveBasics>::new();
    let result = Signal::derive(move || save.value().get());
    reload_on_success(save, expect_context::<OfferingContext>());
    with_offering(move |o, _| {
        let version = version_signal(save, o.version);
        let b = o.document.basics.clone();
        let read_only = !o.can_edit;
        let err = move |f: &'static str| server_error_for(result, f);
        view! {
            <section class="card">
                <h2>{t!(i18n, tab_basics)}</h2>
                <ActionForm action=save attr:class="form">
                    <input type="hidden" name="id" value=o.id.clone()/>
                    <input type="hidden" name="version" value=move || version.get()/>
                    <Field name="provider_display_name" label=move || t_string!(i18n, provider_display_name).to_string()
                        value=b.provider_display_name.clone() max=rules::MAX_PROVIDER_NAME disabled=read_only
                        server_error=err("provider_display_name")/>
                    <div class="field">
                        <label for="f-category">{t!(i18n, category)}</label>
                        <select id="f-category" name="category" disabled=read_only>
                            <option value="" selected=b.category.is_empty()>"—"</option>
                            {CATEGORIES.iter().map(|c| view! {
                                <option value=*c selected=b.category == *c>{crate::components::words::category_label(i18n, c)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field name="tags" label=move || t_string!(i18n, tags).to_string()
                        help=move || t_string!(i18n, tags_help).to_string()
                        value=b.tags.join(", ") disabled=read_only
                        check=|v: &str| {
                            let tags = rules::split_list(v);
                            if tags.len() > rules::MAX_TAGS { return Some(rules::Problem::TooMany { max: rules::MAX_TAGS }); }
                            tags.iter().find_map(|t| rules::validate_tag(t).err())
                        }
                        server_error=err("tags")/>
                    <Field name="regions" label=move || t_string!(i18n, regions).to_string()
                        help=move || format!("{} {}", t_string!(i18n, regions_help), REGIONS.join(", "))
                        value=b.regions.join(", ") disabled=read_only
                        check=|v: &str| rules::split_list(v).iter().any(|r| !REGIONS.contains(&r.as_str())).then_some(rules::Problem::UnknownChoice)
                        server_error=err("regions")/>
                    <Field name="documentation_url" input_type="url" label=move || t_string!(i18n, documentation_url).to_string()
                        value=b.documentation_url.clone() disabled=read_only
                        check=|v: &str| (!v.is_empty()).then(|| rules::validate_web_url(v).err()).flatten()
                        server_error=err("documentation_url")/>
                    <Field name="terms_url" input_type="url" label=move || t_string!(i18n, terms_url).to_string()
                        value=b.terms_url.clone() disabled=read_only
                        check=|v: &str| (!v.is_empty()).then(|| rules::validate_web_url(v).err()).flatten()
                        server_error=err("terms_url")/>
                    <fieldset class="fieldset">
                        <legend>{t!(i18n, osb_flags)}</legend>
                        <CheckboxField name="bindable" label=move || t_string!(i18n, osb_bindable).to_string() code="bindable" checked=b.bindable disabled=read_only/>
                        <CheckboxField name="plan_updateable" label=move || t_string!(i18n, osb_plan_updateable).to_string() code="plan_updateable" checked=b.plan_updateable disabled=read_only/>
                        <CheckboxField name="instances_retrievable" label=move || t_string!(i18n, osb_instances_retrievable).to_string() code="instances_retrievable" checked=b.instances_retrievable disabled=read_only/>
                        <CheckboxField name="bindings_retrievable" label=move || t_string!(i18n, osb_bindings_retrievable).to_string() code="bindings_retrievable" checked=b.bindings_retrievable disabled=read_only/>
                    </fieldset>
                    <SaveStatus result=result path={<SaveBasics as leptos::server_fn::ServerFn>::PATH}/>
                    <button type="submit" class="btn btn-primary" disabled=read_only>{t!(i18n, save)}</button>
                </ActionForm>
            </section>
        }
    })
}

#[component]
pub fn TextTab() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let lang = move || params.read().get("lang").unwrap_or_else(|| "en".into());
    let remove = ServerAction::<RemoveLanguage>::new();
    let ctx = expect_context::<OfferingContext>();
    // The redirect to the overview keeps the loaded offering: read it again, without the text.
    reload_on_success(remove, ctx);
    move || {
        let lang = lang();
        // One action per language, so a result never shows on another language's form.
        let save = ServerAction::<SaveText>::new();
        let result = Signal::derive(move || save.value().get());
        reload_on_success(save, ctx);
        with_offering(move |o, _| {
            let lang = lang.clone();
            provide_context(FieldPrefix(format!("texts.{lang}")));
            let version = version_signal(save, o.version);
            let read_only = !o.can_edit;
            let doc: OfferingDocument = o.document.clone();
            let own = doc.texts.get(&lang).cloned().unwrap_or_default();
            let english = doc.texts.get("en").cloned().unwrap_or_default();
            let base = format!("/offerings/{}", o.id);
            let (markdown, set_markdown) = signal(own.long_description.clone());
            let preview = Resource::new(move || markdown.get(), preview_markdown);
            let err = move |f: &'static str| server_error_for(result, f);
            let known = CONTENT_LANGUAGES.iter().any(|(t, _)| *t == lang);
            let mut bullets = own.bullets.clone();
            bullets.resize(MAX_BULLETS, Default::default());
            view! {
                <nav class="language-tabs" aria-label=move || t_string!(i18n, languages).to_string()>
                    {CONTENT_LANGUAGES.iter().map(|(tag, name)| {
                        let present = *tag == "en" || doc.texts.contains_key(*tag);
                        let current = *tag == lang;
                        view! {
                            <a href=format!("{base}/text/{tag}") class:absent=!present
                               aria-current=current.then_some("page")>
                                {*name} {(!present).then_some(" +")}
                            </a>
                        }
                    }).collect_view()}
                </nav>
                {if !known {
                    view! { <p class="notice notice-error">{t!(i18n, unknown_language)}</p> }.into_any()
                } else {
                    let lang_hidden = lang.clone();
                    let id = o.id.clone();
                    let hint_display = english_hint(&lang, &english.display_name);
                    let hint_short = english_hint(&lang, &english.short_description);
                    let removable = lang != "en" && o.can_edit && doc.texts.contains_key(&lang);
                    let lang_remove = lang.clone();
                    let version_now = o.version;
                    view! {
                        <section class="card">
                            <h2>{t!(i18n, tab_text)} " · " {language_label(&lang)}</h2>
                            {(lang != "en").then(|| view! { <p class="help">{t!(i18n, fallback_help)}</p> })}
                            <ActionForm action=save attr:class="form">
                                <input type="hidden" name="id" value=o.id.clone()/>
                                <input type="hidden" name="version" value=move || version.get()/>
                                <input type="hidden" name="language" value=lang_hidden/>
                                <Field name="display_name" label=move || t_string!(i18n, display_name_field).to_string()
                                    value=own.display_name.clone() max=MAX_DISPLAY_NAME disabled=read_only
                                    help=hint_display server_error=err("display_name")/>
                                <Field name="short_description" label=move || t_string!(i18n, short_description).to_string()
                                    value=own.short_description.clone() max=MAX_SHORT_DESCRIPTION disabled=read_only multiline=true rows=2
                                    help=hint_short server_error=err("short_description")/>
                                <div class="markdown-editor">
                                    <Field name="long_description" label=move || t_string!(i18n, long_description).to_string()
                                        help=move || t_string!(i18n, markdown_help).to_string()
                                        value=own.long_description.clone() max=MAX_LONG_DESCRIPTION disabled=read_only multiline=true rows=10
                                        on_edit=set_markdown server_error=err("long_description")/>
                                    <div class="markdown-preview" aria-live="polite">
                                        <p class="preview-label">{t!(i18n, preview)}</p>
                                        <Transition fallback=|| ()>
                                            {move || preview.get().and_then(|r| r.ok()).map(|html| view! { <div class="prose" inner_html=html></div> })}
                                        </Transition>
                                    </div>
                                </div>
                                <fieldset class="fieldset">
                                    <legend>{t!(i18n, feature_bullets)}</legend>
                                    {bullets.into_iter().enumerate().map(|(i, b)| {
                                        let n = i + 1;
                                        view! {
                                            <div class="bullet-pair">
                                                <Field name=format!("bullet{n}_title") label=move || format!("{} {n}", t_string!(i18n, bullet_title))
                                                    value=b.title max=MAX_BULLET_TITLE disabled=read_only
                                                    server_error=server_error_for(result, format!("bullets.{i}.title"))/>
                                                <Field name=format!("bullet{n}_text") label=move || format!("{} {n}", t_string!(i18n, bullet_text))
                                                    value=b.text max=MAX_BULLET_TEXT disabled=read_only multiline=true rows=2
                                                    server_error=server_error_for(result, format!("bullets.{i}.text"))/>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <SaveStatus result=result/>
                                <button type="submit" class="btn btn-primary" disabled=read_only>{t!(i18n, save)}</button>
                            </ActionForm>
                            {removable.then(|| view! {
                                <Confirm label=t_string!(i18n, remove_language) warning=t_string!(i18n, remove_language_warning) class="btn btn-ghost">
                                    <ActionForm action=remove attr:class="inline-form">
                                        <input type="hidden" name="id" value=id.clone()/>
                                        <input type="hidden" name="version" value=version_now/>
                                        <input type="hidden" name="language" value=lang_remove.clone()/>
                                        <button type="submit" class="btn btn-danger btn-small">{t!(i18n, remove_language_confirm)}</button>
                                    </ActionForm>
                                </Confirm>
                            })}
                        </section>
                    }
                    .into_any()
                }}
            }
        })
    }
}

/// Under a translated field: the English text the catalog shows while this one is empty.
fn english_hint(lang: &str, english: &str) -> Signal<String> {
    let hint = if lang == "en" || english.is_empty() {
        String::new()
    } else {
        format!("English: {english}")
    };
    Signal::stored(hint)
}

fn announcement_missing(doc: &OfferingDocument) -> Vec<&'static str> {
    let a = &doc.announcement;
    [
        ("text", a.text.trim().is_empty()),
        ("date", a.date.is_empty()),
    ]
    .into_iter()
    .filter_map(|(field, empty)| empty.then_some(field))
    .collect()
}

fn announcement_percent(doc: &OfferingDocument) -> u8 {
    rules::percent(announcement_missing(doc).len(), 2)
}

#[component]
pub fn AnnouncementTab() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(FieldPrefix("announcement".into()));
    let save = ServerAction::<SaveAnnouncement>::new();
    let result = Signal::derive(move || save.value().get());
    reload_on_success(save, expect_context::<OfferingContext>());
    with_offering(move |o, _| {
        let version = version_signal(save, o.version);
        let a = o.document.announcement.clone();
        let read_only = !o.can_edit;
        view! {
            <section class="card">
                <h2>{t!(i18n, tab_announcement)}</h2>
                <p class="help">{t!(i18n, announcement_intro)}</p>
                <ActionForm action=save attr:class="form">
                    <input type="hidden" name="id" value=o.id.clone()/>
                    <input type="hidden" name="version" value=move || version.get()/>
                    <Field name="text" label=move || t_string!(i18n, announcement_text).to_string()
                        value=a.text.clone() max=rules::MAX_ANNOUNCEMENT multiline=true rows=4 disabled=read_only
                        server_error=server_error_for(result, "text")/>
                    <Field name="date" input_type="date" label=move || t_string!(i18n, announcement_date).to_string()
                        value=a.date.clone() disabled=read_only
                        check=|v: &str| {
                            let probe = rules::Announcement { text: String::new(), date: v.to_owned() };
                            probe.problems().into_iter().next().map(|p| p.problem)
                        }
                        server_error=server_error_for(result, "date")/>
                    <SaveStatus result=result path={<SaveAnnouncement as leptos::server_fn::ServerFn>::PATH}/>
                    <button type="submit" class="btn btn-primary" disabled=read_only>{t!(i18n, save)}</button>
                </ActionForm>
            </section>
        }
    })
}
