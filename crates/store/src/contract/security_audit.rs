//! Contract tests for the security records of account changes (SPEC S9): each write appends the
//! record it is given in the same transaction as its change, and only when the change is made.

use super::accounts::{new_account, registration, token};
use super::audit::{account_record, audited, chain_length};
use super::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::Session;
use zk_domain::audit::AuditKind;
use zk_domain::*;

const HOUR: SignedDuration = SignedDuration::from_hours(1);

fn now() -> Timestamp {
    ts("2026-11-23T10:00:00Z")
}

async fn account(store: &DynStore, email: &str, tokens: u8) -> NewAccount {
    let r = registration(now());
    store.create_registration(&r, &token(tokens)).await.unwrap();
    let new = new_account(email, now(), r.id, None, tokens + 1);
    assert_eq!(
        store
            .create_account(&new, now(), Audit::NONE)
            .await
            .unwrap(),
        AccountCreation::Created
    );
    new
}

fn mail(to: &str) -> OutgoingMessage {
    OutgoingMessage::mail(to, "Beveiliging", "tekst", None, now())
}

/// Asserts the chain grew by `by` since `before`, and returns its new length.
async fn grew(store: &DynStore, before: i64, by: i64, what: &str) -> i64 {
    let length = chain_length(store).await;
    assert_eq!(length, before + by, "{what}");
    length
}

pub async fn password_changes_and_resets_append_their_record_only_when_made(store: DynStore) {
    let new = account(&store, "sanne@voorbeeld.example", 1).await;
    let id = new.account.id;
    let chain = chain_length(&store).await;
    store
        .change_password(
            id,
            "$argon2id$new",
            new.session.id,
            new.session.created_at,
            audited(&account_record(id, AuditKind::PasswordChange)),
        )
        .await
        .unwrap();
    let chain = grew(&store, chain, 1, "a changed password is recorded").await;
    let ended = store
        .change_password(
            AccountId::new(),
            "$argon2id$x",
            new.session.id,
            new.session.created_at,
            audited(&account_record(id, AuditKind::PasswordChange)),
        )
        .await
        .unwrap();
    assert_eq!(ended, 0);
    let chain = grew(&store, chain, 0, "no account, no change, no record").await;

    store
        .create_password_reset(
            id,
            &[70; 32],
            now() + HOUR,
            &mail("sanne@voorbeeld.example"),
        )
        .await
        .unwrap();
    let used = store
        .reset_password(
            &[70; 32],
            now(),
            "$argon2id$reset",
            audited(&account_record(id, AuditKind::PasswordReset)),
        )
        .await
        .unwrap();
    assert_eq!(used, Some(id));
    let chain = grew(&store, chain, 1, "a reset is recorded").await;
    let again = store
        .reset_password(
            &[70; 32],
            now(),
            "$argon2id$again",
            audited(&account_record(id, AuditKind::PasswordReset)),
        )
        .await
        .unwrap();
    assert_eq!(again, None);
    grew(
        &store,
        chain,
        0,
        "a used link changes nothing and records nothing",
    )
    .await;
}

pub async fn an_email_change_appends_its_record_only_when_the_address_changes(store: DynStore) {
    let sanne = account(&store, "sanne@voorbeeld.example", 1).await;
    let piet = account(&store, "piet@voorbeeld.example", 3).await;
    let id = sanne.account.id;
    let pending = |to: &'static str, token: u8| {
        let store = store.clone();
        async move {
            store
                .create_email_change(id, to, &[token; 32], now(), now() + HOUR, &[mail(to)])
                .await
                .unwrap();
        }
    };
    pending("piet@voorbeeld.example", 70).await;
    let chain = chain_length(&store).await;
    assert_eq!(
        store
            .confirm_email_change(
                &[70; 32],
                now(),
                audited(&account_record(id, AuditKind::EmailChange))
            )
            .await
            .unwrap(),
        EmailChangeOutcome::Taken
    );
    let chain = grew(&store, chain, 0, "a taken address changes nothing").await;
    assert_ne!(piet.account.id, id);

    pending("nieuw@voorbeeld.example", 71).await;
    assert!(matches!(
        store
            .confirm_email_change(
                &[71; 32],
                now(),
                audited(&account_record(id, AuditKind::EmailChange))
            )
            .await
            .unwrap(),
        EmailChangeOutcome::Changed { .. }
    ));
    let chain = grew(&store, chain, 1, "a changed address is recorded").await;
    assert_eq!(
        store
            .confirm_email_change(
                &[71; 32],
                now(),
                audited(&account_record(id, AuditKind::EmailChange))
            )
            .await
            .unwrap(),
        EmailChangeOutcome::NotUsable
    );
    grew(&store, chain, 0, "a used link records nothing").await;
}

