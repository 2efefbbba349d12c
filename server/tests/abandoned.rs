//! Pages loaded concurrently, many of them abandoned by their client mid-render, leave no
//! server function without its request's context (and no ERROR log line).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use std::time::Duration;
use tower::ServiceExt;

fn page(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, format!("rmc_session={cookie}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandoned_page_loads_leave_no_server_function_without_context() {
    let logs = Logs::default();
    let subscriber = logs.subscriber();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let app = TestApp::new().await;
    let id = create_offering(&app, OWNER, "abandoned").await;
    let cookie = app
        .signed_in(OWNER)
        .await
        .session_cookie()
        .expect("a session");
    let paths = [
        "/dashboard".to_owned(),
        format!("/offerings/{id}"),
        format!("/offerings/{id}/basics"),
        "/notifications".to_owned(),
    ];
    let mut tasks = Vec::new();
    for i in 0..96u64 {
        let router = app.router.clone();
        let request = page(&paths[i as usize % paths.len()], &cookie);
        // Two in three clients leave after 1–12 ms, most of them before the page is done.
        let patience = (i % 3 != 0).then(|| Duration::from_millis(1 + i % 12));
        tasks.push(tokio::spawn(async move {
            let answer = router.oneshot(request);
            match patience {
                Some(wait) => tokio::time::timeout(wait, answer)
                    .await
                    .ok()
                    .map(|r| r.unwrap().status()),
                None => Some(answer.await.unwrap().status()),
            }
        }));
    }
    let mut abandoned = 0;
    for task in tasks {
        match task.await.unwrap() {
            Some(status) => assert_eq!(status, StatusCode::OK),
            None => abandoned += 1,
        }
    }
    assert!(abandoned > 0, "some clients left before their answer");
    // What the abandoned renders started finishes now (or would log its missing context).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let logs = logs.text();
    assert!(
        !logs.contains("AppState missing"),
        "a server function ran outside its request ({abandoned} abandoned):\n{logs}"
    );
    assert!(
        !logs.lines().any(|l| l.contains("ERROR")),
        "no ERROR log line:\n{logs}"
    );
}
