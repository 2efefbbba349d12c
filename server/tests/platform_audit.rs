//! The platform audit view (SPEC §6) through the real router on a temporary database: admins
//! filter the whole log by organisation, offering, actor, action and days, page through it
//! with a cursor, read each change field by field, and export the filtered rows as CSV (cells
//! a spreadsheet would run defused, the export itself audited); nobody else reads it.

mod common;
use common::api::ApiClient;
use common::*;
use serde_json::{json, Value};

/// Every item of `GET /api/v1/audit?<query>` (all pages, 200 a page).
async fn all(api: &ApiClient<'_>, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor = String::new();
    loop {
        let a = api
            .get(&format!("/api/v1/audit?limit=200&{query}{cursor}"))
            .await;
        assert_eq!(a.status(), 200, "{query}: {a:?}");
        items.extend(a.json["items"].as_array().unwrap().iter().cloned());
        match a.json["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return items,
        }
    }
}

fn field<'a>(items: &'a [Value], key: &str) -> Vec<&'a str> {
    items
        .iter()
        .map(|i| i[key].as_str().unwrap_or(""))
        .collect()
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// A second organisation with EDITOR as its owner and one offering of theirs in it.
async fn other_organisation(app: &TestApp, admin: &ApiClient<'_>, name: &str) -> (String, String) {
    let org = admin
        .post("/api/v1/organisations", &json!({ "name": name }))
        .await;
    assert_eq!(org.status(), 201, "{org:?}");
    let org = org.json["id"].as_str().unwrap().to_owned();
    let member = admin
        .send(
            "PUT",
            &format!("/api/v1/organisations/{org}/members"),
            Some(&json!({ "email": EDITOR, "role": "owner" })),
            &[],
        )
        .await;
    assert_eq!(member.status(), 200, "{member:?}");
    let editor = ApiClient::for_user(app, EDITOR, "write").await;
    let (offering, _) = editor.create_in(&org, "other-org-offering").await;
    (org, offering)
}

#[tokio::test]
async fn admins_filter_the_whole_log_by_organisation_offering_actor_action_and_days() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "read").await;
    let writer = ApiClient::for_user(&app, ADMIN, "write").await;
    let demo = demo_org(&app).await;
    let mine = create_offering(&app, OWNER, "audit-demo-offering").await;
    let (other, theirs) = other_organisation(&app, &writer, "Other Provider").await;

    // By organisation: its offerings' rows and its own, nothing of the other's.
    let rows = all(&admin, &format!("organisation={other}")).await;
    assert!(field(&rows, "organisation_id").iter().all(|o| *o == other));
    let actions = field(&rows, "action");
    for want in ["organisation.create", "membership.set", "offering.create"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    assert!(!field(&rows, "subject_id").contains(&mine.as_str()));
    let created = rows
        .iter()
        .find(|r| r["action"] == "offering.create")
        .unwrap();
    assert_eq!(created["subject_id"], theirs);
    assert_eq!(created["subject_name"], "other-org-offering");
    assert_eq!(created["organisation_name"], "Other Provider");
    assert_eq!(created["actor"], EDITOR);
    let demo_rows = all(&admin, &format!("organisation={demo}")).await;
    assert!(field(&demo_rows, "subject_id").contains(&mine.as_str()));
    assert!(!field(&demo_rows, "subject_id").contains(&theirs.as_str()));

    // By offering: its name or its id, the same rows.
    let by_name = all(&admin, "offering=audit-demo-offering").await;
    let by_id = all(&admin, &format!("offering={mine}")).await;
    assert!(!by_name.is_empty());
    assert_eq!(field(&by_name, "subject_id"), field(&by_id, "subject_id"));
    assert!(field(&by_name, "subject_id").iter().all(|s| *s == mine));

    // By actor: part of the e-mail address, any case.
    let rows = all(&admin, "actor=EDITOR%40demo").await;
    assert!(!rows.is_empty());
    assert!(field(&rows, "actor").iter().all(|a| *a == EDITOR));

    // By action: exactly that code.
    let rows = all(&admin, "action=offering.create").await;
    assert!(rows.len() >= 2, "{rows:?}");
    assert!(field(&rows, "action")
        .iter()
        .all(|a| *a == "offering.create"));

    // By days (UTC, both ends included): today has every row, tomorrow none.
    let everything = all(&admin, "").await;
    let day = today();
    assert_eq!(
        all(&admin, &format!("from={day}&to={day}")).await.len(),
        everything.len()
    );
    let tomorrow = (time::OffsetDateTime::now_utc().date() + time::Duration::days(1)).to_string();
    assert!(all(&admin, &format!("from={tomorrow}")).await.is_empty());
    let rows = all(
        &admin,
        &format!("to={day}&organisation={other}&action=offering.create"),
    )
    .await;
    assert_eq!(field(&rows, "subject_id"), vec![theirs.as_str()]);

    // Changes read field by field, with the stored snapshots beside them.
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let etag = owner.etag(&mine).await;
    let put = owner
        .put(
            &format!("/api/v1/offerings/{mine}/basics"),
            &json!({ "provider_display_name": "Audited Cloud", "category": "databases", "tags": [], "regions": [],
                     "documentation_url": "", "terms_url": "" }),
            &etag,
        )
        .await;
    assert_eq!(put.status(), 200, "{put:?}");
    let rows = all(&admin, &format!("offering={mine}&action=offering.update")).await;
    let change = rows[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "basics.provider_display_name")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(change["after"], "Audited Cloud");
    let stored: Value = serde_json::from_str(rows[0]["after"].as_str().unwrap()).unwrap();
    assert!(stored.is_object(), "{:?}", rows[0]);
}

