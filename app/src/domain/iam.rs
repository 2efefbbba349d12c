//! IAM integration rules (SPEC §4): dashboard SSO redirect URIs, roles and actions, the grant
//! matrix, and the authorization URL built from an issuer's discovery document. Pure.

use super::gap::{Gap, GapCode};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use url::{Host, Url};

/// At most this many redirect URIs per SSO client.
pub const MAX_REDIRECT_URIS: usize = 10;
/// At most this many custom roles and actions.
pub const MAX_CUSTOM_ROLES: usize = 20;
pub const MAX_ACTIONS: usize = 100;
/// After a rotation the previous client secret stays valid this long.
pub const ROTATION_GRACE_HOURS: i64 = 24;

/// The platform roles, always present.
pub const PLATFORM_ROLES: [&str; 4] = ["Viewer", "Editor", "Operator", "Administrator"];
/// The service roles, always present.
pub const SERVICE_ROLES: [&str; 3] = ["Reader", "Writer", "Manager"];

/// The IAM part of an offering document. The SSO client secret is never here (its own table).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IamSettings {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// The issuer whose discovery document "check sign-in" reads.
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub custom_roles: Vec<String>,
    /// `<offering-name>.<resource>.<verb>`.
    #[serde(default)]
    pub actions: Vec<String>,
    /// Role → the actions it grants.
    #[serde(default)]
    pub grants: BTreeMap<String, BTreeSet<String>>,
}

impl IamSettings {
    /// Every role: the platform and service roles, then the custom ones.
    pub fn roles(&self) -> Vec<String> {
        PLATFORM_ROLES
            .iter()
            .chain(SERVICE_ROLES.iter())
            .map(|r| r.to_string())
            .chain(self.custom_roles.iter().cloned())
            .collect()
    }

    pub fn grants(&self, role: &str, action: &str) -> bool {
        self.grants.get(role).is_some_and(|a| a.contains(action))
    }
}

/// Why a redirect URI is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedirectProblem {
    NotAUrl,
    NotHttps,
    Wildcard,
    Fragment,
    Credentials,
    Duplicate,
    TooMany,
}

impl RedirectProblem {
    pub fn english(self) -> &'static str {
        match self {
            RedirectProblem::NotAUrl => {
                "This is not an absolute URL such as https://app.example.com/callback."
            }
            RedirectProblem::NotHttps => {
                "Use https. Plain http is accepted only for localhost (127.0.0.1, ::1)."
            }
            RedirectProblem::Wildcard => "Redirect URIs are matched exactly; remove the `*`.",
            RedirectProblem::Fragment => {
                "A redirect URI cannot have a fragment; remove the part from `#` on."
            }
            RedirectProblem::Credentials => "Remove the user name and password from the URI.",
            RedirectProblem::Duplicate => "This redirect URI is listed twice.",
            RedirectProblem::TooMany => "An SSO client has at most 10 redirect URIs.",
        }
    }
}

fn is_local_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks one redirect URI.
pub fn check_redirect_uri(uri: &str) -> Result<(), RedirectProblem> {
    let uri = uri.trim();
    if uri.contains('*') {
        return Err(RedirectProblem::Wildcard);
    }
    if uri.contains('#') {
        return Err(RedirectProblem::Fragment);
    }
    let url = Url::parse(uri).map_err(|_| RedirectProblem::NotAUrl)?;
    if url.host().is_none() || url.cannot_be_a_base() {
        return Err(RedirectProblem::NotAUrl);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(RedirectProblem::Credentials);
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_local_host(&url) => Ok(()),
        _ => Err(RedirectProblem::NotHttps),
    }
}

/// Checks a list of redirect URIs: each one, duplicates and the count. `(index, problem)`;
/// `TooMany` carries the index of the first URI past the limit.
pub fn redirect_uri_problems(uris: &[String]) -> Vec<(usize, RedirectProblem)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, uri) in uris.iter().enumerate() {
        if let Err(p) = check_redirect_uri(uri) {
            out.push((i, p));
        } else if !seen.insert(uri.trim()) {
            out.push((i, RedirectProblem::Duplicate));
        }
    }
    if uris.len() > MAX_REDIRECT_URIS {
        out.push((MAX_REDIRECT_URIS, RedirectProblem::TooMany));
    }
    out
}

