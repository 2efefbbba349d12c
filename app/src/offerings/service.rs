//! The offering operations, for the pages' server functions and the REST API alike. Each takes
//! the request context and domain types and does, in order: the access check (`offering_for`:
//! non-members 404, viewers 403 on writes, refusals audited), the domain's validation, one
//! write transaction holding the change and its audit row.

use super::db;
use super::server::{DashboardData, HistoryEntry, HistoryPage, OfferingSummary, OfferingView};
use crate::audit::{self, AuditEntry};
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole};
use crate::domain::offering::{
    field_changes, Announcement, Basics, CatalogText, FieldChange, FieldProblem, OfferingDocument,
    Problem, CONTENT_LANGUAGES,
};
use crate::error::AppError;

pub(crate) use super::access::offering_for;

use super::server::HISTORY_PAGE_SIZE;

/// The audit `before`/`after` objects for a list of changed fields.
pub fn audit_objects(changes: &[FieldChange]) -> (serde_json::Value, serde_json::Value) {
    let side = |pick: fn(&FieldChange) -> &String| {
        serde_json::Value::Object(
            changes
                .iter()
                .map(|c| (c.field.clone(), pick(c).clone().into()))
                .collect(),
        )
    };
    (side(|c| &c.before), side(|c| &c.after))
}

/// Applies `edit` to the document if `version` is current; refuses a stale save with what
/// changed. The version check, the new version and its audit row share one write
/// transaction: a concurrent save waits for it and then finds itself stale.
pub async fn save_section(
    cx: &Ctx,
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
        let changes = field_changes(&base.unwrap_or_default(), &row.document)
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
    let changes = field_changes(&row.document, &next);
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

/// A problem with the offering's programmatic name, as a field error on `name`.
fn name_error(problem: Problem) -> AppError {
    AppError::Invalid(vec![FieldProblem {
        field: "name".into(),
        problem,
    }
    .into()])
}

/// The trimmed name, if it follows the platform pattern.
fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    crate::domain::offering::validate_name(name).map_err(name_error)?;
    Ok(name.to_owned())
}

/// A unique-name violation becomes a field error on `name`; anything else passes through.
fn name_taken(e: sqlx::Error) -> AppError {
    match AppError::from(e) {
        AppError::Conflict(_) => name_error(Problem::NameTaken),
        other => other,
    }
}

/// What a new draft starts from.
struct NewDraft<'a> {
    organisation_id: &'a str,
    name: &'a str,
    document: &'a OfferingDocument,
    icon: Option<&'a db::Icon>,
    after: serde_json::Value,
    detail: &'a str,
}

