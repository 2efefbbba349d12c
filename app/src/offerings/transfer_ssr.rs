//! The server side of import and export: the icon in and out of a document, the import's
//! write (the document, its audit row and the icon in one write transaction), and the broker
//! catalog export with the icon's public address.

use super::{ExportIcon, FORMAT};
use crate::audit::{self, AuditEntry};
use crate::domain::diff::FieldChange;
use crate::domain::icon::{sanitize_icon, CleanIcon, MAX_PNG_BYTES};
use crate::domain::offering::OfferingDocument;
use crate::error::{AppError, FieldError};
use crate::offerings::db::{self, OfferingRow};
use base64::Engine;
use sqlx::SqlitePool;

const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The offering's icon for an export, if it has one.
pub async fn export_icon(pool: &SqlitePool, id: &str) -> Result<Option<ExportIcon>, AppError> {
    Ok(db::icon(pool, id).await?.map(|icon| ExportIcon {
        content_type: icon.content_type,
        data_base64: BASE64.encode(&icon.bytes),
    }))
}

fn icon_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
        problem: None,
        pricing: None,
    }
}

/// The icon of an import document through the upload's checks (`domain::icon::sanitize_icon`:
/// kind, size, an SVG cleaned), or the field error that refuses it. The declared content type
/// must be the kind the bytes are.
pub fn checked_icon(icon: Option<&ExportIcon>) -> Result<Option<CleanIcon>, FieldError> {
    let Some(icon) = icon else {
        return Ok(None);
    };
    // Base64 is 4 characters per 3 bytes: anything longer is over the limit before decoding.
    if icon.data_base64.len() > MAX_PNG_BYTES.div_ceil(3) * 4 + 4 {
        return Err(icon_error(
            "icon.data_base64",
            format!("The icon is larger than {} KB.", MAX_PNG_BYTES / 1024),
        ));
    }
    let bytes = BASE64
        .decode(icon.data_base64.trim())
        .map_err(|e| icon_error("icon.data_base64", format!("This is not base64: {e}.")))?;
    let clean = sanitize_icon(&bytes).map_err(|m| icon_error("icon.data_base64", m))?;
    let kind = clean.kind.content_type();
    if icon.content_type.trim() != kind {
        return Err(icon_error(
            "icon.content_type",
            format!(
                "The icon is {kind}, not `{}`; say `{kind}`.",
                icon.content_type
            ),
        ));
    }
    Ok(Some(clean))
}

fn describe(content_type: &str, bytes: &[u8]) -> String {
    format!("{content_type}, {} bytes", bytes.len())
}

/// The change an imported icon makes to the stored one (`None`: no icon in the document, or
/// the same bytes).
pub async fn icon_change(
    pool: &SqlitePool,
    offering_id: Option<&str>,
    icon: Option<&CleanIcon>,
) -> Result<Option<FieldChange>, AppError> {
    let Some(icon) = icon else {
        return Ok(None);
    };
    let before = match offering_id {
        Some(id) => db::icon(pool, id).await?,
        None => None,
    };
    let kind = icon.kind.content_type();
    if before
        .as_ref()
        .is_some_and(|b| b.content_type == kind && b.bytes == icon.bytes)
    {
        return Ok(None);
    }
    Ok(Some(FieldChange {
        field: "icon".into(),
        label: "Icon".into(),
        steps: crate::domain::diff::steps("icon", &|_| None),
        before: before
            .map(|b| describe(&b.content_type, &b.bytes))
            .unwrap_or_default(),
        after: describe(kind, &icon.bytes),
    }))
}

/// A unique-name violation becomes a field error on `name`; anything else passes through.
fn name_taken(e: sqlx::Error) -> AppError {
    match AppError::from(e) {
        AppError::Conflict(_) => AppError::Invalid(vec![crate::domain::offering::FieldProblem {
            field: "name".into(),
            problem: crate::domain::offering::Problem::NameTaken,
        }
        .into()]),
        other => other,
    }
}

