//! Server functions for offerings. Each starts from `offering_for` (`offerings/access.rs`):
//! non-members get 404 (the offering is invisible), viewers get 403 on writes; both audited.
// Form posts carry one argument per field, so the save functions take many arguments.
#![allow(clippy::too_many_arguments)]

use crate::domain::access::Membership;
#[cfg(feature = "ssr")]
use crate::domain::access::OrgRole;
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    /// Pass as `before` to get the next (older) page.
    pub next: Option<i64>,
}

#[cfg(feature = "ssr")]
pub(crate) use crate::offerings::access::offering_for;
#[cfg(feature = "ssr")]
pub(crate) use saving::save_section;

#[cfg(feature = "ssr")]
mod saving {
    use super::*;
    use crate::audit::{self, AuditEntry};
    use crate::offerings::db;

    /// The audit `before`/`after` objects for a list of changed fields.
    pub fn audit_objects(changes: &[FieldChange]) -> (serde_json::Value, serde_json::Value) {
        let before = changes
            .iter()
            .map(|c| (c.field.clone(), c.before.clone().into()))
            .collect();
        let after = changes
            .iter()
            .map(|c| (c.field.clone(), c.after.clone().into()))
            .collect();
        (
            serde_json::Value::Object(before),
            serde_json::Value::Object(after),
        )
    }

    /// Applies `edit` to the document if `version` is current; refuses a stale save with what
    /// changed. The version check, the new version and its audit row share one write
    /// transaction: a concurrent save waits for it and then finds itself stale.
    pub async fn save_section(
        cx: &crate::context::Ctx,
        id: &str,
        version: i64,
        section: &str,
        edit: impl FnOnce(&mut OfferingDocument),
    ) -> Result<i64, AppError> {
        let (principal, _) = offering_for(cx, id, OrgRole::Editor).await?;
        let mut tx = crate::store::write(cx.pool()).await?;
        let row = db::find(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
        if row.version != version {
            let base = db::document_at(&mut *tx, id, version).await?;
            let changes =
                crate::domain::offering::field_changes(&base.unwrap_or_default(), &row.document)
                    .into_iter()
                    .filter(|c| c.field.starts_with(section))
                    .collect();
            return Err(AppError::Stale {
                version: row.version,
                changes,
            });
        }
        let mut next = row.document.clone();
        edit(&mut next);
        let changes = crate::domain::offering::field_changes(&row.document, &next);
        if changes.is_empty() {
            return Ok(row.version);
        }
        let new_version = db::save_document(&mut tx, id, version, &next, &principal.user_id)
            .await?
            .ok_or(AppError::Internal)?;
        let (before, after) = audit_objects(&changes);
        audit::record(
            &mut *tx,
            AuditEntry {
                actor_id: Some(&principal.user_id),
                action: "offering.update",
                subject_type: "offering",
                subject_id: Some(id),
                before: Some(before),
                after: Some(after),
                detail: section,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(new_version)
    }
}

/// A problem with the offering's programmatic name, as a field error on `name`.
#[cfg(feature = "ssr")]
fn name_error(problem: crate::domain::offering::Problem) -> AppError {
    AppError::Invalid(vec![crate::domain::offering::FieldProblem {
        field: "name".into(),
        problem,
    }
    .into()])
}

/// The trimmed name, if it follows the platform pattern.
#[cfg(feature = "ssr")]
fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    crate::domain::offering::validate_name(name).map_err(name_error)?;
    Ok(name.to_owned())
}

/// A unique-name violation becomes a field error on `name`; anything else passes through.
#[cfg(feature = "ssr")]
fn name_taken(e: sqlx::Error) -> AppError {
    match AppError::from(e) {
        AppError::Conflict(_) => name_error(crate::domain::offering::Problem::NameTaken),
        other => other,
    }
}

/// Inserts a new draft and audits its creation.
#[cfg(feature = "ssr")]
async fn create_draft(
    cx: &crate::context::Ctx,
    organisation_id: &str,
    name: &str,
    document: &OfferingDocument,
    user_id: &str,
    after: serde_json::Value,
    detail: &str,
) -> Result<String, AppError> {
    use crate::audit::{self, AuditEntry};
    let mut tx = crate::store::write(cx.pool()).await?;
    let id = super::db::insert(&mut tx, organisation_id, name, document, user_id)
        .await
        .map_err(name_taken)?;
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(user_id),
            action: "offering.create",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: Some(after),
            detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(feature = "ssr")]
fn invalid(problems: Vec<crate::domain::offering::FieldProblem>) -> Result<(), AppError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(
            problems.into_iter().map(Into::into).collect(),
        ))
    }
}

