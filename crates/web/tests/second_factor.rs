//! The phone as second factor (SPEC S2.14): adding it on the profile page with an SMS code, the
//! care page that then shows the provider's data, and the SMS step at every later login.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::world::{world, world_with};

const PASSWORD: &str = "fiets boom regen lantaarn";

#[tokio::test]
async fn a_verified_phone_opens_the_care_page_and_guards_every_login_on_sqlite() {
    phone_journey(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verified_phone_opens_the_care_page_and_guards_every_login_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    phone_journey(&w).await;
    w.t.finish().await;
}

async fn phone_journey(w: &support::world::World) {
    let letter = w.letter("valid", "client");
    let client = w
        .demo
        .clients
        .iter()
        .find(|c| c.client_number == letter.client_number)
        .unwrap();
    let mut b = w
        .register(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;

    // The banner asks for the phone; the profile page takes it.
    let care = b.get("/zorgpagina").await;
    assert!(care.body.contains("href=\"/profiel\""));
    let profile = b.get("/profiel").await;
    assert!(
        profile
            .body
            .contains("<label for=\"f-telefoon\">Mobiel telefoonnummer</label>")
    );
    let r = b.post("/profiel", &[("telefoon", "010 123 45 67")]).await;
    assert!(r.body.contains("Dit is een vast nummer."), "{}", r.body);
    let r = b.post("/profiel", &[("telefoon", "06 123")]).await;
    assert!(r.body.contains("niet het goede aantal cijfers"));
    let code_page = b
        .post_to(
            "/profiel",
            &[("telefoon", "06 1234 5678")],
            "/profiel/telefoon/code",
        )
        .await;
    assert!(code_page.body.contains("Vul de code uit de sms in"));
    let code = w.last_sms_code().await;
    assert_eq!(w.sms.sent().last().unwrap().recipient, "+31612345678");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = b.post("/profiel/telefoon/code", &[("code", wrong)]).await;
    assert!(r.body.contains("Deze code klopt niet."));
    b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
        .await;

    // Now the provider's data shows, labelled with the provider's name.
    let care = b.get("/zorgpagina").await;
    assert!(!care.body.contains("Voeg je telefoonnummer toe"));
    assert!(care.body.contains("Jouw behandelaar"));
    assert!(care.body.contains(&letter.provider));
    for practitioner in &client.practitioners {
        assert!(care.body.contains(practitioner.as_str()), "{practitioner}");
    }
    assert!(care.body.contains("Je volgende afspraken") && care.body.contains("Eerdere afspraken"));
    // Dutch dates: the demo's appointments are 2, 9 and 23 days ahead of 23 November 2026.
    assert!(
        care.body.contains("woensdag 25 november 2026"),
        "{}",
        care.body
    );
    assert!(care.body.contains("Behandelgesprek") || care.body.contains("Evaluatie behandelplan"));
    let profile = b.get("/profiel").await;
    assert!(profile.body.contains("+31 6 ****5678"));
    assert!(!profile.body.contains("+31612345678") && !profile.body.contains("06 1234 5678"));

    // Moving the second factor to another phone needs a fresh login: at once after logging in,
    // later only after proving the password again.
    w.t.clock.advance(SignedDuration::from_mins(6));
    let r = b.post("/profiel", &[("telefoon", "06 8765 4321")]).await;
    assert_eq!(r.header("location"), "/opnieuw-inloggen?terug=%2Fprofiel");
    let r = b
        .post(
            "/opnieuw-inloggen",
            &[("wachtwoord", "fout"), ("terug", "/profiel")],
        )
        .await;
    assert!(r.body.contains("Dit wachtwoord klopt niet."), "{}", r.body);
    b.post_to(
        "/opnieuw-inloggen",
        &[("wachtwoord", PASSWORD), ("terug", "/profiel")],
        "/profiel",
    )
    .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "06 8765 4321")],
        "/profiel/telefoon/code",
    )
    .await;

    // Every login now asks for an SMS code after the password.
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post("/uitloggen", &[]).await;
    b.post_to(
        "/inloggen",
        &[
            ("email", "sanne@voorbeeld.example"),
            ("wachtwoord", PASSWORD),
        ],
        "/inloggen/sms",
    )
    .await;
    assert_eq!(
        b.get("/zorgpagina").await.header("location"),
        "/inloggen/sms",
        "no data before the code"
    );
    let code = w.last_sms_code().await;
    let r = b.post("/inloggen/sms", &[("code", wrong)]).await;
    assert!(r.body.contains("Deze code klopt niet."));
    b.post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;
    assert!(b.get("/zorgpagina").await.body.contains("Jouw behandelaar"));
}

