//! Every limit crossed with the injected clock: letter attempts per browser, the lock after ten
//! wrong birth dates, the lifetime of registration progress and of the activation link, the
//! session's idle and absolute time-outs, and failed logins.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::Browser;
use support::world::{dutch, world};

const PASSWORD: &str = "fiets boom regen lantaarn";

#[tokio::test]
async fn wrong_codes_from_one_browser_are_slowed_down() {
    let w = world().await;
    let valid = w.letter("valid", "client");
    let mut b = w.up_to_code("a@voorbeeld.example").await;
    let page = "/account-aanmaken/code";
    for _ in 0..3 {
        let r = b
            .post(
                page,
                &[
                    ("code", valid.code.as_str()),
                    ("geboortedatum", "01-01-1901"),
                ],
            )
            .await;
        assert!(r.body.contains("De code of geboortedatum klopt niet."));
    }
    // The fourth failure starts a wait; trying during it is refused even with the right date.
    let r = b
        .post(
            page,
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", "01-01-1901"),
            ],
        )
        .await;
    assert!(r.body.contains("De code of geboortedatum klopt niet."));
    let right = dutch(&valid.birth_date);
    let r = b
        .post(
            page,
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", right.as_str()),
            ],
        )
        .await;
    assert!(
        r.body.contains("Je hebt het te vaak geprobeerd."),
        "{}",
        r.body
    );
    w.t.clock.advance(SignedDuration::from_secs(5));
    let r = b
        .post(
            page,
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", right.as_str()),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "after the wait the right answer passes"
    );
}

#[tokio::test]
async fn ten_wrong_birth_dates_lock_the_letter() {
    let w = world().await;
    let valid = w.letter("valid", "client");
    for n in 0..10 {
        // A new browser each time, and time enough for every wait to pass: only the letter's
        // own counter adds up.
        w.t.clock.advance(SignedDuration::from_mins(16));
        let mut b = w.up_to_code(&format!("p{n}@voorbeeld.example")).await;
        let r = b
            .post(
                "/account-aanmaken/code",
                &[
                    ("code", valid.code.as_str()),
                    ("geboortedatum", "01-01-1901"),
                ],
            )
            .await;
        assert!(
            r.body.contains("De code of geboortedatum klopt niet."),
            "try {n}: {}",
            r.body
        );
    }
    w.t.clock.advance(SignedDuration::from_mins(16));
    let mut b = w.up_to_code("eigenaar@voorbeeld.example").await;
    let r = b
        .post(
            "/account-aanmaken/code",
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", dutch(&valid.birth_date).as_str()),
            ],
        )
        .await;
    assert!(r.body.contains("Deze brief is geblokkeerd"), "{}", r.body);
    let provider = w
        .demo
        .providers
        .iter()
        .find(|p| p.name == valid.provider)
        .unwrap();
    assert!(r.body.contains(&provider.secretariat.email));
}

#[tokio::test]
async fn progress_is_kept_for_at_least_an_hour() {
    let w = world().await;
    let mut b = w.up_to_code("a@voorbeeld.example").await;
    w.t.clock.advance(SignedDuration::from_mins(61));
    assert_eq!(
        b.get("/account-aanmaken/code").await.status,
        StatusCode::OK,
        "still there after an hour"
    );
    w.t.clock.advance(SignedDuration::from_hours(3));
    assert_eq!(
        b.get("/account-aanmaken/code").await.header("location"),
        "/account-aanmaken",
        "gone after hours of nothing"
    );
}

