//! `zorgkring audit …`: the operator's tools for the audit trail, on the same database and key
//! as the server. `verify` checks every record's hash and link; `purge` deletes records older
//! than a date at least five years back (and records that it did).

use crate::cli::{AuditAction, AuditArgs};
use crate::{secret_file, storage};
use anyhow::{Context, bail};
use std::sync::Arc;
use zk_app::App;
use zk_app::audit::{self, Verification};
use zk_domain::SystemClock;

pub async fn run(args: AuditArgs) -> anyhow::Result<()> {
    let backend = storage::open(&args.storage).await?;
    backend.migrate().await?;
    let store = backend.store();
    let key = secret_file::load(
        args.secret_key_file.as_deref(),
        &args.storage.data_dir,
        store.as_ref(),
    )
    .await?;
    let app = App::new(store, Arc::new(SystemClock), key);
    let result = match &args.action {
        AuditAction::Verify => match audit::verify(&app).await {
            Ok(Verification::Intact { count }) => {
                println!("The audit trail is intact: {count} record(s) checked.");
                Ok(())
            }
            Ok(Verification::Broken { seq, problem }) => Err(anyhow::anyhow!(
                "the audit trail is broken at record {seq} ({problem})"
            )),
            Err(e) => Err(e.into()),
        },
        AuditAction::Purge { before } => purge(&app, before).await,
    };
    backend.close().await;
    if let Err(e) = result {
        bail!(e);
    }
    Ok(())
}

async fn purge(app: &App, before: &str) -> anyhow::Result<()> {
    let date: jiff::civil::Date = before
        .parse()
        .ok()
        .context("--before takes a date as YYYY-MM-DD")?;
    let cutoff = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .context("--before is out of range")?
        .timestamp();
    let n = audit::purge(app, cutoff).await?;
    println!("Purged {n} audit record(s) from before {date}.");
    Ok(())
}
