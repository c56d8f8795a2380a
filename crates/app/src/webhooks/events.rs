//! The events a provider's endpoints receive, and the outbox messages that carry them: one per
//! active endpoint, to be stored in the same transaction as what the event tells about.
//!
//! A payload names the client only by the provider's own client number and the logical id of
//! the FHIR Patient the provider sent (when there is one): never a name, birth date, e-mail
//! address or care data.
//!
//! ```json
//! {"id": "0193…", "type": "letter.used", "time": "2026-11-23T10:00:00Z",
//!  "provider_id": "0193…",
//!  "data": {"client_number": "C-1001", "fhir_patient_id": "p-1001",
//!           "letter_id": "0193…", "used_at": "2026-11-23T10:00:00Z"}}
//! ```

use crate::{App, AppError, AppResult};
use jiff::Timestamp;
use serde_json::{Value, json};
use uuid::Uuid;
use zk_domain::ProviderId;
use zk_domain::account::Connection;
use zk_store::{OutgoingMessage, WebhookEndpoint};

/// The kinds of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    /// A letter was redeemed: a care page is connected to the client record.
    ConnectionCreated,
    /// A letter was used (at registration or when connecting another provider).
    LetterUsed,
    /// A care page's connection to the client record ended (unlinked).
    ConnectionEnded,
    /// A test message sent from the webhook page.
    Ping,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConnectionCreated => "connection.created",
            Self::LetterUsed => "letter.used",
            Self::ConnectionEnded => "connection.ended",
            Self::Ping => "ping",
        }
    }
}

/// The JSON of one event.
fn payload(id: Uuid, kind: EventType, provider: ProviderId, at: Timestamp, data: &Value) -> String {
    json!({
        "id": id,
        "type": kind.as_str(),
        "time": at.to_string(),
        "provider_id": provider,
        "data": data,
    })
    .to_string()
}

/// One message per endpoint for each event; each event has one id, the same for every
/// endpoint (and on every retry). Switched-off endpoints get nothing.
pub fn event_messages(
    provider: ProviderId,
    endpoints: &[WebhookEndpoint],
    events: &[(EventType, Value)],
    at: Timestamp,
) -> Vec<OutgoingMessage> {
    let mut out = Vec::new();
    for (kind, data) in events {
        let json = payload(Uuid::now_v7(), *kind, provider, at, data);
        for e in endpoints.iter().filter(|e| e.enabled) {
            out.push(OutgoingMessage::webhook(
                e.id,
                kind.as_str(),
                json.clone(),
                at,
            ));
        }
    }
    out
}

/// What identifies the client of a connection in an event: their client number and the FHIR
/// Patient id, when the provider sent one.
async fn client_data(app: &App, c: &Connection) -> AppResult<Value> {
    let record = app
        .store
        .get_client_record(c.client_record_id)
        .await?
        .ok_or(AppError::NotFound("client record"))?;
    let patient = app
        .store
        .fhir_patient_of_client(c.provider_id, c.client_record_id)
        .await?;
    Ok(json!({
        "client_number": record.client_number,
        "fhir_patient_id": patient,
        "letter_id": c.letter_id,
    }))
}

/// The messages for redeeming a letter that makes `connection`: `connection.created` and
/// `letter.used` for every active endpoint of the provider. Pass them to the store call that
/// uses the letter, so they are stored if and only if it is.
pub async fn redemption_messages(
    app: &App,
    connection: &Connection,
) -> AppResult<Vec<OutgoingMessage>> {
    let endpoints = app
        .store
        .list_webhook_endpoints(connection.provider_id)
        .await?;
    if !endpoints.iter().any(|e| e.enabled) {
        return Ok(Vec::new());
    }
    let at = connection.connected_at;
    let data = client_data(app, connection).await?;
    let mut used = data.clone();
    used["used_at"] = json!(at.to_string());
    Ok(event_messages(
        connection.provider_id,
        &endpoints,
        &[
            (EventType::ConnectionCreated, data),
            (EventType::LetterUsed, used),
        ],
        at,
    ))
}

/// The messages for a connection that ended at `at`: `connection.ended` for every active
/// endpoint of its provider. Unlinking should pass them to the store call that ends the
/// connection, as redemption does.
pub async fn connection_ended_messages(
    app: &App,
    connection: &Connection,
    at: Timestamp,
) -> AppResult<Vec<OutgoingMessage>> {
    let endpoints = app
        .store
        .list_webhook_endpoints(connection.provider_id)
        .await?;
    if !endpoints.iter().any(|e| e.enabled) {
        return Ok(Vec::new());
    }
    let mut data = client_data(app, connection).await?;
    data["ended_at"] = json!(at.to_string());
    Ok(event_messages(
        connection.provider_id,
        &endpoints,
        &[(EventType::ConnectionEnded, data)],
        at,
    ))
}

/// Stores `connection.ended` for every active endpoint on its own; returns how many messages.
/// For an unlinking that cannot pass the messages into its own transaction.
pub async fn enqueue_connection_ended(
    app: &App,
    connection: &Connection,
    at: Timestamp,
) -> AppResult<usize> {
    let messages = connection_ended_messages(app, connection, at).await?;
    if !messages.is_empty() {
        app.store.enqueue_webhook_messages(&messages).await?;
    }
    Ok(messages.len())
}
