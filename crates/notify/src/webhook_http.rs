//! Webhook delivery over HTTP(S): one signed JSON POST per event to the endpoint's URL,
//! through the [`GuardedClient`], so an endpoint never leads to this machine or an internal
//! network (unless the operator allows this machine, for development).

use crate::guarded_http::{GuardedClient, describe};
use crate::webhook::{WebhookFailure, WebhookSender, WebhookTargets, signature_header};
use async_trait::async_trait;
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use zk_domain::Clock;
use zk_store::OutgoingMessage;

/// How long one delivery may take, connecting included, before it counts as failed.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);
/// The header with the event's id, the same on every retry, so a receiver can drop duplicates.
pub const EVENT_ID_HEADER: &str = "Zorgkring-Event-Id";
/// The header with `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub const SIGNATURE_HEADER: &str = "Zorgkring-Signature";
/// The failure recorded for the provider's admins whenever no HTTP answer came: a refused
/// address, no connection, a time-out, or something that does not speak HTTP. One text for
/// all of them, so the delivery list cannot be used to scan ports or map a network; the
/// details go to the server's log only.
pub const WEBHOOK_UNREACHABLE: &str = "unreachable";

/// POSTs the event's JSON with `Content-Type: application/json`, the event id and the
/// signature. Any 2xx answer is delivered; a redirect is not followed (it fails like any other
/// answer), and neither is the answer's body read.
pub struct HttpWebhook {
    client: GuardedClient,
    targets: Arc<dyn WebhookTargets>,
    clock: Arc<dyn Clock>,
    timeout: Duration,
}

impl HttpWebhook {
    /// `targets` gives each endpoint's URL and opened secret; `clock` the signature's time;
    /// `client` decides which addresses may be reached.
    pub fn new(
        targets: Arc<dyn WebhookTargets>,
        clock: Arc<dyn Clock>,
        client: GuardedClient,
    ) -> Self {
        Self {
            client,
            targets,
            clock,
            timeout: WEBHOOK_TIMEOUT,
        }
    }

    /// Replaces the 10 s limit per delivery (tests).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

#[derive(Deserialize)]
struct EventId {
    id: String,
}

/// Logs why `endpoint` could not be reached (ids and addresses only, no URL or payload) and
/// returns the one failure the admins see.
fn unreachable(endpoint: &str, detail: &str) -> WebhookFailure {
    tracing::warn!(endpoint, detail, "webhook endpoint not reachable");
    WebhookFailure::Retry(WEBHOOK_UNREACHABLE.to_owned())
}

#[async_trait]
impl WebhookSender for HttpWebhook {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), WebhookFailure> {
        let target = self
            .targets
            .target(&m.recipient)
            .await
            .map_err(|e| WebhookFailure::Retry(e.0))?
            .ok_or_else(|| {
                WebhookFailure::GiveUp("the endpoint was removed or switched off".into())
            })?;
        let url = Url::parse(&target.url)
            .map_err(|_| WebhookFailure::GiveUp("the endpoint's URL is not valid".into()))?;
        let event_id = serde_json::from_str::<EventId>(&m.text_body)
            .map(|e| e.id)
            .unwrap_or_else(|_| m.id.to_string());
        let signature = signature_header(
            &target.secret,
            self.clock.now().as_second(),
            m.text_body.as_bytes(),
        );
        let request = self
            .client
            .post(url)
            .map_err(|refused| unreachable(&m.recipient, &refused.to_string()))?;
        let response = request
            .header(CONTENT_TYPE, "application/json")
            .header(EVENT_ID_HEADER, event_id)
            .header(SIGNATURE_HEADER, signature)
            .timeout(self.timeout)
            .body(m.text_body.clone())
            .send()
            .await
            .map_err(|e| {
                let detail = if e.is_timeout() {
                    format!("no answer within {} seconds", self.timeout.as_secs_f32())
                } else {
                    describe(e)
                };
                unreachable(&m.recipient, &detail)
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(WebhookFailure::Retry(format!("HTTP {status}")))
        }
    }
}

impl std::fmt::Debug for HttpWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpWebhook")
            .field("timeout", &self.timeout)
            .finish()
    }
}
