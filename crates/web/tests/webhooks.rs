//! Webhooks for providers, through HTTP and a real receiver: an admin adds an endpoint on the
//! staff page and gets its secret once; a client redeeming a letter makes signed events that
//! the outbox worker POSTs to a local axum server; failures are retried with the outbox's
//! backoff and given up after the last attempt; only the provider's admins manage endpoints;
//! bad URLs and a sixth endpoint are refused without storing anything.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use sha2::Sha256;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use support::Browser;
use support::receiver::{
    http_webhook, local_webhooks_world as world, local_webhooks_world_on_postgresql,
};
use support::world::{World, dutch};
use zk_app::demo::DemoLetter;
use zk_app::registration::RenderedMail;
use zk_app::staff::{NewStaffMember, add_staff_member};
use zk_app::webhooks::{add_endpoint, enqueue_connection_ended};
use zk_domain::ProviderId;
use zk_notify::{OutboxWorker, WEBHOOK_MAX_ATTEMPTS, retry_delay};
use zk_store::StaffRole;

const PASSWORD: &str = "zonnebloem kikker winter";

/// A local endpoint that records every request and answers with `status`.
#[derive(Clone)]
struct Receiver {
    url: String,
    seen: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    status: Arc<AtomicU16>,
}

impl Receiver {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://127.0.0.1:{}/hook",
            listener.local_addr().unwrap().port()
        );
        let r = Self {
            url,
            seen: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(r.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        r
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    fn requests(&self) -> Vec<(HeaderMap, String)> {
        self.seen.lock().unwrap().clone()
    }
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    r.seen.lock().unwrap().push((headers, body));
    StatusCode::from_u16(r.status.load(Ordering::SeqCst)).unwrap()
}

/// The outbox worker as `serve` runs it: memory mail and SMS, webhooks over HTTP.
fn worker(w: &World) -> OutboxWorker {
    let app = w.t.app.clone();
    let webhooks = http_webhook(w);
    OutboxWorker::new(
        app.store.clone(),
        app.clock.clone(),
        Arc::new(w.mailer.clone()),
        Arc::new(w.sms.clone()),
    )
    .with_webhooks(Arc::new(webhooks))
}

/// Checks the signature as a receiver would: HMAC-SHA256 of "<t>.<body>" under the secret,
/// and a time at most five minutes from now.
fn verify(secret: &str, headers: &HeaderMap, body: &str, now: Timestamp) -> i64 {
    let header = headers["zorgkring-signature"].to_str().unwrap();
    let (t, v1) = header.split_once(",v1=").unwrap();
    let t: i64 = t.strip_prefix("t=").unwrap().parse().unwrap();
    assert!((now.as_second() - t).abs() <= 300, "a fresh signature");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    mac.verify_slice(&hex::decode(v1).unwrap())
        .expect("a valid signature");
    // The same check with another secret fails: the test can tell.
    let mut wrong = <Hmac<Sha256> as Mac>::new_from_slice(b"zkwh_ander").unwrap();
    wrong.update(format!("{t}.{body}").as_bytes());
    assert!(wrong.verify_slice(&hex::decode(v1).unwrap()).is_err());
    t
}

fn provider_id(w: &World, i: usize) -> ProviderId {
    w.demo.providers[i].id.parse().unwrap()
}

fn page_of(w: &World, i: usize) -> String {
    format!("/zorgaanbieder/{}/webhooks", provider_id(w, i))
}

/// The demo admin of provider `i`, logged in with the SMS code.
async fn admin(w: &World, i: usize) -> Browser<'_> {
    let p = &w.demo.providers[i];
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

/// Adds an endpoint on the page and returns the secret shown.
async fn add_on_page(b: &mut Browser<'_>, page: &str, url: &str) -> String {
    let r = b.post(page, &[("url", url)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Het adres is toegevoegd."));
    assert!(r.body.contains("je ziet deze sleutel maar één keer"));
    let start = r.body.find("id=\"geheime-sleutel\">").unwrap() + "id=\"geheime-sleutel\">".len();
    let secret = &r.body[start..];
    secret[..secret.find('<').unwrap()].to_owned()
}

fn valid_letter_of(w: &World, i: usize) -> &DemoLetter {
    let name = &w.demo.providers[i].name;
    w.letters("valid", "client")
        .into_iter()
        .find(|l| &l.provider == name)
        .unwrap()
}

/// A registration with `letter` up to the password step (activation link used).
async fn up_to_password<'a>(w: &'a World, letter: &DemoLetter, email: &str) -> Browser<'a> {
    let mut b = w.up_to_code(email).await;
    b.post_to(
        "/account-aanmaken/code",
        &[
            ("code", &letter.code),
            ("geboortedatum", &dutch(&letter.birth_date)),
        ],
        "/account-aanmaken/koppeling",
    )
    .await;
    b.post_to(
        "/account-aanmaken/koppeling",
        &[("klopt", "ja")],
        "/account-aanmaken/controle",
    )
    .await;
    b.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let path = w.activation_path().await;
    b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
    b
}

async fn deliveries(w: &World, i: usize) -> Vec<zk_store::WebhookDelivery> {
    zk_app::webhooks::endpoints_with_deliveries(&w.t.app, provider_id(w, i))
        .await
        .unwrap()
        .into_iter()
        .flat_map(|(_, d)| d)
        .collect()
}

#[tokio::test]
async fn redeeming_a_letter_delivers_signed_events() {
    redeeming_a_letter_delivers_signed_events_on(&world().await).await;
}

#[tokio::test]
async fn redeeming_a_letter_delivers_signed_events_on_postgresql() {
    let w = local_webhooks_world_on_postgresql().await;
    redeeming_a_letter_delivers_signed_events_on(&w).await;
    w.t.finish().await;
}

async fn redeeming_a_letter_delivers_signed_events_on(w: &World) {
    let own = Receiver::start().await;
    let theirs = Receiver::start().await;
    let mut b = admin(w, 0).await;
    let page = page_of(w, 0);
    let home = b
        .get(&format!("/zorgaanbieder/{}", provider_id(w, 0)))
        .await;
    assert!(home.body.contains(&format!("href=\"{page}\"")));
    let r = b.get(&page).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Er zijn nog geen adressen."));
    let secret = add_on_page(&mut b, &page, &own.url).await;
    assert!(secret.starts_with("zkwh_") && secret.len() > 60);
    // Shown once: not on the page afterwards, and not stored in the clear.
    let r = b.get(&page).await;
    assert!(r.body.contains(&own.url) && !r.body.contains(&secret));
    let stored =
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(w, 0))
            .await
            .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        !stored[0]
            .sealed_secret
            .windows(secret.len())
            .any(|s| s == secret.as_bytes())
    );
    // Another provider's endpoint.
    add_endpoint(&w.t.app, provider_id(w, 1), &theirs.url)
        .await
        .unwrap()
        .unwrap();

    // Two registrations with the same letter: the first uses it, the second fails and must
    // send nothing.
    let letter = valid_letter_of(w, 0);
    let mut first = up_to_password(w, letter, "sanne@voorbeeld.example").await;
    let mut second = up_to_password(w, letter, "sanne.tweede@voorbeeld.example").await;
    first
        .post_to(
            "/account-aanmaken/wachtwoord",
            &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)],
            "/account-aanmaken/klaar",
        )
        .await;
    let refused = second
        .post(
            "/account-aanmaken/wachtwoord",
            &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)],
        )
        .await;
    assert_ne!(refused.header("location"), "/account-aanmaken/klaar");
    assert_eq!(deliveries(w, 0).await.len(), 2, "events of the first only");
    assert!(deliveries(w, 1).await.is_empty());

    let (delivered, failed) = worker(w).run_once().await.unwrap();
    assert_eq!((delivered, failed), (2, 0));
    assert!(
        theirs.requests().is_empty(),
        "another provider gets nothing"
    );
    let got = own.requests();
    assert_eq!(got.len(), 2);
    let record =
        w.t.app
            .store
            .find_client_record_by_number(provider_id(w, 0), &letter.client_number)
            .await
            .unwrap()
            .unwrap();
    let connection =
        w.t.app
            .store
            .connection_of_client(record.id)
            .await
            .unwrap()
            .unwrap();
    let mut types = Vec::new();
    for (headers, body) in &got {
        assert_eq!(headers["content-type"], "application/json");
        verify(&secret, headers, body, w.t.app.now());
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(headers["zorgkring-event-id"], event["id"].as_str().unwrap());
        assert_eq!(event["time"], "2026-11-23T10:00:00Z".to_owned());
        assert_eq!(event["provider_id"], w.demo.providers[0].id);
        assert_eq!(event["data"]["client_number"], letter.client_number);
        assert_eq!(event["data"]["fhir_patient_id"], Value::Null);
        assert_eq!(event["data"]["letter_id"], connection.letter_id.to_string());
        // Nothing that names the person.
        let (first_name, last_name) = letter.client_name.split_once(' ').unwrap();
        for personal in [
            first_name,
            last_name,
            &letter.birth_date,
            "sanne@voorbeeld.example",
        ] {
            assert!(!body.contains(personal), "{personal} in {body}");
        }
        types.push(event["type"].as_str().unwrap().to_owned());
        if event["type"] == "letter.used" {
            assert_eq!(event["data"]["used_at"], "2026-11-23T10:00:00Z");
        }
    }
    types.sort();
    assert_eq!(types, ["connection.created", "letter.used"]);
    let r = b.get(&page).await;
    assert!(r.body.contains("<code>connection.created</code>"));
    assert!(
        r.body
            .contains("Aangekomen (maandag 23 november 2026 11:00)")
    );

    // Ending the connection (the later unlinking calls this) tells the endpoint too.
    assert_eq!(
        enqueue_connection_ended(&w.t.app, &connection, w.t.app.now())
            .await
            .unwrap(),
        1
    );
    worker(w).run_once().await.unwrap();
    let got = own.requests();
    assert_eq!(got.len(), 3);
    let (headers, body) = &got[2];
    verify(&secret, headers, body, w.t.app.now());
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["type"], "connection.ended");
    assert_eq!(event["data"]["client_number"], letter.client_number);
    assert_eq!(event["data"]["ended_at"], "2026-11-23T10:00:00Z");
    assert!(theirs.requests().is_empty());
}

