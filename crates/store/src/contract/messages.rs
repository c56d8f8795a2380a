//! Contract tests for messages: threads list newest first with what is unread per participant,
//! a message goes only into a thread of its care page by a participant, the e-mail notice is
//! claimed once (with its e-mail, or not at all), and providers take part only once switched on.
//! Starting a thread and writing in one append their audit record with them, only when made.

use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use super::own_content::page_of;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::CarePage;
use zk_domain::message::{Message, MessageThread, Participant, Party};
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, MessageId, MessageThreadId};

fn participant(thread: &MessageThread, party: Party, name: &str) -> Participant {
    Participant {
        thread_id: thread.id,
        party,
        name: name.into(),
        added_at: thread.created_at,
        last_read_at: None,
        notified_at: None,
    }
}

fn message(thread: &MessageThread, author: Party, writer: AccountId, at: Timestamp) -> Message {
    Message {
        id: MessageId::new(),
        thread_id: thread.id,
        care_page_id: thread.care_page_id,
        author,
        writer_id: writer,
        writer_name: "Sanne de Vries".into(),
        text: "Regel een.\nRegel twee.".into(),
        created_at: at,
    }
}

/// A thread on `page` started by `from` with `to`, its first message written at `at`.
async fn thread(
    store: &DynStore,
    page: &CarePage,
    from: AccountId,
    to: Party,
    at: Timestamp,
) -> MessageThread {
    let t = MessageThread {
        id: MessageThreadId::new(),
        care_page_id: page.id,
        subject: "Afspraak volgende week".into(),
        started_by: from,
        created_at: at,
        last_message_at: at,
    };
    let mut me = participant(&t, Party::Account(from), "Sanne");
    me.last_read_at = Some(at);
    let first = message(&t, Party::Account(from), from, at);
    let chain = chain_length(store).await;
    let record = change_record(page.id);
    store
        .start_thread(
            &t,
            &[me, participant(&t, to, "Piet")],
            &first,
            audited(&record),
        )
        .await
        .unwrap();
    assert_eq!(chain_length(store).await, chain + 1);
    t
}

