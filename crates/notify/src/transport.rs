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

/// Stands in where no transport is configured: every delivery fails with a message an operator
/// understands, so messages wait in the outbox (retried) until one is configured.
pub struct Unconfigured(pub &'static str);

#[async_trait]
impl MailTransport for Unconfigured {
    async fn send(&self, _: &OutgoingMessage) -> Result<(), DeliveryError> {
        Err(DeliveryError(self.0.to_owned()))
    }

    fn name(&self) -> &'static str {
        "none"
    }
}

#[async_trait]
impl SmsGateway for Unconfigured {
    async fn send(&self, _: &OutgoingMessage) -> Result<(), DeliveryError> {
        Err(DeliveryError(self.0.to_owned()))
    }

    fn name(&self) -> &'static str {
        "none"
    }
}
