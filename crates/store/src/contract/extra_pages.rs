//! Contract tests for care pages an account makes without a letter: counted per maker, never
//! past the limit even when raced, and a page made with a letter does not count. A page made
//! appends its record; a refused one appends none.

use super::accounts::{new_account, registration, token};
use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::*;
use jiff::Timestamp;
use zk_domain::account::CarePage;
use zk_domain::network::Relation;
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, BirthDate, CarePageId};

fn extra_page(beheerder: AccountId, first: &str, now: Timestamp) -> CarePage {
    CarePage {
        id: CarePageId::new(),
        first_name: first.into(),
        last_name: "Jansen".into(),
        birth_date: Some(BirthDate::new(jiff::civil::Date::constant(1950, 3, 4))),
        beheerder,
        beheerder_relation: Some(Relation::Other),
        vacant_since: None,
        created_at: now,
    }
}

async fn account(store: &DynStore, email: &str, n: u8, now: Timestamp) -> AccountId {
    let r = registration(now);
    store.create_registration(&r, &token(n)).await.unwrap();
    let new = new_account(email, now, r.id, None, n);
    store.create_account(&new, now, Audit::NONE).await.unwrap();
    new.account.id
}

pub async fn extra_care_pages_are_counted_per_maker_up_to_the_limit(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let anna = account(&store, "anna@voorbeeld.example", 1, now).await;
    let bob = account(&store, "bob@voorbeeld.example", 2, now).await;
    // The page made at registration does not count.
    assert_eq!(store.count_extra_care_pages(anna).await.unwrap(), 0);
    let mama = extra_page(anna, "Mama", now);
    let chain = chain_length(&store).await;
    assert_eq!(
        store
            .create_extra_care_page(&mama, 2, audited(&change_record(mama.id)))
            .await
            .unwrap(),
        ExtraPageOutcome::Created
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(
        store.get_care_page(mama.id).await.unwrap(),
        Some(mama.clone())
    );
    let pages = store
        .care_pages_of(anna, &PageRequest::first(5))
        .await
        .unwrap()
        .items;
    assert_eq!(pages.len(), 2);
    assert!(
        store
            .connections_of(mama.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let papa = extra_page(anna, "Papa", now);
    assert_eq!(
        store
            .create_extra_care_page(&papa, 2, Audit::NONE)
            .await
            .unwrap(),
        ExtraPageOutcome::Created
    );
    assert_eq!(store.count_extra_care_pages(anna).await.unwrap(), 2);
    // The third is refused and nothing is written, no record either.
    let oma = extra_page(anna, "Oma", now);
    assert_eq!(
        store
            .create_extra_care_page(&oma, 2, audited(&change_record(oma.id)))
            .await
            .unwrap(),
        ExtraPageOutcome::LimitReached
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(store.get_care_page(oma.id).await.unwrap(), None);
    assert_eq!(store.count_extra_care_pages(anna).await.unwrap(), 2);
    // Another account has its own count.
    assert_eq!(store.count_extra_care_pages(bob).await.unwrap(), 0);
    assert_eq!(
        store
            .create_extra_care_page(&extra_page(bob, "Opa", now), 2, Audit::NONE)
            .await
            .unwrap(),
        ExtraPageOutcome::Created
    );
}

pub async fn racing_extra_care_pages_stay_within_the_limit(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let anna = account(&store, "anna@voorbeeld.example", 1, now).await;
    let tries = (0..6).map(|n| {
        let store = store.clone();
        let page = extra_page(anna, &format!("Kind {n}"), now);
        tokio::spawn(async move {
            store
                .create_extra_care_page(&page, 3, Audit::NONE)
                .await
                .unwrap()
        })
    });
    let mut created = 0;
    for t in tries {
        if t.await.unwrap() == ExtraPageOutcome::Created {
            created += 1;
        }
    }
    assert_eq!(created, 3);
    assert_eq!(store.count_extra_care_pages(anna).await.unwrap(), 3);
}
