//! "Wachtwoord vergeten?" and the sessions page: the same answer for every address, a link that
//! works once for an hour, a reset that ends every session and still asks for the SMS code, a
//! stranger who cannot take the owner's way back away, links that die with a new password or
//! address, logging out elsewhere, and the sweep that removes what ran out.

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

const PASSWORD: &str = "fiets boom regen lantaarn";
const NEW_PASSWORD: &str = "zonnebloem kikker winter";

/// The reset request runs in the background: wait until its e-mail is in the outbox.
async fn reset_mails(w: &World, to: &str) -> Vec<String> {
    for _ in 0..200 {
        let _ = w.last_mail().await;
        let links: Vec<String> = w
            .mailer
            .sent()
            .iter()
            .filter(|m| m.recipient == to && m.text_body.contains("/wachtwoord-herstellen/"))
            .map(|m| {
                let line = m
                    .text_body
                    .lines()
                    .find(|l| l.contains("/wachtwoord-herstellen/"))
                    .unwrap();
                line.split_once("8080").unwrap().1.trim().to_owned()
            })
            .collect();
        if !links.is_empty() {
            return links;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    Vec::new()
}

#[tokio::test]
async fn a_reset_ends_every_session_and_still_asks_for_the_sms_code() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut owner = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    w.t.clock.advance(SignedDuration::from_secs(31));

    let mut b = Browser::new(&w.t);
    let login = b.get("/inloggen").await;
    assert!(
        login
            .body
            .contains("href=\"/wachtwoord-vergeten\">Wachtwoord vergeten?</a>")
    );
    let known = b
        .post(
            "/wachtwoord-vergeten",
            &[("email", "Sanne@voorbeeld.example")],
        )
        .await;
    let unknown = b
        .post(
            "/wachtwoord-vergeten",
            &[("email", "niemand@voorbeeld.example")],
        )
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body, unknown.body,
        "the same page whether or not the address has an account"
    );
    assert!(known.body.contains("Als dit e-mailadres bij ons bekend is"));
    let links = reset_mails(&w, "sanne@voorbeeld.example").await;
    assert_eq!(links.len(), 1);
    assert!(
        reset_mails(&w, "niemand@voorbeeld.example")
            .await
            .is_empty()
    );

    let link = &links[0];
    let form = b.get(link).await;
    assert!(form.body.contains("Kies een nieuw wachtwoord"));
    let r = b
        .post(
            link,
            &[("wachtwoord", "welkom01"), ("herhaling", "welkom01")],
        )
        .await;
    assert!(r.body.contains("Dit wachtwoord gebruiken veel mensen."));
    let r = b
        .post(
            link,
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)],
        )
        .await;
    assert!(r.body.contains("Je wachtwoord is veranderd"));
    let mail = w.last_mail().await;
    assert!(
        mail.text_body.contains("Je wachtwoord is veranderd."),
        "the holder is told"
    );
    assert_eq!(
        b.post(
            link,
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)]
        )
        .await
        .status,
        StatusCode::GONE
    );

    // Every session ended; the old password no longer works; the SMS step is still there.
    assert_eq!(
        owner.get("/zorgpagina").await.header("location"),
        "/inloggen"
    );
    let old = b
        .post(
            "/inloggen",
            &[
                ("email", "sanne@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert!(
        old.body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
    b.post_to(
        "/inloggen",
        &[
            ("email", "sanne@voorbeeld.example"),
            ("wachtwoord", NEW_PASSWORD),
        ],
        "/inloggen/sms",
    )
    .await;
}

#[tokio::test]
async fn a_reset_link_works_for_one_hour_and_strangers_cannot_take_it_away() {
    let w = world().await;
    w.register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    let mut owner = Browser::new(&w.t);
    owner
        .post(
            "/wachtwoord-vergeten",
            &[("email", "daan@voorbeeld.example")],
        )
        .await;
    let owners_link = reset_mails(&w, "daan@voorbeeld.example").await.remove(0);

    // A stranger asks again and again: mails stop after three an hour, the owner's link works.
    let mut stranger = Browser::new(&w.t);
    for _ in 0..5 {
        stranger
            .post(
                "/wachtwoord-vergeten",
                &[("email", "daan@voorbeeld.example")],
            )
            .await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(reset_mails(&w, "daan@voorbeeld.example").await.len(), 3);
    assert_eq!(owner.get(&owners_link).await.status, StatusCode::OK);

    // An hour later the link is dead.
    w.t.clock.advance(SignedDuration::from_hours(1));
    let r = owner
        .post(
            &owners_link,
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("Vraag een nieuwe link aan."));
    // Not a link we hand out at all: a plain "not found".
    assert_eq!(
        owner.get("/wachtwoord-herstellen/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_sessions_page_lists_and_ends_sessions() {
    let w = world().await;
    let mut laptop = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    let mut phone = Browser::new(&w.t);
    phone
        .post_to(
            "/inloggen",
            &[
                ("email", "daan@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/zorgpagina",
        )
        .await;
    let page = laptop.get("/sessies").await;
    assert_eq!(page.body.matches("Uitloggen op dit apparaat").count(), 2);
    assert_eq!(
        page.body.matches("· dit apparaat").count(),
        1,
        "this session is marked"
    );
    assert!(page.body.contains("Firefox op Linux"));

    // Someone else's session cannot be ended from here.
    let mut other = w
        .register_without_letter("sanne@voorbeeld.example", PASSWORD)
        .await;
    let theirs = other.get("/sessies").await;
    let their_id = theirs
        .body
        .split("/sessies/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let r = laptop
        .post(&format!("/sessies/{their_id}/beeindigen"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get("/zorgpagina").await.status, StatusCode::OK);

    laptop
        .post_to("/sessies/andere-beeindigen", &[], "/sessies")
        .await;
    assert_eq!(
        phone.get("/zorgpagina").await.header("location"),
        "/inloggen",
        "the other device is logged out"
    );
    assert_eq!(
        laptop.get("/zorgpagina").await.status,
        StatusCode::OK,
        "this one stays"
    );
}

#[tokio::test]
async fn a_new_password_voids_every_open_reset_link_on_sqlite() {
    new_password_voids_reset_links(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_voids_every_open_reset_link_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    new_password_voids_reset_links(&w).await;
    w.t.finish().await;
}

/// A reset link asked for before the password changed (by the owner, or by whoever read the
/// mailbox) no longer sets a password afterwards.
async fn new_password_voids_reset_links(w: &World) {
    let letter = w.letter("valid", "client");
    let mut owner = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let mut other = Browser::new(&w.t);
    other
        .post(
            "/wachtwoord-vergeten",
            &[("email", "sanne@voorbeeld.example")],
        )
        .await;
    let link = reset_mails(w, "sanne@voorbeeld.example").await.remove(0);
    assert_eq!(other.get(&link).await.status, StatusCode::OK);

    let done = owner
        .post(
            "/profiel/wachtwoord",
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)],
        )
        .await;
    assert!(done.body.contains("Je nieuwe wachtwoord is opgeslagen."));

    let r = other.get(&link).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("Vraag een nieuwe link aan."));
    let r = other
        .post(
            &link,
            &[
                ("wachtwoord", "lantaarn regen boom fiets"),
                ("herhaling", "lantaarn regen boom fiets"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::GONE);
    // Past the 30 seconds between two SMS codes, so the login's code goes out.
    w.t.clock.advance(SignedDuration::from_secs(31));
    other
        .post_to(
            "/inloggen",
            &[
                ("email", "sanne@voorbeeld.example"),
                ("wachtwoord", NEW_PASSWORD),
            ],
            "/inloggen/sms",
        )
        .await;
}

#[tokio::test]
async fn what_ran_out_is_swept_and_what_is_in_use_stays_on_sqlite() {
    sweep_journey(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_ran_out_is_swept_and_what_is_in_use_stays_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    sweep_journey(&w).await;
    w.t.finish().await;
}

/// Idle sessions, unfinished registrations, old links and counters leave the database with the
/// sweep once their time is over (the injected clock moves; nothing sleeps).
async fn sweep_journey(w: &World) {
    let app = &w.t.app;
    let mut laptop = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    let mut phone = Browser::new(&w.t);
    phone
        .post_to(
            "/inloggen",
            &[
                ("email", "daan@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/zorgpagina",
        )
        .await;
    let mut stranger = Browser::new(&w.t);
    stranger
        .post_to(
            "/account-aanmaken",
            &[("akkoord", "ja")],
            "/account-aanmaken/naam",
        )
        .await;
    stranger
        .post(
            "/inloggen",
            &[("email", "daan@voorbeeld.example"), ("wachtwoord", "fout")],
        )
        .await;
    stranger
        .post(
            "/wachtwoord-vergeten",
            &[("email", "daan@voorbeeld.example")],
        )
        .await;
    let link = reset_mails(w, "daan@voorbeeld.example").await.remove(0);
    assert_eq!(
        zk_app::sweep::sweep(app).await.unwrap(),
        zk_app::sweep::Swept::default(),
        "nothing has run out yet"
    );

    // The laptop is used, the phone lies in a drawer: after 15 idle minutes its session goes.
    w.t.clock.advance(SignedDuration::from_mins(10));
    assert_eq!(laptop.get("/zorgpagina").await.status, StatusCode::OK);
    w.t.clock.advance(SignedDuration::from_mins(6));
    assert_eq!(
        laptop
            .get("/sessies")
            .await
            .body
            .matches("Uitloggen op dit apparaat")
            .count(),
        2
    );
    let swept = zk_app::sweep::sweep(app).await.unwrap();
    // The phone's, and the demo world's sessions made when it was seeded.
    assert!(swept.sessions >= 1, "{swept:?}");
    assert_eq!((swept.registrations, swept.links), (0, 0));
    let sessions = laptop.get("/sessies").await;
    assert_eq!(
        sessions.body.matches("Uitloggen op dit apparaat").count(),
        1
    );
    assert_eq!(
        phone.get("/zorgpagina").await.header("location"),
        "/inloggen"
    );

    // Past the hour of the link and the letter limits, past the two hours of the registration.
    w.t.clock.advance(SignedDuration::from_hours(2));
    let swept = zk_app::sweep::sweep(app).await.unwrap();
    assert_eq!(
        swept.registrations, 1,
        "the stranger's unfinished registration"
    );
    assert_eq!(swept.links, 1, "the reset link");
    assert!(
        swept.attempts >= 2,
        "the hour's counters of reset mails and of the address's wrong logins: {swept:?}"
    );
    assert_eq!(swept.sessions, 1, "the laptop's session, idle by now");
    assert_eq!(stranger.get(&link).await.status, StatusCode::GONE);
    let again = stranger.get("/account-aanmaken/naam").await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "the stranger starts again"
    );
    assert_eq!(
        zk_app::sweep::sweep(app).await.unwrap(),
        zk_app::sweep::Swept::default(),
        "a second sweep finds nothing"
    );
}
