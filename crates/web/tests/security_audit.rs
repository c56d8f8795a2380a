//! Security records of account changes (SPEC S9, NEN 7513): a new password, a removed phone and
//! a deleted account each leave their record, written in the same transaction as the change, so
//! a change whose record cannot be written is not made and the account holder sees an error.
//! On both databases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::refuse_audit::refuse_audit_writes;
use support::world::{World, world, world_with};
use zk_app::audit::Verification;
use zk_domain::account::Account;
use zk_domain::audit::{ActorRole, AuditAction, AuditKind, AuditRecord, Outcome};

const PASSWORD: &str = "fiets boom regen lantaarn";
const NEW_PASSWORD: &str = "zonnebloem kikker winter";
const EMAIL: &str = "sanne@voorbeeld.example";
const DELETE: &str = "/profiel/account-verwijderen";

async fn registered(w: &World) -> Browser<'_> {
    let letter = w.letter("valid", "client");
    w.register_verified(letter, EMAIL, PASSWORD).await
}

async fn sanne(w: &World) -> Account {
    let found = w.t.app.store.find_account_by_email(EMAIL).await.unwrap();
    found.expect("Sanne's account")
}

async fn of_kind(w: &World, kind: AuditKind) -> Vec<AuditRecord> {
    let chain = w.t.app.store.audit_chain(0, 100_000).await.unwrap();
    chain
        .into_iter()
        .filter(|r| r.event.kind == Some(kind))
        .collect()
}

/// The one record of `kind`, checked to be Sanne's own, successful change.
async fn only_record(w: &World, kind: AuditKind, account: &Account) -> AuditAction {
    let records = of_kind(w, kind).await;
    assert_eq!(records.len(), 1, "{kind:?}");
    let e = &records[0].event;
    assert_eq!(e.actor_id, Some(account.id.0));
    assert_eq!(e.role, ActorRole::AccountHolder);
    assert_eq!(e.outcome, Outcome::Success);
    e.action
}

/// Gives Sanne an authenticator app next to her phone, so the phone may go.
async fn second_factor(w: &World, account: &Account) {
    let none = zk_store::Audit::NONE;
    let set =
        w.t.app
            .store
            .set_authenticator(account.id, b"sealed", 1, none);
    set.await.unwrap();
}

async fn changes_leave_their_records(w: &World) {
    let mut b = registered(w).await;
    let account = sanne(w).await;

    let r = b
        .post(
            "/profiel/wachtwoord",
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)],
        )
        .await;
    assert!(r.body.contains("Je nieuwe wachtwoord is opgeslagen."));
    let action = only_record(w, AuditKind::PasswordChange, &account).await;
    assert_eq!(action, AuditAction::Update);

    // Verifying the phone at registration was recorded; removing it is recorded too.
    assert_eq!(of_kind(w, AuditKind::PhoneChange).await.len(), 1);
    second_factor(w, &account).await;
    let sms = [("verwijder", "sms")];
    b.post_to("/profiel/inlogmethoden", &sms, "/profiel/inlogmethoden")
        .await;
    assert!(!sanne(w).await.has_verified_phone());
    let phone = of_kind(w, AuditKind::PhoneChange).await;
    assert_eq!(phone.len(), 2);
    let removed = &phone[1].event;
    assert_eq!(removed.action, AuditAction::Delete);
    assert_eq!(removed.actor_id, Some(account.id.0));

    let r = b.post(DELETE, &[("wachtwoord", NEW_PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let action = only_record(w, AuditKind::AccountDeletion, &account).await;
    assert_eq!(action, AuditAction::Delete);
    assert!(matches!(
        zk_app::audit::verify(&w.t.app).await.unwrap(),
        Verification::Intact { .. }
    ));
}

#[tokio::test]
async fn a_new_password_a_removed_phone_and_a_deleted_account_leave_their_records() {
    changes_leave_their_records(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_a_removed_phone_and_a_deleted_account_leave_their_records_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    changes_leave_their_records(&w).await;
    w.t.finish().await;
}

async fn no_change_without_its_record(w: &World) {
    let mut b = registered(w).await;
    let before = sanne(w).await;
    second_factor(w, &before).await;
    refuse_audit_writes(&w.t).await;

    let r = b
        .post(
            "/profiel/wachtwoord",
            &[("wachtwoord", NEW_PASSWORD), ("herhaling", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!r.body.contains("Je nieuwe wachtwoord is opgeslagen."));
    let after = sanne(w).await;
    assert_eq!(after.password_hash, before.password_hash);
    let key = zk_app::password_check::address_key(&w.t.app, &after.email);
    let still = zk_app::password_check::check(
        &w.t.app,
        &key,
        "192.0.2.1",
        Some(&after.password_hash),
        PASSWORD,
    )
    .await
    .unwrap();
    assert_eq!(still, Ok(()), "the old password still works");

    let r = b
        .post("/profiel/inlogmethoden", &[("verwijder", "sms")])
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(sanne(w).await.has_verified_phone(), "the phone is kept");

    let r = b.post(DELETE, &[("wachtwoord", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let store = &w.t.app.store;
    assert_eq!(store.account_deleted_at(before.id).await.unwrap(), None);
    assert_eq!(sanne(w).await.email, EMAIL, "the account still exists");
    for kind in [
        AuditKind::PasswordChange,
        AuditKind::FactorRemoved,
        AuditKind::AccountDeletion,
    ] {
        assert!(of_kind(w, kind).await.is_empty(), "{kind:?}");
    }

    // Logging out ends access, which never needs its record first: it still works.
    let session = b
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let r = b.post("/uitloggen", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/");
    let r = w.t.get_with_cookie("/profiel", &session).await;
    assert_ne!(r.status, StatusCode::OK, "the old session is over");
    assert!(of_kind(w, AuditKind::SessionEnded).await.is_empty());
}

#[tokio::test]
async fn a_change_whose_record_cannot_be_written_is_not_made() {
    no_change_without_its_record(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_whose_record_cannot_be_written_is_not_made_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    no_change_without_its_record(&w).await;
    w.t.finish().await;
}
