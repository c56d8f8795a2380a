//! The Store trait for the audit trail (SPEC S9): append-only events sealed into a hash chain.
//! The store numbers the records and links each to the previous one, serializing appends across
//! instances; the seal itself (a keyed hash) is the caller's, so the store holds no key and no
//! rule.

use crate::StoreResult;
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;
use zk_domain::audit::{AuditEvent, AuditRecord};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{CarePageId, ProviderId};

/// Seals one record: `(seq, previous hash, event) -> hash`.
pub type Seal = dyn Fn(i64, &[u8; 32], &AuditEvent) -> [u8; 32] + Send + Sync;

/// Audit events to append in the same transaction as the change they record, with the seal that
/// chains them. A store write that takes one appends its events only when it makes the change,
/// and makes the change only when the events are appended: no change without its record, and no
/// record of a change that did not happen.
#[derive(Clone, Copy)]
pub struct Audit<'a> {
    pub events: &'a [AuditEvent],
    pub seal: &'a Seal,
}

impl Audit<'_> {
    /// Records nothing: for the store's own contract tests, which test the write alone.
    pub const NONE: Audit<'static> = Audit {
        events: &[],
        seal: &unsealed,
    };
}

impl std::fmt::Debug for Audit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Audit")
            .field("events", &self.events)
            .finish()
    }
}

fn unsealed(_: i64, _: &[u8; 32], _: &AuditEvent) -> [u8; 32] {
    GENESIS_HASH
}

/// The previous hash of the very first record.
pub const GENESIS_HASH: [u8; 32] = [0; 32];

/// Narrows a care page's audit trail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only what this actor did.
    pub actor: Option<Uuid>,
    /// From this moment on (inclusive).
    pub from: Option<Timestamp>,
    /// Before this moment (exclusive).
    pub until: Option<Timestamp>,
}

#[async_trait]
pub trait AuditStore {
    /// Appends `events` in order, each sealed by `seal` with the next sequence number and the
    /// previous record's hash. All or nothing; racing appends (on any instance) queue behind
    /// each other, so the chain never forks or skips a number.
    async fn append_audit(&self, events: &[AuditEvent], seal: &Seal) -> StoreResult<()>;
    /// A care page's records, newest first, keyset-paged by sequence number.
    async fn audit_of_care_page(
        &self,
        care_page: CarePageId,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditRecord>>;
    /// Everyone who appears in a care page's trail, as `(actor id, latest name)`, by name.
    async fn audit_actors_of_care_page(
        &self,
        care_page: CarePageId,
    ) -> StoreResult<Vec<(Uuid, String)>>;
    /// The chain's head: the last record's sequence number and hash, as appends left them.
    async fn audit_head(&self) -> StoreResult<(i64, [u8; 32])>;
    /// Up to `limit` records from sequence number `from_seq` on, in order (for verifying).
    async fn audit_chain(&self, from_seq: i64, limit: u32) -> StoreResult<Vec<AuditRecord>>;
    /// The records about the provider's client records and those of its own staff and API
    /// tokens (on its behalf), newest first, in the filter's period (for its export; the
    /// filter's actor is ignored).
    async fn audit_of_provider(
        &self,
        provider: ProviderId,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditRecord>>;
    /// Deletes the oldest records, as long as they are older than `cutoff`; returns how many.
    /// The first remaining record's previous hash becomes the chain's anchor. The database
    /// itself refuses to delete a record younger than five years.
    async fn purge_audit_before(&self, cutoff: Timestamp) -> StoreResult<u64>;
}

/// Helpers both backends use to read rows back, so a record means the same on each.
pub mod rows {
    use crate::{StoreError, StoreResult};

    /// A stored hash, which must be 32 bytes.
    pub fn hash(bytes: &[u8]) -> StoreResult<[u8; 32]> {
        bytes
            .try_into()
            .map_err(|_| StoreError::Corrupt("audit hash".into()))
    }

    /// A stored kind, which may be absent but must parse when present.
    pub fn kind(value: Option<&str>) -> StoreResult<Option<zk_domain::audit::AuditKind>> {
        value
            .map(|k| named(zk_domain::audit::AuditKind::parse(k), "kind"))
            .transpose()
    }

    /// A stored name that must parse.
    pub fn named<T>(value: Option<T>, what: &str) -> StoreResult<T> {
        value.ok_or_else(|| StoreError::Corrupt(format!("audit {what}")))
    }

    /// The cursor of a page of records: the last sequence number shown.
    pub fn cursor(seq: i64) -> String {
        seq.to_string()
    }

    pub fn decode_cursor(cursor: Option<&str>) -> StoreResult<Option<i64>> {
        cursor
            .map(|c| c.parse().map_err(|_| StoreError::BadCursor))
            .transpose()
    }
}
