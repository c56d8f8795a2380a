//! Contract tests for client records.

use super::fixtures::*;
use crate::StoreError;
use zk_domain::page::PageRequest;

pub async fn client_records_round_trip(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    assert_eq!(
        store.get_client_record(c.id).await.unwrap(),
        Some(c.clone())
    );
    assert_eq!(
        store
            .find_client_record_by_number(p.id, "C-1")
            .await
            .unwrap(),
        Some(c.clone())
    );
    assert_eq!(
        store
            .find_client_record_by_number(p.id, "C-2")
            .await
            .unwrap(),
        None
    );
    let mut bare = client(&p, "C-3");
    bare.email = None;
    bare.address = None;
    store
        .insert_client_record(&bare, crate::Audit::NONE)
        .await
        .unwrap();
    assert_eq!(store.get_client_record(bare.id).await.unwrap(), Some(bare));
}

pub async fn client_number_is_unique_per_provider(store: DynStore) {
    let (p, _) = provider_with_client(&store).await;
    let again = client(&p, "C-1");
    assert!(matches!(
        store.insert_client_record(&again, crate::Audit::NONE).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.get_client_record(again.id).await.unwrap(), None);
    // Another provider may use the same number.
    let other = provider("Ander");
    store.insert_provider(&other).await.unwrap();
    store
        .insert_client_record(&client(&other, "C-1"), crate::Audit::NONE)
        .await
        .unwrap();
}

pub async fn client_record_needs_an_existing_provider(store: DynStore) {
    let ghost = provider("Bestaat niet");
    let result = store
        .insert_client_record(&client(&ghost, "C-1"), crate::Audit::NONE)
        .await;
    assert!(
        matches!(result, Err(StoreError::MissingReference(_))),
        "{result:?}"
    );
}

pub async fn client_records_list_in_pages_per_provider(store: DynStore) {
    let a = provider("A");
    let b = provider("B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..7 {
        let c = client(&a, &format!("A-{i}"));
        store
            .insert_client_record(&c, crate::Audit::NONE)
            .await
            .unwrap();
        ids.push(c.id);
        store
            .insert_client_record(&client(&b, &format!("B-{i}")), crate::Audit::NONE)
            .await
            .unwrap();
    }
    let listed = all_pages(3, |req| {
        let store = store.clone();
        async move { store.list_client_records(a.id, &req).await }
    })
    .await;
    assert_eq!(listed.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
}

pub async fn a_foreign_cursor_is_refused(store: DynStore) {
    let (p, _) = provider_with_client(&store).await;
    let req = PageRequest::after("not-a-cursor", 10);
    assert!(matches!(
        store.list_client_records(p.id, &req).await,
        Err(StoreError::BadCursor)
    ));
}
