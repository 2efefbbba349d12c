use super::*;
use crate::domain::offering::{CatalogText, OfferingDocument};

#[test]
fn field_changes_name_each_changed_field() {
    let mut before = OfferingDocument::default();
    before.basics.tags = vec!["a".into()];
    let mut after = before.clone();
    after.basics.tags = vec!["a".into(), "b".into()];
    after.texts.insert(
        "en".into(),
        CatalogText {
            display_name: "New".into(),
            ..Default::default()
        },
    );
    let changes = field_changes(&before, &after);
    let seen: Vec<(&str, &str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c.field.as_str(),
                c.label.as_str(),
                c.before.as_str(),
                c.after.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("basics.tags", "Basics › Tags", "a", "a, b"),
            (
                "texts.en.display_name",
                "Catalog text (en) › Display name",
                "",
                "New"
            ),
        ]
    );
    assert_eq!(
        changes[1].steps,
        [
            Step::CatalogText { lang: "en".into() },
            Step::Field {
                key: "display_name".into(),
                qualifier: None
            }
        ]
    );
    assert!(field_changes(&before, &before).is_empty());
}

#[test]
fn labels_name_plans_metrics_tiers_and_prices() {
    let doc = serde_json::json!({
        "plans": [{ "id": "p-1", "name": "standard" }]
    });
    let empty = serde_json::json!({});
    let table = [
        (
            "texts.de.short_description",
            "Catalog text (de) › Short description",
        ),
        (
            "texts.en.bullets.0.title",
            "Catalog text (en) › Bullet 1 title",
        ),
        ("basics.documentation_url", "Basics › Documentation URL"),
        ("announcement.date", "Announcement › Date"),
        ("iam.redirect_uris", "IAM › Redirect URIs"),
        ("iam.grants.Auditor", "IAM › Actions granted to Auditor"),
        ("plans.p-1.name", "Plan “standard” › Name"),
        (
            "plans.p-1.texts.en.display_name",
            "Plan “standard” › Display name (en)",
        ),
        ("plans.p-1.pricing.kind", "Plan “standard” › Pricing type"),
        (
            "plans.p-1.pricing.monthly_fee.EUR",
            "Plan “standard” › Monthly fee (EUR)",
        ),
        (
            "plans.p-1.pricing.metrics.API_CALLS.tiers.1.prices.USD.unit_price",
            "Plan “standard” › Metric API_CALLS › Tier 2 › Unit price (USD)",
        ),
        (
            "plans.p-1.pricing.metrics.API_CALLS.tiers.0.up_to",
            "Plan “standard” › Metric API_CALLS › Tier 1 › Up to",
        ),
        (
            "plans.p-1.pricing.metrics.API_CALLS.unit_names.fr",
            "Plan “standard” › Metric API_CALLS › Unit name (fr)",
        ),
        ("plans.p-9.name", "Plan “p-9” › Name"),
    ];
    for (path, want) in table {
        assert_eq!(label(path, &doc, &empty), want, "{path}");
    }
}

#[test]
fn reordering_plans_changes_only_their_order() {
    let plans = serde_json::json!({ "plans": [
        { "id": "a", "name": "one", "pricing": { "kind": "free" } },
        { "id": "b", "name": "two", "pricing": { "kind": "paid" } }
    ]});
    let mut swapped = plans.clone();
    swapped["plans"].as_array_mut().unwrap().reverse();
    assert_eq!(
        field_changes(&plans, &swapped),
        [FieldChange {
            field: "plans".into(),
            label: "Plans › Order".into(),
            steps: vec![
                Step::Section {
                    key: "plans".into()
                },
                Step::field("order")
            ],
            before: "one, two".into(),
            after: "two, one".into(),
        }]
    );
    let mut renamed = plans.clone();
    renamed["plans"][1]["name"] = "deux".into();
    // A rename is a change of that plan's name (and of the list, which shows names).
    let changes = field_changes(&plans, &renamed);
    let fields: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.label.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("plans", "Plans › Order"),
            ("plans.b.name", "Plan “deux” › Name")
        ]
    );
}

