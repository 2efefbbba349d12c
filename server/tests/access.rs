//! Role checks: a table of pages and server functions by role, CSRF refusal, health.

mod common;
use app::admin::server::{LoadAdminOverview, SetReviewerRole};
use common::*;
use leptos::server_fn::ServerFn;

#[tokio::test]
async fn pages_by_role() {
    let app = TestApp::new().await;
    // (page, [anonymous, owner, editor, viewer, reviewer, admin])
    let table: [(&str, [u16; 6]); 5] = [
        ("/dashboard", [401, 200, 200, 200, 200, 200]),
        // The public catalog is open to anyone (SPEC §8); what each sees is its own rule.
        ("/catalog", [200, 200, 200, 200, 200, 200]),
        ("/review", [401, 403, 403, 403, 200, 403]),
        ("/admin", [401, 403, 403, 403, 403, 200]),
        ("/login", [200, 200, 200, 200, 200, 200]),
    ];
    let mut browsers = vec![app.browser()];
    for who in [OWNER, EDITOR, VIEWER, REVIEWER, ADMIN] {
        browsers.push(app.signed_in(who).await);
    }
    let mut denials = 0;
    for (path, expected) in table {
        for (b, want) in browsers.iter_mut().zip(expected) {
            let page = b.get(path).await;
            assert_eq!(
                page.status.as_u16(),
                want,
                "{path} for {:?}",
                b.cookies.keys()
            );
            match want {
                403 => {
                    denials += 1;
                    assert!(page.body.contains("Access denied"), "{path}: {}", page.body);
                }
                401 => assert!(page.body.contains("Please sign in to continue.")),
                _ => {}
            }
        }
    }
    assert_eq!(
        app.audit_count("access.denied").await,
        denials,
        "every denial is audited"
    );
}

#[tokio::test]
async fn navigation_shows_only_what_the_role_may_open() {
    let app = TestApp::new().await;
    let owner = app.signed_in(OWNER).await.get("/dashboard").await.body;
    assert!(!owner.contains(r#"href="/admin""#) && !owner.contains(r#"href="/review""#));
    let reviewer = app.signed_in(REVIEWER).await.get("/dashboard").await.body;
    assert!(reviewer.contains(r#"href="/review""#) && !reviewer.contains(r#"href="/admin""#));
    let admin = app.signed_in(ADMIN).await.get("/dashboard").await.body;
    assert!(admin.contains(r#"href="/admin""#));
}

#[tokio::test]
async fn admin_server_functions_refuse_everyone_but_admins() {
    let app = TestApp::new().await;
    for who in [OWNER, EDITOR, VIEWER, REVIEWER] {
        let mut b = app.signed_in(who).await;
        let res = b.call(LoadAdminOverview::PATH, &[]).await;
        assert_eq!(res.status, 403, "{who}: {}", res.body);
        assert!(
            res.body.contains("platform administrators only"),
            "{}",
            res.body
        );
    }
    let mut anonymous = app.browser();
    assert_eq!(
        anonymous.call(LoadAdminOverview::PATH, &[]).await.status,
        401
    );

    let mut admin = app.signed_in(ADMIN).await;
    let res = admin.call(LoadAdminOverview::PATH, &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(OWNER));
}

#[tokio::test]
async fn an_admin_grants_the_reviewer_role_and_it_takes_effect() {
    let app = TestApp::new().await;
    let owner_id: String = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(OWNER)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap();
    let mut owner = app.signed_in(OWNER).await;
    assert_eq!(owner.get("/review").await.status, 403);

    let mut admin = app.signed_in(ADMIN).await;
    let res = admin
        .call(
            SetReviewerRole::PATH,
            &[("user_id", &owner_id), ("reviewer", "true")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(owner.get("/review").await.status, 200);
    assert_eq!(app.audit_count("user.set_reviewer").await, 1);

    // The owner cannot hand the role to anyone themselves.
    let res = owner
        .call(
            SetReviewerRole::PATH,
            &[("user_id", &owner_id), ("reviewer", "false")],
        )
        .await;
    assert_eq!(res.status, 403);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let res = b
        .post_form_from(
            "/auth/login",
            &[("email", OWNER), ("password", PASSWORD)],
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("came from another site"));
    assert!(b.session_cookie().is_none());

    let mut admin = app.signed_in(ADMIN).await;
    let res = admin
        .post_form_from(LoadAdminOverview::PATH, &[], Some("https://evil.example"))
        .await;
    assert_eq!(res.status, 403);
    let res = admin
        .post_form_from("/auth/logout-everywhere", &[], Some("https://evil.example"))
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(admin.get("/admin").await.status, 200, "still signed in");
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let health = b.get("/healthz").await;
    assert_eq!(health.status, 200);
    let ready = b.get("/readyz").await;
    assert_eq!(ready.status, 200);
    assert!(ready.body.contains("ready"));
    assert!(
        ready.headers.contains_key("x-request-id"),
        "request ids are returned"
    );

    sqlx::query("DELETE FROM _sqlx_migrations")
        .execute(&app.state.app.pool)
        .await
        .unwrap();
    let not_ready = b.get("/readyz").await;
    assert_eq!(not_ready.status, 503);
    assert!(not_ready.body.contains("migrations pending"));
}

#[tokio::test]
async fn unknown_pages_are_404_with_a_way_back() {
    let app = TestApp::new().await;
    let page = app.browser().get("/no-such-page").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Page not found"));
    assert!(page.body.contains(r#"href="/dashboard""#));
}

#[tokio::test]
async fn language_follows_accept_language_then_the_chosen_cookie() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.extra
        .push(("accept-language", "de-DE,de;q=0.9,en;q=0.5".into()));
    let page = b.get("/login").await;
    assert!(
        page.body.contains("Anmelden"),
        "German from Accept-Language"
    );

    let res = b
        .post_form(
            "/language",
            &[("lang", "fr"), ("back", "/login?email=a%40b.example")],
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), Some("/login?email=a%40b.example"));
    assert!(res.set_cookies()[0].starts_with("i18n_pref_locale=fr"));
    let page = b.get("/login").await;
    assert!(page.body.contains("Se connecter"), "French from the cookie");

    let res = b
        .post_form("/language", &[("lang", "xx"), ("back", "/login")])
        .await;
    assert_eq!(res.status, 400);
    let res = b
        .post_form(
            "/language",
            &[("lang", "de"), ("back", "https://evil.example/")],
        )
        .await;
    assert_eq!(res.location(), Some("/dashboard"), "no open redirect");
}
