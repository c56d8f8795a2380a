//! SMS toll fraud: accounts made without a letter cannot have codes sent to premium-rate,
//! satellite or non-EU numbers (a plain message on the phone field, nothing queued), and the
//! SMS budgets per IP address and for the whole installation hold across accounts, on SQLite
//! and PostgreSQL, until the hour is over (moved with the injected clock).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::world::{World, world_with};
use support::{Browser, TestApp};
use zk_domain::sms_countries::SmsCountries;

const PASSWORD: &str = "zonnebloem kikker winter";
const REFUSED: &str = "Naar dit nummer kunnen we geen sms sturen.";
const BUSY: &str = "Er zijn het afgelopen uur te veel sms&#39;jes verstuurd.";

/// SMS queued so far (delivered or not).
async fn queued(w: &World) -> usize {
    w.deliver().await;
    w.sms.sent().len()
}

/// Asks for a code to `number` on the profile page; the answer's body, or `None` when the
/// code was sent (on to the code page).
async fn ask_code(b: &mut Browser<'_>, number: &str) -> (StatusCode, Option<String>) {
    let r = b.post("/profiel", &[("telefoon", number)]).await;
    let sent = r.header("location") == "/profiel/telefoon/code";
    (r.status, (!sent).then_some(r.body))
}

/// The answer is the refusal for a spent budget.
fn assert_busy(body: Option<String>) {
    let body = body.expect("a refusal, not a code");
    assert!(body.contains(BUSY), "{body}");
}

/// The code was sent.
fn assert_sent(body: Option<String>) {
    assert_eq!(body, None, "the code was not sent");
}

#[tokio::test]
async fn codes_go_only_to_the_netherlands_and_the_eea_never_to_premium_ranges() {
    let w = world_with(TestApp::new(false).await).await;
    let mut b = w
        .register_without_letter("fraude@voorbeeld.example", PASSWORD)
        .await;
    let before = queued(&w).await;
    for number in [
        "+882 1234 5678",
        "+883 5100 1234",
        "+881 6 1234 5678",
        "+979 1234 5678",
        "+1 900 555 0143",
        "+1 202 555 0143",
        "+239 990 1234",
        "+44 7911 123456",
        "+7 912 345 67 89",
    ] {
        let (status, body) = ask_code(&mut b, number).await;
        assert_eq!(status, StatusCode::OK, "{number}");
        let body = body.unwrap();
        assert!(body.contains(REFUSED), "{number}: {body}");
        assert!(body.contains("Gebruik een 06-nummer"), "{number}");
    }
    assert_eq!(queued(&w).await, before, "no SMS was queued");
    let account =
        w.t.app
            .store
            .find_account_by_email("fraude@voorbeeld.example")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(account.phone, None, "no number was stored");

    // A Belgian mobile is fine.
    let r = b
        .post("/profiel", &[("telefoon", "+32 470 12 34 56")])
        .await;
    assert_eq!(r.header("location"), "/profiel/telefoon/code", "{}", r.body);
    assert_eq!(queued(&w).await, before + 1);
    assert_eq!(w.sms.sent().last().unwrap().recipient, "+32470123456");
}

#[tokio::test]
async fn the_operator_may_add_countries_but_never_premium_ranges() {
    let policy = zk_app::Policy {
        sms_countries: SmsCountries::parse("EEA,+44").unwrap(),
        ..zk_app::Policy::default()
    };
    let w = world_with(TestApp::with_policy(policy).await).await;
    let mut b = w
        .register_without_letter("uk@voorbeeld.example", PASSWORD)
        .await;
    let (_, body) = ask_code(&mut b, "+882 1234 5678").await;
    assert!(body.unwrap().contains(REFUSED));
    let r = b.post("/profiel", &[("telefoon", "+44 7911 123456")]).await;
    assert_eq!(r.header("location"), "/profiel/telefoon/code", "{}", r.body);
    w.deliver().await;
    assert_eq!(w.sms.sent().last().unwrap().recipient, "+447911123456");
}

