//! Unlinking (SPEC S4, S8), through HTTP on SQLite and PostgreSQL: the beheerder unlinks a
//! provider from the Connecties page after a page that says what happens; the provider's data
//! is gone from the care page at once (for the network too), its report and document URLs
//! answer 404, the provider's endpoint gets a signed `connection.ended`, the staff area shows
//! "Ontkoppeld", and a new letter connects the client again. A plain member cannot unlink; a
//! co-beheerder can. Provider staff unlink from the client page and the beheerder is e-mailed.
//! Each unlinking leaves its record in the audit trail, shown to the beheerder.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::Value;
use support::Browser;
use support::receiver::{
    Receiver, assert_signed, deliver_all, local_webhooks_world, local_webhooks_world_on_postgresql,
};
use support::staff::{link, staff_browser};
use support::world::{World, dutch, world, world_with};
use zk_app::demo::DemoLetter;
use zk_app::webhooks::add_endpoint;
use zk_domain::account::Account;
use zk_domain::audit::{ActorRole, AuditEvent, AuditKind};
use zk_domain::client::ClientRecord;
use zk_domain::letter::IntendedFor;
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::{CarePageId, ProviderId};
use zk_store::StaffRole;

const PASSWORD: &str = "fiets boom regen lantaarn";

fn provider_of(w: &World, letter: &DemoLetter) -> ProviderId {
    let p = w
        .demo
        .providers
        .iter()
        .find(|p| p.name == letter.provider)
        .unwrap();
    p.id.parse().unwrap()
}

async fn record_of(w: &World, letter: &DemoLetter) -> ClientRecord {
    w.t.app
        .store
        .find_client_record_by_number(provider_of(w, letter), &letter.client_number)
        .await
        .unwrap()
        .unwrap()
}

async fn account(w: &World, email: &str) -> Account {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

/// A new account with a verified phone, added to `page`'s network with every permission.
async fn member<'a>(
    w: &'a World,
    page: CarePageId,
    first: &str,
    email: &str,
    co_beheerder: bool,
) -> Browser<'a> {
    let mut b = w
        .register_without_letter_as(first, "de Vries", email, PASSWORD)
        .await;
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
        .await;
    let m = Member {
        care_page_id: page,
        account_id: account(w, email).await.id,
        relation: Relation::Parent,
        permissions: Permissions::all(),
        co_beheerder,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&m, &[]).await.unwrap();
    b
}

/// Every `href` in `body` that starts with `prefix`.
fn links(body: &str, prefix: &str) -> Vec<String> {
    body.split(&format!("href=\"{prefix}"))
        .skip(1)
        .map(|rest| format!("{prefix}{}", rest.split('"').next().unwrap()))
        .collect()
}

async fn own_page(w: &World, email: &str) -> CarePageId {
    w.t.app
        .store
        .care_pages_of(
            account(w, email).await.id,
            &zk_domain::page::PageRequest::first(1),
        )
        .await
        .unwrap()
        .items[0]
        .id
}

/// The unlinking records in the audit trail.
async fn unlinkings(w: &World) -> Vec<AuditEvent> {
    let chain = w.t.app.store.audit_chain(0, 100_000).await.unwrap();
    chain
        .into_iter()
        .map(|r| r.event)
        .filter(|e| e.kind == Some(AuditKind::Unlinking))
        .collect()
}

