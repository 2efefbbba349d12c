//! The site's files as a CDN would send them: the precompressed variant the client asks for
//! (and its bytes decompress to the file), content-hashed names cached for a year, other files
//! revalidated by ETag, pages and JSON compressed on the fly, the page naming this build's
//! hashed files.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::*;
use std::io::{Read, Write};
use std::path::Path;
use tower::ServiceExt;

const WASM_HASH: &str = "0123456789abcdef0123";
const JS_HASH: &str = "aaaabbbbccccdddd0000";
const CSS_HASH: &str = "ffffeeeeddddcccc1111";

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as the client reads it after undoing `Content-Encoding`.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            "br" => {
                brotli::Decompressor::new(&self.bytes[..], 4096)
                    .read_to_end(&mut out)
                    .expect("valid brotli");
            }
            "gzip" => {
                flate2::read::GzDecoder::new(&self.bytes[..])
                    .read_to_end(&mut out)
                    .expect("valid gzip");
            }
            "" => out.clone_from(&self.bytes),
            other => panic!("unexpected encoding {other}"),
        }
        out
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        w.write_all(bytes).unwrap();
    }
    out
}

/// A site root as `./rmc build` lays it out: hashed names listed in hash.txt, `.br` and
/// `.gz` beside each file.
fn write_site(root: &Path) -> Vec<u8> {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm: Vec<u8> = (0..40_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    let files: [(String, Vec<u8>); 4] = [
        (format!("pkg/rmc.{WASM_HASH}.wasm"), wasm.clone()),
        (
            format!("pkg/rmc.{JS_HASH}.js"),
            b"export default function(){}\n".repeat(200),
        ),
        (
            format!("pkg/rmc.{CSS_HASH}.css"),
            b"body { margin: 0 }\n".repeat(200),
        ),
        (
            "favicon.svg".into(),
            br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        let path = root.join(name);
        std::fs::write(&path, bytes).unwrap();
        std::fs::write(format!("{}.br", path.display()), brotli(bytes)).unwrap();
        std::fs::write(format!("{}.gz", path.display()), gzip(bytes)).unwrap();
    }
    std::fs::write(
        root.join("hash.txt"),
        format!("js: {JS_HASH}\nwasm: {WASM_HASH}\ncss: {CSS_HASH}\n"),
    )
    .unwrap();
    wasm
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = Request::get(path).header(header::HOST, HOST);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

async fn app_with_site() -> (TestApp, tempfile::TempDir, Vec<u8>) {
    let site = tempfile::tempdir().unwrap();
    let wasm = write_site(site.path());
    let root = site.path().display().to_string();
    let app = TestApp::with(move |c| c.site_root = root).await;
    (app, site, wasm)
}

#[tokio::test]
async fn a_hashed_file_comes_precompressed_as_asked_and_cached_for_a_year() {
    let (app, _site, wasm) = app_with_site().await;
    let path = format!("/pkg/rmc.{WASM_HASH}.wasm");
    let cases: &[(&str, &str)] = &[
        ("br, gzip, deflate", "br"),
        ("gzip, deflate, br;q=0.5", "gzip"),
        ("gzip", "gzip"),
        ("identity", ""),
        ("", ""),
    ];
    for (accept, encoding) in cases {
        let a = get(&app, &path, &[("accept-encoding", accept)]).await;
        assert_eq!(a.status, StatusCode::OK, "{accept}");
        assert_eq!(a.header("content-encoding"), *encoding, "{accept}");
        assert_eq!(
            a.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{accept}"
        );
        assert!(a.header("vary").contains("accept-encoding"), "{accept}");
        assert_eq!(a.header("content-type"), "application/wasm", "{accept}");
        assert_eq!(a.decoded(), wasm, "{accept}: bytes decode to the file");
        if !encoding.is_empty() {
            assert!(a.bytes.len() < wasm.len() / 2, "{accept}: sent compressed");
        }
    }
}

#[tokio::test]
async fn an_unhashed_file_is_revalidated_by_its_etag() {
    let (app, site, _) = app_with_site().await;
    let svg = std::fs::read(site.path().join("favicon.svg")).unwrap();
    let first = get(&app, "/favicon.svg", &[("accept-encoding", "gzip")]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("cache-control"), "no-cache");
    assert_eq!(first.decoded(), svg);
    let etag = first.header("etag").to_owned();
    assert!(
        etag.starts_with('"') && etag.len() > 10,
        "strong ETag: {etag}"
    );

    let again = get(
        &app,
        "/favicon.svg",
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());

    let other = get(&app, "/favicon.svg", &[("if-none-match", "\"stale\"")]).await;
    assert_eq!(other.status, StatusCode::OK, "another ETag gets the file");
    assert_eq!(other.bytes, svg);
    assert_ne!(other.header("etag"), etag, "each variant has its own ETag");
}

#[tokio::test]
async fn pages_and_json_are_compressed_and_name_the_hashed_files() {
    let (app, _site, _) = app_with_site().await;
    for (accept, encoding) in [("br", "br"), ("gzip", "gzip"), ("", "")] {
        let page = get(&app, "/login", &[("accept-encoding", accept)]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.header("content-encoding"), encoding, "page, {accept}");
        let html = String::from_utf8(page.decoded()).unwrap();
        for name in [
            format!("/pkg/rmc.{CSS_HASH}.css"),
            format!("/pkg/rmc.{JS_HASH}.js"),
            format!("/pkg/rmc.{WASM_HASH}.wasm"),
        ] {
            assert!(html.contains(&name), "the page names {name}");
        }
        assert!(!html.contains("/pkg/rmc.css"), "no unhashed stylesheet");

        let doc = get(&app, "/api/v1/openapi.json", &[("accept-encoding", accept)]).await;
        assert_eq!(doc.status, StatusCode::OK);
        assert_eq!(doc.header("content-encoding"), encoding, "JSON, {accept}");
        let json: serde_json::Value = serde_json::from_slice(&doc.decoded()).unwrap();
        assert!(json["paths"].is_object());
    }
}

#[tokio::test]
async fn a_missing_file_is_the_consoles_not_found_page() {
    let (app, _site, _) = app_with_site().await;
    for path in ["/pkg/rmc.js", "/pkg/", "/pkg/rmc.0000000000000000dead.wasm"] {
        let a = get(&app, path, &[("accept-encoding", "br")]).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_ne!(
            a.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
    }
}
