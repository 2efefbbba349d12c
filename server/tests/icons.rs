//! SVG icons with active or external content, uploaded through the console's form and the
//! REST API: what is stored and what `GET /offerings/{id}/icon` serves is the cleaned file.

mod common;
use app::offerings::media::UploadIcon;
use axum::body::Body;
use axum::http::{header, Request};
use common::api::ApiClient;
use common::*;
use leptos::server_fn::ServerFn;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Elements the sanitiser may write (a subset is enough to tell foreign ones apart).
const KEPT: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "filter",
    "feFlood",
];

/// The malicious parts; each case is an SVG with a marked rectangle and one of these.
const CASES: &[&str] = &[
    r#"<a><animate attributeName="href" values="javascript:alert(1)"/><circle r="1"/></a>"#,
    r#"<a><set attributeName="href" to="javascript:alert(1)"/><circle r="1"/></a>"#,
    r#"<h:meta xmlns:h="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=javascript:alert(1)"/>"#,
    r#"<form xmlns="http://www.w3.org/1999/xhtml" action="javascript:alert(1)"><button>go</button></form>"#,
    "<style>@import url(https://evil.example/a.css); rect { fill: url(https://evil.example/p) }</style>",
    r#"<rect width="1" height="1" fill="url(https://evil.example/p#a)" filter="url(http://evil.example/f#f)"/>"#,
    r#"<?xml-stylesheet href="https://evil.example/a.css" type="text/css"?>"#,
    r#"<circle r="1" OnLoad="alert(1)" onclick="alert(2)"/>"#,
    r#"<use xlink:href="http://evil.example/sprite.svg#a"/><use href="data:image/svg+xml,x#a"/>"#,
    r#"<a href="javascript:alert(1)"><circle r="1"/></a>"#,
    r#"<image href="http://evil.example/x.png" width="1" height="1"/>"#,
    "<script><![CDATA[ alert(1) ]]></script>",
    r#"<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example/"/></body></foreignObject>"#,
    r#"<rect width="1" height="1" style="fill:url(https://evil.example/p);stroke:red"/>"#,
];

fn case_svg(n: usize, part: &str) -> String {
    format!(
        r#"<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" viewBox="0 0 8 8"><rect id="case{n}" width="8" height="8"/>{part}</svg>"#
    )
}

/// Fails unless `out` has nothing active or external and only known SVG elements.
fn assert_clean(case: &str, out: &str) {
    let lower = out
        .to_ascii_lowercase()
        .replace(SVG_NS, "")
        .replace(XLINK_NS, "");
    for needle in [
        "javascript:",
        "<script",
        "url(http",
        "<?",
        "<!",
        "http",
        "data:",
        "@import",
        "<style",
        "<animate",
        "<set",
        "<image",
        "<meta",
        "<form",
        "<foreignobject",
        "<a ",
        "<a>",
    ] {
        assert!(!lower.contains(needle), "{case}: {needle:?} in {out}");
    }
    for (at, _) in lower.match_indices(" on") {
        let rest = &lower[at + 3..];
        let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        assert!(
            !(len > 0 && rest[len..].starts_with("=\"")),
            "{case}: handler in {out}"
        );
    }
    for (at, _) in out.match_indices('<') {
        let rest = &out[at + 1..];
        if rest.starts_with('/') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect();
        assert!(KEPT.contains(&name.as_str()), "{case}: <{name}> in {out}");
    }
}

async fn upload(b: &mut Browser<'_>, id: &str, file: &[u8]) -> Page {
    let boundary = "rmc-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{id}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"icon\"; filename=\"icon.svg\"\r\nContent-Type: image/svg+xml\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(UploadIcon::PATH)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body))
        .unwrap();
    b.send(req).await
}

/// The icon as served, checked, and as stored, which must be the same bytes.
async fn served_clean(app: &TestApp, b: &mut Browser<'_>, id: &str, case: &str, n: usize) {
    let icon = b.get(&format!("/offerings/{id}/icon")).await;
    assert_eq!(icon.status, 200, "{case}");
    assert_eq!(
        icon.headers[header::CONTENT_TYPE],
        "image/svg+xml",
        "{case}"
    );
    assert!(
        icon.body.contains(&format!(r#"<rect id="case{n}""#)),
        "{case}: {}",
        icon.body
    );
    assert_clean(case, &icon.body);
    let stored = app::offerings::db::icon(&app.state.app.pool, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.content_type, "image/svg+xml");
    assert_eq!(
        String::from_utf8(stored.bytes).unwrap(),
        icon.body,
        "{case}: stored as served"
    );
}

#[tokio::test]
async fn malicious_svgs_are_stored_and_served_clean_through_the_form_and_the_api() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut owner = app.signed_in(OWNER).await;
    let api = ApiClient::for_user(&app, OWNER, "write").await;
    for (n, part) in CASES.iter().enumerate() {
        let case = format!("form: {part}");
        let res = upload(&mut owner, &id, case_svg(n, part).as_bytes()).await;
        let location = urlencoding::decode(res.location().unwrap_or_default())
            .unwrap()
            .into_owned();
        assert!(
            location.starts_with(&format!(
                "/offerings/{id}/media?uploaded=1&icon_removed=Removed from the SVG: "
            )),
            "{case}: {location}"
        );
        served_clean(&app, &mut owner, &id, &case, n).await;

        let case = format!("API: {part}");
        let n = n + CASES.len();
        let a = api
            .send_bytes(
                "PUT",
                &format!("/api/v1/offerings/{id}/icon"),
                case_svg(n, part).as_bytes(),
                "image/svg+xml",
            )
            .await;
        assert_eq!(a.status(), 204, "{case}: {a:?}");
        served_clean(&app, &mut owner, &id, &case, n).await;
    }
    // The audit entry names what was removed (the last case: a style declaration).
    let after: String = sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'offering.icon' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        after["removed"],
        serde_json::json!(["fill in a style attribute"]),
        "{after}"
    );
}

#[tokio::test]
async fn a_clean_upload_says_nothing_was_removed_and_an_icon_stored_before_is_served_clean() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut owner = app.signed_in(OWNER).await;
    let good = case_svg(0, r##"<use href="#case0"/>"##);
    let res = upload(&mut owner, &id, good.as_bytes()).await;
    assert_eq!(
        res.location(),
        Some(format!("/offerings/{id}/media?uploaded=1").as_str())
    );
    let icon = owner.get(&format!("/offerings/{id}/icon")).await;
    assert!(
        icon.body.contains(r##"<use href="#case0"/>"##),
        "{}",
        icon.body
    );

    // A row written before uploads were cleaned: served cleaned all the same.
    let old = case_svg(
        1,
        r#"<circle r="1" onload="alert(1)"/><style>@import url(https://evil.example/a.css);</style>"#,
    );
    app::offerings::db::set_icon(&app.state.app.pool, &id, "image/svg+xml", old.as_bytes())
        .await
        .unwrap();
    let icon = owner.get(&format!("/offerings/{id}/icon")).await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(icon.body.contains(r#"<circle r="1"/>"#), "{}", icon.body);
    assert_clean("stored before", &icon.body);
}
