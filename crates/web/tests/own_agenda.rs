//! The network's own agenda as a browser meets it (SPEC S5): members with the agenda
//! permission add appointments that show on the care page labelled as the network's own,
//! beside the providers' ones; who may change or delete them and who is told; refused forms
//! say why next to each field; the weeks shown follow the clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::TestApp;
use support::own_content::*;
use support::world::{World, world, world_with};
use zk_domain::AgendaItemId;
use zk_domain::network::Permission;
use zk_domain::page::PageRequest;

fn appointment<'a>(title: &'a str, day: &'a str, repeat: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("titel", title),
        ("plaats", "Dorpsstraat 3"),
        ("begindatum", day),
        ("begintijd", "10:00"),
        ("einddatum", ""),
        ("eindtijd", "11:30"),
        ("herhalen", repeat),
        ("tot", ""),
        ("opmerkingen", "Neem taart mee"),
    ]
}

async fn members_with_agenda_add_own_appointments_shown_beside_the_providers(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let care = format!("/zorgpagina?pagina={page}");
    let agenda = format!("/zorgpagina/agenda?pagina={page}");
    let new = format!("/zorgpagina/agenda/nieuw?pagina={page}");
    let mut piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 2345 6789",
        &[Permission::Agenda],
    )
    .await;
    let mut kees = member(
        w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3456 7890",
        &[Permission::Agenda],
    )
    .await;
    let mut anna = member(
        w,
        page,
        "Anna",
        "anna@voorbeeld.example",
        "06 4567 8901",
        &[Permission::Appointments],
    )
    .await;

    let added = piet
        .post_to(
            &new,
            &appointment("Koffie bij oma", "2026-11-25", "weekly"),
            &agenda,
        )
        .await;
    assert!(added.body.contains("Koffie bij oma"));
    assert!(added.body.contains("Eigen afspraak"));
    assert!(added.body.contains("Toegevoegd door Piet Jansen"));
    assert!(
        added.body.contains("woensdag 2 december 2026"),
        "the next week's repeat"
    );
    let item = agenda_of(w, page).await[0].id;
    // The beheerder is told who added something, not what.
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, BEHEERDER);
    assert!(
        mail.text_body
            .contains("Piet Jansen heeft een afspraak toegevoegd")
    );
    assert!(!mail.text_body.contains("Koffie"));

    // The beheerder sees it on the care page, labelled as own beside the providers' ones.
    let seen = owner.get(&care).await;
    assert!(seen.body.contains("Eigen afspraak"));
    assert!(seen.body.contains("Koffie bij oma"));
    assert!(seen.body.contains("Afspraak van"));
    // Piet sees the own agenda but not the providers' appointments; Anna the other way round.
    let pietsview = piet.get(&care).await;
    assert!(pietsview.body.contains("Koffie bij oma"));
    assert!(!pietsview.body.contains("Afspraak van"));
    let annasview = anna.get(&care).await;
    assert!(annasview.body.contains("Afspraak van"));
    assert!(!annasview.body.contains("Koffie bij oma"));
    assert!(!annasview.body.contains("/zorgpagina/agenda"));
    assert_not_found_like_missing(&mut anna, &agenda, &page.to_string()).await;
    assert_eq!(
        anna.post(&new, &appointment("x", "2026-11-25", ""))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Kees sees it but may not change it; the beheerder may, and Piet is told.
    let edit = format!("/zorgpagina/agenda/wijzigen?pagina={page}&afspraak={item}");
    let keess = kees.get(&agenda).await;
    assert!(keess.body.contains("Koffie bij oma"));
    assert!(!keess.body.contains("agenda/wijzigen"));
    assert_not_found_like_missing(&mut kees, &edit, &item.to_string()).await;
    assert_eq!(
        kees.post(&edit, &appointment("Van Kees", "2026-11-25", ""))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let form = owner.get(&edit).await;
    assert!(form.body.contains("value=\"2026-11-25\""));
    owner
        .post_to(
            &edit,
            &appointment("Koffie bij opa", "2026-11-26", "weekly"),
            &agenda,
        )
        .await;
    assert_eq!(agenda_of(w, page).await[0].title, "Koffie bij opa");
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "piet@voorbeeld.example");
    assert!(mail.text_body.contains("heeft een afspraak gewijzigd"));

    // Piet deletes his own after confirming; the beheerder is told.
    let delete = format!("/zorgpagina/agenda/verwijderen?pagina={page}&afspraak={item}");
    let ask = piet.get(&delete).await;
    assert!(ask.body.contains("ook alle herhalingen"));
    assert_eq!(agenda_of(w, page).await.len(), 1);
    assert_eq!(kees.post(&delete, &[]).await.status, StatusCode::NOT_FOUND);
    piet.post_to(&delete, &[], &agenda).await;
    assert!(agenda_of(w, page).await.is_empty());
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, BEHEERDER);
    assert!(mail.text_body.contains("heeft een afspraak verwijderd"));

    // An appointment of another care page is not found through this one.
    let piets_page =
        w.t.app
            .store
            .care_pages_of(
                account(w, "piet@voorbeeld.example").await.id,
                &PageRequest::first(5),
            )
            .await
            .unwrap()
            .items[0]
            .id;
    let piets_agenda = format!("/zorgpagina/agenda?pagina={piets_page}");
    piet.post_to(
        &format!("/zorgpagina/agenda/nieuw?pagina={piets_page}"),
        &appointment("Eigen", "2026-11-24", ""),
        &piets_agenda,
    )
    .await;
    let piets_item: AgendaItemId = agenda_of(w, piets_page).await[0].id;
    let through_mine = format!("/zorgpagina/agenda/wijzigen?pagina={page}&afspraak={piets_item}");
    assert_not_found_like_missing(&mut owner, &through_mine, &piets_item.to_string()).await;
}

