//! Offerings through their server functions: access per role, validation, uniqueness,
//! optimistic concurrency, audit with before/after, deletion, safe Markdown.

mod common;
use app::offerings::media::UploadIcon;
use app::offerings::server::{
    CreateOffering, DeleteOffering, DuplicateOffering, LoadDashboard, LoadOffering,
    OfferingHistory, PreviewMarkdown, SaveAnnouncement, SaveBasics, SaveText,
};
use axum::body::Body;
use axum::http::{header, Request};
use common::*;
use leptos::server_fn::ServerFn;

fn basics<'a>(id: &'a str, version: &'a str, provider: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("version", version),
        ("provider_display_name", provider),
        ("category", "databases"),
        ("tags", "sql, postgres"),
        ("regions", "eu-de, us-south"),
        ("documentation_url", "https://docs.acme.example"),
        ("terms_url", "https://acme.example/terms"),
        ("bindable", "on"),
    ]
}

#[tokio::test]
async fn who_may_create() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    for (who, status) in [
        (OWNER, 200),
        (EDITOR, 200),
        (VIEWER, 403),
        (REVIEWER, 403),
        (ADMIN, 403),
    ] {
        let mut b = app.signed_in(who).await;
        let name = format!("svc-{}", who.split('@').next().unwrap());
        let res = b
            .call(
                CreateOffering::PATH,
                &[("organisation_id", &org), ("name", &name)],
            )
            .await;
        assert_eq!(res.status, status, "{who}: {}", res.body);
    }
    let mut anonymous = app.browser();
    let res = anonymous
        .call(
            CreateOffering::PATH,
            &[("organisation_id", &org), ("name", "anon-svc")],
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(app.audit_count("offering.create").await, 2);
}

#[tokio::test]
async fn names_are_checked_and_unique_on_the_platform() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    let mut b = app.signed_in(OWNER).await;
    let res = b
        .call(
            CreateOffering::PATH,
            &[("organisation_id", &org), ("name", "Bad_Name")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("\"field\":\"name\""), "{}", res.body);
    assert!(res.body.contains("lowercase letters"), "{}", res.body);

    create_offering(&app, OWNER, "fast-postgres").await;
    let res = b
        .call(
            CreateOffering::PATH,
            &[("organisation_id", &org), ("name", "fast-postgres")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains("is already used by another offering"),
        "{}",
        res.body
    );
}

#[tokio::test]
async fn reading_is_for_members_only_and_others_see_nothing() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    for (who, status) in [
        (OWNER, 200),
        (EDITOR, 200),
        (VIEWER, 200),
        (REVIEWER, 404),
        (ADMIN, 404),
    ] {
        let mut b = app.signed_in(who).await;
        let res = b.call(LoadOffering::PATH, &[("id", &id)]).await;
        assert_eq!(res.status, status, "{who}: {}", res.body);
        let dashboard = b.call(LoadDashboard::PATH, &[]).await;
        assert_eq!(
            dashboard.body.contains("fast-postgres"),
            status == 200,
            "{who} dashboard"
        );
    }
    let page = app
        .signed_in(VIEWER)
        .await
        .get(&format!("/offerings/{id}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("fast-postgres") && page.body.contains(&id),
        "name and service id shown"
    );
    assert!(page
        .body
        .contains("you can read this offering but not change it"));
    let hidden = app
        .signed_in(REVIEWER)
        .await
        .get(&format!("/offerings/{id}"))
        .await;
    assert_eq!(hidden.status, 404);
    assert!(!hidden.body.contains("fast-postgres"));
}

#[tokio::test]
async fn editors_save_viewers_cannot_and_every_change_is_audited() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut editor = app.signed_in(EDITOR).await;
    let res = editor
        .call(SaveBasics::PATH, &basics(&id, "1", "Acme Data"))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body, "2", "the new version");

    let mut viewer = app.signed_in(VIEWER).await;
    let res = viewer
        .call(SaveBasics::PATH, &basics(&id, "2", "Viewer Was Here"))
        .await;
    assert_eq!(res.status, 403, "{}", res.body);

    let loaded = editor.call(LoadOffering::PATH, &[("id", &id)]).await;
    assert!(loaded.body.contains("Acme Data") && !loaded.body.contains("Viewer Was Here"));

    let (before, after): (String, String) = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'offering.update' AND subject_id = ?",
    )
    .bind(&id)
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(before["basics.provider_display_name"], "");
    assert_eq!(after["basics.provider_display_name"], "Acme Data");
    assert_eq!(after["basics.tags"], "sql, postgres");

    let history = editor.call(OfferingHistory::PATH, &[("id", &id)]).await;
    assert!(
        history.body.find("offering.update") < history.body.find("offering.create"),
        "newest first"
    );
}