#[tokio::test]
async fn connecting_another_provider_sends_its_events_with_the_fhir_patient_id() {
    let w = world().await;
    let own = Receiver::start().await;
    let added = add_endpoint(&w.t.app, provider_id(&w, 1), &own.url)
        .await
        .unwrap()
        .unwrap();
    // The provider's record system sent this client as a FHIR Patient.
    let letter = valid_letter_of(&w, 1);
    let token = &w.demo.providers[1].api_token;
    let (first, last) = letter.client_name.split_once(' ').unwrap();
    let patient = serde_json::json!({
        "resourceType": "Patient",
        "id": "p-77",
        "identifier": [{"system": "urn:zorgkring:client-number", "value": letter.client_number}],
        "name": [{"family": last, "given": [first]}],
        "birthDate": letter.birth_date,
    });
    let r =
        w.t.send(
            axum::http::Request::put("/fhir/r4/Patient/p-77")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/fhir+json")
                .body(axum::body::Body::from(patient.to_string()))
                .unwrap(),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);

    let mut b = w
        .register_without_letter_as(first, last, "client@voorbeeld.example", PASSWORD)
        .await;
    assert!(own.requests().is_empty());
    b.post_to(
        "/connecties/bevestigen",
        &[
            ("code", &letter.code),
            ("geboortedatum", &dutch(&letter.birth_date)),
            ("klopt", "ja"),
        ],
        "/connecties",
    )
    .await;
    worker(&w).run_once().await.unwrap();
    let got = own.requests();
    assert_eq!(got.len(), 2);
    for (headers, body) in &got {
        verify(&added.secret, headers, body, w.t.app.now());
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["data"]["fhir_patient_id"], "p-77");
        assert_eq!(event["data"]["client_number"], letter.client_number);
    }
}

