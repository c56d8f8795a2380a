//! Contract tests for the client's own content: diary entries page newest first and stay on
//! their care page; the agenda reads only the appointments that can fall in a window; every
//! change is stored with its e-mails and its audit record or not at all.

use super::accounts::{new_account, registration, token};
use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::*;
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::CarePage;
use zk_domain::agenda::AgendaItem;
use zk_domain::diary::DiaryEntry;
use zk_domain::page::PageRequest;
use zk_domain::recurrence::{Frequency, Recurrence};
use zk_domain::{AccountId, AgendaItemId, DiaryEntryId};

/// A new account with its own care page, made as an activation makes it.
pub(super) async fn page_of(
    store: &DynStore,
    email: &str,
    n: u8,
    now: Timestamp,
) -> (AccountId, CarePage) {
    let r = registration(now);
    store.create_registration(&r, &token(n)).await.unwrap();
    let new = new_account(email, now, r.id, None, n);
    store.create_account(&new, now, Audit::NONE).await.unwrap();
    (new.account.id, new.care_page)
}

fn mail(subject: &str, now: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail("ouder@voorbeeld.example", subject, "tekst", None, now)
}

fn entry(page: &CarePage, author: AccountId, day: i8, now: Timestamp) -> DiaryEntry {
    DiaryEntry {
        id: DiaryEntryId::new(),
        care_page_id: page.id,
        author_id: author,
        date: date(2026, 12, day),
        title: (day % 2 == 0).then(|| format!("Dag {day}")),
        text: format!("Regel een.\nRegel twee van dag {day}."),
        created_at: now,
        updated_at: now,
    }
}

