//! Contract tests for a care page's network: members are added once, read back, changed and
//! removed with the e-mails that confirm it, and listed in the order they joined.

use super::accounts::{new_account, registration, token};
use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::{Account, CarePage};
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;

/// A new account with its own care page, made as an activation makes it.
pub(super) async fn account(
    store: &DynStore,
    email: &str,
    n: u8,
    now: Timestamp,
) -> (Account, CarePage) {
    let r = registration(now);
    store.create_registration(&r, &token(n)).await.unwrap();
    let new = new_account(email, now, r.id, None, n);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    (new.account, new.care_page)
}

fn member(page: &CarePage, account: &Account, at: Timestamp) -> Member {
    Member {
        care_page_id: page.id,
        account_id: account.id,
        relation: Relation::Parent,
        permissions: Permissions::of(&[Permission::Agenda, Permission::Appointments]),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: at,
    }
}

pub async fn members_are_added_once_changed_and_removed(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (_, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let (mother, _) = account(&store, "moeder@voorbeeld.example", 2, now).await;
    let m = member(&page, &mother, now);
    let mail = OutgoingMessage::mail("moeder@voorbeeld.example", "Welkom", "tekst", None, now);
    store.add_member(&m, &[mail]).await.unwrap();
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);
    assert_eq!(
        store.get_member(page.id, mother.id).await.unwrap(),
        Some(m.clone())
    );
    // The same account twice is a conflict that writes nothing, its e-mail neither.
    let again = OutgoingMessage::mail("moeder@voorbeeld.example", "Nog eens", "t", None, now);
    assert!(matches!(
        store.add_member(&m, &[again]).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);

    let changed = Member {
        relation: Relation::LegalRepresentative,
        permissions: Permissions::all(),
        co_beheerder: true,
        sees_contacts: true,
        ..m.clone()
    };
    // Each change appends its record in its own transaction; a change not made appends none.
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    let mail = OutgoingMessage::mail("moeder@voorbeeld.example", "Gewijzigd", "t", None, now);
    assert!(
        store
            .update_member(&changed, &[mail], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(
        store.get_member(page.id, mother.id).await.unwrap(),
        Some(changed.clone())
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 2);

    let mail = OutgoingMessage::mail("moeder@voorbeeld.example", "Weg", "t", None, now);
    assert!(
        store
            .remove_member(
                page.id,
                mother.id,
                &[mail],
                audited(&change_record(page.id))
            )
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 2);
    assert_eq!(store.get_member(page.id, mother.id).await.unwrap(), None);
    assert_eq!(store.count_pending_messages().await.unwrap(), 3);
    // Changing or removing someone who is not a member writes nothing, its e-mail neither.
    let mail = OutgoingMessage::mail("moeder@voorbeeld.example", "Niets", "t", None, now);
    assert!(
        !store
            .update_member(&changed, std::slice::from_ref(&mail), audited(&record))
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_member(page.id, mother.id, &[mail], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 3);
    assert_eq!(chain_length(&store).await, chain + 2);
}

pub async fn members_and_memberships_list_in_the_order_they_joined(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (_, first_page) = account(&store, "a@voorbeeld.example", 1, now).await;
    let (_, second_page) = account(&store, "b@voorbeeld.example", 2, now).await;
    let mut joined = Vec::new();
    for n in 0..5u8 {
        let (friend, _) = account(&store, &format!("f{n}@voorbeeld.example"), 10 + n, now).await;
        // Two join at the same moment: the account id decides between them.
        let at = now + SignedDuration::from_mins(i64::from(n / 2));
        let m = member(&first_page, &friend, at);
        store.add_member(&m, &[]).await.unwrap();
        joined.push(m);
    }
    joined.sort_by_key(|m| (m.joined_at, m.account_id));
    let listed = all_pages(2, |req: PageRequest| {
        let store = store.clone();
        let page = first_page.id;
        async move { store.members_of(page, &req).await }
    })
    .await;
    assert_eq!(listed, joined);

    let friend = joined[0].account_id;
    let later = Member {
        care_page_id: second_page.id,
        joined_at: now + SignedDuration::from_hours(1),
        ..joined[0].clone()
    };
    store.add_member(&later, &[]).await.unwrap();
    let mine = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        async move { store.memberships_of(friend, &req).await }
    })
    .await;
    assert_eq!(mine, vec![joined[0].clone(), later]);
    assert!(
        store
            .members_of(second_page.id, &PageRequest::after("garbage", 5))
            .await
            .is_err()
    );
}

pub async fn a_care_page_keeps_its_beheerders_relation_and_vacancy(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let mut new = new_account("ouder@voorbeeld.example", now, r.id, None, 1);
    new.care_page.beheerder_relation = Some(Relation::Parent);
    new.care_page.vacant_since = Some(now);
    store.create_account(&new, now, Audit::NONE).await.unwrap();
    assert_eq!(
        store.get_care_page(new.care_page.id).await.unwrap(),
        Some(new.care_page)
    );
}
