//! The import worker: claims waiting jobs (any number of instances may run one), processes them
//! a chunk at a time, and deletes finished jobs' uploads after a week.

use super::{KEEP_UPLOAD, LEASE, MAX_KEPT_ERRORS, lines};
use crate::App;
use std::time::Duration;
use tokio::sync::watch;
use zk_fhir::Limits;
use zk_store::StoreResult;
use zk_store::imports::{ChunkDone, ClaimedImport};

const PURGE_EVERY: Duration = Duration::from_secs(600);
/// Chunks between refreshes of the database's statistics during an import.
const STATISTICS_EVERY: u64 = 20;

/// How a job's turn ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Turn {
    Finished,
    /// Another worker holds it now (this one was too slow), or shutdown was asked.
    Stopped,
}

pub struct ImportWorker {
    app: App,
    limits: Limits,
}

impl ImportWorker {
    /// `limits` apply to each line, as to a single request.
    pub fn new(app: App, limits: Limits) -> Self {
        Self { app, limits }
    }

    /// Processes waiting jobs until none is left (or `stop` turns true). Returns how many jobs
    /// it finished.
    pub async fn run_once(&self, stop: Option<&watch::Receiver<bool>>) -> StoreResult<usize> {
        let mut finished = 0;
        while !stop.is_some_and(|s| *s.borrow()) {
            let Some(claimed) = self.app.store.claim_import(self.app.now(), LEASE).await? else {
                break;
            };
            tracing::info!(job = %claimed.job.id, from_chunk = claimed.job.next_chunk, "import started");
            if self.process(claimed, stop).await? == Turn::Finished {
                finished += 1;
            }
        }
        Ok(finished)
    }

    async fn process(
        &self,
        claimed: ClaimedImport,
        stop: Option<&watch::Receiver<bool>>,
    ) -> StoreResult<Turn> {
        let ClaimedImport { job, claim } = claimed;
        let store = &self.app.store;
        let mut kept = job.counts.errors_kept;
        for n in job.next_chunk..job.chunks_total {
            if stop.is_some_and(|s| *s.borrow()) {
                return Ok(Turn::Stopped);
            }
            let Some(chunk) = store.read_import_chunk(job.id, n).await? else {
                tracing::error!(job = %job.id, chunk = n, "an import chunk is missing; ending the job");
                break;
            };
            let mut result = lines::process(&self.app, &job, &chunk, &self.limits).await?;
            let room = usize::try_from(MAX_KEPT_ERRORS.saturating_sub(kept)).unwrap_or(0);
            result.errors.truncate(room);
            result.counts.errors_kept = result.errors.len() as u64;
            let done = ChunkDone {
                chunk: n,
                counts: result.counts,
                errors: result.errors,
            };
            if !store
                .record_import_chunk(job.id, claim, &done, self.app.now(), LEASE)
                .await?
            {
                tracing::warn!(job = %job.id, "another worker took this import over");
                return Ok(Turn::Stopped);
            }
            kept += done.counts.errors_kept;
            // After the first chunk and then every 20 (10,000 lines), so the database plans
            // its lookups for the tables as they are now, not as they were when empty.
            if (n - job.next_chunk) % STATISTICS_EVERY == 0 {
                store.refresh_import_statistics().await?;
            }
        }
        if store.finish_import(job.id, claim, self.app.now()).await? {
            tracing::info!(job = %job.id, "import finished");
            Ok(Turn::Finished)
        } else {
            Ok(Turn::Stopped)
        }
    }

    /// Deletes the uploads of jobs finished more than a week ago; returns how many.
    pub async fn purge(&self) -> StoreResult<u64> {
        self.app
            .store
            .purge_import_uploads(self.app.now() - KEEP_UPLOAD)
            .await
    }

    /// Runs until `shutdown` turns true, looking for work every `poll`. A job in progress
    /// stops between chunks; another worker (or this one after a restart) continues it when
    /// its lease has run out.
    pub async fn run(self, poll: Duration, mut shutdown: watch::Receiver<bool>) {
        let mut last_purge: Option<std::time::Instant> = None;
        loop {
            if let Err(e) = self.run_once(Some(&shutdown)).await {
                tracing::error!(error = %e, "imports could not be processed");
            }
            if last_purge.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
                last_purge = Some(std::time::Instant::now());
                if let Err(e) = self.purge().await {
                    tracing::error!(error = %e, "finished imports could not be purged");
                }
            }
            if *shutdown.borrow() {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                return;
            }
        }
    }
}
