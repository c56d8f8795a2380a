//! Contract tests for API tokens: found by hash, used at most once a minute on record,
//! revoked only by their own provider (another's token is not found), listed per provider.

use super::fixtures::*;
use crate::{ApiToken, Revocation, StoreError};
use zk_domain::page::PageRequest;
use zk_domain::*;

fn token(provider: ProviderId, name: &str) -> ApiToken {
    ApiToken {
        id: ApiTokenId::new(),
        provider_id: provider,
        name: name.to_owned(),
        can_read: true,
        can_write: false,
        resource_types: Some(vec!["Patient".into(), "Appointment".into()]),
        created_at: ts("2026-11-20T10:00:00Z"),
        last_used_at: None,
        revoked_at: None,
    }
}

pub async fn api_tokens_are_found_by_hash_touched_and_revoked(store: DynStore) {
    let a = provider("GGZ A");
    let b = provider("GGZ B");
    store.insert_provider(&a).await.unwrap();
    store.insert_provider(&b).await.unwrap();
    let t = token(a.id, "ECD");
    store
        .insert_api_token(&t, &[1; 32], crate::Audit::NONE)
        .await
        .unwrap();
    let all = ApiToken {
        id: ApiTokenId::new(),
        resource_types: None,
        can_write: true,
        ..token(a.id, "alles")
    };
    store
        .insert_api_token(&all, &[2; 32], crate::Audit::NONE)
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_api_token(&token(b.id, "dubbel"), &[1; 32], crate::Audit::NONE)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.find_api_token(&[1; 32]).await.unwrap(),
        Some(t.clone())
    );
    assert_eq!(
        store.find_api_token(&[2; 32]).await.unwrap(),
        Some(all.clone())
    );
    assert_eq!(store.find_api_token(&[3; 32]).await.unwrap(), None);

    // A use is noted, but not again within the minute.
    let first = ts("2026-11-20T11:00:00Z");
    store
        .touch_api_token(t.id, first, ts("2026-11-20T10:59:00Z"))
        .await
        .unwrap();
    store
        .touch_api_token(t.id, ts("2026-11-20T11:00:30Z"), ts("2026-11-20T10:59:30Z"))
        .await
        .unwrap();
    let found = store.find_api_token(&[1; 32]).await.unwrap().unwrap();
    assert_eq!(found.last_used_at, Some(first));
    let later = ts("2026-11-20T11:01:30Z");
    store
        .touch_api_token(t.id, later, ts("2026-11-20T11:00:30Z"))
        .await
        .unwrap();
    let found = store.find_api_token(&[1; 32]).await.unwrap().unwrap();
    assert_eq!(found.last_used_at, Some(later));

    // Only its own provider revokes it, once; for another it does not exist.
    let at = ts("2026-11-21T09:00:00Z");
    let revoke = |p: ProviderId, id: ApiTokenId| {
        let store = store.clone();
        async move {
            store
                .revoke_api_token(p, id, at, crate::Audit::NONE)
                .await
                .unwrap()
        }
    };
    assert_eq!(revoke(b.id, t.id).await, Revocation::NotFound);
    assert_eq!(
        store
            .find_api_token(&[1; 32])
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        None
    );
    assert_eq!(revoke(a.id, ApiTokenId::new()).await, Revocation::NotFound);
    assert_eq!(revoke(a.id, t.id).await, Revocation::Revoked);
    assert_eq!(revoke(a.id, t.id).await, Revocation::AlreadyRevoked);
    assert_eq!(revoke(b.id, t.id).await, Revocation::NotFound);
    let found = store.find_api_token(&[1; 32]).await.unwrap().unwrap();
    assert_eq!(found.revoked_at, Some(at));

    let listed = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        async move { store.list_api_tokens(a.id, &req).await }
    })
    .await;
    assert_eq!(
        listed.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["ECD", "alles"]
    );
    assert!(
        store
            .list_api_tokens(b.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
