//! The authenticator app as second factor: set up with the secret from the page and a first
//! code, then asked at every login; a code's time step works once; one step of drift is fine;
//! a changed setup form is refused, and a replacement asks a fresh login first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use jiff::SignedDuration;
use support::Browser;
use support::world::{World, world};
use zk_app::totp::{code_at, step_of};

const PASSWORD: &str = "fiets boom regen lantaarn";

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    body.split(start).nth(1).unwrap().split(end).next().unwrap()
}

fn base32_decode(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        buffer = (buffer << 5) | alphabet.iter().position(|a| *a == c).unwrap() as u32;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    out
}

fn code_now(w: &World, secret: &[u8], steps_ahead: i64) -> String {
    code_at(secret, step_of(w.t.app.now().as_second()) + steps_ahead)
}

/// Sets up the app on the profile and returns its secret.
async fn set_up(w: &World, b: &mut Browser<'_>) -> Vec<u8> {
    let page = b.get("/profiel/app").await;
    assert!(page.body.contains("<svg"), "a QR code");
    let secret = base32_decode(between(&page.body, "<code>", "</code>"));
    let sealed = between(&page.body, "name=\"geheim\" value=\"", "\"").to_owned();
    let code = code_now(w, &secret, 0);
    let r = b
        .post(
            "/profiel/app",
            &[("geheim", sealed.as_str()), ("code", code.as_str())],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.header("location").starts_with("/profiel"));
    secret
}

#[tokio::test]
async fn the_app_guards_every_login_and_each_code_works_once() {
    let w = world().await;
    let mut b = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;

    // A changed setup form is refused.
    let page = b.get("/profiel/app").await;
    let sealed = between(&page.body, "name=\"geheim\" value=\"", "\"").to_owned();
    let mut changed = sealed.clone().into_bytes();
    changed[30] = if changed[30] == b'0' { b'1' } else { b'0' };
    let r = b
        .post(
            "/profiel/app",
            &[
                ("geheim", std::str::from_utf8(&changed).unwrap()),
                ("code", "123456"),
            ],
        )
        .await;
    assert!(r.body.contains("Begin opnieuw"), "{}", r.body);

    let secret = set_up(&w, &mut b).await;
    assert!(
        b.get("/profiel")
            .await
            .body
            .contains("Je logt in met een code uit je authenticator-app.")
    );
    assert!(
        b.get("/zorgpagina").await.status.is_success(),
        "this session passed the app already"
    );

    // Logging in again asks for the app's code; the setup's code does not work twice.
    b.post("/uitloggen", &[]).await;
    b.post_to(
        "/inloggen",
        &[
            ("email", "daan@voorbeeld.example"),
            ("wachtwoord", PASSWORD),
        ],
        "/inloggen/app",
    )
    .await;
    assert_eq!(
        b.get("/zorgpagina").await.header("location"),
        "/inloggen/app",
        "no care page before the code"
    );
    let r = b
        .post("/inloggen/app", &[("code", &code_now(&w, &secret, 0))])
        .await;
    assert!(r.body.contains("Deze code is al gebruikt."), "{}", r.body);
    let wrong = if code_now(&w, &secret, 5) == "000000" {
        "111111".to_owned()
    } else {
        "000000".to_owned()
    };
    let r = b.post("/inloggen/app", &[("code", wrong.as_str())]).await;
    assert!(r.body.contains("Deze code klopt niet."));
    w.t.clock.advance(SignedDuration::from_secs(30));
    b.post_to(
        "/inloggen/app",
        &[("code", &code_now(&w, &secret, 0))],
        "/zorgpagina",
    )
    .await;

    // One step of drift is accepted, two are not.
    b.post("/uitloggen", &[]).await;
    w.t.clock.advance(SignedDuration::from_secs(60));
    b.post_to(
        "/inloggen",
        &[
            ("email", "daan@voorbeeld.example"),
            ("wachtwoord", PASSWORD),
        ],
        "/inloggen/app",
    )
    .await;
    let r = b
        .post("/inloggen/app", &[("code", &code_now(&w, &secret, 2))])
        .await;
    assert!(r.body.contains("Deze code klopt niet."));
    b.post_to(
        "/inloggen/app",
        &[("code", &code_now(&w, &secret, 1))],
        "/zorgpagina",
    )
    .await;
}

