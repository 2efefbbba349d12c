//! Brokers against the real test broker (end2end/broker/broker.py, openbrokerapi): register,
//! validate, smoke test (sync and async), export accepted by the broker's own model, outbound
//! refusals, access. The conformance run has its own file (`conformance.rs`).

mod common;
use app::brokers::server::{DeleteBroker, LoadBrokers, SaveBroker, ValidateBroker};
use common::broker::*;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

#[tokio::test]
async fn validate_passes_for_the_exported_catalog_and_lists_a_renamed_plan() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-validate").await;
    let mut b = app.signed_in(EDITOR).await;
    let catalog = export(&mut b, &id).await;
    let (accepted, said) = check_catalog(&serde_json::to_string_pretty(&catalog).unwrap());
    assert!(accepted, "openbrokerapi refused the export: {said}");

    let good = TestBroker::start(&catalog, &good_args());
    let broker = registered(&mut b, &id, "primary", &good.url).await;
    let run = validate(&mut b, &id, &broker).await;
    assert_eq!(run["status"], "passed", "{run:#}");
    assert_eq!(run["kind"], "validate");
    assert!(run["finished_at"].is_string());

    let mut renamed = catalog.clone();
    renamed["services"][0]["plans"][0]["name"] = json!("starter-v2");
    let drifted = TestBroker::start(&renamed, &good_args());
    let other = registered(&mut b, &id, "renamed", &drifted.url).await;
    let run = validate(&mut b, &id, &other).await;
    assert_eq!(run["status"], "failed");
    let mismatches: Vec<String> =
        serde_json::from_value(run["result"]["mismatches"].clone()).unwrap();
    assert!(
        mismatches
            .iter()
            .any(|m| m.contains("starter-v2") && m.contains("starter")),
        "{mismatches:?}"
    );

    // The last validation of each broker is listed with the broker.
    let data = load(&mut b, &id).await;
    let brokers = data["brokers"].as_array().unwrap();
    assert_eq!(brokers.len(), 2);
    let statuses: Vec<&str> = brokers
        .iter()
        .map(|b| b["validation"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["passed", "failed"]);

    // Wrong credentials: a sentence, not a crash.
    let res = b
        .call(
            SaveBroker::PATH,
            &[
                ("id", &id),
                ("broker_id", &broker),
                ("version", "1"),
                ("name", "primary"),
                ("url", &good.url),
                ("auth_kind", "basic"),
                ("username", BROKER_USER),
                ("secret", "not-the-password"),
                ("api_version", "2.17"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let run = validate(&mut b, &id, &broker).await;
    assert_eq!(run["status"], "failed");
    assert!(run["result"]["error"].as_str().unwrap().contains("401"));
}

#[tokio::test]
async fn smoke_test_passes_sync_and_async_with_a_timeline() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-smoke").await;
    let mut b = app.signed_in(EDITOR).await;
    let catalog = export(&mut b, &id).await;
    let starter = plan_id(&catalog, "starter");

    let sync = TestBroker::start(&catalog, &good_args());
    let broker = registered(&mut b, &id, "sync", &sync.url).await;
    let run = run(&mut b, &id, &broker, &starter, "smoke").await;
    assert_eq!(run["status"], "passed", "{run:#}");
    let labels: Vec<&str> = run["result"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["provision", "bind", "unbind", "deprovision"]);
    assert_eq!(run["result"]["steps"][0]["status"], 201);

    let mut args = good_args();
    args.extend(["--async", "--async-polls", "2"]);
    let asynchronous = TestBroker::start(&catalog, &args);
    let broker = registered(&mut b, &id, "async", &asynchronous.url).await;
    let run = self::run(&mut b, &id, &broker, &starter, "smoke").await;
    assert_eq!(run["status"], "passed", "{run:#}");
    let steps = run["result"]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["status"], 202);
    let polls = steps
        .iter()
        .filter(|s| s["label"] == "last_operation")
        .count();
    assert_eq!(polls, 3, "two `in progress`, then `succeeded`: {run:#}");
    assert!(steps.iter().all(|s| s["millis"].is_u64()));

    let readiness = app::brokers::service::broker_readiness(&app.state.app.pool, &id)
        .await
        .unwrap();
    assert_eq!(readiness.registered, 2);
    assert!(readiness.smoke_passed && !readiness.validated);

    // A plan that is not bindable: provision and deprovision only.
    let lite = plan_id(&catalog, "lite");
    let run = self::run(&mut b, &id, &broker, &lite, "smoke").await;
    assert_eq!(run["status"], "passed", "{run:#}");
    assert!(run["result"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["label"] != "bind"));
}

#[tokio::test]
async fn the_export_downloads_for_members_only() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-export").await;
    let mut b = app.signed_in(VIEWER).await;
    let page = b
        .get(&format!("/offerings/{id}/brokers/catalog.json"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("osb-export-catalog.json"));
    let catalog: Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(catalog["services"][0]["id"], id.as_str());
    assert_eq!(catalog["services"][0]["name"], "osb-export");
    assert_eq!(catalog["services"][0]["plans"].as_array().unwrap().len(), 2);
    assert!(check_catalog(&page.body).0);

    let mut other = app.signed_in(REVIEWER).await;
    let page = other
        .get(&format!("/offerings/{id}/brokers/catalog.json"))
        .await;
    assert_eq!(page.status, 404);
    let page = app
        .browser()
        .get(&format!("/offerings/{id}/brokers/catalog.json"))
        .await;
    assert_eq!(page.status, 401);
}

#[tokio::test]
async fn viewers_are_refused_and_other_organisations_see_nothing() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-access").await;
    let mut owner = app.signed_in(OWNER).await;
    let broker = registered(&mut owner, &id, "primary", "http://127.0.0.1:9/").await;

    let mut viewer = app.signed_in(VIEWER).await;
    assert_eq!(
        register(&mut viewer, &id, "mine", "http://127.0.0.1:9/")
            .await
            .status,
        403
    );
    let res = viewer
        .call(ValidateBroker::PATH, &[("id", &id), ("broker_id", &broker)])
        .await;
    assert_eq!(res.status, 403);
    let res = viewer
        .call(DeleteBroker::PATH, &[("id", &id), ("broker_id", &broker)])
        .await;
    assert_eq!(res.status, 403);
    let data = load(&mut viewer, &id).await;
    assert_eq!(data["can_edit"], false);
    assert_eq!(data["brokers"][0]["name"], "primary");

    let mut other = app.signed_in(REVIEWER).await;
    let res = other.call(LoadBrokers::PATH, &[("id", &id)]).await;
    assert_eq!(res.status, 404);
    assert_eq!(
        register(&mut other, &id, "mine", "http://127.0.0.1:9/")
            .await
            .status,
        404
    );

    // Unreachable broker: a failed validation with a sentence.
    let run = validate(&mut owner, &id, &broker).await;
    assert_eq!(run["status"], "failed");
    assert!(
        run["result"]["error"].as_str().unwrap().contains("connect"),
        "{run}"
    );

    let res = owner
        .call(DeleteBroker::PATH, &[("id", &id), ("broker_id", &broker)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.audit_count("broker.delete").await, 1);
    assert_eq!(app.audit_count("broker.create").await, 1);
}

#[tokio::test]
async fn private_and_metadata_addresses_are_refused_and_loopback_needs_development_mode() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-outbound").await;
    let mut b = app.signed_in(EDITOR).await;
    for url in [
        "https://10.1.2.3/",
        "https://192.168.0.10/broker",
        "https://172.16.5.5/",
        "https://169.254.169.254/latest/meta-data",
        "https://[fe80::1]/",
        "https://[fd00::1]/",
        "https://metadata.google.internal/",
        "http://broker.example.com/",
        "ftp://broker.example.com/",
        "https://user:pw@broker.example.com/",
    ] {
        let res = register(&mut b, &id, "refused", url).await;
        assert_eq!(res.status, 422, "{url}: {}", res.body);
        let v: Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(v["Invalid"][0]["field"], "url", "{url}: {v}");
    }
    // The client itself refuses before connecting (a literal private address needs no DNS).
    let out = app::brokers::client::Outbound::new(true);
    for url in [
        "https://10.0.0.1/v2/catalog",
        "https://169.254.169.254/v2/catalog",
    ] {
        let failure = out
            .call(
                reqwest::Method::GET,
                url,
                &app::brokers::client::Auth::None,
                None,
                None,
            )
            .await
            .unwrap_err();
        assert!(
            failure
                .message
                .contains("Enter the broker's public address"),
            "{}",
            failure.message
        );
    }

    // Outside development mode loopback is refused too.
    let production = TestApp::with(|c| c.dev_mode = false).await;
    let id = broker_offering(&production, "osb-production").await;
    let mut b = production.signed_in(EDITOR).await;
    for url in [
        "http://127.0.0.1:8080/",
        "https://127.0.0.1/",
        "https://localhost/",
    ] {
        let res = register(&mut b, &id, "loopback", url).await;
        assert_eq!(res.status, 422, "{url}: {}", res.body);
    }
    let out = app::brokers::client::Outbound::new(false);
    let failure = out
        .call(
            reqwest::Method::GET,
            "https://127.0.0.1:9/v2/catalog",
            &app::brokers::client::Auth::None,
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(failure.message.contains("loopback"), "{}", failure.message);
}

#[tokio::test]
async fn the_drift_watch_revalidates_and_raises_a_badge_when_the_catalog_no_longer_matches() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-drift").await;
    let mut b = app.signed_in(OWNER).await;
    let catalog = export(&mut b, &id).await;
    let good = TestBroker::start(&catalog, &good_args());
    let mut changed = catalog.clone();
    changed["services"][0]["plans"][1]["free"] = json!(false);
    let drifting = TestBroker::start(&changed, &good_args());
    registered(&mut b, &id, "a-steady", &good.url).await;
    registered(&mut b, &id, "b-drifting", &drifting.url).await;

    let drifted = server::brokers::check_drift(&app.state.app).await;
    assert_eq!(drifted, 1);
    let data = load(&mut b, &id).await;
    let brokers = data["brokers"].as_array().unwrap();
    assert_eq!(brokers[0]["validation"]["status"], "passed");
    assert_eq!(brokers[0]["validation"]["by_drift_watch"], true);
    let drift = &brokers[1]["validation"];
    assert_eq!(drift["status"], "failed");
    assert_eq!(drift["by_drift_watch"], true);
    assert!(
        drift["result"]["mismatches"][0]
            .as_str()
            .unwrap()
            .contains("lite"),
        "{drift}"
    );
    let view: app::brokers::server::BrokerView =
        serde_json::from_value(brokers[1].clone()).unwrap();
    assert!(view.drifted());
    let page = b.get(&format!("/offerings/{id}/brokers")).await;
    assert!(page.body.contains("Drift detected"));

    // Each member of the organisation is notified once, not again while it stays drifted.
    let notified = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM notifications WHERE message LIKE '%b-drifting%' AND link LIKE ?",
        )
        .bind(format!("/offerings/{id}/brokers"))
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap()
    };
    let members: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN offerings o ON o.organisation_id = m.organisation_id WHERE o.id = ?",
    )
    .bind(&id)
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    assert_eq!(notified().await, members);
    server::brokers::check_drift(&app.state.app).await;
    assert_eq!(notified().await, members);
}

