//! Server functions of the catalog.

use crate::domain::offering::Bullet;
use crate::domain::plan::Plan;
use crate::domain::visibility::Visibility;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A card of the catalog list, already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogCard {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub short_description: String,
    pub category: String,
    pub tags: Vec<String>,
    pub provider: String,
    pub visibility: Visibility,
    /// Some text is shown in English because the reader's language has none.
    pub fell_back: bool,
}

pub const PAGE_SIZE: i64 = 24;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub cards: Vec<CatalogCard>,
    pub more: bool,
}

#[cfg(feature = "ssr")]
fn card(row: super::db::CatalogRow, language: &str) -> CatalogCard {
    let doc: crate::domain::offering::OfferingDocument =
        serde_json::from_str(&row.document).unwrap_or_default();
    let (text, fell_back) = doc.text_with_fallback(language);
    CatalogCard {
        display_name: if text.display_name.is_empty() {
            row.name.clone()
        } else {
            text.display_name
        },
        short_description: text.short_description,
        category: doc.basics.category.clone(),
        tags: doc.basics.tags.clone(),
        provider: if doc.basics.provider_display_name.is_empty() {
            row.organisation_name
        } else {
            doc.basics.provider_display_name.clone()
        },
        visibility: row.visibility.parse().unwrap_or(Visibility::Public),
        id: row.id,
        name: row.name,
        fell_back: fell_back && language != "en",
    }
}

#[server]
pub async fn search_catalog(
    q: String,
    category: String,
    language: String,
    page: i64,
) -> Result<CatalogPage, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    let me = cx.require(Need::SignedIn).await?;
    let pool = cx.pool().clone();
    let q = q.trim().to_lowercase();
    let page = page.max(0);
    let mut rows = super::db::search(
        &pool,
        &me.user_id,
        &me.email,
        &q,
        category.trim(),
        PAGE_SIZE + 1,
        page * PAGE_SIZE,
    )
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok(CatalogPage {
        cards: rows.into_iter().map(|r| card(r, &language)).collect(),
        more,
    })
}

/// An offering's catalog page, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogOffering {
    pub card: CatalogCard,
    /// Sanitised HTML of the long description.
    pub long_description_html: String,
    pub bullets: Vec<Bullet>,
    pub documentation_url: String,
    pub terms_url: String,
    pub support: String,
    pub regions: Vec<String>,
    pub plans: Vec<Plan>,
}

#[server]
pub async fn load_catalog_offering(
    id: String,
    language: String,
) -> Result<CatalogOffering, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    use crate::domain::catalog::{visible_in_catalog, Viewer};
    let me = cx.require(Need::SignedIn).await?;
    let pool = cx.pool().clone();
    let row = crate::offerings::db::find(&pool, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let test_account = crate::review::db::test_accounts(&pool, &id)
        .await?
        .iter()
        .any(|a| a.email.eq_ignore_ascii_case(&me.email));
    let viewer = Viewer {
        member: me.role_in(&row.organisation_id).is_some(),
        test_account,
    };
    if !visible_in_catalog(row.visibility, viewer) {
        return Err(AppError::NotFound);
    }
    let doc = row.live.clone().unwrap_or_else(|| row.document.clone());
    let (text, _) = doc.text_with_fallback(&language);
    let catalog_row = super::db::CatalogRow {
        id: row.id.clone(),
        name: row.name.clone(),
        visibility: row.visibility.as_str().to_owned(),
        document: serde_json::to_string(&doc).unwrap_or_default(),
        organisation_name: row.organisation_name.clone(),
    };
    Ok(CatalogOffering {
        card: card(catalog_row, &language),
        long_description_html: crate::offerings::markdown::render_safe(&text.long_description),
        bullets: text.bullets.clone(),
        documentation_url: doc.basics.documentation_url.clone(),
        terms_url: doc.basics.terms_url.clone(),
        support: doc.basics.support.clone(),
        regions: doc.basics.regions.clone(),
        plans: doc.plans.clone(),
    })
}
