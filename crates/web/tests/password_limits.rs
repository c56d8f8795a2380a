//! The one throttled password check, crossed through the router: a burst of parallel logins
//! never runs more argon2 hashes at once than the bound (the rest wait, or get 503 with
//! Retry-After), a busy answer counts no try, knocking while waiting counts nothing, failures
//! from one network never lock the owner out from another, and every place that asks for the
//! password again (phone, app, recovery codes) goes through the same limits.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::SignedDuration;
use std::sync::Arc;
use std::time::Duration;
use support::world::{World, world, world_with};
use support::{Browser, TestApp};
use zk_app::hashing::HashGate;
use zk_app::limits::wait_after;
use zk_app::password_check::{DAILY_CEILING, PASSWORD_TRIES};

const PASSWORD: &str = "fiets boom regen lantaarn";
const SANNE: &str = "sanne@voorbeeld.example";
const WRONG: &str = "Het e-mailadres of het wachtwoord klopt niet.";
const BUSY: &str = "Het is nu te druk. Probeer het zo opnieuw.";
const WAIT: &str = "Je hebt het te vaak geprobeerd.";
const CEILING: &str = "Kies een nieuw wachtwoord via ‘Wachtwoord vergeten?’";
const REAUTH_WRONG: &str = "Dit wachtwoord klopt niet.";