#[tokio::test]
async fn the_activation_link_works_for_24_hours() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut b = w.up_to_code("a@voorbeeld.example").await;
    b.post_to(
        "/account-aanmaken/code",
        &[
            ("code", &letter.code),
            ("geboortedatum", &dutch(&letter.birth_date)),
        ],
        "/account-aanmaken/koppeling",
    )
    .await;
    b.post_to(
        "/account-aanmaken/koppeling",
        &[("klopt", "ja")],
        "/account-aanmaken/controle",
    )
    .await;
    b.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let old = w.activation_path().await;
    w.t.clock.advance(SignedDuration::from_hours(24));
    assert_eq!(
        b.post(&old, &[]).await.status,
        StatusCode::GONE,
        "expired after 24 hours"
    );
    // Asking again gives a new link that works; the old one stays dead.
    let mut again = w.up_to_code("a@voorbeeld.example").await;
    again
        .post_to(
            "/account-aanmaken/code",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
            "/account-aanmaken/koppeling",
        )
        .await;
    again
        .post_to(
            "/account-aanmaken/koppeling",
            &[("klopt", "ja")],
            "/account-aanmaken/controle",
        )
        .await;
    again
        .post_to(
            "/account-aanmaken/controle",
            &[],
            "/account-aanmaken/e-mail-verstuurd",
        )
        .await;
    again
        .post_to(
            "/account-aanmaken/e-mail-verstuurd",
            &[],
            "/account-aanmaken/e-mail-verstuurd",
        )
        .await;
    let first = w.activation_path().await;
    let _ = first;
    let newest = w.mailer.sent().pop().unwrap();
    let newest = newest
        .text_body
        .lines()
        .find(|l| l.contains("/activeren/"))
        .unwrap()
        .split_once("8080")
        .unwrap()
        .1
        .to_owned();
    again
        .post_to(&newest, &[], "/account-aanmaken/wachtwoord")
        .await;
}

#[tokio::test]
async fn sessions_end_after_15_idle_minutes_and_after_12_hours() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut b = w.register(letter, "a@voorbeeld.example", PASSWORD).await;
    w.t.clock.advance(SignedDuration::from_mins(14));
    assert_eq!(b.get("/zorgpagina").await.status, StatusCode::OK);
    w.t.clock.advance(SignedDuration::from_mins(15));
    assert_eq!(
        b.get("/zorgpagina").await.header("location"),
        "/inloggen",
        "idle for 15 minutes"
    );

    b.post_to(
        "/inloggen",
        &[("email", "a@voorbeeld.example"), ("wachtwoord", PASSWORD)],
        "/zorgpagina",
    )
    .await;
    for _ in 0..(12 * 6) {
        w.t.clock.advance(SignedDuration::from_mins(10));
        let r = b.get("/zorgpagina").await;
        if r.status != StatusCode::OK {
            assert_eq!(r.header("location"), "/inloggen");
            return;
        }
    }
    panic!("an active session must still end after 12 hours");
}

#[tokio::test]
async fn failed_logins_are_slowed_down_without_locking_anyone_out() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut owner = w.register(letter, "a@voorbeeld.example", PASSWORD).await;
    owner.post("/uitloggen", &[]).await;
    let mut attacker = Browser::new(&w.t);
    for _ in 0..6 {
        let r = attacker
            .post(
                "/inloggen",
                &[
                    ("email", "a@voorbeeld.example"),
                    ("wachtwoord", "geraden!!"),
                ],
            )
            .await;
        assert!(
            r.body
                .contains("Het e-mailadres of het wachtwoord klopt niet.")
        );
    }
    let r = owner
        .post(
            "/inloggen",
            &[("email", "a@voorbeeld.example"), ("wachtwoord", PASSWORD)],
        )
        .await;
    assert!(
        r.body.contains("Je hebt het te vaak geprobeerd."),
        "{}",
        r.body
    );
    // The wait passes: the owner gets in; nothing was locked for good.
    w.t.clock.advance(SignedDuration::from_secs(5));
    owner
        .post_to(
            "/inloggen",
            &[("email", "a@voorbeeld.example"), ("wachtwoord", PASSWORD)],
            "/zorgpagina",
        )
        .await;
}