async fn store_icon(
    tx: &mut sqlx::SqliteConnection,
    id: &str,
    icon: &CleanIcon,
    user_id: &str,
    before: Option<String>,
) -> Result<(), AppError> {
    let kind = icon.kind.content_type();
    db::set_icon(&mut *tx, id, kind, &icon.bytes).await?;
    let mut after = serde_json::json!({ "icon": describe(kind, &icon.bytes) });
    if !icon.removed.is_empty() {
        after["removed"] = serde_json::json!(icon.removed);
    }
    audit::record(
        &mut *tx,
        AuditEntry {
            actor_id: Some(user_id),
            action: "offering.icon",
            subject_type: "offering",
            subject_id: Some(id),
            before: before.map(|b| serde_json::json!({ "icon": b })),
            after: Some(after),
            detail: "import",
        },
    )
    .await?;
    Ok(())
}

/// Creates the imported draft, its audit row and its icon in one write transaction.
pub async fn write_create(
    pool: &SqlitePool,
    organisation_id: &str,
    name: &str,
    document: &OfferingDocument,
    icon: Option<&CleanIcon>,
    user_id: &str,
) -> Result<String, AppError> {
    let mut tx = crate::store::write(pool).await?;
    let id = db::insert(&mut tx, organisation_id, name, document, user_id)
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
            after: Some(serde_json::json!({
                "name": name, "organisation_id": organisation_id, "format": FORMAT
            })),
            detail: "import",
        },
    )
    .await?;
    if let Some(icon) = icon {
        store_icon(&mut tx, &id, icon, user_id, None).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Replaces the draft's document with the imported one (and its icon, when the document
/// carries a different one) in one write transaction, if the draft is still at `version` and
/// still a draft. Answers the version after the import.
pub async fn write_update(
    pool: &SqlitePool,
    row: &OfferingRow,
    document: &OfferingDocument,
    icon: Option<&CleanIcon>,
    icon_changes: bool,
    user_id: &str,
) -> Result<i64, AppError> {
    let mut tx = crate::store::write(pool).await?;
    let now = db::find(&mut *tx, &row.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if now.version != row.version {
        return Err(AppError::Stale {
            version: now.version,
            changes: crate::domain::diff::field_changes(&row.document, &now.document),
        });
    }
    if now.visibility != crate::domain::visibility::Visibility::Draft {
        return Err(AppError::Conflict(
            "Only drafts can be updated by an import; this offering has been visible.".into(),
        ));
    }
    let changes = crate::domain::diff::field_changes(&now.document, document);
    let mut version = now.version;
    if !changes.is_empty() {
        version = db::save_document(&mut tx, &row.id, now.version, document, user_id)
            .await?
            .ok_or(AppError::Internal)?;
        let map = |f: fn(&FieldChange) -> &String| -> serde_json::Value {
            changes
                .iter()
                .map(|c| (c.field.clone(), f(c).clone().into()))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        audit::record(
            &mut *tx,
            AuditEntry {
                actor_id: Some(user_id),
                action: "offering.update",
                subject_type: "offering",
                subject_id: Some(&row.id),
                before: Some(map(|c| &c.before)),
                after: Some(map(|c| &c.after)),
                detail: "import",
            },
        )
        .await?;
    }
    if let (Some(icon), true) = (icon, icon_changes) {
        let before = db::icon(&mut *tx, &row.id)
            .await?
            .map(|b| describe(&b.content_type, &b.bytes));
        store_icon(&mut tx, &row.id, icon, user_id, before).await?;
    }
    tx.commit().await?;
    Ok(version)
}

/// The OSB catalog the offering's broker should serve, with `imageUrl` at the icon's public
/// address (`domain::broker::image_url`), or 409 with the reason when the offering has no
/// plans (OSB: a service must have at least one). The page's preview, its download and the
/// REST route all come here.
pub async fn broker_catalog(
    pool: &SqlitePool,
    public_url: &str,
    row: &OfferingRow,
) -> Result<serde_json::Value, AppError> {
    use crate::domain::broker::{exportable_catalog, image_url};
    let mut expected = crate::brokers::runs::expected_service(row);
    let has_icon = db::icon_stamp(pool, &row.id).await?.is_some();
    expected.image_url = image_url(public_url, &row.id, row.visibility, has_icon);
    exportable_catalog(&expected).map_err(|refusal| AppError::Conflict(refusal.into()))
}
