//! `zk-bench import`: the bulk import rate (resources per second) for a file of Patients and
//! their Appointments, on a SQLite file database (as `serve` uses it) or a fresh PostgreSQL
//! database. It runs the real import code on the real store, but not through HTTP: the upload
//! is stored with `fhir_api::import::upload` (what `POST /fhir/r4/$import` calls once the body
//! is read) and processed by one `ImportWorker`, as `serve` runs it.
//!
//! Usage: `zk-bench import [sqlite|postgres] [appointments] [patients]`.

use anyhow::{Context, anyhow, bail};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::time::Instant;
use zk_app::api_tokens::{self, Scopes};
use zk_app::fhir_api::import::{ImportWorker, line_limits, status, upload};
use zk_app::providers::{NewProvider, create_provider};
use zk_app::{App, SecretKey};
use zk_domain::SystemClock;
use zk_store::Store;
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;
use zk_store_sqlite::SqliteStore;

/// The FHIR API's default limit for one request, which the worker applies to each line.
const LINE_LIMIT: usize = 16 * 1024 * 1024;

/// The NDJSON file: `patients` Patients, then `appointments` Appointments spread over them.
fn ndjson(patients: u64, appointments: u64) -> String {
    let mut out = String::with_capacity((patients * 300 + appointments * 450) as usize);
    for p in 0..patients {
        out.push_str(&format!(
            concat!(
                r#"{{"resourceType":"Patient","id":"p-{p}","identifier":[{{"system":"https://ggz.example/clientnummer","value":"C-{p}"}}],"#,
                r#""name":[{{"use":"official","family":"Visser","given":["Sanne"]}}],"birthDate":"1985-05-05"}}"#,
                "\n"
            ),
            p = p
        ));
    }
    let first: Timestamp = "2027-01-04T08:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    for a in 0..appointments {
        let start = first + SignedDuration::from_mins(30 * (a / patients.max(1)) as i64);
        let end = start + SignedDuration::from_mins(45);
        out.push_str(&format!(
            concat!(
                r#"{{"resourceType":"Appointment","id":"a-{a}","status":"booked","description":"Behandelgesprek {a}","#,
                r#""start":"{start}","end":"{end}","participant":[{{"actor":{{"reference":"Patient/p-{p}"}},"status":"accepted"}},"#,
                r#"{{"actor":{{"type":"Location","display":"Spreekkamer 3"}},"status":"accepted"}}]}}"#,
                "\n"
            ),
            a = a,
            p = a % patients.max(1),
            start = start,
            end = end
        ));
    }
    out
}

pub async fn run(args: &[String]) -> anyhow::Result<()> {
    let backend = args.first().map_or("sqlite", String::as_str).to_owned();
    let appointments: u64 = args
        .get(1)
        .map_or(Ok(100_000), |s| s.parse())
        .context("appointments")?;
    let patients: u64 = args
        .get(2)
        .map_or(Ok(1_000), |s| s.parse())
        .context("patients")?;
    if patients == 0 {
        bail!("at least one patient is needed for the appointments to refer to");
    }
    let dir = tempfile::tempdir()?;
    let (store, pg): (Arc<dyn Store>, Option<(PostgresStore, TestDatabase)>) =
        match backend.as_str() {
            "sqlite" => {
                let s = SqliteStore::open(&dir.path().join("import.sqlite")).await?;
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
    let app = App::new(store, Arc::new(SystemClock), SecretKey::generate());
    let provider = create_provider(
        &app,
        NewProvider {
            name: "Benchmark GGZ".into(),
            secretariat_email: "secretariaat@bench.example".into(),
            secretariat_phone: "010 000 00 00".into(),
            letter_validity_days: 30,
        },
    )
    .await?;
    let token = api_tokens::create(
        &app,
        zk_app::audit::staff_changes::By::Operator,
        provider.id,
        "ECD",
        Scopes::full(),
    )
    .await?
    .token;
    let file = ndjson(patients, appointments);
    let lines = patients + appointments;

    let started = Instant::now();
    let job = upload(&app, &token, file.as_bytes())
        .await
        .map_err(|e| anyhow!("upload refused: {}", e.outcome))?;
    let stored = started.elapsed().as_secs_f64();
    let worker = ImportWorker::new(app.clone(), line_limits(LINE_LIMIT));
    let processing = Instant::now();
    let finished = worker.run_once(None).await?;
    let processed = processing.elapsed().as_secs_f64();
    let total = started.elapsed().as_secs_f64();

    let summary = status(&app, &token, &job.to_string(), "/fhir/r4/$import")
        .await
        .map_err(|e| anyhow!("status: {}", e.outcome))?;
    let written = summary.body["written"].as_u64().unwrap_or(0);
    let failed = summary.body["failed"].as_u64().unwrap_or(0);
    if finished != 1 || written != lines || failed != 0 {
        bail!("the import did not store every line: {}", summary.body);
    }
    println!(
        "\nbackend: {backend}; {patients} Patients + {appointments} Appointments = {lines} lines, {:.1} MB\n",
        file.len() as f64 / 1e6
    );
    println!("| step | seconds | resources/s |");
    println!("|---|---:|---:|");
    println!(
        "| upload stored (split into chunks, one transaction) | {stored:.2} | {:.0} |",
        lines as f64 / stored
    );
    println!(
        "| worker: check and write every line | {processed:.2} | {:.0} |",
        lines as f64 / processed
    );
    println!(
        "| upload to done | {total:.2} | {:.0} |",
        lines as f64 / total
    );
    if let Some((s, db)) = pg {
        s.close().await;
        db.drop().await?;
    }
    Ok(())
}
