//! Import and export through the REST API and the pages (SPEC §5 "Export", §9): an import runs
//! the plan form's rules (a price finer than the currency's minor units, plan ids), a copy
//! equals its source apart from ids, versions and timestamps (icon included) and gets new plan
//! ids, and the exported OSB catalog validates against a JSON Schema written from the OSB
//! spec's Catalog object (`tests/data/osb-catalog.schema.json`) and its uniqueness rules,
//! carrying `imageUrl`, tags and the OSB flags; an offering without plans is refused.

mod common;
use common::api::ApiClient;
use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;

const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#36c"/></svg>"##;
const PUBLIC_URL: &str = "https://rmc.example.com";
const NO_PLANS: &str = "Add at least one plan before exporting the broker catalog: the Open Service Broker catalog needs one.";

fn paid_plan(name: &str, usd: &str) -> Value {
    json!({
        "name": name,
        "texts": { "en": { "display_name": "Standard", "description": "Billed per call.", "limits": "", "bullets": ["Fast"] } },
        "pricing": {
            "kind": "paid",
            "metrics": [{
                "id": "API_CALLS",
                "unit_names": { "en": "1000 calls" },
                "unit_quantity": "1000",
                "model": "graduated",
                "tiers": [
                    { "up_to": "100", "prices": { "USD": { "unit_price": usd, "flat_fee": "5.00" }, "JPY": { "unit_price": "12" } } },
                    { "prices": { "USD": { "unit_price": "0.05" }, "JPY": { "unit_price": "6" } } }
                ]
            }]
        }
    })
}

fn free_plan(name: &str) -> Value {
    json!({
        "name": name,
        "bindable": false,
        "texts": { "en": { "display_name": "Starter", "description": "Try it for free.", "limits": "", "bullets": [] } },
        "pricing": { "kind": "free" }
    })
}

async fn app() -> TestApp {
    TestApp::with(|c| c.public_url = Some(format!("{PUBLIC_URL}/"))).await
}

