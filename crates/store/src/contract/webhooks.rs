//! Contract tests for providers' webhooks: endpoints limited and scoped per provider, events
//! written with the redemption that caused them (or not at all), and attempts that update the
//! outbox and the delivery record together.

use super::accounts::{issued_letter, new_account, registration, token};
use super::fixtures::*;
use crate::fhir::*;
use crate::*;
use jiff::SignedDuration;
use zk_domain::account::Connection;
use zk_domain::*;

fn endpoint(provider: ProviderId, url: &str, at: jiff::Timestamp) -> WebhookEndpoint {
    WebhookEndpoint {
        id: WebhookEndpointId::new(),
        provider_id: provider,
        url: url.to_owned(),
        sealed_secret: vec![1, 2, 3],
        enabled: true,
        created_at: at,
    }
}

fn event(e: &WebhookEndpoint, kind: &str, at: jiff::Timestamp) -> OutgoingMessage {
    OutgoingMessage::webhook(e.id, kind, format!(r#"{{"type":"{kind}"}}"#), at)
}

pub async fn webhook_endpoints_are_limited_and_kept_per_provider(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let (own, _) = provider_with_client(&store).await;
    let other = provider("GGZ Ander");
    store.insert_provider(&other).await.unwrap();
    let mut added = Vec::new();
    for i in 0..5 {
        let e = endpoint(own.id, &format!("https://ontvanger.example/{i}"), now);
        assert!(store.insert_webhook_endpoint(&e, 5).await.unwrap());
        added.push(e);
    }
    // The sixth is refused and not stored; another provider still has room.
    let sixth = endpoint(own.id, "https://ontvanger.example/6", now);
    assert!(!store.insert_webhook_endpoint(&sixth, 5).await.unwrap());
    assert_eq!(store.get_webhook_endpoint(sixth.id).await.unwrap(), None);
    let theirs = endpoint(other.id, "https://ander.example/", now);
    assert!(store.insert_webhook_endpoint(&theirs, 5).await.unwrap());
    assert_eq!(
        store.list_webhook_endpoints(own.id).await.unwrap(),
        added.clone()
    );
    assert_eq!(
        store.get_webhook_endpoint(theirs.id).await.unwrap(),
        Some(theirs.clone())
    );

    // Switching off and removing work only for the endpoint's own provider.
    assert!(
        !store
            .set_webhook_endpoint_enabled(other.id, added[0].id, false)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_webhook_endpoint_enabled(own.id, added[0].id, false)
            .await
            .unwrap()
    );
    assert!(
        !store
            .get_webhook_endpoint(added[0].id)
            .await
            .unwrap()
            .unwrap()
            .enabled
    );
    store
        .enqueue_webhook_messages(&[event(&added[1], "ping", now)])
        .await
        .unwrap();
    assert!(
        !store
            .delete_webhook_endpoint(other.id, added[1].id)
            .await
            .unwrap()
    );
    assert!(
        store
            .delete_webhook_endpoint(own.id, added[1].id)
            .await
            .unwrap()
    );
    assert_eq!(store.get_webhook_endpoint(added[1].id).await.unwrap(), None);
    assert!(
        store
            .list_webhook_deliveries(added[1].id, 10)
            .await
            .unwrap()
            .is_empty(),
        "a removed endpoint's deliveries go with it"
    );
    // Now there is room for one more.
    assert!(store.insert_webhook_endpoint(&sixth, 5).await.unwrap());
}

pub async fn webhook_events_are_stored_with_their_redemption_or_not_at_all(store: DynStore) {
    let now = ts("2026-11-23T11:00:00Z");
    let (p, record) = provider_with_client(&store).await;
    let e = endpoint(p.id, "https://ontvanger.example/", now);
    assert!(store.insert_webhook_endpoint(&e, 5).await.unwrap());
    let before = store.count_pending_messages().await.unwrap();

    // A registration that uses the letter stores its events.
    let letter = issued_letter(&store, &record, now - SignedDuration::from_hours(1), 9).await;
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let mut new = new_account("sanne@voorbeeld.example", now, r.id, Some(&letter), 60);
    new.messages = vec![
        event(&e, "connection.created", now),
        event(&e, "letter.used", now),
    ];
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    let listed = store.list_webhook_deliveries(e.id, 10).await.unwrap();
    let kinds: Vec<&str> = listed.iter().map(|d| d.event_type.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["letter.used", "connection.created"],
        "newest first"
    );
    assert!(listed.iter().all(|d| d.attempts == 0
        && d.delivered_at.is_none()
        && d.failed_at.is_none()
        && d.created_at == now));
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 2);

    // A second registration with the same (now used) letter writes no account and no event.
    let r2 = registration(now);
    store.create_registration(&r2, &token(2)).await.unwrap();
    let mut again = new_account("daan@voorbeeld.example", now, r2.id, Some(&letter), 61);
    again.messages = vec![event(&e, "connection.created", now)];
    assert_eq!(
        store
            .create_account(&again, now, Audit::NONE)
            .await
            .unwrap(),
        AccountCreation::LetterNotUsable
    );
    assert_eq!(
        store.list_webhook_deliveries(e.id, 10).await.unwrap().len(),
        2
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 2);

    // Connecting to an existing page: the events come with the connection, and a refused one
    // (the letter used meanwhile) stores none.
    let other = client(&p, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let second = issued_letter(&store, &other, now - SignedDuration::from_hours(1), 10).await;
    let r3 = registration(now);
    store.create_registration(&r3, &token(3)).await.unwrap();
    let without = new_account("kees@voorbeeld.example", now, r3.id, None, 62);
    store
        .create_account(&without, now, Audit::NONE)
        .await
        .unwrap();
    let connection = Connection {
        id: ConnectionId::new(),
        care_page_id: without.care_page.id,
        provider_id: p.id,
        client_record_id: other.id,
        letter_id: second.id,
        connected_at: now,
    };
    let events = [event(&e, "connection.created", now)];
    assert_eq!(
        store
            .add_connection(&connection, now, &events, Audit::NONE)
            .await
            .unwrap(),
        ConnectOutcome::Connected
    );
    assert_eq!(
        store.list_webhook_deliveries(e.id, 10).await.unwrap().len(),
        3
    );
    let retry = Connection {
        id: ConnectionId::new(),
        ..connection
    };
    let events = [event(&e, "connection.created", now)];
    assert_eq!(
        store
            .add_connection(&retry, now, &events, Audit::NONE)
            .await
            .unwrap(),
        ConnectOutcome::LetterNotUsable
    );
    assert_eq!(
        store.list_webhook_deliveries(e.id, 10).await.unwrap().len(),
        3
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 3);
    // The list is cut at the limit asked for.
    assert_eq!(
        store.list_webhook_deliveries(e.id, 2).await.unwrap().len(),
        2
    );
}

pub async fn webhook_attempts_update_the_outbox_and_the_delivery_together(store: DynStore) {
    let now = ts("2026-11-23T12:00:00Z");
    let lease = SignedDuration::from_mins(2);
    let (p, _) = provider_with_client(&store).await;
    let e = endpoint(p.id, "https://ontvanger.example/", now);
    assert!(store.insert_webhook_endpoint(&e, 5).await.unwrap());
    let first = event(&e, "ping", now);
    let second = event(&e, "ping", now + SignedDuration::from_secs(1));
    store
        .enqueue_webhook_messages(&[first.clone(), second.clone()])
        .await
        .unwrap();
    let claimed = store
        .claim_due_messages(now + SignedDuration::from_secs(1), lease, 10)
        .await
        .unwrap();
    assert_eq!(claimed, vec![first.clone(), second.clone()]);
    assert_eq!(claimed[0].channel, Channel::Webhook);

    // A failure: counted on both, due again later.
    let retry_at = now + SignedDuration::from_secs(30);
    store
        .record_webhook_attempt(
            first.id,
            now,
            WebhookAttempt::Failed {
                error: "HTTP 500",
                retry_at,
            },
        )
        .await
        .unwrap();
    let delivery = |list: &[WebhookDelivery], id: OutboxMessageId| {
        list.iter().find(|d| d.id == id).cloned().unwrap()
    };
    let listed = store.list_webhook_deliveries(e.id, 10).await.unwrap();
    let d = delivery(&listed, first.id);
    assert_eq!(
        (d.attempts, d.last_error.as_deref(), d.delivered_at),
        (1, Some("HTTP 500"), None)
    );
    assert!(
        store
            .claim_due_messages(retry_at - SignedDuration::from_secs(1), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let again = store.claim_due_messages(retry_at, lease, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].id, again[0].attempts), (first.id, 1));

    // Delivered: no longer pending, shown as delivered.
    store
        .record_webhook_attempt(first.id, retry_at, WebhookAttempt::Delivered)
        .await
        .unwrap();
    // Given up: the message leaves the outbox, the delivery shows as failed.
    store
        .record_webhook_attempt(
            second.id,
            retry_at,
            WebhookAttempt::GaveUp {
                error: "the endpoint was removed",
            },
        )
        .await
        .unwrap();
    let listed = store.list_webhook_deliveries(e.id, 10).await.unwrap();
    let d = delivery(&listed, first.id);
    assert_eq!((d.attempts, d.delivered_at), (2, Some(retry_at)));
    let d = delivery(&listed, second.id);
    assert_eq!(
        (d.attempts, d.failed_at, d.last_error.as_deref()),
        (1, Some(retry_at), Some("the endpoint was removed"))
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
    assert!(
        store
            .claim_due_messages(retry_at + SignedDuration::from_hours(48), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Finished records older than the limit are purged; a pending one stays.
    let pending = event(&e, "ping", now);
    store
        .enqueue_webhook_messages(std::slice::from_ref(&pending))
        .await
        .unwrap();
    assert_eq!(
        store
            .purge_webhook_deliveries(now + SignedDuration::from_hours(1))
            .await
            .unwrap(),
        2
    );
    let left = store.list_webhook_deliveries(e.id, 10).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, pending.id);
}

pub async fn a_client_records_fhir_patient_is_found_for_its_provider(store: DynStore) {
    let now = ts("2026-11-23T12:00:00Z");
    let (p, record) = provider_with_client(&store).await;
    assert_eq!(
        store.fhir_patient_of_client(p.id, record.id).await.unwrap(),
        None
    );
    let put = FhirPut {
        resource_type: "Patient".into(),
        id: "p-1001".into(),
        body: r#"{"resourceType":"Patient","id":"p-1001"}"#.into(),
        content: None,
        search_date: None,
        search_date_end: None,
        identifier: Some(record.client_number.clone()),
        identifiers: Vec::new(),
        patient: None,
        references: Vec::new(),
        projection: Projection::ClientRecord {
            client_number: record.client_number.clone(),
            first_name: record.first_name.clone(),
            last_name: record.last_name.clone(),
            birth_date: record.birth_date.date(),
            email: None,
            address: None,
        },
        new_care_id: uuid::Uuid::now_v7(),
    };
    let done = store
        .write_fhir(p.id, &[FhirWrite::Put(Box::new(put))], now, Audit::NONE)
        .await
        .unwrap();
    assert!(matches!(done, FhirWriteOutcome::Done(_)), "{done:?}");
    assert_eq!(
        store.fhir_patient_of_client(p.id, record.id).await.unwrap(),
        Some("p-1001".to_owned())
    );
    let other = provider("GGZ Ander");
    store.insert_provider(&other).await.unwrap();
    assert_eq!(
        store
            .fhir_patient_of_client(other.id, record.id)
            .await
            .unwrap(),
        None
    );
}
