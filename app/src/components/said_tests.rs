use super::*;

#[test]
fn catalog_matches_english() {
    for (template, words) in CATALOG {
        assert_eq!(
            words(Locale::en),
            *template,
            "en.json differs from the server's sentence"
        );
    }
}

#[test]
fn captures_the_values_of_a_template() {
    type Values<'a> = Option<Vec<(&'a str, &'a str)>>;
    let cases: &[(&str, &str, Values)] = &[
        (
            "Use at most %max% characters.",
            "Use at most 80 characters.",
            Some(vec![("max", "80")]),
        ),
        (
            "Use at most %max% characters.",
            "Use at most characters.",
            None,
        ),
        (
            "Plan `%plan%` has no metric `%metric%`.",
            "Plan `lite` has no metric `API`.",
            Some(vec![("plan", "lite"), ("metric", "API")]),
        ),
        ("Enter a name.", "Enter a name.", Some(vec![])),
        ("Enter a name.", "Enter a name now.", None),
        ("%x%", "anything", Some(vec![("x", "anything")])),
    ];
    for (template, text, want) in cases {
        assert_eq!(captures(template, text), *want, "{template} / {text}");
    }
}

#[test]
fn sentences_in_another_language() {
    let cases = [
        (
            Locale::de,
            "That name is already taken.",
            "Dieser Name ist bereits vergeben.",
        ),
        (
            Locale::fr,
            "Use at most 80 characters.",
            "Utilisez au plus 80 caractères.",
        ),
        (
            Locale::pt_BR,
            "The action `db.x.y` granted to `Reader` does not exist.",
            "A ação `db.x.y` concedida a `Reader` não existe.",
        ),
        // Two sentences, each looked up; an unknown one stays as it is.
        (
            Locale::de,
            "Enter a name. Something new.",
            "Geben Sie einen Namen ein. Something new.",
        ),
        (Locale::it, "Not in the catalog.", "Not in the catalog."),
        (
            Locale::es,
            &crate::domain::visibility::Refusal::CommentRequired.english(),
            "Un rechazo necesita un comentario que diga al proveedor qué corregir.",
        ),
    ];
    for (locale, english, want) in cases {
        assert_eq!(said(locale, english), want, "{english}");
    }
}
