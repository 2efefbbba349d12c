//! Tests of `offering`: name and tag patterns, field rules, text fallback and completion.

use super::*;

#[test]
fn names_follow_the_platform_pattern() {
    let cases = [
        ("my-db", true),
        ("abc", true),
        ("a1", false),
        ("ab", false),
        ("1db", false),
        ("db-", false),
        ("My-db", false),
        ("my_db", false),
        ("my db", false),
        ("", false),
    ];
    for (name, ok) in cases {
        assert_eq!(validate_name(name).is_ok(), ok, "{name}");
    }
    assert!(
        validate_name(&format!("a{}", "b".repeat(63))).is_ok(),
        "64 characters"
    );
    assert!(
        validate_name(&format!("a{}", "b".repeat(64))).is_err(),
        "65 characters"
    );
    assert_eq!(validate_name(""), Err(Problem::Required));
}

#[test]
fn tags_follow_the_platform_pattern() {
    let cases = [
        ("databases", true),
        ("sql.v2", true),
        ("9lives", true),
        ("_x", false),
        ("Caps", false),
        ("a b", false),
    ];
    for (tag, ok) in cases {
        assert_eq!(validate_tag(tag).is_ok(), ok, "{tag}");
    }
    assert_eq!(
        validate_tag(&"a".repeat(101)),
        Err(Problem::TooLong { max: 100 })
    );
}

#[test]
fn basics_report_each_bad_field() {
    let basics = Basics {
        provider_display_name: "Acme".into(),
        category: "toasters".into(),
        tags: vec!["ok".into(), "Not OK".into()],
        regions: vec!["eu-de".into(), "mars-1".into()],
        documentation_url: "javascript:alert(1)".into(),
        terms_url: "https://acme.example/terms".into(),
        ..Basics::default()
    };
    let fields: Vec<(String, Problem)> = basics
        .problems()
        .into_iter()
        .map(|p| (p.field, p.problem))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("category".into(), Problem::UnknownChoice),
            ("tags".into(), Problem::TagPattern),
            ("regions".into(), Problem::UnknownChoice),
            ("documentation_url".into(), Problem::NotAUrl),
        ]
    );
    let too_many = Basics {
        tags: (0..21).map(|i| format!("t{i}")).collect(),
        ..Basics::default()
    };
    assert_eq!(too_many.problems()[0].problem, Problem::TooMany { max: 20 });
}

#[test]
fn catalog_text_limits() {
    let text = CatalogText {
        display_name: "x".repeat(65),
        short_description: "y".repeat(160),
        long_description: String::new(),
        bullets: vec![
            Bullet {
                title: String::new(),
                text: "orphan text".into(),
            },
            Bullet {
                title: "t".repeat(61),
                text: String::new(),
            },
        ],
    };
    let fields: Vec<String> = text.problems().into_iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        vec!["display_name", "bullets.0.title", "bullets.1.title"]
    );
    assert_eq!(text.missing(), vec!["long_description"]);
    assert_eq!(CatalogText::default().missing().len(), 4);
}

#[test]
fn dates() {
    for (d, ok) in [
        ("2026-11-24", true),
        ("2028-02-29", true),
        ("2026-02-29", false),
        ("2026-13-01", false),
        ("26-1-1", false),
    ] {
        assert_eq!(is_iso_date(d), ok, "{d}");
    }
}

#[test]
fn text_falls_back_to_english_field_by_field() {
    let mut doc = OfferingDocument::default();
    doc.texts.insert(
        "en".into(),
        CatalogText {
            display_name: "Fast DB".into(),
            short_description: "A database".into(),
            ..Default::default()
        },
    );
    doc.texts.insert(
        "de".into(),
        CatalogText {
            display_name: "Schnelle DB".into(),
            ..Default::default()
        },
    );
    let (de, fell_back) = doc.text_with_fallback("de");
    assert_eq!(de.display_name, "Schnelle DB");
    assert_eq!(de.short_description, "A database");
    assert!(fell_back);
    let (fr, fell_back) = doc.text_with_fallback("fr");
    assert_eq!(fr.display_name, "Fast DB");
    assert!(fell_back);
    let (en, fell_back) = doc.text_with_fallback("en");
    assert_eq!(en.display_name, "Fast DB");
    assert!(!fell_back);
    let name = |t: &CatalogText| !t.display_name.trim().is_empty();
    let short = |t: &CatalogText| !t.short_description.trim().is_empty();
    for (language, field_name, field_short) in [
        ("de", None, Some("en")),
        ("fr", Some("en"), Some("en")),
        ("en", None, None),
    ] {
        assert_eq!(
            doc.fallback_lang(language, name).as_deref(),
            field_name,
            "{language}"
        );
        assert_eq!(
            doc.fallback_lang(language, short).as_deref(),
            field_short,
            "{language}"
        );
    }
}

#[test]
fn completion_counts_basics_and_english() {
    let mut doc = OfferingDocument::default();
    assert_eq!(overall_completion(&doc), 0);
    doc.texts.insert(
        "en".into(),
        CatalogText {
            display_name: "D".into(),
            short_description: "S".into(),
            long_description: "L".into(),
            bullets: vec![Bullet {
                title: "T".into(),
                text: String::new(),
            }],
        },
    );
    assert_eq!(text_percent(&doc, "en"), 100);
    assert_eq!(text_percent(&doc, "de"), 0);
    assert_eq!(overall_completion(&doc), 50);
    doc.basics.provider_display_name = "Acme".into();
    doc.basics.category = "databases".into();
    doc.basics.regions = vec!["eu-de".into()];
    assert_eq!(basics_percent(&doc), 60);
    assert_eq!(overall_completion(&doc), 80);
}

#[test]
fn percent_complete() {
    assert_eq!(percent(0, 4), 100);
    assert_eq!(percent(1, 4), 75);
    assert_eq!(percent(4, 4), 0);
    assert_eq!(percent(0, 0), 100);
}