#[tokio::test]
async fn wrong_codes_from_one_ip_address_are_slowed_down_across_browsers() {
    let w = world().await;
    let valid = w.letter("valid", "client");
    // Eleven browsers behind one address each try one unknown code: the address has used its
    // free tries (unknown codes, so no letter's own counter is involved).
    for n in 0..11 {
        let mut b = w.up_to_code(&format!("p{n}@voorbeeld.example")).await;
        let guess = zk_domain::LetterCode::generate().digits();
        let r = b
            .post(
                "/account-aanmaken/code",
                &[("code", guess.as_str()), ("geboortedatum", "01-01-1901")],
            )
            .await;
        assert!(
            r.body.contains("De code of geboortedatum klopt niet."),
            "try {n}"
        );
    }
    let mut fresh = w.up_to_code("nieuw@voorbeeld.example").await;
    let right = dutch(&valid.birth_date);
    let r = fresh
        .post(
            "/account-aanmaken/code",
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", right.as_str()),
            ],
        )
        .await;
    assert!(
        r.body.contains("Je hebt het te vaak geprobeerd."),
        "{}",
        r.body
    );
    w.t.clock.advance(SignedDuration::from_secs(5));
    let r = fresh
        .post(
            "/account-aanmaken/code",
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", right.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_hundred_failed_passwords_a_day_close_the_login_until_a_reset() {
    let w = world().await;
    w.register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    let mut attacker = Browser::new(&w.t);
    let limit = zk_app::password_check::PASSWORD_TRIES;
    for n in 1..=100u32 {
        let r = attacker
            .post(
                "/inloggen",
                &[
                    ("email", "daan@voorbeeld.example"),
                    ("wachtwoord", "geraden!!"),
                ],
            )
            .await;
        assert!(
            r.body
                .contains("Het e-mailadres of het wachtwoord klopt niet."),
            "try {n}"
        );
        // Wait out exactly the wait this failure caused: all hundred fit in one day.
        w.t.clock
            .advance(zk_app::limits::wait_after(&limit, n) + SignedDuration::from_secs(1));
    }
    let mut owner = Browser::new(&w.t);
    let r = owner
        .post(
            "/inloggen",
            &[
                ("email", "daan@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert!(
        r.body
            .contains("Kies een nieuw wachtwoord via ‘Wachtwoord vergeten?’"),
        "{}",
        r.body
    );

    // The reset path stays open and lifts the ceiling.
    owner
        .post(
            "/wachtwoord-vergeten",
            &[("email", "daan@voorbeeld.example")],
        )
        .await;
    let mut link = None;
    for _ in 0..200 {
        let _ = w.last_mail().await;
        link = w.mailer.sent().iter().rev().find_map(|m| {
            m.text_body
                .lines()
                .find(|l| l.contains("/wachtwoord-herstellen/"))
                .map(|l| l.split_once("8080").unwrap().1.trim().to_owned())
        });
        if link.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let link = link.expect("a reset mail");
    let new = "zonnebloem kikker winter";
    owner
        .post(&link, &[("wachtwoord", new), ("herhaling", new)])
        .await;
    owner
        .post_to(
            "/inloggen",
            &[("email", "daan@voorbeeld.example"), ("wachtwoord", new)],
            "/zorgpagina",
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_hold_across_two_instances_on_one_postgresql() {
    let a = support::TestApp::postgres().await;
    let b_instance = a.second_instance().await;
    let w = support::world::world_with(a).await;
    w.register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;

    // Five failures on the first instance, the sixth on the second: the second asks to wait.
    let mut on_a = Browser::new(&w.t);
    for _ in 0..5 {
        on_a.post(
            "/inloggen",
            &[
                ("email", "daan@voorbeeld.example"),
                ("wachtwoord", "geraden!!"),
            ],
        )
        .await;
    }
    let mut on_b = Browser::new(&b_instance);
    on_b.post(
        "/inloggen",
        &[
            ("email", "daan@voorbeeld.example"),
            ("wachtwoord", "geraden!!"),
        ],
    )
    .await;
    let r = on_a
        .post(
            "/inloggen",
            &[
                ("email", "daan@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert!(
        r.body.contains("Je hebt het te vaak geprobeerd."),
        "{}",
        r.body
    );
    let r = on_b
        .post(
            "/inloggen",
            &[
                ("email", "daan@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
        )
        .await;
    assert!(r.body.contains("Je hebt het te vaak geprobeerd."));

    // Letter codes too: wrong birth dates on both instances add up to the letter's lock.
    let valid = w.letter("valid", "client");
    for n in 0..10 {
        w.t.clock.advance(SignedDuration::from_mins(16));
        let instance = if n % 2 == 0 { &w.t } else { &b_instance };
        let mut b = support::world::up_to_code_on(instance, "x@voorbeeld.example").await;
        b.post(
            "/account-aanmaken/code",
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", "01-01-1901"),
            ],
        )
        .await;
    }
    w.t.clock.advance(SignedDuration::from_mins(16));
    let mut owner = w.up_to_code("eigenaar@voorbeeld.example").await;
    let right = dutch(&valid.birth_date);
    let r = owner
        .post(
            "/account-aanmaken/code",
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", right.as_str()),
            ],
        )
        .await;
    assert!(r.body.contains("Deze brief is geblokkeerd"));
    drop(b_instance);
    w.t.finish().await;
}
