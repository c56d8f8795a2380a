//! How the outbox worker finds an endpoint's URL and signing secret at delivery time: read
//! from the store and opened with the server key, on every attempt, so an endpoint switched
//! off or removed gets nothing more.

use super::endpoints::open_secret;
use crate::App;
use async_trait::async_trait;
use zk_domain::WebhookEndpointId;
use zk_notify::{DeliveryError, WebhookTarget, WebhookTargets};

/// The endpoints in the store, with secrets sealed under the server key.
pub struct SealedTargets {
    app: App,
}

impl SealedTargets {
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

#[async_trait]
impl WebhookTargets for SealedTargets {
    async fn target(&self, endpoint: &str) -> Result<Option<WebhookTarget>, DeliveryError> {
        let Ok(id) = endpoint.parse::<WebhookEndpointId>() else {
            return Ok(None);
        };
        let Some(endpoint) = self
            .app
            .store
            .get_webhook_endpoint(id)
            .await
            .map_err(|e| DeliveryError(format!("the endpoint could not be read: {e}")))?
            .filter(|e| e.enabled)
        else {
            return Ok(None);
        };
        let secret = open_secret(&self.app, &endpoint).ok_or_else(|| {
            DeliveryError("the signing secret cannot be opened with this server's key".into())
        })?;
        Ok(Some(WebhookTarget {
            url: endpoint.url,
            secret,
        }))
    }
}
