//! A local webhook receiver for the tests: records every request, and checks signatures the
//! way a provider's system would. Also the outbox worker as `serve` runs it, with webhooks
//! over HTTP.

use super::world::World;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use zk_app::webhooks::SealedTargets;
use zk_notify::{HttpWebhook, OutboxWorker};

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
    let app = w.t.app.clone();
    let webhooks =
        HttpWebhook::new(Arc::new(SealedTargets::new(app.clone())), app.clock.clone()).unwrap();
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
