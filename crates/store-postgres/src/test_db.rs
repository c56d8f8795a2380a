//! Fresh, empty PostgreSQL databases for tests, shared by every crate whose tests run against
//! PostgreSQL: each test creates its own database on the server named by
//! `ZK_TEST_POSTGRES_URL` and drops it when done, so tests never see each other's rows.

use crate::map_err;
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use uuid::Uuid;
use zk_store::{StoreError, StoreResult};

/// The environment variable naming the server (and a database to connect to for creating and
/// dropping others) that tests use.
pub const ADMIN_URL_VAR: &str = "ZK_TEST_POSTGRES_URL";
/// The server tests use when `ZK_TEST_POSTGRES_URL` is not set.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database made for one test. `url` connects to it; `admin_url` to the database from which
/// it was created and from which it is dropped.
#[derive(Clone, Debug)]
pub struct TestDatabase {
    pub url: String,
    pub admin_url: String,
    pub name: String,
}

impl TestDatabase {
    /// The admin URL from `ZK_TEST_POSTGRES_URL`, or the local default.
    pub fn admin_url_from_env() -> String {
        std::env::var(ADMIN_URL_VAR)
            .ok()
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_ADMIN_URL.to_owned())
    }

    /// Creates a new, empty database named `zk_test_<uuid>` on the server of
    /// `ZK_TEST_POSTGRES_URL`.
    pub async fn create() -> StoreResult<Self> {
        Self::create_on(&Self::admin_url_from_env()).await
    }

    /// Creates a new, empty database on the server that `admin_url` connects to. Databases of
    /// earlier runs that a failing test left behind (older than two hours, by the time in their
    /// uuid v7 name) are dropped on the way.
    pub async fn create_on(admin_url: &str) -> StoreResult<Self> {
        sweep_stale(admin_url).await;
        let name = format!("zk_test_{}", Uuid::now_v7().simple());
        let url = with_database(admin_url, &name)?;
        let statement = format!("CREATE DATABASE {}", quote_ident(&name));
        run_admin(admin_url, statement, "create test database").await?;
        Ok(Self {
            url,
            admin_url: admin_url.to_owned(),
            name,
        })
    }

    /// Drops the database, closing any connection still open to it. Close the pools that use
    /// it first, so that nothing is cut off mid-query.
    pub async fn drop(self) -> StoreResult<()> {
        let statement = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(&self.name)
        );
        run_admin(&self.admin_url, statement, "drop test database").await
    }
}

/// How old a leftover test database must be before it is dropped: longer than any test run.
const STALE_AFTER_SECS: u64 = 2 * 60 * 60;

/// Drops test databases left by earlier runs. Best effort: a failure here never fails a test.
async fn sweep_stale(admin_url: &str) {
    let Ok(mut conn) = PgConnection::connect(admin_url).await else {
        return;
    };
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'zk\\_test\\_%'")
            .fetch_all(&mut conn)
            .await
            .unwrap_or_default();
    let _ = conn.close().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for name in names {
        let created = name
            .strip_prefix("zk_test_")
            .and_then(|id| Uuid::try_parse(id).ok())
            .and_then(|id| id.get_timestamp())
            .map(|t| t.to_unix().0);
        if created.is_some_and(|secs| now.saturating_sub(secs) > STALE_AFTER_SECS) {
            let statement = format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote_ident(&name)
            );
            let _ = run_admin(admin_url, statement, "drop stale test database").await;
        }
    }
}

async fn run_admin(admin_url: &str, statement: String, what: &'static str) -> StoreResult<()> {
    let mut conn = PgConnection::connect(admin_url)
        .await
        .map_err(map_err(what))?;
    let result = sqlx::query(AssertSqlSafe(statement))
        .execute(&mut conn)
        .await
        .map(|_| ())
        .map_err(map_err(what));
    // The statement's outcome matters more than a clean goodbye.
    let _ = conn.close().await;
    result
}

/// Quotes a name for use as an SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The PostgreSQL URL `url` with its database replaced by `database`: the path is replaced
/// (or added) and a `dbname` query parameter, which would win over the path, is removed. User,
/// password, host, port and other parameters stay as they are.
pub fn with_database(url: &str, database: &str) -> StoreResult<String> {
    let invalid = |why: &str| StoreError::Other(format!("invalid PostgreSQL URL: {why}"));
    if database.is_empty() || database.contains(['/', '?', '#']) {
        return Err(StoreError::Other(
            "a database name for a URL must be non-empty and without '/', '?' or '#'".into(),
        ));
    }
    let mut parsed = url::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "postgres" | "postgresql") || parsed.cannot_be_a_base() {
        return Err(invalid("it must start with postgres:// or postgresql://"));
    }
    parsed.set_path(&format!("/{database}"));
    if parsed.query_pairs().any(|(key, _)| key == "dbname") {
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(key, _)| key != "dbname")
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Ok(parsed.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_in_a_url_is_replaced() {
        let cases = [
            (
                "postgres://postgres@127.0.0.1:5432/postgres",
                "postgres://postgres@127.0.0.1:5432/zk_test_1",
            ),
            (
                "postgres://postgres@127.0.0.1:5432",
                "postgres://postgres@127.0.0.1:5432/zk_test_1",
            ),
            (
                "postgres://postgres@127.0.0.1:5432/",
                "postgres://postgres@127.0.0.1:5432/zk_test_1",
            ),
            (
                "postgresql://u:p%2Fw@db.example:5433/main?sslmode=require&application_name=x",
                "postgresql://u:p%2Fw@db.example:5433/zk_test_1?sslmode=require&application_name=x",
            ),
            (
                "postgres:///postgres?host=/var/run/postgresql",
                "postgres:///zk_test_1?host=/var/run/postgresql",
            ),
            (
                "postgres://h/a?dbname=other&sslmode=disable",
                "postgres://h/zk_test_1?sslmode=disable",
            ),
            ("postgres://h/a?dbname=other", "postgres://h/zk_test_1"),
        ];
        for (url, expected) in cases {
            assert_eq!(with_database(url, "zk_test_1").unwrap(), expected, "{url}");
        }
    }

    #[test]
    fn what_is_not_a_postgres_url_is_refused() {
        assert!(with_database("not a url", "x").is_err());
        assert!(with_database("sqlite://zorgkring.db", "x").is_err());
        assert!(with_database("postgres://h/db", "a/b").is_err());
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("zk_test_1"), "\"zk_test_1\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
