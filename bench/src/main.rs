//! `zk-bench`: measures request-path store calls (letter lookup by code, client record by id,
//! upcoming appointments, a page of client records deep in the list) on a small and a large
//! database, and prints the cost per call and the large/small ratio. O(log n) access keeps the
//! ratio near 1; a table scan shows up as a ratio near the size ratio.
//!
//! Usage: `zk-bench [sqlite|postgres] [small] [large] [iterations]`; `zk-bench import …` measures
//! the bulk import rate instead (see `import`).

mod fill;
mod import;

use anyhow::{Context, anyhow};
use jiff::Timestamp;
use std::sync::Arc;
use std::time::Instant;
use zk_app::clients::{NewClient, register_client};
use zk_app::letters::{find_by_code, issue_letter};
use zk_app::providers::{NewProvider, create_provider};
use zk_app::{App, SecretKey};
use zk_domain::care::AppointmentWindow;
use zk_domain::letter::IntendedFor;
use zk_domain::page::PageRequest;
use zk_domain::{BirthDate, ClientRecordId, FixedClock, LetterCode, ProviderId};
use zk_store::Store;
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;
use zk_store_sqlite::SqliteStore;

/// Clients made through the real use cases; the calls below pick among them.
const KNOWN_CLIENTS: usize = 200;
const OPERATIONS: [&str; 4] = [
    "find letter by code",
    "client record by id",
    "upcoming appointments (page of 20)",
    "client records page after a cursor",
];

struct Known {
    provider: ProviderId,
    clients: Vec<ClientRecordId>,
    codes: Vec<LetterCode>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "import") {
        return import::run(&args[1..]).await;
    }
    let backend = args.first().map_or("sqlite", String::as_str).to_owned();
    let small: u64 = args
        .get(1)
        .map_or(Ok(1_000), |s| s.parse())
        .context("small size")?;
    let large: u64 = args
        .get(2)
        .map_or(Ok(100_000), |s| s.parse())
        .context("large size")?;
    let iterations: usize = args
        .get(3)
        .map_or(Ok(2_000), |s| s.parse())
        .context("iterations")?;

    let small_costs = measure(&backend, small, iterations).await?;
    let large_costs = measure(&backend, large, iterations).await?;
    println!(
        "\nbackend: {backend}; {iterations} calls per operation; clients: {small} and {large}\n"
    );
    println!("| operation | µs/call at {small} | µs/call at {large} | ratio |");
    println!("|---|---:|---:|---:|");
    for (i, op) in OPERATIONS.iter().enumerate() {
        println!(
            "| {op} | {:.1} | {:.1} | {:.2} |",
            small_costs[i],
            large_costs[i],
            large_costs[i] / small_costs[i]
        );
    }
    Ok(())
}

async fn measure(backend: &str, n: u64, iterations: usize) -> anyhow::Result<Vec<f64>> {
    let dir = tempfile::tempdir()?;
    let (store, pg): (Arc<dyn Store>, Option<(PostgresStore, TestDatabase)>) = match backend {
        "sqlite" => {
            let s = SqliteStore::open(&dir.path().join("bench.sqlite")).await?;
            s.migrate().await?;
            (Arc::new(s), None)
        }
        "postgres" => {
            let db = TestDatabase::create().await?;
            let s = PostgresStore::connect(&db.url).await?;
            s.migrate().await?;
            (Arc::new(s.clone()), Some((s, db)))
        }
        other => return Err(anyhow!("unknown backend {other}: use sqlite or postgres")),
    };
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse()?);
    let app = App::new(store.clone(), Arc::new(clock), SecretKey::generate());
    let known = seed_known(&app).await?;
    let started = Instant::now();
    match &pg {
        None => fill::fill_sqlite(&dir.path().join("bench.sqlite"), known.provider, n).await?,
        Some((_, db)) => fill::fill_postgres(&db.url, known.provider, n).await?,
    }
    eprintln!(
        "{backend}: generated {} rows in {:.1} s",
        n * fill::ROWS_PER_CLIENT,
        started.elapsed().as_secs_f64()
    );

    let now: Timestamp = "2026-11-23T10:00:00Z".parse()?;
    let page = PageRequest::first(20);
    let mut costs = Vec::new();
    for op in 0..OPERATIONS.len() {
        let started = Instant::now();
        for i in 0..iterations {
            let k = i % known.clients.len();
            let client = known.clients[k];
            match op {
                0 => {
                    find_by_code(&app, &known.codes[k])
                        .await?
                        .ok_or_else(|| anyhow!("letter not found"))?;
                }
                1 => {
                    store
                        .get_client_record(client)
                        .await?
                        .ok_or_else(|| anyhow!("client not found"))?;
                }
                2 => {
                    store
                        .list_appointments(client, AppointmentWindow::Upcoming { now }, &page)
                        .await?;
                }
                _ => {
                    let cursor = zk_store::cursor::Cursor::Id(client.0).encode();
                    store
                        .list_client_records(known.provider, &PageRequest::after(cursor, 20))
                        .await?;
                }
            }
        }
        costs.push(started.elapsed().as_secs_f64() * 1e6 / iterations as f64);
    }
    if let Some((s, db)) = pg {
        s.close().await;
        db.drop().await?;
    }
    Ok(costs)
}

async fn seed_known(app: &App) -> anyhow::Result<Known> {
    let provider = create_provider(
        app,
        NewProvider {
            name: "Benchmark GGZ".into(),
            secretariat_email: "secretariaat@bench.example".into(),
            secretariat_phone: "010 000 00 00".into(),
            letter_validity_days: 30,
        },
    )
    .await?;
    let mut clients = Vec::new();
    let mut codes = Vec::new();
    for i in 0..KNOWN_CLIENTS {
        let client = register_client(
            app,
            zk_app::audit::staff_changes::By::Operator,
            provider.id,
            NewClient {
                client_number: format!("K-{i}"),
                first_name: "Sanne".into(),
                last_name: "de Vries".into(),
                birth_date: BirthDate::parse_iso("1990-12-31").ok_or_else(|| anyhow!("date"))?,
                email: None,
                address: None,
            },
        )
        .await?;
        let issued = issue_letter(app, client.id, IntendedFor::Client, app.now()).await?;
        clients.push(client.id);
        codes.push(issued.code);
    }
    Ok(Known {
        provider: provider.id,
        clients,
        codes,
    })
}