#[tokio::test]
async fn a_failing_receiver_gets_retries_with_backoff_until_it_answers() {
    let w = world().await;
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let mut b = admin(&w, 0).await;
    let page = page_of(&w, 0);
    let secret = add_on_page(&mut b, &page, &receiver.url).await;
    let endpoint =
        &w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w, 0))
            .await
            .unwrap()[0];
    let r = b
        .post_to(
            &format!("{page}/{}/test", endpoint.id),
            &[],
            &format!("{page}?melding=test"),
        )
        .await;
    assert!(r.body.contains("Het testbericht staat klaar"));
    assert!(r.body.contains("Wacht op versturen"));

    let worker = worker(&w);
    assert_eq!(worker.run_once().await.unwrap().1, 1, "one failed");
    assert_eq!(receiver.requests().len(), 1);
    let r = b.get(&page).await;
    assert!(r.body.contains("Nog niet gelukt"), "{}", r.body);
    assert!(r.body.contains("HTTP 500 Internal Server Error"));
    // Due again after 30 seconds, then after a minute: not earlier.
    for (attempt, pause) in [(1u32, 30i64), (2, 60)] {
        assert_eq!(retry_delay(attempt), SignedDuration::from_secs(pause));
        w.t.clock.advance(SignedDuration::from_secs(pause - 1));
        worker.run_once().await.unwrap();
        assert_eq!(receiver.requests().len(), attempt as usize, "not yet due");
        w.t.clock.advance(SignedDuration::from_secs(1));
        worker.run_once().await.unwrap();
        assert_eq!(receiver.requests().len(), attempt as usize + 1);
    }
    // The receiver recovers: the fourth attempt, after two minutes, arrives.
    receiver.answer(204);
    w.t.clock.advance(SignedDuration::from_secs(120));
    assert_eq!(worker.run_once().await.unwrap(), (1, 0), "the only message");
    let got = receiver.requests();
    assert_eq!(got.len(), 4);
    let ids: Vec<_> = got
        .iter()
        .map(|(h, _)| h["zorgkring-event-id"].clone())
        .collect();
    assert!(
        ids.iter().all(|id| id == ids[0]),
        "one event id on every retry"
    );
    let times: Vec<i64> = got
        .iter()
        .map(|(h, body)| verify(&secret, h, body, w.t.app.now()))
        .collect();
    assert!(
        times.windows(2).all(|t| t[0] < t[1]),
        "signed anew each time"
    );
    let event: Value = serde_json::from_str(&got[3].1).unwrap();
    assert_eq!(event["type"], "ping");
    assert_eq!(event["data"], serde_json::json!({}));
    let d = &deliveries(&w, 0).await[0];
    assert_eq!((d.attempts, d.failed_at), (4, None));
    assert!(d.delivered_at.is_some());
    assert_eq!(w.t.app.store.count_pending_messages().await.unwrap(), 0);
}

