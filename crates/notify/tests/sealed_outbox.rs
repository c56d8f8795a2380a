//! What waits in the outbox is sealed: the database holds no usable link or code, on SQLite and
//! on PostgreSQL (read here with plain SQL, as someone with a copy of the database would), and
//! the worker still delivers every message intact. Rows queued in plain text by a version from
//! before sealing are sealed at start-up and delivered too; a row that does not open waits
//! without holding up the others.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use zk_domain::{Clock, FixedClock, OutboxMessageId};
use zk_notify::{MemoryMailer, MemorySms, OutboxWorker};
use zk_store::{OutgoingMessage, Store, outbox_seal};
use zk_store_postgres::PostgresStore;
use zk_store_postgres::test_db::TestDatabase;
use zk_store_sqlite::SqliteStore;

const LINK: &str = "https://zorg.example.nl/wachtwoord-herstellen/Zk7geheimtoken9Xq";
const TOKEN: &str = "Zk7geheimtoken9Xq";
const CODE: &str = "918273";

/// A fresh database of one kind, with the store on it and a plain SQL connection beside it.
enum Db {
    Sqlite {
        store: SqliteStore,
        sql: sqlx::SqlitePool,
        _dir: tempfile::TempDir,
    },
    Postgres {
        store: PostgresStore,
        sql: sqlx::PgPool,
        db: TestDatabase,
    },
}

/// One outbox row as plain SQL sees it.
#[derive(Debug, sqlx::FromRow)]
struct Row {
    id: uuid::Uuid,
    subject: Option<String>,
    text_body: String,
    html_body: Option<String>,
    sealed: Option<Vec<u8>>,
    last_error: Option<String>,
}

const SELECT: &str =
    "SELECT id, subject, text_body, html_body, sealed, last_error FROM outbox ORDER BY id";

impl Db {
    async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let store = SqliteStore::open(&path).await.unwrap();
        store.migrate().await.unwrap();
        let sql = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        Self::Sqlite {
            store,
            sql,
            _dir: dir,
        }
    }

    async fn postgres() -> Self {
        let db = TestDatabase::create().await.unwrap();
        let store = PostgresStore::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let sql = sqlx::PgPool::connect(&db.url).await.unwrap();
        Self::Postgres { store, sql, db }
    }

    fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite { store, .. } => Arc::new(store.clone()),
            Self::Postgres { store, .. } => Arc::new(store.clone()),
        }
    }

    async fn rows(&self) -> Vec<Row> {
        match self {
            Self::Sqlite { sql, .. } => sqlx::query_as(SELECT).fetch_all(sql).await.unwrap(),
            Self::Postgres { sql, .. } => sqlx::query_as(SELECT).fetch_all(sql).await.unwrap(),
        }
    }

    /// Stores `m` as a version from before sealing did: content in plain text.
    async fn insert_plain(&self, m: &OutgoingMessage) {
        match self {
            Self::Sqlite { sql, .. } => {
                sqlx::query(
                    "INSERT INTO outbox (id, channel, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7)",
                )
                .bind(m.id.0)
                .bind(m.channel.as_str())
                .bind(&m.recipient)
                .bind(&m.subject)
                .bind(&m.text_body)
                .bind(&m.html_body)
                .bind(m.created_at.as_microsecond())
                .execute(sql)
                .await
                .unwrap();
            }
            Self::Postgres { sql, .. } => {
                sqlx::query(
                    "INSERT INTO outbox (id, channel, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at)
                     VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS timestamptz), 0, CAST($7 AS timestamptz))",
                )
                .bind(m.id.0)
                .bind(m.channel.as_str())
                .bind(&m.recipient)
                .bind(&m.subject)
                .bind(&m.text_body)
                .bind(&m.html_body)
                .bind(m.created_at.to_string())
                .execute(sql)
                .await
                .unwrap();
            }
        }
    }

    /// Overwrites a message's sealed form, as a damaged row or another key would leave it.
    async fn damage(&self, id: OutboxMessageId) {
        const UPDATE: &str = "UPDATE outbox SET sealed = $1 WHERE id = $2";
        let garbage = vec![1u8; 64];
        match self {
            Self::Sqlite { sql, .. } => {
                sqlx::query(UPDATE)
                    .bind(garbage)
                    .bind(id.0)
                    .execute(sql)
                    .await
                    .unwrap();
            }
            Self::Postgres { sql, .. } => {
                sqlx::query(UPDATE)
                    .bind(garbage)
                    .bind(id.0)
                    .execute(sql)
                    .await
                    .unwrap();
            }
        }
    }

    async fn finish(self) {
        match self {
            Self::Sqlite { store, sql, .. } => {
                sql.close().await;
                store.close().await;
            }
            Self::Postgres { store, sql, db } => {
                sql.close().await;
                store.close().await;
                db.drop().await.unwrap();
            }
        }
    }
}

fn clock() -> FixedClock {
    FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap())
}

fn reset_mail(now: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(
        "sanne@voorbeeld.example",
        "Nieuw wachtwoord kiezen",
        &format!("Kies een nieuw wachtwoord:\n{LINK}"),
        Some(&format!(
            "<p><a href=\"{LINK}\">Nieuw wachtwoord kiezen</a></p>"
        )),
        now,
    )
}

