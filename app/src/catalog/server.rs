//! Server functions of the catalog.

use crate::domain::offering::Bullet;
use crate::domain::plan::Plan;
use crate::domain::visibility::Visibility;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A card of the catalog list, already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CatalogCard {
    pub id: String,
    pub name: String,
    pub display_name: String,
    /// `en` when the display name is shown in English for want of the reader's language.
    pub display_name_lang: Option<String>,
    pub short_description: String,
    /// `en` when the short description is shown in English for want of the reader's language.
    pub short_description_lang: Option<String>,
    pub category: String,
    pub tags: Vec<String>,
    pub provider: String,
    pub visibility: Visibility,
    /// Some text is shown in English because the reader's language has none.
    pub fell_back: bool,
    /// The icon's public address (`/icons/{id}?v=…`, changing with the icon), if it has one.
    pub icon_url: Option<String>,
}

pub const PAGE_SIZE: i64 = 24;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CatalogPage {
    pub cards: Vec<CatalogCard>,
    pub more: bool,
}

#[server]
pub async fn search_catalog(
    q: String,
    category: String,
    language: String,
    page: i64,
) -> Result<CatalogPage, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::search(&cx, &q, &category, &language, page).await
}

/// An offering's catalog page, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CatalogOffering {
    pub card: CatalogCard,
    /// Sanitised HTML of the long description.
    pub long_description_html: String,
    /// `en` when the long description is shown in English for want of the reader's language.
    pub long_description_lang: Option<String>,
    pub bullets: Vec<Bullet>,
    /// `en` when the bullets are shown in English for want of the reader's language.
    pub bullets_lang: Option<String>,
    pub documentation_url: String,
    pub terms_url: String,
    /// The provider's support model ("Get support"); never a secret, all of it is public.
    pub support: crate::domain::support::SupportModel,
    pub regions: Vec<String>,
    pub plans: Vec<Plan>,
    /// The server's UTC date (`YYYY-MM-DD`): which of each plan's price versions is in force.
    pub today: String,
}

#[server]
pub async fn load_catalog_offering(
    id: String,
    language: String,
) -> Result<CatalogOffering, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::offering(&cx, &id, &language).await
}
