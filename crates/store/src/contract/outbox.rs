//! Contract tests for the outbox and the installation's meta facts.

use super::fixtures::*;
use crate::OutgoingMessage;
use jiff::SignedDuration;
use std::collections::HashSet;

pub async fn outbox_claims_due_messages_once(store: DynStore) {
    let now = ts("2026-11-20T12:00:00Z");
    let mail = OutgoingMessage::mail(
        "a@example.nl",
        "Onderwerp",
        "Tekst",
        Some("<p>Tekst</p>"),
        now,
    );
    let sms = OutgoingMessage::sms("+31612345678", "Je code is 123456", now);
    store.enqueue_message(&mail).await.unwrap();
    store.enqueue_message(&sms).await.unwrap();
    assert_eq!(store.count_pending_messages().await.unwrap(), 2);

    let lease = SignedDuration::from_mins(1);
    let claimed = store.claim_due_messages(now, lease, 10).await.unwrap();
    assert_eq!(claimed, vec![mail.clone(), sms.clone()]);
    // Held by the lease: a second worker gets nothing.
    assert!(
        store
            .claim_due_messages(now, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );

    store.mark_message_sent(mail.id, now).await.unwrap();
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);
    // The worker holding the SMS died; after the lease it is handed out again.
    let later = now + SignedDuration::from_mins(2);
    let again = store.claim_due_messages(later, lease, 10).await.unwrap();
    assert_eq!(again.iter().map(|m| m.id).collect::<Vec<_>>(), vec![sms.id]);
}

pub async fn outbox_retries_failed_messages_later(store: DynStore) {
    let now = ts("2026-11-20T12:00:00Z");
    let mail = OutgoingMessage::mail("a@example.nl", "Onderwerp", "Tekst", None, now);
    store.enqueue_message(&mail).await.unwrap();
    let lease = SignedDuration::from_mins(5);
    store.claim_due_messages(now, lease, 10).await.unwrap();
    let retry_at = now + SignedDuration::from_secs(30);
    store
        .mark_message_failed(mail.id, "connection refused", retry_at)
        .await
        .unwrap();
    assert!(
        store
            .claim_due_messages(retry_at - SignedDuration::from_secs(1), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let again = store.claim_due_messages(retry_at, lease, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
}

pub async fn outbox_claims_are_exclusive_when_raced(store: DynStore) {
    let now = ts("2026-11-20T12:00:00Z");
    for i in 0..30 {
        let m = OutgoingMessage::sms(&format!("+316000000{i:02}"), "code", now);
        store.enqueue_message(&m).await.unwrap();
    }
    let workers: Vec<_> = (0..6)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                loop {
                    let batch = store
                        .claim_due_messages(now, SignedDuration::from_mins(5), 4)
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        return got;
                    }
                    got.extend(batch.into_iter().map(|m| m.id));
                }
            })
        })
        .collect();
    let mut seen = HashSet::new();
    let mut total = 0;
    for w in workers {
        for id in w.await.unwrap() {
            total += 1;
            assert!(seen.insert(id), "a message was claimed twice");
        }
    }
    assert_eq!(total, 30);
}

pub async fn meta_is_claimed_once(store: DynStore) {
    assert_eq!(store.get_meta("demo_seeded").await.unwrap(), None);
    assert!(store.claim_meta("demo_seeded", "1").await.unwrap());
    assert!(!store.claim_meta("demo_seeded", "2").await.unwrap());
    assert_eq!(
        store.get_meta("demo_seeded").await.unwrap().as_deref(),
        Some("1")
    );
    store.set_meta("demo_seeded", "3").await.unwrap();
    assert_eq!(
        store.get_meta("demo_seeded").await.unwrap().as_deref(),
        Some("3")
    );
}

pub async fn delivered_messages_are_purged_later(store: DynStore) {
    let now = ts("2026-11-23T12:00:00Z");
    let m = OutgoingMessage::sms("+31612345678", "Je code is 123456", now);
    store.enqueue_message(&m).await.unwrap();
    store
        .claim_due_messages(now, SignedDuration::from_mins(1), 10)
        .await
        .unwrap();
    store.mark_message_sent(m.id, now).await.unwrap();
    let pending = OutgoingMessage::sms("+31612345678", "nog niet weg", now);
    store.enqueue_message(&pending).await.unwrap();
    assert_eq!(
        store.purge_sent_messages(now).await.unwrap(),
        0,
        "not before it was sent"
    );
    assert_eq!(
        store
            .purge_sent_messages(now + SignedDuration::from_secs(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.count_pending_messages().await.unwrap(),
        1,
        "undelivered ones stay"
    );
}
