//! The transport traits: how one message leaves the building.

use async_trait::async_trait;
use zk_store::OutgoingMessage;

/// Why a delivery failed. The text goes to the outbox row and the log, so it never holds the
/// message's content.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

#[async_trait]
pub trait MailTransport: Send + Sync {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), DeliveryError>;
    fn name(&self) -> &'static str;
}

#[async_trait]
pub trait SmsGateway: Send + Sync {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), DeliveryError>;
    fn name(&self) -> &'static str;
}