#[tokio::test]
async fn a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt() {
    let w = world().await;
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let added = add_endpoint(&w.t.app, provider_id(&w, 0), &receiver.url)
        .await
        .unwrap()
        .unwrap();
    zk_app::webhooks::send_ping(&w.t.app, provider_id(&w, 0), added.endpoint.id)
        .await
        .unwrap();
    let worker = worker(&w);
    let start = w.t.app.now();
    for attempt in 1..=WEBHOOK_MAX_ATTEMPTS {
        worker.run_once().await.unwrap();
        assert_eq!(receiver.requests().len(), attempt as usize);
        w.t.clock.advance(retry_delay(attempt));
    }
    // About a day of trying, then no more.
    let spent = w.t.app.now().duration_since(start);
    assert!(
        spent > SignedDuration::from_hours(22) && spent < SignedDuration::from_hours(25),
        "{spent:?}"
    );
    w.t.clock.advance(SignedDuration::from_hours(24));
    worker.run_once().await.unwrap();
    assert_eq!(
        receiver.requests().len(),
        WEBHOOK_MAX_ATTEMPTS as usize,
        "given up"
    );
    let d = &deliveries(&w, 0).await[0];
    assert_eq!(d.attempts, WEBHOOK_MAX_ATTEMPTS);
    assert!(d.failed_at.is_some());
    assert!(
        d.last_error
            .as_deref()
            .unwrap()
            .contains("gave up after 30 attempts")
    );
    assert_eq!(w.t.app.store.count_pending_messages().await.unwrap(), 0);
    let mut b = admin(&w, 0).await;
    let r = b.get(&page_of(&w, 0)).await;
    assert!(r.body.contains("Mislukt: we proberen het niet meer"));
}

