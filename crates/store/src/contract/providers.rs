//! Contract tests for providers and practitioners.

use super::fixtures::*;
use zk_domain::page::PageRequest;

pub async fn ping_answers(store: DynStore) {
    store.ping().await.expect("ping");
}

pub async fn providers_round_trip(store: DynStore) {
    let p = provider("GGZ Rivierenland");
    store.insert_provider(&p).await.unwrap();
    assert_eq!(store.get_provider(p.id).await.unwrap(), Some(p));
    assert_eq!(
        store
            .get_provider(zk_domain::ProviderId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn providers_list_in_pages(store: DynStore) {
    let mut ids = Vec::new();
    for i in 0..5 {
        let p = provider(&format!("Aanbieder {i}"));
        store.insert_provider(&p).await.unwrap();
        ids.push(p.id);
    }
    let listed = all_pages(2, |req| {
        let store = store.clone();
        async move { store.list_providers(&req).await }
    })
    .await;
    assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), ids);
}

pub async fn practitioners_belong_to_their_provider(store: DynStore) {
    let a = provider("A");
    let b = provider("B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();
    let pa = practitioner(&a, "Dr. Jansen");
    let pb = practitioner(&b, "Dr. Bakker");
    store.insert_practitioner(&pa).await.unwrap();
    store.insert_practitioner(&pb).await.unwrap();
    assert_eq!(
        store.get_practitioner(pa.id).await.unwrap(),
        Some(pa.clone())
    );
    let page = store
        .list_practitioners(a.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(page.items, vec![pa]);
    assert_eq!(page.next, None);
}
