//! The secret key on disk: read from `--secret-key-file`, or generated into the data folder on
//! first start (readable by the owner only). Its fingerprint is kept in the database, so an
//! instance started with another key refuses to run instead of silently failing every code.
//! Reading and writing are apart, so `serve` can check the key before anything is written.

use anyhow::{anyhow, bail};
use std::path::{Path, PathBuf};
use zk_app::SecretKey;
use zk_store::Store;

const FINGERPRINT_KEY: &str = "secret_key_fingerprint";

/// The key for a command that has opened the database: read, or made on first use.
pub async fn load(
    given: Option<&Path>,
    data_dir: &Path,
    store: &dyn Store,
) -> anyhow::Result<SecretKey> {
    let known = read(given, data_dir)?;
    settle(known, data_dir, store).await
}

/// Reads the key without writing anything: the given file, or else the data folder's
/// `secret.key`; `None` when that does not exist yet ([`settle`] makes it).
pub fn read(given: Option<&Path>, data_dir: &Path) -> anyhow::Result<Option<SecretKey>> {
    if let Some(path) = given {
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow!("cannot read the secret key file {}: {e}. Check --secret-key-file (or ZK_SECRET_KEY_FILE).", path.display())
        })?;
        return SecretKey::from_hex(&text).map(Some).ok_or_else(|| {
            anyhow!("the secret key file {} must hold 64 hexadecimal digits (make one with: openssl rand -hex 32).", path.display())
        });
    }
    let path = default_path(data_dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => SecretKey::from_hex(&text).map(Some).ok_or_else(|| {
            anyhow!("the secret key file {} is damaged: it must hold 64 hexadecimal digits. Restore it from a backup.", path.display())
        }),
        // Not there yet, or no data folder yet (making it will say what is wrong with it).
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(anyhow!("cannot read the secret key file {}: {e}", path.display())),
    }
}

/// The key to run with, checked against the database: `known` as [`read`], or, when there is
/// none yet and the database has no key either, a new one written to the data folder. It also
/// becomes the key of this process's outbox seal.
pub async fn settle(
    known: Option<SecretKey>,
    data_dir: &Path,
    store: &dyn Store,
) -> anyhow::Result<SecretKey> {
    let key = match known {
        Some(key) => key,
        None => {
            let path = default_path(data_dir);
            // A new key would never match this database: say so instead of writing one.
            if store.get_meta(FINGERPRINT_KEY).await?.is_some() {
                bail!(
                    "this database was set up with a secret key that is not in {}. Copy the key \
                     file of the other instances there, or name it with --secret-key-file (or \
                     ZK_SECRET_KEY_FILE).",
                    path.display()
                );
            }
            let key = SecretKey::generate();
            write_private(&path, &format!("{}\n", key.to_hex()))
                .map_err(|e| anyhow!("cannot write the secret key to {}: {e}", path.display()))?;
            tracing::info!("generated a new secret key in the data folder");
            key
        }
    };
    check_matches_database(&key, store).await?;
    zk_store::outbox_seal::use_key(key.derive(zk_store::outbox_seal::KEY_PURPOSE))?;
    Ok(key)
}

fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join("secret.key")
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Records the key's fingerprint on first use and refuses a different key afterwards.
async fn check_matches_database(key: &SecretKey, store: &dyn Store) -> anyhow::Result<()> {
    let fingerprint = key.fingerprint();
    if store.claim_meta(FINGERPRINT_KEY, &fingerprint).await? {
        return Ok(());
    }
    match store.get_meta(FINGERPRINT_KEY).await? {
        Some(stored) if stored == fingerprint => Ok(()),
        _ => bail!(
            "this database was set up with another secret key, so no letter code would match. \
             Start every instance with the same key file (--secret-key-file or ZK_SECRET_KEY_FILE)."
        ),
    }
}
