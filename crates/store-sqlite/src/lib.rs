//! The SQLite backend: the embedded default. WAL, `synchronous=FULL`, foreign keys on, one
//! writer connection (SQLite has one writer anyway; queuing in the pool beats busy errors) and
//! a pool of readers.

mod account_security;
mod accounts;
mod api_tokens;
mod attempts;
mod audit;
mod authenticator;
mod care;
mod client_name_search;
mod clients;
mod convert;
mod departures;
mod error;
mod exports;
mod extra_pages;
mod fhir;
mod hand_over;
mod imports;
mod invitations;
mod letter_print;
mod letters;
mod messages;
mod meta;
mod network;
mod outbox;
mod own_content;
mod providers;
mod records;
mod recovery;
mod recovery_codes;
mod registrations;
mod second_factor;
mod sessions;
mod staff;
mod staff_admin;
mod staff_invitations;
mod sweep;
mod webhooks;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;
use zk_store::{Store, StoreError, StoreResult};

pub use error::map_err;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteStore")
    }
}

impl SqliteStore {
    /// Opens (creating when missing) the database file at `path`.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await
            .map_err(map_err("open database"))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.read_only(true))
            .await
            .map_err(map_err("open database"))?;
        Ok(Self { writer, reader })
    }

    /// Opens the database named by a `sqlite://PATH` URL.
    pub async fn open_url(url: &str) -> StoreResult<Self> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| StoreError::Other("a SQLite URL starts with sqlite://".into()))?;
        Self::open(Path::new(path)).await
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR
            .run(&self.writer)
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map(|_| ())
            .map_err(map_err("ping"))
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