fn code_sms(now: Timestamp) -> OutgoingMessage {
    OutgoingMessage::sms("+31612345678", &format!("Je code is {CODE}"), now)
}

fn worker(db: &Db, clock: &FixedClock, mailer: &MemoryMailer, sms: &MemorySms) -> OutboxWorker {
    OutboxWorker::new(
        db.store(),
        Arc::new(clock.clone()),
        Arc::new(mailer.clone()),
        Arc::new(sms.clone()),
    )
}

/// No column of any row shows the link, the token or the code.
fn assert_nothing_readable(rows: &[Row]) {
    for row in rows {
        let sealed = String::from_utf8_lossy(row.sealed.as_deref().unwrap_or_default());
        for column in [
            row.subject.as_deref().unwrap_or_default(),
            row.text_body.as_str(),
            row.html_body.as_deref().unwrap_or_default(),
            &sealed,
        ] {
            for secret in [TOKEN, CODE, "wachtwoord-herstellen", "Nieuw wachtwoord"] {
                assert!(
                    !column.contains(secret),
                    "{secret} readable in the database: {column}"
                );
            }
        }
    }
}

async fn waiting_messages_hold_no_link_or_code_and_arrive_intact(db: Db) {
    let clock = clock();
    let (mail, sms) = (reset_mail(clock.now()), code_sms(clock.now()));
    db.store().enqueue_message(&mail).await.unwrap();
    db.store().enqueue_message(&sms).await.unwrap();

    let rows = db.rows().await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.sealed.is_some()), "{rows:?}");
    assert_nothing_readable(&rows);

    let (mailer, phone) = (MemoryMailer::default(), MemorySms::default());
    let worker = worker(&db, &clock, &mailer, &phone);
    assert_eq!(worker.run_once().await.unwrap(), (2, 0));
    assert_eq!(mailer.sent(), vec![mail]);
    assert_eq!(phone.sent(), vec![sms]);
    // Sent: neither the content nor its sealed form stays.
    for row in db.rows().await {
        assert!(row.sealed.is_none() && row.text_body.is_empty() && row.subject.is_none());
    }
    db.finish().await;
}

async fn plain_messages_from_before_sealing_are_sealed_and_still_delivered(db: Db) {
    let clock = clock();
    let (mailer, phone) = (MemoryMailer::default(), MemorySms::default());
    let worker = worker(&db, &clock, &mailer, &phone);

    // Claimed before anything sealed it (an older instance queued it during an upgrade).
    let early = code_sms(clock.now());
    db.insert_plain(&early).await;
    assert_eq!(worker.run_once().await.unwrap(), (1, 0));
    assert_eq!(phone.sent(), vec![early]);

    // Sealed at start-up, then delivered.
    let waiting = reset_mail(clock.now());
    db.insert_plain(&waiting).await;
    assert!(
        db.rows().await.iter().any(|r| r.text_body.contains(TOKEN)),
        "the old form is plain"
    );
    assert_eq!(db.store().seal_plain_messages().await.unwrap(), 1);
    assert_eq!(db.store().seal_plain_messages().await.unwrap(), 0);
    assert_nothing_readable(&db.rows().await);
    assert_eq!(worker.run_once().await.unwrap(), (1, 0));
    assert_eq!(mailer.sent(), vec![waiting]);
    db.finish().await;
}

async fn a_message_that_does_not_open_waits_without_holding_up_the_others(db: Db) {
    let clock = clock();
    let broken = reset_mail(clock.now());
    let fine = code_sms(clock.now());
    db.store().enqueue_message(&broken).await.unwrap();
    db.store().enqueue_message(&fine).await.unwrap();
    db.damage(broken.id).await;

    let (mailer, phone) = (MemoryMailer::default(), MemorySms::default());
    let worker = worker(&db, &clock, &mailer, &phone);
    assert_eq!(worker.run_once().await.unwrap(), (1, 0));
    assert_eq!(phone.sent(), vec![fine]);
    assert!(mailer.sent().is_empty());
    assert_eq!(db.store().count_pending_messages().await.unwrap(), 1);
    let row = db
        .rows()
        .await
        .into_iter()
        .find(|r| r.id == broken.id.0)
        .unwrap();
    assert_eq!(row.last_error.as_deref(), Some(outbox_seal::UNREADABLE));
    assert!(row.sealed.is_some(), "kept for when the right key is back");

    // Not tried again before the hour is over; then tried, and still waiting.
    clock.advance(SignedDuration::from_mins(59));
    assert!(
        db.store()
            .claim_due_messages(clock.now(), SignedDuration::from_mins(2), 10)
            .await
            .unwrap()
            .is_empty()
    );
    clock.advance(SignedDuration::from_mins(1));
    assert_eq!(worker.run_once().await.unwrap(), (0, 0));
    assert_eq!(db.store().count_pending_messages().await.unwrap(), 1);
    db.finish().await;
}

/// Each scenario once on SQLite and once on PostgreSQL.
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::Db::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::Db::postgres().await).await;
                }
            )*
        }
    };
}

on_both_databases!(
    waiting_messages_hold_no_link_or_code_and_arrive_intact,
    plain_messages_from_before_sealing_are_sealed_and_still_delivered,
    a_message_that_does_not_open_waits_without_holding_up_the_others,
);