async fn a_beheerder_unlinks_on(w: &World) {
    let letter = w.letter("valid", "client");
    let provider = provider_of(w, letter);
    let receiver = Receiver::start().await;
    let secret = add_endpoint(&w.t.app, provider, &receiver.url)
        .await
        .unwrap()
        .unwrap()
        .secret;
    let mut b = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let page = own_page(w, "sanne@voorbeeld.example").await;
    let mut plain = member(w, page, "Moeder", "moeder@voorbeeld.example", false).await;
    let mut co = member(w, page, "Broer", "broer@voorbeeld.example", true).await;
    let page_path = format!("/zorgpagina?pagina={page}");

    let care = b.get("/zorgpagina").await;
    assert!(care.body.contains(&letter.provider), "{}", care.body);
    let report = links(&care.body, "/zorgpagina/verslagen/").remove(0);
    let document = links(&care.body, "/zorgpagina/documenten/").remove(0);
    assert_eq!(b.get(&report).await.status, StatusCode::OK);
    assert!(plain.get(&page_path).await.body.contains(&letter.provider));

    let connecties = b.get("/connecties").await;
    let unlink = link(&connecties.body, |s| s.ends_with("/ontkoppelen"));
    assert!(
        connecties
            .body
            .contains(&format!("{} ontkoppelen", letter.provider))
    );

    // A plain member (even with every permission) cannot: 404, like a connection that does not
    // exist, and nothing changes.
    let missing = format!("/connecties/{}/ontkoppelen", zk_domain::ConnectionId::new());
    for path in [&unlink, &missing] {
        assert_eq!(plain.get(path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(plain.post(path, &[]).await.status, StatusCode::NOT_FOUND);
    }
    let record = record_of(w, letter).await;
    let connection = w.t.app.store.connection_of_client(record.id).await.unwrap();
    assert!(connection.is_some());

    // The page says what happens.
    let asked = b.get(&unlink).await;
    assert_eq!(asked.status, StatusCode::OK);
    for text in [
        &format!(
            "De gegevens van {} verdwijnen meteen van de zorgpagina.",
            letter.provider
        ),
        &format!("{} krijgt hiervan bericht.", letter.provider),
        "Dan heb je een nieuwe brief met code nodig.",
        "Ja, ontkoppelen",
    ] {
        assert!(asked.body.contains(text), "{text}: {}", asked.body);
    }
    deliver_all(w).await;
    let mails_before = w.mailer.sent().len();
    let done = b.post_to(&unlink, &[], "/connecties?ontkoppeld=ja").await;
    assert!(done.body.contains("De zorgaanbieder is ontkoppeld."));
    assert!(done.body.contains("nog niet gekoppeld"));

    // Gone at once, for the beheerder and the network alike.
    let care = b.get("/zorgpagina").await;
    assert!(!care.body.contains(&letter.provider), "{}", care.body);
    assert_eq!(b.get(&report).await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.get(&document).await.status, StatusCode::NOT_FOUND);
    assert!(!plain.get(&page_path).await.body.contains(&letter.provider));
    assert_eq!(plain.get(&report).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.t.app.store.connection_of_client(record.id).await.unwrap(),
        None
    );
    // Again: the connection no longer exists.
    assert_eq!(b.post(&unlink, &[]).await.status, StatusCode::NOT_FOUND);

    // The provider's endpoint is told, signed; the beheerder and the co-beheerder are e-mailed
    // (and the plain member not), without the provider's name.
    deliver_all(w).await;
    let ended = receiver.events("connection.ended");
    assert_eq!(ended.len(), 1);
    let (headers, body) = &ended[0];
    assert_signed(&secret, headers, body);
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        event["data"]["client_number"],
        letter.client_number.as_str()
    );
    assert_eq!(event["provider_id"], provider.to_string());
    let mails: Vec<_> = w.mailer.sent().into_iter().skip(mails_before).collect();
    let mut to: Vec<&str> = mails.iter().map(|m| m.recipient.as_str()).collect();
    to.sort();
    assert_eq!(to, ["broer@voorbeeld.example", "sanne@voorbeeld.example"]);
    for m in &mails {
        assert!(m.text_body.contains("Dit is gedaan door de beheerder"));
        assert!(!m.text_body.contains(&letter.provider));
    }

    // The staff area shows it as ended, by the beheerder.
    let mut staff = staff_browser(
        w,
        provider,
        "secretariaat@ggz.example",
        StaffRole::Secretariat,
    )
    .await;
    let list = staff
        .get(&format!("/zorgaanbieder/{provider}/koppelingen"))
        .await;
    assert!(
        list.body.contains("door de beheerder (Sanne de Vries)"),
        "{}",
        list.body
    );
    assert!(list.body.contains("Ontkoppeld op "));

    // A new letter for the client connects the care page again.
    let issued =
        zk_app::letters::issue_letter(&w.t.app, record.id, IntendedFor::Client, w.t.app.now())
            .await
            .unwrap();
    let r = b
        .post(
            "/connecties",
            &[
                ("code", &issued.code.digits()),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&letter.provider), "{}", r.body);
    b.post_to(
        "/connecties/bevestigen",
        &[
            ("code", &issued.code.digits()),
            ("geboortedatum", &dutch(&letter.birth_date)),
            ("klopt", "ja"),
        ],
        "/connecties",
    )
    .await;
    assert!(b.get("/zorgpagina").await.body.contains(&letter.provider));

    // A co-beheerder may unlink too, from their own Connecties page; a plain member is not
    // offered it.
    let connecties = co.get("/connecties").await;
    assert!(
        connecties
            .body
            .contains("Je bent mede-beheerder van de zorgpagina van Sanne de Vries."),
        "{}",
        connecties.body
    );
    let unlink = link(&connecties.body, |s| s.ends_with("/ontkoppelen"));
    assert!(!plain.get("/connecties").await.body.contains("/ontkoppelen"));
    assert_eq!(co.get(&unlink).await.status, StatusCode::OK);
    co.post_to(&unlink, &[], "/connecties?ontkoppeld=ja").await;
    assert!(!b.get("/zorgpagina").await.body.contains(&letter.provider));
    // Both unlinkings are recorded, by the beheerder and by the co-beheerder, and shown.
    let recorded = unlinkings(w).await;
    let sanne = account(w, "sanne@voorbeeld.example").await;
    let broer = account(w, "broer@voorbeeld.example").await;
    let actors: Vec<_> = recorded.iter().map(|e| (e.actor_id, e.role)).collect();
    assert_eq!(
        actors,
        [
            (Some(sanne.id.0), ActorRole::Client),
            (Some(broer.id.0), ActorRole::CoBeheerder(Relation::Parent)),
        ]
    );
    assert!(recorded.iter().all(|e| e.care_page_id == Some(page)));
    let trail = b.get(&format!("/zorgpagina/inzage?pagina={page}")).await;
    assert!(trail.body.contains("Koppeling met zorgaanbieder verbroken"));
}

#[tokio::test]
async fn a_beheerder_unlinks_a_provider() {
    a_beheerder_unlinks_on(&local_webhooks_world().await).await;
}

#[tokio::test]
async fn a_beheerder_unlinks_a_provider_on_postgresql() {
    let w = local_webhooks_world_on_postgresql().await;
    a_beheerder_unlinks_on(&w).await;
    w.t.finish().await;
}

async fn provider_staff_unlink_on(w: &World) {
    let letter = w.letter("valid", "client");
    let provider = provider_of(w, letter);
    let mut b = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let record = record_of(w, letter).await;
    let client_page = format!("/zorgaanbieder/{provider}/clienten/{}", record.id);
    let unlink = format!("{client_page}/ontkoppelen");

    // Staff of another provider, and the client, get 404 and change nothing.
    let other: ProviderId = w
        .demo
        .providers
        .iter()
        .map(|p| p.id.parse::<ProviderId>().unwrap())
        .find(|p| *p != provider)
        .unwrap();
    let mut stranger = staff_browser(w, other, "ander@ggz.example", StaffRole::Admin).await;
    let theirs = format!("/zorgaanbieder/{other}/clienten/{}/ontkoppelen", record.id);
    assert_eq!(stranger.get(&theirs).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        stranger.post(&theirs, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(b.post(&unlink, &[]).await.status, StatusCode::NOT_FOUND);
    assert!(
        w.t.app
            .store
            .connection_of_client(record.id)
            .await
            .unwrap()
            .is_some()
    );

    let mut staff = staff_browser(
        w,
        provider,
        "secretariaat@ggz.example",
        StaffRole::Secretariat,
    )
    .await;
    let shown = staff.get(&client_page).await;
    assert!(
        shown.body.contains(&format!("href=\"{unlink}\"")),
        "{}",
        shown.body
    );
    let asked = staff.get(&unlink).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked
            .body
            .contains("De beheerder van de zorgpagina krijgt een e-mail.")
    );
    deliver_all(w).await;
    let mails_before = w.mailer.sent().len();
    let done = staff
        .post_to(&unlink, &[], &format!("{client_page}?ontkoppeld=ja"))
        .await;
    assert!(done.body.contains("De koppeling is verbroken."));
    assert!(!done.body.contains(&format!("href=\"{unlink}\"")));

    assert!(!b.get("/zorgpagina").await.body.contains(&letter.provider));
    deliver_all(w).await;
    let mails: Vec<_> = w.mailer.sent().into_iter().skip(mails_before).collect();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, "sanne@voorbeeld.example");
    assert!(
        mails[0]
            .text_body
            .contains("Dit is gedaan door de zorgaanbieder.")
    );

    let list = staff
        .get(&format!("/zorgaanbieder/{provider}/koppelingen"))
        .await;
    assert!(
        list.body.contains("door Petra Jansen (medewerker)"),
        "{}",
        list.body
    );
    // Once ended, there is nothing left to unlink.
    assert_eq!(staff.get(&unlink).await.status, StatusCode::NOT_FOUND);
    // Recorded as done by staff on the provider's behalf, and shown to the beheerder.
    let recorded = unlinkings(w).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].role, ActorRole::ProviderStaff);
    assert_eq!(recorded[0].on_behalf_of, Some(provider));
    assert_eq!(recorded[0].client_record_id, Some(record.id));
    let page = own_page(w, "sanne@voorbeeld.example").await;
    let trail = b.get(&format!("/zorgpagina/inzage?pagina={page}")).await;
    assert!(trail.body.contains("Koppeling met zorgaanbieder verbroken"));
}

#[tokio::test]
async fn provider_staff_unlink_and_the_beheerder_is_emailed() {
    provider_staff_unlink_on(&world().await).await;
}

#[tokio::test]
async fn provider_staff_unlink_and_the_beheerder_is_emailed_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    provider_staff_unlink_on(&w).await;
    w.t.finish().await;
}
