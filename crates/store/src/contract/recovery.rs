//! Contract tests for password reset links and one's own sessions.

use super::accounts::{new_account, registration, token};
use super::fixtures::*;
use crate::*;
use jiff::SignedDuration;
use zk_domain::account::Session;
use zk_domain::page::PageRequest;
use zk_domain::*;

const HOUR: SignedDuration = SignedDuration::from_hours(1);

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

fn mail(now: jiff::Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(
        "sanne@voorbeeld.example",
        "Nieuw wachtwoord",
        "link",
        None,
        now,
    )
}

pub async fn a_reset_link_works_once_and_ends_every_session(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let now = ts("2026-11-23T11:00:00Z");
    store
        .create_password_reset(id, &[70; 32], now + HOUR, &mail(now))
        .await
        .unwrap();
    assert_eq!(
        store.count_pending_messages().await.unwrap(),
        1,
        "the mail waits in the outbox"
    );
    // A second request (a stranger, say) leaves the first link working.
    store
        .create_password_reset(id, &[71; 32], now + HOUR, &mail(now))
        .await
        .unwrap();
    assert_eq!(
        store.find_password_reset(&[70; 32], now).await.unwrap(),
        Some(id)
    );
    assert_eq!(
        store.find_password_reset(&[72; 32], now).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .find_password_reset(&[70; 32], now + HOUR)
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(
        store
            .reset_password(&[70; 32], now + HOUR, "$argon2id$x", Audit::NONE)
            .await
            .unwrap(),
        None,
        "expired"
    );

    store
        .create_email_change(
            id,
            "nieuw@voorbeeld.example",
            &[73; 32],
            now,
            now + HOUR,
            &[],
        )
        .await
        .unwrap();
    let done = store
        .reset_password(&[70; 32], now, "$argon2id$new", Audit::NONE)
        .await
        .unwrap();
    assert_eq!(done, Some(id));
    assert_eq!(
        store.find_email_change(&[73; 32], now).await.unwrap(),
        None,
        "a pending e-mail change ends with the reset"
    );
    assert_eq!(
        store.get_account(id).await.unwrap().unwrap().password_hash,
        "$argon2id$new"
    );
    assert_eq!(
        store.find_session(&[50; 32]).await.unwrap(),
        None,
        "all sessions ended"
    );
    assert_eq!(
        store
            .reset_password(&[70; 32], now, "$argon2id$again", Audit::NONE)
            .await
            .unwrap(),
        None,
        "single use"
    );
    assert_eq!(
        store.find_password_reset(&[71; 32], now).await.unwrap(),
        None,
        "other links void"
    );
}

pub async fn racing_resets_with_one_link_succeed_once(store: DynStore) {
    let new = account(&store).await;
    let now = ts("2026-11-23T11:00:00Z");
    store
        .create_password_reset(new.account.id, &[70; 32], now + HOUR, &mail(now))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .reset_password(&[70; 32], now, &format!("hash{n}"), Audit::NONE)
                    .await
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().is_some() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
}

pub async fn own_sessions_are_listed_and_ended(store: DynStore) {
    let new = account(&store).await;
    let id = new.account.id;
    let base = new.session.clone();
    let mut sessions = vec![base.clone()];
    for n in 1..4u8 {
        let s = Session {
            id: SessionId::new(),
            last_seen_at: base.last_seen_at + SignedDuration::from_mins(i64::from(n)),
            ..base.clone()
        };
        store.create_session(&s, &[50 + n; 32]).await.unwrap();
        sessions.push(s);
    }
    // Someone else's session is never listed or ended through this account.
    let r = registration(base.created_at);
    store.create_registration(&r, &token(9)).await.unwrap();
    let other = new_account("daan@voorbeeld.example", base.created_at, r.id, None, 90);
    store
        .create_account(&other, base.created_at, Audit::NONE)
        .await
        .unwrap();

    let now = base.created_at + SignedDuration::from_mins(5);
    let listed = all_pages(2, |req| {
        let store = store.clone();
        async move { store.sessions_of(id, now, &req).await }
    })
    .await;
    sessions.reverse();
    assert_eq!(listed, sessions, "most recently used first");
    assert!(
        !store
            .end_session_of(id, other.session.id, Audit::NONE)
            .await
            .unwrap()
    );
    assert!(store.find_session(&[90; 32]).await.unwrap().is_some());
    assert!(
        store
            .end_session_of(id, sessions[0].id, Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .end_other_sessions(id, base.id, Audit::NONE)
            .await
            .unwrap(),
        2
    );
    let left = store
        .sessions_of(id, now, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(left.items, vec![base.clone()]);
    // Expired sessions are not listed.
    let later = base.expires_at;
    assert!(
        store
            .sessions_of(id, later, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
