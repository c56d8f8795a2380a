//! Passkeys through the pages, as a browser with a passkey would use them (the library's
//! software authenticator plays the browser's part): adding one on the profile, logging in with
//! it instead of a password, using it as the only second factor, and confirming oneself again;
//! the limits of a passkey login shown plainly, and a new login ending the browser's old session.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::Value;
use support::world::{World, world_with};
use support::{Browser, Reply, TestApp};
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::prelude::{
    CreationChallengeResponse, RequestChallengeResponse, Url,
};
use webauthn_authenticator_rs::softpasskey::SoftPasskey;

const PASSWORD: &str = "fiets boom regen lantaarn";
const EMAIL: &str = "sanne@voorbeeld.example";
const PUBLIC_URL: &str = "http://localhost:8080";

async fn passkey_world() -> World {
    let t = TestApp::with_config(false, |mut c| {
        c.public_url = PUBLIC_URL.into();
        c
    })
    .await;
    world_with(t).await
}

/// The challenge and the ceremony id a passkey page carries.
fn challenge(page: &Reply) -> (Value, String) {
    let body = &page.body;
    let start = body
        .find(r#"<script type="application/json" id="passkey-options">"#)
        .expect("a passkey page");
    let rest = &body[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    let marker = r#"name="ceremonie" value=""#;
    let at = body.find(marker).unwrap() + marker.len();
    let ceremony = body[at..at + 36].to_owned();
    (serde_json::from_str(json).unwrap(), ceremony)
}

fn create(key: &mut SoftPasskey, options: Value) -> String {
    let options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
    let origin = Url::parse(PUBLIC_URL).unwrap();
    serde_json::to_string(&key.do_registration(origin, options).unwrap()).unwrap()
}

fn get(key: &mut SoftPasskey, options: Value) -> String {
    let options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
    let origin = Url::parse(PUBLIC_URL).unwrap();
    serde_json::to_string(&key.do_authentication(origin, options).unwrap()).unwrap()
}

async fn add_passkey(b: &mut Browser<'_>, key: &mut SoftPasskey) {
    let page = b.get("/profiel/passkey").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Passkey toevoegen"));
    let (options, ceremony) = challenge(&page);
    let answer = create(key, options);
    let r = b
        .post(
            "/profiel/passkey",
            &[
                ("ceremonie", &ceremony),
                ("antwoord", &answer),
                ("naam", "Mijn telefoon"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_passkey_added_on_the_profile_logs_in_without_a_password() {
    let w = passkey_world().await;
    let letter = w.letter("valid", "client");
    let mut b = w.register_verified(letter, EMAIL, PASSWORD).await;
    let mut key = SoftPasskey::new(true);
    add_passkey(&mut b, &mut key).await;
    let factors = b.get("/profiel/inlogmethoden").await;
    assert!(factors.body.contains("Mijn telefoon"));
    assert!(factors.body.contains("Code per sms"));
    w.deliver().await;
    assert!(
        w.mailer
            .sent()
            .iter()
            .any(|m| m.text_body.contains("Er is een passkey toegevoegd"))
    );
    b.post_to("/uitloggen", &[], "/").await;

    let mut other = Browser::new(&w.t);
    let login = other.get("/inloggen").await;
    assert!(login.body.contains("Inloggen met een passkey"));
    let page = other.post("/inloggen/passkey", &[("email", EMAIL)]).await;
    let (options, ceremony) = challenge(&page);
    let answer = get(&mut key, options);
    other
        .post_to(
            "/inloggen/passkey/klaar",
            &[("ceremonie", &ceremony), ("antwoord", &answer)],
            "/zorgpagina",
        )
        .await;
    let care = other.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK, "fully logged in: no SMS asked");
    assert!(care.body.contains("Jouw behandelaar"));

    // The same answer again is refused.
    let mut third = Browser::new(&w.t);
    let r = third
        .post(
            "/inloggen/passkey/klaar",
            &[("ceremonie", &ceremony), ("antwoord", &answer)],
        )
        .await;
    assert!(r.body.contains("Dit duurde te lang."));
    assert_eq!(third.get("/zorgpagina").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_kind_of_page_and_never_logs_in() {
    let w = passkey_world().await;
    let mut b = Browser::new(&w.t);
    let page = b
        .post(
            "/inloggen/passkey",
            &[("email", "niemand@voorbeeld.example")],
        )
        .await;
    let (options, ceremony) = challenge(&page);
    let allowed = options["publicKey"]["allowCredentials"].as_array().unwrap();
    assert!(
        (1..=3).contains(&allowed.len()),
        "looks like an account with passkeys"
    );
    let again = b
        .post(
            "/inloggen/passkey",
            &[("email", "niemand@voorbeeld.example")],
        )
        .await;
    let (options_again, _) = challenge(&again);
    assert_eq!(
        options_again["publicKey"]["allowCredentials"],
        options["publicKey"]["allowCredentials"]
    );
    let r = b
        .post(
            "/inloggen/passkey/klaar",
            &[("ceremonie", &ceremony), ("antwoord", "{}")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(b.get("/zorgpagina").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_passkey_alone_is_the_second_step_and_confirms_again() {
    let w = passkey_world().await;
    let letter = w.letter("valid", "client");
    let mut b = w.register_verified(letter, EMAIL, PASSWORD).await;
    let mut key = SoftPasskey::new(true);
    add_passkey(&mut b, &mut key).await;
    // With the passkey, the SMS can go.
    b.post_to(
        "/profiel/inlogmethoden",
        &[("verwijder", "sms")],
        "/profiel/inlogmethoden",
    )
    .await;
    b.post_to("/uitloggen", &[], "/").await;

    let mut other = Browser::new(&w.t);
    other
        .post_to(
            "/inloggen",
            &[("email", EMAIL), ("wachtwoord", PASSWORD)],
            "/inloggen/passkey-stap",
        )
        .await;
    assert_eq!(
        other.get("/zorgpagina").await.header("location"),
        "/inloggen/passkey-stap"
    );
    let page = other.get("/inloggen/passkey-stap").await;
    let (options, ceremony) = challenge(&page);
    let answer = get(&mut key, options);
    other
        .post_to(
            "/inloggen/passkey-stap",
            &[("ceremonie", &ceremony), ("antwoord", &answer)],
            "/zorgpagina",
        )
        .await;

    // Later, a sensitive change is confirmed with the passkey instead of the password.
    w.t.clock.advance(SignedDuration::from_mins(6));
    other.get("/zorgpagina").await;
    let ask = other
        .get("/opnieuw-inloggen?terug=%2Fprofiel%2Fwachtwoord")
        .await;
    assert!(
        ask.body
            .contains("Bevestig met je passkey in plaats van je wachtwoord")
    );
    let page = other
        .get("/opnieuw-inloggen/passkey?terug=%2Fprofiel%2Fwachtwoord")
        .await;
    let (options, ceremony) = challenge(&page);
    let answer = get(&mut key, options);
    other
        .post_to(
            "/opnieuw-inloggen/passkey",
            &[
                ("ceremonie", &ceremony),
                ("antwoord", &answer),
                ("terug", "/profiel/wachtwoord"),
            ],
            "/profiel/wachtwoord",
        )
        .await;
    assert_eq!(
        other.get("/profiel/wachtwoord").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_installation_on_an_ip_address_offers_no_passkeys() {
    let w = support::world::world().await;
    let mut b = Browser::new(&w.t);
    let login = b.get("/inloggen").await;
    assert!(!login.body.contains("Inloggen met een passkey"));
    let r = b.post("/inloggen/passkey", &[("email", EMAIL)]).await;
    assert!(
        r.body
            .contains("Passkeys kunnen op dit adres niet worden gebruikt.")
    );
}

// ---- The limits of a passkey login, and a login replacing the browser's session -----------

/// [`passkey_world`] on a fresh PostgreSQL database.
async fn passkey_world_on_postgresql() -> World {
    let mut w = world_with(TestApp::postgres().await).await;
    let mut config = support::config(None);
    config.public_url = PUBLIC_URL.into();
    let state = zk_web::AppState::new(w.t.app.clone(), config).unwrap();
    w.t.router = zk_web::router(state);
    w
}

/// Sanne with a verified phone and a passkey, logged out; her passkey.
async fn sanne_with_passkey(w: &World) -> SoftPasskey {
    let letter = w.letter("valid", "client");
    let mut b = w.register_verified(letter, EMAIL, PASSWORD).await;
    let mut key = SoftPasskey::new(true);
    add_passkey(&mut b, &mut key).await;
    b.post_to("/uitloggen", &[], "/").await;
    key
}

/// Answers a passkey login for Sanne with `answer` (`None`: with her passkey).
async fn passkey_login(b: &mut Browser<'_>, key: &mut SoftPasskey, answer: Option<&str>) -> Reply {
    let page = b.post("/inloggen/passkey", &[("email", EMAIL)]).await;
    let (options, ceremony) = challenge(&page);
    let answer = answer.map_or_else(|| get(key, options), str::to_owned);
    b.post(
        "/inloggen/passkey/klaar",
        &[("ceremonie", &ceremony), ("antwoord", &answer)],
    )
    .await
}

async fn limits_shown_on(w: &World) {
    use zk_app::limits::wait_after;
    use zk_app::password_check::{DAILY_CEILING, PASSWORD_TRIES};
    let mut key = sanne_with_passkey(w).await;
    let mut b = Browser::new(&w.t).at([203, 0, 113, 9]);
    for _ in 0..=PASSWORD_TRIES.free {
        let r = passkey_login(&mut b, &mut key, Some("{}")).await;
        assert!(
            r.body.contains("Dit lukte niet met deze passkey."),
            "{}",
            r.body
        );
    }
    // Past the free tries: the wait is named, even for her real passkey.
    let r = passkey_login(&mut b, &mut key, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Je hebt het te vaak geprobeerd. Probeer het over 1 minuten opnieuw."),
        "{}",
        r.body
    );
    assert_eq!(b.get("/zorgpagina").await.header("location"), "/inloggen");

    // A hundred failures in a day close this network until a new password.
    let tried = PASSWORD_TRIES.free + 1;
    w.t.clock
        .advance(wait_after(&PASSWORD_TRIES, tried) + SignedDuration::from_secs(1));
    for n in tried + 1..=DAILY_CEILING {
        let r = passkey_login(&mut b, &mut key, Some("{}")).await;
        assert!(r.body.contains("Dit lukte niet"), "try {n}: {}", r.body);
        w.t.clock
            .advance(wait_after(&PASSWORD_TRIES, n) + SignedDuration::from_secs(1));
    }
    let r = passkey_login(&mut b, &mut key, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Kies een nieuw wachtwoord via"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("href=\"/wachtwoord-vergeten\""),
        "{}",
        r.body
    );
    assert_eq!(b.get("/zorgpagina").await.header("location"), "/inloggen");

    // From her own network, her passkey works at once.
    let mut own = Browser::new(&w.t).at([198, 51, 100, 7]);
    let r = passkey_login(&mut own, &mut key, None).await;
    assert_eq!(r.header("location"), "/zorgpagina", "{}", r.body);
}

#[tokio::test]
async fn the_waits_and_the_ceiling_of_a_passkey_login_are_shown_plainly() {
    limits_shown_on(&passkey_world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_waits_and_the_ceiling_of_a_passkey_login_are_shown_plainly_on_postgresql() {
    let w = passkey_world_on_postgresql().await;
    limits_shown_on(&w).await;
    w.t.finish().await;
}

/// The session cookie a browser holds now.
fn session_cookie(b: &Browser<'_>) -> String {
    format!("zk_session={}", b.cookies["zk_session"])
}

async fn new_login_ends_old_session_on(w: &World) {
    let mut key = sanne_with_passkey(w).await;
    let mut b = Browser::new(&w.t);
    let r = passkey_login(&mut b, &mut key, None).await;
    assert_eq!(r.header("location"), "/zorgpagina", "{}", r.body);
    let first = session_cookie(&b);
    assert_eq!(
        w.t.get_with_cookie("/zorgpagina", &first).await.status,
        StatusCode::OK
    );

    // A password login in the same browser: the first session ends.
    w.t.clock.advance(SignedDuration::from_secs(31));
    let r = b
        .post("/inloggen", &[("email", EMAIL), ("wachtwoord", PASSWORD)])
        .await;
    assert_eq!(r.header("location"), "/inloggen/sms", "{}", r.body);
    let second = session_cookie(&b);
    assert_ne!(first, second);
    let old = w.t.get_with_cookie("/zorgpagina", &first).await;
    assert_eq!(
        old.header("location"),
        "/inloggen",
        "the old token opens nothing"
    );
    assert_eq!(
        b.get("/zorgpagina").await.header("location"),
        "/inloggen/sms"
    );

    // A passkey login in the same browser ends the half-made one.
    let r = passkey_login(&mut b, &mut key, None).await;
    assert_eq!(r.header("location"), "/zorgpagina", "{}", r.body);
    let old = w.t.get_with_cookie("/inloggen/sms", &second).await;
    assert_eq!(
        old.header("location"),
        "/inloggen",
        "the old token opens nothing"
    );
    assert_eq!(b.get("/zorgpagina").await.status, StatusCode::OK);
    let page = zk_domain::page::PageRequest::first(50);
    let account =
        w.t.app
            .store
            .find_account_by_email(EMAIL)
            .await
            .unwrap()
            .unwrap();
    let sessions = zk_app::sessions::own_sessions(&w.t.app, &account, &page)
        .await
        .unwrap();
    assert_eq!(sessions.items.len(), 1, "only the newest login is left");
}

#[tokio::test]
async fn a_new_login_ends_the_session_the_browser_had() {
    new_login_ends_old_session_on(&passkey_world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_login_ends_the_session_the_browser_had_on_postgresql() {
    let w = passkey_world_on_postgresql().await;
    new_login_ends_old_session_on(&w).await;
    w.t.finish().await;
}