#[tokio::test]
async fn a_stale_save_is_refused_with_what_the_other_person_changed() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut alice = app.signed_in(OWNER).await;
    let mut bob = app.signed_in(EDITOR).await;
    // Both opened version 1; Alice saves first.
    let res = alice
        .call(SaveBasics::PATH, &basics(&id, "1", "Alice Corp"))
        .await;
    assert_eq!(res.status, 200);
    let res = bob
        .call(SaveBasics::PATH, &basics(&id, "1", "Bob Ltd"))
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    let error: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(error["Stale"]["version"], 2);
    let changes = error["Stale"]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "basics.provider_display_name" && c["after"] == "Alice Corp"),
        "{changes:?}"
    );
    let loaded = alice.call(LoadOffering::PATH, &[("id", &id)]).await;
    assert!(
        loaded.body.contains("Alice Corp") && !loaded.body.contains("Bob Ltd"),
        "nothing overwritten"
    );
    // Bob re-applies on top of version 2.
    let res = bob
        .call(SaveBasics::PATH, &basics(&id, "2", "Bob Ltd"))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test]
async fn text_is_validated_per_field_and_markdown_renders_inert() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut b = app.signed_in(OWNER).await;
    let long_name = "x".repeat(65);
    let mut fields = vec![
        ("id", id.as_str()),
        ("version", "1"),
        ("language", "de"),
        ("display_name", long_name.as_str()),
        ("short_description", "Schnell"),
        ("long_description", "# Hallo"),
    ];
    let empty_bullets: Vec<(String, &str)> = (1..=5)
        .flat_map(|n| {
            [
                (format!("bullet{n}_title"), ""),
                (format!("bullet{n}_text"), ""),
            ]
        })
        .collect();
    fields.extend(empty_bullets.iter().map(|(k, v)| (k.as_str(), *v)));
    let res = b.call(SaveText::PATH, &fields).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains("\"field\":\"display_name\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("TooLong"), "{}", res.body);

    fields[3].1 = "Schnelle Datenbank";
    let res = b.call(SaveText::PATH, &fields).await;
    assert_eq!(res.status, 200, "{}", res.body);

    let html = b
        .call(
            PreviewMarkdown::PATH,
            &[(
                "markdown",
                "**ok** <script>alert(1)</script> [x](javascript:alert(2))",
            )],
        )
        .await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("<strong>ok</strong>"), "{}", html.body);
    assert!(
        !html.body.contains("<script") && !html.body.contains("javascript:"),
        "{}",
        html.body
    );
}

#[tokio::test]
async fn only_drafts_can_be_deleted_and_only_by_editors() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut viewer = app.signed_in(VIEWER).await;
    assert_eq!(
        viewer
            .call(DeleteOffering::PATH, &[("id", &id)])
            .await
            .status,
        403
    );

    sqlx::query("UPDATE offerings SET visibility = 'limited' WHERE id = ?")
        .bind(&id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let mut owner = app.signed_in(OWNER).await;
    let res = owner.call(DeleteOffering::PATH, &[("id", &id)]).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("Only drafts can be deleted"));

    let draft = create_offering(&app, OWNER, "second-svc").await;
    let res = owner.call(DeleteOffering::PATH, &[("id", &draft)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        owner
            .call(LoadOffering::PATH, &[("id", &draft)])
            .await
            .status,
        404
    );
    assert_eq!(app.audit_count("offering.delete").await, 1);
}