#[tokio::test]
async fn a_switched_off_or_removed_endpoint_gets_nothing_more() {
    let w = world().await;
    let receiver = Receiver::start().await;
    let mut b = admin(&w, 0).await;
    let page = page_of(&w, 0);
    add_on_page(&mut b, &page, &receiver.url).await;
    let id =
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w, 0))
            .await
            .unwrap()[0]
            .id;
    // A test message waits; then the endpoint is switched off: it is never sent.
    b.post(&format!("{page}/{id}/test"), &[]).await;
    let r = b.post_to(&format!("{page}/{id}/uit"), &[], &page).await;
    assert!(r.body.contains("Staat uit"));
    worker(&w).run_once().await.unwrap();
    assert!(receiver.requests().is_empty());
    assert!(deliveries(&w, 0).await[0].failed_at.is_some());
    // No test message while off; a redemption sends it nothing either.
    let r = b
        .post_to(
            &format!("{page}/{id}/test"),
            &[],
            &format!("{page}?melding=uit"),
        )
        .await;
    assert!(r.body.contains("Zet het eerst aan"));
    let letter = valid_letter_of(&w, 0);
    w.register(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    assert_eq!(deliveries(&w, 0).await.len(), 1);
    // On again: a test message arrives. Removed: its waiting message is given up.
    b.post_to(&format!("{page}/{id}/aan"), &[], &page).await;
    b.post(&format!("{page}/{id}/test"), &[]).await;
    worker(&w).run_once().await.unwrap();
    assert_eq!(receiver.requests().len(), 1);
    b.post(&format!("{page}/{id}/test"), &[]).await;
    let r = b
        .post_to(
            &format!("{page}/{id}/verwijderen"),
            &[],
            &format!("{page}?melding=verwijderd"),
        )
        .await;
    assert!(r.body.contains("Het adres is verwijderd"));
    assert!(r.body.contains("Er zijn nog geen adressen."));
    worker(&w).run_once().await.unwrap();
    assert_eq!(receiver.requests().len(), 1);
    assert_eq!(w.t.app.store.count_pending_messages().await.unwrap(), 0);
}

/// Petra joins provider 0 as secretariat and logs in with an SMS code.
async fn secretariat(w: &World) -> Browser<'_> {
    let added = add_staff_member(
        &w.t.app,
        NewStaffMember {
            provider: provider_id(w, 0),
            email: "petra@ggz.example".into(),
            first_name: "Petra".into(),
            last_name: "Jansen".into(),
            role: StaffRole::Secretariat,
        },
        "http://127.0.0.1:8080",
        |_, _, link| RenderedMail {
            subject: "Welkom".into(),
            text: link.to_owned(),
            html: link.to_owned(),
        },
    )
    .await
    .unwrap();
    let link = added.link.split_once("8080").unwrap().1.to_owned();
    let mut b = Browser::new(&w.t);
    b.post(&link, &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)])
        .await;
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post(
        "/inloggen",
        &[("email", "petra@ggz.example"), ("wachtwoord", PASSWORD)],
    )
    .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    b
}

