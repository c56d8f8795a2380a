//! Contract tests for letters: lookup by keyed hash only, one valid letter per client, and
//! single use even under a race.

use super::fixtures::*;
use crate::{CodeHash, StoreError};
use jiff::{SignedDuration, Timestamp};
use zk_domain::LetterId;
use zk_domain::client::ClientRecord;
use zk_domain::letter::{IntendedFor, Letter, LetterState, LetterStatus};
use zk_domain::page::PageRequest;

fn letter(client: &ClientRecord, issued_at: Timestamp) -> Letter {
    Letter {
        id: LetterId::new(),
        provider_id: client.provider_id,
        client_record_id: client.id,
        intended_for: IntendedFor::Client,
        issued_at,
        expires_at: issued_at + SignedDuration::from_hours(24 * 30),
        state: LetterState::Issued,
    }
}

fn hash(n: u8) -> CodeHash {
    [n; 32]
}

pub async fn letters_are_found_by_code_hash(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let l = letter(&c, ts("2026-11-01T09:00:00Z"));
    store.issue_letter(&l, &hash(1)).await.unwrap();
    assert_eq!(
        store.find_letter_by_code_hash(&hash(1)).await.unwrap(),
        Some(l.clone())
    );
    assert_eq!(
        store.find_letter_by_code_hash(&hash(2)).await.unwrap(),
        None
    );
    assert_eq!(store.get_letter(l.id).await.unwrap(), Some(l));
}

pub async fn issuing_a_letter_revokes_the_previous_one(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let first = letter(&c, ts("2026-11-01T09:00:00Z"));
    store.issue_letter(&first, &hash(1)).await.unwrap();
    let second = letter(&c, ts("2026-11-05T09:00:00Z"));
    store.issue_letter(&second, &hash(2)).await.unwrap();
    let first = store.get_letter(first.id).await.unwrap().unwrap();
    assert_eq!(
        first.state,
        LetterState::Revoked {
            at: second.issued_at
        }
    );
    let second = store.get_letter(second.id).await.unwrap().unwrap();
    assert_eq!(
        second.status(ts("2026-11-06T00:00:00Z")),
        LetterStatus::Valid
    );
}

pub async fn a_code_hash_is_unique(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    store
        .issue_letter(&letter(&c, ts("2026-11-01T09:00:00Z")), &hash(7))
        .await
        .unwrap();
    let other = client(&p, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let clash = letter(&other, ts("2026-11-01T10:00:00Z"));
    assert!(matches!(
        store.issue_letter(&clash, &hash(7)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.get_letter(clash.id).await.unwrap(), None);
}

pub async fn a_letter_is_used_once_even_when_raced(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let l = letter(&c, ts("2026-11-01T09:00:00Z"));
    store.issue_letter(&l, &hash(3)).await.unwrap();
    let at = ts("2026-11-02T09:00:00Z");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.mark_letter_used(l.id, at).await })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
    let stored = store.get_letter(l.id).await.unwrap().unwrap();
    assert_eq!(stored.state, LetterState::Used { at });
}

pub async fn an_expired_or_revoked_letter_cannot_be_used(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let l = letter(&c, ts("2026-10-01T09:00:00Z"));
    store.issue_letter(&l, &hash(4)).await.unwrap();
    assert!(!store.mark_letter_used(l.id, l.expires_at).await.unwrap());
    assert_eq!(
        store.get_letter(l.id).await.unwrap().unwrap().state,
        LetterState::Issued
    );

    let other = client(&p, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let r = letter(&other, ts("2026-11-01T09:00:00Z"));
    store.issue_letter(&r, &hash(5)).await.unwrap();
    let revoked_at = ts("2026-11-02T09:00:00Z");
    assert!(store.revoke_letter(r.id, revoked_at).await.unwrap());
    assert!(!store.revoke_letter(r.id, revoked_at).await.unwrap());
    assert!(
        !store
            .mark_letter_used(r.id, ts("2026-11-03T09:00:00Z"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.get_letter(r.id).await.unwrap().unwrap().state,
        LetterState::Revoked { at: revoked_at }
    );
}

pub async fn letters_expiring_in_a_window(store: DynStore) {
    let (p, _) = provider_with_client(&store).await;
    let now = ts("2026-11-20T00:00:00Z");
    let mut expected = Vec::new();
    // Issued 35, 28, 25 and 20 days ago: expire 5 days ago, in 2, in 5 and in 10 days.
    for (i, days_ago) in [35i64, 28, 25, 20].into_iter().enumerate() {
        let c = client(&p, &format!("X-{i}"));
        store
            .insert_client_record(&c, crate::Audit::NONE)
            .await
            .unwrap();
        let l = letter(&c, now - SignedDuration::from_hours(24 * days_ago));
        store.issue_letter(&l, &hash(10 + i as u8)).await.unwrap();
        if days_ago == 28 || days_ago == 25 {
            expected.push(l.id);
        }
    }
    let week = now + SignedDuration::from_hours(24 * 7);
    let listed = all_pages(1, |req| {
        let store = store.clone();
        async move { store.list_letters_expiring(p.id, now, week, &req).await }
    })
    .await;
    assert_eq!(listed.iter().map(|l| l.id).collect::<Vec<_>>(), expected);
}

pub async fn letters_of_a_client_newest_first(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let mut ids = Vec::new();
    for day in 1..=4 {
        let l = letter(&c, ts(&format!("2026-11-0{day}T09:00:00Z")));
        store.issue_letter(&l, &hash(20 + day)).await.unwrap();
        ids.push(l.id);
    }
    ids.reverse();
    let page = store
        .list_letters_for_client(c.id, &PageRequest::first(3))
        .await
        .unwrap();
    assert_eq!(
        page.items.iter().map(|l| l.id).collect::<Vec<_>>(),
        ids[..3]
    );
    let rest = store
        .list_letters_for_client(c.id, &PageRequest::after(page.next.unwrap(), 3))
        .await
        .unwrap();
    assert_eq!(
        rest.items.iter().map(|l| l.id).collect::<Vec<_>>(),
        ids[3..]
    );
    assert_eq!(rest.next, None);
}

pub async fn racing_issues_leave_one_valid_letter(store: DynStore) {
    let (_, c) = provider_with_client(&store).await;
    let issued_at = ts("2026-11-01T09:00:00Z");
    let tasks: Vec<_> = (0..12u8)
        .map(|n| {
            let store = store.clone();
            let l = letter(&c, issued_at);
            tokio::spawn(async move { store.issue_letter(&l, &hash(100 + n)).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let letters = store
        .list_letters_for_client(c.id, &PageRequest::first(100))
        .await
        .unwrap()
        .items;
    assert_eq!(letters.len(), 12);
    let states: Vec<_> = letters.iter().map(|l| l.state).collect();
    let issued = states.iter().filter(|s| **s == LetterState::Issued).count();
    assert_eq!(issued, 1, "{states:?}");
}
