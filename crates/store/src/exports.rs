//! The Store trait for data exports ("Mijn gegevens downloaden", SPEC S9): a request is a job
//! row, a worker on any instance claims it with a lease, stores the sealed files and writes the
//! prepared e-mail notice in the same transaction; a sweep removes the files once expired.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;
use zk_domain::{AccountId, CarePageId, ExportJobId};

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportState {
    /// Requested, not yet built (or its worker died and the lease ran out).
    Waiting,
    /// A worker holds it.
    Running,
    /// The files can be downloaded until `expires_at`.
    Ready,
    /// The files were removed.
    Expired,
    /// Every try to build it went wrong ([`EXPORT_TRIES`]); nothing was made.
    Failed,
}

/// How many times a job is tried before it fails for good.
pub const EXPORT_TRIES: u32 = 3;

impl ExportState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Running => "running",
            Self::Ready => "ready",
            Self::Expired => "expired",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Waiting,
            Self::Running,
            Self::Ready,
            Self::Expired,
            Self::Failed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// One export: who asked, for which care page, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportJob {
    pub id: ExportJobId,
    pub account_id: AccountId,
    pub care_page_id: CarePageId,
    pub state: ExportState,
    pub requested_at: Timestamp,
    pub ready_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
}

/// Which of the two files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFile {
    /// The FHIR Bundle (JSON).
    Bundle,
    /// The readable summary (HTML).
    Summary,
}

#[async_trait]
pub trait ExportStore {
    /// Stores a waiting job with the e-mail `notice` to send once it is ready, unless the
    /// account asked for `max` exports or more since `since` (then nothing is written and the
    /// answer is false); failed requests do not count. `audit` is appended with the job. Counting and storing are one step, so racing requests cannot pass it.
    async fn request_export(
        &self,
        job: &ExportJob,
        notice: &OutgoingMessage,
        since: Timestamp,
        max: u32,
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    async fn get_export(&self, id: ExportJobId) -> StoreResult<Option<ExportJob>>;
    /// The account's exports of a care page, newest first (at most `limit`).
    async fn exports_of(
        &self,
        account: AccountId,
        care_page: CarePageId,
        limit: u32,
    ) -> StoreResult<Vec<ExportJob>>;
    /// Takes the oldest waiting job (or a running one whose lease ran out) that was tried fewer
    /// than [`EXPORT_TRIES`] times and whose account still exists, and holds it for `lease`;
    /// the returned claim id must come back with the files. Several workers never take the
    /// same job at once.
    async fn claim_export(
        &self,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Option<(ExportJob, Uuid)>>;
    /// Stores the sealed files, makes the job ready until `expires_at` and writes its notice to
    /// the outbox, all at once; false (nothing written) when the claim is not held any more.
    async fn finish_export(
        &self,
        id: ExportJobId,
        claim: Uuid,
        bundle: &[u8],
        summary: &[u8],
        ready_at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool>;
    /// A build that went wrong: the job waits until `retry_at` for its next try or, after its
    /// last try, fails for good. False (nothing written) when the claim is not held any more.
    async fn fail_export(
        &self,
        id: ExportJobId,
        claim: Uuid,
        retry_at: Timestamp,
    ) -> StoreResult<bool>;
    /// One sealed file of a ready job that has not expired at `now`.
    async fn export_file(
        &self,
        id: ExportJobId,
        file: ExportFile,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<u8>>>;
    /// Removes the files of every job expired at `now`, and of every job of a deleted
    /// account; returns how many jobs lost their files. Also fails the jobs whose last try's
    /// worker stopped without an answer (its lease ran out).
    async fn purge_expired_exports(&self, now: Timestamp) -> StoreResult<u64>;
}