pub async fn message_threads_list_newest_first_with_unread_per_participant(store: DynStore) {
    let now = ts("2026-12-06T10:00:00Z");
    let (sanne, page) = page_of(&store, "sanne@voorbeeld.example", 1, now).await;
    let (piet, other) = page_of(&store, "piet@voorbeeld.example", 2, now).await;
    let (s, p) = (Party::Account(sanne), Party::Account(piet));
    let mut threads = Vec::new();
    for i in 0..5 {
        threads.push(thread(&store, &page, sanne, p, now + SignedDuration::from_mins(i)).await);
    }
    let listed = all_pages(2, |req: PageRequest| {
        let store = store.clone();
        let id = page.id;
        async move { store.threads_of(p, Some(id), &req).await }
    })
    .await;
    let ids: Vec<_> = listed.iter().map(|t| t.thread.id).collect();
    let expected: Vec<_> = threads.iter().rev().map(|t| t.id).collect();
    assert_eq!(ids, expected);
    assert!(listed.iter().all(|t| t.unread));
    assert_eq!(
        store.unread_thread_count(p, Some(page.id)).await.unwrap(),
        5
    );
    assert_eq!(store.unread_thread_count(s, None).await.unwrap(), 0);
    assert_eq!(
        store.unread_thread_count(p, Some(other.id)).await.unwrap(),
        0
    );

    // Piet reads the oldest thread and answers it: it moves to the top, unread for Sanne.
    let t = &threads[0];
    assert!(store.mark_thread_read(t.id, p, now).await.unwrap());
    assert_eq!(store.unread_thread_count(p, None).await.unwrap(), 4);
    let later = now + SignedDuration::from_hours(1);
    let reply = message(t, p, piet, later);
    let chain = chain_length(&store).await;
    assert!(
        store
            .add_message(&reply, audited(&change_record(page.id)))
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    let mine = store
        .threads_of(s, Some(page.id), &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(mine.items[0].thread.id, t.id);
    assert!(mine.items[0].unread);
    assert_eq!(mine.items[0].thread.last_message_at, later);
    assert_eq!(
        store.unread_thread_count(s, Some(page.id)).await.unwrap(),
        1
    );
    let msgs = store
        .messages_of(t.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(msgs.items.len(), 2);
    assert_eq!(msgs.items[0], reply);
    assert_eq!(msgs.items[1].text, "Regel een.\nRegel twee.");
    let people = store.participants_of(t.id).await.unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(people[1].party, p);
    assert_eq!(people[1].last_read_at, Some(later));
    assert_eq!(store.messages_written_since(piet, now).await.unwrap(), 1);
    assert_eq!(store.messages_written_since(sanne, now).await.unwrap(), 4);
    assert_eq!(
        store
            .get_thread(page.id, t.id)
            .await
            .unwrap()
            .unwrap()
            .subject,
        t.subject
    );
    assert_eq!(store.get_thread(other.id, t.id).await.unwrap(), None);
}

pub async fn a_message_goes_only_into_a_thread_of_its_page_by_a_participant(store: DynStore) {
    let now = ts("2026-12-06T10:00:00Z");
    let (sanne, page) = page_of(&store, "sanne@voorbeeld.example", 1, now).await;
    let (piet, other) = page_of(&store, "piet@voorbeeld.example", 2, now).await;
    let t = thread(&store, &page, sanne, Party::Account(piet), now).await;
    let outsider = AccountId::new();
    let later = now + SignedDuration::from_mins(1);
    // A message not written leaves no record.
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    assert!(
        !store
            .add_message(
                &message(&t, Party::Account(outsider), outsider, later),
                audited(&record)
            )
            .await
            .unwrap()
    );
    let mut elsewhere = message(&t, Party::Account(sanne), sanne, later);
    elsewhere.care_page_id = other.id;
    assert!(
        !store
            .add_message(&elsewhere, audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain);
    assert!(
        !store
            .mark_thread_read(t.id, Party::Account(outsider), later)
            .await
            .unwrap()
    );
    let msgs = store
        .messages_of(t.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(msgs.items.len(), 1);
    assert_eq!(
        store
            .get_thread(page.id, t.id)
            .await
            .unwrap()
            .unwrap()
            .last_message_at,
        now
    );
}

pub async fn a_message_notice_is_claimed_once_with_its_mail(store: DynStore) {
    let now = ts("2026-12-06T10:00:00Z");
    let (sanne, page) = page_of(&store, "sanne@voorbeeld.example", 1, now).await;
    let (piet, _) = page_of(&store, "piet@voorbeeld.example", 2, now).await;
    let t = thread(&store, &page, sanne, Party::Account(piet), now).await;
    let due = |at: Timestamp| {
        let store = store.clone();
        async move {
            store
                .due_message_notices(
                    at - SignedDuration::from_mins(5),
                    at - SignedDuration::from_hours(1),
                    10,
                )
                .await
                .unwrap()
        }
    };
    assert!(due(now + SignedDuration::from_mins(4)).await.is_empty());
    let at = now + SignedDuration::from_mins(5);
    let found = due(at).await;
    assert_eq!(found.len(), 1, "only Piet: Sanne wrote it");
    assert_eq!(found[0].account_id, piet);
    assert_eq!(found[0].notified_at, None);
    let mail = OutgoingMessage::mail("piet@voorbeeld.example", "Nieuw", "tekst", None, at);
    let before = store.count_pending_messages().await.unwrap();
    assert!(
        store
            .claim_message_notice(&found[0], at, std::slice::from_ref(&mail))
            .await
            .unwrap()
    );
    // A second instance with the same finding gets nothing, and mails nobody.
    assert!(
        !store
            .claim_message_notice(&found[0], at, std::slice::from_ref(&mail))
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 1);
    assert!(due(at + SignedDuration::from_hours(2)).await.is_empty());

    // A new message within the hour waits for the hour; then it is due again.
    let reply = message(
        &t,
        Party::Account(sanne),
        sanne,
        at + SignedDuration::from_mins(10),
    );
    assert!(store.add_message(&reply, Audit::NONE).await.unwrap());
    assert!(due(at + SignedDuration::from_mins(59)).await.is_empty());
    let again = due(at + SignedDuration::from_hours(1)).await;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].notified_at, Some(at));
    // Read meanwhile: nothing due, and the claim fails.
    assert!(
        store
            .mark_thread_read(
                t.id,
                Party::Account(piet),
                at + SignedDuration::from_mins(30)
            )
            .await
            .unwrap()
    );
    assert!(due(at + SignedDuration::from_hours(1)).await.is_empty());
    assert!(
        !store
            .claim_message_notice(&again[0], at + SignedDuration::from_hours(1), &[])
            .await
            .unwrap()
    );
}

pub async fn providers_take_part_in_messages_only_once_switched_on(store: DynStore) {
    let (p, _) = provider_with_client(&store).await;
    let now = ts("2026-12-06T10:00:00Z");
    assert!(!store.provider_messaging(p.id).await.unwrap());
    store.set_provider_messaging(p.id, true, now).await.unwrap();
    assert!(store.provider_messaging(p.id).await.unwrap());
    store
        .set_provider_messaging(p.id, false, now)
        .await
        .unwrap();
    assert!(!store.provider_messaging(p.id).await.unwrap());
}
