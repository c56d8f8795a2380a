//! A local webhook receiver for the tests: records every request, and checks signatures the
//! way a provider's system would. Also the outbox worker as `serve` runs it, with webhooks
//! over HTTP, and a world whose webhooks may reach this machine (the receiver), as with
//! `--webhooks-allow-loopback`.

use super::TestApp;
use super::world::{World, world_with};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use zk_app::webhooks::SealedTargets;
use zk_notify::{GuardedClient, HttpWebhook, OutboxWorker};

fn loopback_policy() -> zk_app::Policy {
    zk_app::Policy {
        webhooks_allow_loopback: true,
        ..zk_app::Policy::default()
    }
}

/// The demo world with webhooks allowed to this machine, where the test receivers listen.
pub async fn local_webhooks_world() -> World {
    world_with(TestApp::with_policy(loopback_policy()).await).await
}

/// [`local_webhooks_world`] on a fresh PostgreSQL database.
pub async fn local_webhooks_world_on_postgresql() -> World {
    world_with(TestApp::postgres_with_policy(loopback_policy()).await).await
}

/// The webhook sender as `serve` makes it, for the world's policy.
pub fn http_webhook(w: &World) -> HttpWebhook {
    http_webhook_with(
        w,
        GuardedClient::new(zk_app::webhooks::reach(&w.t.app)).unwrap(),
    )
}

/// The webhook sender with `client`, e.g. one with its own resolver or reach.
pub fn http_webhook_with(w: &World, client: GuardedClient) -> HttpWebhook {
    let app = &w.t.app;
    HttpWebhook::new(
        Arc::new(SealedTargets::new(app.clone())),
        app.clock.clone(),
        client,
    )
}

/// A local endpoint that records every request.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    seen: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://127.0.0.1:{}/hook",
            listener.local_addr().unwrap().port()
        );
        let r = Self {
            url,
            seen: Arc::default(),
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(r.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        r
    }

    /// The events received of type `kind`, with their headers.
    pub fn events(&self, kind: &str) -> Vec<(HeaderMap, String)> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, body)| serde_json::from_str::<Value>(body).unwrap()["type"] == kind)
            .cloned()
            .collect()
    }
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    r.seen.lock().unwrap().push((headers, body));
    StatusCode::OK
}

/// Delivers the outbox as `serve` does: memory mail and SMS, webhooks over HTTP.
pub async fn deliver_all(w: &World) {
    deliver_with(w, http_webhook(w)).await;
}

/// Delivers the outbox with `webhooks` as the webhook sender.
pub async fn deliver_with(w: &World, webhooks: HttpWebhook) {
    let app = w.t.app.clone();
    OutboxWorker::new(
        app.store.clone(),
        app.clock.clone(),
        Arc::new(w.mailer.clone()),
        Arc::new(w.sms.clone()),
    )
    .with_webhooks(Arc::new(webhooks))
    .run_once()
    .await
    .unwrap();
}

/// Checks the signature as a receiver would: HMAC-SHA256 of "<t>.<body>" under the secret.
pub fn assert_signed(secret: &str, headers: &HeaderMap, body: &str) {
    let header = headers["zorgkring-signature"].to_str().unwrap();
    let (t, v1) = header.split_once(",v1=").unwrap();
    let t = t.strip_prefix("t=").unwrap();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    mac.verify_slice(&hex::decode(v1).unwrap())
        .expect("a valid signature");
}
