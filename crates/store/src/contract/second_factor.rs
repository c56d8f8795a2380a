//! Contract tests for SMS challenges (sent with their SMS in one transaction, single use,
//! counted failures) and for connecting another provider to an existing care page.

use super::accounts::{issued_letter, new_account, registration, token};
use super::fixtures::*;
use crate::*;
use jiff::SignedDuration;
use zk_domain::account::Connection;
use zk_domain::letter::LetterState;
use zk_domain::page::PageRequest;
use zk_domain::*;

async fn account(store: &DynStore) -> NewAccount {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, None, 50);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    new
}

fn challenge(account: AccountId, purpose: &str, at: jiff::Timestamp) -> SmsChallenge {
    SmsChallenge {
        id: SmsChallengeId::new(),
        account_id: account,
        purpose: purpose.into(),
        phone: "+31612345678".into(),
        code_hash: "abc123".into(),
        created_at: at,
        expires_at: at + SignedDuration::from_mins(10),
        failed_attempts: 0,
        used_at: None,
    }
}

pub async fn an_sms_challenge_is_stored_with_its_message(store: DynStore) {
    let new = account(&store).await;
    let at = ts("2026-11-23T10:05:00Z");
    let first = challenge(new.account.id, "verify-phone", at);
    let sms = OutgoingMessage::sms("+31612345678", "Je code is 123456", at);
    store.create_sms_challenge(&first, &sms).await.unwrap();
    assert_eq!(
        store.count_pending_messages().await.unwrap(),
        1,
        "the SMS waits in the outbox"
    );
    let later = challenge(
        new.account.id,
        "verify-phone",
        at + SignedDuration::from_mins(1),
    );
    store
        .create_sms_challenge(
            &later,
            &OutgoingMessage::sms("+31612345678", "Je code is 654321", at),
        )
        .await
        .unwrap();
    store
        .create_sms_challenge(
            &challenge(new.account.id, "login", at),
            &OutgoingMessage::sms("+31612345678", "x", at),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .latest_sms_challenge(new.account.id, "verify-phone")
            .await
            .unwrap(),
        Some(later)
    );
    assert_eq!(
        store
            .count_sms_challenges_since(new.account.id, at)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .count_sms_challenges_since(new.account.id, at + SignedDuration::from_secs(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .latest_sms_challenge(AccountId::new(), "login")
            .await
            .unwrap(),
        None
    );
}

pub async fn an_sms_challenge_counts_failures_and_is_used_once(store: DynStore) {
    let new = account(&store).await;
    let at = ts("2026-11-23T10:05:00Z");
    let c = challenge(new.account.id, "login", at);
    store
        .create_sms_challenge(&c, &OutgoingMessage::sms("+31612345678", "code", at))
        .await
        .unwrap();
    assert_eq!(store.take_sms_try(c.id, 3).await.unwrap(), Some(1));
    assert_eq!(store.take_sms_try(c.id, 3).await.unwrap(), Some(2));
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.use_sms_challenge(c.id, at).await })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
    let stored = store
        .latest_sms_challenge(new.account.id, "login")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.failed_attempts, stored.used_at), (2, Some(at)));
}

pub async fn racing_tries_never_pass_the_limit(store: DynStore) {
    let new = account(&store).await;
    let at = ts("2026-11-23T10:05:00Z");
    let c = challenge(new.account.id, "login", at);
    store
        .create_sms_challenge(&c, &OutgoingMessage::sms("+31612345678", "code", at))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.take_sms_try(c.id, 5).await })
        })
        .collect();
    let mut taken = Vec::new();
    for t in tasks {
        if let Some(n) = t.await.unwrap().unwrap() {
            taken.push(n);
        }
    }
    taken.sort_unstable();
    assert_eq!(taken, vec![1, 2, 3, 4, 5]);
    assert!(store.use_sms_challenge(c.id, at).await.unwrap());
    assert_eq!(
        store.take_sms_try(c.id, 5).await.unwrap(),
        None,
        "a used challenge gives no tries"
    );
}

pub async fn another_provider_connects_to_an_existing_page(store: DynStore) {
    let new = account(&store).await;
    let now = ts("2026-11-23T11:00:00Z");
    let (provider, record) = provider_with_client(&store).await;
    let letter = issued_letter(&store, &record, now - SignedDuration::from_hours(1), 7).await;
    let connection = Connection {
        id: ConnectionId::new(),
        care_page_id: new.care_page.id,
        provider_id: provider.id,
        client_record_id: record.id,
        letter_id: letter.id,
        connected_at: now,
    };
    let chain = super::audit::chain_length(&store).await;
    let record = super::audit::change_record(new.care_page.id);
    let audit = super::audit::audited(&record);
    assert_eq!(
        store
            .add_connection(&connection, now, &[], audit)
            .await
            .unwrap(),
        ConnectOutcome::Connected
    );
    assert_eq!(super::audit::chain_length(&store).await, chain + 1);
    assert_eq!(
        store.get_letter(letter.id).await.unwrap().unwrap().state,
        LetterState::Used { at: now }
    );
    let listed = store
        .connections_of(new.care_page.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(listed.items, vec![connection.clone()]);
    // The same letter again: not usable any more.
    let again = Connection {
        id: ConnectionId::new(),
        ..connection.clone()
    };
    assert_eq!(
        store.add_connection(&again, now, &[], audit).await.unwrap(),
        ConnectOutcome::LetterNotUsable
    );
    // A new letter of the same provider for another client: that provider is connected already.
    let other = client(&provider, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let second = issued_letter(&store, &other, now - SignedDuration::from_hours(1), 8).await;
    let twice = Connection {
        id: ConnectionId::new(),
        client_record_id: other.id,
        letter_id: second.id,
        ..connection.clone()
    };
    assert_eq!(
        store.add_connection(&twice, now, &[], audit).await.unwrap(),
        ConnectOutcome::ProviderAlreadyConnected
    );
    assert_eq!(
        store.get_letter(second.id).await.unwrap().unwrap().state,
        LetterState::Issued,
        "nothing written"
    );
    assert_eq!(
        super::audit::chain_length(&store).await,
        chain + 1,
        "a refused connection leaves no record"
    );
}
