use super::*;

use super::super::said_osb::OSB;
use crate::domain::broker::{self, ExpectedPlan, ExpectedService};
use crate::domain::outbound::{AddressKind, OutboundRefusal};
use serde_json::json;

#[test]
fn catalog_matches_english() {
    for (template, words) in CATALOG.iter().chain(OSB) {
        assert_eq!(
            words(Locale::en),
            *template,
            "en.json differs from the server's sentence"
        );
    }
}

#[test]
fn templates_are_listed_once_and_have_words() {
    let mut seen = std::collections::HashSet::new();
    for (template, _) in CATALOG.iter().chain(OSB) {
        assert!(seen.insert(*template), "listed twice: {template}");
        let words: String = template.split('%').step_by(2).collect();
        assert!(!words.is_empty(), "only a value: {template}");
        for name in template.split('%').skip(1).step_by(2) {
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "placeholder `{name}` in {template}"
            );
        }
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

/// `english` worded in German, with no English left of the sentence or of the labels in it.
fn assert_german(english: &str) {
    let german = said(Locale::de, english);
    assert_ne!(german, english, "not listed: {english}");
    for leftover in [
        " of ",
        " has ",
        "The ",
        "In ",
        " is not ",
        " at the broker",
        "answered",
    ] {
        assert!(
            !german.contains(leftover),
            "`{leftover}` in {german} ({english})"
        );
    }
}

#[test]
fn broker_sentences_in_german() {
    let cases = [
        // A conformance check's title and reasons.
        (
            "Binding is answered 201 Created",
            "Das Anlegen einer Bindung wird mit 201 Created beantwortet",
        ),
        (
            "Not applicable: the plan is not bindable.",
            "Nicht anwendbar: Der Plan ist nicht bindbar.",
        ),
        (
            "DELETE the instance answered 202; expected 200 (or 202).",
            "DELETE der Instanz lieferte 202; erwartet war 200 (oder 202).",
        ),
        // A catalog finding: its label is worded too, and the service inside the plan's label.
        (
            "Plan `lite` of service `db` has no `description`; give it a short, non-empty description.",
            "Der Plan `lite` vom Service `db` hat kein Feld `description`; geben Sie ihm eine kurze, nicht leere Beschreibung.",
        ),
        (
            "In the plan with id p1 of service #2, `free` is not true or false.",
            "Beim Plan mit der ID p1 vom Service Nr. 2 ist `free` weder true noch false.",
        ),
        // A check's findings joined in one reason: each worded on its own.
        (
            "Service `a` has no `bindable` flag; set it to true or false. Service `b` is not a JSON object.",
            "Der Service `a` hat kein Flag `bindable`; setzen Sie es auf true oder false. Der Service `b` ist kein JSON-Objekt.",
        ),
        (
            "Two services are named `db` (ids (none) and s2); service names must be unique in the catalog.",
            "Zwei Services heißen `db` (IDs (keine) und s2); Service-Namen müssen im Katalog eindeutig sein.",
        ),
        ("state: in progress (poll 2)", "Status: in progress (Abfrage 2)"),
        // Reasons of the probes, the plan change and the maintenance_info check.
        ("Answered 400, 201; expected 400.", "Lieferte 400, 201; erwartet war 400."),
        (
            "PATCH to plan p2 answered 200; expected 200 (or 202).",
            "PATCH auf den Plan p2 lieferte 200; erwartet war 200 (oder 202).",
        ),
        (
            "maintenance_info.version 0.0.0-rmc-conformance against the catalog's 1.2.0: answered 201; expected 422 with the error MaintenanceInfoConflict.",
            "maintenance_info.version 0.0.0-rmc-conformance statt 1.2.0 aus dem Katalog: lieferte 201; erwartet war 422 mit dem Fehler MaintenanceInfoConflict.",
        ),
    ];
    for (english, german) in cases {
        assert_eq!(said(Locale::de, english), german, "{english}");
    }
}

#[test]
fn a_client_failure_inside_a_reason_is_worded_too() {
    let cases = [
        (
            "Without credentials: GET /v2/catalog answered 404: Not here; expected 401.",
            "Ohne Zugangsdaten: GET /v2/catalog lieferte 404: Not here; erwartet war 401.",
        ),
        (
            "GET /v2/catalog The broker did not answer within 10 seconds.; no catalog to check.",
            "GET /v2/catalog Der Broker hat nicht innerhalb von 10 Sekunden geantwortet.; kein Katalog zum Prüfen.",
        ),
        // Four deep: reason, connect failure, resolved address, refusal.
        (
            "With a wrong password or token: GET /v2/catalog The console could not connect to the broker: broker.example.com resolves to 10.0.0.1: 10.0.0.1 is a private network address, which the console does not call. Enter the broker's public address..; expected 401.",
            "Mit falschem Passwort oder Token: GET /v2/catalog Die Konsole konnte keine Verbindung zum Broker herstellen: broker.example.com wird zu 10.0.0.1 aufgelöst: 10.0.0.1 ist eine Adresse in einem privaten Netz, die die Konsole nicht aufruft. Geben Sie die öffentliche Adresse des Brokers ein..; erwartet war 401.",
        ),
    ];
    for (english, german) in cases {
        assert_eq!(said(Locale::de, english), german, "{english}");
    }
}

#[test]
fn a_brokers_own_words_are_marked_as_quoted() {
    let english = "Without credentials: GET /v2/catalog answered 404: Not here; expected 401.";
    assert_eq!(
        said_marked(Locale::de, english),
        format!("Ohne Zugangsdaten: GET /v2/catalog lieferte 404: {OPEN}Not here{CLOSE}; erwartet war 401."),
    );
    // Worded values and the console's own values (a status code) are not quoted.
    assert!(!said_marked(Locale::de, "Choose between 1 and 5 instances.").contains(OPEN));
    // An unlisted sentence stays as it is, unmarked.
    assert_eq!(said_marked(Locale::de, "Anything else."), "Anything else.");
}

#[test]
fn every_conformance_title_is_listed() {
    for check in broker::CONFORMANCE_CHECKS {
        assert_german(check.title);
    }
}

#[test]
fn every_conformance_fix_is_listed() {
    for check in broker::CONFORMANCE_CHECKS {
        assert_german(check.fix);
    }
}

#[test]
fn every_catalog_finding_is_listed() {
    let catalogs = [
        json!([]),
        json!({}),
        json!({ "services": 1 }),
        json!({ "services": [
            "x",
            { "id": 5, "name": "", "bindable": "yes", "plan_updateable": 1, "tags": "a",
              "requires": [1], "metadata": [], "dashboard_client": 1, "plans": [] },
            { "id": "s3", "description": 3, "bindable": true },
            { "id": "s4", "name": "My Service", "description": "d", "plans": {} },
            { "id": "s4", "name": "dup", "description": "", "bindable": false, "plans": [
                1,
                { "id": 2, "name": "p q", "description": "", "free": "no", "bindable": 1,
                  "maximum_polling_duration": -1, "schemas": 1, "metadata": 1,
                  "maintenance_info": {} },
                { "name": "", "description": 1 },
                { "id": "", "name": 3, "description": "d" },
                { "id": "p9", "description": "d", "binding_rotatable": 0 },
                { "id": "p1", "name": "ok", "description": "d" },
                { "id": "p1", "name": "ok", "description": "d" },
            ] },
            { "id": "s6", "name": "dup", "description": "d", "bindable": true, "plans": [] },
            { "name": "solo", "description": "d", "bindable": true, "plans": [{}] },
            { "id": "", "description": "d", "bindable": true,
              "plans": [{ "id": "q", "name": "w", "description": "d" }] },
        ] }),
    ];
    let mut count = 0;
    for catalog in &catalogs {
        for finding in broker::catalog_findings(catalog) {
            assert_german(&finding.text);
            count += 1;
        }
    }
    assert!(count > 30, "the sample catalogs should find more: {count}");
}

#[test]
fn every_mismatch_is_listed() {
    let plan = |id: &str, name: &str, free: bool, bindable: Option<bool>| ExpectedPlan {
        id: id.into(),
        name: name.into(),
        description: "d".into(),
        free,
        bindable,
        display_name: name.into(),
        parameters: vec![],
    };
    let expected = |bindable: bool| ExpectedService {
        id: "svc".into(),
        name: "db".into(),
        description: "d".into(),
        bindable,
        display_name: "DB".into(),
        long_description: String::new(),
        image_url: None,
        tags: vec![],
        plan_updateable: false,
        instances_retrievable: false,
        bindings_retrievable: false,
        plans: vec![
            plan("p1", "small", true, None),
            plan("p2", "large", false, Some(false)),
            plan("p3", "gone", false, None),
            plan("p4", "paid", false, None),
        ],
    };
    let catalogs = [
        json!({}),
        json!({ "services": [] }),
        json!({ "services": [{ "id": "a", "name": "b" }] }),
        json!({ "services": [{ "id": "svc", "name": "database", "bindable": false, "plans": [
            { "id": "p1", "name": "smol", "free": false },
            { "id": "p2x", "name": "large", "bindable": true },
            { "id": "p4", "name": "paid", "free": true },
            { "id": "p9", "name": "extra" },
            {},
        ] }] }),
        json!({ "services": [{ "id": "other", "name": "db", "plans": [
            { "id": "p1", "name": "small" },
            { "id": "p2", "name": "large", "free": false, "bindable": true },
        ] }] }),
    ];
    let mut count = 0;
    for bindable in [true, false] {
        for catalog in &catalogs {
            for mismatch in broker::compare(catalog, &expected(bindable)) {
                assert_german(&mismatch);
                count += 1;
            }
        }
    }
    assert!(
        count > 20,
        "the sample catalogs should differ more: {count}"
    );
}

#[test]
fn every_refused_address_and_redirect_is_listed() {
    use AddressKind::*;
    let kinds = [
        Loopback,
        Unspecified,
        Private,
        SharedAddressSpace,
        LinkLocal,
        Metadata,
        Multicast,
        Broadcast,
        Documentation,
        Benchmarking,
        Reserved,
    ];
    let mut refusals: Vec<OutboundRefusal> = kinds
        .into_iter()
        .map(|kind| OutboundRefusal::Address {
            host: "10.0.0.1".into(),
            kind,
        })
        .collect();
    refusals.push(OutboundRefusal::RedirectElsewhere {
        from: "https://a.example.com".into(),
        to: "https://b.example.com".into(),
    });
    refusals.push(OutboundRefusal::BadRedirect {
        location: "http://[::1".into(),
    });
    for refusal in refusals {
        let english = refusal.english();
        assert_german(&english);
        let resolved = format!(
            "The console could not connect to the broker: broker.example.com resolves to 10.0.0.1: {english}."
        );
        assert_german(&resolved);
    }
}

#[cfg(feature = "ssr")]
#[test]
fn every_broker_field_error_is_listed() {
    use crate::brokers::service::{check_fields, BrokerInput, RunKind};
    let bad = BrokerInput {
        name: String::new(),
        url: "https://broker.example.com".into(),
        auth_kind: "digest".into(),
        api_version: "1.0".into(),
        locations: vec!["x".into(); 51],
        ..Default::default()
    };
    let basic = BrokerInput {
        name: "b".into(),
        url: "https://broker.example.com".into(),
        auth_kind: "basic".into(),
        secret: "x".repeat(1001),
        api_version: "2.17".into(),
        ..Default::default()
    };
    let mut messages: Vec<String> = [
        check_fields(&bad, true, false),
        check_fields(&basic, true, false),
    ]
    .concat()
    .into_iter()
    .map(|f| f.message)
    .collect();
    assert_eq!(messages.len(), 7, "{messages:?}");
    if let Err(crate::error::AppError::Invalid(fields)) = RunKind::parse("other") {
        messages.extend(fields.into_iter().map(|f| f.message));
    }
    assert_eq!(messages.len(), 8, "{messages:?}");
    for message in messages {
        assert_german(&message);
    }
}

#[test]
fn access_and_estimate_sentences_in_german() {
    use crate::domain::access::{Membership, Need, OrgRole, Principal};
    use crate::domain::pricing::EstimateError;
    let person = |role| Principal {
        user_id: "u".into(),
        email: "u@example.com".into(),
        display_name: "U".into(),
        is_admin: false,
        is_reviewer: false,
        memberships: vec![Membership {
            organisation_id: "o".into(),
            organisation_name: "O".into(),
            role,
        }],
    };
    let needs = |at_least| Need::OrgRole {
        organisation_id: "o".into(),
        at_least,
    };
    let refusals = [
        person(OrgRole::Viewer).check(&needs(OrgRole::Editor)),
        person(OrgRole::Viewer).check(&needs(OrgRole::Owner)),
        person(OrgRole::Editor).check(&needs(OrgRole::Owner)),
        person(OrgRole::Owner).check(&Need::Admin),
        person(OrgRole::Owner).check(&Need::Reviewer),
        person(OrgRole::Owner).check(&Need::MemberOrReviewer {
            organisation_id: "other".into(),
        }),
        person(OrgRole::Owner).check(&Need::OrgRole {
            organisation_id: "other".into(),
            at_least: OrgRole::Viewer,
        }),
    ];
    for refusal in refusals {
        assert_german(&refusal.expect_err("refused").0);
    }
    let metric = "API_CALLS".to_owned();
    for error in [
        EstimateError::NegativeQuantity {
            metric: metric.clone(),
        },
        EstimateError::UnknownMetric { metric },
        EstimateError::TooLarge,
        EstimateError::InvalidPlan {
            field: "monthly_fee".into(),
        },
    ] {
        assert_german(&error.english());
    }
    // The issuer check names what it called, then what went wrong, both worded.
    let nested = "Calling https://iam.example/.well-known/openid-configuration failed: \
                  The console could not connect to the identity provider: connection refused.";
    let german = said(Locale::de, nested);
    assert!(
        german.starts_with("Der Aufruf von https://iam.example/"),
        "{german}"
    );
    assert!(german.contains("Identitätsanbieter"), "{german}");
}