/// A draft with basics (tags, OSB flags), an English text, two plans and an icon.
async fn filled(api: &ApiClient<'_>, name: &str) -> String {
    let (id, etag) = api.create_in(&api.org_id().await, name).await;
    let base = format!("/api/v1/offerings/{id}");
    let a = api
        .put(
            &format!("{base}/basics"),
            &json!({
                "provider_display_name": "Demo Cloud",
                "category": "databases",
                "tags": ["sql", "fast"],
                "regions": ["eu-de"],
                "documentation_url": "https://docs.demo.example",
                "terms_url": "https://demo.example/terms",
                "bindable": true,
                "plan_updateable": true,
                "instances_retrievable": true,
                "bindings_retrievable": false
            }),
            &etag,
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let a = api
        .put(
            &format!("{base}/texts/en"),
            &json!({
                "display_name": "Fast DB",
                "short_description": "A database that is fast.",
                "long_description": "# Fast\n\nReally.",
                "bullets": [{ "title": "Fast", "text": "Very fast." }]
            }),
            a.header("etag").unwrap(),
        )
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    let mut etag = a.header("etag").unwrap().to_owned();
    for plan in [paid_plan("standard", "0.10"), free_plan("starter")] {
        let a = api
            .send(
                "POST",
                &format!("{base}/plans"),
                Some(&plan),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(a.status(), 201, "{a:?}");
        etag = a.header("etag").unwrap().to_owned();
    }
    let a = api
        .send_bytes(
            "PUT",
            &format!("{base}/icon"),
            ICON.as_bytes(),
            "image/svg+xml",
        )
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    id
}

fn fields(a: &common::api::Answer) -> Vec<String> {
    a.json["fields"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

/// Standard base64 with padding (the test needs no crate for it).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn the_test_base64_is_standard() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
}

#[tokio::test]
async fn import_refuses_a_price_the_plan_form_refuses() {
    let app = app().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = filled(&owner, "fine-prices").await;

    // The plan form refuses a unit price with 11 decimals…
    let a = owner
        .send(
            "POST",
            &format!("/api/v1/offerings/{id}/plans"),
            Some(&paid_plan("finer", "0.00000000001")),
            &[("if-match", &owner.etag(&id).await)],
        )
        .await;
    assert_eq!(a.status(), 422, "{a:?}");
    assert!(
        fields(&a).contains(&"metrics.0.tiers.0.USD.unit_price".to_owned()),
        "{a:?}"
    );

    // …and so does the import, on the same field, for a copy and for an update; a JPY
    // flat fee with decimals and a USD flat fee finer than cents too. Nothing is stored.
    let exported = owner
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    let before = owner.etag(&id).await;
    let mut copy = exported.clone();
    copy["id"] = Value::Null;
    copy["name"] = json!("fine-prices-copy");
    for doc in [exported.clone(), copy] {
        let mut doc = doc;
        let tier = &mut doc["document"]["plans"][0]["pricing"]["metrics"][0]["tiers"][0];
        tier["prices"]["USD"]["unit_price"] = json!("0.00000000001");
        tier["prices"]["USD"]["flat_fee"] = json!("5.001");
        tier["prices"]["JPY"]["flat_fee"] = json!("12.5");
        let a = owner.post("/api/v1/offerings/import", &doc).await;
        assert_eq!(a.status(), 422, "{a:?}");
        let got = fields(&a);
        for f in [
            "document.plans.0.metrics.0.tiers.0.USD.unit_price",
            "document.plans.0.metrics.0.tiers.0.USD.flat_fee",
            "document.plans.0.metrics.0.tiers.0.JPY.flat_fee",
        ] {
            assert!(got.contains(&f.to_owned()), "{f} missing from {got:?}");
        }
        assert!(a.page.body.contains("decimal"), "{}", a.page.body);
    }
    assert_eq!(owner.etag(&id).await, before, "nothing stored");
    let listed = owner.get("/api/v1/offerings").await;
    assert!(!listed.page.body.contains("fine-prices-copy"));

    // A price at the currency's scale, written shorter, is stored as the form stores it.
    let mut doc = exported.clone();
    doc["document"]["plans"][0]["pricing"]["metrics"][0]["tiers"][0]["prices"]["USD"]
        ["unit_price"] = json!("0.2");
    let a = owner.post("/api/v1/offerings/import", &doc).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let got = owner.get(&format!("/api/v1/offerings/{id}")).await;
    let price = &got.json["document"]["plans"][0]["pricing"]["metrics"][0]["tiers"][0]["prices"]
        ["USD"]["unit_price"];
    assert_eq!(price, &json!("0.20"), "{price}");
}

#[tokio::test]
async fn import_refuses_empty_duplicate_and_non_uuid_plan_ids() {
    let app = app().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = filled(&owner, "plan-ids").await;
    let exported = owner
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    let first = exported["document"]["plans"][0]["id"].clone();
    let before = owner.etag(&id).await;
    for (bad, words) in [
        (json!(""), "required"),
        (json!("plan-2"), "not a UUID"),
        (first.clone(), "already the id of plan 0"),
    ] {
        for as_copy in [false, true] {
            let mut doc = exported.clone();
            doc["document"]["plans"][1]["id"] = bad.clone();
            if as_copy {
                doc["id"] = Value::Null;
                doc["name"] = json!("plan-ids-copy");
            }
            let a = owner.post("/api/v1/offerings/import", &doc).await;
            assert_eq!(a.status(), 422, "{bad} {a:?}");
            assert_eq!(fields(&a), ["document.plans.1.id"], "{a:?}");
            assert!(a.page.body.contains(words), "{}", a.page.body);
        }
    }
    assert_eq!(owner.etag(&id).await, before, "nothing stored");
}

#[tokio::test]
async fn an_export_imported_as_a_copy_equals_its_source_with_new_plan_ids_and_the_icon() {
    let app = app().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = filled(&owner, "source-db").await;
    let export = owner.get(&format!("/api/v1/offerings/{id}/export")).await;
    assert_eq!(export.status(), 200, "{export:?}");
    let source = export.json.clone();
    assert_eq!(source["icon"]["content_type"], "image/svg+xml");
    assert!(source["icon"]["data_base64"].as_str().unwrap().len() > 20);

    // The same document back is an update with no changes, and keeps the plan ids.
    let a = owner
        .post("/api/v1/offerings/import?dry_run=true", &source)
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.json["action"], "update");
    assert_eq!(a.json["changes"], json!([]), "{a:?}");

    let mut copy = source.clone();
    copy["id"] = Value::Null;
    copy["name"] = json!("copy-db");
    let a = owner.post("/api/v1/offerings/import", &copy).await;
    assert_eq!(a.status(), 201, "{a:?}");
    let changed: Vec<&str> = a.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(changed.contains(&"icon"), "{changed:?}");
    let new_id = a.json["offering_id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, id);
    let back = owner
        .get(&format!("/api/v1/offerings/{new_id}/export"))
        .await;
    assert_eq!(back.status(), 200, "{back:?}");
    let back = back.json;

    // Plan ids: all new, UUIDs, in the same order; with the source's ids put back, the copy's
    // document is the source's, and so is the icon.
    let source_ids: Vec<&str> = source["document"]["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let mut document = back["document"].clone();
    for (plan, old) in document["plans"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(&source_ids)
    {
        let new = plan["id"].as_str().unwrap();
        assert_ne!(new, *old);
        assert!(uuid::Uuid::parse_str(new).is_ok(), "{new}");
        plan["id"] = json!(old);
    }
    assert_eq!(document, source["document"]);
    assert_eq!(back["icon"], source["icon"]);
    assert_eq!(back["name"], "copy-db");

    // The copy's icon is served as the source's, and the two offerings share no plan id.
    let mut b = app.signed_in(OWNER).await;
    let served = b.get(&format!("/offerings/{new_id}/icon")).await;
    assert_eq!(served.status, 200);
    assert_eq!(
        served.body,
        b.get(&format!("/offerings/{id}/icon")).await.body
    );
    let mut all = HashSet::new();
    for doc in [&source, &back] {
        for p in doc["document"]["plans"].as_array().unwrap() {
            assert!(all.insert(p["id"].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(
        app.audit_count("offering.icon").await,
        2,
        "the upload and the import"
    );
}

#[tokio::test]
async fn an_imported_icon_is_checked_and_cleaned_like_an_upload() {
    let app = app().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = filled(&owner, "icon-db").await;
    let exported = owner
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    let before = owner.etag(&id).await;
    for (icon, field) in [
        (
            json!({ "content_type": "image/png", "data_base64": exported["icon"]["data_base64"] }),
            "icon.content_type",
        ),
        (
            json!({ "content_type": "image/svg+xml", "data_base64": "not base64!" }),
            "icon.data_base64",
        ),
        (
            json!({ "content_type": "image/gif", "data_base64": base64(b"GIF89a....") }),
            "icon.data_base64",
        ),
    ] {
        let mut doc = exported.clone();
        doc["icon"] = icon;
        let a = owner.post("/api/v1/offerings/import", &doc).await;
        assert_eq!(a.status(), 422, "{a:?}");
        assert_eq!(fields(&a), [field], "{a:?}");
    }
    assert_eq!(owner.etag(&id).await, before);

    // A crafted SVG is stored cleaned, as an upload would be.
    let crafted = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" onload="alert(1)"><script>alert(2)</script><rect width="16" height="16" fill="#c33"/></svg>"##;
    let mut doc = exported.clone();
    doc["icon"] =
        json!({ "content_type": "image/svg+xml", "data_base64": base64(crafted.as_bytes()) });
    let a = owner.post("/api/v1/offerings/import", &doc).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let mut b = app.signed_in(OWNER).await;
    let served = b.get(&format!("/offerings/{id}/icon")).await;
    assert_eq!(served.status, 200);
    assert!(served.body.contains("<rect"), "{}", served.body);
    assert!(
        !served.body.contains("script") && !served.body.contains("onload"),
        "{}",
        served.body
    );
}

/// Every uniqueness rule of an OSB catalog the schema cannot say: service ids and names unique,
/// plan ids unique across the catalog, plan names unique within their service.
fn uniqueness_problems(catalog: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let (mut service_ids, mut service_names, mut plan_ids) =
        (HashSet::new(), HashSet::new(), HashSet::new());
    for s in catalog["services"].as_array().into_iter().flatten() {
        if !service_ids.insert(s["id"].to_string()) {
            out.push(format!("service id {} twice", s["id"]));
        }
        if !service_names.insert(s["name"].to_string()) {
            out.push(format!("service name {} twice", s["name"]));
        }
        let mut names = HashSet::new();
        for p in s["plans"].as_array().into_iter().flatten() {
            if !plan_ids.insert(p["id"].to_string()) {
                out.push(format!("plan id {} twice", p["id"]));
            }
            if !names.insert(p["name"].to_string()) {
                out.push(format!("plan name {} twice in {}", p["name"], s["name"]));
            }
        }
    }
    out
}

fn schema_problems(catalog: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(include_str!("data/osb-catalog.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut out: Vec<String> = validator
        .iter_errors(catalog)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect();
    out.extend(uniqueness_problems(catalog));
    out
}

#[test]
fn the_schema_and_the_uniqueness_rules_catch_what_they_should() {
    let good = json!({ "services": [{
        "id": "s1", "name": "a", "description": "A.", "bindable": true,
        "plans": [{ "id": "p1", "name": "x", "description": "X." }, { "id": "p2", "name": "y", "description": "Y." }]
    }]});
    assert_eq!(schema_problems(&good), Vec::<String>::new());
    let edits: Vec<(&str, Value)> = vec![
        ("/services/0/plans", json!([])),
        ("/services/0/id", json!("")),
        ("/services/0/plans/0/id", json!(7)),
        ("/services/0/plans/1/id", json!("p1")),
        ("/services/0/plans/1/name", json!("x")),
        ("/services/0/bindable", json!("yes")),
        ("/services/0/tags", json!([1])),
    ];
    for (pointer, value) in edits {
        let mut bad = good.clone();
        *bad.pointer_mut(pointer).unwrap_or(&mut Value::Null) = value.clone();
        if bad == good {
            bad["services"][0][pointer.rsplit('/').next().unwrap()] = value;
        }
        assert!(!schema_problems(&bad).is_empty(), "{pointer} passed: {bad}");
    }
    let mut two = good.clone();
    let service = two["services"][0].clone();
    two["services"].as_array_mut().unwrap().push(service);
    assert_eq!(
        schema_problems(&two).len(),
        4,
        "{:?}",
        schema_problems(&two)
    );
}

#[tokio::test]
async fn the_broker_catalog_validates_and_carries_image_url_tags_and_flags() {
    let app = app().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = filled(&owner, "catalog-db").await;
    let path = format!("/api/v1/offerings/{id}/broker-catalog");

    // A draft: valid, tags and flags from Basics, no imageUrl (nobody outside has seen it),
    // and its icon is not public yet.
    let a = owner.get(&path).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let catalog = a.json.clone();
    assert_eq!(schema_problems(&catalog), Vec::<String>::new(), "{catalog}");
    let service = &catalog["services"][0];
    assert_eq!(service["id"], id.as_str());
    assert_eq!(service["tags"], json!(["sql", "fast"]));
    assert_eq!(service["plan_updateable"], json!(true));
    assert_eq!(service["instances_retrievable"], json!(true));
    assert_eq!(
        service.get("bindings_retrievable"),
        None,
        "false is left out"
    );
    assert_eq!(service["metadata"].get("imageUrl"), None, "{service}");
    assert_eq!(service["plans"].as_array().unwrap().len(), 2);
    let anonymous = app.browser().get(&format!("/icons/{id}")).await;
    assert_eq!(anonymous.status, 404);

    // Limited (seen by test accounts in the marketplace): imageUrl at the public address,
    // which serves the icon to anyone.
    sqlx::query("UPDATE offerings SET visibility = 'limited' WHERE id = ?")
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let a = owner.get(&path).await;
    assert_eq!(a.status(), 200, "{a:?}");
    let catalog = a.json.clone();
    assert_eq!(schema_problems(&catalog), Vec::<String>::new(), "{catalog}");
    let image = format!("{PUBLIC_URL}/icons/{id}");
    assert_eq!(
        catalog["services"][0]["metadata"]["imageUrl"],
        image.as_str()
    );
    let served = app.browser().get(&format!("/icons/{id}")).await;
    assert_eq!(served.status, 200, "{}", served.body);
    assert!(served.body.contains("<circle"), "{}", served.body);
    assert_eq!(served.headers.get("content-type").unwrap(), "image/svg+xml");
    assert!(served.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));

    // The page's download and preview are the same catalog.
    let mut b = app.signed_in(OWNER).await;
    let page = b
        .get(&format!("/offerings/{id}/brokers/catalog.json"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(serde_json::from_str::<Value>(&page.body).unwrap(), catalog);
    let listed = owner.get(&format!("/api/v1/offerings/{id}/brokers")).await;
    let preview: Value = serde_json::from_str(listed.json["export"].as_str().unwrap()).unwrap();
    assert_eq!(preview, catalog);

    // A copy of it on the same platform: the two catalogs together still have unique plan ids.
    let mut copy = owner
        .get(&format!("/api/v1/offerings/{id}/export"))
        .await
        .json;
    copy["id"] = Value::Null;
    copy["name"] = json!("catalog-db-copy");
    let a = owner.post("/api/v1/offerings/import", &copy).await;
    assert_eq!(a.status(), 201, "{a:?}");
    let copy_id = a.json["offering_id"].as_str().unwrap();
    let other = owner
        .get(&format!("/api/v1/offerings/{copy_id}/broker-catalog"))
        .await
        .json;
    let both = json!({ "services": [catalog["services"][0], other["services"][0]] });
    assert_eq!(schema_problems(&both), Vec::<String>::new(), "{both}");
}

#[tokio::test]
async fn an_offering_without_plans_has_no_broker_catalog() {
    let app = app().await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let (id, _) = owner.create_in(&owner.org_id().await, "no-plans").await;

    let a = owner
        .get(&format!("/api/v1/offerings/{id}/broker-catalog"))
        .await;
    assert_eq!(a.status(), 409, "{a:?}");
    assert_eq!(a.json["message"], NO_PLANS, "{a:?}");

    let mut b = app.signed_in(OWNER).await;
    let page = b
        .get(&format!("/offerings/{id}/brokers/catalog.json"))
        .await;
    assert_eq!(page.status, 409, "{}", page.body);
    assert_eq!(page.body, NO_PLANS);

    let listed = owner.get(&format!("/api/v1/offerings/{id}/brokers")).await;
    assert_eq!(listed.status(), 200, "{listed:?}");
    assert_eq!(listed.json["export"], NO_PLANS);

    // Other members' rules stand: a stranger gets 404.
    let stranger = ApiClient::for_user(&app, REVIEWER, "read").await;
    let a = stranger
        .get(&format!("/api/v1/offerings/{id}/broker-catalog"))
        .await;
    assert_eq!(a.status(), 404, "{a:?}");
}
