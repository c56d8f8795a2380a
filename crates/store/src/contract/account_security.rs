//! Contract tests for account security: re-authentication, password and e-mail changes, known
//! browsers, removing second factors, passkeys and WebAuthn ceremonies.

use super::accounts::{new_account, registration, token};
use super::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::Session;
use zk_domain::*;

const HOUR: SignedDuration = SignedDuration::from_hours(1);

async fn account_with(store: &DynStore, email: &str, tokens: u8) -> NewAccount {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(tokens)).await.unwrap();
    let new = new_account(email, now, r.id, None, tokens + 1);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    new
}

async fn account(store: &DynStore) -> NewAccount {
    account_with(store, "sanne@voorbeeld.example", 1).await
}

fn mail(to: &str, now: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(to, "E-mailadres wijzigen", "link", None, now)
}

fn passkey(account: AccountId, credential_id: u8, now: Timestamp) -> StoredPasskey {
    StoredPasskey {
        id: PasskeyId::new(),
        account_id: account,
        credential_id: vec![credential_id; 16],
        name: format!("Sleutel {credential_id}"),
        credential: format!(r#"{{"cred":{credential_id}}}"#),
        created_at: now,
        last_used_at: None,
    }
}

pub async fn reauthentication_is_recorded_on_the_session(store: DynStore) {
    let new = account(&store).await;
    let s = store.find_session(&[2; 32]).await.unwrap().unwrap();
    assert_eq!(s.authenticated_at, new.session.created_at);
    let later = new.session.created_at + SignedDuration::from_mins(20);
    store
        .mark_reauthenticated(s.id, later, &[3; 32])
        .await
        .unwrap();
    assert_eq!(
        store.find_session(&[2; 32]).await.unwrap(),
        None,
        "the old token is replaced"
    );
    let found = store.find_session(&[3; 32]).await.unwrap().unwrap();
    assert_eq!((found.id, found.authenticated_at), (s.id, later));
}

pub async fn a_password_change_ends_the_other_sessions(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let now = new.session.created_at;
    let other = Session {
        id: SessionId::new(),
        ..new.session.clone()
    };
    store.create_session(&other, &[60; 32]).await.unwrap();
    store
        .create_password_reset(
            id,
            &[80; 32],
            now + HOUR,
            &mail("sanne@voorbeeld.example", now),
        )
        .await
        .unwrap();
    store
        .create_email_change(
            id,
            "nieuw@voorbeeld.example",
            &[81; 32],
            now,
            now + HOUR,
            &[],
        )
        .await
        .unwrap();
    // Another account's links are not touched.
    let daan = account_with(&store, "daan@voorbeeld.example", 20).await;
    store
        .create_password_reset(
            daan.account.id,
            &[82; 32],
            now + HOUR,
            &mail("daan@voorbeeld.example", now),
        )
        .await
        .unwrap();
    let ended = store
        .change_password(id, "$argon2id$new", new.session.id, now, Audit::NONE)
        .await
        .unwrap();
    assert_eq!(ended, 1);
    assert_eq!(
        store.find_password_reset(&[80; 32], now).await.unwrap(),
        None,
        "an open reset link stops working"
    );
    assert_eq!(
        store
            .reset_password(&[80; 32], now, "$argon2id$x", Audit::NONE)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.find_email_change(&[81; 32], now).await.unwrap(),
        None,
        "a pending e-mail change stops working"
    );
    assert_eq!(
        store.find_password_reset(&[82; 32], now).await.unwrap(),
        Some(daan.account.id)
    );
    assert!(store.find_session(&[60; 32]).await.unwrap().is_none());
    assert!(store.find_session(&[2; 32]).await.unwrap().is_some());
    let account = store.get_account(id).await.unwrap().unwrap();
    assert_eq!(account.password_hash, "$argon2id$new");
}

pub async fn an_email_change_link_works_once_and_only_the_newest(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let now = new.session.created_at;
    let mails = || {
        [
            mail("nieuw@voorbeeld.example", now),
            mail("sanne@voorbeeld.example", now),
        ]
    };
    store
        .create_email_change(
            id,
            "oud@voorbeeld.example",
            &[70; 32],
            now,
            now + HOUR,
            &mails(),
        )
        .await
        .unwrap();
    store
        .create_email_change(
            id,
            "nieuw@voorbeeld.example",
            &[71; 32],
            now,
            now + HOUR,
            &mails(),
        )
        .await
        .unwrap();
    assert_eq!(store.count_pending_messages().await.unwrap(), 4);
    assert_eq!(
        store.find_email_change(&[70; 32], now).await.unwrap(),
        None,
        "an earlier link stops working"
    );
    assert_eq!(
        store.find_email_change(&[71; 32], now).await.unwrap(),
        Some((id, "nieuw@voorbeeld.example".into()))
    );
    assert_eq!(
        store
            .find_email_change(&[71; 32], now + HOUR)
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(
        store
            .confirm_email_change(&[71; 32], now + HOUR, Audit::NONE)
            .await
            .unwrap(),
        EmailChangeOutcome::NotUsable
    );
    let later = now + SignedDuration::from_mins(10);
    store
        .create_password_reset(
            id,
            &[72; 32],
            now + HOUR,
            &mail("sanne@voorbeeld.example", now),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .confirm_email_change(&[71; 32], later, Audit::NONE)
            .await
            .unwrap(),
        EmailChangeOutcome::Changed {
            account: id,
            old_email: "sanne@voorbeeld.example".into(),
            new_email: "nieuw@voorbeeld.example".into(),
        }
    );
    assert_eq!(
        store
            .confirm_email_change(&[71; 32], later, Audit::NONE)
            .await
            .unwrap(),
        EmailChangeOutcome::NotUsable,
        "once"
    );
    assert_eq!(
        store.find_password_reset(&[72; 32], later).await.unwrap(),
        None,
        "a reset link sent to the old address stops working"
    );
    let account = store.get_account(id).await.unwrap().unwrap();
    assert_eq!(account.email, "nieuw@voorbeeld.example");
    assert!(
        store
            .find_account_by_email("sanne@voorbeeld.example")
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn an_email_change_to_a_taken_address_changes_nothing(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let now = new.session.created_at;
    store
        .create_email_change(
            id,
            "daan@voorbeeld.example",
            &[70; 32],
            now,
            now + HOUR,
            &[],
        )
        .await
        .unwrap();
    // Someone registers the address before the link is used.
    account_with(&store, "daan@voorbeeld.example", 20).await;
    assert_eq!(
        store
            .confirm_email_change(&[70; 32], now, Audit::NONE)
            .await
            .unwrap(),
        EmailChangeOutcome::Taken
    );
    assert_eq!(
        store
            .confirm_email_change(&[70; 32], now, Audit::NONE)
            .await
            .unwrap(),
        EmailChangeOutcome::NotUsable
    );
    let account = store.get_account(id).await.unwrap().unwrap();
    assert_eq!(account.email, "sanne@voorbeeld.example");
}

pub async fn browsers_are_remembered_per_account(store: DynStore) {
    let a = account(&store).await.account.id;
    let b = account_with(&store, "daan@voorbeeld.example", 20)
        .await
        .account
        .id;
    let now = ts("2026-11-23T10:00:00Z");
    assert!(store.remember_browser(a, &[80; 32], now).await.unwrap());
    assert!(!store.remember_browser(a, &[80; 32], now).await.unwrap());
    assert!(store.remember_browser(b, &[80; 32], now).await.unwrap());
    assert!(store.remember_browser(a, &[81; 32], now).await.unwrap());
}

pub async fn the_last_second_factor_cannot_be_removed(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let now = new.session.created_at;
    assert_eq!(
        store
            .remove_second_factor(id, SecondFactor::Phone, Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::Missing
    );
    store
        .set_phone(id, Some("+31612345678"), Some(now), Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        store
            .remove_second_factor(id, SecondFactor::Phone, Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::WouldBeLast
    );
    store
        .set_authenticator(id, b"sealed", 1, Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        store
            .get_account(id)
            .await
            .unwrap()
            .unwrap()
            .second_factor_count(),
        2
    );
    assert_eq!(
        store
            .remove_second_factor(id, SecondFactor::Phone, Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::Removed
    );
    let account = store.get_account(id).await.unwrap().unwrap();
    assert!(!account.has_verified_phone());
    assert_eq!(account.phone, None);
    assert_eq!(
        store
            .remove_second_factor(id, SecondFactor::Authenticator, Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::WouldBeLast
    );

    // Two removals at once never leave the account without a factor.
    store
        .set_phone(id, Some("+31612345678"), Some(now), Audit::NONE)
        .await
        .unwrap();
    let tasks: Vec<_> = [SecondFactor::Phone, SecondFactor::Authenticator]
        .into_iter()
        .map(|f| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .remove_second_factor(id, f, Audit::NONE)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut removed = 0;
    for t in tasks {
        if t.await.unwrap() == FactorRemoval::Removed {
            removed += 1;
        }
    }
    assert_eq!(removed, 1);
    let account = store.get_account(id).await.unwrap().unwrap();
    assert_eq!(account.second_factor_count(), 1);
}

pub async fn passkeys_round_trip_and_count_as_factors(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let other = account_with(&store, "daan@voorbeeld.example", 20)
        .await
        .account
        .id;
    let now = new.session.created_at;
    let first = passkey(id, 1, now);
    let second = passkey(id, 2, now + HOUR);
    assert!(store.add_passkey(&first, Audit::NONE).await.unwrap());
    assert!(store.add_passkey(&second, Audit::NONE).await.unwrap());
    assert!(
        !store
            .add_passkey(&passkey(other, 1, now), Audit::NONE)
            .await
            .unwrap(),
        "a credential belongs to one account"
    );
    assert_eq!(
        store.passkeys_of(id).await.unwrap(),
        vec![first.clone(), second.clone()]
    );
    assert!(store.passkeys_of(other).await.unwrap().is_empty());
    let account = store.get_account(id).await.unwrap().unwrap();
    assert_eq!(account.passkeys, 2);
    assert!(account.has_second_factor());

    store
        .passkey_used(first.id, r#"{"cred":"updated"}"#, now + HOUR)
        .await
        .unwrap();
    let listed = store.passkeys_of(id).await.unwrap();
    assert_eq!(listed[0].credential, r#"{"cred":"updated"}"#);
    assert_eq!(listed[0].last_used_at, Some(now + HOUR));

    assert_eq!(
        store
            .remove_second_factor(other, SecondFactor::Passkey(first.id), Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::Missing,
        "never another account's passkey"
    );
    assert_eq!(
        store
            .remove_second_factor(id, SecondFactor::Passkey(first.id), Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::Removed
    );
    assert_eq!(
        store
            .remove_second_factor(id, SecondFactor::Passkey(second.id), Audit::NONE)
            .await
            .unwrap(),
        FactorRemoval::WouldBeLast
    );
    assert_eq!(store.passkeys_of(id).await.unwrap(), vec![second]);
}

pub async fn a_ceremony_is_taken_once_before_it_expires(store: DynStore) {
    let new = account(&store).await;
    let now = new.session.created_at;
    let ceremony = Ceremony {
        id: CeremonyId::new(),
        account_id: Some(new.account.id),
        purpose: "register".into(),
        state: r#"{"challenge":"abc"}"#.into(),
        expires_at: now + SignedDuration::from_mins(5),
    };
    store.save_ceremony(&ceremony, now).await.unwrap();
    assert_eq!(
        store
            .take_ceremony(ceremony.id, "login", now)
            .await
            .unwrap(),
        None,
        "another purpose"
    );
    assert_eq!(
        store
            .take_ceremony(ceremony.id, "register", now)
            .await
            .unwrap(),
        Some(ceremony.clone())
    );
    assert_eq!(
        store
            .take_ceremony(ceremony.id, "register", now)
            .await
            .unwrap(),
        None,
        "once"
    );

    let anonymous = Ceremony {
        id: CeremonyId::new(),
        account_id: None,
        purpose: "login".into(),
        ..ceremony.clone()
    };
    store.save_ceremony(&anonymous, now).await.unwrap();
    assert_eq!(
        store
            .take_ceremony(anonymous.id, "login", anonymous.expires_at)
            .await
            .unwrap(),
        None,
        "expired"
    );
}

pub async fn an_account_changes_its_language(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    store.set_language(id, "en").await.unwrap();
    assert_eq!(store.get_account(id).await.unwrap().unwrap().language, "en");
    store.set_language(id, "nl").await.unwrap();
    assert_eq!(store.get_account(id).await.unwrap().unwrap().language, "nl");
}
