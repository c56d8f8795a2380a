//! The HTTP SMS gateway against a tiny local server: what arrives, what a failure looks like
//! (without the number or the text), and that the outbox retries what the gateway refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use jiff::SignedDuration;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use zk_domain::{Clock, FixedClock};
use zk_notify::*;
use zk_store::{OutgoingMessage, Store};
use zk_store_sqlite::SqliteStore;

const NUMBER: &str = "+31612345678";
const TEXT: &str = "Je code is 493817";
const TOKEN: &str = "geheim-gateway-token";

/// One request as the gateway saw it: the Authorization header and the JSON body.
type Received = (Option<String>, Value);

/// A gateway that records every request and answers with `status` after `delay`.
#[derive(Clone)]
struct Gateway {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<Mutex<StatusCode>>,
    delay: Arc<Mutex<Duration>>,
}

impl Gateway {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let gateway = Self {
            url: format!("http://127.0.0.1:{port}/sms"),
            received: Arc::default(),
            status: Arc::new(Mutex::new(StatusCode::OK)),
            delay: Arc::default(),
        };
        let app = Router::new()
            .route("/sms", post(receive))
            .with_state(gateway.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        gateway
    }

    fn client(&self) -> HttpSms {
        HttpSms::new(&self.url, TOKEN).unwrap()
    }

    fn answer(&self, status: StatusCode) {
        *self.status.lock().unwrap() = status;
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Records the request; a refusal echoes the request, as some gateways do.
async fn receive(
    State(gateway): State<Gateway>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, String) {
    let auth = headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_owned());
    gateway.received.lock().unwrap().push((auth, body.clone()));
    let delay = *gateway.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    let status = *gateway.status.lock().unwrap();
    (status, format!("rejected: {body}"))
}

fn clock() -> FixedClock {
    FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap())
}

fn sms(clock: &FixedClock) -> OutgoingMessage {
    OutgoingMessage::sms(NUMBER, TEXT, clock.now())
}

/// A port on this machine where nothing listens.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/sms")
}

/// The error text goes to the outbox row and the log: no number, no text, no token.
fn assert_private(error: &DeliveryError) {
    let text = error.to_string();
    for secret in [NUMBER, "612345678", TEXT, "493817", TOKEN] {
        assert!(!text.contains(secret), "{secret:?} leaked into: {text}");
    }
}

#[tokio::test]
async fn the_json_body_and_the_bearer_token_arrive() {
    let gateway = Gateway::start().await;
    let message = sms(&clock());
    gateway.client().send(&message).await.unwrap();

    let received = gateway.received();
    assert_eq!(received.len(), 1);
    let (auth, body) = &received[0];
    assert_eq!(auth.as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(
        body,
        &json!({"to": NUMBER, "body": TEXT, "reference": message.id.to_string()})
    );
}

#[tokio::test]
async fn any_2xx_is_delivered() {
    let gateway = Gateway::start().await;
    gateway.answer(StatusCode::ACCEPTED);
    gateway.client().send(&sms(&clock())).await.unwrap();
}

#[tokio::test]
async fn a_500_is_a_delivery_error_naming_the_status_only() {
    let gateway = Gateway::start().await;
    gateway.answer(StatusCode::INTERNAL_SERVER_ERROR);
    let error = gateway.client().send(&sms(&clock())).await.unwrap_err();
    assert!(error.to_string().contains("HTTP 500"), "{error}");
    assert_private(&error);
}

#[tokio::test]
async fn a_redirect_is_not_a_delivery() {
    let gateway = Gateway::start().await;
    gateway.answer(StatusCode::FOUND);
    let error = gateway.client().send(&sms(&clock())).await.unwrap_err();
    assert!(error.to_string().contains("HTTP 302"), "{error}");
}

#[tokio::test]
async fn an_unreachable_port_is_a_delivery_error_naming_the_cause() {
    let error = HttpSms::new(&closed_port_url(), TOKEN)
        .unwrap()
        .send(&sms(&clock()))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("cannot reach the SMS gateway"),
        "{error}"
    );
    assert!(!error.to_string().contains("127.0.0.1"), "{error}");
    assert_private(&error);
}

