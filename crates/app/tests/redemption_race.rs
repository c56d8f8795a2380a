//! Fifty people finishing a registration with the same letter at the same moment: exactly one
//! account, one used letter, and 49 plain refusals, on SQLite and on PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::sync::Arc;
use zk_app::clients::{NewClient, register_client};
use zk_app::letters::issue_letter;
use zk_app::providers::{NewProvider, create_provider};
use zk_app::registration::{self as reg, Purpose, Refusal, Requester};
use zk_app::{App, SecretKey};
use zk_domain::letter::{IntendedFor, LetterStatus};
use zk_domain::{BirthDate, FixedClock};
use zk_store::Store;
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;
use zk_store_sqlite::SqliteStore;

const RACERS: usize = 50;

async fn race(store: Arc<dyn Store>) {
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    let app = App::new(store, Arc::new(clock), SecretKey::generate());
    let provider = create_provider(
        &app,
        NewProvider {
            name: "GGZ Test".into(),
            secretariat_email: "secretariaat@test.example".into(),
            secretariat_phone: "010 000 00 00".into(),
            letter_validity_days: 30,
        },
    )
    .await
    .unwrap();
    let birth = BirthDate::parse_iso("1990-12-31").unwrap();
    let client = register_client(
        &app,
        zk_app::audit::staff_changes::By::Operator,
        provider.id,
        NewClient {
            client_number: "R-1".into(),
            first_name: "Sanne".into(),
            last_name: "de Vries".into(),
            birth_date: birth,
            email: None,
            address: None,
        },
    )
    .await
    .unwrap();
    let issued = issue_letter(&app, client.id, IntendedFor::Client, app.now())
        .await
        .unwrap();

    // Fifty registrations, each proven with the code and birth date, all ready for a password.
    let mut ready = Vec::with_capacity(RACERS);
    for n in 0..RACERS {
        let (browser, mut progress) = reg::start(&app, "nl").await.unwrap();
        let who = Requester::new(&app, &browser, &format!("10.0.{}.{}", n / 200, n % 200));
        let matched = reg::redeem_letter(
            &app,
            &who,
            &issued.code.digits(),
            &birth.dutch(),
            Purpose::SelfManagement,
        )
        .await
        .unwrap()
        .unwrap();
        let s = &mut progress.state;
        s.first_name = Some("Persoon".into());
        s.last_name = Some(format!("Nummer{n}"));
        s.email = Some(format!("persoon{n}@voorbeeld.example"));
        s.letter = Some(matched);
        s.match_confirmed = true;
        reg::activate_without_mail(&app, &mut progress)
            .await
            .unwrap();
        ready.push(progress);
    }

    let tasks: Vec<_> = ready
        .into_iter()
        .map(|progress| {
            let app = app.clone();
            tokio::spawn(async move {
                reg::finish(
                    &app,
                    &progress,
                    "fiets boom regen lantaarn",
                    "fiets boom regen lantaarn",
                    "test",
                )
                .await
            })
        })
        .collect();
    let (mut created, mut refused) = (0, 0);
    for t in tasks {
        match t.await.unwrap().unwrap() {
            Ok(_) => created += 1,
            Err(Refusal::LetterTakenMeanwhile) => refused += 1,
            Err(other) => panic!("unexpected refusal {other:?}"),
        }
    }
    assert_eq!((created, refused), (1, RACERS - 1));
    let letter = app
        .store
        .get_letter(issued.letter.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(letter.status(app.now()), LetterStatus::Used);
    let mut accounts = 0;
    for n in 0..RACERS {
        if app
            .store
            .find_account_by_email(&format!("persoon{n}@voorbeeld.example"))
            .await
            .unwrap()
            .is_some()
        {
            accounts += 1;
        }
    }
    assert_eq!(accounts, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_racing_redemptions_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    race(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_racing_redemptions_on_postgresql() {
    let db = TestDatabase::create().await.unwrap();
    let store = PostgresStore::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    race(Arc::new(store.clone())).await;
    store.close().await;
    db.drop().await.unwrap();
}
