//! The Store trait for bulk NDJSON imports through the FHIR API: the upload is kept in chunks
//! (lines in file order), a background worker claims a job with a lease, works through its
//! chunks and records progress and per-line errors after each one, so that a restarted or
//! taken-over job continues where it was. A job belongs to one provider: another provider's
//! job does not exist for it.

use crate::{Audit, StoreResult};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;
use zk_domain::{ImportJobId, ProviderId};

/// One chunk of an upload: whole lines, starting at line `first_line` (1-based) of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportChunk {
    pub first_line: u64,
    pub data: Vec<u8>,
}

/// A new upload, stored at once with all its chunks, or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewImport {
    pub id: ImportJobId,
    pub provider_id: ProviderId,
    /// The resource types the uploading token may write; `None` for all of them.
    pub resource_types: Option<Vec<String>>,
    pub created_at: Timestamp,
    /// The lines with a resource on them (blank lines are not counted).
    pub lines_total: u64,
    pub chunks: Vec<ImportChunk>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportState {
    Queued,
    Running,
    Done,
}

impl ImportState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "queued" => Some(Self::Queued),
            "running" => Some(Self::Running),
            "done" => Some(Self::Done),
            _ => None,
        }
    }
}

/// Counters of a job, added to after each chunk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Lines with a resource on them that were processed.
    pub lines_read: u64,
    pub written: u64,
    pub failed: u64,
    /// Errors kept (the first ones; `failed` counts them all).
    pub errors_kept: u64,
}

impl ImportCounts {
    pub fn add(&mut self, other: &ImportCounts) {
        self.lines_read += other.lines_read;
        self.written += other.written;
        self.failed += other.failed;
        self.errors_kept += other.errors_kept;
    }
}

/// A job as its status shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportJob {
    pub id: ImportJobId,
    pub provider_id: ProviderId,
    pub resource_types: Option<Vec<String>>,
    pub state: ImportState,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub lines_total: u64,
    pub chunks_total: u64,
    /// The first chunk not yet processed (0-based).
    pub next_chunk: u64,
    pub counts: ImportCounts,
}

/// A job held by one worker: `claim` proves the hold in every later call, and stops counting
/// once another worker has taken the job over after the lease ran out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedImport {
    pub job: ImportJob,
    pub claim: Uuid,
}

/// A line that could not be stored, and why (an OperationOutcome issue in short).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLineError {
    /// 1-based line number in the file.
    pub line: u64,
    /// The FHIR issue code, e.g. `structure` or `not-found`.
    pub code: String,
    /// Where, e.g. `Line[12].Appointment.start`.
    pub expression: String,
    pub diagnostics: String,
}

/// What processing one chunk did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkDone {
    /// The chunk processed; the job's `next_chunk` must be this one.
    pub chunk: u64,
    pub counts: ImportCounts,
    /// At most `counts.errors_kept` errors to keep (already cut to the cap by the caller).
    pub errors: Vec<ImportLineError>,
}

#[async_trait]
pub trait ImportStore {
    /// Stores a queued job with its chunks in one transaction, with `audit` (the upload's
    /// record) appended in the same transaction.
    async fn insert_import(&self, job: &NewImport, audit: Audit<'_>) -> StoreResult<()>;
    /// The job, when it belongs to `provider`.
    async fn get_import(
        &self,
        provider: ProviderId,
        id: ImportJobId,
    ) -> StoreResult<Option<ImportJob>>;
    /// The kept errors of a job of `provider`, by line, at most `limit`.
    async fn list_import_errors(
        &self,
        provider: ProviderId,
        id: ImportJobId,
        limit: u32,
    ) -> StoreResult<Vec<ImportLineError>>;
    /// Takes the oldest job that is queued, or running with its lease run out (its worker
    /// stopped), and holds it until `now + lease`. Of racing workers one gets a job.
    async fn claim_import(
        &self,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Option<ClaimedImport>>;
    /// Chunk `chunk` (0-based) of a job; `None` when it does not exist or was purged.
    async fn read_import_chunk(
        &self,
        id: ImportJobId,
        chunk: u64,
    ) -> StoreResult<Option<ImportChunk>>;
    /// Adds a chunk's counts and errors, moves `next_chunk` past it and renews the lease to
    /// `now + lease`, all in one transaction. False (and nothing recorded) when the claim is no
    /// longer held or the chunk is not the next one.
    async fn record_import_chunk(
        &self,
        id: ImportJobId,
        claim: Uuid,
        done: &ChunkDone,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<bool>;
    /// Marks a held job done at `at` and releases it. False when the claim is no longer held.
    async fn finish_import(&self, id: ImportJobId, claim: Uuid, at: Timestamp)
    -> StoreResult<bool>;
    /// Deletes the uploaded lines of jobs finished before `before`; their status and errors
    /// stay. Returns how many jobs lost their upload.
    async fn purge_import_uploads(&self, before: Timestamp) -> StoreResult<u64>;
    /// Brings the planner's statistics of the tables an import writes up to date. A bulk
    /// import can grow a table from nothing to 100,000 rows within minutes; a planner without
    /// statistics may pick a wrong index and make every lookup a scan (seen on PostgreSQL with
    /// autovacuum off). The default does nothing (SQLite's planner needs none for our keys).
    async fn refresh_import_statistics(&self) -> StoreResult<()> {
        Ok(())
    }
}
