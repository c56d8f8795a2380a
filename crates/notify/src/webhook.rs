//! Webhook delivery, as the outbox worker sees it. An event waits in the outbox as a message of
//! channel `Webhook` whose recipient is the endpoint's id and whose body is the JSON to send.
//!
//! Signing happens at delivery time, not when the event is stored: the signature carries the
//! time it was made (`t=`), and receivers refuse signatures older than five minutes, while a
//! retry may come hours later. So the sender looks the endpoint up on every attempt through
//! [`WebhookTargets`] (implemented by the application, which opens the endpoint's secret sealed
//! with the server key); an endpoint removed or switched off meanwhile gets nothing.

use crate::transport::DeliveryError;
use async_trait::async_trait;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use zk_store::OutgoingMessage;

/// Where an endpoint's events go and the secret they are signed with.
pub struct WebhookTarget {
    pub url: String,
    pub secret: Vec<u8>,
}

impl fmt::Debug for WebhookTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookTarget")
            .field("url", &self.url)
            .field("secret", &"<hidden>")
            .finish()
    }
}

/// Why a webhook delivery failed. The text goes to the delivery record the provider's staff
/// see, so it names a status or an error, never the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookFailure {
    /// Worth another attempt later (an error answer, a time-out, no connection).
    Retry(String),
    /// Never deliverable (the endpoint was removed or switched off): no more attempts.
    GiveUp(String),
}

/// Looks up an endpoint at delivery time.
#[async_trait]
pub trait WebhookTargets: Send + Sync {
    /// `None` when the endpoint was removed or switched off.
    async fn target(&self, endpoint: &str) -> Result<Option<WebhookTarget>, DeliveryError>;
}

/// Sends one webhook message.
#[async_trait]
pub trait WebhookSender: Send + Sync {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), WebhookFailure>;
}

#[async_trait]
impl WebhookSender for crate::transport::Unconfigured {
    async fn send(&self, _: &OutgoingMessage) -> Result<(), WebhookFailure> {
        Err(WebhookFailure::Retry(self.0.to_owned()))
    }
}

/// The `Zorgkring-Signature` header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>" under the secret>`.
pub fn signature_header(secret: &[u8], unix_seconds: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={unix_seconds},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_time_and_body() {
        let a = signature_header(b"geheim", 1_700_000_000, b"{}");
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(a, signature_header(b"geheim", 1_700_000_001, b"{}"));
        assert_ne!(a, signature_header(b"geheim", 1_700_000_000, b"{ }"));
        assert_ne!(a, signature_header(b"ander", 1_700_000_000, b"{}"));
        // Computed independently (Python's hmac module).
        assert_eq!(
            signature_header(b"key", 0, b"The quick brown fox"),
            "t=0,v1=10c3ae5bdd0fd5c9ad60a05ea4051bb529622def626c0d64295951b2039454ed"
        );
    }
}
