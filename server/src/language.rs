//! The language switcher's form post: remembers the choice in a cookie, then goes back.

use crate::auth::safe_local_path;
use crate::state::ServerState;
use app::components::layout::supported_locale;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

/// The cookie leptos_i18n reads on the server and keeps in sync in the browser.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    back: Option<String>,
}

pub async fn set_language(
    State(state): State<ServerState>,
    Form(form): Form<LanguageForm>,
) -> Response {
    let Some(locale) = supported_locale(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "Unknown language.").into_response();
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale
    );
    let back = safe_local_path(form.back.as_deref(), "/dashboard");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}