#[tokio::test]
async fn a_session_token_from_before_the_second_step_is_worthless_after_it_on_sqlite() {
    token_rotation(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_token_from_before_the_second_step_is_worthless_after_it_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    token_rotation(&w).await;
    w.t.finish().await;
}

/// Someone who saw the session cookie after the password (a shared computer, a cookie planted
/// before the login) must not ride along once the owner passes the second step, nor once the
/// owner proves the password again.
async fn token_rotation(w: &support::world::World) {
    let letter = w.letter("valid", "client");
    let mut owner = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    w.t.clock.advance(SignedDuration::from_secs(31));
    owner.post("/uitloggen", &[]).await;
    owner
        .post_to(
            "/inloggen",
            &[
                ("email", "sanne@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/inloggen/sms",
        )
        .await;
    let mut thief = support::Browser::new(&w.t);
    thief.cookies = owner.cookies.clone();
    assert!(thief.cookies.contains_key("zk_session"));
    let code = w.last_sms_code().await;
    owner
        .post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;
    assert_ne!(
        owner.cookies.get("zk_session"),
        thief.cookies.get("zk_session"),
        "a new token for the logged-in session"
    );
    let r = thief.get("/zorgpagina").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/inloggen", "not even the SMS step");
    let r = thief.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.header("location"), "/inloggen");
    assert!(
        owner
            .get("/zorgpagina")
            .await
            .body
            .contains("Jouw behandelaar")
    );

    // Proving the password again before a sensitive change gives a new token too.
    thief.cookies = owner.cookies.clone();
    w.t.clock.advance(SignedDuration::from_mins(6));
    let r = owner.get("/profiel/wachtwoord").await;
    assert!(r.header("location").starts_with("/opnieuw-inloggen"));
    owner
        .post_to(
            "/opnieuw-inloggen",
            &[("wachtwoord", PASSWORD), ("terug", "/profiel/wachtwoord")],
            "/profiel/wachtwoord",
        )
        .await;
    assert_eq!(
        thief.get("/zorgpagina").await.header("location"),
        "/inloggen"
    );
    assert_eq!(owner.get("/zorgpagina").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_sms_code_expires_after_ten_minutes_and_allows_five_tries() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut b = w
        .register(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "+31 6 12345678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;

    // Ten minutes later the code no longer works.
    w.t.clock.advance(SignedDuration::from_mins(10));
    let r = b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    assert!(r.body.contains("Deze code werkt niet meer."));

    // A new code; five wrong tries use it up, even the right one fails after that. Ten
    // minutes on, adding a phone first asks for the password again.
    b.post_to(
        "/opnieuw-inloggen",
        &[("wachtwoord", PASSWORD), ("terug", "/profiel")],
        "/profiel",
    )
    .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "+31 6 12345678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        let r = b.post("/profiel/telefoon/code", &[("code", wrong)]).await;
        assert!(r.body.contains("Deze code klopt niet."));
    }
    let r = b.post("/profiel/telefoon/code", &[("code", wrong)]).await;
    assert!(r.body.contains("te vaak een verkeerde code"));
    let r = b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    assert!(r.body.contains("te vaak een verkeerde code"));
    assert!(
        b.get("/zorgpagina")
            .await
            .body
            .contains("Voeg je telefoonnummer toe"),
        "still not verified"
    );

    // Sending is limited: not twice within 30 seconds, at most 5 per hour.
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post_to(
        "/profiel",
        &[("telefoon", "+31 6 12345678")],
        "/profiel/telefoon/code",
    )
    .await;
    let r = b.post("/profiel", &[("telefoon", "+31 6 12345678")]).await;
    assert!(
        r.body.contains("Je hebt het te vaak geprobeerd."),
        "{}",
        r.body
    );
    for _ in 0..2 {
        w.t.clock.advance(SignedDuration::from_secs(31));
        b.post_to(
            "/profiel",
            &[("telefoon", "+31 6 12345678")],
            "/profiel/telefoon/code",
        )
        .await;
    }
    w.t.clock.advance(SignedDuration::from_secs(31));
    let r = b.post("/profiel", &[("telefoon", "+31 6 12345678")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Je hebt het te vaak geprobeerd."),
        "the sixth SMS within the hour"
    );
}

#[tokio::test]
async fn past_appointments_come_in_pages() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let provider = w
        .demo
        .providers
        .iter()
        .find(|p| p.name == letter.provider)
        .unwrap();
    let record =
        w.t.app
            .store
            .find_client_record_by_number(provider.id.parse().unwrap(), &letter.client_number)
            .await
            .unwrap()
            .unwrap();
    // Twelve more past appointments, one a week, before the demo's own three.
    for week in 0..12 {
        let starts_at = w.t.app.now() - SignedDuration::from_hours(24 * (40 + 7 * week));
        let new = zk_app::care::NewAppointment {
            practitioner: None,
            starts_at,
            ends_at: starts_at + SignedDuration::from_mins(30),
            title: format!("Oud gesprek {week}"),
            location: Some("Spreekkamer 9".into()),
            video_url: None,
        };
        zk_app::care::add_appointment(&w.t.app, record.id, new)
            .await
            .unwrap();
    }
    let mut b = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let first = b.get("/zorgpagina").await;
    assert_eq!(
        first.body.matches("<li class=\"appointment").count(),
        3 + 10,
        "3 upcoming, a page of 10 past"
    );
    assert!(first.body.contains("Oud gesprek 6") && !first.body.contains("Oud gesprek 7"));
    let more = first
        .body
        .split("href=\"/zorgpagina?koppeling=")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let more = format!(
        "/zorgpagina?koppeling={}",
        more.replace("&#38;", "&").replace("&amp;", "&")
    );
    let more = more.split('#').next().unwrap().to_owned();
    let second = b.get(&more).await;
    assert!(second.body.contains("Oud gesprek 7") && second.body.contains("Oud gesprek 11"));
    assert!(!second.body.contains("Oud gesprek 6"));
    assert!(
        !second.body.contains("Oudere afspraken"),
        "the last page has no link further"
    );
    // An edited link starts again at the first page.
    let edited = b.get(&format!("{}x", more)).await;
    assert_eq!(edited.header("location"), "/zorgpagina");
}

#[tokio::test]
async fn a_demo_account_logs_in_with_its_sms_code_and_sees_its_care_page() {
    let w = world().await;
    let demo = &w.demo.accounts[0];
    let mut b = support::Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[
            ("email", demo.email.as_str()),
            ("wachtwoord", demo.password.as_str()),
        ],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;
    let care = b.get("/zorgpagina").await;
    assert!(care.body.contains("Jouw behandelaar"));
    assert!(care.body.contains(&demo.client_name) && care.body.contains(&demo.provider));
}