async fn stored_secret(app: &TestApp, broker: &str) -> String {
    sqlx::query_scalar("SELECT secret FROM brokers WHERE id = ?")
        .bind(broker)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap()
}

/// Saves an edit of `broker` made on `version` (basic auth as `broker`).
#[allow(clippy::too_many_arguments)]
async fn edit(
    b: &mut Browser<'_>,
    id: &str,
    broker: &str,
    version: i64,
    name: &str,
    url: &str,
    username: &str,
    secret: &str,
) -> Page {
    let version = version.to_string();
    b.call(
        SaveBroker::PATH,
        &[
            ("id", id),
            ("broker_id", broker),
            ("version", &version),
            ("name", name),
            ("url", url),
            ("auth_kind", "basic"),
            ("username", username),
            ("secret", secret),
            ("api_version", "2.16"),
            ("locations", "eu-de"),
        ],
    )
    .await
}

#[tokio::test]
async fn editing_a_broker_keeps_or_replaces_its_secret_and_refuses_stale_and_viewer_edits() {
    let app = TestApp::new().await;
    let id = broker_offering(&app, "osb-edit").await;
    let mut b = app.signed_in(EDITOR).await;
    let catalog = export(&mut b, &id).await;
    let good = TestBroker::start(&catalog, &good_args());
    let broker = registered(&mut b, &id, "primary", &good.url).await;
    registered(&mut b, &id, "secondary", &good.url).await;
    let sealed = stored_secret(&app, &broker).await;

    // Renamed, another API version and locations, the secret left blank: the stored one is
    // kept (the same sealed value) and the real broker still accepts it.
    let res = edit(
        &mut b,
        &id,
        &broker,
        1,
        "primary-eu",
        &good.url,
        BROKER_USER,
        "",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(serde_json::from_str::<String>(&res.body).unwrap(), broker);
    let data = load(&mut b, &id).await;
    let edited = data["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == broker.as_str())
        .unwrap()
        .clone();
    assert_eq!(edited["name"], "primary-eu");
    assert_eq!(edited["api_version"], "2.16");
    assert_eq!(edited["locations"], json!(["eu-de"]));
    assert_eq!(edited["version"], 2);
    assert_eq!(stored_secret(&app, &broker).await, sealed);
    let run = validate(&mut b, &id, &broker).await;
    assert_eq!(run["status"], "passed", "{run:#}");

    // A new password replaces the stored one: a wrong one, so the real broker answers 401.
    let res = edit(
        &mut b,
        &id,
        &broker,
        2,
        "primary-eu",
        &good.url,
        BROKER_USER,
        "not-the-password",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let replaced = stored_secret(&app, &broker).await;
    assert!(replaced.starts_with("v1:") && replaced != sealed);
    assert!(!replaced.contains("not-the-password"));
    let run = validate(&mut b, &id, &broker).await;
    assert_eq!(run["status"], "failed");
    assert!(
        run["result"]["error"].as_str().unwrap().contains("401"),
        "{run:#}"
    );

    // An edit made on version 2 after that save is refused, not silently applied.
    let res = edit(
        &mut b,
        &id,
        &broker,
        2,
        "stale",
        &good.url,
        BROKER_USER,
        BROKER_PASSWORD,
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(
        res.body.contains("Someone else changed this broker"),
        "{}",
        res.body
    );
    let data = load(&mut b, &id).await;
    assert!(data["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["name"] != "stale"));
    assert_eq!(stored_secret(&app, &broker).await, replaced);

    // The registration rules, each under its field; another broker's name is taken.
    let res = edit(&mut b, &id, &broker, 3, " ", "https://10.0.0.1/", "", "").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(invalid_fields(&res), ["name", "url", "username"]);
    let res = edit(
        &mut b,
        &id,
        &broker,
        3,
        "Secondary",
        &good.url,
        BROKER_USER,
        "",
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(invalid_fields(&res), ["name"]);

    // The right password again: validation passes.
    let res = edit(
        &mut b,
        &id,
        &broker,
        3,
        "primary-eu",
        &good.url,
        BROKER_USER,
        BROKER_PASSWORD,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(validate(&mut b, &id, &broker).await["status"], "passed");

    // Viewers may not edit; another organisation does not see the broker.
    for (who, status) in [(VIEWER, 403), (REVIEWER, 404)] {
        let mut someone = app.signed_in(who).await;
        let res = edit(
            &mut someone,
            &id,
            &broker,
            4,
            "mine",
            &good.url,
            BROKER_USER,
            "",
        )
        .await;
        assert_eq!(res.status, status, "{who}: {}", res.body);
    }
    assert_eq!(app.audit_count("broker.update").await, 3);
    let audit: String = sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'broker.update' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    assert!(audit.contains("\"secret_changed\":false"), "{audit}");
}

#[tokio::test]
async fn a_broker_delete_through_the_api_writes_its_audit_row_with_the_change() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "osb-delete-audit").await;
    let api = common::api::ApiClient::for_user(&app, EDITOR, "write").await;
    let created = api
        .post(
            &format!("/api/v1/offerings/{id}/brokers"),
            &json!({ "name": "doomed", "url": "http://127.0.0.1:9/", "auth_kind": "bearer",
                     "secret": "t0ken", "api_version": "2.17", "locations": [" eu-de ", ""] }),
        )
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    let broker = created.json["broker_id"].as_str().unwrap().to_owned();
    let listed = api.get(&format!("/api/v1/offerings/{id}/brokers")).await;
    assert_eq!(listed.json["brokers"][0]["locations"], json!(["eu-de"]));

    let gone = api
        .delete(&format!("/api/v1/offerings/{id}/brokers/{broker}"))
        .await;
    assert_eq!(gone.status(), 204, "{gone:?}");
    let again = api
        .delete(&format!("/api/v1/offerings/{id}/brokers/{broker}"))
        .await;
    assert_eq!(again.status(), 404, "{again:?}");

    let pool = &app.state.app.pool;
    let rows: Vec<(Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT actor_id, subject_id, detail FROM audit_log WHERE action = 'broker.delete'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let editor = user_id(&app, EDITOR).await;
    assert_eq!(
        rows,
        [(Some(editor), Some(id.clone()), "broker doomed".to_owned())]
    );
    assert_eq!(app.audit_count("broker.create").await, 1);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM brokers WHERE id = ?")
        .bind(&broker)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_duplicate_broker_name_is_told_by_the_key_it_ran_into() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "osb-unique").await;
    let pool = &app.state.app.pool;
    let fields = app::brokers::db::NewBroker {
        name: "twice",
        url: "http://127.0.0.1:9/",
        auth_kind: "bearer",
        username: "",
        secret: Some("v1:x"),
        api_version: "2.17",
        locations: &[],
    };
    app::brokers::db::insert(pool, "b-1", &id, &fields)
        .await
        .unwrap();
    // What a registration that lost the race to another one with the same name runs into.
    let err = app::brokers::db::insert(pool, "b-2", &id, &fields)
        .await
        .unwrap_err();
    assert_eq!(
        app::store::unique_violation(&err).as_deref(),
        Some("brokers.offering_id, brokers.name")
    );
    assert_eq!(
        app::error::AppError::from(err),
        app::error::AppError::Conflict("This offering already has a broker with that name.".into())
    );
    // Another key of the schema answers its own sentence: the offering's name.
    let err = sqlx::query(
        "INSERT INTO offerings (id, organisation_id, name, document)
         SELECT 'o-2', organisation_id, name, document FROM offerings WHERE id = ?",
    )
    .bind(&id)
    .execute(pool)
    .await
    .unwrap_err();
    assert_eq!(
        app::error::AppError::from(err),
        app::error::AppError::Conflict("That name is already taken.".into())
    );
}

#[tokio::test]
async fn every_unique_key_of_the_schema_is_listed_with_what_it_means() {
    let app = TestApp::new().await;
    let pool = &app.state.app.pool;
    let tables: Vec<String> = sqlx::query_scalar(
        // Ordinary tables only: not the shadow tables behind the search index (FTS5).
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut keys = Vec::new();
    for table in tables {
        let indexes: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for index in indexes {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let named: Vec<String> = columns.iter().map(|c| format!("{table}.{c}")).collect();
            keys.push(named.join(", "));
        }
    }
    for (listed, _, _) in app::error::UNIQUE_KEYS {
        assert!(
            keys.iter().any(|k| k == listed),
            "{listed} is no key: {keys:?}"
        );
    }
    // Keys no form can run into (generated ids, versions, token hashes, the icon's upsert)
    // answer the generic sentence; a new key of the schema must be listed or named here.
    let generic = [
        "offering_versions.offering_id, offering_versions.version",
        "offering_icons.offering_id",
        "api_tokens.token_hash",
    ];
    let unlisted: Vec<&String> = keys
        .iter()
        .filter(|k| app::error::unique_key(k).is_none())
        .filter(|k| !generic.contains(&k.as_str()) && !k.ends_with(".id"))
        .collect();
    assert!(
        unlisted.is_empty(),
        "list these in UNIQUE_KEYS: {unlisted:?}"
    );
}
