//! An offering's catalog metadata and the rules each field follows (SPEC §2, §13).
//! The same rules run in the browser (instant feedback) and on the server (the authority).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::diff::{field_changes, FieldChange};

/// Languages an offering's catalog text may be written in; English is required.
pub const CONTENT_LANGUAGES: [(&str, &str); 7] = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("pt-BR", "Português (Brasil)"),
    ("ja", "日本語"),
];

pub const CATEGORIES: [&str; 12] = [
    "ai",
    "analytics",
    "compute",
    "containers",
    "databases",
    "developer-tools",
    "integration",
    "iot",
    "networking",
    "observability",
    "security",
    "storage",
];

pub const REGIONS: [&str; 10] = [
    "us-south", "us-east", "ca-tor", "br-sao", "eu-de", "eu-gb", "eu-es", "jp-tok", "jp-osa",
    "au-syd",
];

pub const MAX_NAME: usize = 64;
pub const MAX_DISPLAY_NAME: usize = 64;
pub const MAX_SHORT_DESCRIPTION: usize = 160;
pub const MAX_LONG_DESCRIPTION: usize = 10_000;
pub const MAX_BULLETS: usize = 5;
pub const MAX_BULLET_TITLE: usize = 60;
pub const MAX_BULLET_TEXT: usize = 200;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 100;
pub const MAX_PROVIDER_NAME: usize = 80;
pub const MAX_ANNOUNCEMENT: usize = 2_000;

pub use super::problem::{Bounds, FieldProblem, Problem};

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_len(out: &mut Vec<FieldProblem>, field: &str, value: &str, max: usize, required: bool) {
    if required && value.trim().is_empty() {
        out.push(FieldProblem {
            field: field.into(),
            problem: Problem::Required,
        });
    } else if chars(value) > max {
        out.push(FieldProblem {
            field: field.into(),
            problem: Problem::TooLong { max },
        });
    }
}

/// `^[a-z][a-z0-9-]{1,62}[a-z0-9]$`: the programmatic name of offerings and plans.
pub fn validate_name(name: &str) -> Result<(), Problem> {
    let bytes = name.as_bytes();
    if name.is_empty() {
        return Err(Problem::Required);
    }
    let ok = (3..=MAX_NAME).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[bytes.len() - 1] != b'-';
    if ok {
        Ok(())
    } else {
        Err(Problem::NamePattern)
    }
}

/// `^[a-z0-9][a-z0-9\-._]*$`, at most 100 characters.
pub fn validate_tag(tag: &str) -> Result<(), Problem> {
    let bytes = tag.as_bytes();
    if bytes.is_empty() {
        return Err(Problem::TagPattern);
    }
    if bytes.len() > MAX_TAG {
        return Err(Problem::TooLong { max: MAX_TAG });
    }
    let first = bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit();
    let rest = bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_'));
    if first && rest {
        Ok(())
    } else {
        Err(Problem::TagPattern)
    }
}

pub fn validate_web_url(value: &str) -> Result<(), Problem> {
    match url::Url::parse(value) {
        Ok(u)
            if matches!(u.scheme(), "https" | "http")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(())
        }
        _ => Err(Problem::NotAUrl),
    }
}

/// Splits a free-text list ("a, b c") into entries.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What is not per language: identity in the catalog, links, OSB flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Basics {
    pub provider_display_name: String,
    pub category: String,
    pub tags: Vec<String>,
    pub regions: Vec<String>,
    pub documentation_url: String,
    pub terms_url: String,
    pub bindable: bool,
    pub plan_updateable: bool,
    pub instances_retrievable: bool,
    pub bindings_retrievable: bool,
}

