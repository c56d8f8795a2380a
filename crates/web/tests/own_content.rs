//! The client's own content as a browser meets it (SPEC S5): the beheerder writes the diary and
//! members with the diary permission read it; members with the agenda permission add own
//! appointments that show on the care page labelled as the network's own; who may change or
//! delete what; each refused form names its problem next to the field and stores nothing; and
//! a page, entry or appointment the account may not see is "not found" like a missing one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::world::{World, world, world_with};
use support::{Browser, Reply, TestApp};
use zk_domain::account::Account;
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{AgendaItemId, CarePageId, DiaryEntryId};

const PASSWORD: &str = "fiets boom regen lantaarn";
const BEHEERDER: &str = "sanne@voorbeeld.example";

/// The beheerder, logged in with a second factor, and their care page.
async fn beheerder(w: &World) -> (Browser<'_>, CarePageId) {
    let letter = w.letter("valid", "client");
    let b = w.register_verified(letter, BEHEERDER, PASSWORD).await;
    let account = account(w, BEHEERDER).await;
    let page =
        w.t.app
            .store
            .care_pages_of(account.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items[0]
            .id;
    (b, page)
}

async fn account(w: &World, email: &str) -> Account {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

/// A person with their own account (and second factor) made a member of `page` with
/// `permissions` through the store, as an accepted invitation will.
async fn member<'a>(
    w: &'a World,
    page: CarePageId,
    first: &str,
    email: &str,
    phone: &str,
    permissions: &[Permission],
) -> Browser<'a> {
    let mut b = w
        .register_without_letter_as(first, "Jansen", email, PASSWORD)
        .await;
    b.post_to("/profiel", &[("telefoon", phone)], "/profiel/telefoon/code")
        .await;
    let code = w.last_sms_code().await;
    b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
        .await;
    let m = Member {
        care_page_id: page,
        account_id: account(w, email).await.id,
        relation: Relation::Family,
        permissions: Permissions::of(permissions),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&m, &[]).await.unwrap();
    b
}

/// The body of a reply with `id` put back as `ID`: error pages name their own path.
fn without(reply: &Reply, id: &str) -> String {
    reply.body.replace(id, "ID")
}

