//! The raw single-transaction insert rate of a database through our own `Db`, as the
//! yardstick for session creation: 64 tasks, each inserting one row per transaction.
//!
//! `cargo run --release --example raw_insert -- DATABASE_URL [SECONDS]`

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use klarefi::db::Db;
use klarefi::on_tx;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(url) = args.get(1) else {
        eprintln!("usage: raw_insert DATABASE_URL [SECONDS]");
        std::process::exit(2);
    };
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let db = match Db::connect(url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("connect: {e}");
            std::process::exit(1);
        }
    };
    let create =
        "CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, data TEXT NOT NULL, created_at BIGINT NOT NULL)";
    let ok = klarefi::on_db!(&db, write | pool | sqlx::query(create).execute(pool).await.map(|_| ()));
    if let Err(e) = ok {
        eprintln!("create table: {e}");
        std::process::exit(1);
    }
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (db, done) = (db.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let Ok(mut tx) = db.begin().await else { continue };
                let id = klarefi::ids::prefixed("raw");
                let inserted = on_tx!(&mut tx, |conn| {
                    sqlx::query("INSERT INTO bench_raw (id, data, created_at) VALUES ($1, $2, $3)")
                        .bind(&id)
                        .bind("{\"case_type_id\":\"motor_claim\"}")
                        .bind(klarefi::ids::now_ms())
                        .execute(&mut **conn)
                        .await
                        .map(|r| r.rows_affected())
                });
                if inserted.is_ok() && tx.commit().await.is_ok() {
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let n = done.load(Ordering::Relaxed);
    let _ = klarefi::on_db!(
        &db,
        write | pool | sqlx::query("DROP TABLE bench_raw").execute(pool).await.map(|_| ())
    );
    #[expect(clippy::cast_precision_loss, reason = "a rate for humans")]
    let rate = n as f64 / seconds as f64;
    println!("{rate:.0}");
}
