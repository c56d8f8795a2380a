//! The Store trait for leaving (SPEC S4, S9): a care page's connection to a provider ended
//! (unlinked), kept as history for the provider, and an account deleted, scrubbed to a
//! tombstone. Each writes its e-mails and webhook events in the same transaction.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::account::Connection;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, ClientRecordId, ConnectionId, ProviderId};

/// Who ended a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndedBy {
    /// The care page's beheerder or a co-beheerder.
    Beheerder,
    /// A member of the provider's staff.
    Staff,
}

impl EndedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beheerder => "beheerder",
            Self::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "beheerder" => Some(Self::Beheerder),
            "staff" => Some(Self::Staff),
            _ => None,
        }
    }
}

/// A connection as it was, and when and by whom it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndedConnection {
    pub connection: Connection,
    pub ended_at: Timestamp,
    pub ended_by: AccountId,
    pub ended_by_kind: EndedBy,
}

/// One ended connection as the provider's staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndedConnectionListing {
    pub id: ConnectionId,
    pub client_record_id: ClientRecordId,
    pub client_number: String,
    pub client_first_name: String,
    pub client_last_name: String,
    pub connected_at: Timestamp,
    pub ended_at: Timestamp,
    pub ended_by_kind: EndedBy,
    /// The name of whoever ended it (empty when that account was deleted since).
    pub ended_by_first_name: String,
    pub ended_by_last_name: String,
}

/// Deleting an account: what its row becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountDeletion {
    pub account: AccountId,
    /// A unique address that is no address (`deleted-<id>@invalid`), so the real one is free.
    pub tombstone_email: String,
    /// A password hash no password matches.
    pub unusable_password_hash: String,
    pub at: Timestamp,
}

#[async_trait]
pub trait DepartureStore {
    async fn get_connection(&self, id: ConnectionId) -> StoreResult<Option<Connection>>;
    /// Removes `ended.connection` from the connections, records it with who ended it and when,
    /// and stores `messages` (e-mails, webhook events) and `audit`: all or nothing. False, and
    /// nothing written (no record either), when that connection does not exist (any more).
    async fn end_connection(
        &self,
        ended: &EndedConnection,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// A provider's ended connections, most recently ended first.
    async fn ended_connections_of_provider(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<EndedConnectionListing>>;
    /// In one transaction: ends the account's sessions and removes its second factors,
    /// passkeys, recovery codes, pending e-mail changes, password resets, known browsers and
    /// staff memberships; ends its memberships of care pages; makes the care pages it manages
    /// vacant (since `at`) and removes their members; scrubs the account row to a tombstone;
    /// and stores `messages` and appends `audit`. False, and nothing written (not even the
    /// audit), when there is no such account or it was deleted already.
    async fn delete_account(
        &self,
        deletion: &AccountDeletion,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// When the account was deleted; `None` when it was not (or does not exist).
    async fn account_deleted_at(&self, account: AccountId) -> StoreResult<Option<Timestamp>>;
}
