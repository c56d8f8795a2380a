//! "Zorgpagina toevoegen" (SPEC S1 "extra zorgpagina", S4): an account makes a care page for
//! someone it cares for without a provider, invites the network to its agenda, and connects a
//! provider later with a letter for that person only; the person's own letter hands it over.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use jiff::civil::Date;
use jiff::{SignedDuration, Span};
use support::extra_pages::{ADD, account_id, add_page, confirm_for_page, letter_for_page};
use support::helping::{client, finish_from_match, first_provider, new_letter};
use support::network::{login_again, member, verified_account};
use support::world::{World, dutch, world, world_with};
use zk_domain::CarePageId;
use zk_domain::audit::{AuditAction, DataCategory};
use zk_domain::letter::IntendedFor;
use zk_domain::network::Relation;
use zk_domain::page::PageRequest;
use zk_store::AuditFilter;

async fn trail(w: &World, id: CarePageId) -> Vec<zk_domain::audit::AuditRecord> {
    w.t.app
        .store
        .audit_of_care_page(id, &AuditFilter::default(), &PageRequest::first(50))
        .await
        .unwrap()
        .items
}

async fn connections(w: &World, page: &str) -> usize {
    let id: CarePageId = page.parse().unwrap();
    w.t.app
        .store
        .connections_of(id, &PageRequest::first(10))
        .await
        .unwrap()
        .items
        .len()
}