fn login(email: &str, password: &str) -> [(&'static str, String); 2] {
    [
        ("email", email.to_owned()),
        ("wachtwoord", password.to_owned()),
    ]
}

async fn post_login(b: &mut Browser<'_>, email: &str, password: &str) -> support::Reply {
    let form = login(email, password);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post("/inloggen", &form).await
}

/// A bad login as a browser at `ip` sends it, for tasks of their own.
fn bad_login(n: u8) -> Request<Body> {
    let body = format!("email=iemand{n}%40voorbeeld.example&wachtwoord=geraden%21%21");
    Request::post("/inloggen")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

fn assert_busy(r: &support::Reply) {
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    let retry: u32 = r
        .header("retry-after")
        .parse()
        .expect("a Retry-After in seconds");
    assert!(retry > 0);
    assert!(r.body.contains(BUSY), "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_parallel_bad_logins_never_run_more_hashes_than_the_bound() {
    let t = Arc::new(TestApp::new(false).await);
    let bound = t.app.hashing.bound();
    // Random addresses from a hundred networks: no attempt limit stops any of them before the
    // hash, so only the bound on hashing holds them back.
    let tasks: Vec<_> = (0..100u8)
        .map(|n| {
            let t = Arc::clone(&t);
            tokio::spawn(async move { t.send_from([10, 1, n, 1], bad_login(n)).await })
        })
        .collect();
    let (mut answered, mut busy) = (0, 0);
    for task in tasks {
        let r = task.await.unwrap();
        if r.status == StatusCode::OK {
            assert!(r.body.contains(WRONG), "{}", r.body);
            answered += 1;
        } else {
            assert_busy(&r);
            busy += 1;
        }
    }
    assert_eq!(answered + busy, 100);
    println!(
        "{answered} checked, {busy} busy, at most {} at once (bound {bound})",
        t.app.hashing.most_at_once()
    );
    assert!(answered >= 1, "the first ones are checked");
    let most = t.app.hashing.most_at_once();
    assert!(
        (1..=bound).contains(&most),
        "{most} hashes ran at once; the bound is {bound}"
    );
}

#[tokio::test]
async fn a_busy_server_answers_503_and_counts_no_try() {
    let gate = HashGate::new(2, Duration::from_millis(50));
    let w = world_with(TestApp::with_hashing(gate).await).await;
    w.register_without_letter(SANNE, PASSWORD).await;
    let mut b = Browser::new(&w.t).at([192, 0, 2, 7]);

    let held = w.t.app.hashing.occupy_every_turn().expect("all turns free");
    for _ in 0..10 {
        assert_busy(&post_login(&mut b, SANNE, "geraden!!").await);
    }
    assert_busy(&post_login(&mut b, SANNE, PASSWORD).await);
    drop(held);

    // Nothing was checked, so nothing counted: the free tries are all still there.
    let report = zk_app::support_desk::lookup(&w.t.app, SANNE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.failed_logins, 0, "{report:?}");
    for _ in 0..PASSWORD_TRIES.free {
        assert!(
            post_login(&mut b, SANNE, "geraden!!")
                .await
                .body
                .contains(WRONG)
        );
    }
    let r = post_login(&mut b, SANNE, PASSWORD).await;
    assert_eq!(r.header("location"), "/zorgpagina", "{}", r.body);
}

/// Sanne, with a verified phone as second factor, logged out.
async fn sanne(w: &World) {
    let letter = w.letter("valid", "client");
    let mut b = w.register_verified(letter, SANNE, PASSWORD).await;
    b.post("/uitloggen", &[]).await;
}

#[tokio::test]
async fn failures_from_one_network_never_lock_the_owner_out_elsewhere() {
    owner_gets_in_from_elsewhere(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_from_one_network_never_lock_the_owner_out_elsewhere_on_postgresql() {
    let w = world_with(TestApp::postgres().await).await;
    owner_gets_in_from_elsewhere(&w).await;
    w.t.finish().await;
}

async fn owner_gets_in_from_elsewhere(w: &World) {
    sanne(w).await;
    let mut attacker = Browser::new(&w.t).at([203, 0, 113, 5]);
    for n in 1..=DAILY_CEILING {
        let r = post_login(&mut attacker, SANNE, "geraden!!").await;
        assert!(r.body.contains(WRONG), "try {n}: {}", r.body);
        if n > PASSWORD_TRIES.free && n < DAILY_CEILING {
            // Knocking during the wait is refused and counts nothing: otherwise the ceiling
            // would come long before the hundredth real try.
            for _ in 0..3 {
                let r = post_login(&mut attacker, SANNE, "geraden!!").await;
                assert!(r.body.contains(WAIT), "knock after try {n}: {}", r.body);
            }
        }
        w.t.clock
            .advance(wait_after(&PASSWORD_TRIES, n) + SignedDuration::from_secs(1));
    }
    // The attacker's network is closed for the day, even with the right password.
    assert!(
        post_login(&mut attacker, SANNE, "geraden!!")
            .await
            .body
            .contains(CEILING)
    );
    assert!(
        post_login(&mut attacker, SANNE, PASSWORD)
            .await
            .body
            .contains(CEILING)
    );

    // Sanne, from her own network, gets in at once with her password and her SMS code.
    let mut owner = Browser::new(&w.t).at([198, 51, 100, 7]);
    let r = post_login(&mut owner, SANNE, PASSWORD).await;
    assert_eq!(r.header("location"), "/inloggen/sms", "{}", r.body);
    let code = w.last_sms_code().await;
    owner
        .post_to("/inloggen/sms", &[("code", &code)], "/zorgpagina")
        .await;

    // The attacker stays where they were.
    assert!(
        post_login(&mut attacker, SANNE, "geraden!!")
            .await
            .body
            .contains(CEILING)
    );
    // The support desk sees the real state: one network closed, the rest free.
    let report = zk_app::support_desk::lookup(&w.t.app, SANNE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.networks.len(), 1, "{report:?}");
    assert!(report.networks[0].closed);
    assert_eq!(report.networks[0].failures, DAILY_CEILING);
}

/// Logged in with SMS, the login proven more than five minutes ago.
async fn stale_login(w: &World) -> Browser<'_> {
    let letter = w.letter("valid", "client");
    let b = w.register_verified(letter, SANNE, PASSWORD).await;
    w.t.clock.advance(SignedDuration::from_mins(6));
    b
}

#[tokio::test]
async fn replacing_the_phone_asks_a_fresh_login_whose_password_check_is_limited() {
    let w = world().await;
    let mut b = stale_login(&w).await;
    w.deliver().await;
    let texts = w.sms.sent().len();
    // A password sent along with the number is not checked here at all.
    let r = b
        .post(
            "/profiel",
            &[("telefoon", "06 8765 4321"), ("wachtwoord", "fout")],
        )
        .await;
    assert_eq!(r.header("location"), "/opnieuw-inloggen?terug=%2Fprofiel");
    w.deliver().await;
    assert_eq!(w.sms.sent().len(), texts, "no code was sent");

    // 120 wrong passwords: the free ones and one more are checked, then every answer is the
    // same wait, the right password included.
    let again = |password: &'static str| [("wachtwoord", password), ("terug", "/profiel")];
    for n in 1..=120u32 {
        let r = b.post("/opnieuw-inloggen", &again("fout")).await;
        let expected = if n <= PASSWORD_TRIES.free + 1 {
            REAUTH_WRONG
        } else {
            WAIT
        };
        assert!(r.body.contains(expected), "try {n}: {}", r.body);
    }
    let r = b.post("/opnieuw-inloggen", &again(PASSWORD)).await;
    assert!(r.body.contains(WAIT), "{}", r.body);
    // Only the sixth failure counted (the rest knocked during its wait): after that wait the
    // right password passes, and the new number gets its code.
    w.t.clock.advance(
        wait_after(&PASSWORD_TRIES, PASSWORD_TRIES.free + 1) + SignedDuration::from_secs(1),
    );
    b.post_to("/opnieuw-inloggen", &again(PASSWORD), "/profiel")
        .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "06 8765 4321")],
        "/profiel/telefoon/code",
    )
    .await;
}

#[tokio::test]
async fn new_recovery_codes_need_a_fresh_login() {
    let w = world().await;
    let mut b = stale_login(&w).await;
    let back = "/opnieuw-inloggen?terug=%2Fprofiel%2Fherstelcodes";
    assert_eq!(
        b.get("/profiel/herstelcodes").await.header("location"),
        back
    );
    let r = b.post("/profiel/herstelcodes", &[]).await;
    assert_eq!(r.header("location"), back);
    let account =
        w.t.app
            .store
            .find_account_by_email(SANNE)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        zk_app::recovery_codes::count(&w.t.app, &account)
            .await
            .unwrap(),
        0,
        "no codes were made"
    );
    b.post_to(
        "/opnieuw-inloggen",
        &[("wachtwoord", PASSWORD), ("terug", "/profiel/herstelcodes")],
        "/profiel/herstelcodes",
    )
    .await;
    let made = b.post("/profiel/herstelcodes", &[]).await;
    assert_eq!(made.status, StatusCode::OK);
    assert_eq!(made.body.matches("<li><code>").count(), 10);
}
