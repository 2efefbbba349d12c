//! The catalog list with its search, and an offering's catalog page.

use super::server::{
    load_catalog_offering, search_catalog, CatalogCard, CatalogOffering, CatalogPage,
};
use crate::components::layout::PageHeader;
use crate::components::status::{loaded, EmptyState};
use crate::components::words::pricing_type_label as kind_label;
use crate::domain::offering::CATEGORIES;
use crate::domain::price_schedule::{date_text, parse_date};
use crate::domain::pricing::{Pricing, PricingModel};
use crate::domain::visibility::Visibility;
use crate::format;
use crate::i18n::*;
use crate::plans::estimator::Estimator;
use crate::support::pages::GetSupport;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn state_tag(i18n: leptos_i18n::I18nContext<Locale>, v: Visibility) -> Option<AnyView> {
    match v {
        Visibility::Limited | Visibility::InReview => {
            Some(view! { <span class="tag tag-warn" data-testid="limited">{t!(i18n, catalog_limited)}</span> }.into_any())
        }
        Visibility::Deprecated => Some(view! { <span class="tag">{t!(i18n, catalog_deprecated)}</span> }.into_any()),
        _ => None,
    }
}

#[component]
pub fn CatalogListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let category = move || query.read().get("category").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let results = Resource::new(
        move || {
            (
                q(),
                category(),
                i18n.get_locale().as_str().to_owned(),
                page(),
            )
        },
        |(q, category, language, page)| search_catalog(q, category, language, page),
    );
    view! {
        <PageHeader title=move || t_string!(i18n, catalog_title).to_string()/>
        <form method="get" action="/catalog" class="filter-bar" role="search">
            <div class="field">
                <label for="catalog-q">{t!(i18n, catalog_search)}</label>
                <input id="catalog-q" name="q" type="search" value=q/>
            </div>
            <div class="field">
                <label for="catalog-category">{t!(i18n, category)}</label>
                <select id="catalog-category" name="category">
                    <option value="">{t!(i18n, all_categories)}</option>
                    {move || CATEGORIES.iter().map(|c| view! { <option value=*c selected=category() == *c>{crate::components::words::category_label(i18n, c)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-secondary">{t!(i18n, filter)}</button>
        </form>
        {loaded(results, move |page_data: CatalogPage| {
            if page_data.cards.is_empty() {
                return view! {
                    <EmptyState title=move || t_string!(i18n, catalog_empty).to_string()>
                        <p>{t!(i18n, catalog_empty_text)}</p>
                    </EmptyState>
                }
                .into_any();
            }
            let next = page() + 1;
            let more = page_data.more.then(|| {
                let href = format!("/catalog?q={}&category={}&page={next}", urlencoding::encode(&q()), urlencoding::encode(&category()));
                view! { <p><a class="btn btn-secondary" href=href>{t!(i18n, more_results)}</a></p> }
            });
            view! {
                <ul class="catalog-grid">
                    {page_data.cards.into_iter().map(|c: CatalogCard| view! {
                        <li class="card catalog-card" data-offering=c.name.clone()>
                            <div class="catalog-card-head">
                                {c.icon_url.clone().map(|src| view! { <img class="offering-icon" src=src alt="" width="40" height="40" loading="lazy"/> })}
                                <h2 lang=c.display_name_lang.clone()><a href=format!("/catalog/{}", c.id)>{c.display_name.clone()}</a></h2>
                            </div>
                            <p class="muted">{c.provider.clone()} {(!c.category.is_empty()).then(|| format!(" · {}", crate::components::words::category_label(i18n, &c.category)))}</p>
                            <p lang=c.short_description_lang.clone()>{c.short_description.clone()}</p>
                            <p class="tags">
                                {state_tag(i18n, c.visibility)}
                                {c.fell_back.then(|| view! { <span class="tag">{t!(i18n, falls_back_to_english)}</span> })}
                                {c.tags.iter().map(|t| view! { <span class="tag tag-subtle">{t.clone()}</span> }).collect_view()}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
                {more}
            }
            .into_any()
        })}
    }
}

/// The price table of a metered plan: per metric, tiers by currency.
#[component]
fn PriceTables(pricing: Pricing) -> impl IntoView {
    let i18n = use_i18n();
    let currencies = pricing.currencies();
    let locale = i18n.get_locale_untracked();
    view! {
        {(!pricing.monthly_fee.is_empty()).then(|| view! {
            <p><strong>{t!(i18n, monthly_fee)}</strong> ": "
                {pricing.monthly_fee.iter().map(|(c, a)| format::amount(locale, *a, *c)).collect::<Vec<_>>().join(" · ")}</p>
        })}
        {pricing.metrics.clone().into_iter().map(|m| {
            let currencies = currencies.clone();
            let unit = m.unit_names.get("en").cloned().unwrap_or_default();
            let per = if m.unit_quantity == rust_decimal::Decimal::ONE { unit.clone() } else { format!("{} {unit}", format::quantity(locale, m.unit_quantity)) };
            let model = match m.model {
                PricingModel::Linear => t_string!(i18n, model_linear),
                PricingModel::Graduated => t_string!(i18n, model_graduated),
                PricingModel::Volume => t_string!(i18n, model_volume),
                PricingModel::Block => t_string!(i18n, model_block),
            };
            let mut from = rust_decimal::Decimal::ZERO;
            let label = format!("{} · {model} · {} {per}", m.id, t_string!(i18n, price_per));
            view! {
                <crate::components::layout::ScrollRegion label=label>
                    <table class="data-table price-table" data-metric=m.id.clone()>
                        <caption><code>{m.id.clone()}</code> " · " {model} " · " {t!(i18n, price_per)} " " {per}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, tier)}</th>
                                {currencies.iter().map(|c| view! { <th scope="col" class="num">{c.code()}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {m.tiers.iter().map(|t| {
                                let range = match t.up_to {
                                    Some(up) => format!("{}–{}", format::quantity(locale, from), format::quantity(locale, up)),
                                    None => format!("> {}", format::quantity(locale, from)),
                                };
                                if let Some(up) = t.up_to { from = up; }
                                view! {
                                    <tr>
                                        <th scope="row">{range}</th>
                                        {currencies.iter().map(|c| {
                                            let cell = t.prices.get(c).map(|p| {
                                                let fee = p.flat_fee.map(|f| format!(" + {}", format::figure(locale, f, *c))).unwrap_or_default();
                                                format!("{}{fee}", format::unit_figure(locale, p.unit_price, *c))
                                            }).unwrap_or_default();
                                            view! { <td class="num">{cell}</td> }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </crate::components::layout::ScrollRegion>
            }
        }).collect_view()}
    }
}

#[component]
pub fn CatalogOfferingPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let offering = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                i18n.get_locale().as_str().to_owned(),
            )
        },
        |(id, language)| load_catalog_offering(id, language),
    );
    loaded(offering, move |o: CatalogOffering| {
        let language = i18n.get_locale().as_str().to_owned();
        view! {
            <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs).to_string()>
                <a href="/catalog">{t!(i18n, nav_catalog)}</a>
                <span aria-hidden="true">" / "</span>
                <span lang=o.card.display_name_lang.clone()>{o.card.display_name.clone()}</span>
            </nav>
            <div class="catalog-title">
                {o.card.icon_url.clone().map(|src| view! { <img class="offering-icon" src=src alt="" width="64" height="64" data-testid="catalog-icon"/> })}
                <PageHeader title=o.card.display_name.clone()/>
            </div>
            <p class="lead"><span lang=o.card.short_description_lang.clone()>{o.card.short_description.clone()}</span> " " {state_tag(i18n, o.card.visibility)}</p>
            <div class="two-columns">
                <section class="card">
                    <div class="prose" lang=o.long_description_lang.clone() inner_html=o.long_description_html.clone()></div>
                    {(!o.bullets.is_empty()).then(|| view! {
                        <ul class="feature-bullets" lang=o.bullets_lang.clone()>
                            {o.bullets.iter().map(|b| view! { <li><strong>{b.title.clone()}</strong> " " {b.text.clone()}</li> }).collect_view()}
                        </ul>
                    })}
                </section>
                <section class="card">
                    <dl class="snapshot">
                        <dt>{t!(i18n, provider_display_name)}</dt><dd>{o.card.provider.clone()}</dd>
                        <dt>{t!(i18n, regions)}</dt><dd>{o.regions.join(", ")}</dd>
                        <dt>{t!(i18n, documentation_url)}</dt><dd><a href=o.documentation_url.clone() rel="noopener noreferrer">{o.documentation_url.clone()}</a></dd>
                        <dt>{t!(i18n, terms_url)}</dt><dd><a href=o.terms_url.clone() rel="noopener noreferrer">{o.terms_url.clone()}</a></dd>
                    </dl>
                </section>
            </div>
            <GetSupport support=o.support.clone()/>
            <h2 class="section-title">{t!(i18n, tab_plans)}</h2>
            {o.plans.iter().map(|p| {
                let today = parse_date(&o.today).unwrap_or(time::Date::MIN);
                let pricing = p.prices_on(today).clone();
                let next = p.next_change(today).cloned();
                let metered = !pricing.metrics.is_empty();
                let text = p.texts.get(&language).or_else(|| p.texts.get("en")).cloned().unwrap_or_default();
                let text_lang = (language != "en" && !p.texts.contains_key(&language)).then_some("en");
                view! {
                    <section class="card catalog-plan" data-plan=p.name.clone()>
                        <div class="card-header">
                            <h3>{p.display_name(&language)}</h3>
                            <span class="tag">{kind_label(i18n, p.kind())}</span>
                        </div>
                        <p lang=text_lang>{text.description.clone()}</p>
                        {(!text.limits.is_empty()).then(|| view! { <p class="muted" lang=text_lang>{text.limits.clone()}</p> })}
                        {(!text.bullets.is_empty()).then(|| view! { <ul lang=text_lang>{text.bullets.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul> })}
                        <PriceTables pricing=pricing.clone()/>
                        {next.map(|c| {
                            let day = format::date(i18n.get_locale_untracked(), &date_text(c.effective));
                            view! {
                                <section class="price-next" data-testid="next-prices">
                                    <h4>{t!(i18n, prices_from, date = move || day.clone())}</h4>
                                    <PriceTables pricing=c.pricing/>
                                </section>
                            }
                        })}
                        {metered.then(|| {
                            let pricing = Signal::derive(move || Some(pricing.clone()));
                            view! { <Estimator pricing scope=p.name.clone()/> }
                        })}
                    </section>
                }
            }).collect_view()}
        }
    })
}