#[test]
fn null_is_no_value_and_never_shown() {
    let before = serde_json::json!({ "announcement": { "date": null }, "tier": { "up_to": 100 } });
    let after = serde_json::json!({ "announcement": {}, "tier": { "up_to": null } });
    let changes = field_changes(&before, &after);
    let seen: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(seen, [("tier.up_to", "100", "")]);
    assert_eq!(changes[0].kind(), ChangeKind::Removed);
}

#[test]
fn plans_are_named_from_whichever_version_has_them() {
    let with = serde_json::json!({ "plans": [{ "id": "p-1", "name": "lite" }] });
    let without = serde_json::json!({ "plans": [] });
    // A removed plan is named from the older version.
    let removed = field_changes(&with, &without);
    assert!(removed.iter().any(|c| c.label == "Plan “lite” › Name"));
    assert!(removed.iter().all(|c| !c.label.contains("p-1")));
    // A flat audit object names it by its own `plans.<id>.name` entry through the caller.
    let flat = serde_json::json!({ "plans.p-1.pricing.kind": "paid" });
    let named = field_changes_named(&serde_json::json!({}), &flat, &|id| {
        (id == "p-1").then(|| "lite".to_owned())
    });
    assert_eq!(named[0].label, "Plan “lite” › Pricing type");
}

#[test]
fn changes_group_by_part_of_the_document_in_document_order() {
    let before = OfferingDocument::default();
    let mut after = before.clone();
    after.iam.enabled = true;
    after.basics.category = "databases".into();
    after.basics.tags = vec!["sql".into()];
    after.texts.insert(
        "de".into(),
        CatalogText {
            display_name: "Neu".into(),
            ..Default::default()
        },
    );
    let groups = group(field_changes(&before, &after));
    let seen: Vec<(String, usize, usize, usize, usize)> = groups
        .iter()
        .map(|g| {
            let title = g.title.english();
            (title, g.changes.len(), g.added, g.changed, g.removed)
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Basics".to_owned(), 2, 2, 0, 0),
            ("Catalog text (de)".to_owned(), 1, 1, 0, 0),
            // `false` → `true` changes a value.
            ("IAM".to_owned(), 1, 0, 1, 0),
        ]
    );
}

#[test]
fn steps_of_paths_outside_a_section() {
    let table = [
        ("icon", "Icon"),
        ("test_account", "Test account"),
        ("plans", "Plans › Order"),
        (
            "texts.en.bullets.2.text",
            "Catalog text (en) › Bullet 3 text",
        ),
    ];
    for (path, want) in table {
        assert_eq!(english(&steps(path, &|_| None)), want, "{path}");
    }
}

#[test]
fn an_element_id_is_its_key_not_a_field() {
    let before = serde_json::json!({ "plans": [] });
    let after = serde_json::json!({ "plans": [{ "id": "p-1", "name": "lite" }] });
    let fields: Vec<String> = field_changes(&before, &after)
        .into_iter()
        .map(|c| c.field)
        .collect();
    assert_eq!(fields, ["plans", "plans.p-1.name"]);
}

#[test]
fn support_changes_name_their_field_and_severity() {
    let before = OfferingDocument::default();
    let mut after = before.clone();
    after.support.email = "help@acme.example".into();
    after.support.days = vec!["mon".into(), "fri".into()];
    after
        .support
        .targets
        .insert(crate::domain::support::Severity::High, 240);
    let changes = field_changes(&before, &after);
    let seen: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.label.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("support.days", "Support › Days", "mon, fri"),
            ("support.email", "Support › Email", "help@acme.example"),
            ("support.targets.high", "Support › Target high", "240"),
        ]
    );
    let groups = group(changes);
    assert_eq!(
        groups[0].title,
        Step::Section {
            key: "support".into()
        }
    );
}
