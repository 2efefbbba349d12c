//! Catalog search on SQLite FTS5 (`offerings_fts`): each word a prefix, every word required,
//! case and diacritics folded, best match first; what a reader types never reaches the query
//! syntax. The index follows every write in the write's own transaction, so the next search
//! after a save (or a delete) sees it.

mod common;

use app::offerings::server::{DeleteOffering, SaveText};
use common::*;
use leptos::server_fn::ServerFn;

/// Setup only: the offering shows in its organisation's catalog (the release path has its own
/// tests in review.rs).
async fn limited(app: &TestApp, id: &str) {
    sqlx::query("UPDATE offerings SET visibility = 'limited' WHERE id = ?")
        .bind(id)
        .execute(&app.state.app.pool)
        .await
        .unwrap();
}

async fn name_it(b: &mut Browser<'_>, id: &str, language: &str, display_name: &str) {
    let version = version(b, id).await.to_string();
    let bullets: Vec<String> = (1..=5)
        .flat_map(|n| [format!("bullet{n}_title"), format!("bullet{n}_text")])
        .collect();
    let mut fields = vec![
        ("id", id),
        ("version", version.as_str()),
        ("language", language),
        ("display_name", display_name),
        ("short_description", "A service."),
        ("long_description", ""),
    ];
    fields.extend(bullets.iter().map(|k| (k.as_str(), "")));
    let res = b.call(SaveText::PATH, &fields).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

async fn indexed(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM offerings_fts WHERE offering_id = ?")
        .bind(id)
        .fetch_one(&app.state.app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn words_are_prefixes_all_required_and_folded() {
    let app = TestApp::new().await;
    let mut owner = app.signed_in(OWNER).await;
    let storage = create_offering(&app, OWNER, "object-storage").await;
    let db = create_offering(&app, OWNER, "fast-db").await;
    for id in [&storage, &db] {
        limited(&app, id).await;
    }
    name_it(&mut owner, &storage, "en", "Object Storage").await;
    name_it(&mut owner, &db, "de", "Schnelle Datenbänke").await;

    assert_eq!(catalog_names(&mut owner, "stor").await, ["object-storage"]);
    assert_eq!(
        catalog_names(&mut owner, "OBJECT storage").await,
        ["object-storage"]
    );
    assert!(
        catalog_names(&mut owner, "object db").await.is_empty(),
        "every word"
    );
    // Any language's name, without its diacritics.
    assert_eq!(catalog_names(&mut owner, "datenbanke").await, ["fast-db"]);
    assert_eq!(catalog_names(&mut owner, "Datenbänke").await, ["fast-db"]);
    // FTS5's own syntax is only words here: no error, no operator.
    for typed in [r#""OR"#, "fast AND NOT", "db*)", "NEAR(fast db)", "-", "'"] {
        catalog_names(&mut owner, typed).await;
    }
    assert!(catalog_names(&mut owner, "-*\"").await.is_empty());
    assert_eq!(catalog_names(&mut owner, "fast-db").await, ["fast-db"]);
    // A viewer elsewhere sees neither: the search keeps the visibility rules.
    let mut reviewer = app.signed_in(REVIEWER).await;
    assert!(catalog_names(&mut reviewer, "stor").await.is_empty());
}

#[tokio::test]
async fn the_best_match_comes_first() {
    let app = TestApp::new().await;
    let mut owner = app.signed_in(OWNER).await;
    let mentions = create_offering(&app, OWNER, "a-backup-vault").await;
    let about = create_offering(&app, OWNER, "z-queue").await;
    for id in [&mentions, &about] {
        limited(&app, id).await;
    }
    name_it(
        &mut owner,
        &mentions,
        "en",
        "Vault for files, databases and queues",
    )
    .await;
    name_it(&mut owner, &about, "en", "Queue").await;
    // Both match; the one that is only about queues ranks first (bm25), not by name.
    assert_eq!(
        catalog_names(&mut owner, "queue").await,
        ["z-queue", "a-backup-vault"]
    );
    // Without words the catalog is by name.
    let all = catalog_names(&mut owner, "").await;
    let at = |n: &str| all.iter().position(|x| x == n).unwrap();
    assert!(at("a-backup-vault") < at("z-queue"), "{all:?}");
}

#[tokio::test]
async fn a_save_or_delete_is_in_the_next_search() {
    let app = TestApp::new().await;
    let mut owner = app.signed_in(OWNER).await;
    let id = create_offering(&app, OWNER, "renamed-soon").await;
    limited(&app, &id).await;
    assert_eq!(catalog_names(&mut owner, "renamed").await, ["renamed-soon"]);
    name_it(&mut owner, &id, "en", "Glacier Archive").await;
    assert_eq!(catalog_names(&mut owner, "glacier").await, ["renamed-soon"]);
    name_it(&mut owner, &id, "en", "Cold Archive").await;
    assert!(
        catalog_names(&mut owner, "glacier").await.is_empty(),
        "the old name is gone"
    );
    assert_eq!(
        catalog_names(&mut owner, "cold arch").await,
        ["renamed-soon"]
    );

    let draft = create_offering(&app, OWNER, "deleted-soon").await;
    assert_eq!(indexed(&app, &draft).await, 1);
    let res = owner.call(DeleteOffering::PATH, &[("id", &draft)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(indexed(&app, &draft).await, 0);
}
