//! The catalog as readers see it: search, and one offering's catalog page, in a language.

use super::{Api, ApiError, Query};
use app::catalog::server::{CatalogOffering, CatalogPage};
use app::catalog::service;
use axum::extract::Path;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find in names and display names (any language), tags and category, each a
    /// prefix, all required, best match first; empty: everything, by name.
    #[serde(default)]
    pub q: String,
    /// A catalog category; empty: every category.
    #[serde(default)]
    pub category: String,
    /// The reader's language (`en`, `de`, …); texts fall back to English.
    #[serde(default = "english")]
    pub language: String,
    /// Page number from 0 (24 cards a page).
    #[serde(default)]
    pub page: u32,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LanguageParams {
    /// The reader's language (`en`, `de`, …); texts fall back to English.
    #[serde(default = "english")]
    pub language: String,
}

fn english() -> String {
    "en".into()
}

/// Searches the offerings the caller may see: public ones, and limited ones of their
/// organisations or where they are a test account.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog", params(SearchParams),
    responses((status = 200, body = CatalogPage), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn search(
    api: Api,
    Query(p): Query<SearchParams>,
) -> Result<Json<CatalogPage>, ApiError> {
    let page =
        service::search(&api.cx(), &p.q, &p.category, &p.language, i64::from(p.page)).await?;
    Ok(Json(page))
}

/// An offering's catalog page: its live texts, links, regions and plans with prices. One the
/// caller may not see is 404, as one that does not exist.
#[utoipa::path(get, path = "/api/v1/catalog/{id}", tag = "catalog",
    params(("id" = String, Path), LanguageParams),
    responses((status = 200, body = CatalogOffering), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn offering(
    api: Api,
    Path(id): Path<String>,
    Query(p): Query<LanguageParams>,
) -> Result<Json<CatalogOffering>, ApiError> {
    Ok(Json(service::offering(&api.cx(), &id, &p.language).await?))
}
