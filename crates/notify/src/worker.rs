//! The outbox worker: claims due messages (any number of instances may run one), delivers them,
//! and on failure makes them due again after a growing pause, up to an hour. E-mail and SMS are
//! retried until they go; a webhook event is given up after [`WEBHOOK_MAX_ATTEMPTS`], and its
//! attempts are recorded where the provider's staff see them.

use crate::transport::{MailTransport, SmsGateway, Unconfigured};
use crate::webhook::{WebhookFailure, WebhookSender};
use jiff::SignedDuration;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use zk_domain::Clock;
use zk_store::{Channel, OutgoingMessage, Store, StoreResult, WebhookAttempt};

/// How long a claimed message is held before another worker may take it over.
const LEASE: SignedDuration = SignedDuration::from_mins(2);
const BATCH: u32 = 20;
/// How long a delivered message's record (recipient and time, no content) is kept.
pub const KEEP_DELIVERED: SignedDuration = SignedDuration::from_hours(24 * 7);
const PURGE_EVERY: Duration = Duration::from_secs(600);
/// Attempts at a webhook event before it is given up: with the pauses of [`retry_delay`] the
/// last one comes about 23 hours after the first (seven in the first hour, then one an hour).
pub const WEBHOOK_MAX_ATTEMPTS: u32 = 30;
/// How long the record of a delivered or failed webhook event stays on the provider's page.
pub const KEEP_WEBHOOK_DELIVERIES: SignedDuration = SignedDuration::from_hours(24 * 30);

/// Pause before the next attempt after `attempts` failures: 30 s, 1 min, 2 min, … up to 1 hour.
pub fn retry_delay(attempts: u32) -> SignedDuration {
    let secs = 30i64.saturating_mul(1i64 << attempts.saturating_sub(1).min(20));
    SignedDuration::from_secs(secs.min(3600))
}

pub struct OutboxWorker {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    mail: Arc<dyn MailTransport>,
    sms: Arc<dyn SmsGateway>,
    webhooks: Arc<dyn WebhookSender>,
}

impl OutboxWorker {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        mail: Arc<dyn MailTransport>,
        sms: Arc<dyn SmsGateway>,
    ) -> Self {
        Self {
            store,
            clock,
            mail,
            sms,
            webhooks: Arc::new(Unconfigured(
                "webhook delivery is not set up on this server",
            )),
        }
    }

    /// Delivers webhook events through `webhooks` (without it they wait and are retried).
    pub fn with_webhooks(mut self, webhooks: Arc<dyn WebhookSender>) -> Self {
        self.webhooks = webhooks;
        self
    }

    /// Tries one webhook event and records the outcome; returns whether it was delivered.
    /// An endpoint that failed earlier in this round (`down`) is not tried again in it: its
    /// other events count the same failure, so one dead receiver cannot hold up a whole round.
    async fn deliver_webhook(
        &self,
        message: &OutgoingMessage,
        down: &mut HashMap<String, String>,
    ) -> StoreResult<bool> {
        let result = match down.get(&message.recipient) {
            Some(error) => Err(WebhookFailure::Retry(error.clone())),
            None => self.webhooks.send(message).await,
        };
        let now = self.clock.now();
        let attempts = message.attempts + 1;
        let (attempt, gave_up_text);
        match &result {
            Ok(()) => attempt = WebhookAttempt::Delivered,
            Err(WebhookFailure::GiveUp(error)) => attempt = WebhookAttempt::GaveUp { error },
            Err(WebhookFailure::Retry(error)) => {
                down.insert(message.recipient.clone(), error.clone());
                if attempts >= WEBHOOK_MAX_ATTEMPTS {
                    gave_up_text = format!("{error} (gave up after {attempts} attempts)");
                    attempt = WebhookAttempt::GaveUp {
                        error: &gave_up_text,
                    };
                } else {
                    attempt = WebhookAttempt::Failed {
                        error,
                        retry_at: now + retry_delay(attempts),
                    };
                }
            }
        }
        if let WebhookAttempt::Failed { error, .. } | WebhookAttempt::GaveUp { error } = attempt {
            tracing::warn!(message = %message.id, channel = "webhook", attempts, error, "webhook delivery failed");
        }
        self.store
            .record_webhook_attempt(message.id, now, attempt)
            .await?;
        Ok(result.is_ok())
    }

    /// Delivers what is due now, once. Returns (delivered, failed).
    pub async fn run_once(&self) -> StoreResult<(usize, usize)> {
        let (mut delivered, mut failed) = (0, 0);
        let mut down = HashMap::new();
        loop {
            let batch = self
                .store
                .claim_due_messages(self.clock.now(), LEASE, BATCH)
                .await?;
            if batch.is_empty() {
                return Ok((delivered, failed));
            }
            let mut struggling = false;
            for message in &batch {
                let result = match message.channel {
                    Channel::Mail => self.mail.send(message).await,
                    Channel::Sms => self.sms.send(message).await,
                    Channel::Webhook => {
                        if self.deliver_webhook(message, &mut down).await? {
                            delivered += 1;
                        } else {
                            failed += 1;
                        }
                        continue;
                    }
                };
                match result {
                    Ok(()) => {
                        self.store
                            .mark_message_sent(message.id, self.clock.now())
                            .await?;
                        delivered += 1;
                    }
                    Err(e) => {
                        let attempts = message.attempts + 1;
                        let retry_at = self.clock.now() + retry_delay(attempts);
                        tracing::warn!(message = %message.id, channel = message.channel.as_str(), attempts, error = %e, "delivery failed; will retry");
                        self.store
                            .mark_message_failed(message.id, &e.0, retry_at)
                            .await?;
                        failed += 1;
                        struggling = true;
                    }
                }
            }
            if struggling {
                // The gateway is struggling: leave the rest for the next round. (A failing
                // webhook receiver is the provider's, and does not hold up e-mail and SMS.)
                return Ok((delivered, failed));
            }
        }
    }

    /// Runs until `shutdown` turns true, polling every `poll`.
    pub async fn run(self, poll: Duration, mut shutdown: watch::Receiver<bool>) {
        // Purging is a write: once every ten minutes is plenty, not on every poll.
        let mut last_purge: Option<std::time::Instant> = None;
        loop {
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "the outbox could not be read");
            }
            if last_purge.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
                last_purge = Some(std::time::Instant::now());
                if let Err(e) = self
                    .store
                    .purge_sent_messages(self.clock.now() - KEEP_DELIVERED)
                    .await
                {
                    tracing::error!(error = %e, "delivered messages could not be purged");
                }
                if let Err(e) = self
                    .store
                    .purge_webhook_deliveries(self.clock.now() - KEEP_WEBHOOK_DELIVERIES)
                    .await
                {
                    tracing::error!(error = %e, "old webhook deliveries could not be purged");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                return;
            }
        }
    }
}
