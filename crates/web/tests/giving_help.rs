//! "Ik geef hulp" (SPEC S3, the second seed text's other side): a helper creates their own
//! account for a client, with the letter's code and the client's birth date, and becomes the
//! beheerder of the client's care page; and the age rules of who may redeem which letter.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use jiff::civil::Date;
use support::helping::{client_with_letter, first_provider, up_to_letter};
use support::world::{World, world, world_with};
use zk_app::letters::issue_letter;
use zk_domain::BirthDate;
use zk_domain::letter::IntendedFor;
use zk_domain::network::Relation;
use zk_domain::page::PageRequest;

#[tokio::test]
async fn a_parent_registers_for_a_ten_year_old_on_sqlite() {
    a_parent_registers_for_a_ten_year_old(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_registers_for_a_ten_year_old_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_parent_registers_for_a_ten_year_old(&w).await;
    w.t.finish().await;
}

async fn a_parent_registers_for_a_ten_year_old(w: &World) {
    let born = w.t.app.today().saturating_sub(jiff::Span::new().years(10));
    let (code, birth) = client_with_letter(
        w,
        "KIND-10",
        ("Tim", "Bakker"),
        born,
        IntendedFor::Representative,
    )
    .await;
    let mut b = up_to_letter(w, "mirjam@voorbeeld.example", "ouder").await;
    let code_page = b
        .post_to(
            "/account-aanmaken/brief",
            &[("brief", "ja")],
            "/account-aanmaken/code",
        )
        .await;
    assert!(code_page.body.contains("Geboortedatum van Tim Bakker"));
    assert!(code_page.body.contains("Niet je eigen geboortedatum."));
    // The helper's own birth date does not match.
    let wrong = b
        .post(
            "/account-aanmaken/code",
            &[("code", &code), ("geboortedatum", "01-02-1980")],
        )
        .await;
    assert!(wrong.body.contains("De code of geboortedatum klopt niet"));
    let matched = b
        .post_to(
            "/account-aanmaken/code",
            &[("code", &code), ("geboortedatum", &birth)],
            "/account-aanmaken/koppeling",
        )
        .await;
    assert!(matched.body.contains("Ik heb een koppeling gevonden"));
    assert!(matched.body.contains("Tim Bakker"));
    let provider = w.demo.providers[0].name.clone();
    assert!(matched.body.contains(&provider));
    let check = b
        .post_to(
            "/account-aanmaken/koppeling",
            &[("klopt", "ja")],
            "/account-aanmaken/controle",
        )
        .await;
    assert!(check.body.contains("Voor wie: Tim Bakker"));
    assert!(check.body.contains("Naam: Mirjam Bakker"));
    b.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let path = w.activation_path().await;
    b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
    let good = "fiets boom regen lantaarn";
    b.post_to(
        "/account-aanmaken/wachtwoord",
        &[("wachtwoord", good), ("herhaling", good)],
        "/account-aanmaken/klaar",
    )
    .await;

    // The helper's account manages the child's care page, named and dated as the provider knows
    // the child; the letter is used.
    let account =
        w.t.app
            .store
            .find_account_by_email("mirjam@voorbeeld.example")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        (account.first_name.as_str(), account.last_name.as_str()),
        ("Mirjam", "Bakker")
    );
    let pages =
        w.t.app
            .store
            .care_pages_of(account.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items;
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].first_name, "Tim");
    assert_eq!(pages[0].birth_date, Some(BirthDate::new(born)));
    assert_eq!(pages[0].beheerder_relation, Some(Relation::Parent));
    let care = b.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Tim Bakker"), "{}", care.body);
    assert!(care.body.contains(&provider));
}

#[tokio::test]
async fn only_a_parent_or_legal_representative_registers_for_a_child() {
    let w = world().await;
    let born = w.t.app.today().saturating_sub(jiff::Span::new().years(10));
    let (code, birth) = client_with_letter(
        &w,
        "KIND-11",
        ("Tim", "Bakker"),
        born,
        IntendedFor::Representative,
    )
    .await;
    let mut b = up_to_letter(&w, "buur@voorbeeld.example", "anders").await;
    b.post_to(
        "/account-aanmaken/brief",
        &[("brief", "ja")],
        "/account-aanmaken/code",
    )
    .await;
    let refused = b
        .post(
            "/account-aanmaken/code",
            &[("code", &code), ("geboortedatum", &birth)],
        )
        .await;
    assert!(
        refused.body.contains(
            "Alleen een ouder, voogd of wettelijk vertegenwoordiger kan een account maken"
        ),
        "{}",
        refused.body
    );
    // Choosing the right relation opens the same letter.
    b.post_to(
        "/account-aanmaken/relatie",
        &[("relatie", "vertegenwoordiger")],
        "/account-aanmaken/brief",
    )
    .await;
    b.post_to(
        "/account-aanmaken/brief",
        &[("brief", "ja")],
        "/account-aanmaken/code",
    )
    .await;
    b.post_to(
        "/account-aanmaken/code",
        &[("code", &code), ("geboortedatum", &birth)],
        "/account-aanmaken/koppeling",
    )
    .await;
}

