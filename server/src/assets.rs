//! The site root's files (`pkg/` and `public/`), served the way a CDN would.
//!
//! - `ServeDir` with `.precompressed_br().precompressed_gzip()`: `./rmc build` writes `x.br`
//!   and `x.gz` beside each compressible file, and the variant is chosen from
//!   `Accept-Encoding` (br before gzip), with `Vary: Accept-Encoding`.
//! - A content-hashed name (`/pkg/rmc.<hash>.wasm`, `.js`, `.css`) never changes content:
//!   `Cache-Control: public, max-age=31536000, immutable`.
//! - Any other file (`/favicon.svg`, …) is revalidated: `Cache-Control: no-cache` and a strong
//!   `ETag` (a SHA-256 of the bytes sent, per variant, kept in memory while the file's length
//!   and mtime stay the same); `If-None-Match` is answered `304`.
//! - Every such answer carries [`StaticFile`] in its extensions, so the on-the-fly
//!   `CompressionLayer` ([`compress_when`]) leaves it alone: a file is sent as it was built.
//!
//! A path with no file is handed back to the caller (the router's fallback renders the
//! console's 404 page), as is any method but GET and HEAD.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Extensions, Method, StatusCode, Version};
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tower::ServiceExt;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::services::ServeDir;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// Marks an answer made from a file of the site root.
#[derive(Clone, Copy, Debug)]
pub struct StaticFile;

/// The site root's files.
#[derive(Clone)]
pub struct SiteFiles {
    root: PathBuf,
    serve: ServeDir,
    etags: Arc<Mutex<HashMap<PathBuf, Known>>>,
}

struct Known {
    len: u64,
    modified: SystemTime,
    etag: HeaderValue,
}

impl SiteFiles {
    pub fn new(root: impl AsRef<Path>) -> Self {
        let root = root.as_ref().to_path_buf();
        let serve = ServeDir::new(&root)
            .precompressed_br()
            .precompressed_gzip()
            // A folder is not a page: `/pkg/` is the 404 page, not a redirect or an index.
            .append_index_html_on_directories(false);
        SiteFiles {
            root,
            serve,
            etags: Arc::default(),
        }
    }

    /// The file at the request's path, or the request back when there is none.
    pub async fn serve(&self, request: Request) -> Result<Response, Request> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return Err(request);
        }
        let path = request.uri().path().to_owned();
        let hashed = is_hashed_name(&path);
        let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
        // ServeDir sees only what it negotiates on; `If-None-Match` is answered here, and takes
        // precedence over `If-Modified-Since` (RFC 9110, 13.2.2).
        let mut inner = Request::builder()
            .method(request.method().clone())
            .uri(request.uri().clone());
        for name in [
            header::ACCEPT_ENCODING,
            header::RANGE,
            header::IF_UNMODIFIED_SINCE,
        ] {
            if let Some(value) = request.headers().get(&name) {
                inner = inner.header(name, value);
            }
        }
        if if_none_match.is_none() {
            if let Some(value) = request.headers().get(header::IF_MODIFIED_SINCE) {
                inner = inner.header(header::IF_MODIFIED_SINCE, value);
            }
        }
        let Ok(inner) = inner.body(Body::empty()) else {
            return Err(request);
        };
        let Ok(response) = self.serve.clone().oneshot(inner).await;
        if response.status() == StatusCode::NOT_FOUND {
            return Err(request);
        }
        let mut response = response.map(Body::new);
        let served_ok = matches!(
            response.status(),
            StatusCode::OK | StatusCode::PARTIAL_CONTENT
        );
        let etag = if served_ok && !hashed {
            let encoding = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            self.etag(&path, encoding.as_deref()).await
        } else {
            None
        };
        if let (Some(etag), Some(wanted)) = (&etag, &if_none_match) {
            if etag_matches(wanted, etag) {
                let mut not_modified = Response::new(Body::empty());
                *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
                if let Some(modified) = response.headers().get(header::LAST_MODIFIED) {
                    not_modified
                        .headers_mut()
                        .insert(header::LAST_MODIFIED, modified.clone());
                }
                response = not_modified;
            }
        }
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if hashed { IMMUTABLE } else { REVALIDATE }),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(etag) = etag {
            headers.insert(header::ETAG, etag);
        }
        response.extensions_mut().insert(StaticFile);
        Ok(response)
    }

    /// The strong ETag of the file sent for `path` in `encoding` (`None` for a path this
    /// does not map to a file by itself, e.g. one with `%` escapes: it then goes without).
    async fn etag(&self, path: &str, encoding: Option<&str>) -> Option<HeaderValue> {
        let relative = path.strip_prefix('/')?;
        let plain = relative
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b));
        if !plain || relative.split('/').any(|s| s.is_empty() || s == "..") {
            return None;
        }
        let suffix = match encoding {
            None => "",
            Some("br") => ".br",
            Some("gzip") => ".gz",
            Some(_) => return None,
        };
        let file = self.root.join(format!("{relative}{suffix}"));
        let meta = tokio::fs::metadata(&file).await.ok()?;
        let modified = meta.modified().ok()?;
        if let Some(known) = self.etags.lock().ok()?.get(&file) {
            if known.len == meta.len() && known.modified == modified {
                return Some(known.etag.clone());
            }
        }
        let bytes = tokio::fs::read(&file).await.ok()?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::from_str(&format!("\"{hex}\"")).ok()?;
        self.etags.lock().ok()?.insert(
            file,
            Known {
                len: bytes.len() as u64,
                modified,
                etag: etag.clone(),
            },
        );
        Some(etag)
    }
}

