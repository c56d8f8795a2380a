//! Deleting one's own account (SPEC S4, S9), through HTTP on SQLite and PostgreSQL: the page
//! explains what happens and asks for the password; a wrong one changes nothing; the right one
//! ends every session, scrubs the account to a tombstone, makes the care page it manages vacant
//! (its members lose it on their next request), takes it out of other pages' networks, and
//! e-mails everyone affected. The old address then logs in like an unknown one and can be used
//! for a new account.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::Browser;
use support::world::{World, world, world_with};
use zk_domain::account::Account;
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, CarePageId};

const PASSWORD: &str = "fiets boom regen lantaarn";
const SANNE: &str = "sanne@voorbeeld.example";
const PAGE: &str = "/profiel/account-verwijderen";

async fn account(w: &World, email: &str) -> Option<Account> {
    w.t.app.store.find_account_by_email(email).await.unwrap()
}

async fn own_page(w: &World, id: AccountId) -> CarePageId {
    w.t.app
        .store
        .care_pages_of(id, &PageRequest::first(1))
        .await
        .unwrap()
        .items[0]
        .id
}

async fn add_member(w: &World, page: CarePageId, account: AccountId) {
    let m = Member {
        care_page_id: page,
        account_id: account,
        relation: Relation::Friend,
        permissions: Permissions::all(),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&m, &[]).await.unwrap();
}

/// Logs `email` in with its password and SMS code in a new browser.
async fn login<'a>(w: &'a World, email: &str) -> Browser<'a> {
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[("email", email), ("wachtwoord", PASSWORD)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    b
}