#[server]
pub async fn load_dashboard() -> Result<DashboardData, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    use crate::domain::offering::overall_completion;
    let principal = cx.require(Need::SignedIn).await?;
    let pool = cx.pool().clone();
    let offerings = super::db::list_for_member(&pool, &principal.user_id)
        .await?
        .into_iter()
        .map(|row| OfferingSummary {
            completion: overall_completion(&row.document),
            display_name: row.document.text_with_fallback("en").0.display_name,
            id: row.id,
            name: row.name,
            organisation_name: row.organisation_name,
            visibility: row.visibility,
            updated_at: row.updated_at,
        })
        .collect();
    Ok(DashboardData {
        offerings,
        memberships: principal.memberships,
    })
}

#[server]
pub async fn create_offering(organisation_id: String, name: String) -> Result<String, AppError> {
    let cx = crate::context::Ctx::capture()?;

    use crate::domain::access::Need;
    let name = checked_name(&name)?;
    let principal = cx
        .require(Need::OrgRole {
            organisation_id: organisation_id.clone(),
            at_least: OrgRole::Editor,
        })
        .await?;
    let id = create_draft(
        &cx,
        &organisation_id,
        &name,
        &OfferingDocument::default(),
        &principal.user_id,
        serde_json::json!({ "name": name, "organisation_id": organisation_id }),
        "",
    )
    .await?;
    leptos_axum::redirect(&format!("/offerings/{id}"));
    Ok(id)
}

#[server]
pub async fn load_offering(id: String) -> Result<OfferingView, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Viewer).await?;
    let can_edit = principal
        .role_in(&row.organisation_id)
        .is_some_and(|r| r >= OrgRole::Editor);
    let pool = cx.pool().clone();
    let icon_stamp = super::db::icon_stamp(&pool, &id).await?;
    let open_comments = crate::review::db::open_field_comments(&pool, &id).await?;
    let facts = crate::review::server::facts_for(&pool, &row, &row.document).await?;
    Ok(OfferingView {
        icon_stamp,
        open_comments,
        checklist: crate::domain::checklist::checklist(&facts),
        id: row.id,
        name: row.name,
        organisation_name: row.organisation_name,
        visibility: row.visibility,
        version: row.version,
        document: row.document,
        can_edit,
    })
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
    support: String,
    bindable: Option<String>,
    plan_updateable: Option<String>,
    instances_retrievable: Option<String>,
    bindings_retrievable: Option<String>,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::domain::offering::split_list;
    let basics = Basics {
        provider_display_name: provider_display_name.trim().to_owned(),
        category: category.trim().to_owned(),
        tags: split_list(&tags),
        regions: split_list(&regions),
        documentation_url: documentation_url.trim().to_owned(),
        terms_url: terms_url.trim().to_owned(),
        support: support.trim().to_owned(),
        bindable: bindable.is_some(),
        plan_updateable: plan_updateable.is_some(),
        instances_retrievable: instances_retrievable.is_some(),
        bindings_retrievable: bindings_retrievable.is_some(),
    };
    invalid(basics.problems())?;
    saving::save_section(&cx, &id, version, "basics", move |doc| doc.basics = basics).await
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
    use crate::domain::offering::CONTENT_LANGUAGES;
    if !CONTENT_LANGUAGES.iter().any(|(tag, _)| *tag == language) {
        return Err(AppError::invalid(
            "language",
            "Choose one of the listed languages.",
        ));
    }
    let bullets = [
        (bullet1_title, bullet1_text),
        (bullet2_title, bullet2_text),
        (bullet3_title, bullet3_text),
        (bullet4_title, bullet4_text),
        (bullet5_title, bullet5_text),
    ]
    .into_iter()
    .map(|(title, text)| Bullet {
        title: title.trim().to_owned(),
        text: text.trim().to_owned(),
    })
    .filter(|b| !(b.title.is_empty() && b.text.is_empty()))
    .collect();
    let text = CatalogText {
        display_name: display_name.trim().to_owned(),
        short_description: short_description.trim().to_owned(),
        long_description: long_description.trim_end().to_owned(),
        bullets,
    };
    invalid(text.problems())?;
    let section = format!("texts.{language}");
    saving::save_section(&cx, &id, version, &section, move |doc| {
        doc.texts.insert(language, text);
    })
    .await
}

