//! Contract tests for authenticator apps: the sealed secret, and time steps used once.

use super::accounts::{new_account, registration, token};
use super::fixtures::*;
use crate::Audit;

pub async fn an_authenticator_step_is_used_once_and_only_forward(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, None, 50);
    store.create_account(&new, now, Audit::NONE).await.unwrap();
    let id = new.account.id;
    assert!(
        !store
            .get_account(id)
            .await
            .unwrap()
            .unwrap()
            .has_authenticator
    );
    assert_eq!(store.authenticator_of(id).await.unwrap(), None);

    store
        .set_authenticator(id, b"sealed-1", 100, Audit::NONE)
        .await
        .unwrap();
    assert!(
        store
            .get_account(id)
            .await
            .unwrap()
            .unwrap()
            .has_authenticator
    );
    assert!(
        store
            .find_account_by_email("sanne@voorbeeld.example")
            .await
            .unwrap()
            .unwrap()
            .has_authenticator
    );
    assert_eq!(
        store.authenticator_of(id).await.unwrap(),
        Some(b"sealed-1".to_vec())
    );
    assert!(
        !store.use_authenticator_step(id, 100).await.unwrap(),
        "the setup's step is used"
    );
    assert!(!store.use_authenticator_step(id, 99).await.unwrap());
    assert!(store.use_authenticator_step(id, 101).await.unwrap());
    assert!(
        !store.use_authenticator_step(id, 101).await.unwrap(),
        "never twice"
    );

    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.use_authenticator_step(id, 105).await })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);

    // Replacing starts a new secret with its own setup step.
    store
        .set_authenticator(id, b"sealed-2", 50, Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        store.authenticator_of(id).await.unwrap(),
        Some(b"sealed-2".to_vec())
    );
    assert!(store.use_authenticator_step(id, 51).await.unwrap());
    assert!(store.remove_authenticator(id).await.unwrap());
    assert!(!store.remove_authenticator(id).await.unwrap());
    assert!(
        !store
            .get_account(id)
            .await
            .unwrap()
            .unwrap()
            .has_authenticator
    );
    assert!(
        !store.use_authenticator_step(id, 60).await.unwrap(),
        "no authenticator, no step"
    );
}

pub async fn recovery_codes_work_once_and_can_be_replaced(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, None, 50);
    store.create_account(&new, now, Audit::NONE).await.unwrap();
    let id = new.account.id;
    assert_eq!(store.count_recovery_codes(id).await.unwrap(), 0);
    let hashes: Vec<String> = (0..10).map(|n| format!("hash{n}")).collect();
    store
        .replace_recovery_codes(id, &hashes, now, Audit::NONE)
        .await
        .unwrap();
    assert_eq!(store.count_recovery_codes(id).await.unwrap(), 10);
    assert_eq!(
        store.use_recovery_code(id, "hash3", now).await.unwrap(),
        Some(9)
    );
    assert_eq!(
        store.use_recovery_code(id, "hash3", now).await.unwrap(),
        None,
        "single use"
    );
    assert_eq!(
        store.use_recovery_code(id, "other", now).await.unwrap(),
        None
    );
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.use_recovery_code(id, "hash5", now).await })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().is_some() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
    assert_eq!(store.count_recovery_codes(id).await.unwrap(), 8);
    // New codes replace all old ones, used or not.
    store
        .replace_recovery_codes(id, &["fresh".to_owned()], now, Audit::NONE)
        .await
        .unwrap();
    assert_eq!(store.count_recovery_codes(id).await.unwrap(), 1);
    assert_eq!(
        store.use_recovery_code(id, "hash1", now).await.unwrap(),
        None
    );
    assert_eq!(
        store.use_recovery_code(id, "fresh", now).await.unwrap(),
        Some(0)
    );
}