async fn deleting_an_account_on(w: &World) {
    let letter = w.letter("valid", "client");
    let mut b = w.register_verified(letter, SANNE, PASSWORD).await;
    let mut other_browser = login(w, SANNE).await;
    let sanne = account(w, SANNE).await.unwrap();
    let page = own_page(w, sanne.id).await;
    // The mother is in Sanne's network, and Sanne in the network of the mother's own page.
    let mut mother = w
        .register_without_letter_as("Ria", "de Vries", "moeder@voorbeeld.example", PASSWORD)
        .await;
    let mother_account = account(w, "moeder@voorbeeld.example").await.unwrap();
    let mothers_page = own_page(w, mother_account.id).await;
    add_member(w, page, mother_account.id).await;
    add_member(w, mothers_page, sanne.id).await;
    let sannes_page = format!("/zorgpagina?pagina={page}");
    assert_eq!(mother.get(&sannes_page).await.status, StatusCode::OK);

    // The profile leads to the page, which first says what happens.
    let profile = b.get("/profiel").await;
    assert!(profile.body.contains(&format!("href=\"{PAGE}\"")));
    let shown = b.get(PAGE).await;
    assert_eq!(shown.status, StatusCode::OK);
    for text in [
        "Je wordt overal uitgelogd.",
        "Je gegevens worden verwijderd",
        "Die zorgpagina blijft bij de zorgaanbieder. Maar niemand kan hem nog zien.",
        "De mensen die je hebt uitgenodigd, kunnen niets meer zien.",
        "Die zorgpagina kun je dan niet meer zien.",
        "Mijn account verwijderen",
    ] {
        assert!(shown.body.contains(text), "{text}: {}", shown.body);
    }

    // A wrong password changes nothing.
    deliver(w).await;
    let mails_before = w.mailer.sent().len();
    let refused = b.post(PAGE, &[("wachtwoord", "verkeerd wachtwoord")]).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("Dit wachtwoord klopt niet. Je account is niet verwijderd.")
    );
    assert_eq!(account(w, SANNE).await, Some(sanne.clone()));
    assert_eq!(
        w.t.app.store.account_deleted_at(sanne.id).await.unwrap(),
        None
    );
    assert_eq!(b.get("/zorgpagina").await.status, StatusCode::OK);
    assert_eq!(mother.get(&sannes_page).await.status, StatusCode::OK);
    deliver(w).await;
    assert_eq!(w.mailer.sent().len(), mails_before);

    // The right password deletes it.
    let r = b.post(PAGE, &[("wachtwoord", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), "/account-verwijderd");
    let done = b.get("/account-verwijderd").await;
    assert!(done.body.contains("Je account is verwijderd"));
    let at = w.t.app.now();

    // Logged out everywhere.
    for browser in [&mut b, &mut other_browser] {
        let r = browser.get("/zorgpagina").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location"), "/inloggen");
    }
    // The stored row keeps nothing personal.
    let row = w.t.app.store.get_account(sanne.id).await.unwrap().unwrap();
    assert_eq!(row.email, format!("deleted-{}@invalid", sanne.id));
    assert_eq!((row.first_name.as_str(), row.last_name.as_str()), ("", ""));
    assert_eq!((&row.phone, row.phone_verified_at), (&None, None));
    assert!(!row.password_hash.starts_with("$argon2"));
    assert!(!row.has_second_factor());
    assert_eq!(
        w.t.app.store.account_deleted_at(sanne.id).await.unwrap(),
        Some(at)
    );
    // Her care page is vacant, its connection kept for the provider; the mother loses it on
    // her next request, and Sanne is out of the mother's network.
    let vacant = w.t.app.store.get_care_page(page).await.unwrap().unwrap();
    assert_eq!(vacant.vacant_since, Some(at));
    let record =
        w.t.app
            .store
            .connections_of(page, &PageRequest::first(1))
            .await
            .unwrap();
    assert_eq!(record.items.len(), 1);
    assert_eq!(mother.get(&sannes_page).await.status, StatusCode::NOT_FOUND);
    // The provider's staff still see the client connected, without a name.
    let provider = w
        .demo
        .providers
        .iter()
        .find(|p| p.name == letter.provider)
        .unwrap()
        .id
        .clone();
    let mut staff = support::staff::staff_browser(
        w,
        provider.parse().unwrap(),
        "secretariaat@ggz.example",
        zk_store::StaffRole::Secretariat,
    )
    .await;
    let list = staff
        .get(&format!("/zorgaanbieder/{provider}/koppelingen"))
        .await;
    assert!(
        list.body
            .contains("een beheerder die het account heeft verwijderd"),
        "{}",
        list.body
    );
    assert_eq!(
        w.t.app
            .store
            .get_member(mothers_page, sanne.id)
            .await
            .unwrap(),
        None
    );

    // E-mails: the confirmation to the old address; the mother hears both that the page is
    // closed to her and that Sanne left her own page's network.
    deliver(w).await;
    let mails: Vec<_> = w.mailer.sent().into_iter().skip(mails_before).collect();
    let to_sanne: Vec<_> = mails.iter().filter(|m| m.recipient == SANNE).collect();
    assert_eq!(to_sanne.len(), 1);
    assert!(to_sanne[0].text_body.contains("Je account is verwijderd."));
    let to_mother: Vec<_> = mails
        .iter()
        .filter(|m| m.recipient == "moeder@voorbeeld.example")
        .collect();
    assert_eq!(to_mother.len(), 2);
    assert!(
        to_mother
            .iter()
            .any(|m| m.text_body.contains("heeft het account verwijderd"))
    );
    assert!(
        to_mother
            .iter()
            .any(|m| m.text_body.contains("Sanne de Vries heeft het account"))
    );
    // Nobody else heard of it (the staff member's own welcome mail aside).
    let others: Vec<_> = mails
        .iter()
        .filter(|m| m.recipient != "secretariaat@ggz.example")
        .collect();
    assert_eq!(others.len(), 3);

    // The old address logs in like an unknown one.
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut fresh = Browser::new(&w.t);
    let old = fresh
        .post("/inloggen", &[("email", SANNE), ("wachtwoord", PASSWORD)])
        .await;
    let unknown = fresh
        .post(
            "/inloggen",
            &[
                ("email", "niemand@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert_eq!(old.status, unknown.status);
    assert!(
        old.body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
    assert_eq!(
        old.body.replace(SANNE, "X"),
        unknown.body.replace("niemand@voorbeeld.example", "X")
    );

    // The address is free for a new account.
    w.register_without_letter(SANNE, PASSWORD).await;
    let again = account(w, SANNE).await.unwrap();
    assert_ne!(again.id, sanne.id);
}

async fn deliver(w: &World) {
    w.deliver().await;
}

#[tokio::test]
async fn deleting_an_account_removes_it_everywhere() {
    deleting_an_account_on(&world().await).await;
}

#[tokio::test]
async fn deleting_an_account_removes_it_everywhere_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    deleting_an_account_on(&w).await;
    w.t.finish().await;
}

/// A staff member cannot delete their account here: the page says whom to ask, and a post
/// (even with the right password) changes nothing. After an admin removes them from the
/// staff, they can.
#[tokio::test]
async fn a_staff_member_is_asked_to_leave_the_staff_first() {
    let w = world().await;
    let provider: zk_domain::ProviderId = w.demo.providers[0].id.parse().unwrap();
    let email = "secretariaat@ggz.example";
    let mut b =
        support::staff::staff_browser(&w, provider, email, zk_store::StaffRole::Secretariat).await;
    let before = account(&w, email).await.unwrap();
    let shown = b.get(PAGE).await;
    assert!(
        shown
            .body
            .contains("Je bent medewerker van een zorgaanbieder.")
    );
    assert!(!shown.body.contains("Mijn account verwijderen"));
    let r = b
        .post(PAGE, &[("wachtwoord", support::staff::STAFF_PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Vraag een beheerder van de zorgaanbieder"));
    assert_eq!(account(&w, email).await, Some(before.clone()));

    let provider_row = w.t.app.store.get_provider(provider).await.unwrap().unwrap();
    zk_app::staff_admin::change_staff(
        &w.t.app,
        &provider_row,
        before.id,
        zk_store::StaffChange::Remove,
        |_, _, _| zk_app::registration::RenderedMail {
            subject: "Weg".into(),
            text: "t".into(),
            html: "t".into(),
        },
    )
    .await
    .unwrap();
    assert!(b.get(PAGE).await.body.contains("Mijn account verwijderen"));
    let r = b
        .post(PAGE, &[("wachtwoord", support::staff::STAFF_PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(account(&w, email).await, None);
}
