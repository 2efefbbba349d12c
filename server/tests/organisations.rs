//! Organisations and memberships over REST (`/api/v1/organisations`): an admin creates an
//! organisation and sets a membership (one audit row each, in the write's transaction);
//! members see only their organisations, with the member list; non-admins are refused the
//! writes (403, audited); field errors are the admin page's form's.

mod common;
use common::api::ApiClient;
use common::*;
use serde_json::{json, Value};

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect()
}

fn fields(answer: &common::api::Answer) -> Vec<String> {
    answer.json["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_admin_creates_an_organisation_and_sets_a_member() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "write").await;

    let created = admin
        .post(
            "/api/v1/organisations",
            &json!({ "name": "  Acme Storage  " }),
        )
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    assert_eq!(created.json["name"], "Acme Storage");
    assert_eq!(created.json["members"], json!([]));
    let org = created.json["id"].as_str().unwrap().to_owned();
    assert_eq!(app.audit_count("organisation.create").await, 1);

    let path = format!("/api/v1/organisations/{org}/members");
    let set = admin
        .send(
            "PUT",
            &path,
            Some(&json!({ "email": EDITOR, "role": "owner" })),
            &[],
        )
        .await;
    assert_eq!(set.status(), 200, "{set:?}");
    assert_eq!(set.json["organisation_id"], org.as_str());
    assert_eq!(set.json["email"], EDITOR);
    assert_eq!(set.json["role"], "owner");
    assert_eq!(set.json["previous_role"], Value::Null);
    assert_eq!(set.json["user_id"], user_id(&app, EDITOR).await.as_str());
    assert_eq!(app.audit_count("membership.set").await, 1);

    // A change of role: the previous one is answered (and audited as `before`).
    let changed = admin
        .send(
            "PUT",
            &path,
            Some(&json!({ "email": EDITOR, "role": "viewer" })),
            &[],
        )
        .await;
    assert_eq!(changed.status(), 200, "{changed:?}");
    assert_eq!(changed.json["previous_role"], "owner");
    assert_eq!(app.audit_count("membership.set").await, 2);
    let before: String = sqlx::query_scalar(
        "SELECT before_json FROM audit_log WHERE action = 'membership.set' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    assert!(before.contains("owner"), "{before}");

    // The admin sees every organisation, with its members.
    let list = admin.get("/api/v1/organisations").await;
    assert_eq!(list.status(), 200, "{list:?}");
    assert_eq!(names(&list.json), ["Acme Storage", "Demo Cloud Co."]);
    assert_eq!(
        list.json["items"][0]["members"],
        json!([{ "email": EDITOR, "role": "viewer" }])
    );
    let demo_members = list.json["items"][1]["members"].as_array().unwrap().len();
    assert_eq!(demo_members, 3, "{list:?}");

    // A taken name is a field error on `name`, as on the admin page; nothing more audited.
    let again = admin
        .post("/api/v1/organisations", &json!({ "name": "Acme Storage" }))
        .await;
    assert_eq!(again.status(), 422, "{again:?}");
    assert_eq!(fields(&again), ["name"]);
    let empty = admin
        .post("/api/v1/organisations", &json!({ "name": "   " }))
        .await;
    assert_eq!(empty.status(), 422, "{empty:?}");
    assert_eq!(fields(&empty), ["name"]);
    assert_eq!(app.audit_count("organisation.create").await, 1);
}

#[tokio::test]
async fn members_see_only_their_organisations_and_may_not_write() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "write").await;
    let other = admin
        .post("/api/v1/organisations", &json!({ "name": "Other Org" }))
        .await;
    assert_eq!(other.status(), 201, "{other:?}");
    let other = other.json["id"].as_str().unwrap().to_owned();
    let demo = demo_org(&app).await;

    for who in [OWNER, EDITOR, VIEWER] {
        let api = ApiClient::for_user(&app, who, "write").await;
        let list = api.get("/api/v1/organisations").await;
        assert_eq!(list.status(), 200, "{who}: {list:?}");
        assert_eq!(names(&list.json), ["Demo Cloud Co."], "{who}");
        assert_eq!(
            list.json["items"][0]["members"].as_array().unwrap().len(),
            3,
            "{who}: {list:?}"
        );

        let denied_before = app.audit_count("access.denied").await;
        let create = api
            .post("/api/v1/organisations", &json!({ "name": "Mine" }))
            .await;
        assert_eq!(create.status(), 403, "{who}: {create:?}");
        for org in [&demo, &other] {
            let set = api
                .send(
                    "PUT",
                    &format!("/api/v1/organisations/{org}/members"),
                    Some(&json!({ "email": who, "role": "owner" })),
                    &[],
                )
                .await;
            assert_eq!(set.status(), 403, "{who}: {set:?}");
        }
        assert_eq!(
            app.audit_count("access.denied").await,
            denied_before + 3,
            "{who}: each refusal audited once"
        );
    }
    // Someone in no organisation sees none.
    let reviewer = ApiClient::for_user(&app, REVIEWER, "read").await;
    let list = reviewer.get("/api/v1/organisations").await;
    assert_eq!(list.status(), 200, "{list:?}");
    assert_eq!(list.json["items"], json!([]));

    assert_eq!(app.audit_count("organisation.create").await, 1);
    assert_eq!(app.audit_count("membership.set").await, 0);
}