fn is_segment(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && s.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Checks an action name: `<offering-name>.<resource>.<verb>`.
pub fn check_action(offering_name: &str, action: &str) -> Result<(), String> {
    let parts: Vec<&str> = action.split('.').collect();
    match parts.as_slice() {
        [service, resource, verb] if *service == offering_name => {
            if is_segment(resource) && is_segment(verb) {
                Ok(())
            } else {
                Err(format!(
                    "The resource and the verb are lowercase letters, digits, `-` and `_`, starting with a letter (for example `{offering_name}.instance.read`)."
                ))
            }
        }
        [_, _, _] => Err(format!(
            "An action starts with the offering name: `{offering_name}.<resource>.<verb>`."
        )),
        _ => Err(format!(
            "Write an action as `{offering_name}.<resource>.<verb>`, for example `{offering_name}.instance.read`."
        )),
    }
}

/// Checks a custom role name against the built-in ones and the rules for names.
pub fn check_role(role: &str) -> Result<(), String> {
    let role = role.trim();
    if role.is_empty() || role.chars().count() > 40 {
        return Err("A role name has 1 to 40 characters.".into());
    }
    if !role.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        || !role
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(
            "A role name starts with a letter and has letters, digits, spaces and `-`.".into(),
        );
    }
    if PLATFORM_ROLES
        .iter()
        .chain(SERVICE_ROLES.iter())
        .any(|r| r.eq_ignore_ascii_case(role))
    {
        return Err(format!("`{role}` is a built-in role and is always there."));
    }
    Ok(())
}