/// `/pkg/<stem>.<hash>.<ext>`, the hash at least 16 characters of `[A-Za-z0-9_-]` (hex from
/// `./rmc build`, base64url from cargo-leptos).
pub fn is_hashed_name(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let mut parts = name.rsplitn(3, '.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !ext.is_empty()
        && !stem.is_empty()
        && !stem.contains('/')
        && (16..=64).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `If-None-Match` (a list, or `*`) names this ETag; weak comparison, as RFC 9110 asks.
fn etag_matches(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(wanted) = if_none_match.to_str() else {
        return false;
    };
    let ours = etag.to_str().unwrap_or("");
    wanted.split(',').map(str::trim).any(|tag| {
        tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == ours.trim_start_matches("W/")
    })
}

/// What the `CompressionLayer` compresses: pages, JSON and other text the console renders,
/// of at least 1 KB (a body of unknown length, like a streamed page, counts as large), never
/// a file of the site root (sent precompressed or as built).
pub fn compress_when() -> impl Predicate {
    SizeAbove::new(1024).and(rendered_text)
}

fn rendered_text(_: StatusCode, _: Version, headers: &HeaderMap, extensions: &Extensions) -> bool {
    if extensions.get::<StaticFile>().is_some() {
        return false;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    [
        "text/html",
        "text/plain",
        "text/css",
        "text/csv",
        "application/json",
        "application/problem+json",
        "application/javascript",
        "text/javascript",
        "application/xml",
        "image/svg+xml",
    ]
    .iter()
    .any(|t| content_type.starts_with(t))
}

/// The hash file of a site built by `./rmc build` (`<site root>/hash.txt`), as the absolute
/// path `LeptosOptions::hash_file` is then given; `None` when the site has none.
pub fn site_hash_file(site_root: &str) -> Option<String> {
    let file = std::path::absolute(Path::new(site_root).join("hash.txt")).ok()?;
    file.is_file().then(|| file.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_pkg_files_with_a_long_hash() {
        for (path, hashed) in [
            ("/pkg/rmc.0123456789abcdef0123.wasm", true),
            ("/pkg/rmc.0123456789abcdef0123.css", true),
            ("/pkg/rmc.Ab3_-Xyz0123456789abcd.js", true),
            ("/pkg/rmc.js", false),
            ("/pkg/rmc_bg.wasm", false),
            ("/pkg/rmc.short.js", false),
            ("/favicon.0123456789abcdef0123.svg", false),
            ("/pkg/snippets/x/rmc.0123456789abcdef0123.js", false),
            ("/pkg/.0123456789abcdef0123.js", false),
        ] {
            assert_eq!(is_hashed_name(path), hashed, "{path}");
        }
    }

    #[test]
    fn if_none_match_is_a_list_or_a_star() {
        let etag = HeaderValue::from_static("\"abc\"");
        for (header, matches) in [
            ("\"abc\"", true),
            ("W/\"abc\"", true),
            ("\"x\", \"abc\"", true),
            ("*", true),
            ("\"abcd\"", false),
            ("abc", false),
        ] {
            let value = HeaderValue::from_str(header).unwrap();
            assert_eq!(etag_matches(&value, &etag), matches, "{header}");
        }
    }
}
