//! The members of an organisation (SPEC §1) through the real router on a temporary database:
//! owners invite by e-mail (an existing user joins at once, anyone else at their first
//! sign-in), change roles and remove members, the last owner stays; editors and viewers read
//! the list; every change is audited and told to the member; page and REST alike.

mod common;
use app::admin::server::CreateUser;
use app::members::server::{ChangeMemberRole, InviteMember};
use common::api::ApiClient;
use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

async fn members(api: &ApiClient<'_>, org: &str) -> Value {
    let a = api
        .get(&format!("/api/v1/organisations/{org}/members"))
        .await;
    assert_eq!(a.status(), 200, "{a:?}");
    a.json
}

fn role_of<'a>(list: &'a Value, email: &str) -> Option<&'a str> {
    list["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .and_then(|m| m["role"].as_str())
}

async fn notices(app: &TestApp, email: &str) -> Vec<Value> {
    let id = user_id(app, email).await;
    let events: Vec<String> =
        sqlx::query_scalar("SELECT event FROM notifications WHERE user_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&app.state.app.pool)
            .await
            .unwrap();
    events
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect()
}

/// A new local account (through the admin page's server function).
async fn create_user(app: &TestApp, email: &str) {
    let mut admin = app.signed_in(ADMIN).await;
    let res = admin
        .call(
            CreateUser::PATH,
            &[
                ("email", email),
                ("display_name", "New Person"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test]
async fn an_owner_invites_an_existing_user_who_joins_at_once_and_is_told() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    create_user(&app, "colleague@demo.example").await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let a = owner
        .post(
            &format!("/api/v1/organisations/{org}/invitations"),
            &json!({ "email": " Colleague@demo.example ", "role": "viewer" }),
        )
        .await;
    assert_eq!(a.status(), 201, "{a:?}");
    assert_eq!(a.json["joined"], true);
    let list = members(&owner, &org).await;
    assert_eq!(role_of(&list, "colleague@demo.example"), Some("viewer"));
    assert_eq!(list["invitations"], json!([]));
    assert_eq!(app.audit_count("member.add").await, 1);
    let told = notices(&app, "colleague@demo.example").await;
    assert_eq!(
        told,
        vec![json!({ "kind": "membership", "organisation": "Demo Cloud Co.", "role": "viewer" })]
    );
    // Again: already a member, said on the e-mail field; a malformed address likewise.
    for email in ["colleague@demo.example", "not an address"] {
        let a = owner
            .post(
                &format!("/api/v1/organisations/{org}/invitations"),
                &json!({ "email": email, "role": "editor" }),
            )
            .await;
        assert_eq!(a.status(), 422, "{email}: {a:?}");
        assert_eq!(a.json["fields"][0]["field"], "email");
    }
    let a = owner
        .post(
            &format!("/api/v1/organisations/{org}/invitations"),
            &json!({ "email": "x@demo.example", "role": "boss" }),
        )
        .await;
    assert_eq!(a.json["fields"][0]["field"], "role", "{a:?}");
}

#[tokio::test]
async fn someone_without_an_account_joins_with_the_invited_role_at_first_sign_in() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    // Through the page's server function, as the Members page posts it.
    let mut page = app.signed_in(OWNER).await;
    let res = page
        .call(
            InviteMember::PATH,
            &[
                ("organisation_id", &org),
                ("email", "newcomer@demo.example"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body, "false", "pending, not joined");
    let list = members(&owner, &org).await;
    let invitation = &list["invitations"][0];
    assert_eq!(invitation["email"], "newcomer@demo.example");
    assert_eq!(invitation["role"], "editor");
    assert_eq!(invitation["invited_by"], OWNER);
    assert_eq!(role_of(&list, "newcomer@demo.example"), None);
    assert_eq!(app.audit_count("member.invite").await, 1);

    create_user(&app, "newcomer@demo.example").await;
    let mut newcomer = app.browser();
    let res = newcomer.sign_in("NewComer@demo.example", PASSWORD).await;
    assert_eq!(res.location(), Some("/dashboard"), "{}", res.body);
    let list = members(&owner, &org).await;
    assert_eq!(role_of(&list, "newcomer@demo.example"), Some("editor"));
    assert_eq!(list["invitations"], json!([]));
    assert_eq!(app.audit_count("member.join").await, 1);
    // The new member edits the organisation's offerings at once.
    let api = ApiClient::for_user(&app, "newcomer@demo.example", "write").await;
    let (id, _) = api.create_in(&org, "newcomer-offering").await;
    assert!(!id.is_empty());
}

#[tokio::test]
async fn the_last_owner_can_be_neither_demoted_nor_removed() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let me = user_id(&app, OWNER).await;
    let path = format!("/api/v1/organisations/{org}/members/{me}");
    let a = owner
        .send("PUT", &path, Some(&json!({ "role": "editor" })), &[])
        .await;
    assert_eq!(a.status(), 409, "{a:?}");
    assert_eq!(
        a.json["message"],
        "This is the organisation's last owner: make another member owner first."
    );
    assert_eq!(owner.delete(&path).await.status(), 409);
    assert_eq!(role_of(&members(&owner, &org).await, OWNER), Some("owner"));
    assert_eq!(app.audit_count("member.role").await, 0);

    // With a second owner, the first may step down; the editor promoted is told.
    let editor = user_id(&app, EDITOR).await;
    let promote = format!("/api/v1/organisations/{org}/members/{editor}");
    let a = owner
        .send("PUT", &promote, Some(&json!({ "role": "owner" })), &[])
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    let a = owner
        .send("PUT", &path, Some(&json!({ "role": "viewer" })), &[])
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    let list = members(&owner, &org).await;
    assert_eq!(role_of(&list, EDITOR), Some("owner"));
    assert_eq!(role_of(&list, OWNER), Some("viewer"));
    assert_eq!(app.audit_count("member.role").await, 2);
    assert_eq!(
        notices(&app, EDITOR).await.last().unwrap(),
        &json!({ "kind": "membership", "organisation": "Demo Cloud Co.", "role": "owner" })
    );
    // The same role again changes nothing and records nothing.
    let new_owner = ApiClient::for_user(&app, EDITOR, "write").await;
    let a = new_owner
        .send("PUT", &promote, Some(&json!({ "role": "owner" })), &[])
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    assert_eq!(app.audit_count("member.role").await, 2);
}

#[tokio::test]
async fn an_owner_removes_a_member_who_loses_access_and_is_told() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let id = create_offering(&app, OWNER, "members-removal").await;
    let viewer_api = ApiClient::for_user(&app, VIEWER, "read").await;
    assert_eq!(
        viewer_api
            .get(&format!("/api/v1/offerings/{id}"))
            .await
            .status(),
        200
    );
    let viewer = user_id(&app, VIEWER).await;
    let a = owner
        .delete(&format!("/api/v1/organisations/{org}/members/{viewer}"))
        .await;
    assert_eq!(a.status(), 204, "{a:?}");
    assert_eq!(role_of(&members(&owner, &org).await, VIEWER), None);
    assert_eq!(
        viewer_api
            .get(&format!("/api/v1/offerings/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        notices(&app, VIEWER).await.last().unwrap(),
        &json!({ "kind": "membership", "organisation": "Demo Cloud Co." })
    );
    let (before, after): (String, Option<String>) = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'member.remove'",
    )
    .fetch_one(&app.state.app.pool)
    .await
    .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&before).unwrap(),
        json!({ "user": VIEWER, "role": "viewer" })
    );
    assert_eq!(after, None);
    // Gone: a second removal finds nobody.
    let a = owner
        .delete(&format!("/api/v1/organisations/{org}/members/{viewer}"))
        .await;
    assert_eq!(a.status(), 404, "{a:?}");
}

#[tokio::test]
async fn editors_and_viewers_read_the_list_but_cannot_change_it() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    let owner_id = user_id(&app, OWNER).await;
    let denied = app.audit_count("access.denied").await;
    for who in [EDITOR, VIEWER] {
        let api = ApiClient::for_user(&app, who, "write").await;
        let list = members(&api, &org).await;
        assert_eq!(role_of(&list, OWNER), Some("owner"));
        let base = format!("/api/v1/organisations/{org}");
        let answers = [
            api.post(
                &format!("{base}/invitations"),
                &json!({ "email": "x@demo.example", "role": "viewer" }),
            )
            .await,
            api.send(
                "PUT",
                &format!("{base}/members/{owner_id}"),
                Some(&json!({ "role": "viewer" })),
                &[],
            )
            .await,
            api.delete(&format!("{base}/members/{owner_id}")).await,
            api.delete(&format!("{base}/invitations/x@demo.example"))
                .await,
        ];
        for a in answers {
            assert_eq!(a.status(), 403, "{who}: {a:?}");
        }
        // The page: the list, and no form that changes it.
        let mut b = app.signed_in(who).await;
        let page = b.get("/members").await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains(&format!("data-member=\"{OWNER}\"")),
            "{}",
            page.body
        );
        assert!(!page.body.contains("Change role"));
        assert!(!page.body.contains("Invite a member"));
        // The server function refuses too.
        let res = b
            .call(
                ChangeMemberRole::PATH,
                &[
                    ("organisation_id", &org),
                    ("user_id", &owner_id),
                    ("role", "viewer"),
                ],
            )
            .await;
        assert_eq!(res.status, 403, "{}", res.body);
    }
    assert_eq!(app.audit_count("access.denied").await, denied + 10);
    // Outsiders are not told the organisation exists.
    let reviewer = ApiClient::for_user(&app, REVIEWER, "read").await;
    let a = reviewer
        .get(&format!("/api/v1/organisations/{org}/members"))
        .await;
    assert_eq!(a.status(), 404, "{a:?}");
    // The owner's page has the forms.
    let mut b = app.signed_in(OWNER).await;
    let page = b.get("/members").await;
    assert!(page.body.contains("Change role") && page.body.contains("Invite a member"));
}

#[tokio::test]
async fn an_invitation_can_be_withdrawn_before_it_is_taken() {
    let app = TestApp::new().await;
    let org = demo_org(&app).await;
    let owner = ApiClient::for_user(&app, OWNER, "write").await;
    let base = format!("/api/v1/organisations/{org}/invitations");
    let a = owner
        .post(
            &base,
            &json!({ "email": "later@demo.example", "role": "viewer" }),
        )
        .await;
    assert_eq!(a.json["joined"], false, "{a:?}");
    assert_eq!(
        owner
            .delete(&format!("{base}/later@demo.example"))
            .await
            .status(),
        204
    );
    assert_eq!(
        owner
            .delete(&format!("{base}/later@demo.example"))
            .await
            .status(),
        404
    );
    assert_eq!(members(&owner, &org).await["invitations"], json!([]));
    assert_eq!(app.audit_count("member.invite.cancel").await, 1);
    // Withdrawn: signing up later joins nothing.
    create_user(&app, "later@demo.example").await;
    app.signed_in("later@demo.example").await;
    assert_eq!(
        role_of(&members(&owner, &org).await, "later@demo.example"),
        None
    );
}
