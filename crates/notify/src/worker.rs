//! The outbox worker: claims due messages (any number of instances may run one), delivers them,
//! and on failure makes them due again after a growing pause, up to an hour.

use crate::transport::{MailTransport, SmsGateway};
use jiff::SignedDuration;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use zk_domain::Clock;
use zk_store::{Channel, Store, StoreResult};

/// How long a claimed message is held before another worker may take it over.
const LEASE: SignedDuration = SignedDuration::from_mins(2);
const BATCH: u32 = 20;
/// How long a delivered message's record (recipient and time, no content) is kept.
pub const KEEP_DELIVERED: SignedDuration = SignedDuration::from_hours(24 * 7);
const PURGE_EVERY: Duration = Duration::from_secs(600);

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
        }
    }

    /// Delivers what is due now, once. Returns (delivered, failed).
    pub async fn run_once(&self) -> StoreResult<(usize, usize)> {
        let (mut delivered, mut failed) = (0, 0);
        loop {
            let batch = self
                .store
                .claim_due_messages(self.clock.now(), LEASE, BATCH)
                .await?;
            if batch.is_empty() {
                return Ok((delivered, failed));
            }
            for message in &batch {
                let result = match message.channel {
                    Channel::Mail => self.mail.send(message).await,
                    Channel::Sms => self.sms.send(message).await,
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
                    }
                }
            }
            if failed > 0 {
                // The gateway is struggling: leave the rest for the next round.
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
