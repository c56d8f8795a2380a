//! Outgoing messages as they wait in the durable outbox: stored in the same transaction as what
//! caused them, delivered later by a worker that retries.

use jiff::Timestamp;
use zk_domain::{OutboxMessageId, WebhookEndpointId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Mail,
    Sms,
    /// A signed JSON event to a provider's webhook endpoint (see `webhooks`).
    Webhook,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::Sms => "sms",
            Self::Webhook => "webhook",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mail" => Some(Self::Mail),
            "sms" => Some(Self::Sms),
            "webhook" => Some(Self::Webhook),
            _ => None,
        }
    }
}

/// One message. `subject` and `html_body` are for mail only, except that a webhook message
/// keeps its event type in `subject` (see [`OutgoingMessage::webhook`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub id: OutboxMessageId,
    pub channel: Channel,
    pub recipient: String,
    pub subject: Option<String>,
    pub text_body: String,
    pub html_body: Option<String>,
    pub created_at: Timestamp,
    /// Delivery attempts so far.
    pub attempts: u32,
}

impl OutgoingMessage {
    pub fn mail(to: &str, subject: &str, text: &str, html: Option<&str>, now: Timestamp) -> Self {
        Self {
            id: OutboxMessageId::new(),
            channel: Channel::Mail,
            recipient: to.to_owned(),
            subject: Some(subject.to_owned()),
            text_body: text.to_owned(),
            html_body: html.map(str::to_owned),
            created_at: now,
            attempts: 0,
        }
    }

    pub fn sms(to: &str, text: &str, now: Timestamp) -> Self {
        Self {
            id: OutboxMessageId::new(),
            channel: Channel::Sms,
            recipient: to.to_owned(),
            subject: None,
            text_body: text.to_owned(),
            html_body: None,
            created_at: now,
            attempts: 0,
        }
    }

    /// An event for a provider's webhook endpoint: `recipient` is the endpoint's id, `subject`
    /// the event type, `text_body` the JSON. Store it with `enqueue_webhook_messages` or with
    /// the call that caused it, so its delivery shows on the provider's webhook page.
    pub fn webhook(
        endpoint: WebhookEndpointId,
        event_type: &str,
        json: String,
        now: Timestamp,
    ) -> Self {
        Self {
            id: OutboxMessageId::new(),
            channel: Channel::Webhook,
            recipient: endpoint.to_string(),
            subject: Some(event_type.to_owned()),
            text_body: json,
            html_body: None,
            created_at: now,
            attempts: 0,
        }
    }
}
