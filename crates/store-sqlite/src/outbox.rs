//! The outbox in SQLite. With one writer connection, a claim is a single UPDATE … RETURNING,
//! which no other claim can interleave with. Content is stored sealed (`zk_store::outbox_seal`).

use crate::convert::*;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use sqlx::SqliteExecutor;
use uuid::Uuid;
use zk_domain::OutboxMessageId;
use zk_store::{Channel, OutboxStore, OutgoingMessage, StoreError, StoreResult, outbox_seal};

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: Uuid,
    channel: String,
    recipient: String,
    subject: Option<String>,
    text_body: String,
    html_body: Option<String>,
    created_at: i64,
    attempts: i64,
    sealed: Option<Vec<u8>>,
}

impl MessageRow {
    /// The message with its content opened; `Err(id)` when its sealed form does not open.
    fn open(mut self) -> StoreResult<Result<OutgoingMessage, OutboxMessageId>> {
        let sealed = self.sealed.take();
        Ok(outbox_seal::claimed(
            OutgoingMessage::try_from(self)?,
            sealed.as_deref(),
        ))
    }
}

impl TryFrom<MessageRow> for OutgoingMessage {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> Result<Self, StoreError> {
        Ok(OutgoingMessage {
            id: OutboxMessageId(r.id),
            channel: Channel::parse(&r.channel)
                .ok_or_else(|| StoreError::Corrupt("outbox channel".into()))?,
            recipient: r.recipient,
            subject: r.subject,
            text_body: r.text_body,
            html_body: r.html_body,
            created_at: from_micros(r.created_at)?,
            attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
        })
    }
}

/// Queues a message, its subject and bodies sealed; also used where a message is stored
/// together with what it tells about.
pub(crate) async fn insert_message(
    ex: impl SqliteExecutor<'_>,
    m: &OutgoingMessage,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO outbox (id, channel, recipient, subject, text_body, html_body, sealed, created_at, attempts, next_attempt_at)
         VALUES ($1, $2, $3, NULL, '', NULL, $4, $5, $6, $5)",
    )
    .bind(m.id.0)
    .bind(m.channel.as_str())
    .bind(&m.recipient)
    .bind(outbox_seal::seal(m))
    .bind(micros(m.created_at))
    .bind(i64::from(m.attempts))
    .execute(ex)
    .await
    .map(|_| ())
    .map_err(map_err("outbox message"))
}

/// Plain messages sealed per round at start-up, so no round holds many in memory.
const SEAL_BATCH: i64 = 100;

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn enqueue_message(&self, m: &OutgoingMessage) -> StoreResult<()> {
        insert_message(&self.writer, m).await
    }

    async fn claim_due_messages(
        &self,
        now: Timestamp,
        lease: SignedDuration,
        limit: u32,
    ) -> StoreResult<Vec<OutgoingMessage>> {
        let rows = sqlx::query_as::<_, MessageRow>(
            "UPDATE outbox SET locked_until = $1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE sent_at IS NULL AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until <= $2)
                 ORDER BY next_attempt_at, id LIMIT $3)
             RETURNING id, channel, recipient, subject, text_body, html_body, created_at, attempts, sealed",
        )
        .bind(micros(now.saturating_add(lease).unwrap_or(now)))
        .bind(micros(now))
        .bind(i64::from(limit))
        .fetch_all(&self.writer)
        .await
        .map_err(map_err("claim outbox"))?;
        let mut messages = Vec::with_capacity(rows.len());
        for row in rows {
            match row.open()? {
                Ok(m) => messages.push(m),
                // Kept for when the right key is back, out of the way of the others.
                Err(id) => {
                    let retry_at = now
                        .saturating_add(outbox_seal::UNREADABLE_RETRY)
                        .unwrap_or(now);
                    self.mark_message_failed(id, outbox_seal::UNREADABLE, retry_at)
                        .await?;
                }
            }
        }
        messages.sort_by_key(|m| m.id);
        Ok(messages)
    }

    async fn mark_message_sent(&self, id: OutboxMessageId, at: Timestamp) -> StoreResult<()> {
        // The content goes as soon as it is delivered: activation and reset links and SMS codes
        // must not wait in the database for anyone who reads it later.
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, locked_until = NULL, attempts = attempts + 1,
                 subject = NULL, text_body = '', html_body = NULL, sealed = NULL
             WHERE id = $2",
        )
        .bind(micros(at))
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map(|_| ())
        .map_err(map_err("outbox sent"))
    }

    async fn mark_message_failed(
        &self,
        id: OutboxMessageId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, locked_until = NULL
             WHERE id = $3",
        )
        .bind(error)
        .bind(micros(retry_at))
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map(|_| ())
        .map_err(map_err("outbox failed"))
    }

    async fn purge_sent_messages(&self, before: Timestamp) -> StoreResult<u64> {
        sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
            .bind(micros(before))
            .execute(&self.writer)
            .await
            .map(|done| done.rows_affected())
            .map_err(map_err("purge outbox"))
    }

    async fn count_pending_messages(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&self.reader)
            .await
            .map_err(map_err("outbox count"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn seal_plain_messages(&self) -> StoreResult<u64> {
        let mut sealed = 0;
        loop {
            let rows = sqlx::query_as::<_, MessageRow>(
                "SELECT id, channel, recipient, subject, text_body, html_body, created_at, attempts, sealed
                 FROM outbox WHERE sealed IS NULL AND sent_at IS NULL
                 ORDER BY id LIMIT $1",
            )
            .bind(SEAL_BATCH)
            .fetch_all(&self.writer)
            .await
            .map_err(map_err("seal outbox"))?;
            if rows.is_empty() {
                return Ok(sealed);
            }
            for row in rows {
                let m = OutgoingMessage::try_from(row)?;
                // Only while still plain and waiting: a worker may have sent it meanwhile.
                let done = sqlx::query(
                    "UPDATE outbox SET sealed = $1, subject = NULL, text_body = '', html_body = NULL
                     WHERE id = $2 AND sealed IS NULL AND sent_at IS NULL",
                )
                .bind(outbox_seal::seal(&m))
                .bind(m.id.0)
                .execute(&self.writer)
                .await
                .map_err(map_err("seal outbox"))?;
                sealed += done.rows_affected();
            }
        }
    }
}
