//! Server functions for offerings. Each starts from `offering_for` (`offerings/access.rs`):
//! non-members get 404 (the offering is invisible), viewers get 403 on writes; both audited.
// Form posts carry one argument per field, so the save functions take many arguments.
#![allow(clippy::too_many_arguments)]

use crate::domain::access::Membership;
#[cfg(feature = "ssr")]
use crate::domain::offering::{Announcement, Basics, Bullet, CatalogText};
use crate::domain::offering::{FieldChange, OfferingDocument};
use crate::domain::visibility::Visibility;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the dashboard table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferingSummary {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub organisation_name: String,
    pub visibility: Visibility,
    pub completion: u8,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    pub offerings: Vec<OfferingSummary>,
    pub memberships: Vec<Membership>,
}

/// An offering as its editor pages see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferingView {
    pub id: String,
    pub name: String,
    pub organisation_name: String,
    pub visibility: Visibility,
    pub version: i64,
    pub document: OfferingDocument,
    pub can_edit: bool,
    /// When the icon last changed, if there is one.
    pub icon_stamp: Option<String>,
    /// Reviewers' per-field comments not yet resolved, shown beside their fields.
    pub open_comments: Vec<crate::review::server::Comment>,
    /// The release checklist as it stands (the pre-submission check above every tab).
    pub checklist: Vec<crate::domain::checklist::Line>,
    /// The server's UTC date (`YYYY-MM-DD`): which price versions are in force.
    pub today: String,
    /// Released once (an approved version exists): price changes follow the notice rule.
    pub released: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    /// Pass as `before` to get the next (older) page.
    pub next: Option<i64>,
}

#[cfg(feature = "ssr")]
pub(crate) use super::service::offering_for;

#[server]
pub async fn load_dashboard() -> Result<DashboardData, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::dashboard(&cx).await
}

#[server]
pub async fn create_offering(organisation_id: String, name: String) -> Result<String, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let id = super::service::create(&cx, &organisation_id, &name).await?;
    leptos_axum::redirect(&format!("/offerings/{id}"));
    Ok(id)
}

#[server]
pub async fn load_offering(id: String) -> Result<OfferingView, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::load(&cx, &id).await
}

/// A checkbox of a posted form: present when ticked.
#[cfg(feature = "ssr")]
fn ticked(field: Option<String>) -> bool {
    field.is_some()
}

#[server]
pub async fn save_basics(
    id: String,
    version: i64,
    provider_display_name: String,
    category: String,
    tags: String,
    regions: String,
    documentation_url: String,
    terms_url: String,
    bindable: Option<String>,
    plan_updateable: Option<String>,
    instances_retrievable: Option<String>,
    bindings_retrievable: Option<String>,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::domain::offering::split_list;
    let basics = Basics {
        provider_display_name,
        category,
        tags: split_list(&tags),
        regions: split_list(&regions),
        documentation_url,
        terms_url,
        bindable: ticked(bindable),
        plan_updateable: ticked(plan_updateable),
        instances_retrievable: ticked(instances_retrievable),
        bindings_retrievable: ticked(bindings_retrievable),
    };
    super::service::save_basics(&cx, &id, version, basics).await
}

#[server]
pub async fn save_text(
    id: String,
    version: i64,
    language: String,
    display_name: String,
    short_description: String,
    long_description: String,
    bullet1_title: String,
    bullet1_text: String,
    bullet2_title: String,
    bullet2_text: String,
    bullet3_title: String,
    bullet3_text: String,
    bullet4_title: String,
    bullet4_text: String,
    bullet5_title: String,
    bullet5_text: String,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let bullets = [
        (bullet1_title, bullet1_text),
        (bullet2_title, bullet2_text),
        (bullet3_title, bullet3_text),
        (bullet4_title, bullet4_text),
        (bullet5_title, bullet5_text),
    ]
    .into_iter()
    .map(|(title, text)| Bullet { title, text })
    .collect();
    let text = CatalogText {
        display_name,
        short_description,
        long_description,
        bullets,
    };
    super::service::save_text(&cx, &id, version, &language, text).await
}

#[server]
pub async fn save_announcement(
    id: String,
    version: i64,
    text: String,
    date: String,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::save_announcement(&cx, &id, version, Announcement { text, date }).await
}

/// Copies an offering (document and icon) into a new draft of the same organisation.
#[server]
pub async fn duplicate_offering(id: String, name: String) -> Result<String, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let new_id = super::service::duplicate(&cx, &id, &name).await?;
    leptos_axum::redirect(&format!("/offerings/{new_id}"));
    Ok(new_id)
}

#[server]
pub async fn remove_language(id: String, version: i64, language: String) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let saved = super::service::remove_language(&cx, &id, version, &language).await?;
    leptos_axum::redirect(&format!("/offerings/{id}"));
    Ok(saved)
}

#[server]
pub async fn delete_offering(id: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::delete(&cx, &id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

pub const HISTORY_PAGE_SIZE: i64 = 20;

#[server]
pub async fn offering_history(id: String, before: Option<i64>) -> Result<HistoryPage, AppError> {
    let cx = crate::context::Ctx::capture()?;
    super::service::history(&cx, &id, before).await
}

/// The long description as the catalog will show it (sanitised HTML).
#[server]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    cx.require(Need::SignedIn).await?;
    if markdown.chars().count() > crate::domain::offering::MAX_LONG_DESCRIPTION {
        return Err(AppError::invalid(
            "long_description",
            "The text is too long to preview.",
        ));
    }
    Ok(super::markdown::render_safe(&markdown))
}