#[tokio::test]
async fn refused_filters_name_their_field_and_bad_paging_is_a_400() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "read").await;
    for (query, field) in [
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2026-12-02&to=2026-12-01", "to"),
    ] {
        let a = admin.get(&format!("/api/v1/audit?{query}")).await;
        assert_eq!(a.status(), 422, "{query}: {a:?}");
        assert_eq!(a.json["code"], "invalid");
        assert_eq!(a.json["fields"][0]["field"], field, "{query}: {a:?}");
    }
    let long = "x".repeat(201);
    let a = admin.get(&format!("/api/v1/audit?actor={long}")).await;
    assert_eq!(a.json["fields"][0]["field"], "actor", "{a:?}");
    for query in [
        "cursor=nope",
        "cursor=a-4",
        "limit=0",
        "limit=201",
        "limit=ten",
    ] {
        let a = admin.get(&format!("/api/v1/audit?{query}")).await;
        assert_eq!(a.status(), 400, "{query}: {a:?}");
        assert_eq!(a.json["code"], "invalid_parameter", "{query}");
    }
}

#[tokio::test]
async fn the_cursor_walks_the_log_newest_first_without_gaps_or_repeats() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "read").await;
    for n in 0..5 {
        create_offering(&app, OWNER, &format!("paged-offering-{n}")).await;
    }
    let whole: Vec<i64> = all(&admin, "")
        .await
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(whole.len() > 7, "{whole:?}");
    assert!(whole.windows(2).all(|w| w[0] > w[1]), "{whole:?}");
    let (mut walked, mut cursor, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let a = admin.get(&format!("/api/v1/audit?limit=3{cursor}")).await;
        assert_eq!(a.status(), 200, "{a:?}");
        let items = a.json["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        walked.extend(items.iter().map(|r| r["id"].as_i64().unwrap()));
        pages += 1;
        match a.json["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    // Reading the log wrote nothing to it: the walk sees exactly the whole.
    assert_eq!(walked, whole);
    assert_eq!(pages, whole.len().div_ceil(3));
}

#[tokio::test]
async fn a_deleted_draft_keeps_its_organisation_and_name() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "read").await;
    let demo = demo_org(&app).await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = create_offering(&app, OWNER, "short-lived-draft").await;
    let gone = owner.delete(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(gone.status(), 204, "{gone:?}");
    let rows = all(&admin, &format!("offering={id}")).await;
    assert_eq!(
        field(&rows, "action"),
        vec!["offering.delete", "offering.create"]
    );
    assert!(field(&rows, "organisation_id").iter().all(|o| *o == demo));
    assert!(field(&rows, "subject_name")
        .iter()
        .all(|n| *n == "short-lived-draft"));
    let in_demo = all(
        &admin,
        &format!("organisation={demo}&action=offering.delete"),
    )
    .await;
    assert_eq!(field(&in_demo, "subject_id"), vec![id.as_str()]);
}

#[tokio::test]
async fn only_admins_read_the_log_and_every_refusal_is_audited() {
    let app = TestApp::new().await;
    let denied = app.audit_count("access.denied").await;
    for who in [OWNER, REVIEWER, VIEWER] {
        let api = ApiClient::for_user(&app, who, "read").await;
        for path in ["/api/v1/audit", "/api/v1/audit/export.csv"] {
            let a = api.get(path).await;
            assert_eq!(a.status(), 403, "{who} {path}: {a:?}");
            assert_eq!(a.json["code"], "forbidden");
        }
    }
    assert_eq!(app.audit_count("access.denied").await, denied + 6);
    let anonymous = ApiClient::new(&app, "");
    assert_eq!(anonymous.get("/api/v1/audit").await.status(), 401);

    // The page: refused with the console's 403 panel, shown to an admin.
    let mut b = app.signed_in(OWNER).await;
    let page = b.get("/admin/audit").await;
    assert_eq!(page.status, 403, "{}", page.body);
    assert!(!page.body.contains("data-audit-id"));
    let mut b = app.signed_in(ADMIN).await;
    let page = b.get("/admin/audit").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("data-audit-id"), "{}", page.body);
}