async fn upload(b: &mut Browser<'_>, id: &str, file: &[u8]) -> Page {
    let boundary = "rmc-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{id}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"icon\"; filename=\"icon.svg\"\r\nContent-Type: image/svg+xml\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(UploadIcon::PATH)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body))
        .unwrap();
    b.send(req).await
}

#[tokio::test]
async fn icons_with_scripts_or_external_references_are_refused_and_good_ones_served_to_members() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut owner = app.signed_in(OWNER).await;

    let scripted = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let res = upload(&mut owner, &id, scripted).await;
    let location = res.location().unwrap_or_default().to_owned();
    assert!(
        location.starts_with(&format!("/offerings/{id}/media?icon_error=")),
        "{location}"
    );
    assert!(
        urlencoding::decode(&location)
            .unwrap()
            .contains("<script> element"),
        "{location}"
    );
    let external = br#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>"#;
    let res = upload(&mut owner, &id, external).await;
    assert!(res.location().unwrap_or_default().contains("icon_error="));
    assert_eq!(
        owner.get(&format!("/offerings/{id}/icon")).await.status,
        404,
        "nothing stored"
    );

    let good = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0f62fe"/></svg>"##;
    let res = upload(&mut owner, &id, good).await;
    assert_eq!(
        res.location(),
        Some(format!("/offerings/{id}/media?uploaded=1").as_str())
    );
    let icon = owner.get(&format!("/offerings/{id}/icon")).await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(icon.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert!(icon.body.contains("#0f62fe"));
    assert_eq!(app.audit_count("offering.icon").await, 1);

    let mut viewer = app.signed_in(VIEWER).await;
    assert_eq!(
        viewer.get(&format!("/offerings/{id}/icon")).await.status,
        200,
        "members may see it"
    );
    let res = upload(&mut viewer, &id, good).await;
    assert_eq!(res.status, 403, "viewers cannot upload");
    let mut outsider = app.signed_in(REVIEWER).await;
    assert_eq!(
        outsider.get(&format!("/offerings/{id}/icon")).await.status,
        404
    );
}

#[tokio::test]
async fn announcements_need_a_real_date_and_duplicates_are_new_drafts() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "fast-postgres").await;
    let mut owner = app.signed_in(OWNER).await;
    // Nothing typed over nothing stored: the text is asked for, not "Saved.".
    let empty = [
        ("id", id.as_str()),
        ("version", "1"),
        ("text", " "),
        ("date", ""),
    ];
    let res = owner.call(SaveAnnouncement::PATH, &empty).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("\"text\""), "{}", res.body);
    for (date, status) in [("2026-02-30", 422), ("2026-12-01", 200)] {
        let fields = [
            ("id", id.as_str()),
            ("version", "1"),
            ("text", "GA in Frankfurt"),
            ("date", date),
        ];
        let res = owner.call(SaveAnnouncement::PATH, &fields).await;
        assert_eq!(res.status, status, "{date}: {}", res.body);
        if status == 422 {
            assert!(res.body.contains("NotADate"), "{}", res.body);
        }
    }

    let res = owner
        .call(
            DuplicateOffering::PATH,
            &[("id", &id), ("name", "fast-postgres")],
        )
        .await;
    assert_eq!(res.status, 422, "the name stays unique: {}", res.body);
    let res = owner
        .call(
            DuplicateOffering::PATH,
            &[("id", &id), ("name", "fast-postgres-eu")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let copy: String = serde_json::from_str(&res.body).unwrap();
    assert_ne!(copy, id, "a new service id");
    let loaded = owner.call(LoadOffering::PATH, &[("id", &copy)]).await;
    assert!(
        loaded.body.contains("GA in Frankfurt") && loaded.body.contains("\"visibility\":\"draft\""),
        "{}",
        loaded.body
    );

    let mut viewer = app.signed_in(VIEWER).await;
    let res = viewer
        .call(
            DuplicateOffering::PATH,
            &[("id", &id), ("name", "viewer-copy")],
        )
        .await;
    assert_eq!(res.status, 403);
}