#[tokio::test]
async fn membership_field_errors_are_the_forms() {
    let app = TestApp::new().await;
    let admin = ApiClient::for_user(&app, ADMIN, "write").await;
    let demo = demo_org(&app).await;
    let path = format!("/api/v1/organisations/{demo}/members");
    let put = |body: Value| {
        let admin = &admin;
        let path = path.clone();
        async move { admin.send("PUT", &path, Some(&body), &[]).await }
    };

    let unknown = put(json!({ "email": "nobody@example.com", "role": "editor" })).await;
    assert_eq!(unknown.status(), 422, "{unknown:?}");
    assert_eq!(fields(&unknown), ["email"]);
    assert_eq!(
        unknown.json["fields"][0]["message"],
        "No user has this e-mail address."
    );

    let role = put(json!({ "email": REVIEWER, "role": "boss" })).await;
    assert_eq!(role.status(), 422, "{role:?}");
    assert_eq!(fields(&role), ["role"]);

    let extra = put(json!({ "email": REVIEWER, "role": "editor", "admin": true })).await;
    assert_eq!(extra.status(), 422, "{extra:?}");
    assert_eq!(fields(&extra), ["admin"]);

    let missing = put(json!({ "email": REVIEWER })).await;
    assert_eq!(missing.status(), 422, "{missing:?}");
    assert_eq!(fields(&missing), ["role"]);

    let extra = admin
        .post(
            "/api/v1/organisations",
            &json!({ "name": "Extra", "owner": OWNER }),
        )
        .await;
    assert_eq!(extra.status(), 422, "{extra:?}");
    assert_eq!(fields(&extra), ["owner"]);

    // The organisation is the path: an unknown one is a 404.
    let nowhere = admin
        .send(
            "PUT",
            "/api/v1/organisations/no-such-org/members",
            Some(&json!({ "email": REVIEWER, "role": "editor" })),
            &[],
        )
        .await;
    assert_eq!(nowhere.status(), 404, "{nowhere:?}");

    // A read token may not write.
    let read = ApiClient::for_user(&app, ADMIN, "read").await;
    let refused = read
        .send(
            "PUT",
            &path,
            Some(&json!({ "email": REVIEWER, "role": "editor" })),
            &[],
        )
        .await;
    assert_eq!(refused.status(), 403, "{refused:?}");
    assert_eq!(refused.json["code"], "insufficient_scope");

    assert_eq!(app.audit_count("membership.set").await, 0);
    assert_eq!(app.audit_count("organisation.create").await, 0);
}

/// The admin page's server functions run the same service: one audit row per write.
#[tokio::test]
async fn the_admin_page_writes_audit_once_each() {
    use app::admin::server::{AddMember, CreateOrganisation, CreateUser, SetReviewerRole};
    use leptos::server_fn::ServerFn;
    let app = TestApp::new().await;
    let mut b = app.signed_in(ADMIN).await;

    let res = b
        .call(
            CreateUser::PATH,
            &[
                ("email", "new.person@example.com"),
                ("display_name", "New Person"),
                ("password", "a-long-enough-Passw0rd"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.audit_count("user.create").await, 1);
    let res = b
        .call(
            CreateUser::PATH,
            &[
                ("email", "new.person@example.com"),
                ("display_name", "Again"),
                ("password", "a-long-enough-Passw0rd"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(invalid_fields(&res), ["email"]);
    assert_eq!(app.audit_count("user.create").await, 1);

    let id = user_id(&app, "new.person@example.com").await;
    let res = b
        .call(
            SetReviewerRole::PATH,
            &[("user_id", &id), ("reviewer", "true")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.audit_count("user.set_reviewer").await, 1);

    let res = b
        .call(CreateOrganisation::PATH, &[("name", "Page Org")])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.audit_count("organisation.create").await, 1);

    let org: String = sqlx::query_scalar("SELECT id FROM organisations WHERE name = 'Page Org'")
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    let res = b
        .call(
            AddMember::PATH,
            &[
                ("organisation_id", &org),
                ("email", "new.person@example.com"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.audit_count("membership.set").await, 1);
    let res = b
        .call(
            AddMember::PATH,
            &[
                ("organisation_id", "no-such-org"),
                ("email", "new.person@example.com"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(invalid_fields(&res), ["organisation_id"]);
    assert_eq!(app.audit_count("membership.set").await, 1);
}