async fn assert_not_found_like_missing(b: &mut Browser<'_>, path: &str, id: &str) {
    let missing = DiaryEntryId::new().to_string();
    let theirs = b.get(path).await;
    let none = b.get(&path.replace(id, &missing)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{path}");
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(without(&theirs, id), without(&none, &missing));
}

async fn diary_of(w: &World, page: CarePageId) -> Vec<zk_domain::diary::DiaryEntry> {
    w.t.app
        .store
        .diary_entries(page, &PageRequest::first(100))
        .await
        .unwrap()
        .items
}

async fn agenda_of(w: &World, page: CarePageId) -> Vec<zk_domain::agenda::AgendaItem> {
    let from = w.t.app.now() - SignedDuration::from_hours(24 * 365);
    let to = w.t.app.now() + SignedDuration::from_hours(24 * 365 * 2);
    w.t.app
        .store
        .agenda_items_between(page, from, to, &PageRequest::first(100))
        .await
        .unwrap()
        .items
}

async fn diary_is_written_by_the_beheerder_and_read_by_members_with_permission(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let care = owner.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(care.body.contains(&diary.replace('&', "&amp;")) || care.body.contains(&diary));

    let text = "Goede dag gehad.\r\nMet <b>oma</b> gewandeld.";
    let shown = owner
        .post_to(
            &diary,
            &[
                ("datum", "2026-11-22"),
                ("titel", "Zondag"),
                ("tekst", text),
            ],
            &diary,
        )
        .await;
    assert!(shown.body.contains("Zondag"));
    assert!(
        shown
            .body
            .contains("Met &#60;b&#62;oma&#60;/b&#62; gewandeld")
            || shown.body.contains("Met &lt;b&gt;oma&lt;/b&gt; gewandeld")
    );
    assert!(!shown.body.contains("<b>oma</b>"));
    let stored = diary_of(w, page).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].text,
        "Goede dag gehad.\nMet <b>oma</b> gewandeld."
    );
    let entry = stored[0].id;

    // A member with the diary permission reads it, without the form or change links.
    let mut reader = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 2345 6789",
        &[Permission::Diary],
    )
    .await;
    let read = reader.get(&diary).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.body.contains("Goede dag gehad."));
    assert!(read.body.contains("Geschreven door"));
    assert!(!read.body.contains("name=\"tekst\""));
    assert!(!read.body.contains("dagboek/wijzigen"));
    let refused = reader
        .post(&diary, &[("datum", "2026-11-23"), ("tekst", "Van Piet")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let edit = format!("/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={entry}");
    assert_not_found_like_missing(&mut reader, &edit, &entry.to_string()).await;
    let gone = reader
        .post(&edit, &[("datum", "2026-11-23"), ("tekst", "Overschreven")])
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(diary_of(w, page).await, stored);

    // A member without it sees no link and gets "not found", like a page that does not exist.
    let mut other = member(
        w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3456 7890",
        &[Permission::Agenda],
    )
    .await;
    let care = other.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(!care.body.contains("/zorgpagina/dagboek"));
    assert_not_found_like_missing(&mut other, &diary, &page.to_string()).await;

    // The writer changes their own entry, then deletes it after confirming.
    let form = owner.get(&edit).await;
    assert!(form.body.contains("Zondag"));
    let changed = owner
        .post_to(
            &edit,
            &[
                ("datum", "22-11-2026"),
                ("titel", ""),
                ("tekst", "Toch anders"),
            ],
            &diary,
        )
        .await;
    assert!(changed.body.contains("Toch anders"));
    assert_eq!(diary_of(w, page).await[0].title, None);
    let delete = format!("/zorgpagina/dagboek/verwijderen?pagina={page}&stukje={entry}");
    let ask = owner.get(&delete).await;
    assert!(ask.body.contains("Weet je het zeker?"));
    assert_eq!(diary_of(w, page).await.len(), 1, "asking deletes nothing");
    owner.post_to(&delete, &[], &diary).await;
    assert!(diary_of(w, page).await.is_empty());

    // An entry of another care page (Piet's own) is not found through this one.
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
    let piets_diary = format!("/zorgpagina/dagboek?pagina={piets_page}");
    reader
        .post_to(
            &piets_diary,
            &[("datum", "2026-11-23"), ("tekst", "Van mij")],
            &piets_diary,
        )
        .await;
    let piets_entry = diary_of(w, piets_page).await[0].id.to_string();
    let through_mine = format!("/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={piets_entry}");
    assert_not_found_like_missing(&mut owner, &through_mine, &piets_entry).await;
    let deleting = format!("/zorgpagina/dagboek/verwijderen?pagina={page}&stukje={piets_entry}");
    assert_eq!(
        owner.post(&deleting, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(diary_of(w, piets_page).await.len(), 1);
}

#[tokio::test]
async fn diary_is_written_by_the_beheerder_and_read_by_members_with_permission_on_sqlite() {
    diary_is_written_by_the_beheerder_and_read_by_members_with_permission(&world().await).await;
}

#[tokio::test]
async fn diary_is_written_by_the_beheerder_and_read_by_members_with_permission_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    diary_is_written_by_the_beheerder_and_read_by_members_with_permission(&w).await;
    w.t.finish().await;
}

async fn a_refused_diary_entry_says_why_and_stores_nothing(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let bad = owner
        .post(
            &diary,
            &[("datum", "30-02-2026"), ("titel", "x"), ("tekst", "  ")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Deze datum bestaat niet."));
    assert!(bad.body.contains("Schrijf iets op."));
    assert!(bad.body.contains("id=\"f-datum-error\""));
    // The limit, crossed by one character.
    let most = "a".repeat(zk_domain::diary::DIARY_TEXT_MAX);
    let over = format!("{most}b");
    let long = owner
        .post(&diary, &[("datum", "2026-11-23"), ("tekst", &over)])
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("Gebruik niet meer dan 10000 tekens."));
    assert!(long.body.contains(&over), "what was typed is kept");
    assert!(diary_of(w, page).await.is_empty());
    owner
        .post_to(&diary, &[("datum", "2026-11-23"), ("tekst", &most)], &diary)
        .await;
    assert_eq!(diary_of(w, page).await[0].text.len(), most.len());
}

#[tokio::test]
async fn a_refused_diary_entry_says_why_and_stores_nothing_on_sqlite() {
    a_refused_diary_entry_says_why_and_stores_nothing(&world().await).await;
}

#[tokio::test]
async fn a_refused_diary_entry_says_why_and_stores_nothing_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    a_refused_diary_entry_says_why_and_stores_nothing(&w).await;
    w.t.finish().await;
}

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
    w.t.clock.advance(SignedDuration::from_hours(24 * 3));
    let later = owner.get(&agenda).await;
    assert_eq!(later.body.matches("Medicijnen").count(), 5);
    w.t.clock.advance(SignedDuration::from_hours(24 * 7 * 4));
    let moved = owner.get(&agenda).await;
    assert!(!moved.body.contains("Medicijnen"));
    assert!(moved.body.contains("Verjaardag"));
}

#[tokio::test]
async fn own_content_waits_for_a_second_factor_and_needs_a_page_id() {
    let w = world().await;
    let (mut owner, page) = beheerder(&w).await;
    let mut fresh = w
        .register_without_letter_as("Piet", "Jansen", "piet@voorbeeld.example", PASSWORD)
        .await;
    let m = Member {
        care_page_id: page,
        account_id: account(&w, "piet@voorbeeld.example").await.id,
        relation: Relation::Friend,
        permissions: Permissions::all(),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&m, &[]).await.unwrap();
    let r = fresh
        .get(&format!("/zorgpagina/dagboek?pagina={page}"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), format!("/zorgpagina?pagina={page}"));
    for path in ["/zorgpagina/dagboek", "/zorgpagina/agenda?pagina=abc"] {
        assert_eq!(owner.get(path).await.status, StatusCode::NOT_FOUND);
    }
    let entry = DiaryEntryId::new();
    let none = owner
        .get(&format!(
            "/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={entry}"
        ))
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}