#[server]
pub async fn save_announcement(
    id: String,
    version: i64,
    text: String,
    date: String,
) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let announcement = Announcement {
        text: text.trim().to_owned(),
        date: date.trim().to_owned(),
    };
    invalid(announcement.problems())?;
    saving::save_section(&cx, &id, version, "announcement", move |doc| {
        doc.announcement = announcement
    })
    .await
}

/// Copies an offering (document and icon) into a new draft of the same organisation.
#[server]
pub async fn duplicate_offering(id: String, name: String) -> Result<String, AppError> {
    let cx = crate::context::Ctx::capture()?;
    let name = checked_name(&name)?;
    let (principal, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    let new_id = create_draft(
        &cx,
        &row.organisation_id,
        &name,
        &row.document,
        &principal.user_id,
        serde_json::json!({ "name": name, "duplicated_from": row.name }),
        "duplicate",
    )
    .await?;
    let pool = cx.pool().clone();
    if let Some(icon) = super::db::icon(&pool, &id).await? {
        super::db::set_icon(&pool, &new_id, &icon.content_type, &icon.bytes).await?;
    }
    leptos_axum::redirect(&format!("/offerings/{new_id}"));
    Ok(new_id)
}

#[server]
pub async fn remove_language(id: String, version: i64, language: String) -> Result<i64, AppError> {
    let cx = crate::context::Ctx::capture()?;
    if language == "en" {
        return Err(AppError::invalid(
            "language",
            "English is required and cannot be removed.",
        ));
    }
    let section = format!("texts.{language}");
    let saved = saving::save_section(&cx, &id, version, &section, move |doc| {
        doc.texts.remove(&language);
    })
    .await?;
    leptos_axum::redirect(&format!("/offerings/{id}"));
    Ok(saved)
}

#[server]
pub async fn delete_offering(id: String) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::audit::{self, AuditEntry};
    let (principal, row) = offering_for(&cx, &id, OrgRole::Editor).await?;
    if !row.visibility.may_delete() {
        return Err(AppError::Conflict(
            "Only drafts can be deleted. Offerings that were ever visible stay on record.".into(),
        ));
    }
    let pool = cx.pool().clone();
    if !super::db::delete_draft(&pool, &id).await? {
        return Err(AppError::Conflict(
            "This offering is no longer a draft.".into(),
        ));
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "offering.delete",
            subject_type: "offering",
            subject_id: Some(&id),
            before: Some(serde_json::json!({ "name": row.name, "document": row.document })),
            after: None,
            detail: "",
        },
    )
    .await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

pub const HISTORY_PAGE_SIZE: i64 = 20;

#[server]
pub async fn offering_history(id: String, before: Option<i64>) -> Result<HistoryPage, AppError> {
    let cx = crate::context::Ctx::capture()?;
    offering_for(&cx, &id, OrgRole::Viewer).await?;
    let pool = cx.pool().clone();
    let rows = super::db::history(
        &pool,
        &id,
        before.unwrap_or(i64::MAX),
        HISTORY_PAGE_SIZE + 1,
    )
    .await?;
    let more = rows.len() as i64 > HISTORY_PAGE_SIZE;
    let entries: Vec<HistoryEntry> = rows
        .into_iter()
        .take(HISTORY_PAGE_SIZE as usize)
        .map(|r| {
            let parse = |j: &Option<String>| {
                j.as_deref()
                    .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
                    .unwrap_or_default()
            };
            let (before, after) = (parse(&r.before_json), parse(&r.after_json));
            HistoryEntry {
                id: r.id,
                at: r.at,
                actor: r.actor.unwrap_or_else(|| "—".into()),
                action: r.action,
                changes: crate::domain::offering::field_changes(&before, &after),
            }
        })
        .collect();
    let next = if more {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(HistoryPage { entries, next })
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