/// Two SMS an hour from one address, three on the installation: crossed by accounts made
/// without a letter, each asking one code, as in the attack.
async fn budgets_hold_on(w: &World) {
    let mut accounts = Vec::new();
    for i in 0..4 {
        let email = format!("account{i}@voorbeeld.example");
        accounts.push(w.register_without_letter(&email, PASSWORD).await);
    }
    let (a, b, c) = ([203, 0, 113, 1], [203, 0, 113, 2], [203, 0, 113, 3]);
    let before = queued(w).await;
    // Account `i` asks a code for its own number from address `ip`.
    let mut ask = async |i: usize, ip: [u8; 4]| {
        let browser: &mut Browser<'_> = &mut accounts[i];
        browser.ip = ip;
        ask_code(browser, &format!("06 1234 567{i}")).await.1
    };

    // Address a: two go, the third is refused.
    assert_sent(ask(0, a).await);
    assert_sent(ask(1, a).await);
    let body = ask(2, a).await;
    assert!(
        body.as_deref()
            .unwrap()
            .contains("Probeer het over 60 minuten opnieuw.")
    );
    assert_busy(body);
    assert_eq!(queued(w).await, before + 2);
    // Address b: the third of the installation goes, then its budget is spent for every
    // address.
    assert_sent(ask(2, b).await);
    assert_busy(ask(3, c).await);
    assert_eq!(queued(w).await, before + 3);

    // An hour later both budgets are full again. Adding a phone needs a login proven within
    // five minutes, so each account gives its password again first.
    w.t.clock.advance(SignedDuration::from_mins(61));
    for (i, ip) in [(3, c), (0, a)] {
        let browser = &mut accounts[i];
        browser.ip = ip;
        let r = browser
            .post("/opnieuw-inloggen", &[("wachtwoord", PASSWORD)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_sent(ask_code(browser, &format!("06 1234 567{i}")).await.1);
    }
    assert_eq!(queued(w).await, before + 5);
}

fn small_budgets() -> zk_app::Policy {
    // Sessions that outlast the hour the clock moves, so the same accounts ask again.
    let long = SignedDuration::from_hours(24);
    zk_app::Policy {
        sms_per_ip_per_hour: 2,
        sms_per_hour: 3,
        sessions: zk_app::registration::SessionPolicy {
            idle: long,
            absolute: long,
        },
        ..zk_app::Policy::default()
    }
}

#[tokio::test]
async fn sms_budgets_per_address_and_installation_hold_on_sqlite() {
    let w = world_with(TestApp::with_policy(small_budgets()).await).await;
    budgets_hold_on(&w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_budgets_per_address_and_installation_hold_on_postgresql() {
    let w = world_with(TestApp::postgres_with_policy(small_budgets()).await).await;
    budgets_hold_on(&w).await;
    w.t.finish().await;
}

#[test]
fn the_default_budgets_are_those_the_readme_names() {
    let policy = zk_app::Policy::default();
    assert_eq!(policy.sms_per_ip_per_hour, 30);
    assert_eq!(policy.sms_per_hour, 1000);
    assert_eq!(policy.sms_countries, SmsCountries::eea());
}

/// The installation's budget holds codes to new numbers only: strangers who spend it with
/// fresh accounts cannot stop an owner whose phone was verified earlier from logging in.
async fn login_codes_outlast_a_spent_installation_budget_on(w: &World) {
    let owner = "eigenaar@voorbeeld.example";
    let mut b = w.register_without_letter(owner, PASSWORD).await;
    b.ip = [198, 51, 100, 1];
    assert_sent(ask_code(&mut b, "06 1234 5679").await.1);
    let code = w.last_sms_code().await;
    b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
        .await;

    // Two strangers from two addresses spend what is left of the installation's three.
    for (i, ip) in [[203, 0, 113, 1], [203, 0, 113, 2]].into_iter().enumerate() {
        let mut s = w
            .register_without_letter(&format!("vreemde{i}@voorbeeld.example"), PASSWORD)
            .await;
        s.ip = ip;
        assert_sent(ask_code(&mut s, &format!("06 1234 568{i}")).await.1);
    }
    let mut late = w
        .register_without_letter("laat@voorbeeld.example", PASSWORD)
        .await;
    late.ip = [203, 0, 113, 3];
    assert_busy(ask_code(&mut late, "06 1234 5690").await.1);

    // The owner logs in from another address: the login code still goes.
    w.t.clock.advance(SignedDuration::from_secs(31));
    let before = queued(w).await;
    let mut again = Browser::new(&w.t).at([198, 51, 100, 7]);
    again
        .post_to(
            "/inloggen",
            &[("email", owner), ("wachtwoord", PASSWORD)],
            "/inloggen/sms",
        )
        .await;
    assert_eq!(queued(w).await, before + 1, "the login code was not sent");
    let code = w.last_sms_code().await;
    let r = again.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn login_codes_outlast_a_spent_installation_budget_on_sqlite() {
    let w = world_with(TestApp::with_policy(small_budgets()).await).await;
    login_codes_outlast_a_spent_installation_budget_on(&w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_codes_outlast_a_spent_installation_budget_on_postgresql() {
    let w = world_with(TestApp::postgres_with_policy(small_budgets()).await).await;
    login_codes_outlast_a_spent_installation_budget_on(&w).await;
    w.t.finish().await;
}

// ---- A login whose SMS code is refused -----------------------------------------------------

const LOGIN_EMAIL: &str = "inlog@voorbeeld.example";

/// Logs in with the password from a fresh browser; the answer to the password.
async fn password_login<'a>(w: &'a World) -> (Browser<'a>, support::Reply) {
    let mut b = Browser::new(&w.t);
    let r = b
        .post(
            "/inloggen",
            &[("email", LOGIN_EMAIL), ("wachtwoord", PASSWORD)],
        )
        .await;
    (b, r)
}

/// The code page that says why no SMS came, posts the code to the code step and offers the
/// other way in; `why` is the refusal shown.
fn assert_refused_code_page(r: &support::Reply, why: &str) {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(why), "{}", r.body);
    assert!(r.body.contains("role=\"alert\""), "{}", r.body);
    assert!(
        !r.body.contains("We hebben je een sms gestuurd"),
        "no SMS was sent: {}",
        r.body
    );
    let forms = support::forms::main_forms(&r.body);
    assert_eq!(forms.len(), 1, "{}", r.body);
    assert_eq!(forms[0].action.as_deref(), Some("/inloggen/sms"));
    assert!(
        r.body.contains("href=\"/inloggen/herstelcode\""),
        "the recovery codes are offered: {}",
        r.body
    );
}

/// An account whose phone (+44) was allowed when it was verified; the SMS for the login is
/// refused while the last one is under 30 seconds old, when the address's budget is spent,
/// and when the operator no longer allows the country.
async fn refusals_shown_on(mut w: World) -> World {
    {
        let letter = w.letter("valid", "client");
        let mut b = w.register(letter, LOGIN_EMAIL, PASSWORD).await;
        b.post_to(
            "/profiel",
            &[("telefoon", "+44 7911 123456")],
            "/profiel/telefoon/code",
        )
        .await;
        let code = w.last_sms_code().await;
        b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
            .await;
        b.post("/uitloggen", &[]).await;
    }
    let before = queued(&w).await;

    // Under 30 seconds after the last SMS: the wait is named, the last code still works.
    let (_, r) = password_login(&w).await;
    assert_refused_code_page(&r, "Probeer het over 1 minuten opnieuw.");
    assert_eq!(queued(&w).await, before, "no SMS was queued");

    // Later the SMS goes; the third of the hour spends this address's budget (login codes
    // never count against the installation's).
    w.t.clock.advance(SignedDuration::from_secs(31));
    let (_, r) = password_login(&w).await;
    assert_eq!(r.header("location"), "/inloggen/sms", "{}", r.body);
    w.t.clock.advance(SignedDuration::from_secs(31));
    let (_, r) = password_login(&w).await;
    assert_eq!(r.header("location"), "/inloggen/sms", "{}", r.body);
    w.t.clock.advance(SignedDuration::from_secs(31));
    let (_, r) = password_login(&w).await;
    assert_refused_code_page(&r, BUSY);
    assert_eq!(queued(&w).await, before + 2);

    // The operator allows only the EEA from now on: the number is refused, nothing is sent.
    let mut app = w.t.app.clone();
    app.policy = zk_app::Policy::default();
    let state = zk_web::AppState::new(app.clone(), support::config(None)).unwrap();
    w.t.router = zk_web::router(state);
    w.t.app = app;
    w.t.clock.advance(SignedDuration::from_secs(31));
    let (mut b, r) = password_login(&w).await;
    assert_refused_code_page(&r, REFUSED);
    assert_eq!(queued(&w).await, before + 2, "no SMS was queued");
    // The half-made login stays at the code step.
    assert_eq!(
        b.get("/zorgpagina").await.header("location"),
        "/inloggen/sms"
    );
    w
}

fn budget_of_three() -> zk_app::Policy {
    zk_app::Policy {
        sms_countries: SmsCountries::parse("EEA,+44").unwrap(),
        sms_per_ip_per_hour: 3,
        ..zk_app::Policy::default()
    }
}

#[tokio::test]
async fn a_login_whose_sms_is_refused_says_why_on_the_code_page() {
    let w = world_with(TestApp::with_policy(budget_of_three()).await).await;
    refusals_shown_on(w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_whose_sms_is_refused_says_why_on_the_code_page_on_postgresql() {
    let w = world_with(TestApp::postgres_with_policy(budget_of_three()).await).await;
    let w = refusals_shown_on(w).await;
    w.t.finish().await;
}