pub async fn second_factor_changes_append_their_record_only_when_made(store: DynStore) {
    let new = account(&store, "sanne@voorbeeld.example", 1).await;
    let id = new.account.id;
    let chain = chain_length(&store).await;

    store
        .set_phone(
            id,
            Some("+31612345678"),
            Some(now()),
            audited(&account_record(id, AuditKind::PhoneChange)),
        )
        .await
        .unwrap();
    let chain = grew(&store, chain, 1, "a verified phone is recorded").await;
    store
        .set_phone(
            AccountId::new(),
            Some("+31612345678"),
            None,
            audited(&account_record(id, AuditKind::PhoneChange)),
        )
        .await
        .unwrap();
    let chain = grew(&store, chain, 0, "no account, no record").await;

    let last = store
        .remove_second_factor(
            id,
            SecondFactor::Phone,
            audited(&account_record(id, AuditKind::PhoneChange)),
        )
        .await
        .unwrap();
    assert_eq!(last, FactorRemoval::WouldBeLast);
    let missing = store
        .remove_second_factor(
            id,
            SecondFactor::Authenticator,
            audited(&account_record(id, AuditKind::FactorRemoved)),
        )
        .await
        .unwrap();
    assert_eq!(missing, FactorRemoval::Missing);
    let chain = grew(&store, chain, 0, "a factor not removed records nothing").await;

    store
        .set_authenticator(
            id,
            b"sealed",
            1,
            audited(&account_record(id, AuditKind::FactorAdded)),
        )
        .await
        .unwrap();
    let chain = grew(&store, chain, 1, "an authenticator is recorded").await;
    store
        .set_authenticator(
            AccountId::new(),
            b"sealed",
            1,
            audited(&account_record(id, AuditKind::FactorAdded)),
        )
        .await
        .unwrap();
    let chain = grew(&store, chain, 0, "no account, no record").await;

    let key = StoredPasskey {
        id: PasskeyId::new(),
        account_id: id,
        credential_id: vec![7; 16],
        name: "Sleutel".into(),
        credential: "{}".into(),
        created_at: now(),
        last_used_at: None,
    };
    assert!(
        store
            .add_passkey(&key, audited(&account_record(id, AuditKind::FactorAdded)))
            .await
            .unwrap()
    );
    let chain = grew(&store, chain, 1, "a passkey is recorded").await;
    let twin = StoredPasskey {
        id: PasskeyId::new(),
        ..key.clone()
    };
    assert!(
        !store
            .add_passkey(&twin, audited(&account_record(id, AuditKind::FactorAdded)))
            .await
            .unwrap()
    );
    let chain = grew(&store, chain, 0, "a known passkey records nothing").await;

    let gone = store
        .remove_second_factor(
            id,
            SecondFactor::Phone,
            audited(&account_record(id, AuditKind::PhoneChange)),
        )
        .await
        .unwrap();
    assert_eq!(gone, FactorRemoval::Removed);
    let chain = grew(&store, chain, 1, "a removed phone is recorded").await;
    let gone = store
        .remove_second_factor(
            id,
            SecondFactor::Passkey(key.id),
            audited(&account_record(id, AuditKind::FactorRemoved)),
        )
        .await
        .unwrap();
    assert_eq!(gone, FactorRemoval::Removed);
    let chain = grew(&store, chain, 1, "a removed passkey is recorded").await;

    store
        .replace_recovery_codes(
            id,
            &["a".into(), "b".into()],
            now(),
            audited(&account_record(id, AuditKind::RecoveryCodes)),
        )
        .await
        .unwrap();
    grew(&store, chain, 1, "new recovery codes are recorded").await;
}

pub async fn ending_sessions_and_deleting_an_account_append_their_record_only_when_made(
    store: DynStore,
) {
    let new = account(&store, "sanne@voorbeeld.example", 1).await;
    let id = new.account.id;
    let other = |n: u8| {
        let store = store.clone();
        let session = Session {
            id: SessionId::new(),
            ..new.session.clone()
        };
        async move {
            store.create_session(&session, &[n; 32]).await.unwrap();
            session
        }
    };
    let first = other(60).await;
    other(61).await;
    let chain = chain_length(&store).await;

    assert!(
        store
            .end_session_of(
                id,
                first.id,
                audited(&account_record(id, AuditKind::SessionEnded))
            )
            .await
            .unwrap()
    );
    let chain = grew(&store, chain, 1, "an ended session is recorded").await;
    assert!(
        !store
            .end_session_of(
                id,
                first.id,
                audited(&account_record(id, AuditKind::SessionEnded))
            )
            .await
            .unwrap()
    );
    let chain = grew(&store, chain, 0, "a session already gone records nothing").await;
    let count = store
        .end_other_sessions(
            id,
            new.session.id,
            audited(&account_record(id, AuditKind::SessionEnded)),
        )
        .await
        .unwrap();
    assert_eq!(count, 1);
    let chain = grew(&store, chain, 1, "ended sessions are recorded once").await;
    let count = store
        .end_other_sessions(
            id,
            new.session.id,
            audited(&account_record(id, AuditKind::SessionEnded)),
        )
        .await
        .unwrap();
    assert_eq!(count, 0);
    let chain = grew(&store, chain, 0, "no session ended, no record").await;

    let deletion = AccountDeletion {
        account: id,
        tombstone_email: format!("deleted-{id}@invalid"),
        unusable_password_hash: "!deleted".into(),
        at: now(),
    };
    let messages = [mail("sanne@voorbeeld.example")];
    assert!(
        store
            .delete_account(
                &deletion,
                &messages,
                audited(&account_record(id, AuditKind::AccountDeletion))
            )
            .await
            .unwrap()
    );
    let chain = grew(&store, chain, 1, "a deleted account is recorded").await;
    assert!(
        !store
            .delete_account(
                &deletion,
                &messages,
                audited(&account_record(id, AuditKind::AccountDeletion))
            )
            .await
            .unwrap()
    );
    grew(&store, chain, 0, "a second deletion records nothing").await;
}
