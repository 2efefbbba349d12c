//! The OpenAPI document and a readable reference page generated from it (no scripts, no CDN).

use crate::state::ServerState;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;
use std::sync::OnceLock;

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(super::openapi()).unwrap_or_default())
}

/// The OpenAPI 3 document of this API (public).
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "documentation", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document().to_string(),
    )
        .into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn schema_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => format!("[{}]", schema_name(&schema["items"])),
        Some(t) => t.to_owned(),
        None => "any".into(),
    }
}

fn content_schema(v: &Value) -> Option<String> {
    v.get("content")?
        .as_object()?
        .values()
        .next()
        .map(|c| schema_name(&c["schema"]))
}

/// Where the page's stylesheet link goes: the name changes with each build of the site.
const STYLESHEET: &str = "{STYLESHEET}";

/// The reference page: every operation with its parameters, body and answers, then the schemas.
/// The stylesheet's address is left as [`STYLESHEET`].
pub fn render(doc: &Value) -> String {
    let mut out = String::new();
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    out.push_str(&format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} · RMC</title><link rel=\"stylesheet\" href=\"{STYLESHEET}\"></head><body><main class=\"content api-docs\" id=\"main\"><h1>{}</h1>",
        esc(title),
        esc(title)
    ));
    for para in doc["info"]["description"]
        .as_str()
        .unwrap_or("")
        .split("\n\n")
    {
        out.push_str(&format!("<p>{}</p>", esc(para)));
    }
    out.push_str("<p><a href=\"/api/v1/openapi.json\">openapi.json</a></p><h2>Operations</h2>");
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        let Some(ops) = item.as_object() else {
            continue;
        };
        for (method, op) in ops {
            if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                continue;
            }
            out.push_str(&format!(
                "<section class=\"card\"><h3><code>{} {}</code></h3>",
                method.to_uppercase(),
                esc(path)
            ));
            for key in ["summary", "description"] {
                if let Some(s) = op[key].as_str() {
                    out.push_str(&format!("<p>{}</p>", esc(s)));
                }
            }
            if let Some(params) = op["parameters"].as_array() {
                out.push_str("<p>Parameters:</p><ul>");
                for p in params {
                    out.push_str(&format!(
                        "<li><code>{}</code> ({}{}) {}</li>",
                        esc(p["name"].as_str().unwrap_or("")),
                        esc(p["in"].as_str().unwrap_or("")),
                        if p["required"].as_bool() == Some(true) {
                            ", required"
                        } else {
                            ""
                        },
                        esc(p["description"].as_str().unwrap_or(""))
                    ));
                }
                out.push_str("</ul>");
            }
            if let Some(body) = content_schema(&op["requestBody"]) {
                out.push_str(&format!("<p>Body: <code>{}</code></p>", esc(&body)));
            }
            if let Some(responses) = op["responses"].as_object() {
                out.push_str("<p>Answers:</p><ul>");
                for (status, r) in responses {
                    out.push_str(&format!(
                        "<li><code>{}</code> {}{}</li>",
                        esc(status),
                        esc(r["description"].as_str().unwrap_or("")),
                        content_schema(r)
                            .map(|s| format!(" <code>{}</code>", esc(&s)))
                            .unwrap_or_default()
                    ));
                }
                out.push_str("</ul>");
            }
            out.push_str("</section>");
        }
    }
    out.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            out.push_str(&format!(
                "<section class=\"card\"><h3 id=\"{0}\">{0}</h3>",
                esc(name)
            ));
            if let Some(props) = schema["properties"].as_object() {
                out.push_str("<ul>");
                for (field, s) in props {
                    out.push_str(&format!(
                        "<li><code>{}</code>: {} {}</li>",
                        esc(field),
                        esc(&schema_name(s)),
                        esc(s["description"].as_str().unwrap_or(""))
                    ));
                }
                out.push_str("</ul>");
            }
            out.push_str("</section>");
        }
    }
    out.push_str("</main></body></html>");
    out
}

/// A readable reference of every operation, generated from the OpenAPI document (public).
#[utoipa::path(get, path = "/api/v1/docs", tag = "documentation", security(()),
    responses((status = 200, description = "HTML reference", content_type = "text/html", body = String)))]
pub async fn reference_page(State(state): State<ServerState>) -> Html<String> {
    static PAGE: OnceLock<String> = OnceLock::new();
    let page = PAGE.get_or_init(|| render(document()));
    Html(page.replacen(STYLESHEET, &app::assets::stylesheet_href(&state.leptos), 1))
}
