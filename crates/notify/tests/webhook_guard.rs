//! The guarded HTTP client against the addresses an outside test used: every internal or
//! loopback form is refused before any connection, a name that leads inside is refused when
//! it is resolved for the connection (DNS rebinding), and whatever went wrong the webhook
//! failure says only "unreachable". A listener that counts connections shows that nothing
//! reached this machine.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use async_trait::async_trait;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use zk_domain::{FixedClock, WebhookEndpointId};
use zk_notify::*;
use zk_store::OutgoingMessage;

/// A listener on 127.0.0.1 that counts connections, answers each with an SSH banner and hangs
/// up: an open port that does not speak HTTP.
struct Counter {
    port: u16,
    connections: Arc<AtomicUsize>,
}

impl Counter {
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

/// Every endpoint leads to the one URL under test.
struct OneUrl(String);

#[async_trait]
impl WebhookTargets for OneUrl {
    async fn target(&self, _: &str) -> Result<Option<WebhookTarget>, DeliveryError> {
        Ok(Some(WebhookTarget {
            url: self.0.clone(),
            secret: b"zkwh_test".to_vec(),
        }))
    }
}

fn names() -> Arc<FixedResolver> {
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    Arc::new(
        FixedResolver::default()
            .with("rebind.example", ip("127.0.0.1"))
            .with("metadata.example", ip("169.254.169.254"))
            .with("mapped.example", ip("::ffff:127.0.0.1"))
            .with("intranet.example", ip("10.1.2.3"))
            .with("ula.example", ip("fd00::1"))
            .with("public.example", ip("93.184.215.14")),
    )
}

async fn deliver(url: &str, reach: Reach) -> Result<(), WebhookFailure> {
    let client = GuardedClient::with_resolver(reach, names()).unwrap();
    let webhook = HttpWebhook::new(
        Arc::new(OneUrl(url.to_owned())),
        Arc::new(FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap())),
        client,
    )
    .with_timeout(Duration::from_secs(5));
    let message = OutgoingMessage::webhook(
        WebhookEndpointId::new(),
        "ping",
        "{}".into(),
        "2026-11-23T10:00:00Z".parse().unwrap(),
    );
    webhook.send(&message).await
}

fn unreachable() -> Result<(), WebhookFailure> {
    Err(WebhookFailure::Retry(WEBHOOK_UNREACHABLE.into()))
}

#[tokio::test]
async fn every_internal_address_form_is_refused_before_connecting() {
    let counter = Counter::start().await;
    let port = counter.port;
    let loopback_forms = [
        format!("http://127.0.0.1:{port}/"),
        format!("http://127.9.9.9:{port}/"),
        format!("http://[::1]:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://[::ffff:7f00:1]:{port}/"),
        format!("http://0x7f.1:{port}/"),
        format!("http://2130706433:{port}/"),
        format!("http://localhost:{port}/"),
        format!("https://localhost:{port}/"),
        format!("http://0.0.0.0:{port}/"),
    ];
    for url in &loopback_forms {
        assert_eq!(deliver(url, Reach::Internet).await, unreachable(), "{url}");
    }
    assert_eq!(counter.connections(), 0, "nothing reached this machine");
    // The same forms with the operator's flag do connect: the guard made the difference.
    assert_eq!(
        deliver(&loopback_forms[0], Reach::InternetAndThisMachine).await,
        unreachable()
    );
    assert_eq!(counter.connections(), 1);

    // Internal networks are refused even with the flag; the client refuses them itself, so
    // no connection is tried (a try to 10.0.0.1 would wait for the time-out instead).
    let client = GuardedClient::new(Reach::InternetAndThisMachine).unwrap();
    for url in [
        "https://10.0.0.1/",
        "https://172.16.5.4/",
        "https://192.168.1.1/",
        "https://100.64.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00::1]/",
        "https://[fe80::1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://[::ffff:169.254.169.254]/",
        "https://[64:ff9b::a00:1]/",
        "https://[2002:a00:1::1]/",
        "https://224.0.0.1/",
        "https://255.255.255.255/",
        "https://192.0.2.1/",
        "https://[2001:db8::1]/",
        "https://[::]/",
    ] {
        let refused = client.post(url.parse().unwrap());
        assert!(
            matches!(refused, Err(Refused::Address(_))),
            "{url} was not refused"
        );
        assert_eq!(
            deliver(url, Reach::InternetAndThisMachine).await,
            unreachable(),
            "{url}"
        );
    }
}

#[tokio::test]
async fn a_name_that_leads_inside_is_refused_when_connecting() {
    let counter = Counter::start().await;
    let port = counter.port;
    for name in [
        "rebind.example",
        "mapped.example",
        "metadata.example",
        "intranet.example",
        "ula.example",
    ] {
        let url = format!("https://{name}:{port}/hook");
        assert_eq!(deliver(&url, Reach::Internet).await, unreachable(), "{url}");
    }
    assert_eq!(counter.connections(), 0, "nothing reached this machine");
    // With the flag, the name that leads to this machine connects.
    let url = format!("https://rebind.example:{port}/hook");
    assert_eq!(
        deliver(&url, Reach::InternetAndThisMachine).await,
        unreachable()
    );
    assert_eq!(counter.connections(), 1);
}

#[tokio::test]
async fn saving_refuses_names_that_lead_inside_and_takes_unknown_ones() {
    let resolver = names();
    let check = |url: &str, reach| {
        let url: reqwest::Url = url.parse().unwrap();
        let resolver = resolver.clone();
        async move { check_destination(&url, reach, resolver.as_ref(), Duration::from_secs(1)).await }
    };
    for url in [
        "https://rebind.example/",
        "https://mapped.example/",
        "https://metadata.example/",
        "https://intranet.example/",
        "https://ula.example/",
        "https://localhost/",
        "https://10.0.0.1/",
    ] {
        assert!(check(url, Reach::Internet).await.is_err(), "{url}");
    }
    assert!(
        check("https://intranet.example/", Reach::InternetAndThisMachine)
            .await
            .is_err()
    );
    assert_eq!(
        check("https://rebind.example/", Reach::InternetAndThisMachine).await,
        Ok(())
    );
    assert_eq!(
        check("https://public.example/", Reach::Internet).await,
        Ok(())
    );
    // No answer now: delivery checks again.
    assert_eq!(
        check("https://unknown.example/", Reach::Internet).await,
        Ok(())
    );
}

#[tokio::test]
async fn a_closed_port_and_a_silent_one_look_the_same() {
    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };
    let open = Counter::start().await;
    let local = Reach::InternetAndThisMachine;
    let a = deliver(&format!("http://127.0.0.1:{closed}/"), local).await;
    let b = deliver(&format!("http://127.0.0.1:{}/", open.port), local).await;
    let c = deliver("https://10.0.0.1/", local).await;
    assert_eq!(a, unreachable());
    assert_eq!(a, b);
    assert_eq!(b, c);
}

#[test]
fn the_sms_gateway_may_be_on_this_machine_but_not_on_an_internal_network() {
    for url in [
        "https://10.0.0.1/send",
        "https://169.254.169.254/send",
        "https://[fd00::1]/send",
        "https://[::ffff:192.168.0.1]/send",
    ] {
        let error = HttpSms::new(url, "token").unwrap_err().to_string();
        assert!(error.contains("internal network"), "{url}: {error}");
    }
    HttpSms::new("http://127.0.0.1:9000/send", "token").unwrap();
    HttpSms::new("https://localhost/send", "token").unwrap();
    HttpSms::new("https://sms.example.nl/send", "token").unwrap();
}