pub async fn diary_entries_page_newest_first_and_stay_on_their_care_page(store: DynStore) {
    let now = ts("2026-12-06T10:00:00Z");
    let (author, page) = page_of(&store, "sanne@voorbeeld.example", 1, now).await;
    let (other_author, other) = page_of(&store, "ander@voorbeeld.example", 2, now).await;
    let mut written = Vec::new();
    // Each change appends its record in its own transaction; a change not made appends none.
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    // Two entries share 3 December: the one written later comes first.
    for day in [1, 3, 5, 3, 2] {
        let e = entry(&page, author, day, now);
        store
            .add_diary_entry(&e, &[mail("Nieuw", now)], audited(&change_record(page.id)))
            .await
            .unwrap();
        written.push(e);
    }
    assert_eq!(chain_length(&store).await, chain + 5);
    store
        .add_diary_entry(&entry(&other, other_author, 4, now), &[], Audit::NONE)
        .await
        .unwrap();
    assert_eq!(store.count_pending_messages().await.unwrap(), 5);
    let mut expected = written.clone();
    expected.sort_by_key(|e| std::cmp::Reverse((e.date, e.id)));
    let listed = all_pages(2, |req: PageRequest| {
        let store = store.clone();
        let id = page.id;
        async move { store.diary_entries(id, &req).await }
    })
    .await;
    assert_eq!(listed, expected);
    assert_eq!(
        store.get_diary_entry(page.id, written[0].id).await.unwrap(),
        Some(written[0].clone())
    );
    // Read, changed or deleted through another care page, an entry does not exist.
    assert_eq!(
        store
            .get_diary_entry(other.id, written[0].id)
            .await
            .unwrap(),
        None
    );
    let moved = DiaryEntry {
        care_page_id: other.id,
        text: "Niet van jou".into(),
        ..written[0].clone()
    };
    assert!(
        !store
            .update_diary_entry(&moved, &[mail("x", now)], audited(&record))
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_diary_entry(other.id, written[0].id, &[mail("x", now)], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 5);
    assert_eq!(chain_length(&store).await, chain + 5);

    let later = now + SignedDuration::from_hours(1);
    let changed = DiaryEntry {
        date: date(2026, 12, 6),
        title: None,
        text: "Anders".into(),
        updated_at: later,
        ..written[0].clone()
    };
    assert!(
        store
            .update_diary_entry(
                &changed,
                &[mail("Gewijzigd", later)],
                audited(&change_record(page.id))
            )
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 6);
    assert_eq!(
        store.get_diary_entry(page.id, changed.id).await.unwrap(),
        Some(changed.clone())
    );
    assert!(
        store
            .delete_diary_entry(
                page.id,
                changed.id,
                &[mail("Weg", later)],
                audited(&change_record(page.id))
            )
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 7);
    assert_eq!(
        store.get_diary_entry(page.id, changed.id).await.unwrap(),
        None
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 7);
    assert!(matches!(
        store
            .diary_entries(page.id, &PageRequest::after("garbage", 5))
            .await,
        Err(StoreError::BadCursor)
    ));
}

fn item(
    page: &CarePage,
    author: AccountId,
    title: &str,
    starts_at: &str,
    recurrence: Option<Recurrence>,
    series_end: Option<&str>,
) -> AgendaItem {
    let starts_at = ts(starts_at);
    let ends_at = starts_at + SignedDuration::from_hours(1);
    AgendaItem {
        id: AgendaItemId::new(),
        care_page_id: page.id,
        author_id: author,
        title: title.to_owned(),
        place: Some("Dorpsstraat 3".into()),
        starts_at,
        ends_at,
        remarks: None,
        recurrence,
        series_end: match (recurrence, series_end) {
            (None, _) => Some(ends_at),
            (Some(_), end) => end.map(ts),
        },
        created_at: starts_at,
        updated_at: starts_at,
    }
}

pub async fn the_agenda_reads_only_appointments_that_can_fall_in_a_window(store: DynStore) {
    let now = ts("2026-12-06T10:00:00Z");
    let (author, page) = page_of(&store, "sanne@voorbeeld.example", 1, now).await;
    let (other_author, other) = page_of(&store, "ander@voorbeeld.example", 2, now).await;
    let weekly = |until| {
        Some(Recurrence {
            frequency: Frequency::Weekly,
            until,
        })
    };
    let past = item(&page, author, "Voorbij", "2026-11-01T09:00:00Z", None, None);
    let running = item(
        &page,
        author,
        "Loopt nog",
        "2026-12-06T09:30:00Z",
        None,
        None,
    );
    let inside = item(&page, author, "Erin", "2026-12-20T09:00:00Z", None, None);
    let beyond = item(&page, author, "Later", "2027-03-01T09:00:00Z", None, None);
    let open = item(
        &page,
        author,
        "Elke week",
        "2025-01-06T09:00:00Z",
        weekly(None),
        None,
    );
    let ended = item(
        &page,
        author,
        "Afgelopen reeks",
        "2026-09-01T09:00:00Z",
        weekly(Some(date(2026, 11, 24))),
        Some("2026-11-26T10:00:00Z"),
    );
    let ending = item(
        &page,
        author,
        "Reeks tot januari",
        "2026-10-01T09:00:00Z",
        weekly(Some(date(2027, 1, 5))),
        Some("2027-01-07T10:00:00Z"),
    );
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    for a in [&past, &running, &inside, &beyond, &open, &ended, &ending] {
        store
            .add_agenda_item(a, &[], audited(&change_record(page.id)))
            .await
            .unwrap();
    }
    assert_eq!(chain_length(&store).await, chain + 7);
    let elsewhere = item(
        &other,
        other_author,
        "Ander",
        "2026-12-10T09:00:00Z",
        None,
        None,
    );
    store
        .add_agenda_item(&elsewhere, &[], Audit::NONE)
        .await
        .unwrap();

    let to = ts("2027-01-31T00:00:00Z");
    let found = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        let id = page.id;
        async move { store.agenda_items_between(id, now, to, &req).await }
    })
    .await;
    // By first start: the open series, the one ending in January, then the single ones.
    assert_eq!(
        found,
        vec![
            open.clone(),
            ending.clone(),
            running.clone(),
            inside.clone()
        ]
    );
    let one_page = store
        .agenda_items_between(page.id, now, to, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(one_page.items.len(), 4);
    assert_eq!(one_page.next, None);

    assert_eq!(
        store.get_agenda_item(page.id, inside.id).await.unwrap(),
        Some(inside.clone())
    );
    assert_eq!(
        store.get_agenda_item(other.id, inside.id).await.unwrap(),
        None
    );
    let moved = AgendaItem {
        care_page_id: other.id,
        ..inside.clone()
    };
    assert!(
        !store
            .update_agenda_item(&moved, &[mail("x", now)], audited(&record))
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_agenda_item(other.id, inside.id, &[mail("x", now)], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
    assert_eq!(chain_length(&store).await, chain + 7);

    // Moved beyond the window, it is no longer read for it.
    let changed = AgendaItem {
        title: "Verzet".into(),
        starts_at: ts("2027-02-10T09:00:00Z"),
        ends_at: ts("2027-02-10T10:00:00Z"),
        series_end: Some(ts("2027-02-10T10:00:00Z")),
        recurrence: None,
        remarks: Some("Neem de map mee".into()),
        updated_at: now,
        ..inside.clone()
    };
    assert!(
        store
            .update_agenda_item(
                &changed,
                &[mail("Gewijzigd", now)],
                audited(&change_record(page.id))
            )
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 8);
    assert_eq!(
        store.get_agenda_item(page.id, inside.id).await.unwrap(),
        Some(changed)
    );
    let after_change = store
        .agenda_items_between(page.id, now, to, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(after_change.items, vec![open.clone(), ending, running]);
    assert!(
        store
            .delete_agenda_item(
                page.id,
                open.id,
                &[mail("Weg", now)],
                audited(&change_record(page.id))
            )
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 9);
    assert_eq!(store.get_agenda_item(page.id, open.id).await.unwrap(), None);
    assert_eq!(store.count_pending_messages().await.unwrap(), 2);
}
