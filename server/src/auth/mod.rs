//! Sign-in routes: local accounts (form posts) and OpenID Connect.

pub mod local;
pub mod oidc;
pub mod throttle;

/// Only same-site paths are followed after sign-in or a language switch (no open redirects).
pub fn safe_local_path(candidate: Option<&str>, fallback: &str) -> String {
    match candidate {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.contains("://") =>
        {
            p.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        let cases = [
            (Some("/admin"), "/admin"),
            (Some("/catalog?q=db"), "/catalog?q=db"),
            (Some("//evil.example/"), "/dashboard"),
            (Some("/\\evil.example"), "/dashboard"),
            (Some("https://evil.example/"), "/dashboard"),
            (Some("dashboard"), "/dashboard"),
            (None, "/dashboard"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_local_path(input, "/dashboard"), expected, "{input:?}");
        }
    }
}