#[tokio::test]
async fn only_the_providers_admins_manage_its_webhooks() {
    let w = world().await;
    let page = page_of(&w, 0);
    let added = add_endpoint(
        &w.t.app,
        provider_id(&w, 0),
        "https://ontvanger.example/hook",
    )
    .await
    .unwrap()
    .unwrap();
    let id = added.endpoint.id;

    // The secretariat: a plain 403 page, and nothing changes.
    let mut s = secretariat(&w).await;
    let home = s
        .get(&format!("/zorgaanbieder/{}", provider_id(&w, 0)))
        .await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains(&page), "no link for the secretariat");
    let r = s.get(&page).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Alleen voor beheerders"));
    let r = s
        .post(&page, &[("url", "https://ander.example/hook")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for action in ["uit", "verwijderen", "test"] {
        let r = s.post(&format!("{page}/{id}/{action}"), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{action}");
    }
    let stored =
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w, 0))
            .await
            .unwrap();
    assert_eq!(stored, vec![added.endpoint.clone()]);
    assert!(deliveries(&w, 0).await.is_empty());

    // Another provider's admin: the page does not exist for them, nor does the endpoint
    // under their own provider's path.
    let mut other = admin(&w, 1).await;
    assert_eq!(other.get(&page).await.status, StatusCode::NOT_FOUND);
    let r = other
        .post(&page, &[("url", "https://ander.example/hook")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let theirs = page_of(&w, 1);
    for action in ["uit", "verwijderen", "test"] {
        let r = other.post(&format!("{theirs}/{id}/{action}"), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
    }
    let r = other.post(&format!("{theirs}/geen-id/uit"), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let stored =
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w, 0))
            .await
            .unwrap();
    assert_eq!(stored, vec![added.endpoint]);
    assert!(deliveries(&w, 0).await.is_empty());
}

#[tokio::test]
async fn bad_urls_and_a_sixth_endpoint_are_refused_and_nothing_is_stored() {
    let w = world().await;
    let mut b = admin(&w, 0).await;
    let page = page_of(&w, 0);
    let too_long = format!("https://ontvanger.example/{}", "a".repeat(2000));
    let cases = [
        ("", "Vul een adres in."),
        ("ontvanger.example/hook", "Dit is geen goed adres."),
        (
            "http://ontvanger.example/hook",
            "Alleen op deze computer zelf (localhost of 127.0.0.1) mag http://.",
        ),
        (
            "ftp://ontvanger.example/hook",
            "Het adres moet beginnen met https://.",
        ),
        (
            "https://piet:geheim@ontvanger.example/hook",
            "Zet geen gebruikersnaam of wachtwoord in het adres.",
        ),
        (&too_long, "Een adres mag hoogstens 2000 tekens hebben."),
    ];
    for (url, message) in cases {
        let r = b.post(&page, &[("url", url)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(r.body.contains(message), "{url}: {}", r.body);
        assert!(!r.body.contains("Het adres is toegevoegd."));
    }
    assert!(
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w, 0))
            .await
            .unwrap()
            .is_empty()
    );

    // Five fit; the sixth is refused.
    for i in 0..5 {
        add_on_page(&mut b, &page, &format!("https://ontvanger{i}.example/hook")).await;
    }
    let r = b.get(&page).await;
    assert!(r.body.contains("Je hebt 5 adressen. Meer kan niet."));
    let r = b
        .post(&page, &[("url", "https://ontvanger6.example/hook")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Je hebt al 5 adressen. Meer kan niet."));
    let stored =
        w.t.app
            .store
            .list_webhook_endpoints(provider_id(&w, 0))
            .await
            .unwrap();
    assert_eq!(stored.len(), 5);
    assert!(!stored.iter().any(|e| e.url.contains("ontvanger6")));
}

#[tokio::test]
async fn a_dead_receiver_is_tried_once_per_round_and_holds_up_no_mail() {
    let w = world().await;
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let added = add_endpoint(&w.t.app, provider_id(&w, 0), &receiver.url)
        .await
        .unwrap()
        .unwrap();
    for _ in 0..2 {
        zk_app::webhooks::send_ping(&w.t.app, provider_id(&w, 0), added.endpoint.id)
            .await
            .unwrap();
    }
    w.t.app
        .store
        .enqueue_message(&zk_store::OutgoingMessage::mail(
            "iemand@voorbeeld.example",
            "Onderwerp",
            "Tekst",
            None,
            w.t.app.now(),
        ))
        .await
        .unwrap();
    let mails_before = w.mailer.sent().len();
    assert_eq!(worker(&w).run_once().await.unwrap(), (1, 2));
    assert_eq!(receiver.requests().len(), 1, "tried once this round");
    assert_eq!(
        w.mailer.sent().len(),
        mails_before + 1,
        "the mail still went"
    );
    let listed = deliveries(&w, 0).await;
    assert_eq!(listed.len(), 2);
    for d in &listed {
        assert_eq!(d.attempts, 1);
        assert_eq!(
            d.last_error.as_deref(),
            Some("HTTP 500 Internal Server Error")
        );
    }
}
