//! Bulk import of NDJSON (`POST [base]/$import`): one resource per line, any supported type,
//! each line a create-or-update by the resource's own `id`, exactly like a PUT.
//!
//! Design:
//! - **Upload** (`upload`): the token must be allowed to write. The file is split at line ends
//!   into chunks of at most [`CHUNK_LINES`] resource lines (or about [`CHUNK_BYTES`]) and stored
//!   with a queued job in one transaction; the request is answered `202 Accepted` at once with
//!   the job's status URL. An empty upload (no line with a resource) is refused and stores
//!   nothing; the web edge refuses an upload over its own size limit before anything is stored.
//! - **Worker** (`ImportWorker`, started by `serve`; any number of instances may run one): it
//!   claims the oldest waiting job with a lease ([`LEASE`]), so two workers never process the
//!   same job at once and a stopped worker's job is taken over when the lease runs out. It
//!   works through the job a chunk at a time: every line is parsed and checked by the same code
//!   as a PUT (`prepare`), the valid lines of a chunk are written in one store transaction, in
//!   file order, so a line may refer to a resource on an earlier line (Patients first, then
//!   their Appointments). When the store refuses a batch (e.g. a reference to a Patient that
//!   does not exist for this provider) the lines before the refused one are written together,
//!   the refused line fails, and the rest is tried again, so only bad lines fail. After each
//!   chunk the counts and errors are recorded together with the position (which renews the
//!   lease): a restarted job continues at the next chunk. A chunk done twice (a worker that
//!   stopped between its writes and its progress) changes nothing, because a PUT of what is
//!   stored already changes nothing.
//! - **Status** (`status`, `GET [base]/$import/{job}`): only for the provider that uploaded
//!   it; another provider's job answers exactly like a missing one. While waiting or running:
//!   the progress; when done: lines read, written and failed, and an OperationOutcome with one
//!   issue per failing line whose expression names the line (`Line[12].Appointment.start`).
//!   The first [`MAX_KEPT_ERRORS`] failing lines are kept and the summary says when there were
//!   more. The answers follow the FHIR Bulk Data conventions: 202 with `X-Progress` and
//!   `Retry-After` while busy, 200 with a completion manifest when done. Cancelling a job
//!   (`DELETE` on the status URL) is not supported yet and answers 405.
//! - **Clean-up**: the worker deletes the uploaded lines of jobs finished more than
//!   [`KEEP_UPLOAD`] ago; their status stays.
//!
//! Scopes are those of the uploading token at upload time: a line whose type the token may
//! not write fails with `forbidden`.
//!
//! Audit (SPEC S9): the upload is recorded in the same transaction as the job (see `upload`).
//! That record, naming the job, covers the writes the worker makes for it later: the worker
//! writes the lines without records of its own.

mod lines;
mod status;
mod upload;
mod worker;

pub use status::{ImportStatus, RETRY_AFTER_SECONDS, status};
pub use upload::upload;
pub use worker::ImportWorker;

use jiff::SignedDuration;
use zk_fhir::Limits;

/// Resource lines per chunk, which is also the most lines written in one store transaction.
pub const CHUNK_LINES: u64 = 500;
/// A chunk is cut after the line that brings it to this size, even with fewer lines.
pub const CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// How long a claimed job is held without progress before another worker may take it over.
pub const LEASE: SignedDuration = SignedDuration::from_mins(2);
/// Errors kept per job; later failing lines are counted only.
pub const MAX_KEPT_ERRORS: u64 = 1000;
/// How long a finished job's uploaded lines are kept.
pub const KEEP_UPLOAD: SignedDuration = SignedDuration::from_hours(24 * 7);

/// The parser's limits for one line: the size a single request may have.
pub fn line_limits(max_line_bytes: usize) -> Limits {
    Limits {
        max_bytes: max_line_bytes,
        max_attachment_bytes: Limits::default().max_attachment_bytes.min(max_line_bytes),
    }
}

/// The status URL of a job, relative to the API's base.
pub fn status_path(job: zk_domain::ImportJobId) -> String {
    format!("$import/{job}")
}

#[cfg(test)]
mod tests;
