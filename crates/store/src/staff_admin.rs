//! The Store trait for the provider admin's pages (SPEC S8): the staff list, role changes and
//! removals that never leave a provider without an admin, the provider's settings, editing a
//! client record, and the provider's connections newest first.

use crate::{Audit, OutgoingMessage, StaffMembership, StaffRole, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::client::ClientRecord;
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::SecretariatContact;
use zk_domain::{AccountId, ClientRecordId, ConnectionId, ProviderId};

/// One member of a provider's staff, with the account's name and address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffListing {
    pub membership: StaffMembership,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// A change to a provider's staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffChange {
    /// Give the member this role.
    Role(StaffRole),
    /// End the membership (the account stays).
    Remove,
}

/// What came of a staff change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffChangeOutcome {
    Done,
    /// The account is not a member of the provider: nothing changed, no mail.
    NotMember,
    /// It would leave the provider without an admin: nothing changed, no mail.
    LastAdmin,
}

/// The settings a provider's admin changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSettings {
    pub letter_validity_days: u16,
    pub secretariat: SecretariatContact,
}

/// One connection as the provider's staff see it: which client record, by whose care page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderConnection {
    pub id: ConnectionId,
    pub client_record_id: ClientRecordId,
    pub client_number: String,
    pub client_first_name: String,
    pub client_last_name: String,
    /// The name of the care page's beheerder.
    pub beheerder_first_name: String,
    pub beheerder_last_name: String,
    pub connected_at: Timestamp,
}

#[async_trait]
pub trait StaffAdminStore {
    /// A provider's staff, ordered by account id.
    async fn list_staff(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<StaffListing>>;
    /// Changes or ends a membership and queues `mail` to the member, in one transaction that
    /// also checks that the provider keeps at least one admin: of two racing changes that would
    /// together remove the last admin, one is refused.
    async fn change_staff(
        &self,
        provider: ProviderId,
        account: AccountId,
        change: StaffChange,
        mail: &OutgoingMessage,
    ) -> StoreResult<StaffChangeOutcome>;
    /// Replaces a provider's settings; false when there is no such provider.
    async fn update_provider_settings(
        &self,
        provider: ProviderId,
        settings: &ProviderSettings,
    ) -> StoreResult<bool>;
    /// Replaces every field of a client record of `record.provider_id` (found by id) but its
    /// provider, with `audit` appended in the same transaction. False when the provider has no
    /// such record; Conflict when the client number is taken by another record of the provider.
    /// Nothing is recorded then.
    async fn update_client_record(
        &self,
        record: &ClientRecord,
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// A provider's connections, newest first.
    async fn list_provider_connections(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<ProviderConnection>>;
}