#[tokio::test]
async fn a_fifteen_year_olds_own_letter_is_refused_with_the_explanation() {
    let w = world().await;
    // 16 tomorrow: still 15 today.
    let born =
        w.t.app
            .today()
            .saturating_sub(jiff::Span::new().years(16))
            .tomorrow()
            .unwrap();
    let (code, birth) =
        client_with_letter(&w, "KIND-15", ("Noor", "Jansen"), born, IntendedFor::Client).await;
    let mut b = w.up_to_code("noor@voorbeeld.example").await;
    let refused = b
        .post(
            "/account-aanmaken/code",
            &[("code", &code), ("geboortedatum", &birth)],
        )
        .await;
    assert!(
        refused
            .body
            .contains("Ben je jonger dan 16 jaar? Dan maakt je ouder of voogd het account aan."),
        "{}",
        refused.body
    );
    // A day later she is 16 and the same letter works (the old progress has expired by then).
    w.t.clock.advance(jiff::SignedDuration::from_hours(24));
    let mut b = w.up_to_code("noor@voorbeeld.example").await;
    b.post_to(
        "/account-aanmaken/code",
        &[("code", &code), ("geboortedatum", &birth)],
        "/account-aanmaken/koppeling",
    )
    .await;
}

#[tokio::test]
async fn an_adult_manages_their_own_page_unless_a_legal_representative_has_the_letter() {
    let w = world().await;
    let born = Date::constant(1990, 5, 1);
    let (own, birth) =
        client_with_letter(&w, "VOLW-1", ("Tim", "Bakker"), born, IntendedFor::Client).await;
    let mut parent = up_to_letter(&w, "ouder@voorbeeld.example", "ouder").await;
    parent
        .post_to(
            "/account-aanmaken/brief",
            &[("brief", "ja")],
            "/account-aanmaken/code",
        )
        .await;
    let refused = parent
        .post(
            "/account-aanmaken/code",
            &[("code", &own), ("geboortedatum", &birth)],
        )
        .await;
    assert!(
        refused
            .body
            .contains("Deze persoon is 16 jaar of ouder en beheert de eigen zorgpagina."),
        "{}",
        refused.body
    );
    // A mentor with a letter addressed to the representative may.
    let (for_mentor, _) = {
        let record =
            w.t.app
                .store
                .find_client_record_by_number(first_provider(&w).await, "VOLW-1")
                .await
                .unwrap()
                .unwrap();
        let issued = issue_letter(
            &w.t.app,
            record.id,
            IntendedFor::Representative,
            w.t.app.now(),
        )
        .await
        .unwrap();
        (issued.code.digits(), ())
    };
    let mut mentor = up_to_letter(&w, "mentor@voorbeeld.example", "vertegenwoordiger").await;
    mentor
        .post_to(
            "/account-aanmaken/brief",
            &[("brief", "ja")],
            "/account-aanmaken/code",
        )
        .await;
    mentor
        .post_to(
            "/account-aanmaken/code",
            &[("code", &for_mentor), ("geboortedatum", &birth)],
            "/account-aanmaken/koppeling",
        )
        .await;
}

#[tokio::test]
async fn an_existing_account_makes_a_care_page_for_a_child_on_connecties() {
    let w = world().await;
    let mut b = w
        .register_without_letter_as(
            "Mirjam",
            "Bakker",
            "mirjam@voorbeeld.example",
            support::helping::PASSWORD,
        )
        .await;
    let born = w.t.app.today().saturating_sub(jiff::Span::new().years(10));
    let (code, birth) = client_with_letter(
        &w,
        "KIND-C",
        ("Tim", "Bakker"),
        born,
        IntendedFor::Representative,
    )
    .await;
    let form = b.get("/connecties").await;
    assert!(form.body.contains("Voor wie is de brief?"));
    assert!(form.body.contains("Voor mijn kind: ik ben ouder of voogd"));
    // For herself the letter is refused: it is for a representative.
    let refused = b
        .post(
            "/connecties",
            &[("voor", "mij"), ("code", &code), ("geboortedatum", &birth)],
        )
        .await;
    assert!(
        refused
            .body
            .contains("Deze brief is niet bedoeld om zelf een account te maken."),
        "{}",
        refused.body
    );
    let matched = b
        .post(
            "/connecties",
            &[
                ("voor", "ouder"),
                ("code", &code),
                ("geboortedatum", &birth),
            ],
        )
        .await;
    assert!(matched.body.contains("Ik heb een koppeling gevonden"));
    assert!(matched.body.contains("Tim Bakker"));
    let done = b
        .post(
            "/connecties/bevestigen",
            &[
                ("voor", "ouder"),
                ("code", &code),
                ("geboortedatum", &birth),
                ("klopt", "ja"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let opened = done.header("location").to_owned();
    assert!(opened.starts_with("/zorgpagina?pagina="), "{opened}");
    let care = b.get(&opened).await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Tim Bakker"));
    // The switcher lists her own page and Tim's.
    assert_eq!(
        care.body.matches("<a href=\"/zorgpagina?pagina=").count(),
        2,
        "{}",
        care.body
    );
    let account =
        w.t.app
            .store
            .find_account_by_email("mirjam@voorbeeld.example")
            .await
            .unwrap()
            .unwrap();
    let pages =
        w.t.app
            .store
            .care_pages_of(account.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items;
    assert_eq!(pages.len(), 2);
    let tim = pages.iter().find(|p| p.first_name == "Tim").unwrap();
    assert_eq!(tim.beheerder_relation, Some(Relation::Parent));
    assert_eq!(tim.birth_date, Some(BirthDate::new(born)));
}