#[tokio::test]
async fn replacing_the_app_needs_a_fresh_login() {
    let w = world().await;
    let mut b = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    set_up(&w, &mut b).await;
    // Within five minutes of the login the app may be replaced at once; the form never asks
    // for the password itself.
    w.t.clock.advance(SignedDuration::from_secs(30));
    let page = b.get("/profiel/app").await;
    assert!(!page.body.contains("f-wachtwoord"), "no password here");
    let secret = base32_decode(between(&page.body, "<code>", "</code>"));
    let sealed = between(&page.body, "name=\"geheim\" value=\"", "\"").to_owned();

    // Later, the page and its answer send the browser to prove the login first.
    w.t.clock.advance(SignedDuration::from_mins(6));
    let back = "/opnieuw-inloggen?terug=%2Fprofiel%2Fapp";
    assert_eq!(b.get("/profiel/app").await.header("location"), back);
    let code = code_now(&w, &secret, 0);
    let r = b
        .post(
            "/profiel/app",
            &[("geheim", sealed.as_str()), ("code", code.as_str())],
        )
        .await;
    assert_eq!(r.header("location"), back);
    b.post_to(
        "/opnieuw-inloggen",
        &[("wachtwoord", PASSWORD), ("terug", "/profiel/app")],
        "/profiel/app",
    )
    .await;
    let r = b
        .post(
            "/profiel/app",
            &[("geheim", sealed.as_str()), ("code", code.as_str())],
        )
        .await;
    assert_eq!(
        r.header("location"),
        "/profiel/herstelcodes",
        "no recovery codes were made yet"
    );
}

#[tokio::test]
async fn recovery_codes_are_shown_once_and_each_passes_one_login() {
    let w = world().await;
    let mut b = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    let page = b.get("/profiel/app").await;
    let secret = base32_decode(between(&page.body, "<code>", "</code>"));
    let sealed = between(&page.body, "name=\"geheim\" value=\"", "\"").to_owned();
    let code = code_now(&w, &secret, 0);
    // The first second factor leads straight to making recovery codes.
    let r = b
        .post(
            "/profiel/app",
            &[("geheim", sealed.as_str()), ("code", code.as_str())],
        )
        .await;
    assert_eq!(r.header("location"), "/profiel/herstelcodes");
    // The holder hears of it by e-mail.
    let mail = w.last_mail().await;
    assert_eq!(
        mail.subject.as_deref(),
        Some("Er is iets veranderd aan je account bij Zorgkring")
    );
    assert!(
        mail.text_body
            .contains("Er is een authenticator-app gekoppeld om mee in te loggen.")
    );
    assert!(mail.text_body.contains("Was jij dit niet?"));
    let made = b.post("/profiel/herstelcodes", &[]).await;
    let codes: Vec<String> = made
        .body
        .split("<li><code>")
        .skip(1)
        .map(|p| p.split("</code>").next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    assert!(
        b.get("/profiel/herstelcodes")
            .await
            .body
            .contains("Je hebt nog 10 herstelcodes")
    );

    b.post("/uitloggen", &[]).await;
    b.post_to(
        "/inloggen",
        &[
            ("email", "daan@voorbeeld.example"),
            ("wachtwoord", PASSWORD),
        ],
        "/inloggen/app",
    )
    .await;
    assert!(
        b.get("/inloggen/app")
            .await
            .body
            .contains("href=\"/inloggen/herstelcode\"")
    );
    let r = b
        .post("/inloggen/herstelcode", &[("code", "aaaaa-aaaaa")])
        .await;
    assert!(
        r.body
            .contains("Deze herstelcode klopt niet of is al gebruikt.")
    );
    let typed = codes[0].to_uppercase().replace('-', " ");
    let r = b
        .post("/inloggen/herstelcode", &[("code", typed.as_str())])
        .await;
    assert!(
        r.body
            .contains("Je hebt een herstelcode gebruikt. Je hebt er nog 9."),
        "{}",
        r.body
    );
    assert!(b.get("/zorgpagina").await.status.is_success());

    b.post("/uitloggen", &[]).await;
    b.post_to(
        "/inloggen",
        &[
            ("email", "daan@voorbeeld.example"),
            ("wachtwoord", PASSWORD),
        ],
        "/inloggen/app",
    )
    .await;
    let r = b
        .post("/inloggen/herstelcode", &[("code", codes[0].as_str())])
        .await;
    assert!(
        r.body
            .contains("Deze herstelcode klopt niet of is al gebruikt."),
        "single use"
    );
}
