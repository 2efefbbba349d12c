//! The catalog as readers see it: search and an offering's page, in the reader's language.
//! Anyone may read it, signed in or not (`Ctx::visitor`); what a reader sees is
//! `domain::catalog::visible_in_catalog` (public and deprecated offerings for everyone; limited
//! and in-review ones only for the owning organisation and the offering's test accounts).

use super::server::{CatalogCard, CatalogOffering, CatalogPage, PAGE_SIZE};
use crate::context::Ctx;
use crate::domain::catalog::{visible_in_catalog, Viewer};
use crate::domain::offering::OfferingDocument;
use crate::domain::visibility::Visibility;
use crate::error::AppError;

/// A card in `language`, from the catalog's live document of the offering.
fn card(
    id: &str,
    name: &str,
    organisation_name: &str,
    visibility: Visibility,
    doc: &OfferingDocument,
    language: &str,
    icon_stamp: Option<&str>,
) -> CatalogCard {
    let (text, fell_back) = doc.text_with_fallback(language);
    let or = |own: &str, fallback: &str| {
        if own.is_empty() {
            fallback.to_owned()
        } else {
            own.to_owned()
        }
    };
    CatalogCard {
        display_name: or(&text.display_name, name),
        short_description: text.short_description,
        display_name_lang: doc.fallback_lang(language, |t| !t.display_name.trim().is_empty()),
        short_description_lang: doc
            .fallback_lang(language, |t| !t.short_description.trim().is_empty()),
        category: doc.basics.category.clone(),
        tags: doc.basics.tags.clone(),
        provider: or(&doc.basics.provider_display_name, organisation_name),
        visibility,
        id: id.to_owned(),
        name: name.to_owned(),
        fell_back: fell_back && language != "en",
        icon_url: icon_stamp.map(|v| {
            let (id, v) = (urlencoding::encode(id), urlencoding::encode(v));
            format!("/icons/{id}?v={v}")
        }),
    }
}

fn row_card(row: super::db::CatalogRow, language: &str) -> Result<CatalogCard, AppError> {
    let doc: OfferingDocument = crate::store::decode("catalog document", &row.id, &row.document)?;
    let visibility = row
        .visibility
        .parse::<Visibility>()
        .map_err(|_| sqlx::Error::Decode(format!("visibility `{}`", row.visibility).into()))?;
    Ok(card(
        &row.id,
        &row.name,
        &row.organisation_name,
        visibility,
        &doc,
        language,
        row.icon_stamp.as_deref(),
    ))
}

/// One page of the offerings the caller may see that match `q` (words, any case) and
/// `category` (empty: every category).
pub async fn search(
    cx: &Ctx,
    q: &str,
    category: &str,
    language: &str,
    page: i64,
) -> Result<CatalogPage, AppError> {
    let me = cx.visitor().await?;
    // Nobody signed in: no membership and no test account match (ids and e-mails are never empty).
    let (user_id, email) = me
        .as_ref()
        .map_or(("", ""), |m| (m.user_id.as_str(), m.email.as_str()));
    let q = q.trim().to_lowercase();
    let page = page.max(0);
    let mut rows = super::db::search(
        cx.pool(),
        user_id,
        email,
        &q,
        category.trim(),
        PAGE_SIZE + 1,
        page * PAGE_SIZE,
    )
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let cards = rows
        .into_iter()
        .map(|r| row_card(r, language))
        .collect::<Result<_, _>>()?;
    Ok(CatalogPage { cards, more })
}

/// An offering's catalog page. One the caller may not see is "sign in" to a visitor (a test
/// account may not have signed in yet) and 404 to someone signed in; to a visitor an id that
/// does not exist answers the same, so the answer does not tell which ids exist.
pub async fn offering(cx: &Ctx, id: &str, language: &str) -> Result<CatalogOffering, AppError> {
    let me = cx.visitor().await?;
    let hidden = if me.is_none() {
        AppError::Unauthenticated
    } else {
        AppError::NotFound
    };
    let pool = cx.pool();
    let Some(row) = crate::offerings::db::find(pool, id).await? else {
        return Err(hidden);
    };
    let test_account = crate::review::db::test_accounts(pool, id)
        .await?
        .iter()
        .any(|a| {
            me.as_ref()
                .is_some_and(|m| a.email.eq_ignore_ascii_case(&m.email))
        });
    let viewer = Viewer {
        member: me
            .as_ref()
            .is_some_and(|m| m.role_in(&row.organisation_id).is_some()),
        test_account,
    };
    if !visible_in_catalog(row.visibility, viewer) {
        return Err(hidden);
    }
    let icon_stamp = crate::offerings::db::icon_stamp(pool, id).await?;
    let doc = row.live.as_ref().unwrap_or(&row.document);
    let (text, _) = doc.text_with_fallback(language);
    Ok(CatalogOffering {
        card: card(
            &row.id,
            &row.name,
            &row.organisation_name,
            row.visibility,
            doc,
            language,
            icon_stamp.as_deref(),
        ),
        long_description_html: crate::offerings::markdown::render_safe(&text.long_description),
        long_description_lang: doc
            .fallback_lang(language, |t| !t.long_description.trim().is_empty()),
        bullets: text.bullets.clone(),
        bullets_lang: doc.fallback_lang(language, |t| !t.bullets.is_empty()),
        documentation_url: doc.basics.documentation_url.clone(),
        terms_url: doc.basics.terms_url.clone(),
        support: doc.support.clone(),
        regions: doc.basics.regions.clone(),
        plans: doc.plans.clone(),
        today: crate::domain::price_schedule::date_text(crate::context::today()),
    })
}
