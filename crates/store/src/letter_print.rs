//! The Store trait for printing letters (SPEC S8): a letter issued together with its sealed
//! PDF in one transaction, batches of letters with one sealed PDF, the provider's letters
//! overview filtered by status, and removing sealed PDFs once their 24 hours are over.

use crate::{Audit, CodeHash, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::letter::{Letter, LetterStatus};
use zk_domain::letter_batch::{LetterBatch, LetterBatchId};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{LetterId, ProviderId};

/// A new letter, the keyed hash of its code and its sealed PDF, to be stored at once.
#[derive(Clone, Copy, Debug)]
pub struct PrintedLetter<'a> {
    pub letter: &'a Letter,
    pub code_hash: &'a CodeHash,
    /// The letter's PDF, sealed; kept until `available_until`.
    pub sealed_pdf: &'a [u8],
    pub available_until: Timestamp,
}

/// One row of the provider's letters overview: the letter, its client's number and name, and
/// whether its PDF can still be downloaded.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedLetter {
    pub letter: Letter,
    pub client_number: String,
    pub client_name: String,
    pub pdf_available: bool,
    /// The batch whose PDF holds this letter, while that PDF is available.
    pub batch_pdf: Option<LetterBatchId>,
}

/// Removed sealed PDFs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PurgedPdfs {
    pub letters: u64,
    pub batches: u64,
}

#[async_trait]
pub trait LetterPrintStore {
    /// Stores a new letter with its sealed PDF and, in the same transaction, revokes (at
    /// `issued_at`) the client's letters that are still issued. All or nothing: when the letter
    /// or its PDF cannot be stored, the previous letter stays valid. Conflict when the code
    /// hash exists already (the caller draws a new code). `audit` is appended in the same
    /// transaction.
    async fn issue_printed_letter(
        &self,
        printed: &PrintedLetter<'_>,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// Stores a batch: each letter revokes its client's letters still issued, the batch row
    /// refers to every letter, and the batch's sealed PDF is kept until
    /// `batch.available_until`. All or nothing, with `audit` appended in the same transaction.
    /// Conflict when a code hash exists already or two letters are for the same client.
    async fn issue_letter_batch(
        &self,
        batch: &LetterBatch,
        letters: &[(Letter, CodeHash)],
        sealed_pdf: &[u8],
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// A batch of `provider`; None for another provider's batch.
    async fn get_letter_batch(
        &self,
        batch: LetterBatchId,
        provider: ProviderId,
    ) -> StoreResult<Option<LetterBatch>>;
    /// The ids of a batch's letters, in the order of its PDF.
    async fn letter_batch_letters(
        &self,
        batch: LetterBatchId,
        provider: ProviderId,
    ) -> StoreResult<Vec<LetterId>>;
    /// The batch of `provider` that `letter` was issued in, if any.
    async fn letter_batch_of(
        &self,
        letter: LetterId,
        provider: ProviderId,
    ) -> StoreResult<Option<LetterBatchId>>;
    /// The sealed PDF of a batch of `provider`, while available at `now`.
    async fn letter_batch_pdf(
        &self,
        batch: LetterBatchId,
        provider: ProviderId,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<u8>>>;
    /// The provider's letters, newest issued first, with their status at `now` equal to
    /// `status` when one is given; from an index on (provider, issue time).
    async fn list_provider_letters(
        &self,
        provider: ProviderId,
        status: Option<LetterStatus>,
        now: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<ListedLetter>>;
    /// Deletes the sealed PDFs of letters and batches whose time ran out at `now`.
    async fn purge_expired_pdfs(&self, now: Timestamp) -> StoreResult<PurgedPdfs>;
}
