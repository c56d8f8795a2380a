//! Account security after registration: the password asked again before sensitive changes,
//! changing the password and the e-mail address (verified at the new address, announced at the
//! old one), removing second factors (never the last), and the e-mail about a new browser.

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
const EMAIL: &str = "sanne@voorbeeld.example";

/// Delivers the outbox and returns the mails to `to`, oldest first.
async fn mails_to(w: &World, to: &str) -> Vec<zk_store::OutgoingMessage> {
    w.deliver().await;
    w.mailer
        .sent()
        .into_iter()
        .filter(|m| m.recipient == to)
        .collect()
}

fn link_path(text: &str, marker: &str) -> String {
    let line = text.lines().find(|l| l.contains(marker)).unwrap();
    line.split_once("8080").unwrap().1.trim().to_owned()
}

async fn registered(w: &World) -> Browser<'_> {
    let letter = w.letter("valid", "client");
    w.register_verified(letter, EMAIL, PASSWORD).await
}

#[tokio::test]
async fn a_stale_login_asks_for_the_password_before_a_change_and_comes_back() {
    let w = world().await;
    let mut b = registered(&w).await;
    // Just logged in: no question.
    let page = b.get("/profiel/wachtwoord").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Nieuw wachtwoord kiezen"));

    w.t.clock.advance(SignedDuration::from_mins(6));
    b.get("/zorgpagina").await; // still logged in, but the password is no longer fresh
    let r = b.get("/profiel/wachtwoord").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        "/opnieuw-inloggen?terug=%2Fprofiel%2Fwachtwoord"
    );
    let ask = b.get(r.header("location")).await;
    assert!(ask.body.contains("Typ je wachtwoord nog een keer"));
    let wrong = b
        .post(
            "/opnieuw-inloggen",
            &[("wachtwoord", "verkeerd"), ("terug", "/profiel/wachtwoord")],
        )
        .await;
    assert!(wrong.body.contains("Dit wachtwoord klopt niet."));
    b.post_to(
        "/opnieuw-inloggen",
        &[("wachtwoord", PASSWORD), ("terug", "/profiel/wachtwoord")],
        "/profiel/wachtwoord",
    )
    .await;
    assert_eq!(b.get("/profiel/wachtwoord").await.status, StatusCode::OK);

    // The way back never leaves the site.
    w.t.clock.advance(SignedDuration::from_mins(6));
    b.get("/zorgpagina").await;
    b.post_to(
        "/opnieuw-inloggen",
        &[("wachtwoord", PASSWORD), ("terug", "//elders.example/")],
        "/profiel",
    )
    .await;
}

#[tokio::test]
async fn wrong_passwords_when_asked_again_count_towards_the_login_limit() {
    let w = world().await;
    let mut b = registered(&w).await;
    w.t.clock.advance(SignedDuration::from_mins(6));
    b.get("/zorgpagina").await;
    for _ in 0..6 {
        let r = b
            .post("/opnieuw-inloggen", &[("wachtwoord", "verkeerd")])
            .await;
        assert!(r.body.contains("Dit wachtwoord klopt niet."));
    }
    let r = b
        .post("/opnieuw-inloggen", &[("wachtwoord", PASSWORD)])
        .await;
    assert!(
        r.body.contains("te vaak geprobeerd"),
        "after the free tries even the right password waits"
    );
    // The login page shares the count: the address waits there too.
    let mut other = Browser::new(&w.t);
    let r = other
        .post("/inloggen", &[("email", EMAIL), ("wachtwoord", PASSWORD)])
        .await;
    assert!(r.body.contains("te vaak geprobeerd"));
}

#[tokio::test]
async fn a_new_password_logs_out_every_other_device_and_tells_the_holder() {
    a_new_password_logs_out_every_other_device_and_tells_the_holder_on(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_logs_out_every_other_device_and_tells_the_holder_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_new_password_logs_out_every_other_device_and_tells_the_holder_on(&w).await;
    w.t.finish().await;
}

async fn a_new_password_logs_out_every_other_device_and_tells_the_holder_on(w: &World) {
    let mut b = registered(w).await;
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut other = Browser::new(&w.t);
    other
        .post_to(
            "/inloggen",
            &[("email", EMAIL), ("wachtwoord", PASSWORD)],
            "/inloggen/sms",
        )
        .await;
    let code = w.last_sms_code().await;
    other
        .post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;

    let weak = b
        .post(
            "/profiel/wachtwoord",
            &[("wachtwoord", "welkom01"), ("herhaling", "welkom01")],
        )
        .await;
    assert!(weak.body.contains("Dit wachtwoord gebruiken veel mensen."));
    let done = b
        .post(
            "/profiel/wachtwoord",
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)],
        )
        .await;
    assert!(done.body.contains("Je nieuwe wachtwoord is opgeslagen."));
    assert!(
        done.body
            .contains("Je bent op alle andere apparaten uitgelogd.")
    );
    assert_eq!(
        other.get("/zorgpagina").await.header("location"),
        "/inloggen"
    );
    assert_eq!(b.get("/zorgpagina").await.status, StatusCode::OK);
    let mails = mails_to(w, EMAIL).await;
    assert!(
        mails
            .last()
            .unwrap()
            .text_body
            .contains("Je wachtwoord is veranderd.")
    );

    let mut fresh = Browser::new(&w.t);
    let old = fresh
        .post("/inloggen", &[("email", EMAIL), ("wachtwoord", PASSWORD)])
        .await;
    assert!(
        old.body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
    // Past the 30 seconds between two SMS codes, so the login's code goes out.
    w.t.clock.advance(SignedDuration::from_secs(31));
    fresh
        .post_to(
            "/inloggen",
            &[("email", EMAIL), ("wachtwoord", NEW_PASSWORD)],
            "/inloggen/sms",
        )
        .await;
}