#[tokio::test]
async fn a_page_for_mother_gets_its_network_and_later_its_provider_on_sqlite() {
    a_page_for_mother_gets_its_network_and_later_its_provider(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_for_mother_gets_its_network_and_later_its_provider_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_page_for_mother_gets_its_network_and_later_its_provider(&w).await;
    w.t.finish().await;
}

async fn a_page_for_mother_gets_its_network_and_later_its_provider(w: &World) {
    let mut anna = verified_account(w, "Anna", "anna@voorbeeld.example").await;
    let care = anna.get("/zorgpagina").await;
    assert!(care.body.contains("href=\"/zorgpagina/toevoegen\""));
    let form = anna.get(ADD).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Wat ben jij van deze persoon?"));

    let page = add_page(
        &mut anna,
        " Riët ",
        "de Boer",
        "04-03-1950",
        "vertegenwoordiger",
    )
    .await;
    let path = format!("/zorgpagina?pagina={page}");
    let care = anna.get(&path).await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Riët de Boer"), "{}", care.body);
    assert!(care.body.contains(
        "Deze zorgpagina is nog niet gekoppeld aan een zorgaanbieder. Krijgt Riët zorg van een zorgaanbieder?"
    ));
    // The switcher lists her own page and her mother's.
    assert_eq!(
        care.body.matches("<a href=\"/zorgpagina?pagina=").count(),
        2
    );
    let id: CarePageId = page.parse().unwrap();
    let stored = w.t.app.store.get_care_page(id).await.unwrap().unwrap();
    let anna_id = account_id(w, "anna@voorbeeld.example").await;
    assert_eq!(stored.beheerder, anna_id);
    assert_eq!(stored.first_name, "Riët");
    assert_eq!(
        stored.beheerder_relation,
        Some(Relation::LegalRepresentative)
    );
    assert_eq!(
        w.t.app.store.count_extra_care_pages(anna_id).await.unwrap(),
        1
    );
    let made = trail(w, id).await;
    assert!(made.iter().any(|r| r.event.action == AuditAction::Create
        && r.event.category == DataCategory::CarePage
        && r.event.actor_id == Some(anna_id.0)
        && r.event.client_record_id.is_none()));

    // The network: Piet is invited to the agenda and sees what Anna plans.
    let mut piet = member(
        w,
        &mut anna,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["agenda"],
    )
    .await;
    let day =
        w.t.app
            .today()
            .checked_add(Span::new().days(2))
            .unwrap()
            .to_string();
    let added = anna
        .post(
            &format!("/zorgpagina/agenda/nieuw?pagina={page}"),
            &[
                ("titel", "Naar de kapper"),
                ("plaats", "Dorpsstraat 3"),
                ("begindatum", &day),
                ("begintijd", "10:00"),
                ("einddatum", ""),
                ("eindtijd", "11:00"),
                ("herhalen", ""),
                ("tot", ""),
                ("opmerkingen", ""),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let agenda = piet.get(&format!("/zorgpagina/agenda?pagina={page}")).await;
    assert_eq!(agenda.status, StatusCode::OK);
    assert!(agenda.body.contains("Naar de kapper"));
    let seen = piet.get(&path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        seen.body
            .contains("De beheerder kan een zorgaanbieder koppelen")
    );

    // Connecties offers the page as the letter's target.
    let form = anna.get("/connecties").await;
    assert!(form.body.contains(&format!("value=\"pagina-{page}\"")));
    assert!(
        form.body
            .contains("Voor Riët de Boer: koppel de brief aan de zorgpagina van Riët de Boer")
    );
    assert!(form.body.contains("href=\"/zorgpagina/toevoegen\""));

    // A letter for another Riet de Boer (another birth date) is refused; nothing is stored.
    let born = Date::constant(1950, 3, 4);
    let other = client(w, "RIET-2", ("Riet", "de Boer"), Date::constant(1951, 3, 4)).await;
    let other_code = new_letter(w, other, IntendedFor::Representative).await;
    let other_birth = dutch("1951-03-04");
    let refused = letter_for_page(&mut anna, &page, &other_code, &other_birth).await;
    let why = "Deze brief is voor iemand anders dan Riët de Boer.";
    assert!(refused.contains(why), "{refused}");
    let (status, _, body) = confirm_for_page(&mut anna, &page, &other_code, &other_birth).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(why));
    assert_eq!(connections(w, &page).await, 0);
    assert!(
        w.t.app
            .store
            .connection_of_client(other)
            .await
            .unwrap()
            .is_none()
    );

    // Riet's own letter: she is an adult and manages her own page; Anna may not use it.
    let record = client(w, "RIET-1", ("Riet", "DE BOER"), born).await;
    let birth = dutch(&born.to_string());
    let own = new_letter(w, record, IntendedFor::Client).await;
    let refused = letter_for_page(&mut anna, &page, &own, &birth).await;
    assert!(refused.contains("Deze persoon is 16 jaar of ouder en beheert de eigen zorgpagina."));
    let (status, _, _) = confirm_for_page(&mut anna, &page, &own, &birth).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(connections(w, &page).await, 0);

    // The letter for her mentor matches (names without accents or case): the provider is
    // connected to this page.
    let letter = new_letter(w, record, IntendedFor::Representative).await;
    let matched = letter_for_page(&mut anna, &page, &letter, &birth).await;
    assert!(
        matched.contains("Ik heb een koppeling gevonden"),
        "{matched}"
    );
    assert!(matched.contains("Riet DE BOER"));
    let (status, location, _) = confirm_for_page(&mut anna, &page, &letter, &birth).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, path);
    let connection =
        w.t.app
            .store
            .connection_of_client(record)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(connection.care_page_id, id);
    let provider =
        w.t.app
            .store
            .get_provider(first_provider(w).await)
            .await
            .unwrap()
            .unwrap();
    let care = anna.get(&path).await;
    assert!(care.body.contains(&provider.name));
    assert!(
        !care
            .body
            .contains("Krijgt Riët zorg van een zorgaanbieder?")
    );
    assert!(
        trail(w, id)
            .await
            .iter()
            .any(|r| r.event.action == AuditAction::Create
                && r.event.client_record_id == Some(record))
    );
    // The used letter cannot connect again.
    let again = letter_for_page(&mut anna, &page, &letter, &birth).await;
    assert!(!again.contains("Ik heb een koppeling gevonden"));
}

#[tokio::test]
async fn the_childs_own_letter_at_16_hands_the_page_over_on_sqlite() {
    the_childs_own_letter_at_16_hands_the_page_over(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_childs_own_letter_at_16_hands_the_page_over_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    the_childs_own_letter_at_16_hands_the_page_over(&w).await;
    w.t.finish().await;
}

async fn the_childs_own_letter_at_16_hands_the_page_over(w: &World) {
    // Noor turns 16 tomorrow; her mother made her page before any provider was involved.
    let born =
        w.t.app
            .today()
            .saturating_sub(Span::new().years(16))
            .tomorrow()
            .unwrap();
    let birth = dutch(&born.to_string());
    let mut mirjam = verified_account(w, "Mirjam", "mirjam@voorbeeld.example").await;
    let page = add_page(&mut mirjam, "Noor", "Jansen", &birth, "ouder").await;
    let record = client(w, "NOOR-1", ("Noor", "Jansen"), born).await;
    let for_parent = new_letter(w, record, IntendedFor::Representative).await;
    letter_for_page(&mut mirjam, &page, &for_parent, &birth).await;
    let (status, _, _) = confirm_for_page(&mut mirjam, &page, &for_parent, &birth).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let path = format!("/zorgpagina?pagina={page}");

    // The next day Noor is 16, gets her own letter and registers with it: the page is hers.
    w.t.clock.advance(SignedDuration::from_hours(24));
    let own = new_letter(w, record, IntendedFor::Client).await;
    let mut noor = w.up_to_code("noor@voorbeeld.example").await;
    noor.post_to(
        "/account-aanmaken/code",
        &[("code", &own), ("geboortedatum", &birth)],
        "/account-aanmaken/koppeling",
    )
    .await;
    finish_from_match(w, &mut noor).await;
    let id: CarePageId = page.parse().unwrap();
    let taken = w.t.app.store.get_care_page(id).await.unwrap().unwrap();
    assert_eq!(
        taken.beheerder,
        account_id(w, "noor@voorbeeld.example").await
    );
    assert_eq!(taken.beheerder_relation, None);
    let mut mirjam = login_again(w, "mirjam@voorbeeld.example").await;
    assert_eq!(mirjam.get(&path).await.status, StatusCode::NOT_FOUND);
}