impl Basics {
    /// As the form stores it: text fields without surrounding spaces.
    pub fn trimmed(self) -> Basics {
        let trim = |s: String| s.trim().to_owned();
        Basics {
            provider_display_name: trim(self.provider_display_name),
            category: trim(self.category),
            tags: self.tags.into_iter().map(trim).collect(),
            regions: self.regions.into_iter().map(trim).collect(),
            documentation_url: trim(self.documentation_url),
            terms_url: trim(self.terms_url),
            ..self
        }
    }

    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        check_len(
            &mut out,
            "provider_display_name",
            &self.provider_display_name,
            MAX_PROVIDER_NAME,
            false,
        );
        if !self.category.is_empty() && !CATEGORIES.contains(&self.category.as_str()) {
            out.push(FieldProblem {
                field: "category".into(),
                problem: Problem::UnknownChoice,
            });
        }
        if self.tags.len() > MAX_TAGS {
            out.push(FieldProblem {
                field: "tags".into(),
                problem: Problem::TooMany { max: MAX_TAGS },
            });
        } else if let Some(problem) = self.tags.iter().find_map(|t| validate_tag(t).err()) {
            out.push(FieldProblem {
                field: "tags".into(),
                problem,
            });
        }
        if self.regions.iter().any(|r| !REGIONS.contains(&r.as_str())) {
            out.push(FieldProblem {
                field: "regions".into(),
                problem: Problem::UnknownChoice,
            });
        }
        for (field, value) in [
            ("documentation_url", &self.documentation_url),
            ("terms_url", &self.terms_url),
        ] {
            if !value.is_empty() {
                if let Err(problem) = validate_web_url(value) {
                    out.push(FieldProblem {
                        field: field.into(),
                        problem,
                    });
                }
            }
        }
        out
    }

    /// Fields still empty that the catalog needs.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.provider_display_name.trim().is_empty() {
            missing.push("provider_display_name");
        }
        if self.category.is_empty() {
            missing.push("category");
        }
        if self.regions.is_empty() {
            missing.push("regions");
        }
        if self.documentation_url.is_empty() {
            missing.push("documentation_url");
        }
        if self.terms_url.is_empty() {
            missing.push("terms_url");
        }
        missing
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Bullet {
    pub title: String,
    pub text: String,
}

/// The catalog text of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CatalogText {
    pub display_name: String,
    pub short_description: String,
    /// Markdown, rendered safely.
    pub long_description: String,
    pub bullets: Vec<Bullet>,
}

impl CatalogText {
    /// As the form stores it: no surrounding spaces (the description keeps its leading
    /// indentation, which is Markdown), and bullets with neither title nor text dropped.
    pub fn trimmed(self) -> CatalogText {
        let trim = |s: String| s.trim().to_owned();
        CatalogText {
            display_name: trim(self.display_name),
            short_description: trim(self.short_description),
            long_description: self.long_description.trim_end().to_owned(),
            bullets: self
                .bullets
                .into_iter()
                .map(|b| Bullet {
                    title: trim(b.title),
                    text: trim(b.text),
                })
                .filter(|b| !(b.title.is_empty() && b.text.is_empty()))
                .collect(),
        }
    }

    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        check_len(
            &mut out,
            "display_name",
            &self.display_name,
            MAX_DISPLAY_NAME,
            false,
        );
        check_len(
            &mut out,
            "short_description",
            &self.short_description,
            MAX_SHORT_DESCRIPTION,
            false,
        );
        check_len(
            &mut out,
            "long_description",
            &self.long_description,
            MAX_LONG_DESCRIPTION,
            false,
        );
        if self.bullets.len() > MAX_BULLETS {
            out.push(FieldProblem {
                field: "bullets".into(),
                problem: Problem::TooMany { max: MAX_BULLETS },
            });
        }
        for (i, b) in self.bullets.iter().enumerate() {
            check_len(
                &mut out,
                &format!("bullets.{i}.title"),
                &b.title,
                MAX_BULLET_TITLE,
                !b.text.trim().is_empty(),
            );
            check_len(
                &mut out,
                &format!("bullets.{i}.text"),
                &b.text,
                MAX_BULLET_TEXT,
                false,
            );
        }
        out
    }

    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.display_name.trim().is_empty() {
            missing.push("display_name");
        }
        if self.short_description.trim().is_empty() {
            missing.push("short_description");
        }
        if self.long_description.trim().is_empty() {
            missing.push("long_description");
        }
        if self.bullets.iter().all(|b| b.title.trim().is_empty()) {
            missing.push("bullets");
        }
        missing
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Announcement {
    pub text: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
}

