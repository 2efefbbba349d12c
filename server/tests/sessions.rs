//! Sign-in, sign-out, session rotation and expiry, through the real router and database.

mod common;
use common::*;

#[tokio::test]
async fn right_password_starts_a_session_and_shows_the_dashboard() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let res = b.sign_in(OWNER, PASSWORD).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), Some("/dashboard"));
    let cookie = res
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("rmc_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "not Secure unless configured: {cookie}"
    );

    let page = b.get("/dashboard").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Dashboard</h1>"), "{}", page.body);
    assert!(page.body.contains("No offerings yet"));
    assert!(
        page.body.contains(OWNER),
        "the account menu shows who is signed in"
    );
    assert!(
        page.body.contains("Demo Cloud Co."),
        "the owner's organisation is listed"
    );
    assert_eq!(app.audit_count("session.sign_in").await, 1);
}

#[tokio::test]
async fn wrong_password_goes_back_to_the_form_with_the_email_kept() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let res = b.sign_in(OWNER, "not the password").await;
    assert_eq!(res.status, 303);
    let location = res.location().unwrap().to_owned();
    assert!(
        location.starts_with("/login?error=invalid&email=owner%40demo.example"),
        "{location}"
    );
    assert!(
        b.session_cookie().is_none(),
        "no session for a failed sign-in"
    );

    let page = b.get(&location).await;
    assert!(page
        .body
        .contains("The e-mail or password is not right. Please try again."));
    assert!(
        page.body.contains(r#"value="owner@demo.example""#),
        "typed e-mail kept"
    );
    assert_eq!(app.audit_count("session.sign_in_failed").await, 1);

    let unknown = b.sign_in("nobody@demo.example", PASSWORD).await;
    assert!(unknown
        .location()
        .unwrap()
        .starts_with("/login?error=invalid"));
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in_and_the_old_one_stops_working() {
    let app = TestApp::new().await;
    let mut b = app.signed_in(OWNER).await;
    let first = b.session_cookie().unwrap();
    b.sign_in(EDITOR, PASSWORD).await;
    let second = b.session_cookie().unwrap();
    assert_ne!(first, second, "sign-in issues a new session id");

    let mut stale = app.browser();
    stale.cookies.insert("rmc_session".into(), first);
    let page = stale.get("/dashboard").await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("Please sign in to continue."));

    let page = b.get("/dashboard").await;
    assert!(page.body.contains(EDITOR));
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = TestApp::new().await;
    let mut b = app.signed_in(OWNER).await;
    let cookie = b.session_cookie().unwrap();
    let res = b.post_form("/auth/logout", &[]).await;
    assert_eq!(res.location(), Some("/login"));

    let mut replay = app.browser();
    replay.cookies.insert("rmc_session".into(), cookie);
    let page = replay.get("/dashboard").await;
    assert_eq!(page.status, 401);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_that_user_only() {
    let app = TestApp::new().await;
    let mut laptop = app.signed_in(OWNER).await;
    let mut phone = app.signed_in(OWNER).await;
    let mut colleague = app.signed_in(EDITOR).await;

    let res = laptop.post_form("/auth/logout-everywhere", &[]).await;
    assert_eq!(res.location(), Some("/login?notice=signed_out_everywhere"));
    let notice = laptop.get("/login?notice=signed_out_everywhere").await;
    assert!(notice
        .body
        .contains("You have been signed out on every device."));

    assert_eq!(phone.get("/dashboard").await.status, 401);
    assert_eq!(colleague.get("/dashboard").await.status, 200);
    // Signing in again works.
    let mut again = app.signed_in(OWNER).await;
    assert_eq!(again.get("/dashboard").await.status, 200);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::with(|c| c.session_idle_secs = 1).await;
    let mut b = app.signed_in(OWNER).await;
    assert_eq!(b.get("/dashboard").await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(b.get("/dashboard").await.status, 401);
}

#[tokio::test]
async fn activity_keeps_a_session_alive_past_its_idle_limit() {
    let app = TestApp::with(|c| c.session_idle_secs = 2).await;
    let mut b = app.signed_in(OWNER).await;
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        assert_eq!(b.get("/dashboard").await.status, 200, "still active");
    }
    tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
    assert_eq!(b.get("/dashboard").await.status, 401, "idle too long");
}

#[tokio::test]
async fn a_session_expires_at_its_absolute_limit_even_when_active() {
    let app = TestApp::with(|c| c.session_absolute_secs = 2).await;
    let mut b = app.signed_in(OWNER).await;
    assert_eq!(b.get("/dashboard").await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(b.get("/dashboard").await.status, 401);
}

#[tokio::test]
async fn cookies_are_secure_when_configured() {
    let app = TestApp::with(|c| c.secure_cookies = true).await;
    let mut b = app.browser();
    let res = b.sign_in(OWNER, PASSWORD).await;
    let cookie = res
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("rmc_session="))
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    let lang = b
        .post_form("/language", &[("lang", "fr"), ("back", "/login")])
        .await;
    assert!(lang.set_cookies()[0].contains("Secure"));
}
