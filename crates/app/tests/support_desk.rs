//! The support desk's tools: an account looked up by e-mail shows its second factors, failed
//! logins per network and sessions; unlock lifts the waits; end-sessions logs it out everywhere.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod common;

use zk_app::sessions::{LoginRefusal, login};
use zk_app::support_desk::{end_sessions, lookup, lookup_from, unlock};

use common::PASSWORD;

#[tokio::test]
async fn the_support_desk_sees_and_lifts_a_login_wait() {
    let (app, _dir) = common::app().await;
    common::with_account(&app, "daan@voorbeeld.example").await;

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
    assert_eq!(report.networks.len(), 1);
    let waits = report.networks[0].waiting_until;
    assert!(waits.is_some(), "{report:?}");
    // Asked about the caller's address, the desk sees what the caller sees: its own network
    // waits, another network does not.
    let from = |ip: &'static str| {
        let app = app.clone();
        async move {
            lookup_from(&app, "daan@voorbeeld.example", Some(ip))
                .await
                .unwrap()
                .unwrap()
                .from
                .unwrap()
        }
    };
    let same = from("10.0.0.77").await;
    assert_eq!(
        (same.network.failures, same.network.waiting_until),
        (6, waits)
    );
    assert_eq!(same.network.network, report.networks[0].network);
    let other = from("10.0.1.5").await;
    assert_eq!(
        (other.network.failures, other.network.waiting_until),
        (0, None)
    );
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
    // Both actions of the support desk are in the trail, by the operator, about Daan.
    let chain = app.store.audit_chain(0, 10_000).await.unwrap();
    let by_operator: Vec<_> = chain
        .iter()
        .filter(|r| r.event.role == zk_domain::audit::ActorRole::Operator)
        .map(|r| (r.event.kind, r.event.action))
        .collect();
    use zk_domain::audit::{AuditAction, AuditKind};
    assert_eq!(
        by_operator,
        [
            (Some(AuditKind::Login), AuditAction::Update),
            (Some(AuditKind::SessionEnded), AuditAction::Delete)
        ]
    );
}
