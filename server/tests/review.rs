//! Visibility and review through the server functions: every transition per role (allowed and
//! refused), readiness gates, frozen snapshots, self-review refusal, working copies of public
//! offerings, per-field comments, notifications, and who sees what in the catalog.

mod common;
use app::catalog::server::{LoadCatalogOffering, SearchCatalog};
use app::domain::offering::{Bullet, CatalogText, OfferingDocument};
use app::domain::plan::PlanInput;
use app::iam::server::CreateSsoClient;
use app::notifications::server::LoadInbox;
use app::offerings::server::SaveText;
use app::review::server::{
    AddTestAccount, ChangeVisibility, LoadRequest, LoadVisibility, PostComment, ResolveComment,
    ReviewQueue,
};
use common::broker::ready_broker;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::Value;

async fn pool(app: &TestApp) -> sqlx::SqlitePool {
    app.state.app.pool.clone()
}

/// A complete document: basics, English text, announcement, one free plan.
fn complete_document(display: &str) -> OfferingDocument {
    let mut doc = OfferingDocument::default();
    doc.basics.provider_display_name = "Demo Cloud".into();
    doc.basics.category = "databases".into();
    doc.basics.tags = vec!["sql".into()];
    doc.basics.regions = vec!["eu-de".into()];
    doc.basics.documentation_url = "https://docs.demo.example".into();
    doc.basics.terms_url = "https://demo.example/terms".into();
    doc.support = complete_support();
    doc.texts.insert(
        "en".into(),
        CatalogText {
            display_name: display.into(),
            short_description: "A database that is fast.".into(),
            long_description: "# Fast\n\nReally.".into(),
            bullets: vec![Bullet {
                title: "Fast".into(),
                text: "Very fast.".into(),
            }],
        },
    );
    doc.announcement.text = "Now available.".into();
    doc.announcement.date = "2026-12-01".into();
    doc.iam.enabled = true;
    doc.iam.redirect_uris = vec!["https://dashboard.demo.example/callback".into()];
    let mut plan = PlanInput {
        name: "free".into(),
        kind: "free".into(),
        ..PlanInput::default()
    };
    let en = plan.texts.get_mut("en").unwrap();
    en.display_name = "Free".into();
    en.description = "Try it.".into();
    doc.plans
        .push(plan.parse("11111111-1111-4111-8111-111111111111").unwrap());
    doc
}

/// Creates an offering as the demo owner with `doc` as its document and an icon; returns its id.
async fn offering_with(app: &TestApp, name: &str, doc: &OfferingDocument) -> String {
    let id = create_offering(app, OWNER, name).await;
    let p = pool(app).await;
    let owner = user_id(app, OWNER).await;
    let mut tx = app::store::write(&p).await.unwrap();
    app::offerings::db::save_document(&mut tx, &id, 1, doc, &owner)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    app::offerings::db::set_icon(&p, &id, "image/png", b"png")
        .await
        .unwrap();
    id
}

