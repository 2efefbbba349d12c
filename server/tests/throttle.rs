//! The sign-in throttle (`server/src/auth/throttle.rs`) through the real router and database:
//! per account, per client address, the refusal page, `Retry-After`, the audit rows.

mod common;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request};
use common::*;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// The default budget per account: 5 failures per 60 s, one back every 12 s (room for five
/// slow debug-build password checks on a busy machine; the test waits for one cell).
async fn app(per_address: u32, trust_forwarded_for: bool) -> TestApp {
    TestApp::with(|config| {
        config.login_failures_per_min = 5;
        config.login_failures_per_ip_per_min = per_address;
        config.login_window_secs = 60;
        config.trust_forwarded_for = trust_forwarded_for;
    })
    .await
}

/// A sign-in form post from the peer `ip` (as `ConnectInfo`, like `main.rs` serves).
async fn sign_in_from(
    b: &mut Browser<'_>,
    ip: Option<&str>,
    forwarded_for: Option<&str>,
    email: &str,
    password: &str,
) -> Page {
    let body = format!(
        "email={}&password={}&next=%2Fdashboard",
        urlencoding::encode(email),
        urlencoding::encode(password)
    );
    let mut req = Request::post("/auth/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, ORIGIN);
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    if let Some(ip) = ip {
        let peer = SocketAddr::new(ip.parse().unwrap(), 50_000);
        req.extensions_mut().insert(ConnectInfo(peer));
    }
    b.send(req).await
}

fn location(page: &Page) -> String {
    page.location().unwrap_or_default().to_owned()
}

/// The refusal's wait: `Retry-After`, equal to the `retry` in the redirect.
fn retry_after(page: &Page) -> u64 {
    assert_eq!(page.status, 303);
    let loc = location(page);
    assert!(loc.starts_with("/login?error=throttled&retry="), "{loc}");
    let header: u64 = page
        .headers
        .get(header::RETRY_AFTER)
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(loc.contains(&format!("retry={header}&")), "{loc}");
    header
}

async fn throttled_rows(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT subject_type, subject_id, detail FROM audit_log
         WHERE action = 'session.sign_in_throttled' ORDER BY id",
    )
    .fetch_all(&app.state.app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_sixth_sign_in_is_refused_even_with_the_right_password_until_the_window_passes() {
    let app = app(30, false).await;
    let mut b = app.browser();
    for n in 1..=5 {
        let res = b.sign_in(OWNER, "not the password").await;
        assert!(
            location(&res).starts_with("/login?error=invalid&"),
            "failure {n}: {}",
            location(&res)
        );
        assert!(res.headers.get(header::RETRY_AFTER).is_none());
    }

    // The 6th, with the right password and the e-mail typed differently: refused unchecked.
    let res = b.sign_in(" Owner@Demo.Example ", PASSWORD).await;
    let refused_at = Instant::now();
    let wait = retry_after(&res);
    assert!((1..=12).contains(&wait), "at most one cell's time: {wait}");
    // Refused again (wrong password): it counts as no failure.
    let again = b.sign_in(OWNER, "still wrong").await;
    assert!(retry_after(&again) <= wait);
    let loc = location(&res);
    assert!(
        loc.contains("&email=Owner%40Demo.Example&next=%2Fdashboard"),
        "{loc}"
    );
    assert!(b.session_cookie().is_none(), "no session while throttled");
    assert_eq!(app.audit_count("session.sign_in_failed").await, 5);
    assert_eq!(app.audit_count("session.sign_in").await, 0);

    // The page says so, in the visitor's language.
    // (`<!>` are the markers server rendering puts around the interpolated number.)
    let text = |page: Page| page.body.replace("<!>", "");
    let page = text(b.get(&loc).await);
    let english = if wait == 1 {
        "Too many failed sign-ins. Try again in 1 second.".to_owned()
    } else {
        format!("Too many failed sign-ins. Try again in {wait} seconds.")
    };
    assert!(page.contains(&english), "{page}");
    assert!(
        page.contains(r#"value="Owner@Demo.Example""#),
        "typed e-mail kept"
    );
    b.extra
        .push(("accept-language", "de-DE,de;q=0.9,en;q=0.5".into()));
    let page = text(b.get("/login?error=throttled&retry=42").await);
    assert!(
        page.contains(
            "Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in 42 Sekunden erneut."
        ),
        "{page}"
    );
    b.extra.clear();

    // One audit row per refusal.
    let rows = throttled_rows(&app).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0],
        (
            "email".into(),
            "Owner@Demo.Example".into(),
            "account".into()
        )
    );
    assert_eq!(rows[1], ("email".into(), OWNER.into(), "account".into()));

    // Others are not held up.
    let mut other = app.browser();
    let res = other.sign_in(EDITOR, PASSWORD).await;
    assert_eq!(res.location(), Some("/dashboard"));

    // After the wait, the right password works at once.
    let open_at = refused_at + Duration::from_secs(wait) + Duration::from_millis(200);
    tokio::time::sleep_until(open_at.into()).await;
    let res = b.sign_in(OWNER, PASSWORD).await;
    assert_eq!(res.location(), Some("/dashboard"), "{}", location(&res));
    assert_eq!(throttled_rows(&app).await.len(), 2);
}

#[tokio::test]
async fn an_address_is_throttled_across_accounts_but_other_addresses_are_not() {
    let app = app(3, false).await;
    let mut b = app.browser();
    for who in [OWNER, EDITOR, VIEWER] {
        let res = sign_in_from(&mut b, Some("192.0.2.10"), None, who, "wrong").await;
        assert!(location(&res).starts_with("/login?error=invalid&"), "{who}");
    }
    // A fourth account from that address: refused, right password or not.
    let res = sign_in_from(&mut b, Some("192.0.2.10"), None, REVIEWER, PASSWORD).await;
    retry_after(&res);
    // X-Forwarded-For is not believed unless configured.
    let res = sign_in_from(
        &mut b,
        Some("192.0.2.10"),
        Some("198.51.100.1"),
        REVIEWER,
        PASSWORD,
    )
    .await;
    retry_after(&res);
    let rows = throttled_rows(&app).await;
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| *r == ("email".into(), REVIEWER.into(), "address".into())));

    // The same account from elsewhere, and a connection without a known peer, work.
    let res = sign_in_from(&mut b, Some("192.0.2.11"), None, REVIEWER, PASSWORD).await;
    assert_eq!(res.location(), Some("/dashboard"));
    let res = sign_in_from(&mut app.browser(), None, None, ADMIN, PASSWORD).await;
    assert_eq!(res.location(), Some("/dashboard"));
    // An IPv6 neighbour in the same /64 counts as the same address.
    for who in [OWNER, EDITOR, VIEWER] {
        sign_in_from(&mut b, Some("2001:db8:0:1::a"), None, who, "wrong").await;
    }
    let res = sign_in_from(&mut b, Some("2001:db8:0:1::b"), None, ADMIN, PASSWORD).await;
    retry_after(&res);
}

#[tokio::test]
async fn a_trusted_proxy_s_forwarded_address_is_the_client() {
    let app = app(1, true).await;
    let mut b = app.browser();
    let proxy = Some("10.0.0.1");
    let res = sign_in_from(&mut b, proxy, Some("192.0.2.20"), OWNER, "wrong").await;
    assert!(location(&res).starts_with("/login?error=invalid&"));
    let res = sign_in_from(
        &mut b,
        proxy,
        Some("203.0.113.5, 192.0.2.20"),
        EDITOR,
        PASSWORD,
    )
    .await;
    retry_after(&res);
    // Another client behind the same proxy is not held up.
    let res = sign_in_from(&mut b, proxy, Some("192.0.2.21"), EDITOR, PASSWORD).await;
    assert_eq!(res.location(), Some("/dashboard"));
}
