//! Webhooks cannot be aimed inside (SSRF) or used to scan ports: the staff form refuses every
//! form of an internal or loopback address with a plain message, delivery refuses a name that
//! has come to lead here since it was saved, and the admin sees only "Niet bereikbaar" for a
//! closed port, an open port that does not speak HTTP and a refused address alike.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::Browser;
use support::receiver::{
    Receiver, deliver_with, http_webhook, http_webhook_with, local_webhooks_world,
};
use support::world::{World, world};
use tokio::io::AsyncWriteExt;
use zk_app::webhooks::{add_endpoint, send_ping};
use zk_domain::ProviderId;
use zk_notify::{FixedResolver, GuardedClient, Reach};

const INTERNAL: &str = "Dit adres is van een intern netwerk of van deze computer.";

fn provider_id(w: &World) -> ProviderId {
    w.demo.providers[0].id.parse().unwrap()
}

fn page_of(w: &World) -> String {
    format!("/zorgaanbieder/{}/webhooks", provider_id(w))
}

/// The first demo provider's admin, logged in with the SMS code.
async fn admin(w: &World) -> Browser<'_> {
    let p = &w.demo.providers[0];
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[("email", &p.staff_email), ("wachtwoord", &p.staff_password)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    b
}

/// A port on 127.0.0.1 that counts connections and answers like an SSH server: open, but
/// not HTTP.
struct NotHttp {
    port: u16,
    connections: Arc<AtomicUsize>,
}

impl NotHttp {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let seen = connections.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                seen.fetch_add(1, Ordering::SeqCst);
                let _ = socket.write_all(b"SSH-2.0-OpenSSH_9.6\r\n").await;
            }
        });
        Self { port, connections }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// A port on 127.0.0.1 that nothing listens on.
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// A receiver that answers every request with 503.
async fn unavailable() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hook",
        listener.local_addr().unwrap().port()
    );
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(|| async { StatusCode::SERVICE_UNAVAILABLE }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

/// The texts in the delivery table's last column ("Laatste fout"), in page order.
fn shown_errors(body: &str) -> Vec<String> {
    body.split("<tr><td>")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").unwrap()];
            let last = row.rsplit("<td>").next().unwrap();
            last.trim_end_matches("</td>").to_owned()
        })
        .collect()
}

#[tokio::test]
async fn every_internal_address_form_is_refused_on_the_form() {
    let w = world().await;
    let mut b = admin(&w).await;
    let page = page_of(&w);
    let form = b.get(&page).await;
    assert!(
        form.body
            .contains("Het adres begint met https:// en is te bereiken via internet.")
    );
    assert!(
        !form.body.contains("http://localhost"),
        "no local hint without the flag"
    );
    for url in [
        "https://10.0.0.1/hook",
        "https://172.16.0.1/hook",
        "https://192.168.1.10/hook",
        "https://100.64.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[::ffff:a9fe:a9fe]/hook",
        "https://127.0.0.1:8443/hook",
        "https://2130706433/hook",
        "https://0x7f.1/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "https://api.localhost/hook",
        "https://224.0.0.1/hook",
        "https://255.255.255.255/hook",
        "https://192.0.2.1/hook",
    ] {
        let r = b.post(&page, &[("url", url)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(r.body.contains(INTERNAL), "{url}: {}", r.body);
        assert!(r.body.contains("aria-invalid=\"true\""));
        assert!(!r.body.contains("Het adres is toegevoegd."));
    }
    // Plain http to this machine, allowed for development only, is not offered either.
    let r = b
        .post(&page, &[("url", "http://127.0.0.1:9000/hook")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Het adres moet beginnen met https://."));
    assert!(
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w))
            .await
            .unwrap()
            .is_empty(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn the_operator_flag_allows_this_machine_but_never_an_internal_network() {
    let w = local_webhooks_world().await;
    let mut b = admin(&w).await;
    let page = page_of(&w);
    assert!(b.get(&page).await.body.contains("http://localhost"));
    for url in [
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
    ] {
        let r = b.post(&page, &[("url", url)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(r.body.contains(INTERNAL), "{url}");
    }
    let r = b
        .post(&page, &[("url", "http://127.0.0.1:9000/hook")])
        .await;
    assert!(r.body.contains("Het adres is toegevoegd."), "{}", r.body);
}

#[tokio::test]
async fn the_admin_sees_the_same_text_for_every_endpoint_that_does_not_answer() {
    let w = local_webhooks_world().await;
    let provider = provider_id(&w);
    let not_http = NotHttp::start().await;
    let receiver = Receiver::start().await;
    let urls = [
        format!("http://127.0.0.1:{}/hook", closed_port().await),
        format!("http://127.0.0.1:{}/hook", not_http.port),
        unavailable().await,
        receiver.url.clone(),
    ];
    let mut ids = Vec::new();
    for url in &urls {
        let added = add_endpoint(&w.t.app, provider, url)
            .await
            .unwrap()
            .unwrap();
        ids.push(added.endpoint.id);
    }
    // The first three go out with the operator's flag...
    for id in &ids[..3] {
        send_ping(&w.t.app, provider, *id).await.unwrap();
    }
    deliver_with(&w, http_webhook(&w)).await;
    assert_eq!(not_http.connections(), 1, "the open port was tried");
    // ...the last after the operator switched it off: refused without a connection.
    send_ping(&w.t.app, provider, ids[3]).await.unwrap();
    deliver_with(
        &w,
        http_webhook_with(&w, GuardedClient::new(Reach::Internet).unwrap()),
    )
    .await;
    assert!(receiver.events("ping").is_empty(), "nothing reached it");

    let mut b = admin(&w).await;
    let body = b.get(&page_of(&w)).await.body;
    let mut errors = shown_errors(&body);
    errors.sort();
    assert_eq!(
        errors,
        [
            "HTTP 503 Service Unavailable",
            "Niet bereikbaar",
            "Niet bereikbaar",
            "Niet bereikbaar"
        ],
        "{body}"
    );
    let lower = body.to_lowercase();
    for detail in [
        "unreachable",
        "refused",
        "error sending request",
        "os error",
        "ssh",
        "timed out",
        "tcp",
        "internal network",
        "invalid http",
        "connection closed",
    ] {
        assert!(!lower.contains(detail), "the page shows {detail:?}");
    }
}

#[tokio::test]
async fn a_name_that_has_come_to_lead_here_gets_nothing() {
    let w = world().await;
    let not_http = NotHttp::start().await;
    let mut b = admin(&w).await;
    let page = page_of(&w);
    // Saved while the name had no address (or a public one)...
    let url = format!("https://rebind.example:{}/hook", not_http.port);
    let r = b.post(&page, &[("url", &url)]).await;
    assert!(r.body.contains("Het adres is toegevoegd."), "{}", r.body);
    let id =
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w))
            .await
            .unwrap()[0]
            .id;
    b.post(&format!("{page}/{id}/test"), &[]).await;
    // ...and now it leads to this machine: the connection is refused when it is resolved.
    let rebound = FixedResolver::default().with("rebind.example", "127.0.0.1".parse().unwrap());
    let client = GuardedClient::with_resolver(Reach::Internet, Arc::new(rebound)).unwrap();
    deliver_with(&w, http_webhook_with(&w, client)).await;
    assert_eq!(not_http.connections(), 0, "nothing reached this machine");
    let body = b.get(&page).await.body;
    assert_eq!(shown_errors(&body), ["Niet bereikbaar"], "{body}");
}
