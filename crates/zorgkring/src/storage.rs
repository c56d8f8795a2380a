//! Opening the database named by the settings, with messages an operator can act on.

use crate::cli::StorageArgs;
use anyhow::{Context, anyhow, bail};
use std::path::Path;
use std::sync::Arc;
use zk_store::Store;
use zk_store_postgres::PostgresStore;
use zk_store_sqlite::SqliteStore;

/// The open backend; the only place that knows which one it is.
pub enum Backend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Backend {
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite(s) => Arc::new(s.clone()),
            Self::Postgres(s) => Arc::new(s.clone()),
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(s) => s.migrate().await,
            Self::Postgres(s) => s.migrate().await,
        }
        .map_err(|e| anyhow!("{e}"))
        .context("could not update the database schema")
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(s) => s.close().await,
            Self::Postgres(s) => s.close().await,
        }
    }
}

/// The URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Makes sure the data folder exists and can be written to.
pub fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    let shown = dir.display();
    if !dir.exists() {
        create_private_dir(dir).map_err(|e| {
            anyhow!("cannot create the data folder {shown}: {e}. Choose another folder with --data-dir (or ZK_DATA_DIR).")
        })?;
    }
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| {
            anyhow!("cannot write to the data folder {shown}: {e}. Fix its permissions or choose another folder with --data-dir (or ZK_DATA_DIR).")
        })
}

/// Creates the data folder readable by the owner only: it holds health data and the key.
#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Opens the database. The data folder is made only once the database is known to answer (it
/// holds the SQLite file, so for SQLite just before), so a wrong URL leaves nothing behind.
pub async fn open(args: &StorageArgs) -> anyhow::Result<Backend> {
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => format!(
            "sqlite://{}",
            args.data_dir.join("zorgkring.sqlite").display()
        ),
    };
    if url.starts_with("sqlite:") {
        prepare_data_dir(&args.data_dir)?;
        let store = SqliteStore::open_url(&url).await.map_err(|e| {
            anyhow!("cannot open the SQLite database {url}: {e}. Check --database-url and that its folder is writable.")
        })?;
        store
            .ping()
            .await
            .map_err(|e| anyhow!("the SQLite database {url} does not answer: {e}"))?;
        Ok(Backend::Sqlite(store))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let shown = redacted(&url);
        let store = PostgresStore::connect(&url).await.map_err(|e| {
            anyhow!("cannot reach the database at {shown}: {e}. Check --database-url (or ZK_DATABASE_URL) and that PostgreSQL is running.")
        })?;
        store.ping().await.map_err(|e| {
            anyhow!("cannot reach the database at {shown}: {e}. Check --database-url (or ZK_DATABASE_URL) and that PostgreSQL is running.")
        })?;
        store.check_durability().await.map_err(|e| anyhow!("{e}"))?;
        // The secret key lives there.
        prepare_data_dir(&args.data_dir)?;
        Ok(Backend::Postgres(store))
    } else {
        bail!(
            "the database URL must start with sqlite:// or postgres:// (got {}).",
            redacted(&url)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redacted("postgres://zk:geheim@db:5432/zk"),
            "postgres://zk:***@db:5432/zk"
        );
        assert_eq!(redacted("postgres://zk@db/zk"), "postgres://zk@db/zk");
        assert_eq!(
            redacted("sqlite://./data/x.sqlite"),
            "sqlite://./data/x.sqlite"
        );
    }
}
