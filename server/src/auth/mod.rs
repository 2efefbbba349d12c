//! Sign-in routes: local accounts (form posts) and OpenID Connect.

pub mod local;
pub mod oidc;
pub mod throttle;

use url::Url;

/// Stands for the console's own origin when a candidate is resolved (its name cannot exist).
const OWN_ORIGIN: &str = "http://console.invalid/";

/// Where to go after sign-in or a language switch: `candidate` resolved as a browser would
/// resolve it against a page of the console, kept only when it stays on the console's own
/// origin, and then reduced to its path and query (no open redirects). The result is
/// serialised by the URL parser (percent-encoded), so it is always a valid header value.
pub fn safe_local_path(candidate: Option<&str>, fallback: &str) -> String {
    candidate
        .filter(|c| c.starts_with('/'))
        .and_then(own_path)
        .unwrap_or_else(|| fallback.to_owned())
}

fn own_path(candidate: &str) -> Option<String> {
    let base = Url::parse(OWN_ORIGIN).ok()?;
    let url = base.join(candidate).ok()?;
    if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let mut path = url.path().to_owned();
    // `/.//host` normalises to `//host`, which a browser would read as another site.
    if path.starts_with("//") {
        return None;
    }
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn only_paths_on_the_console_are_followed() {
        let d = "/dashboard";
        let cases = [
            (Some("/admin"), "/admin"),
            (Some("/catalog?q=db"), "/catalog?q=db"),
            (Some("/offerings/1/text/pt-BR"), "/offerings/1/text/pt-BR"),
            (Some("/catalog?q=a b"), "/catalog?q=a%20b"),
            (Some("/a#frag"), "/a"),
            (Some("/%2F%2Fevil.example"), "/%2F%2Fevil.example"),
            (Some("/%09/evil.example/"), "/%09/evil.example/"),
            (Some("/./admin"), "/admin"),
            (Some("//evil.example/"), d),
            (Some("///evil.example/"), d),
            (Some("/\\evil.example"), d),
            (Some("/\\/evil.example"), d),
            (Some("\\\\evil.example"), d),
            (Some("/\t/evil.example/"), d),
            (Some("/\n/evil.example/"), d),
            (Some("/\r\n/evil.example/"), d),
            (Some("/ /evil.example/"), "/%20/evil.example/"),
            (Some("/.//evil.example/"), d),
            (Some("/..//evil.example/"), d),
            (Some("/x/../..//evil.example"), d),
            (Some("https://evil.example/"), d),
            (Some("http:evil.example"), d),
            (Some("javascript:alert(1)"), d),
            (Some("data:text/html,x"), d),
            (Some("/@evil.example"), "/@evil.example"),
            (Some("//user@evil.example/"), d),
            (Some("//console.invalid@evil.example/"), d),
            (Some(" /admin"), d),
            (Some("dashboard"), d),
            (Some(""), d),
            (Some("/a\r\nSet-Cookie: x=1"), "/aSet-Cookie:%20x=1"),
            (None, d),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_local_path(input, d), expected, "{input:?}");
        }
    }
}