#[tokio::test]
async fn the_page_filters_with_a_get_form_and_says_a_refused_range_beside_its_field() {
    let app = TestApp::new().await;
    create_offering(&app, OWNER, "page-filter-offering").await;
    let mut b = app.signed_in(ADMIN).await;
    let page = b.get("/admin/audit?action=offering.create").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let rows = page.body.matches("<tr data-audit-id=").count();
    let created = page.body.matches("data-action=\"offering.create\"").count();
    assert!(
        rows >= 1 && rows == created,
        "{rows} rows, {created} creations"
    );
    assert!(page.body.contains("page-filter-offering"));
    // The export link carries the same filter.
    assert!(
        page.body
            .contains("href=\"/api/v1/audit/export.csv?action=offering.create\""),
        "{}",
        page.body
    );
    let page = b
        .get("/admin/audit?from=2026-12-05&to=2026-12-01&actor=owner")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page
        .body
        .contains("The last day cannot come before the first day."));
    assert!(page.body.contains("value=\"2026-12-05\""), "{}", page.body);
    assert!(page.body.contains("value=\"owner\""));
    assert!(!page.body.contains("data-audit-id"));
    let page = b.get("/admin/audit?from=2099-01-01").await;
    assert!(
        page.body.contains("No entries match this filter"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_csv_export_holds_every_filtered_row_defused_and_is_audited() {
    let app = TestApp::new().await;
    let writer = ApiClient::for_user(&app, ADMIN, "write").await;
    let formula = "=HYPERLINK(\"https://evil.example\",\"x\")";
    let (org, _) = other_organisation(&app, &writer, formula).await;
    let admin = ApiClient::for_user(&app, ADMIN, "read").await;
    let rows = all(&admin, &format!("organisation={org}")).await;
    let a = admin
        .get(&format!("/api/v1/audit/export.csv?organisation={org}"))
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    assert_eq!(a.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = a.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"audit-"),
        "{disposition}"
    );
    let mut reader = csv::Reader::from_reader(a.page.body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, app::platform_audit::service::CSV_HEADER);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    let ids: Vec<String> = records.iter().map(|r| r[0].to_owned()).collect();
    let want: Vec<String> = rows.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(ids, want);
    // The organisation's name starts with `=`: a spreadsheet would run it, so it is defused.
    assert!(
        records.iter().all(|r| r[8] == format!("'{formula}")),
        "{records:?}"
    );
    let create = records.iter().find(|r| &r[3] == "offering.create").unwrap();
    assert_eq!(&create[6], "other-org-offering");
    assert_eq!(&create[2], EDITOR);

    // The export is itself on record, with its filter and row count.
    let exports = all(&admin, "action=audit.export").await;
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(exports[0]["actor"], ADMIN);
    let after: Value = serde_json::from_str(exports[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["filter"]["organisation"], org);
    assert_eq!(after["rows"], rows.len());

    // A refused filter is a 422, not an empty file.
    let a = admin.get("/api/v1/audit/export.csv?from=soon").await;
    assert_eq!(a.status(), 422, "{a:?}");

    // The page's link: the signed-in session downloads it too.
    let mut b = app.signed_in(ADMIN).await;
    let page = b
        .get("/api/v1/audit/export.csv?action=offering.create")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.starts_with("id,at,actor,action,"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_migration_fills_the_organisation_of_rows_written_before_it() {
    let app = TestApp::new().await;
    let pool = &app.state.app.pool;
    let demo = demo_org(&app).await;
    let kept = create_offering(&app, OWNER, "before-migration-kept").await;
    let gone = create_offering(&app, OWNER, "before-migration-gone").await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    assert_eq!(
        owner
            .delete(&format!("/api/v1/offerings/{gone}"))
            .await
            .status(),
        204
    );
    // The log as it was before the column existed (emptied, with its indexes gone).
    sqlx::raw_sql(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET organisation_id = NULL;
         CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
         DROP INDEX audit_by_organisation; DROP INDEX audit_by_actor; DROP INDEX audit_by_action;",
    )
    .execute(pool)
    .await
    .unwrap();
    let migration = include_str!("../../migrations/20261209000001_audit_organisation.sql")
        .replace("ALTER TABLE audit_log ADD COLUMN organisation_id TEXT;", "");
    sqlx::raw_sql(&migration).execute(pool).await.unwrap();
    let org_of = |id: String| async move {
        let orgs: Vec<Option<String>> =
            sqlx::query_scalar("SELECT organisation_id FROM audit_log WHERE subject_id = ?")
                .bind(id)
                .fetch_all(pool)
                .await
                .unwrap();
        orgs
    };
    for id in [kept, gone] {
        let orgs = org_of(id.clone()).await;
        assert!(!orgs.is_empty());
        assert!(
            orgs.iter().all(|o| o.as_deref() == Some(demo.as_str())),
            "{id}: {orgs:?}"
        );
    }
    // Still append-only afterwards.
    assert!(sqlx::query("UPDATE audit_log SET detail = 'x'")
        .execute(pool)
        .await
        .is_err());
}
