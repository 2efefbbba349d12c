//! Tests of the broker catalog export: flags, tags, the icon's public address, and the refusal
//! of an offering without plans.

use super::super::{catalog_problems, compare, ExpectedPlan, ExpectedService};
use super::*;
use serde_json::json;

fn expected() -> ExpectedService {
    ExpectedService {
        id: "5b4c4c8e-0d4a-4c55-9a56-3f1c0d1e2a10".into(),
        name: "demo-db".into(),
        description: "A managed demo database.".into(),
        bindable: true,
        display_name: "Demo DB".into(),
        long_description: String::new(),
        image_url: Some("https://console.example.com/icons/5b4c".into()),
        tags: vec!["database".into(), "sql".into()],
        plan_updateable: true,
        instances_retrievable: true,
        bindings_retrievable: true,
        plans: vec![ExpectedPlan {
            id: "1f2e6a3b-7c8d-4e9f-a0b1-c2d3e4f5a6b7".into(),
            name: "standard".into(),
            description: "A dedicated database.".into(),
            free: false,
            bindable: None,
            display_name: "Standard".into(),
            parameters: vec![],
        }],
    }
}

#[test]
fn export_carries_tags_flags_and_the_image() {
    let catalog = exportable_catalog(&expected()).unwrap();
    let service = &catalog["services"][0];
    assert_eq!(service["tags"], json!(["database", "sql"]));
    assert_eq!(service["plan_updateable"], json!(true));
    assert_eq!(service["instances_retrievable"], json!(true));
    assert_eq!(service["bindings_retrievable"], json!(true));
    assert_eq!(
        service["metadata"]["imageUrl"],
        json!("https://console.example.com/icons/5b4c")
    );
    assert_eq!(catalog_problems(&catalog), Vec::<String>::new());
    assert_eq!(compare(&catalog, &expected()), Vec::<String>::new());
}

#[test]
fn unset_flags_and_no_tags_are_left_out_but_plan_updateable_is_always_said() {
    let mut e = expected();
    e.tags.clear();
    e.plan_updateable = false;
    e.instances_retrievable = false;
    e.bindings_retrievable = false;
    e.image_url = None;
    let catalog = exportable_catalog(&e).unwrap();
    let service = catalog["services"][0].as_object().unwrap();
    for absent in ["tags", "instances_retrievable", "bindings_retrievable"] {
        assert!(!service.contains_key(absent), "{absent}");
    }
    assert_eq!(service["plan_updateable"], json!(false));
    assert_eq!(service["metadata"].get("imageUrl"), None);
}

#[test]
fn an_offering_without_plans_is_refused_with_the_reason() {
    let mut e = expected();
    e.plans.clear();
    let refused = exportable_catalog(&e).unwrap_err();
    assert_eq!(refused, NO_PLANS);
    assert!(refused.contains("Add at least one plan"));
    assert!(refused.contains("Open Service Broker catalog"));
}

#[test]
fn the_icon_is_public_once_the_offering_may_be_seen() {
    for (visibility, public) in [
        (Visibility::Draft, false),
        (Visibility::Limited, true),
        (Visibility::InReview, true),
        (Visibility::Public, true),
        (Visibility::Deprecated, true),
        (Visibility::Retired, false),
    ] {
        assert_eq!(icon_is_public(visibility), public, "{visibility:?}");
    }
}

#[test]
fn image_urls() {
    let id = "5b4c4c8e-0d4a-4c55-9a56-3f1c0d1e2a10";
    let at = |url: &str| Some(format!("{url}/icons/{id}"));
    let cases = [
        (
            "https://rmc.example.com",
            Visibility::Public,
            true,
            at("https://rmc.example.com"),
        ),
        (
            "https://rmc.example.com/",
            Visibility::Limited,
            true,
            at("https://rmc.example.com"),
        ),
        (
            "http://127.0.0.1:3000",
            Visibility::Deprecated,
            true,
            at("http://127.0.0.1:3000"),
        ),
        ("https://rmc.example.com", Visibility::Public, false, None),
        ("https://rmc.example.com", Visibility::Draft, true, None),
        ("https://rmc.example.com", Visibility::Retired, true, None),
        ("", Visibility::Public, true, None),
    ];
    for (base, visibility, has_icon, want) in cases {
        assert_eq!(
            image_url(base, id, visibility, has_icon),
            want,
            "{base} {visibility:?} {has_icon}"
        );
    }
}
