//! The Store trait for providers' webhooks: the endpoints a provider admin registers, and the
//! record of each event delivered to them. An event is an outbox message (channel `Webhook`)
//! plus a delivery row that the provider's webhook page lists; both are written in the same
//! transaction as what the event tells about, and the worker's attempts update both at once.

use crate::{OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::{ClientRecordId, OutboxMessageId, ProviderId, WebhookEndpointId};

/// A URL that receives a provider's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: WebhookEndpointId,
    pub provider_id: ProviderId,
    pub url: String,
    /// The signing secret, sealed with a key derived from the server key (the worker needs the
    /// secret itself to sign, so it cannot be stored as a hash).
    pub sealed_secret: Vec<u8>,
    /// A disabled endpoint gets no new events.
    pub enabled: bool,
    pub created_at: Timestamp,
}

/// One event for one endpoint, as the webhook page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// The outbox message that carries it.
    pub id: OutboxMessageId,
    pub endpoint_id: WebhookEndpointId,
    pub event_type: String,
    pub created_at: Timestamp,
    /// Attempts made so far.
    pub attempts: u32,
    pub last_error: Option<String>,
    pub delivered_at: Option<Timestamp>,
    /// When the worker gave up (too many attempts, or the endpoint was switched off or removed).
    pub failed_at: Option<Timestamp>,
}

/// What one delivery attempt came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookAttempt<'a> {
    /// A 2xx answer: the outbox message is marked sent.
    Delivered,
    /// Failed; the outbox message is due again at `retry_at`.
    Failed { error: &'a str, retry_at: Timestamp },
    /// Failed for the last time: the outbox message is removed, the delivery shows as failed.
    GaveUp { error: &'a str },
}

#[async_trait]
pub trait WebhookStore {
    /// Adds an endpoint unless its provider has `max` already (counted in the same
    /// transaction, so racing adds cannot pass the limit). Returns whether it was added.
    async fn insert_webhook_endpoint(
        &self,
        endpoint: &WebhookEndpoint,
        max: u32,
    ) -> StoreResult<bool>;
    async fn get_webhook_endpoint(
        &self,
        id: WebhookEndpointId,
    ) -> StoreResult<Option<WebhookEndpoint>>;
    /// A provider's endpoints, oldest first (a provider has a handful at most).
    async fn list_webhook_endpoints(
        &self,
        provider: ProviderId,
    ) -> StoreResult<Vec<WebhookEndpoint>>;
    /// Switches an endpoint of `provider` on or off; false when it has no such endpoint.
    async fn set_webhook_endpoint_enabled(
        &self,
        provider: ProviderId,
        id: WebhookEndpointId,
        enabled: bool,
    ) -> StoreResult<bool>;
    /// Removes an endpoint of `provider` with its delivery records; false when it has no such
    /// endpoint. Its messages still in the outbox are given up by the worker.
    async fn delete_webhook_endpoint(
        &self,
        provider: ProviderId,
        id: WebhookEndpointId,
    ) -> StoreResult<bool>;
    /// Stores webhook messages (and their delivery records) in one transaction, for events that
    /// are not part of another write (a test message).
    async fn enqueue_webhook_messages(&self, messages: &[OutgoingMessage]) -> StoreResult<()>;
    /// The newest `limit` deliveries of an endpoint, newest first.
    async fn list_webhook_deliveries(
        &self,
        endpoint: WebhookEndpointId,
        limit: u32,
    ) -> StoreResult<Vec<WebhookDelivery>>;
    /// Records an attempt on both the outbox message and its delivery record, at `at`.
    async fn record_webhook_attempt(
        &self,
        id: OutboxMessageId,
        at: Timestamp,
        attempt: WebhookAttempt<'_>,
    ) -> StoreResult<()>;
    /// Deletes delivery records made before `before` that are delivered or failed; returns how
    /// many.
    async fn purge_webhook_deliveries(&self, before: Timestamp) -> StoreResult<u64>;
    /// The logical id of the FHIR Patient that is this client record, if the provider sent one.
    async fn fhir_patient_of_client(
        &self,
        provider: ProviderId,
        client: ClientRecordId,
    ) -> StoreResult<Option<String>>;
}