#[tokio::test]
async fn members_with_agenda_add_own_appointments_shown_beside_the_providers_on_sqlite() {
    members_with_agenda_add_own_appointments_shown_beside_the_providers(&world().await).await;
}

#[tokio::test]
async fn members_with_agenda_add_own_appointments_shown_beside_the_providers_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    members_with_agenda_add_own_appointments_shown_beside_the_providers(&w).await;
    w.t.finish().await;
}

async fn a_refused_appointment_says_why_next_to_each_field(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let new = format!("/zorgpagina/agenda/nieuw?pagina={page}");
    let long = "x".repeat(zk_domain::agenda::AGENDA_REMARKS_MAX + 1);
    let bad = owner
        .post(
            &new,
            &[
                ("titel", " "),
                ("begindatum", "2026-02-30"),
                ("begintijd", "10:00"),
                ("eindtijd", "11:00"),
                ("herhalen", "hourly"),
                ("opmerkingen", &long),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, message) in [
        ("titel", "Vul in wat de afspraak is."),
        ("begindatum", "Deze datum bestaat niet."),
        ("herhalen", "Kies hoe vaak de afspraak herhaalt."),
        ("opmerkingen", "Gebruik niet meer dan 2000 tekens."),
    ] {
        assert!(
            bad.body.contains(&format!("id=\"f-{field}-error\"")),
            "{field}"
        );
        assert!(bad.body.contains(message), "{message}");
    }
    let backwards = owner
        .post(
            &new,
            &appointment("Koffie", "2026-11-25", "")
                .into_iter()
                .map(|(k, v)| {
                    if k == "eindtijd" {
                        (k, "09:00")
                    } else {
                        (k, v)
                    }
                })
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        backwards
            .body
            .contains("De afspraak moet eindigen na het begin.")
    );
    assert!(backwards.body.contains("id=\"f-eindtijd-error\""));
    assert!(agenda_of(w, page).await.is_empty());
}

#[tokio::test]
async fn a_refused_appointment_says_why_next_to_each_field_on_sqlite() {
    a_refused_appointment_says_why_next_to_each_field(&world().await).await;
}

#[tokio::test]
async fn a_refused_appointment_says_why_next_to_each_field_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    a_refused_appointment_says_why_next_to_each_field(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn the_agenda_shows_the_coming_weeks_as_the_clock_moves() {
    // Sessions that outlast the weeks the clock moves, so one browser sees it all.
    let long = jiff::SignedDuration::from_hours(24 * 90);
    let policy = zk_app::Policy {
        sessions: zk_app::registration::SessionPolicy {
            idle: long,
            absolute: long,
        },
        ..zk_app::Policy::default()
    };
    let w = world_with(TestApp::with_policy(policy).await).await;
    let (mut owner, page) = beheerder(&w).await;
    let agenda = format!("/zorgpagina/agenda?pagina={page}");
    let new = format!("/zorgpagina/agenda/nieuw?pagina={page}");
    let mut daily = appointment("Medicijnen", "2026-11-23", "daily");
    daily.retain(|(k, _)| *k != "tot");
    daily.push(("tot", "2026-11-30"));
    owner.post_to(&new, &daily, &agenda).await;
    // Ten weeks ahead: beyond the eight weeks shown, so the agenda opens at its week.
    let far = appointment("Verjaardag", "2027-02-01", "");
    owner
        .post_to(&new, &far, &format!("{agenda}&vanaf=2027-02-01"))
        .await;
    let now = owner.get(&agenda).await;
    assert_eq!(now.body.matches("Medicijnen").count(), 8);
    assert!(!now.body.contains("Verjaardag"));
    // The next weeks start the day after the last one shown, and hold the far one.
    assert!(
        now.body
            .contains("Van 23 november 2026 tot en met 17 januari 2027")
    );
    assert!(now.body.contains("vanaf=2027-01-18"));
    let next = owner.get(&format!("{agenda}&vanaf=2027-01-18")).await;
    assert!(
        next.body
            .contains("Van 18 januari 2027 tot en met 14 maart 2027")
    );
    assert!(next.body.contains("Verjaardag"));
    assert!(!next.body.contains("Medicijnen"));
    w.t.clock.advance(SignedDuration::from_hours(24 * 3));
    let later = owner.get(&agenda).await;
    assert_eq!(later.body.matches("Medicijnen").count(), 5);
    w.t.clock.advance(SignedDuration::from_hours(24 * 7 * 4));
    let moved = owner.get(&agenda).await;
    assert!(!moved.body.contains("Medicijnen"));
    assert!(moved.body.contains("Verjaardag"));
}

#[tokio::test]
async fn a_co_beheerder_writes_the_diary_and_manages_the_agenda_but_not_others_entries() {
    let w = world().await;
    let (mut owner, page) = beheerder(&w).await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let agenda = format!("/zorgpagina/agenda?pagina={page}");
    let mut piet = member(
        &w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 2345 6789",
        &[Permission::Agenda],
    )
    .await;
    let mut co = member(
        &w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3456 7890",
        &[],
    )
    .await;
    let mut as_co =
        w.t.app
            .store
            .get_member(page, account(&w, "kees@voorbeeld.example").await.id)
            .await
            .unwrap()
            .unwrap();
    as_co.co_beheerder = true;
    assert!(
        w.t.app
            .store
            .update_member(&as_co, &[], zk_store::Audit::NONE)
            .await
            .unwrap()
    );

    owner
        .post_to(
            &diary,
            &[("datum", "2026-11-23"), ("tekst", "Van Sanne")],
            &diary,
        )
        .await;
    let sannes = diary_of(&w, page).await[0].id;
    let written = co
        .post_to(
            &diary,
            &[("datum", "2026-11-23"), ("tekst", "Van Kees")],
            &diary,
        )
        .await;
    assert!(written.body.contains("Van Sanne") && written.body.contains("Van Kees"));
    // Each writer changes only their own entry, a co-beheerder too.
    assert_eq!(written.body.matches("dagboek/wijzigen").count(), 1);
    let edit = format!("/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={sannes}");
    assert_eq!(co.get(&edit).await.status, StatusCode::NOT_FOUND);

    // A co-beheerder changes a member's appointment, as the beheerder can.
    piet.post_to(
        &format!("/zorgpagina/agenda/nieuw?pagina={page}"),
        &appointment("Wandelen", "2026-11-24", ""),
        &agenda,
    )
    .await;
    let item = agenda_of(&w, page).await[0].id;
    let delete = format!("/zorgpagina/agenda/verwijderen?pagina={page}&afspraak={item}");
    co.post_to(&delete, &[], &agenda).await;
    assert!(agenda_of(&w, page).await.is_empty());
    // Both the beheerder and Piet are told; Kees, who did it, is not.
    w.deliver().await;
    let told: Vec<String> = w
        .mailer
        .sent()
        .into_iter()
        .filter(|m| {
            m.text_body
                .contains("Kees Jansen heeft een afspraak verwijderd")
        })
        .map(|m| m.recipient)
        .collect();
    assert_eq!(told.len(), 2);
    assert!(
        told.contains(&BEHEERDER.to_owned()) && told.contains(&"piet@voorbeeld.example".to_owned())
    );
}