impl Announcement {
    pub fn trimmed(self) -> Announcement {
        Announcement {
            text: self.text.trim().to_owned(),
            date: self.date.trim().to_owned(),
        }
    }

    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        check_len(&mut out, "text", &self.text, MAX_ANNOUNCEMENT, false);
        if !self.date.is_empty() && !is_iso_date(&self.date) {
            out.push(FieldProblem {
                field: "date".into(),
                problem: Problem::NotADate,
            });
        }
        out
    }
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    if !(num(y, 4) && num(m, 2) && num(d, 2)) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Everything a provider edits about an offering, stored as one versioned document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingDocument {
    pub basics: Basics,
    /// Keyed by language tag (`en`, `de`, …).
    pub texts: BTreeMap<String, CatalogText>,
    pub announcement: Announcement,
    /// The plans, in catalog order (SPEC §3).
    #[serde(default)]
    pub plans: Vec<super::plan::Plan>,
    /// IAM integration (SPEC §4); the SSO client secret is never here.
    #[serde(default)]
    pub iam: super::iam::IamSettings,
    /// The provider's own support model (SPEC §2); required for public visibility.
    #[serde(default)]
    pub support: super::support::SupportModel,
}

impl OfferingDocument {
    /// The plans' names by id (to name a plan in a field path).
    pub fn plan_names(&self) -> BTreeMap<String, String> {
        (self.plans.iter())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect()
    }

    /// The language a field of the catalog text is shown in to a reader of `language`, when it
    /// is not that language: `Some("en")` where the reader's text lacks the field (`has` says
    /// whether a text has it) and English fills in, as `text_with_fallback` does. The page marks
    /// the element with it (`lang="en"`), so that assistive technology reads it as English.
    pub fn fallback_lang(
        &self,
        language: &str,
        has: impl Fn(&CatalogText) -> bool,
    ) -> Option<String> {
        let own = self.texts.get(language).is_some_and(has);
        (language != "en" && !own).then(|| "en".to_owned())
    }

    /// The text for `language`, falling back to English where a field is empty.
    pub fn text_with_fallback(&self, language: &str) -> (CatalogText, bool) {
        let english = self.texts.get("en").cloned().unwrap_or_default();
        let Some(own) = self.texts.get(language) else {
            return (english, language != "en");
        };
        let pick = |a: &str, b: &str| {
            if a.trim().is_empty() {
                b.to_owned()
            } else {
                a.to_owned()
            }
        };
        let merged = CatalogText {
            display_name: pick(&own.display_name, &english.display_name),
            short_description: pick(&own.short_description, &english.short_description),
            long_description: pick(&own.long_description, &english.long_description),
            bullets: if own.bullets.is_empty() {
                english.bullets.clone()
            } else {
                own.bullets.clone()
            },
        };
        let fell_back = merged != *own;
        (merged, fell_back)
    }
}

/// Percent complete, from the number of required entries present.
pub fn percent(missing: usize, total: usize) -> u8 {
    if total == 0 {
        return 100;
    }
    (((total - missing.min(total)) * 100) / total) as u8
}

/// How complete the basics are, in percent.
pub fn basics_percent(doc: &OfferingDocument) -> u8 {
    percent(doc.basics.missing().len(), 5)
}

/// How complete one language's own text is (no fallback counted), in percent.
pub fn text_percent(doc: &OfferingDocument, language: &str) -> u8 {
    let missing = doc
        .texts
        .get(language)
        .map(|t| t.missing().len())
        .unwrap_or(4);
    percent(missing, 4)
}

/// The dashboard's completion figure: basics and the required English text.
pub fn overall_completion(doc: &OfferingDocument) -> u8 {
    ((u16::from(basics_percent(doc)) + u16::from(text_percent(doc, "en"))) / 2) as u8
}

#[cfg(test)]
#[path = "offering_tests.rs"]
mod tests;
