//! The support desk's tools: an account looked up by e-mail shows its second factor, failed
//! logins and sessions; unlock lifts the wait; end-sessions logs it out everywhere.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::sync::Arc;
use zk_app::registration::{self as reg};
use zk_app::sessions::{LoginRefusal, login};
use zk_app::support_desk::{end_sessions, lookup, unlock};
use zk_app::{App, SecretKey};
use zk_domain::FixedClock;
use zk_store_sqlite::SqliteStore;

const PASSWORD: &str = "fiets boom regen lantaarn";

#[tokio::test]
async fn the_support_desk_sees_and_lifts_a_login_wait() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let clock = FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap());
    let app = App::new(Arc::new(store), Arc::new(clock), SecretKey::generate());

    // An account without a letter, made through the registration use cases.
    let (_, mut progress) = reg::start(&app, "nl").await.unwrap();
    let s = &mut progress.state;
    s.first_name = Some("Daan".into());
    s.last_name = Some("Smit".into());
    s.email = Some("daan@voorbeeld.example".into());
    s.has_letter = Some(false);
    s.activated = true;
    reg::finish(&app, &progress, PASSWORD, PASSWORD, "Firefox op Linux")
        .await
        .unwrap()
        .unwrap();

    assert!(
        lookup(&app, "niemand@voorbeeld.example")
            .await
            .unwrap()
            .is_none()
    );
    let report = lookup(&app, "DAAN@voorbeeld.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            report.name.as_str(),
            report.active_sessions,
            report.failed_logins
        ),
        ("Daan Smit", 1, 0)
    );
    assert_eq!(report.phone, None);

    for _ in 0..6 {
        let r = login(
            &app,
            "daan@voorbeeld.example",
            "verkeerd!!",
            "10.0.0.1",
            "x",
        )
        .await
        .unwrap();
        assert_eq!(r.unwrap_err(), LoginRefusal::WrongCredentials);
    }
    let report = lookup(&app, "daan@voorbeeld.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.failed_logins, 6);
    assert!(report.waiting_until.is_some());
    assert!(matches!(
        login(&app, "daan@voorbeeld.example", PASSWORD, "10.0.0.2", "x")
            .await
            .unwrap(),
        Err(LoginRefusal::Wait { .. })
    ));

    assert!(unlock(&app, "daan@voorbeeld.example").await.unwrap());
    assert!(!unlock(&app, "niemand@voorbeeld.example").await.unwrap());
    login(&app, "daan@voorbeeld.example", PASSWORD, "10.0.0.2", "x")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        lookup(&app, "daan@voorbeeld.example")
            .await
            .unwrap()
            .unwrap()
            .active_sessions,
        2
    );
    assert_eq!(
        end_sessions(&app, "daan@voorbeeld.example").await.unwrap(),
        Some(2)
    );
    assert_eq!(
        lookup(&app, "daan@voorbeeld.example")
            .await
            .unwrap()
            .unwrap()
            .active_sessions,
        0
    );
}
