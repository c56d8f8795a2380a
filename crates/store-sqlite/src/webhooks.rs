//! Providers' webhook endpoints and their deliveries in SQLite. A webhook message is written to
//! the outbox together with its delivery row (`insert_event_message`), inside the transaction
//! of what caused it; an attempt updates both in one transaction.

use crate::convert::*;
use crate::outbox::insert_message;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::SqliteConnection;
use uuid::Uuid;
use zk_domain::{ClientRecordId, OutboxMessageId, ProviderId, WebhookEndpointId};
use zk_store::{
    Channel, OutgoingMessage, StoreError, StoreResult, WebhookAttempt, WebhookDelivery,
    WebhookEndpoint, WebhookStore,
};

macro_rules! endpoint_columns {
    () => {
        "id, provider_id, url, sealed_secret, enabled, created_at"
    };
}

macro_rules! delivery_columns {
    () => {
        "id, endpoint_id, event_type, created_at, attempts, last_error, delivered_at, failed_at"
    };
}

#[derive(sqlx::FromRow)]
struct EndpointRow {
    id: Uuid,
    provider_id: Uuid,
    url: String,
    sealed_secret: Vec<u8>,
    enabled: bool,
    created_at: i64,
}

impl TryFrom<EndpointRow> for WebhookEndpoint {
    type Error = StoreError;
    fn try_from(r: EndpointRow) -> Result<Self, StoreError> {
        Ok(WebhookEndpoint {
            id: WebhookEndpointId(r.id),
            provider_id: ProviderId(r.provider_id),
            url: r.url,
            sealed_secret: r.sealed_secret,
            enabled: r.enabled,
            created_at: from_micros(r.created_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: Uuid,
    endpoint_id: Uuid,
    event_type: String,
    created_at: i64,
    attempts: i64,
    last_error: Option<String>,
    delivered_at: Option<i64>,
    failed_at: Option<i64>,
}

impl TryFrom<DeliveryRow> for WebhookDelivery {
    type Error = StoreError;
    fn try_from(r: DeliveryRow) -> Result<Self, StoreError> {
        Ok(WebhookDelivery {
            id: OutboxMessageId(r.id),
            endpoint_id: WebhookEndpointId(r.endpoint_id),
            event_type: r.event_type,
            created_at: from_micros(r.created_at)?,
            attempts: u32::try_from(r.attempts)
                .map_err(|_| StoreError::Corrupt("webhook attempts".into()))?,
            last_error: r.last_error,
            delivered_at: r.delivered_at.map(from_micros).transpose()?,
            failed_at: r.failed_at.map(from_micros).transpose()?,
        })
    }
}

/// Queues a message that is stored with what caused it; a webhook message also gets its
/// delivery row, so the provider's webhook page shows it.
pub(crate) async fn insert_event_message(
    conn: &mut SqliteConnection,
    m: &OutgoingMessage,
) -> StoreResult<()> {
    insert_message(&mut *conn, m).await?;
    if m.channel != Channel::Webhook {
        return Ok(());
    }
    let endpoint: Uuid = m
        .recipient
        .parse()
        .map_err(|_| StoreError::Other("a webhook message names no endpoint".into()))?;
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, endpoint_id, event_type, created_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(m.id.0)
    .bind(endpoint)
    .bind(m.subject.as_deref().unwrap_or_default())
    .bind(micros(m.created_at))
    .execute(&mut *conn)
    .await
    .map(|_| ())
    .map_err(map_err("webhook delivery"))
}

#[async_trait]
impl WebhookStore for SqliteStore {
    async fn insert_webhook_endpoint(&self, e: &WebhookEndpoint, max: u32) -> StoreResult<bool> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("webhook endpoint"))?;
        let count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM webhook_endpoints WHERE provider_id = $1")
                .bind(e.provider_id.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err("webhook endpoints"))?;
        if count >= i64::from(max) {
            tx.rollback().await.map_err(map_err("webhook endpoint"))?;
            return Ok(false);
        }
        sqlx::query(concat!(
            "INSERT INTO webhook_endpoints (",
            endpoint_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(e.id.0)
        .bind(e.provider_id.0)
        .bind(&e.url)
        .bind(&e.sealed_secret)
        .bind(e.enabled)
        .bind(micros(e.created_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("webhook endpoint"))?;
        tx.commit().await.map_err(map_err("webhook endpoint"))?;
        Ok(true)
    }

    async fn get_webhook_endpoint(
        &self,
        id: WebhookEndpointId,
    ) -> StoreResult<Option<WebhookEndpoint>> {
        sqlx::query_as::<_, EndpointRow>(concat!(
            "SELECT ",
            endpoint_columns!(),
            " FROM webhook_endpoints WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("webhook endpoint"))?
        .map(WebhookEndpoint::try_from)
        .transpose()
    }

    async fn list_webhook_endpoints(
        &self,
        provider: ProviderId,
    ) -> StoreResult<Vec<WebhookEndpoint>> {
        sqlx::query_as::<_, EndpointRow>(concat!(
            "SELECT ",
            endpoint_columns!(),
            " FROM webhook_endpoints WHERE provider_id = $1 ORDER BY id"
        ))
        .bind(provider.0)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("webhook endpoints"))?
        .into_iter()
        .map(WebhookEndpoint::try_from)
        .collect()
    }

    async fn set_webhook_endpoint_enabled(
        &self,
        provider: ProviderId,
        id: WebhookEndpointId,
        enabled: bool,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE webhook_endpoints SET enabled = $1 WHERE id = $2 AND provider_id = $3",
        )
        .bind(enabled)
        .bind(id.0)
        .bind(provider.0)
        .execute(&self.writer)
        .await
        .map_err(map_err("webhook endpoint"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_webhook_endpoint(
        &self,
        provider: ProviderId,
        id: WebhookEndpointId,
    ) -> StoreResult<bool> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("webhook endpoint"))?;
        let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1 AND provider_id = $2")
            .bind(id.0)
            .bind(provider.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("webhook endpoint"))?;
        if done.rows_affected() != 1 {
            tx.rollback().await.map_err(map_err("webhook endpoint"))?;
            return Ok(false);
        }
        sqlx::query("DELETE FROM webhook_deliveries WHERE endpoint_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("webhook deliveries"))?;
        tx.commit().await.map_err(map_err("webhook endpoint"))?;
        Ok(true)
    }

    async fn enqueue_webhook_messages(&self, messages: &[OutgoingMessage]) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("webhook messages"))?;
        for m in messages {
            insert_event_message(&mut tx, m).await?;
        }
        tx.commit().await.map_err(map_err("webhook messages"))
    }

    async fn list_webhook_deliveries(
        &self,
        endpoint: WebhookEndpointId,
        limit: u32,
    ) -> StoreResult<Vec<WebhookDelivery>> {
        sqlx::query_as::<_, DeliveryRow>(concat!(
            "SELECT ",
            delivery_columns!(),
            " FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2"
        ))
        .bind(endpoint.0)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("webhook deliveries"))?
        .into_iter()
        .map(WebhookDelivery::try_from)
        .collect()
    }

    async fn record_webhook_attempt(
        &self,
        id: OutboxMessageId,
        at: Timestamp,
        attempt: WebhookAttempt<'_>,
    ) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("webhook attempt"))?;
        let at = micros(at);
        match attempt {
            WebhookAttempt::Delivered => {
                // As any delivered message: the content goes, the record stays until purged.
                sqlx::query(
                    "UPDATE outbox SET sent_at = $1, locked_until = NULL, attempts = attempts + 1,
                         subject = NULL, text_body = '', sealed = NULL
                     WHERE id = $2",
                )
                .bind(at)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("webhook attempt"))?;
                sqlx::query(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = $1
                     WHERE id = $2",
                )
                .bind(at)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("webhook attempt"))?;
            }
            WebhookAttempt::Failed { error, retry_at } => {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
                         next_attempt_at = $2, locked_until = NULL
                     WHERE id = $3",
                )
                .bind(error)
                .bind(micros(retry_at))
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("webhook attempt"))?;
                sqlx::query(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $1
                     WHERE id = $2",
                )
                .bind(error)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("webhook attempt"))?;
            }
            WebhookAttempt::GaveUp { error } => {
                sqlx::query("DELETE FROM outbox WHERE id = $1")
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err("webhook attempt"))?;
                sqlx::query(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $1,
                         failed_at = $2
                     WHERE id = $3",
                )
                .bind(error)
                .bind(at)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err("webhook attempt"))?;
            }
        }
        tx.commit().await.map_err(map_err("webhook attempt"))
    }

    async fn purge_webhook_deliveries(&self, before: Timestamp) -> StoreResult<u64> {
        sqlx::query(
            "DELETE FROM webhook_deliveries WHERE created_at < $1
               AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL)",
        )
        .bind(micros(before))
        .execute(&self.writer)
        .await
        .map(|done| done.rows_affected())
        .map_err(map_err("purge webhook deliveries"))
    }

    async fn fhir_patient_of_client(
        &self,
        provider: ProviderId,
        client: ClientRecordId,
    ) -> StoreResult<Option<String>> {
        sqlx::query_scalar(
            "SELECT logical_id FROM fhir_resources
             WHERE provider_id = $1 AND resource_type = 'Patient' AND client_record_id = $2
             ORDER BY logical_id LIMIT 1",
        )
        .bind(provider.0)
        .bind(client.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("fhir patient"))
    }
}
