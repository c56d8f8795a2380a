//! Staff membership by invitation (SPEC S8), through HTTP: adding an address that has an
//! account grants nothing until that account accepts, logged in with its second factor; the
//! admin's page shows the address typed and "uitgenodigd", never whether it has an account or
//! its name; another account cannot accept; the link works once and expires.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::Browser;
use support::staff::{STAFF_PASSWORD, invitation_path, staff_browser};
use support::world::{World, world, world_with};
use zk_domain::ProviderId;
use zk_store::StaffRole;

const ADMIN: &str = "beheer@ggz.example";
const SANNE: &str = "sanne@voorbeeld.example";

fn own(w: &World) -> ProviderId {
    w.demo.providers[0].id.parse().unwrap()
}

/// The admin invites `email` on the staff page; returns the link mailed to it.
async fn invite(w: &World, admin: &mut Browser<'_>, email: &str) -> (StatusCode, String, String) {
    let team = format!("/zorgaanbieder/{}/medewerkers", own(w));
    let r = admin
        .post(
            &format!("{team}/nieuw"),
            &[
                ("email", email),
                ("voornaam", "Iemand"),
                ("achternaam", "Anders"),
                ("rol", "secretariaat"),
            ],
        )
        .await;
    let location = r.header("location").to_owned();
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, email);
    (r.status, location, invitation_path(&mail.text_body))
}

#[tokio::test]
async fn an_existing_account_is_staff_only_once_it_accepts() {
    an_existing_account_is_staff_only_once_it_accepts_on(&world().await).await;
}

#[tokio::test]
async fn an_existing_account_is_staff_only_once_it_accepts_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    an_existing_account_is_staff_only_once_it_accepts_on(&w).await;
    w.t.finish().await;
}

async fn an_existing_account_is_staff_only_once_it_accepts_on(w: &World) {
    let own = own(w);
    let team = format!("/zorgaanbieder/{own}/medewerkers");
    // Sanne has an account (with an SMS code); nieuw@ has none.
    let letter = w.letter("valid", "client");
    let mut sanne = w.register_verified(letter, SANNE, STAFF_PASSWORD).await;
    let mut admin = staff_browser(w, own, ADMIN, StaffRole::Admin).await;

    // The admin gets the same answer for both, and the list shows only what was typed.
    let (status, location, sanne_link) = invite(w, &mut admin, SANNE).await;
    let (status_new, location_new, _) = invite(w, &mut admin, "nieuw@ggz.example").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, team.as_str())
    );
    assert_eq!((status_new, location_new), (status, location));
    let list = admin.get(&team).await.body;
    for address in [SANNE, "nieuw@ggz.example"] {
        assert!(list.contains(&format!("<tr><td>{address}</td>")), "{list}");
    }
    assert_eq!(list.matches("Uitgenodigd, de link werkt tot").count(), 2);
    assert!(
        !list.contains("de Vries"),
        "never the account's name: {list}"
    );
    assert!(!list.contains("Iemand Anders"), "nor a member row: {list}");

    // Until Sanne accepts, she has no staff area.
    assert_eq!(
        sanne.get("/zorgaanbieder").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sanne.get(&format!("/zorgaanbieder/{own}")).await.status,
        StatusCode::NOT_FOUND
    );

    // Another account that gets hold of the link cannot accept it.
    let other_letter = w.letters("valid", "client")[1];
    let mut other = w
        .register_verified(other_letter, "aanvaller@voorbeeld.example", STAFF_PASSWORD)
        .await;
    let r = other.get(&sanne_link).await;
    assert!(
        r.body
            .contains("Deze uitnodiging is voor sanne@voorbeeld.example"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("Uitnodiging accepteren"));
    let r = other.post(&format!("{sanne_link}/accepteren"), &[]).await;
    assert_eq!(r.header("location"), sanne_link);
    assert_eq!(
        other.get("/zorgaanbieder").await.status,
        StatusCode::NOT_FOUND
    );
    // Nor can anyone make an account for the address through it.
    let mut stranger = Browser::new(&w.t);
    let r = stranger
        .post(
            &sanne_link,
            &[
                ("wachtwoord", STAFF_PASSWORD),
                ("herhaling", STAFF_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

    // Sanne accepts, logged in with her second factor: now she is staff, with the typed role.
    let r = sanne.get(&sanne_link).await;
    assert!(r.body.contains("Uitnodiging accepteren"), "{}", r.body);
    sanne
        .post_to(
            &format!("{sanne_link}/accepteren"),
            &[],
            &format!("/zorgaanbieder/{own}"),
        )
        .await;
    let r = sanne.get(&format!("/zorgaanbieder/{own}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Sanne de Vries (secretariaat)"),
        "{}",
        r.body
    );
    // Once only.
    assert_eq!(sanne.get(&sanne_link).await.status, StatusCode::GONE);
    let r = admin.get(&team).await.body;
    assert_eq!(r.matches("Uitgenodigd, de link werkt tot").count(), 1);
}

#[tokio::test]
async fn an_invitation_expires_and_can_be_withdrawn() {
    an_invitation_expires_and_can_be_withdrawn_on(&world().await).await;
}

#[tokio::test]
async fn an_invitation_expires_and_can_be_withdrawn_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    an_invitation_expires_and_can_be_withdrawn_on(&w).await;
    w.t.finish().await;
}

async fn an_invitation_expires_and_can_be_withdrawn_on(w: &World) {
    let own = own(w);
    let team = format!("/zorgaanbieder/{own}/medewerkers");
    let mut admin = staff_browser(w, own, ADMIN, StaffRole::Admin).await;
    let password = [
        ("wachtwoord", STAFF_PASSWORD),
        ("herhaling", STAFF_PASSWORD),
    ];

    // Withdrawn: the link stops working and the list no longer shows it.
    let (_, _, link) = invite(w, &mut admin, "noor@ggz.example").await;
    let list = admin.get(&team).await.body;
    let withdraw = support::staff::link(&list, |s| s.ends_with("/intrekken"));
    admin.post_to(&withdraw, &[], &team).await;
    assert!(!admin.get(&team).await.body.contains("noor@ggz.example"));
    let mut noor = Browser::new(&w.t);
    assert_eq!(noor.get(&link).await.status, StatusCode::GONE);

    // Invited again: a new link replaces the old one.
    let (_, _, first) = invite(w, &mut admin, "noor@ggz.example").await;
    let (_, _, second) = invite(w, &mut admin, "noor@ggz.example").await;
    assert_eq!(noor.get(&first).await.status, StatusCode::GONE);
    assert_eq!(
        admin
            .get(&team)
            .await
            .body
            .matches("noor@ggz.example")
            .count(),
        1
    );

    // Seven days later it has expired: no account, no membership.
    w.t.clock
        .advance(SignedDuration::from_hours(7 * 24) - SignedDuration::from_mins(1));
    assert_eq!(noor.get(&second).await.status, StatusCode::OK);
    w.t.clock.advance(SignedDuration::from_mins(2));
    let r = noor.get(&second).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(
        r.body.contains("Deze uitnodiging werkt niet meer"),
        "{}",
        r.body
    );
    noor.post(&second, &password).await;
    assert!(
        w.t.app
            .store
            .find_account_by_email("noor@ggz.example")
            .await
            .unwrap()
            .is_none()
    );
}