/// Creates an offering as the demo owner and completes it (document with IAM, icon, SSO client,
/// a broker validated and smoke-tested against the real test broker); returns its id.
async fn complete_offering(app: &TestApp, name: &str) -> String {
    let id = offering_with(app, name, &complete_document("Fast DB")).await;
    let mut b = app.signed_in(OWNER).await;
    let res = b.call(CreateSsoClient::PATH, &[("id", &id)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    ready_broker(&mut b, &id).await;
    id
}

/// The offering's latest review request.
async fn latest_request(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar(
        "SELECT id FROM review_requests WHERE offering_id = ? ORDER BY requested_at DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&pool(app).await)
    .await
    .unwrap()
}

async fn act(b: &mut Browser<'_>, id: &str, event: &str, text: &str) -> Page {
    b.call(
        ChangeVisibility::PATH,
        &[("id", id), ("event", event), ("text", text)],
    )
    .await
}

async fn state(app: &TestApp, id: &str) -> (String, Option<String>) {
    sqlx::query_as("SELECT visibility, pending_request FROM offerings WHERE id = ?")
        .bind(id)
        .fetch_one(&pool(app).await)
        .await
        .unwrap()
}

fn st(v: &str, p: Option<&str>) -> (String, Option<String>) {
    (v.to_owned(), p.map(str::to_owned))
}

#[tokio::test]
async fn an_empty_offering_is_not_ready_for_limited() {
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "empty-one").await;
    let mut owner = app.signed_in(OWNER).await;
    let res = act(&mut owner, &id, "make_limited", "").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("Add at least one plan"), "{}", res.body);
    assert_eq!(state(&app, &id).await, st("draft", None));
}

/// The broker and IAM steps gate as SPEC §6 says: limited needs a validated broker; public needs
/// IAM with an SSO client and a passed smoke test as well.
#[tokio::test]
async fn readiness_needs_a_validated_broker_then_iam_and_a_smoke_test() {
    let app = TestApp::new().await;
    let mut doc = complete_document("Gated DB");
    doc.iam.enabled = false;
    doc.support.email = String::new();
    let id = offering_with(&app, "gated-db", &doc).await;
    let mut owner = app.signed_in(OWNER).await;
    let p = pool(&app).await;
    let owner_id = user_id(&app, OWNER).await;

    let res = act(&mut owner, &id, "make_limited", "").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(
        res.body.contains("Register a service broker"),
        "{}",
        res.body
    );

    // A registered broker that answers with another catalog does not validate.
    let catalog = common::broker::export(&mut owner, &id).await;
    let mut renamed = catalog.clone();
    renamed["services"][0]["plans"][0]["name"] = serde_json::json!("free-v2");
    let wrong = common::broker::TestBroker::start(&renamed, &common::broker::good_args());
    let broker = common::broker::registered(&mut owner, &id, "wrong", &wrong.url).await;
    let run = common::broker::validate(&mut owner, &id, &broker).await;
    assert_eq!(run["status"], "failed");
    let res = act(&mut owner, &id, "make_limited", "").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("Validate the broker"), "{}", res.body);

    // Validated: limited is allowed; public still needs IAM and a smoke test.
    let good = common::broker::TestBroker::start(&catalog, &common::broker::good_args());
    let broker = common::broker::registered(&mut owner, &id, "primary", &good.url).await;
    let run = common::broker::validate(&mut owner, &id, &broker).await;
    assert_eq!(run["status"], "passed", "{run:#}");
    assert_eq!(act(&mut owner, &id, "make_limited", "").await.status, 200);
    owner
        .call(AddTestAccount::PATH, &[("id", &id), ("email", ADMIN)])
        .await;
    let res = act(&mut owner, &id, "request_public", "").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("Enable IAM"), "{}", res.body);
    assert!(res.body.contains("smoke test"), "{}", res.body);
    assert!(
        res.body.contains("Fill in the support email (Support)."),
        "{}",
        res.body
    );

    // The checklist says the same, line by line.
    let view: Value =
        serde_json::from_str(&owner.call(LoadVisibility::PATH, &[("id", &id)]).await.body).unwrap();
    let missing = |step: &str| -> Vec<String> {
        let gaps: Vec<Value> = view["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["step"] == step)
            .map(|l| serde_json::from_value(l["missing"].clone()).unwrap())
            .unwrap();
        gaps.iter()
            .map(|g| g["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(missing("broker").is_empty());
    assert_eq!(missing("iam"), ["enable_iam"]);
    assert_eq!(missing("limited_test"), ["pass_smoke_test"]);
    assert_eq!(missing("support"), ["fill_support"]);

    // IAM enabled without an SSO client is still missing the client.
    doc.iam.enabled = true;
    doc.support.email = "help@demo.example".into();
    doc.iam.redirect_uris = vec!["https://dashboard.demo.example/callback".into()];
    let v = version(&mut owner, &id).await;
    let mut tx = app::store::write(&p).await.unwrap();
    app::offerings::db::save_document(&mut tx, &id, v, &doc, &owner_id)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    let res = act(&mut owner, &id, "request_public", "").await;
    assert!(
        res.body
            .contains("Create the dashboard's single sign-on client"),
        "{}",
        res.body
    );
    let res = owner.call(CreateSsoClient::PATH, &[("id", &id)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let plan = catalog["services"][0]["plans"][0]["id"].as_str().unwrap();
    let smoke = common::broker::run(&mut owner, &id, &broker, plan, "smoke").await;
    assert_eq!(smoke["status"], "passed", "{smoke:#}");
    let res = act(&mut owner, &id, "request_public", "Ready.").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(state(&app, &id).await, st("in_review", Some("publish")));
}

#[tokio::test]
async fn every_transition_checks_the_role_and_the_state() {
    let app = TestApp::new().await;
    let id = complete_offering(&app, "review-roles").await;
    let mut owner = app.signed_in(OWNER).await;
    let mut editor = app.signed_in(EDITOR).await;
    let mut viewer = app.signed_in(VIEWER).await;
    let mut reviewer = app.signed_in(REVIEWER).await;
    let mut admin = app.signed_in(ADMIN).await;

    // draft → limited: editors and owners only.
    assert_eq!(act(&mut viewer, &id, "make_limited", "").await.status, 403);
    assert_eq!(
        act(&mut reviewer, &id, "make_limited", "").await.status,
        403
    );
    assert_eq!(
        act(&mut admin, &id, "make_limited", "").await.status,
        404,
        "not a member, not a reviewer"
    );
    assert_eq!(act(&mut editor, &id, "make_limited", "").await.status, 200);
    assert_eq!(state(&app, &id).await, st("limited", None));
    assert_eq!(
        act(&mut editor, &id, "make_limited", "").await.status,
        409,
        "already limited"
    );
    assert_eq!(act(&mut owner, &id, "back_to_draft", "").await.status, 200);
    assert_eq!(act(&mut owner, &id, "make_limited", "").await.status, 200);

    // A public request needs a test account.
    let res = act(&mut editor, &id, "request_public", "Please").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("test account"), "{}", res.body);
    let res = editor
        .call(
            AddTestAccount::PATH,
            &[("id", &id), ("email", "tester@elsewhere.example")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        act(&mut editor, &id, "request_public", "Ready for release.")
            .await
            .status,
        200
    );
    assert_eq!(state(&app, &id).await, st("in_review", Some("publish")));

    // Only a reviewer outside the organisation decides; a rejection needs a comment.
    assert_eq!(act(&mut editor, &id, "approve", "").await.status, 403);
    sqlx::query("UPDATE users SET is_reviewer = 1 WHERE email = ?")
        .bind(OWNER)
        .execute(&pool(&app).await)
        .await
        .unwrap();
    let mut owner = app.signed_in(OWNER).await;
    let res = act(&mut owner, &id, "approve", "").await;
    assert_eq!(res.status, 403, "{}", res.body);
    // The page words the refusal from its code (components/refusal_words.rs).
    assert!(res.body.contains("own_organisation"), "{}", res.body);
    assert_eq!(act(&mut reviewer, &id, "reject", "  ").await.status, 422);
    assert_eq!(
        act(&mut reviewer, &id, "reject", "Add a longer description.")
            .await
            .status,
        200
    );
    assert_eq!(state(&app, &id).await, st("limited", None));

    // Withdraw while pending.
    assert_eq!(
        act(&mut editor, &id, "request_public", "").await.status,
        200
    );
    assert_eq!(act(&mut viewer, &id, "withdraw", "").await.status, 403);
    assert_eq!(act(&mut editor, &id, "withdraw", "").await.status, 200);
    assert_eq!(state(&app, &id).await, st("limited", None));

    // Approve: public, and the approved version is live.
    assert_eq!(
        act(&mut editor, &id, "request_public", "Again.")
            .await
            .status,
        200
    );
    assert_eq!(act(&mut reviewer, &id, "approve", "").await.status, 200);
    assert_eq!(state(&app, &id).await, st("public", None));
    assert_eq!(act(&mut editor, &id, "back_to_draft", "").await.status, 409);

    // Deprecate, then retire: requests too.
    assert_eq!(
        act(&mut editor, &id, "request_deprecate", "Superseded.")
            .await
            .status,
        200
    );
    assert_eq!(state(&app, &id).await, st("public", Some("deprecate")));
    assert_eq!(act(&mut reviewer, &id, "approve", "").await.status, 200);
    assert_eq!(state(&app, &id).await, st("deprecated", None));
    assert_eq!(
        act(&mut editor, &id, "request_retire", "").await.status,
        200
    );
    assert_eq!(act(&mut reviewer, &id, "approve", "").await.status, 200);
    assert_eq!(state(&app, &id).await, st("retired", None));
    assert_eq!(act(&mut editor, &id, "make_limited", "").await.status, 409);

    // Every transition is in the audit log.
    assert!(app.audit_count("visibility.approve").await >= 3);
    assert_eq!(app.audit_count("visibility.reject").await, 1);
    assert_eq!(app.audit_count("visibility.withdraw").await, 1);
}

#[tokio::test]
async fn snapshots_are_frozen_and_public_edits_wait_for_review() {
    let app = TestApp::new().await;
    let id = complete_offering(&app, "review-snapshots").await;
    let mut editor = app.signed_in(EDITOR).await;
    let mut reviewer = app.signed_in(REVIEWER).await;
    let mut outsider = app.signed_in(ADMIN).await;
    act(&mut editor, &id, "make_limited", "").await;
    editor
        .call(AddTestAccount::PATH, &[("id", &id), ("email", ADMIN)])
        .await;
    assert_eq!(
        act(&mut editor, &id, "request_public", "").await.status,
        200
    );

    // Editing after the request does not touch the snapshot; the database refuses to.
    let version: i64 = sqlx::query_scalar("SELECT version FROM offerings WHERE id = ?")
        .bind(&id)
        .fetch_one(&pool(&app).await)
        .await
        .unwrap();
    let v = version.to_string();
    let res = editor
        .call(
            SaveText::PATH,
            &[
                ("id", &id),
                ("version", &v),
                ("language", "en"),
                ("display_name", "Faster DB"),
                ("short_description", "A database that is fast."),
                ("long_description", "# Fast"),
                ("bullet1_title", "Fast"),
                ("bullet1_text", "Very fast."),
                ("bullet2_title", ""),
                ("bullet2_text", ""),
                ("bullet3_title", ""),
                ("bullet3_text", ""),
                ("bullet4_title", ""),
                ("bullet4_text", ""),
                ("bullet5_title", ""),
                ("bullet5_text", ""),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let request_id = latest_request(&app, &id).await;
    let view: Value = serde_json::from_str(
        &reviewer
            .call(LoadRequest::PATH, &[("request_id", &request_id)])
            .await
            .body,
    )
    .unwrap();
    assert_eq!(view["snapshot"]["texts"]["en"]["display_name"], "Fast DB");
    // The snapshot freezes IAM and the brokers too, never a credential.
    assert_eq!(view["snapshot"]["iam"]["enabled"], true);
    let brokers = view["brokers"].as_array().unwrap();
    assert_eq!(brokers.len(), 1, "{view:#}");
    assert_eq!(brokers[0]["name"], "primary");
    assert_eq!(brokers[0]["validation"][0], "passed");
    assert_eq!(brokers[0]["smoke_test"][0], "passed");
    let stored: String = sqlx::query_scalar("SELECT brokers FROM review_requests WHERE id = ?")
        .bind(&request_id)
        .fetch_one(&pool(&app).await)
        .await
        .unwrap();
    assert!(!stored.contains(common::broker::BROKER_PASSWORD) && !stored.contains("secret"));
    for column in ["snapshot", "brokers"] {
        let tamper = sqlx::query(&format!(
            "UPDATE review_requests SET {column} = '{{}}' WHERE id = ?"
        ))
        .bind(&request_id)
        .execute(&pool(&app).await)
        .await;
        assert!(tamper.is_err(), "the {column} of a snapshot is immutable");
    }

    // The reviewer's queue lists it; a per-field comment reaches the provider.
    let queue: Value =
        serde_json::from_str(&reviewer.call(ReviewQueue::PATH, &[]).await.body).unwrap();
    assert_eq!(queue[0]["request"]["offering_name"], "review-snapshots");
    let res = reviewer
        .call(
            PostComment::PATH,
            &[
                ("request_id", &request_id),
                ("field", "texts.en.short_description"),
                ("body", "Say what it is for."),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = editor
        .call(
            PostComment::PATH,
            &[
                ("request_id", &request_id),
                ("field", "texts.en.display_name"),
                ("body", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, 403, "providers do not comment on fields");
    let inbox: Value = serde_json::from_str(&editor.call(LoadInbox::PATH, &[]).await.body).unwrap();
    assert!(inbox["unread"].as_i64().unwrap() >= 1);
    let vis: Value =
        serde_json::from_str(&editor.call(LoadVisibility::PATH, &[("id", &id)]).await.body)
            .unwrap();
    assert_eq!(
        vis["open_comments"][0]["field"],
        "texts.en.short_description"
    );
    let metadata = vis["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["step"] == "metadata")
        .unwrap();
    assert_eq!(
        metadata["done"], false,
        "an open comment keeps its line open"
    );

    // The reviewer decides either way; the provider resolves the comment, then it is approved.
    let comment_id = vis["open_comments"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        editor
            .call(
                ResolveComment::PATH,
                &[("id", &id), ("comment_id", &comment_id)]
            )
            .await
            .status,
        200
    );
    assert_eq!(act(&mut reviewer, &id, "approve", "").await.status, 200);

    // Public: the catalog shows the snapshot ("Fast DB"), not the later edit ("Faster DB").
    let entry: Value = serde_json::from_str(
        &outsider
            .call(
                LoadCatalogOffering::PATH,
                &[("id", &id), ("language", "en")],
            )
            .await
            .body,
    )
    .unwrap();
    assert_eq!(entry["card"]["display_name"], "Fast DB");
    let vis: Value =
        serde_json::from_str(&editor.call(LoadVisibility::PATH, &[("id", &id)]).await.body)
            .unwrap();
    let changes = vis["working_changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "texts.en.display_name" && c["after"] == "Faster DB"),
        "{changes:?}"
    );

    // A change request; once approved the catalog shows the new text.
    assert_eq!(
        act(&mut editor, &id, "submit_change", "New name.")
            .await
            .status,
        200
    );
    assert_eq!(state(&app, &id).await, st("public", Some("change")));
    let entry: Value = serde_json::from_str(
        &outsider
            .call(
                LoadCatalogOffering::PATH,
                &[("id", &id), ("language", "en")],
            )
            .await
            .body,
    )
    .unwrap();
    assert_eq!(
        entry["card"]["display_name"], "Fast DB",
        "still the approved version while in review"
    );
    assert_eq!(act(&mut reviewer, &id, "approve", "").await.status, 200);
    let entry: Value = serde_json::from_str(
        &outsider
            .call(
                LoadCatalogOffering::PATH,
                &[("id", &id), ("language", "en")],
            )
            .await
            .body,
    )
    .unwrap();
    assert_eq!(entry["card"]["display_name"], "Faster DB");
}

#[tokio::test]
async fn the_catalog_shows_limited_offerings_to_the_organisation_and_test_accounts_only() {
    let app = TestApp::new().await;
    let id = complete_offering(&app, "catalog-limited").await;
    let mut owner = app.signed_in(OWNER).await;
    let mut tester = app.signed_in(ADMIN).await;
    let mut other = app.signed_in(REVIEWER).await;
    assert!(
        catalog_names(&mut owner, "").await.is_empty(),
        "drafts are not in the catalog"
    );
    act(&mut owner, &id, "make_limited", "").await;
    owner
        .call(AddTestAccount::PATH, &[("id", &id), ("email", ADMIN)])
        .await;
    assert_eq!(catalog_names(&mut owner, "").await, vec!["catalog-limited"]);
    assert_eq!(
        catalog_names(&mut tester, "fast").await,
        vec!["catalog-limited"]
    );
    assert!(catalog_names(&mut other, "").await.is_empty());
    let mut visitor = app.browser();
    assert!(
        catalog_names(&mut visitor, "").await.is_empty(),
        "nobody signed in: no limited offering"
    );
    // Signed in but not on the list: not found. A visitor is asked to sign in, for this id and
    // for one that does not exist alike.
    let unknown = uuid::Uuid::new_v4().to_string();
    for (b, id, status) in [
        (&mut other, &id, 404),
        (&mut visitor, &id, 401),
        (&mut app.browser(), &unknown, 401),
    ] {
        let fields = [("id", id.as_str()), ("language", "en")];
        let page = b.call(LoadCatalogOffering::PATH, &fields).await;
        assert_eq!(page.status, status, "{}", page.body);
    }
    // Search by tag and category; no match for other words.
    assert_eq!(
        catalog_names(&mut tester, "sql").await,
        vec!["catalog-limited"]
    );
    assert!(catalog_names(&mut tester, "storage").await.is_empty());
    let res = tester
        .call(
            SearchCatalog::PATH,
            &[
                ("q", ""),
                ("category", "databases"),
                ("language", "de"),
                ("page", "0"),
            ],
        )
        .await;
    let v: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        v["cards"][0]["fell_back"], true,
        "no German text: English with a note"
    );
    assert_eq!(
        v["cards"][0]["short_description_lang"], "en",
        "the page marks the English text as English"
    );
    // Public: everyone, signed in or not, with the icon at its public address.
    act(&mut owner, &id, "request_public", "").await;
    act(&mut other, &id, "approve", "").await;
    assert_eq!(catalog_names(&mut other, "").await, vec!["catalog-limited"]);
    assert_eq!(
        catalog_names(&mut visitor, "fast").await,
        vec!["catalog-limited"]
    );
    let page = visitor
        .call(
            LoadCatalogOffering::PATH,
            &[("id", &id), ("language", "en")],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let entry: Value = serde_json::from_str(&page.body).unwrap();
    let icon = entry["card"]["icon_url"].as_str().unwrap().to_owned();
    assert!(icon.starts_with(&format!("/icons/{id}?v=")), "{icon}");
    let icon = visitor.get(&icon).await;
    assert_eq!(icon.status.as_u16(), 200);
    let html = visitor.get(&format!("/catalog/{id}")).await;
    assert_eq!(html.status.as_u16(), 200);
    assert!(html.body.contains("Fast DB"), "{}", html.body);
    // "Get support": the provider's own support model, as it was released.
    for shown in [
        "Get support",
        r#"href="https://support.demo.example""#,
        r#"href="mailto:help@demo.example""#,
        r#"href="tel:+49301234567""#,
        "Monday–Friday, 08:00–18:00 (Europe/Berlin)",
        "Within 1 hour",
        "Within 2 days",
    ] {
        assert!(html.body.contains(shown), "{shown}: {}", html.body);
    }
    assert!(
        html.body.contains(r#"href="/login""#),
        "a visitor is offered to sign in"
    );
}

/// A real SMTP server on loopback (aiosmtpd from ./.venv) writing what it receives to a maildir.
struct SmtpSink {
    child: std::process::Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    fn start() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(common::broker::python())
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return SmtpSink { child, port, dir };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on {port}");
    }

    /// The messages received so far.
    fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("maildir/new");
        std::fs::read_dir(new)
            .map(|entries| {
                entries
                    .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// With SMTP configured, a request for public visibility reaches the reviewers by e-mail too,
/// with a link to the request; the decision reaches the provider's editors.
#[tokio::test]
async fn notifications_are_emailed_when_smtp_is_configured() {
    let sink = SmtpSink::start();
    let port = sink.port;
    let app = TestApp::with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.smtp_interval_ms = 50;
        c.public_url = Some("https://rmc.example.com".into());
    })
    .await;
    let id = complete_offering(&app, "mailed-db").await;
    let mut owner = app.signed_in(OWNER).await;
    act(&mut owner, &id, "make_limited", "").await;
    owner
        .call(AddTestAccount::PATH, &[("id", &id), ("email", ADMIN)])
        .await;
    assert_eq!(act(&mut owner, &id, "request_public", "").await.status, 200);
    let request_id = latest_request(&app, &id).await;
    // The owner switches to German: their e-mails come in German from then on.
    let switched = owner
        .post_form("/language", &[("lang", "de"), ("back", "/dashboard")])
        .await;
    assert_eq!(switched.status, 303, "{}", switched.body);
    let mut reviewer = app.signed_in(REVIEWER).await;
    assert_eq!(act(&mut reviewer, &id, "approve", "").await.status, 200);

    // Wait until the outbox is empty: every notification of the story was sent once.
    let unsent = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notifications WHERE emailed_at IS NULL")
            .fetch_one(&pool(&app).await)
            .await
            .unwrap()
    };
    for _ in 0..200 {
        if unsent().await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        unsent().await,
        0,
        "the mailer did not send every notification"
    );
    let messages = sink.messages();
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications")
        .fetch_one(&pool(&app).await)
        .await
        .unwrap();
    assert_eq!(messages.len() as i64, sent, "one e-mail per notification");
    let to_reviewer = messages
        .iter()
        .find(|m| m.contains(&format!("To: {REVIEWER}")))
        .unwrap_or_else(|| panic!("no e-mail to the reviewer: {messages:#?}"));
    assert!(
        to_reviewer.contains("Subject: [RMC] Request for public visibility: mailed-db ("),
        "{to_reviewer}"
    );
    assert!(
        to_reviewer.contains(&format!("https://rmc.example.com/review/{request_id}")),
        "{to_reviewer}"
    );
    let to_owner = messages
        .iter()
        .find(|m| m.contains(&format!("To: {OWNER}")))
        .unwrap_or_else(|| panic!("no e-mail to the owner: {messages:#?}"));
    assert!(
        to_owner.contains("Antrag auf =C3=B6ffentliche Sichtbarkeit f=C3=BCr mailed-db: Genehmigt")
            || to_owner.contains("Antrag auf öffentliche Sichtbarkeit für mailed-db: Genehmigt"),
        "{to_owner}"
    );
}

#[tokio::test]
async fn a_test_account_change_writes_exactly_one_audit_row_and_a_refused_one_none() {
    use app::review::server::RemoveTestAccount;
    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "test-account-audit").await;
    let mut owner = app.signed_in(OWNER).await;
    let res = owner
        .call(
            AddTestAccount::PATH,
            &[("id", &id), ("email", " Tester@Example.com ")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.audit_count("visibility.test_account.add").await, 1);
    let after: String = sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'visibility.test_account.add'",
    )
    .fetch_one(&pool(&app).await)
    .await
    .unwrap();
    assert_eq!(after, r#"{"test_account":"tester@example.com"}"#);

    // The same address again (any case) is refused under its field, and not audited.
    let res = owner
        .call(
            AddTestAccount::PATH,
            &[("id", &id), ("email", "TESTER@example.com")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(invalid_fields(&res), ["email"]);
    let res = owner
        .call(
            AddTestAccount::PATH,
            &[("id", &id), ("email", "not-an-address")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(app.audit_count("visibility.test_account.add").await, 1);

    // Through the REST API: the same operation, one more row.
    let api = common::api::ApiClient::for_user(&app, OWNER, "write").await;
    let a = api
        .post(
            &format!("/api/v1/offerings/{id}/test-accounts"),
            &serde_json::json!({ "email": "second@example.com" }),
        )
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    assert_eq!(app.audit_count("visibility.test_account.add").await, 2);

    let res = owner
        .call(
            RemoveTestAccount::PATH,
            &[("id", &id), ("email", "tester@example.com")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = owner
        .call(
            RemoveTestAccount::PATH,
            &[("id", &id), ("email", "tester@example.com")],
        )
        .await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(app.audit_count("visibility.test_account.remove").await, 1);
    let left = app::review::db::test_accounts(&pool(&app).await, &id)
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].email, "second@example.com");
}
