//! Catalog search benchmark helper (run by `bench/catalog/run`).
//!
//! `catalog-bench seed <db> <n>`: adds `n` generated offerings to a console database that the
//! server already created and seeded (the demo owner can then sign in), most of them public,
//! some limited, spread over categories and tags, with their catalog search text.
//!
//! `catalog-bench query <db> <email> <q> <seconds>`: runs the catalog's own query
//! (`app::catalog::db::search`, the statement the search page runs) for the signed-in user
//! over and over on one connection, and prints `raw p50_ms p99_ms queries_per_s`.

use app::domain::offering::{CatalogText, OfferingDocument, CATEGORIES};
use app::domain::visibility::Visibility;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Row, SqlitePool};
use std::str::FromStr;
use std::time::{Duration, Instant};

const WORDS: [&str; 16] = [
    "fast", "object", "storage", "stream", "vector", "graph", "cache", "queue", "secure", "edge",
    "ledger", "search", "backup", "metrics", "events", "gateway",
];

async fn open(path: &str) -> SqlitePool {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
        .expect("database path")
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
    sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("open the database")
}

async fn seed(path: &str, n: usize) {
    let pool = open(path).await;
    let mut tx = pool.begin().await.unwrap();
    let mut orgs = Vec::new();
    for i in 0..50 {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query("INSERT INTO organisations (id, name) VALUES (?, ?)")
            .bind(&id)
            .bind(format!("Bench Provider {i}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        orgs.push(id);
    }
    for i in 0..n {
        let (a, b) = (
            WORDS[i % WORDS.len()],
            WORDS[(i / WORDS.len()) % WORDS.len()],
        );
        let name = format!("bench-{a}-{b}-{i}");
        let mut doc = OfferingDocument::default();
        doc.basics.category = CATEGORIES[i % CATEGORIES.len()].to_owned();
        doc.basics.tags = vec![a.to_owned(), b.to_owned()];
        doc.basics.provider_display_name = format!("Bench Provider {}", i % 50);
        doc.texts.insert(
            "en".into(),
            CatalogText {
                display_name: format!("{} {} {i}", capital(a), capital(b)),
                short_description: format!("A {a} service with {b} built in."),
                long_description: format!("# {a}\n\nGenerated offering number {i}."),
                bullets: vec![],
            },
        );
        let visibility = if i % 10 == 0 {
            Visibility::Limited
        } else {
            Visibility::Public
        };
        let json = serde_json::to_string(&doc).unwrap();
        let search = app::domain::catalog::search_text(&name, &doc);
        let live = (visibility == Visibility::Public).then(|| json.clone());
        sqlx::query(
            "INSERT INTO offerings (id, organisation_id, name, visibility, document, live_document, live_version, search_text)
             VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&orgs[i % orgs.len()])
        .bind(&name)
        .bind(visibility.as_str())
        .bind(&json)
        .bind(live)
        .bind(search)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    println!("seeded {n} offerings");
}

fn capital(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

async fn query(path: &str, email: &str, q: &str, seconds: u64) {
    let pool = open(path).await;
    let user_id: String = sqlx::query("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(&pool)
        .await
        .expect("the user exists")
        .get(0);
    let page = app::catalog::server::PAGE_SIZE + 1;
    let mut times = Vec::new();
    let end = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < end {
        let t = Instant::now();
        let rows = app::catalog::db::search(&pool, &user_id, email, q, "", page, 0)
            .await
            .unwrap();
        std::hint::black_box(rows);
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize].as_secs_f64() * 1000.0;
    let rate = times.len() as f64 / seconds as f64;
    println!("raw {:.3} {:.3} {:.0}", pct(0.50), pct(0.99), rate);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("seed") => seed(&args[2], args[3].parse().unwrap()).await,
        Some("query") => query(&args[2], &args[3], &args[4], args[5].parse().unwrap()).await,
        _ => {
            eprintln!("usage: catalog-bench seed <db> <n> | query <db> <email> <q> <seconds>");
            std::process::exit(2);
        }
    }
}
