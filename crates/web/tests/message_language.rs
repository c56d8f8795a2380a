//! E-mails and text messages to an account are in the account's own language, whatever the
//! language of the page that causes them (SPEC S10).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use support::Browser;
use support::network::{PASSWORD, verified_account};
use support::world::world;

#[tokio::test]
async fn an_account_that_chose_english_gets_its_sms_and_security_mail_in_english() {
    let w = world().await;
    let mut b = verified_account(&w, "Anna", "anna@voorbeeld.example").await;
    b.get("/taal/en?terug=/zorgpagina").await;

    // A new browser without a language choice: the login pages are Dutch.
    w.t.clock.advance(jiff::SignedDuration::from_secs(31));
    let mut other = Browser::new(&w.t);
    let login = other.get("/inloggen").await;
    assert!(login.body.contains("<html lang=\"nl\">"));
    other
        .post_to(
            "/inloggen",
            &[
                ("email", "anna@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/inloggen/sms",
        )
        .await;
    w.deliver().await;
    let sms = w.sms.sent().pop().expect("a login code");
    assert!(
        sms.text_body.starts_with("Your code for"),
        "{}",
        sms.text_body
    );

    let code = w.last_sms_code().await;
    other.post("/inloggen/sms", &[("code", &code)]).await;
    let mail = w.last_mail().await;
    assert_eq!(
        mail.subject.as_deref(),
        Some("Someone logged in on a new device")
    );
    assert!(!mail.text_body.contains("Groeten"), "{}", mail.text_body);
}

#[tokio::test]
async fn an_account_that_keeps_dutch_gets_dutch_from_an_english_page() {
    let w = world().await;
    verified_account(&w, "Bram", "bram@voorbeeld.example").await;
    w.t.clock.advance(jiff::SignedDuration::from_secs(31));
    let mut other = Browser::new(&w.t);
    // The page in English for this browser only: the cookie, not the account's choice.
    other.get("/taal/en?terug=/inloggen").await;
    other
        .post_to(
            "/inloggen",
            &[
                ("email", "bram@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/inloggen/sms",
        )
        .await;
    w.deliver().await;
    let sms = w.sms.sent().pop().expect("a login code");
    assert!(
        sms.text_body.starts_with("Je code voor"),
        "{}",
        sms.text_body
    );
}
