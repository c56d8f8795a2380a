//! Handing a care page over (SPEC S3): at 16 a client who uses their own letter takes over the
//! page a parent managed, and the parent and members lose access on their next request; a legal
//! representative of an adult keeps the page; a vacant page goes to whoever has a new letter.
//! Each hand-over leaves its record in the audit trail, which the new beheerder can read.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use jiff::civil::Date;
use support::Browser;
use support::helping::{PASSWORD, client, finish_from_match, new_letter, register_helper};
use support::world::{World, dutch, world, world_with};
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::{ActorRole, AuditEvent, AuditKind};
use zk_domain::letter::IntendedFor;
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::page::PageRequest;

async fn account(w: &World, email: &str) -> Account {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

async fn managed_page(w: &World, email: &str) -> Option<CarePage> {
    let a = account(w, email).await;
    w.t.app
        .store
        .care_pages_of(a.id, &PageRequest::first(5))
        .await
        .unwrap()
        .items
        .into_iter()
        .next()
}

/// Adds `email`'s account to the page as a family member who sees everything.
async fn make_member(w: &World, page: &CarePage, email: &str) {
    let member = Member {
        care_page_id: page.id,
        account_id: account(w, email).await.id,
        relation: Relation::Family,
        permissions: Permissions::all(),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&member, &[]).await.unwrap();
}

/// The hand-over records in the audit trail.
async fn hand_overs(w: &World) -> Vec<AuditEvent> {
    let chain = w.t.app.store.audit_chain(0, 100_000).await.unwrap();
    chain
        .into_iter()
        .map(|r| r.event)
        .filter(|e| e.kind == Some(AuditKind::HandOver))
        .collect()
}

async fn login(b: &mut Browser<'_>, email: &str) {
    b.post_to(
        "/inloggen",
        &[("email", email), ("wachtwoord", PASSWORD)],
        "/zorgpagina",
    )
    .await;
}

#[tokio::test]
async fn at_16_the_client_takes_over_from_the_parent_on_sqlite() {
    client_takes_over_at_16(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_16_the_client_takes_over_from_the_parent_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    client_takes_over_at_16(&w).await;
    w.t.finish().await;
}

async fn client_takes_over_at_16(w: &World) {
    // Noor turns 16 tomorrow.
    let born =
        w.t.app
            .today()
            .saturating_sub(jiff::Span::new().years(16))
            .tomorrow()
            .unwrap();
    let birth = dutch(&born.to_string());
    let record = client(w, "OVER-16", ("Noor", "Jansen"), born).await;
    let for_parent = new_letter(w, record, IntendedFor::Representative).await;
    let mut parent =
        register_helper(w, "ouder@voorbeeld.example", "ouder", &for_parent, &birth).await;
    let mut grandmother = w
        .register_without_letter_as("Oma", "Jansen", "oma@voorbeeld.example", PASSWORD)
        .await;
    let page = managed_page(w, "ouder@voorbeeld.example").await.unwrap();
    make_member(w, &page, "oma@voorbeeld.example").await;
    let page_path = format!("/zorgpagina?pagina={}", page.id);
    assert_eq!(parent.get(&page_path).await.status, StatusCode::OK);
    assert_eq!(grandmother.get(&page_path).await.status, StatusCode::OK);

    // The next day Noor is 16: the provider gives her her own letter and she registers.
    w.t.clock.advance(SignedDuration::from_hours(24));
    let own = new_letter(w, record, IntendedFor::Client).await;
    login(&mut parent, "ouder@voorbeeld.example").await;
    login(&mut grandmother, "oma@voorbeeld.example").await;
    assert_eq!(parent.get(&page_path).await.status, StatusCode::OK);
    let sent_before = {
        w.deliver().await;
        w.mailer.sent().len()
    };
    let mut noor = w.up_to_code("noor@voorbeeld.example").await;
    noor.post_to(
        "/account-aanmaken/code",
        &[("code", &own), ("geboortedatum", &birth)],
        "/account-aanmaken/koppeling",
    )
    .await;
    finish_from_match(w, &mut noor).await;

    // Noor manages the same page now; her parent and grandmother lose it on their next request.
    let noor_account = account(w, "noor@voorbeeld.example").await;
    let taken = w.t.app.store.get_care_page(page.id).await.unwrap().unwrap();
    assert_eq!(taken.beheerder, noor_account.id);
    assert_eq!(taken.beheerder_relation, None);
    assert!(managed_page(w, "ouder@voorbeeld.example").await.is_none());
    assert_eq!(parent.get(&page_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        grandmother.get(&page_path).await.status,
        StatusCode::NOT_FOUND
    );
    let care = noor.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Noor Jansen"));
    // The hand-over is recorded as done by Noor herself, and she reads it in her trail.
    let recorded = hand_overs(w).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].actor_id, Some(noor_account.id.0));
    assert_eq!(recorded[0].role, ActorRole::Client);
    assert_eq!(recorded[0].care_page_id, Some(page.id));
    assert_eq!(recorded[0].client_record_id, Some(record));
    let trail = noor
        .get(&format!("/zorgpagina/inzage?pagina={}", page.id))
        .await;
    assert!(
        trail.body.contains("Zorgpagina overgedragen"),
        "{}",
        trail.body
    );

    // Both were told in plain words, without care data.
    w.deliver().await;
    let sent = w.mailer.sent();
    let told: Vec<_> = sent[sent_before..]
        .iter()
        .filter(|m| m.subject.as_deref() == Some("Noor beheert nu de eigen zorgpagina"))
        .map(|m| m.recipient.clone())
        .collect();
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(told.contains(&"ouder@voorbeeld.example".to_owned()));
    assert!(told.contains(&"oma@voorbeeld.example".to_owned()));
    let mail = sent[sent_before..]
        .iter()
        .find(|m| m.recipient == "ouder@voorbeeld.example")
        .unwrap();
    assert!(
        mail.text_body
            .contains("Jij kunt deze zorgpagina niet meer bekijken.")
    );
    assert!(mail.text_body.contains("Vraag Noor om je uit te nodigen."));
}

#[tokio::test]
async fn a_legal_representative_of_an_adult_keeps_the_page() {
    let w = world().await;
    let born = Date::constant(1985, 3, 14);
    let birth = dutch(&born.to_string());
    let record = client(&w, "MENTOR-1", ("Kees", "de Boer"), born).await;
    let for_mentor = new_letter(&w, record, IntendedFor::Representative).await;
    register_helper(
        &w,
        "mentor@voorbeeld.example",
        "vertegenwoordiger",
        &for_mentor,
        &birth,
    )
    .await;
    let page = managed_page(&w, "mentor@voorbeeld.example").await.unwrap();
    assert_eq!(page.beheerder_relation, Some(Relation::LegalRepresentative));

    let own = new_letter(&w, record, IntendedFor::Client).await;
    let mut kees = w.up_to_code("kees@voorbeeld.example").await;
    let refused = kees
        .post(
            "/account-aanmaken/code",
            &[("code", &own), ("geboortedatum", &birth)],
        )
        .await;
    let provider = &w.demo.providers[0].name;
    assert!(
        refused.body.contains(&format!(
            "Je zorgpagina wordt beheerd door je wettelijk vertegenwoordiger (mentor of curator). Daarom kun je deze brief nu niet gebruiken. Neem contact op met {provider}."
        )),
        "{}",
        refused.body
    );
    let still = w.t.app.store.get_care_page(page.id).await.unwrap().unwrap();
    assert_eq!(still.beheerder, page.beheerder);
}

/// The father who manages a child's page deletes his account; the page waits, vacant, until the
/// provider's new letter lets the mother take it over.
async fn a_vacant_page_goes_to_whoever_has_a_new_letter_on(w: &World) {
    let born = w.t.app.today().saturating_sub(jiff::Span::new().years(9));
    let birth = dutch(&born.to_string());
    let record = client(w, "LEEG-1", ("Daan", "Visser"), born).await;
    let first = new_letter(w, record, IntendedFor::Representative).await;
    let mut father = register_helper(w, "vader@voorbeeld.example", "ouder", &first, &birth).await;
    let page = managed_page(w, "vader@voorbeeld.example").await.unwrap();
    let r = father
        .post("/profiel/account-verwijderen", &[("wachtwoord", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let vacant = w.t.app.store.get_care_page(page.id).await.unwrap().unwrap();
    assert!(
        vacant.vacant_since.is_some(),
        "the page waits for a new beheerder"
    );

    let second = new_letter(w, record, IntendedFor::Representative).await;
    let mut mother = register_helper(w, "moeder@voorbeeld.example", "ouder", &second, &birth).await;
    let taken = w.t.app.store.get_care_page(page.id).await.unwrap().unwrap();
    let mother_account = account(w, "moeder@voorbeeld.example").await;
    assert_eq!(taken.beheerder, mother_account.id);
    assert_eq!(taken.vacant_since, None);
    assert_eq!(taken.beheerder_relation, Some(Relation::Parent));
    let recorded = hand_overs(w).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].actor_id, Some(mother_account.id.0));
    assert_eq!(
        recorded[0].role,
        ActorRole::Representative(Relation::Parent)
    );
    let care = mother.get(&format!("/zorgpagina?pagina={}", page.id)).await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Daan Visser"));
}

#[tokio::test]
async fn a_vacant_page_goes_to_whoever_has_a_new_letter() {
    let w = world().await;
    a_vacant_page_goes_to_whoever_has_a_new_letter_on(&w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vacant_page_goes_to_whoever_has_a_new_letter_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_vacant_page_goes_to_whoever_has_a_new_letter_on(&w).await;
    w.t.finish().await;
}