/// https runs through rustls with ring; a plain-HTTP server on the other end is a TLS failure,
/// not a panic for want of a crypto provider.
#[tokio::test]
async fn https_speaks_tls() {
    let gateway = Gateway::start().await;
    let url = gateway.url.replace("http://127.0.0.1", "https://localhost");
    let error = HttpSms::new(&url, TOKEN)
        .unwrap()
        .send(&sms(&clock()))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("cannot reach the SMS gateway"),
        "{error}"
    );
    assert!(gateway.received().is_empty());
    assert_private(&error);
}

#[tokio::test]
async fn a_slow_gateway_times_out() {
    let gateway = Gateway::start().await;
    *gateway.delay.lock().unwrap() = Duration::from_secs(5);
    let error = gateway
        .client()
        .with_timeout(Duration::from_millis(200))
        .send(&sms(&clock()))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("did not answer"), "{error}");
    assert_private(&error);
}

async fn store() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    (Arc::new(store), dir)
}

fn worker(store: &Arc<dyn Store>, clock: &FixedClock, sms: HttpSms) -> OutboxWorker {
    OutboxWorker::new(
        store.clone(),
        Arc::new(clock.clone()),
        Arc::new(MemoryMailer::default()),
        Arc::new(sms),
    )
}

#[tokio::test]
async fn a_refused_sms_waits_in_the_outbox_and_is_retried_with_the_same_reference() {
    let (store, _dir) = store().await;
    let clock = clock();
    let gateway = Gateway::start().await;
    gateway.answer(StatusCode::INTERNAL_SERVER_ERROR);
    let message = sms(&clock);
    store.enqueue_message(&message).await.unwrap();
    let worker = worker(&store, &clock, gateway.client());

    assert_eq!(worker.run_once().await.unwrap(), (0, 1));
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);
    gateway.answer(StatusCode::OK);
    clock.advance(SignedDuration::from_secs(29));
    assert_eq!(worker.run_once().await.unwrap(), (0, 0));
    clock.advance(SignedDuration::from_secs(1));
    assert_eq!(worker.run_once().await.unwrap(), (1, 0));
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);

    let references: Vec<Value> = gateway
        .received()
        .into_iter()
        .map(|(_, body)| body["reference"].clone())
        .collect();
    let id = json!(message.id.to_string());
    assert_eq!(references, [id.clone(), id]);
}

#[tokio::test]
async fn an_sms_to_an_unreachable_gateway_waits_and_goes_out_later() {
    let (store, _dir) = store().await;
    let clock = clock();
    store.enqueue_message(&sms(&clock)).await.unwrap();
    let down = worker(
        &store,
        &clock,
        HttpSms::new(&closed_port_url(), TOKEN).unwrap(),
    );
    assert_eq!(down.run_once().await.unwrap(), (0, 1));
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);

    let gateway = Gateway::start().await;
    let up = worker(&store, &clock, gateway.client());
    assert_eq!(up.run_once().await.unwrap(), (0, 0), "not due yet");
    clock.advance(SignedDuration::from_secs(30));
    assert_eq!(up.run_once().await.unwrap(), (1, 0));
    assert_eq!(gateway.received().len(), 1);
}

#[test]
fn plain_http_to_another_host_is_refused() {
    let error = HttpSms::new("http://example.nl/sms", TOKEN).unwrap_err();
    assert!(error.to_string().contains("https://"), "{error}");
    assert!(error.to_string().contains("example.nl"), "{error}");
    for bad in [
        "ftp://example.nl/sms",
        "sms.example.nl/send",
        "http://10.0.0.1/sms",
    ] {
        assert!(HttpSms::new(bad, TOKEN).is_err(), "{bad} was accepted");
    }
    for good in [
        "https://sms.example.nl/send",
        "http://127.0.0.1:9000/sms",
        "http://localhost/sms",
    ] {
        HttpSms::new(good, TOKEN).unwrap();
    }
}

#[test]
fn an_empty_token_is_refused_and_the_token_stays_out_of_debug() {
    assert!(HttpSms::new("https://sms.example.nl/send", "  \n").is_err());
    let gateway = HttpSms::new("https://sms.example.nl/send", TOKEN).unwrap();
    let debug = format!("{gateway:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("sms.example.nl"), "{debug}");
}
