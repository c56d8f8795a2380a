//! The PostgreSQL backend: for installations that run several instances against one database.
//! One pool of connections, the same schema and contract as SQLite in PostgreSQL's own types,
//! row locks (`FOR UPDATE SKIP LOCKED`) where several instances compete for the same work, and a
//! start-up check that the server does not trade durability for speed.

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
pub mod test_db;
mod webhooks;

use async_trait::async_trait;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;
use zk_store::{Store, StoreError, StoreResult};

pub use error::map_err;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresStore")
    }
}

impl PostgresStore {
    /// Connects to the database named by a `postgres://` URL.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(map_err("connect to database"))?;
        Ok(Self { pool })
    }

    /// Brings the schema up to date. Safe when several instances start together: the migrator
    /// holds an advisory lock while it runs.
    pub async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Refuses a server that may lose committed data in a crash: `fsync`,
    /// `synchronous_commit` and `full_page_writes` must all be on.
    pub async fn check_durability(&self) -> StoreResult<()> {
        let mut values = Vec::with_capacity(DURABILITY_SETTINGS.len());
        for setting in DURABILITY_SETTINGS {
            let value: String = sqlx::query_scalar(setting.show)
                .fetch_one(&self.pool)
                .await
                .map_err(map_err("read durability settings"))?;
            values.push((setting.name, value));
        }
        match durability_problem(&values) {
            Some(problem) => Err(StoreError::Other(problem)),
            None => Ok(()),
        }
    }
}

struct DurabilitySetting {
    name: &'static str,
    show: &'static str,
}

const DURABILITY_SETTINGS: [DurabilitySetting; 3] = [
    DurabilitySetting {
        name: "fsync",
        show: "SHOW fsync",
    },
    DurabilitySetting {
        name: "synchronous_commit",
        show: "SHOW synchronous_commit",
    },
    DurabilitySetting {
        name: "full_page_writes",
        show: "SHOW full_page_writes",
    },
];

/// Decides from the `(setting, value)` pairs that `SHOW` returned whether the server is durable;
/// when not, returns one sentence naming the settings that are off and how to fix it.
fn durability_problem(values: &[(&str, String)]) -> Option<String> {
    let off: Vec<&str> = values
        .iter()
        .filter(|(_, value)| value.trim().eq_ignore_ascii_case("off"))
        .map(|(name, _)| *name)
        .collect();
    let (names, fix) = match off.as_slice() {
        [] => return None,
        [one] => (
            one.to_string(),
            format!("turn it on in postgresql.conf ({one} = on)"),
        ),
        [init @ .., last] => (
            format!("{} and {last}", init.join(", ")),
            format!(
                "turn them on in postgresql.conf ({})",
                off.iter()
                    .map(|name| format!("{name} = on"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    };
    Some(format!(
        "PostgreSQL has {names} turned off: committed data can be lost in a crash; \
         {fix} and reload PostgreSQL"
    ))
}

#[async_trait]
impl Store for PostgresStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("ping"))
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(fsync: &str, sync_commit: &str, fpw: &str) -> Vec<(&'static str, String)> {
        vec![
            ("fsync", fsync.to_owned()),
            ("synchronous_commit", sync_commit.to_owned()),
            ("full_page_writes", fpw.to_owned()),
        ]
    }

    #[test]
    fn a_durable_server_passes() {
        assert_eq!(durability_problem(&settings("on", "on", "on")), None);
        // Other levels of synchronous_commit still wait for the local flush or more.
        for level in ["local", "remote_write", "remote_apply"] {
            assert_eq!(durability_problem(&settings("on", level, "on")), None);
        }
    }

    #[test]
    fn a_setting_that_is_off_is_named_with_its_fix() {
        let problem = durability_problem(&settings("off", "on", "on")).unwrap();
        assert_eq!(
            problem,
            "PostgreSQL has fsync turned off: committed data can be lost in a crash; turn it on \
             in postgresql.conf (fsync = on) and reload PostgreSQL"
        );
        assert!(problem.contains("fsync = on"), "{problem}");
        assert!(problem.contains("postgresql.conf"), "{problem}");

        let problem = durability_problem(&settings("on", "off", "on")).unwrap();
        assert!(
            problem.contains("synchronous_commit turned off"),
            "{problem}"
        );

        let problem = durability_problem(&settings("off", "on", "OFF")).unwrap();
        assert!(
            problem.contains("fsync and full_page_writes turned off"),
            "{problem}"
        );
        assert!(
            problem.contains("fsync = on, full_page_writes = on"),
            "{problem}"
        );
    }
}
