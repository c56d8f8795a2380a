//! The Connecties page (SPEC S4): an existing account redeems another letter (code, birth date,
//! match confirmation) to connect a provider; the letter must be for the care page's person.
//! And the installation-wide cap on failed redemptions, as operators see it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use std::time::Duration;
use support::TestApp;
use support::world::{dutch, world, world_with};
use zk_domain::letter::IntendedFor;

const PASSWORD: &str = "fiets boom regen lantaarn";

#[tokio::test]
async fn an_account_without_a_letter_connects_a_provider_later() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let (first, last) = letter.client_name.split_once(' ').unwrap();
    let mut b = w
        .register_without_letter_as(first, last, "client@voorbeeld.example", PASSWORD)
        .await;
    let page = b.get("/connecties").await;
    assert!(page.body.contains("nog niet gekoppeld"));
    assert!(page.body.contains("Brief met code activeren"));
    let matched = b
        .post(
            "/connecties",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
        )
        .await;
    assert!(matched.body.contains("Ik heb een koppeling gevonden"));
    assert!(matched.body.contains(&letter.provider) && matched.body.contains(&letter.client_name));
    let list = b
        .post_to(
            "/connecties/bevestigen",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
                ("klopt", "ja"),
            ],
            "/connecties",
        )
        .await;
    assert!(
        list.body.contains(&format!(
            "{}, gekoppeld sinds maandag 23 november 2026",
            letter.provider
        )),
        "{}",
        list.body
    );
    // The letter is used now.
    let again = b
        .post(
            "/connecties",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
        )
        .await;
    assert!(again.body.contains("Deze code is al gebruikt."));

    // The trail has the account made at registration and the connection, as the client's own.
    let client =
        w.t.app
            .store
            .find_account_by_email("client@voorbeeld.example")
            .await;
    let client = client.unwrap().unwrap().id.0;
    let chain = w.t.app.store.audit_chain(0, 10_000).await.unwrap();
    let of = |kind| {
        chain
            .iter()
            .filter(|r| r.event.kind == Some(kind) && r.event.actor_id == Some(client))
            .map(|r| r.event.clone())
            .collect::<Vec<_>>()
    };
    let made = of(zk_domain::audit::AuditKind::AccountCreated);
    assert_eq!(made.len(), 1);
    let connected = of(zk_domain::audit::AuditKind::Connected);
    assert_eq!(connected.len(), 1);
    assert_eq!(connected[0].actor_id, made[0].actor_id);
    assert_eq!(connected[0].care_page_id, made[0].care_page_id);
    assert_eq!(connected[0].role, zk_domain::audit::ActorRole::Client);
    let page = connected[0].care_page_id.unwrap();
    let trail = b.get(&format!("/zorgpagina/inzage?pagina={page}")).await;
    assert!(trail.body.contains("Account gemaakt"), "{}", trail.body);
    assert!(
        trail.body.contains("Gekoppeld aan een zorgaanbieder"),
        "{}",
        trail.body
    );
}

#[tokio::test]
async fn a_page_made_without_a_letter_takes_only_a_letter_with_its_name() {
    let w = world().await;
    let mut b = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    let letter = w.letter("valid", "client");
    let r = b
        .post(
            "/connecties",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
        )
        .await;
    assert!(
        r.body.contains("Deze brief is voor iemand anders."),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_letter_for_someone_else_or_a_provider_twice_is_refused() {
    let w = world().await;
    let mine = w.letter("valid", "client");
    let mut b = w.register(mine, "sanne@voorbeeld.example", PASSWORD).await;
    // A valid letter of another person.
    let other = w
        .letters("valid", "client")
        .into_iter()
        .find(|l| l.birth_date != mine.birth_date)
        .unwrap();
    let r = b
        .post(
            "/connecties",
            &[
                ("code", &other.code),
                ("geboortedatum", &dutch(&other.birth_date)),
            ],
        )
        .await;
    assert!(
        r.body.contains("Deze brief is voor iemand anders."),
        "{}",
        r.body
    );

    // A new letter for the same client at the same provider: that provider is connected already.
    let record =
        w.t.app
            .store
            .find_client_record_by_number(
                w.demo
                    .providers
                    .iter()
                    .find(|p| p.name == mine.provider)
                    .unwrap()
                    .id
                    .parse()
                    .unwrap(),
                &mine.client_number,
            )
            .await
            .unwrap()
            .unwrap();
    let fresh =
        zk_app::letters::issue_letter(&w.t.app, record.id, IntendedFor::Client, w.t.app.now())
            .await
            .unwrap();
    let code = fresh.code.digits();
    let birth = dutch(&mine.birth_date);
    let r = b
        .post(
            "/connecties/bevestigen",
            &[("code", &code), ("geboortedatum", &birth), ("klopt", "ja")],
        )
        .await;
    assert!(
        r.body.contains(&format!(
            "{} is al gekoppeld aan je zorgpagina.",
            mine.provider
        )),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn operators_see_failed_redemptions_against_the_hourly_cap() {
    let policy = zk_app::Policy {
        letter_failures_per_hour_cap: 3,
        letter_slowdown: Duration::from_millis(10),
        ..zk_app::Policy::default()
    };
    let w = world_with(TestApp::with_policy(policy).await).await;
    let detail = w.t.get("/healthz/detail").await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("database: ok (sqlite)"));
    assert!(
        detail
            .body
            .contains("failed letter redemptions this hour: 0 of 3\n")
    );
    let valid = w.letter("valid", "client");
    for n in 0..4 {
        let mut b = w.up_to_code(&format!("p{n}@voorbeeld.example")).await;
        let r = b
            .post(
                "/account-aanmaken/code",
                &[("code", &valid.code), ("geboortedatum", "01-01-1901")],
            )
            .await;
        assert!(r.body.contains("De code of geboortedatum klopt niet."));
    }
    let detail = w.t.get("/healthz/detail").await;
    assert!(
        detail
            .body
            .contains("failed letter redemptions this hour: 4 of 3 (over the cap"),
        "{}",
        detail.body
    );
    // Over the cap, redemptions are slowed but still work.
    let mut b = w.up_to_code("eigenaar@voorbeeld.example").await;
    let r = b
        .post(
            "/account-aanmaken/code",
            &[
                ("code", &valid.code),
                ("geboortedatum", &dutch(&valid.birth_date)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The hour passes.
    w.t.clock.advance(jiff::SignedDuration::from_hours(1));
    assert!(
        w.t.get("/healthz/detail")
            .await
            .body
            .contains("this hour: 0 of 3\n")
    );
}

#[tokio::test]
async fn the_detail_page_answers_only_on_the_machine_itself() {
    let t = TestApp::new(false).await;
    let request = || {
        axum::http::Request::get("/healthz/detail")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    assert_eq!(
        t.send_from([127, 0, 0, 1], request()).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.send_from([192, 0, 2, 7], request()).await.status,
        StatusCode::NOT_FOUND
    );
}
