//! The language switcher's form post: remembers the choice in a cookie, then goes back.

use crate::auth::safe_local_path;
use crate::state::ServerState;
use app::auth::session::principal_from_session;
use app::components::layout::supported_locale;
use app::notifications::db;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use tower_sessions::Session;

/// The cookie leptos_i18n reads on the server and keeps in sync in the browser.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    back: Option<String>,
}

/// The language a request reads the console in: the switcher's cookie, else the first
/// supported language of `Accept-Language` (by primary tag: `de-AT` is `de`, `pt` is `pt-BR`).
pub fn of_request(headers: &HeaderMap) -> Option<&'static str> {
    let cookie = (headers.get_all(header::COOKIE).iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| supported_locale(value));
    cookie.or_else(|| {
        let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        accept
            .split(',')
            .filter_map(|part| part.split(';').next())
            .map(|tag| tag.trim())
            .find_map(|tag| {
                supported_locale(tag).or_else(|| {
                    let primary = tag.split('-').next()?.to_ascii_lowercase();
                    (primary == "pt")
                        .then_some("pt-BR")
                        .or_else(|| supported_locale(&primary))
                })
            })
    })
}

/// Remembers the choice in the cookie and, for a signed-in user, as their e-mails' language.
pub async fn set_language(
    State(state): State<ServerState>,
    session: Session,
    Form(form): Form<LanguageForm>,
) -> Response {
    let Some(locale) = supported_locale(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "Unknown language.").into_response();
    };
    if let Ok(Some(me)) = principal_from_session(&state.app, &session).await {
        if let Err(e) = db::set_language(&state.app.pool, &me.user_id, locale).await {
            tracing::error!(error = %e, "could not remember the user's language");
        }
    }
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale
    );
    let back = safe_local_path(form.back.as_deref(), "/dashboard");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_of_a_request() {
        type Headers<'a> = &'a [(&'a str, &'a str)];
        let cases: &[(Headers, Option<&str>)] = &[
            (&[("cookie", "a=b; i18n_pref_locale=fr")], Some("fr")),
            (
                &[("cookie", "i18n_pref_locale=xx"), ("accept-language", "de")],
                Some("de"),
            ),
            (
                &[("accept-language", "de-AT,de;q=0.9,en;q=0.8")],
                Some("de"),
            ),
            (&[("accept-language", "pt-PT,pt;q=0.9")], Some("pt-BR")),
            (&[("accept-language", "pt-BR")], Some("pt-BR")),
            (&[("accept-language", "ja, it;q=0.5")], Some("it")),
            (&[("accept-language", "ja")], None),
            (&[], None),
        ];
        for (headers, want) in cases {
            let mut map = HeaderMap::new();
            for (k, v) in *headers {
                map.append(*k, v.parse().unwrap());
            }
            assert_eq!(of_request(&map), *want, "{headers:?}");
        }
    }
}