/// Inserts a new draft (and its icon) and audits its creation, in one transaction.
async fn create_draft(cx: &Ctx, user_id: &str, new: NewDraft<'_>) -> Result<String, AppError> {
    let mut tx = crate::store::write(cx.pool()).await?;
    let id = db::insert(
        &mut tx,
        new.organisation_id,
        new.name,
        new.document,
        user_id,
    )
    .await
    .map_err(name_taken)?;
    if let Some(icon) = new.icon {
        db::set_icon(&mut *tx, &id, &icon.content_type, &icon.bytes).await?;
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(user_id),
            action: "offering.create",
            subject_type: "offering",
            subject_id: Some(&id),
            before: None,
            after: Some(new.after),
            detail: new.detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The caller's offerings (every organisation they belong to) and their memberships.
pub async fn dashboard(cx: &Ctx) -> Result<DashboardData, AppError> {
    use crate::domain::offering::overall_completion;
    let principal = cx.require(Need::SignedIn).await?;
    let offerings = db::list_for_member(cx.pool(), &principal.user_id)
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

/// A new, empty draft in an organisation where the caller is at least an editor.
pub async fn create(cx: &Ctx, organisation_id: &str, name: &str) -> Result<String, AppError> {
    let name = checked_name(name)?;
    let principal = cx
        .require(Need::OrgRole {
            organisation_id: organisation_id.to_owned(),
            at_least: OrgRole::Editor,
        })
        .await?;
    let after = serde_json::json!({ "name": name, "organisation_id": organisation_id });
    let new = NewDraft {
        organisation_id,
        name: &name,
        document: &OfferingDocument::default(),
        icon: None,
        after,
        detail: "",
    };
    create_draft(cx, &principal.user_id, new).await
}

/// An offering as its editor shows it: the document, open comments and the checklist.
pub async fn load(cx: &Ctx, id: &str) -> Result<OfferingView, AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let can_edit = principal
        .role_in(&row.organisation_id)
        .is_some_and(|r| r >= OrgRole::Editor);
    let pool = cx.pool();
    let icon_stamp = db::icon_stamp(pool, id).await?;
    let open_comments = crate::review::db::open_field_comments(pool, id).await?;
    let facts = crate::review::server::facts_for(pool, &row, &row.document).await?;
    let released = row.released();
    Ok(OfferingView {
        today: crate::domain::price_schedule::date_text(crate::context::today()),
        released,
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

pub async fn save_basics(
    cx: &Ctx,
    id: &str,
    version: i64,
    basics: Basics,
) -> Result<i64, AppError> {
    let basics = basics.trimmed();
    AppError::check(basics.problems())?;
    save_section(cx, id, version, "basics", move |doc| doc.basics = basics).await
}

fn checked_language(language: &str) -> Result<(), AppError> {
    if CONTENT_LANGUAGES.iter().any(|(tag, _)| *tag == language) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "language",
            "Choose one of the listed languages.",
        ))
    }
}

pub async fn save_text(
    cx: &Ctx,
    id: &str,
    version: i64,
    language: &str,
    text: CatalogText,
) -> Result<i64, AppError> {
    checked_language(language)?;
    let text = text.trimmed();
    AppError::check(text.problems())?;
    let section = format!("texts.{language}");
    let language = language.to_owned();
    save_section(cx, id, version, &section, move |doc| {
        doc.texts.insert(language, text);
    })
    .await
}

pub async fn save_announcement(
    cx: &Ctx,
    id: &str,
    version: i64,
    announcement: Announcement,
) -> Result<i64, AppError> {
    let announcement = announcement.trimmed();
    AppError::check(announcement.problems())?;
    let empty = announcement.text.is_empty() && announcement.date.is_empty();
    let saved = save_section(cx, id, version, "announcement", move |doc| {
        doc.announcement = announcement
    })
    .await?;
    // An empty form over an empty announcement changes nothing: say what is missing rather
    // than "Saved." (an empty form over a stored one removes it, a change like any other).
    if empty && saved == version {
        let problem = Problem::Required;
        AppError::check(vec![FieldProblem {
            field: "text".into(),
            problem,
        }])?;
    }
    Ok(saved)
}

/// Removes the catalog text of a language other than English.
pub async fn remove_language(
    cx: &Ctx,
    id: &str,
    version: i64,
    language: &str,
) -> Result<i64, AppError> {
    checked_language(language)?;
    if language == "en" {
        return Err(AppError::invalid(
            "language",
            "English is required and cannot be removed.",
        ));
    }
    let section = format!("texts.{language}");
    let language = language.to_owned();
    save_section(cx, id, version, &section, move |doc| {
        doc.texts.remove(&language);
    })
    .await
}

/// Copies an offering (document and icon) into a new draft of the same organisation.
pub async fn duplicate(cx: &Ctx, id: &str, name: &str) -> Result<String, AppError> {
    let name = checked_name(name)?;
    let (principal, row) = offering_for(cx, id, OrgRole::Editor).await?;
    let icon = db::icon(cx.pool(), id).await?;
    // Plan ids are the broker's: unique on the platform, so the copy's are new.
    let document = row.document.with_new_plan_ids();
    let new = NewDraft {
        organisation_id: &row.organisation_id,
        name: &name,
        document: &document,
        icon: icon.as_ref(),
        after: serde_json::json!({ "name": name, "duplicated_from": row.name }),
        detail: "duplicate",
    };
    create_draft(cx, &principal.user_id, new).await
}

/// Deletes a draft; offerings that were ever visible stay on record (409).
pub async fn delete(cx: &Ctx, id: &str) -> Result<(), AppError> {
    let (principal, row) = offering_for(cx, id, OrgRole::Editor).await?;
    if !row.visibility.may_delete() {
        return Err(AppError::Conflict(
            "Only drafts can be deleted. Offerings that were ever visible stay on record.".into(),
        ));
    }
    let mut tx = crate::store::write(cx.pool()).await?;
    // The row first, while the offering still names its organisation (see `audit`).
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "offering.delete",
            subject_type: "offering",
            subject_id: Some(id),
            before: Some(serde_json::json!({ "name": row.name, "document": row.document })),
            after: None,
            detail: "",
        },
    )
    .await?;
    if !db::delete_draft(&mut *tx, id).await? {
        return Err(AppError::Conflict(
            "This offering is no longer a draft.".into(),
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// One page of the offering's audit log, newest first (`before`: the `next` of the last page).
pub async fn history(cx: &Ctx, id: &str, before: Option<i64>) -> Result<HistoryPage, AppError> {
    let (_, offering) = offering_for(cx, id, OrgRole::Viewer).await?;
    let rows = db::history(
        cx.pool(),
        id,
        before.unwrap_or(i64::MAX),
        HISTORY_PAGE_SIZE + 1,
    )
    .await?;
    let more = rows.len() as i64 > HISTORY_PAGE_SIZE;
    let current = offering.document.plan_names();
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows.into_iter().take(HISTORY_PAGE_SIZE as usize) {
        let side = |j: &Option<String>| match j.as_deref() {
            Some(json) => {
                crate::store::decode::<serde_json::Value>("audit entry", &r.id.to_string(), json)
            }
            None => Ok(serde_json::Value::Null),
        };
        let (before, after) = (side(&r.before_json)?, side(&r.after_json)?);
        entries.push(HistoryEntry {
            id: r.id,
            at: r.at,
            actor: r.actor.unwrap_or_else(|| "—".into()),
            changes: crate::domain::audit_changes::changes(&r.action, &before, &after, &current),
            action: r.action,
        });
    }
    let next = if more {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(HistoryPage { entries, next })
}
