//! The OpenAPI document describes every body it names: a generated client gets a type for
//! each request and each answer, never a bare `object`.

mod common;

use common::api::ApiClient;
use common::TestApp;
use serde_json::Value;

/// Why `schema` (reached at `at`) says nothing of its shape, if it does not.
fn untyped(schema: &Value, at: &str, doc: &Value, seen: &mut Vec<String>, out: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r).to_owned();
        if seen.contains(&name) {
            return;
        }
        seen.push(name.clone());
        match doc["components"]["schemas"].get(&name) {
            Some(target) => untyped(target, &format!("{at} → {name}"), doc, seen, out),
            None => out.push(format!("{at}: dangling reference {r}")),
        }
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                untyped(part, &format!("{at}.{key}[{i}]"), doc, seen, out);
            }
            return;
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if types.is_empty() && schema.get("enum").is_none() {
        out.push(format!("{at}: no type"));
        return;
    }
    if types.contains(&"array") {
        // A tuple: each position typed (`prefixItems`), nothing after them (`items: false`).
        if let Some(positions) = schema.get("prefixItems").and_then(Value::as_array) {
            for (i, p) in positions.iter().enumerate() {
                untyped(p, &format!("{at}[{i}]"), doc, seen, out);
            }
            return;
        }
        match schema.get("items") {
            Some(items) => untyped(items, &format!("{at}[]"), doc, seen, out),
            None => out.push(format!("{at}: an array of anything")),
        }
    }
    if types.contains(&"object") {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        if properties.is_none() && additional.is_none() {
            out.push(format!("{at}: an object with no properties"));
        }
        for (name, p) in properties.into_iter().flatten() {
            untyped(p, &format!("{at}.{name}"), doc, seen, out);
        }
        match additional {
            Some(Value::Bool(true)) => out.push(format!("{at}: any extra property")),
            Some(a @ Value::Object(_)) => untyped(a, &format!("{at}{{*}}"), doc, seen, out),
            _ => {}
        }
    }
}

#[tokio::test]
async fn no_operation_has_an_untyped_body() {
    let app = TestApp::new().await;
    let doc = ApiClient::new(&app, "").get("/api/v1/openapi.json").await;
    assert_eq!(doc.status(), 200, "{doc:?}");
    let doc = doc.json;
    let mut problems = Vec::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            operations += 1;
            let name = format!("{} {path}", method.to_uppercase());
            // The document's own route answers the OpenAPI document: its shape is the
            // OpenAPI specification's, not one of this API's.
            if path == "/api/v1/openapi.json" {
                continue;
            }
            let mut bodies = Vec::new();
            if let Some(content) = op["requestBody"]["content"].as_object() {
                bodies.extend(
                    content
                        .iter()
                        .map(|(t, c)| (format!("{name} request {t}"), c)),
                );
            }
            for (status, answer) in op["responses"].as_object().unwrap() {
                if let Some(content) = answer["content"].as_object() {
                    bodies.extend(
                        content
                            .iter()
                            .map(|(t, c)| (format!("{name} answer {status} {t}"), c)),
                    );
                }
            }
            for (at, content) in bodies {
                // Binary uploads (the icon) and HTML pages are bytes, not JSON.
                if !at.contains("json") {
                    continue;
                }
                match content.get("schema") {
                    Some(schema) => untyped(schema, &at, &doc, &mut Vec::new(), &mut problems),
                    None => problems.push(format!("{at}: no schema")),
                }
            }
        }
    }
    assert!(operations > 40, "only {operations} operations documented");
    assert!(
        problems.is_empty(),
        "{} untyped bodies:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
