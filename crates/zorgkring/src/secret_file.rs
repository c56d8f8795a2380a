//! The secret key on disk: read from `--secret-key-file`, or generated into the data folder on
//! first start (readable by the owner only). Its fingerprint is kept in the database, so an
//! instance started with another key refuses to run instead of silently failing every code.

use anyhow::{anyhow, bail};
use std::path::{Path, PathBuf};
use zk_app::SecretKey;
use zk_store::Store;

const FINGERPRINT_KEY: &str = "secret_key_fingerprint";

pub fn load_or_create(given: Option<&Path>, data_dir: &Path) -> anyhow::Result<SecretKey> {
    if let Some(path) = given {
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow!("cannot read the secret key file {}: {e}. Check --secret-key-file (or ZK_SECRET_KEY_FILE).", path.display())
        })?;
        return SecretKey::from_hex(&text).ok_or_else(|| {
            anyhow!("the secret key file {} must hold 64 hexadecimal digits (make one with: openssl rand -hex 32).", path.display())
        });
    }
    let path: PathBuf = data_dir.join("secret.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => SecretKey::from_hex(&text).ok_or_else(|| {
            anyhow!("the secret key file {} is damaged: it must hold 64 hexadecimal digits. Restore it from a backup.", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretKey::generate();
            write_private(&path, &format!("{}\n", key.to_hex()))
                .map_err(|e| anyhow!("cannot write the secret key to {}: {e}", path.display()))?;
            tracing::info!("generated a new secret key in the data folder");
            Ok(key)
        }
        Err(e) => Err(anyhow!("cannot read the secret key file {}: {e}", path.display())),
    }
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
pub async fn check_matches_database(key: &SecretKey, store: &dyn Store) -> anyhow::Result<()> {
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