#[tokio::test]
async fn a_new_email_address_is_confirmed_at_the_new_address_and_announced_at_the_old_one() {
    a_new_email_address_is_confirmed_at_the_new_address_and_announced_at_the_old_one_on(
        &world().await,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_email_address_is_confirmed_at_the_new_address_and_announced_at_the_old_one_on_postgresql()
 {
    let w = world_with(support::TestApp::postgres().await).await;
    a_new_email_address_is_confirmed_at_the_new_address_and_announced_at_the_old_one_on(&w).await;
    w.t.finish().await;
}

async fn a_new_email_address_is_confirmed_at_the_new_address_and_announced_at_the_old_one_on(
    w: &World,
) {
    let mut b = registered(w).await;
    let bad = b.post("/profiel/e-mail", &[("email", "geen-adres")]).await;
    assert!(bad.body.contains("Dit is geen goed e-mailadres."));
    let same = b.post("/profiel/e-mail", &[("email", EMAIL)]).await;
    assert!(same.body.contains("Dit is al je e-mailadres."));

    let sent = b
        .post(
            "/profiel/e-mail",
            &[("email", "Sanne.Nieuw@Voorbeeld.example")],
        )
        .await;
    assert!(
        sent.body
            .contains("We hebben een e-mail gestuurd naar sanne.nieuw@voorbeeld.example")
    );
    let to_new = mails_to(w, "sanne.nieuw@voorbeeld.example").await;
    assert_eq!(to_new.len(), 1);
    let link = link_path(&to_new[0].text_body, "/profiel/e-mail/bevestigen/");
    let notice = mails_to(w, EMAIL).await;
    assert!(
        notice
            .last()
            .unwrap()
            .text_body
            .contains("Iemand heeft gevraagd om het e-mailadres van je account te veranderen.")
    );

    // Opening the link changes nothing; the button does, once, in any browser.
    let mut elsewhere = Browser::new(&w.t);
    let page = elsewhere.get(&link).await;
    assert!(page.body.contains("Ja, gebruik dit e-mailadres"));
    let account = w.t.app.store.find_account_by_email(EMAIL).await.unwrap();
    assert!(account.is_some(), "not changed by opening the link");
    let done = elsewhere.post(&link, &[]).await;
    assert!(
        done.body
            .contains("Je e-mailadres is nu sanne.nieuw@voorbeeld.example")
    );
    assert_eq!(elsewhere.post(&link, &[]).await.status, StatusCode::GONE);
    let changed = mails_to(w, EMAIL).await;
    assert!(
        changed
            .last()
            .unwrap()
            .text_body
            .contains("Het e-mailadres van je account is veranderd.")
    );

    // Past the 30 seconds between two SMS codes, so the login's code goes out.
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut fresh = Browser::new(&w.t);
    fresh
        .post_to(
            "/inloggen",
            &[
                ("email", "sanne.nieuw@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/inloggen/sms",
        )
        .await;
}

#[tokio::test]
async fn an_address_with_an_account_gets_a_notice_instead_of_a_link() {
    let w = world().await;
    let mut b = registered(&w).await;
    let taken = w.demo.accounts[0].email.clone();
    let sent = b.post("/profiel/e-mail", &[("email", &taken)]).await;
    assert!(
        sent.body.contains("We hebben een e-mail gestuurd naar"),
        "the screen does not tell that the address has an account"
    );
    let mails = mails_to(&w, &taken).await;
    let last = mails.last().unwrap();
    assert!(
        last.text_body
            .contains("dit e-mailadres hoort al bij een account")
    );
    assert!(!last.text_body.contains("/profiel/e-mail/bevestigen/"));
}

#[tokio::test]
async fn the_last_second_factor_cannot_be_removed_but_one_of_two_can() {
    the_last_second_factor_cannot_be_removed_but_one_of_two_can_on(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_second_factor_cannot_be_removed_but_one_of_two_can_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    the_last_second_factor_cannot_be_removed_but_one_of_two_can_on(&w).await;
    w.t.finish().await;
}

async fn the_last_second_factor_cannot_be_removed_but_one_of_two_can_on(w: &World) {
    let mut b = registered(w).await;
    let page = b.get("/profiel/inlogmethoden").await;
    assert!(page.body.contains("Code per sms"));
    let refused = b
        .post("/profiel/inlogmethoden", &[("verwijder", "sms")])
        .await;
    assert!(
        refused
            .body
            .contains("Dit is je laatste manier om in te loggen.")
    );
    let account =
        w.t.app
            .store
            .find_account_by_email(EMAIL)
            .await
            .unwrap()
            .unwrap();
    assert!(account.has_verified_phone());

    // With an app as well, the SMS can go; the holder is told.
    w.t.app
        .store
        .set_authenticator(account.id, b"sealed", 1, zk_store::Audit::NONE)
        .await
        .unwrap();
    b.post_to(
        "/profiel/inlogmethoden",
        &[("verwijder", "sms")],
        "/profiel/inlogmethoden",
    )
    .await;
    let account =
        w.t.app
            .store
            .find_account_by_email(EMAIL)
            .await
            .unwrap()
            .unwrap();
    assert!(!account.has_verified_phone());
    assert!(account.has_authenticator);
    let mails = mails_to(w, EMAIL).await;
    assert!(
        mails
            .last()
            .unwrap()
            .text_body
            .contains("Er is een manier om in te loggen verwijderd")
    );

    // A stale login is asked for the password first, and nothing is removed meanwhile.
    w.t.clock.advance(SignedDuration::from_mins(6));
    b.get("/zorgpagina").await;
    let r = b
        .post("/profiel/inlogmethoden", &[("verwijder", "app")])
        .await;
    assert_eq!(
        r.header("location"),
        "/opnieuw-inloggen?terug=%2Fprofiel%2Finlogmethoden"
    );
}

#[tokio::test]
async fn a_login_from_a_new_browser_is_announced_once() {
    let w = world().await;
    let mut b = registered(&w).await;
    b.post_to("/uitloggen", &[], "/").await;
    let before = mails_to(&w, EMAIL).await.len();
    w.t.clock.advance(SignedDuration::from_secs(31));

    let mut other = Browser::new(&w.t);
    other
        .post_to(
            "/inloggen",
            &[("email", EMAIL), ("wachtwoord", PASSWORD)],
            "/inloggen/sms",
        )
        .await;
    let code = w.last_sms_code().await;
    other
        .post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;
    let mails = mails_to(&w, EMAIL).await;
    assert_eq!(mails.len(), before + 1);
    assert!(
        mails
            .last()
            .unwrap()
            .text_body
            .contains("Er is ingelogd op je account met")
    );

    // The same browser again: no new mail.
    other.post_to("/uitloggen", &[], "/").await;
    w.t.clock.advance(SignedDuration::from_secs(61));
    other
        .post_to(
            "/inloggen",
            &[("email", EMAIL), ("wachtwoord", PASSWORD)],
            "/inloggen/sms",
        )
        .await;
    let code = w.last_sms_code().await;
    other
        .post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;
    assert_eq!(mails_to(&w, EMAIL).await.len(), before + 1);
}

#[tokio::test]
async fn the_browser_that_made_the_account_is_not_new_at_its_next_login() {
    let w = world().await;
    let mut b = registered(&w).await;
    b.post_to("/uitloggen", &[], "/").await;
    let before = mails_to(&w, EMAIL).await.len();
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post_to(
        "/inloggen",
        &[("email", EMAIL), ("wachtwoord", PASSWORD)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;
    assert_eq!(mails_to(&w, EMAIL).await.len(), before);
}

#[tokio::test]
async fn the_care_page_offers_recovery_codes_until_they_are_made() {
    let w = world().await;
    let mut b = registered(&w).await;
    let care = b.get("/zorgpagina").await;
    assert!(care.body.contains("Maak herstelcodes"));
    let made = b.post("/profiel/herstelcodes", &[]).await;
    assert_eq!(made.status, StatusCode::OK);
    let care = b.get("/zorgpagina").await;
    assert!(!care.body.contains("Maak herstelcodes"));
}

#[tokio::test]
async fn every_page_offers_logging_out_while_logged_in() {
    let w = world().await;
    let mut b = registered(&w).await;
    for path in ["/profiel", "/connecties", "/hulp"] {
        let page = b.get(path).await;
        assert!(page.body.contains("action=\"/uitloggen\""), "{path}");
    }
    b.post_to("/uitloggen", &[], "/").await;
    assert!(!b.get("/hulp").await.body.contains("action=\"/uitloggen\""));
}
