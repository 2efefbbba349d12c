//! Import and export of an offering as one document, for the dashboard's server functions and
//! the REST API alike: the caller's access, the form's rules (`checked_document`), and the
//! write of the import in one transaction with its audit rows (`ssr`).

use super::{checked_document, ImportOutcome, OfferingExport, FORMAT};
use crate::context::Ctx;
use crate::domain::access::{Need, OrgRole};
use crate::domain::offering::OfferingDocument;
use crate::error::AppError;
use crate::offerings::db;
use crate::offerings::service::offering_for;

/// The offering as one document, with its icon (viewers and up of the owning organisation).
pub async fn export(cx: &Ctx, id: &str) -> Result<OfferingExport, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    let icon = super::ssr::export_icon(cx.pool(), &row.id).await?;
    Ok(OfferingExport {
        format: FORMAT.into(),
        id: Some(row.id),
        name: row.name,
        document: row.document,
        icon,
    })
}

/// The OSB catalog the offering's broker should serve (viewers and up of the owning
/// organisation); 409 with the reason when the offering has no plans.
pub async fn broker_catalog(cx: &Ctx, id: &str) -> Result<serde_json::Value, AppError> {
    let (_, row) = offering_for(cx, id, OrgRole::Viewer).await?;
    super::ssr::broker_catalog(cx.pool(), &cx.settings().public_url, &row).await
}

/// Imports `document` (a JSON value in the export format). `organisation_id` names the
/// organisation a new offering goes to; it may be left out when the caller edits in only one.
pub async fn import(
    cx: &Ctx,
    export: OfferingExport,
    dry_run: bool,
    organisation_id: Option<String>,
) -> Result<ImportOutcome, AppError> {
    let principal = cx.require(Need::SignedIn).await?;
    let (checked, icon) = match (
        checked_document(&export),
        super::ssr::checked_icon(export.icon.as_ref()),
    ) {
        (Ok(document), Ok(icon)) => (document, icon),
        (document, icon) => {
            let mut problems = document.err().unwrap_or_default();
            problems.extend(icon.err());
            return Err(AppError::Invalid(problems));
        }
    };
    let pool = cx.pool().clone();
    // An existing offering of the caller's organisations, by id, else by name.
    let by_id = match &export.id {
        Some(id) => db::find(&pool, id).await?,
        None => None,
    }
    .filter(|row| principal.role_in(&row.organisation_id).is_some());
    let existing = match by_id {
        Some(row) => Some(row),
        None => db::list_for_member(&pool, &principal.user_id)
            .await?
            .into_iter()
            .find(|row| row.name == export.name),
    };
    if let Some(row) = existing {
        let (_, row) = offering_for(cx, &row.id, OrgRole::Editor).await?;
        if row.visibility != crate::domain::visibility::Visibility::Draft {
            return Err(AppError::Conflict(
                "Only drafts can be updated by an import; this offering has been visible.".into(),
            ));
        }
        if row.name != export.name {
            return Err(AppError::invalid(
                "name",
                "The name of an existing offering cannot be changed by an import.",
            ));
        }
        // The same offering: its plans keep their ids.
        let mut changes = crate::domain::diff::field_changes(&row.document, &checked);
        let icon_change = super::ssr::icon_change(&pool, Some(&row.id), icon.as_ref()).await?;
        let icon_changes = icon_change.is_some();
        changes.extend(icon_change);
        let version = if dry_run {
            None
        } else {
            let user = &principal.user_id;
            let saved =
                super::ssr::write_update(&pool, &row, &checked, icon.as_ref(), icon_changes, user);
            Some(saved.await?)
        };
        return Ok(ImportOutcome {
            action: "update".into(),
            dry_run,
            offering_id: Some(row.id),
            name: row.name,
            changes,
            version,
        });
    }
    let editable: Vec<_> = principal
        .memberships
        .iter()
        .filter(|m| m.role >= OrgRole::Editor)
        .collect();
    let organisation_id = match organisation_id.filter(|o| !o.is_empty()) {
        Some(o) => o,
        None if editable.len() == 1 => editable[0].organisation_id.clone(),
        None => {
            return Err(AppError::invalid(
                "organisation_id",
                "Name the organisation the new offering belongs to.",
            ))
        }
    };
    cx.require(Need::OrgRole {
        organisation_id: organisation_id.clone(),
        at_least: OrgRole::Editor,
    })
    .await?;
    // A new offering is a copy: OSB plan ids are global, so its plans get new ones.
    let document = checked.with_new_plan_ids();
    let mut changes = crate::domain::diff::field_changes(&OfferingDocument::default(), &document);
    changes.extend(super::ssr::icon_change(&pool, None, icon.as_ref()).await?);
    if dry_run {
        return Ok(ImportOutcome {
            action: "create".into(),
            dry_run,
            offering_id: None,
            name: export.name,
            changes,
            version: None,
        });
    }
    let id = super::ssr::write_create(
        &pool,
        &organisation_id,
        &export.name,
        &document,
        icon.as_ref(),
        &principal.user_id,
    )
    .await?;
    Ok(ImportOutcome {
        action: "create".into(),
        dry_run,
        offering_id: Some(id),
        name: export.name,
        changes,
        version: Some(1),
    })
}