/// Every problem of IAM settings, as (field, sentence). Fields: `redirect_uris.<i>`,
/// `custom_roles.<i>`, `actions.<i>`, `grants`, `issuer`.
pub fn problems(offering_name: &str, iam: &IamSettings) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, p) in redirect_uri_problems(&iam.redirect_uris) {
        out.push((format!("redirect_uris.{i}"), p.english().to_string()));
    }
    if iam.custom_roles.len() > MAX_CUSTOM_ROLES {
        out.push((
            "custom_roles".into(),
            format!("Add at most {MAX_CUSTOM_ROLES} custom roles."),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, role) in iam.custom_roles.iter().enumerate() {
        if let Err(m) = check_role(role) {
            out.push((format!("custom_roles.{i}"), m));
        } else if !seen.insert(role.to_ascii_lowercase()) {
            out.push((
                format!("custom_roles.{i}"),
                "This role is listed twice.".into(),
            ));
        }
    }
    if iam.actions.len() > MAX_ACTIONS {
        out.push((
            "actions".into(),
            format!("Add at most {MAX_ACTIONS} actions."),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, action) in iam.actions.iter().enumerate() {
        if let Err(m) = check_action(offering_name, action) {
            out.push((format!("actions.{i}"), m));
        } else if !seen.insert(action.as_str()) {
            out.push((
                format!("actions.{i}"),
                "This action is listed twice.".into(),
            ));
        }
    }
    let roles = iam.roles();
    for (role, actions) in &iam.grants {
        if !roles.contains(role) {
            out.push((
                "grants".into(),
                format!("The role `{role}` does not exist."),
            ));
        }
        for action in actions {
            if !iam.actions.contains(action) {
                out.push((
                    "grants".into(),
                    format!("The action `{action}` granted to `{role}` does not exist."),
                ));
            }
        }
    }
    let issuer = iam.issuer.trim();
    if !issuer.is_empty() {
        match Url::parse(issuer) {
            Ok(u) if u.scheme() == "https" || (u.scheme() == "http" && is_local_host(&u)) => {}
            _ => out.push((
                "issuer".into(),
                "The issuer is an https URL (http only for localhost), such as https://iam.example.com.".into(),
            )),
        }
    }
    out
}

/// The authorization URL the platform sends a user to for the dashboard: the issuer's
/// `authorization_endpoint` with the code flow parameters for this client.
pub fn authorization_url(
    authorization_endpoint: &str,
    client_id: &str,
    redirect_uri: &str,
) -> Result<String, String> {
    let mut url = Url::parse(authorization_endpoint)
        .map_err(|_| "The discovery document's authorization_endpoint is not a URL.".to_string())?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", "openid");
    Ok(url.to_string())
}

/// What the checklist's IAM line still misses once IAM is enabled: the SSO client, a redirect
/// URI, and every setting that breaks a rule (by its path).
pub fn checklist_missing(offering_name: &str, iam: &IamSettings, has_client: bool) -> Vec<Gap> {
    let mut out = Vec::new();
    if !has_client {
        out.push(Gap::new(GapCode::CreateSsoClient));
    }
    if iam.redirect_uris.is_empty() {
        out.push(Gap::new(GapCode::AddRedirectUri));
    }
    out.extend(
        problems(offering_name, iam)
            .into_iter()
            .map(|(path, _)| Gap::at(GapCode::FixIam, &path)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use RedirectProblem as P;

    #[test]
    fn checklist_sentences_for_an_enabled_iam() {
        let mut iam = IamSettings {
            enabled: true,
            ..IamSettings::default()
        };
        assert_eq!(
            checklist_missing("db", &iam, false),
            [
                Gap::new(GapCode::CreateSsoClient),
                Gap::new(GapCode::AddRedirectUri)
            ]
        );
        iam.redirect_uris = vec!["https://db.example.com/cb".into()];
        assert!(checklist_missing("db", &iam, true).is_empty());
        iam.redirect_uris.push("http://db.example.com/cb".into());
        assert_eq!(
            checklist_missing("db", &iam, true),
            [Gap::at(GapCode::FixIam, "redirect_uris.1")]
        );
    }

    #[test]
    fn redirect_uris() {
        let table: &[(&str, Result<(), P>)] = &[
            ("https://app.example.com/callback", Ok(())),
            ("https://app.example.com:8443/cb?x=1", Ok(())),
            ("http://localhost:8080/cb", Ok(())),
            ("http://127.0.0.1/cb", Ok(())),
            ("http://[::1]:3000/cb", Ok(())),
            ("http://app.example.com/cb", Err(P::NotHttps)),
            ("http://localhost.example.com/cb", Err(P::NotHttps)),
            ("ftp://app.example.com/cb", Err(P::NotHttps)),
            ("https://*.example.com/cb", Err(P::Wildcard)),
            ("https://app.example.com/*", Err(P::Wildcard)),
            ("https://app.example.com/cb#top", Err(P::Fragment)),
            ("https://u:p@app.example.com/cb", Err(P::Credentials)),
            ("/callback", Err(P::NotAUrl)),
            ("", Err(P::NotAUrl)),
            ("mailto:a@example.com", Err(P::NotAUrl)),
        ];
        for (uri, expected) in table {
            assert_eq!(&check_redirect_uri(uri), expected, "{uri}");
        }
    }

    #[test]
    fn redirect_list_limits_and_duplicates() {
        let uris: Vec<String> = (0..11)
            .map(|i| format!("https://app.example.com/cb{i}"))
            .collect();
        assert_eq!(redirect_uri_problems(&uris), vec![(10, P::TooMany)]);
        assert!(redirect_uri_problems(&uris[..10]).is_empty());
        let twice = vec![
            "https://a.example.com/cb".to_string(),
            "https://a.example.com/cb".to_string(),
        ];
        assert_eq!(redirect_uri_problems(&twice), vec![(1, P::Duplicate)]);
    }

    #[test]
    fn actions() {
        let ok = [
            "db.instance.read",
            "db.backup.create",
            "db.user_role.assign-all",
        ];
        for a in ok {
            assert_eq!(check_action("db", a), Ok(()), "{a}");
        }
        let bad = [
            "other.instance.read",
            "db.instance",
            "db.Instance.read",
            "db.instance.read.more",
            "db..read",
            "db.1x.read",
            "",
        ];
        for a in bad {
            assert!(check_action("db", a).is_err(), "{a}");
        }
    }

    #[test]
    fn roles() {
        assert!(check_role("Auditor").is_ok());
        assert!(check_role("Backup operator").is_ok());
        assert!(check_role("viewer").is_err());
        assert!(check_role("Manager").is_err());
        assert!(check_role("").is_err());
        assert!(check_role("9lives").is_err());
        assert!(check_role(&"x".repeat(41)).is_err());
    }

    #[test]
    fn settings_problems() {
        let mut iam = IamSettings {
            enabled: true,
            redirect_uris: vec!["https://a.example.com/cb".into()],
            custom_roles: vec!["Auditor".into()],
            actions: vec!["db.instance.read".into()],
            ..Default::default()
        };
        iam.grants
            .entry("Auditor".into())
            .or_default()
            .insert("db.instance.read".into());
        assert!(problems("db", &iam).is_empty());
        assert_eq!(iam.roles().len(), 8);
        assert!(iam.grants("Auditor", "db.instance.read"));
        iam.grants
            .entry("Ghost".into())
            .or_default()
            .insert("db.instance.write".into());
        let fields: Vec<String> = problems("db", &iam).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["grants", "grants"]);
        iam.grants.clear();
        iam.issuer = "http://iam.example.com".into();
        assert_eq!(problems("db", &iam)[0].0, "issuer");
    }

    #[test]
    fn authorization_url_has_the_code_flow_parameters() {
        let url = authorization_url(
            "https://iam.example.com/authorize",
            "rmc-db-1",
            "https://a.example.com/cb",
        )
        .unwrap();
        assert_eq!(
            url,
            "https://iam.example.com/authorize?response_type=code&client_id=rmc-db-1&redirect_uri=https%3A%2F%2Fa.example.com%2Fcb&scope=openid"
        );
        assert!(authorization_url("not a url", "c", "https://a/cb").is_err());
    }
}
