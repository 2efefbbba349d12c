//! The offering's icon: the media tab and the upload it posts to (an SVG is cleaned by
//! `domain::icon` and stored as cleaned).

use super::editor::with_offering;
#[cfg(feature = "ssr")]
use crate::domain::access::OrgRole;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
fn read_error(e: impl std::fmt::Display) -> AppError {
    AppError::invalid("icon", format!("The upload failed: {e}"))
}

/// Where the icon upload form posts; the result comes back in the media page's query.
#[server(input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_icon(data: leptos::server_fn::codec::MultipartData) -> Result<(), AppError> {
    let cx = crate::context::Ctx::capture()?;
    use crate::domain::icon::MAX_PNG_BYTES;
    let mut data = data.into_inner().ok_or(AppError::Internal)?;
    let (mut id, mut bytes) = (String::new(), Vec::new());
    let mut too_big = false;
    while let Some(mut field) = data.next_field().await.map_err(read_error)? {
        match field.name() {
            Some("id") => id = field.text().await.map_err(read_error)?,
            Some("icon") => {
                while let Some(chunk) = field.chunk().await.map_err(read_error)? {
                    if bytes.len() + chunk.len() > MAX_PNG_BYTES {
                        too_big = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    let back = |query: String| leptos_axum::redirect(&format!("/offerings/{id}/media?{query}"));
    match save_icon(&cx, &id, &bytes, too_big).await {
        Ok(removed) => {
            match removed {
                Some(notice) => back(format!(
                    "uploaded=1&icon_removed={}",
                    urlencoding::encode(&notice)
                )),
                None => back("uploaded=1".into()),
            }
            Ok(())
        }
        Err(AppError::Invalid(fields)) => {
            let message = fields
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_default();
            back(format!("icon_error={}", urlencoding::encode(&message)));
            Err(AppError::Invalid(fields))
        }
        Err(other) => Err(other),
    }
}

/// Checks `bytes` (SVG or PNG), stores the cleaned icon as the offering's, and audits the
/// change. `too_big`: the upload was cut off at the size limit. Used by the upload form and
/// the API. Answers the notice of what was removed from an SVG, if anything was.
#[cfg(feature = "ssr")]
pub async fn save_icon(
    cx: &crate::context::Ctx,
    id: &str,
    bytes: &[u8],
    too_big: bool,
) -> Result<Option<String>, AppError> {
    use crate::audit::{self, AuditEntry};
    use crate::domain::icon::{sanitize_icon, MAX_PNG_BYTES};
    let (principal, _) = super::server::offering_for(cx, id, OrgRole::Editor).await?;
    let checked = if too_big {
        Err(format!(
            "The file is larger than {} KB.",
            MAX_PNG_BYTES / 1024
        ))
    } else {
        sanitize_icon(bytes)
    };
    let icon = checked.map_err(|message| AppError::invalid("icon", message))?;
    let kind = icon.kind;
    let pool = cx.pool().clone();
    let before = super::db::icon(&pool, id).await?.map(
        |i| serde_json::json!({ "icon": format!("{}, {} bytes", i.content_type, i.bytes.len()) }),
    );
    super::db::set_icon(&pool, id, kind.content_type(), &icon.bytes).await?;
    let mut after = serde_json::json!({
        "icon": format!("{}, {} bytes", kind.content_type(), icon.bytes.len())
    });
    if !icon.removed.is_empty() {
        after["removed"] = serde_json::json!(icon.removed);
    }
    audit::record(
        &pool,
        AuditEntry {
            actor_id: Some(&principal.user_id),
            action: "offering.icon",
            subject_type: "offering",
            subject_id: Some(id),
            before,
            after: Some(after),
            detail: "media",
        },
    )
    .await?;
    Ok(icon.removed_notice())
}

#[component]
pub fn MediaTab() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    with_offering(move |o, _| {
        let error = (query.read_untracked().get("icon_error"))
            .map(|m| crate::components::said::said(i18n, &m));
        let uploaded = query.read_untracked().get("uploaded").is_some();
        let removed = query.read_untracked().get("icon_removed");
        let read_only = !o.can_edit;
        let preview = match o.icon_stamp.clone() {
            Some(stamp) => view! {
                <img class="icon-preview" src=format!("/offerings/{}/icon?v={}", o.id, urlencoding::encode(&stamp))
                    alt=format!("{} {}", t_string!(i18n, icon_of), o.name) width="64" height="64"/>
            }
            .into_any(),
            None => view! { <p class="muted">{t!(i18n, no_icon)}</p> }.into_any(),
        };
        view! {
            <section class="card">
                <h2>{t!(i18n, tab_media)}</h2>
                {preview}
                {uploaded.then(|| view! { <p class="notice notice-success" role="status">{t!(i18n, saved)}</p> })}
                {removed.map(|r| view! { <p class="notice notice-warn" role="status">{r}</p> })}
                {error.map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
                // A native multipart post: the same with or without JavaScript.
                <form method="post" enctype="multipart/form-data" action=UploadIcon::PATH class="form">
                    <input type="hidden" name="id" value=o.id.clone()/>
                    <div class="field">
                        <label for="f-icon">{t!(i18n, icon_file)}</label>
                        <input id="f-icon" name="icon" type="file" accept="image/svg+xml,image/png" required disabled=read_only aria-describedby="f-icon-help"/>
                        <p class="help" id="f-icon-help">{t!(i18n, icon_help)}</p>
                    </div>
                    <button type="submit" class="btn btn-primary" disabled=read_only>{t!(i18n, upload)}</button>
                </form>
            </section>
        }
    })
}
