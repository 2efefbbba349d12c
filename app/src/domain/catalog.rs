//! The catalog's rules (SPEC §8) and the facts the checklist is computed from (SPEC §7):
//! what a search matches, who sees an offering, and what an offering document still lacks.

use super::checklist::Facts;
use super::gap::{Gap, GapCode};
use super::offering::OfferingDocument;
use super::visibility::Visibility;

/// Lowercased words a catalog search matches: the name, every display name, the tags and the
/// category of the version the catalog shows.
pub fn search_text(name: &str, doc: &OfferingDocument) -> String {
    let mut words: Vec<String> = vec![name.to_lowercase()];
    for text in doc.texts.values() {
        if !text.display_name.trim().is_empty() {
            words.push(text.display_name.trim().to_lowercase());
        }
    }
    words.extend(doc.basics.tags.iter().map(|t| t.to_lowercase()));
    if !doc.basics.category.is_empty() {
        words.push(doc.basics.category.to_lowercase());
    }
    words.join(" \u{1f} ")
}

/// The full-text query (SQLite FTS5) for what a reader typed: each word as a prefix (`stor`
/// finds `storage`), all of them required; `None` when nothing searchable was typed. Words are
/// runs of letters and digits, so nothing typed reaches FTS5's query syntax.
pub fn match_expression(typed: &str) -> Option<String> {
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Where the viewer stands towards an offering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// Member of the owning organisation (any role).
    pub member: bool,
    /// Named as a test account of the offering.
    pub test_account: bool,
}

/// Whether an offering in `visibility` shows in `viewer`'s catalog: public and deprecated ones
/// for everyone signed in; limited ones (also while their publication is in review) for the
/// owning organisation and the named test accounts; drafts and retired ones for nobody.
pub fn visible_in_catalog(visibility: Visibility, viewer: Viewer) -> bool {
    match visibility {
        Visibility::Public | Visibility::Deprecated => true,
        Visibility::Limited | Visibility::InReview => viewer.member || viewer.test_account,
        Visibility::Draft | Visibility::Retired => false,
    }
}

/// The checklist facts the document itself gives; the caller adds test accounts, review
/// comments, brokers and IAM from their own tables.
pub fn document_facts(visibility: Visibility, doc: &OfferingDocument, has_icon: bool) -> Facts {
    let mut docs_missing = Vec::new();
    if doc.basics.documentation_url.trim().is_empty() {
        docs_missing.push(Gap::new(GapCode::AddDocumentation));
    }
    if doc.announcement.text.trim().is_empty() {
        docs_missing.push(Gap::new(GapCode::WriteAnnouncement));
    }
    if doc.announcement.date.is_empty() {
        docs_missing.push(Gap::new(GapCode::DateAnnouncement));
    }
    let mut metadata_missing: Vec<Gap> = doc
        .basics
        .missing()
        .into_iter()
        .filter(|f| *f != "documentation_url")
        .map(|f| Gap::at(GapCode::FillBasics, f))
        .collect();
    let english = doc.texts.get("en").cloned().unwrap_or_default();
    metadata_missing.extend(
        english
            .missing()
            .into_iter()
            .map(|f| Gap::at(GapCode::FillEnglish, f)),
    );
    if !has_icon {
        metadata_missing.push(Gap::new(GapCode::AddIcon));
    }
    Facts {
        visibility,
        docs_missing,
        metadata_missing,
        plan_count: doc.plans.len(),
        support_missing: doc.support.gaps(),
        ..Facts::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::offering::CatalogText;

    #[test]
    fn catalog_visibility_per_state_and_viewer() {
        let nobody = Viewer {
            member: false,
            test_account: false,
        };
        let tester = Viewer {
            member: false,
            test_account: true,
        };
        let member = Viewer {
            member: true,
            test_account: false,
        };
        use Visibility::*;
        for (state, expected) in [
            (Draft, [false, false, false]),
            (Limited, [false, true, true]),
            (InReview, [false, true, true]),
            (Public, [true, true, true]),
            (Deprecated, [true, true, true]),
            (Retired, [false, false, false]),
        ] {
            let got = [nobody, tester, member].map(|v| visible_in_catalog(state, v));
            assert_eq!(got, expected, "{state:?}");
        }
    }

    #[test]
    fn a_search_is_words_as_prefixes() {
        for (typed, expected) in [
            ("storage", Some(r#""storage"*"#)),
            ("  Fast  DB ", Some(r#""fast"* "db"*"#)),
            ("fast-db", Some(r#""fast"* "db"*"#)),
            ("Datenbänke", Some(r#""datenbänke"*"#)),
            ("\"OR NEAR(a b)*", Some(r#""or"* "near"* "a"* "b"*"#)),
            ("", None),
            ("  -*\" ", None),
        ] {
            assert_eq!(match_expression(typed).as_deref(), expected, "{typed:?}");
        }
    }

    #[test]
    fn search_text_holds_names_tags_and_category() {
        let mut doc = OfferingDocument::default();
        doc.basics.tags = vec!["sql".into(), "Postgres".into()];
        doc.basics.category = "databases".into();
        doc.texts.insert(
            "de".into(),
            CatalogText {
                display_name: "Schnelle Datenbank".into(),
                ..Default::default()
            },
        );
        let text = search_text("fast-db", &doc);
        for word in ["fast-db", "schnelle datenbank", "postgres", "databases"] {
            assert!(text.contains(word), "{word} in {text}");
        }
    }

    #[test]
    fn an_empty_document_lacks_docs_metadata_and_plans() {
        let facts = document_facts(Visibility::Draft, &OfferingDocument::default(), false);
        assert_eq!(facts.docs_missing.len(), 3);
        assert!(facts.metadata_missing.contains(&Gap::new(GapCode::AddIcon)));
        assert!(facts
            .metadata_missing
            .iter()
            .any(|m| m.code == GapCode::FillEnglish && m.field.as_deref() == Some("display_name")));
        assert_eq!(facts.plan_count, 0);
    }
}
