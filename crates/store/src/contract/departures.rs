//! Contract tests for leaving: ending a connection moves it to the history with its webhook
//! events and e-mails, all or nothing, and frees the client record for a new letter; deleting
//! an account leaves a tombstone with nothing personal and vacant care pages.

use super::accounts::{issued_letter, new_account, registration, token};
use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::{Account, CarePage, Connection};
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::*;

/// An account made as an activation makes it, connected by a letter when `letter` is given.
async fn account_with(
    store: &DynStore,
    email: &str,
    n: u8,
    now: Timestamp,
    letter: Option<&zk_domain::letter::Letter>,
) -> (Account, CarePage, Option<Connection>) {
    let r = registration(now);
    store.create_registration(&r, &token(n)).await.unwrap();
    let new = new_account(email, now, r.id, letter, n);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    (new.account, new.care_page, new.connection)
}

fn mail(to: &str, at: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(to, "Ontkoppeld", "tekst", None, at)
}

fn member(page: &CarePage, account: &Account, at: Timestamp) -> Member {
    Member {
        care_page_id: page.id,
        account_id: account.id,
        relation: Relation::Parent,
        permissions: Permissions::of(&[Permission::Agenda]),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: at,
    }
}

pub async fn ending_a_connection_moves_it_to_the_history_with_its_messages(store: DynStore) {
    let (p, client) = provider_with_client(&store).await;
    let now = ts("2026-12-01T10:00:00Z");
    let letter = issued_letter(&store, &client, now - SignedDuration::from_hours(1), 1).await;
    let (sanne, page, connection) =
        account_with(&store, "sanne@voorbeeld.example", 1, now, Some(&letter)).await;
    let connection = connection.unwrap();
    assert_eq!(
        store.get_connection(connection.id).await.unwrap(),
        Some(connection.clone())
    );
    let endpoint = WebhookEndpoint {
        id: WebhookEndpointId::new(),
        provider_id: p.id,
        url: "https://ontvanger.example/hook".into(),
        sealed_secret: vec![1, 2, 3],
        enabled: true,
        created_at: now,
    };
    assert!(store.insert_webhook_endpoint(&endpoint, 5).await.unwrap());
    let before = store.count_pending_messages().await.unwrap();
    let at = now + SignedDuration::from_hours(2);
    let ended = EndedConnection {
        connection: connection.clone(),
        ended_at: at,
        ended_by: sanne.id,
        ended_by_kind: EndedBy::Beheerder,
    };

    // A connection of another care page is not this one: nothing is written, no record either.
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    let wrong = EndedConnection {
        connection: Connection {
            care_page_id: CarePageId::new(),
            ..connection.clone()
        },
        ..ended.clone()
    };
    assert!(
        !store
            .end_connection(&wrong, &[mail("x@voorbeeld.example", at)], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before);
    assert_eq!(chain_length(&store).await, chain);
    assert!(store.get_connection(connection.id).await.unwrap().is_some());

    let event = OutgoingMessage::webhook(endpoint.id, "connection.ended", "{}".into(), at);
    assert!(
        store
            .end_connection(
                &ended,
                &[event, mail("sanne@voorbeeld.example", at)],
                audited(&record)
            )
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 2);
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(
        store
            .list_webhook_deliveries(endpoint.id, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.get_connection(connection.id).await.unwrap(), None);
    assert_eq!(store.connection_of_client(client.id).await.unwrap(), None);
    assert!(
        store
            .connections_of(page.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let history = store
        .ended_connections_of_provider(p.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        history.items,
        vec![EndedConnectionListing {
            id: connection.id,
            client_record_id: client.id,
            client_number: client.client_number.clone(),
            client_first_name: client.first_name.clone(),
            client_last_name: client.last_name.clone(),
            connected_at: now,
            ended_at: at,
            ended_by_kind: EndedBy::Beheerder,
            ended_by_first_name: sanne.first_name.clone(),
            ended_by_last_name: sanne.last_name.clone(),
        }]
    );
    // Ending it again writes nothing, its messages neither.
    assert!(
        !store
            .end_connection(
                &ended,
                &[mail("sanne@voorbeeld.example", at)],
                audited(&record)
            )
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 2);
    assert_eq!(chain_length(&store).await, chain + 1);

    // The client record is free: a new letter connects it again.
    let second = issued_letter(&store, &client, at, 2).await;
    let again = Connection {
        id: ConnectionId::new(),
        care_page_id: page.id,
        provider_id: p.id,
        client_record_id: client.id,
        letter_id: second.id,
        connected_at: at,
    };
    assert_eq!(
        store
            .add_connection(&again, at, &[], Audit::NONE)
            .await
            .unwrap(),
        ConnectOutcome::Connected
    );
}

pub async fn ended_connections_list_most_recent_first_in_pages(store: DynStore) {
    let (p, _) = provider_with_client(&store).await;
    let (other, _) = {
        let o = provider("Andere zorg");
        store.insert_provider(&o).await.unwrap();
        (o, ())
    };
    let now = ts("2026-12-01T10:00:00Z");
    let mut expected = Vec::new();
    for n in 0..5u8 {
        let c = client(&p, &format!("E-{n}"));
        store
            .insert_client_record(&c, crate::Audit::NONE)
            .await
            .unwrap();
        let letter = issued_letter(&store, &c, now, 10 + n).await;
        let (a, _, connection) = account_with(
            &store,
            &format!("e{n}@voorbeeld.example"),
            10 + n,
            now,
            Some(&letter),
        )
        .await;
        // Two end at the same moment: the id decides between them.
        let at = now + SignedDuration::from_mins(i64::from(n / 2));
        let kind = if n % 2 == 0 {
            EndedBy::Beheerder
        } else {
            EndedBy::Staff
        };
        let ended = EndedConnection {
            connection: connection.unwrap(),
            ended_at: at,
            ended_by: a.id,
            ended_by_kind: kind,
        };
        assert!(
            store
                .end_connection(&ended, &[], Audit::NONE)
                .await
                .unwrap()
        );
        expected.push((at, ended.connection.id, kind));
    }
    expected.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let listed = all_pages(2, |req: PageRequest| {
        let store = store.clone();
        let provider = p.id;
        async move { store.ended_connections_of_provider(provider, &req).await }
    })
    .await;
    let got: Vec<_> = listed
        .iter()
        .map(|e| (e.ended_at, e.id, e.ended_by_kind))
        .collect();
    assert_eq!(got, expected);
    // Another provider sees none of them.
    assert!(
        store
            .ended_connections_of_provider(other.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

pub async fn deleting_an_account_leaves_a_tombstone_and_vacant_pages(store: DynStore) {
    let (_, client) = provider_with_client(&store).await;
    let now = ts("2026-12-01T10:00:00Z");
    let letter = issued_letter(&store, &client, now - SignedDuration::from_hours(1), 1).await;
    let (sanne, page, connection) =
        account_with(&store, "sanne@voorbeeld.example", 1, now, Some(&letter)).await;
    let (mother, mothers_page, _) =
        account_with(&store, "moeder@voorbeeld.example", 2, now, None).await;
    store
        .set_phone(sanne.id, Some("+31612345678"), Some(now), Audit::NONE)
        .await
        .unwrap();
    store
        .replace_recovery_codes(sanne.id, &["a".into(), "b".into()], now, Audit::NONE)
        .await
        .unwrap();
    // The mother is in Sanne's network, and Sanne in the mother's.
    store
        .add_member(&member(&page, &mother, now), &[])
        .await
        .unwrap();
    store
        .add_member(&member(&mothers_page, &sanne, now), &[])
        .await
        .unwrap();
    // Sanne invited a friend to her page, the mother someone to hers.
    let sannes_invitation =
        super::invitations::invitation(&page, &sanne, "vriend@voorbeeld.example", now);
    store
        .create_invitation(&sannes_invitation, &[7; 32], &[], Audit::NONE)
        .await
        .unwrap();
    let mothers_invitation =
        super::invitations::invitation(&mothers_page, &mother, "oom@voorbeeld.example", now);
    store
        .create_invitation(&mothers_invitation, &[8; 32], &[], Audit::NONE)
        .await
        .unwrap();
    let before = store.count_pending_messages().await.unwrap();

    let at = now + SignedDuration::from_hours(3);
    let deletion = AccountDeletion {
        account: sanne.id,
        tombstone_email: format!("deleted-{}@invalid", sanne.id),
        unusable_password_hash: "!deleted".into(),
        at,
    };
    let messages = [
        mail("sanne@voorbeeld.example", at),
        mail("moeder@voorbeeld.example", at),
    ];
    assert!(
        store
            .delete_account(&deletion, &messages, Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 2);

    // Her open invitations stop working; the mother's stays open.
    let state = |id| {
        let store = store.clone();
        async move { store.get_invitation(id).await.unwrap().unwrap().state }
    };
    assert_eq!(
        state(sannes_invitation.id).await,
        zk_domain::invitation::InvitationState::Withdrawn
    );
    assert_eq!(
        state(mothers_invitation.id).await,
        zk_domain::invitation::InvitationState::Open
    );

    // The stored row: nothing personal is left.
    let row = store.get_account(sanne.id).await.unwrap().unwrap();
    assert_eq!(row.email, deletion.tombstone_email);
    assert_eq!((row.first_name.as_str(), row.last_name.as_str()), ("", ""));
    assert_eq!(row.password_hash, "!deleted");
    assert_eq!((row.phone, row.phone_verified_at), (None, None));
    assert!(!row.has_authenticator);
    assert_eq!(row.passkeys, 0);
    assert_eq!(store.account_deleted_at(sanne.id).await.unwrap(), Some(at));
    assert_eq!(store.account_deleted_at(mother.id).await.unwrap(), None);
    assert_eq!(store.count_recovery_codes(sanne.id).await.unwrap(), 0);
    assert_eq!(store.find_session(&token(1)).await.unwrap(), None);
    assert_eq!(
        store
            .find_account_by_email("sanne@voorbeeld.example")
            .await
            .unwrap(),
        None
    );
    // Her page stays (with its connection, for the provider) but has no beheerder and no
    // network; she is out of the mother's network.
    let vacant = store.get_care_page(page.id).await.unwrap().unwrap();
    assert_eq!(vacant.vacant_since, Some(at));
    assert!(
        store
            .get_connection(connection.unwrap().id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .members_of(page.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        store.get_member(mothers_page.id, sanne.id).await.unwrap(),
        None
    );
    // The mother's own account and page are untouched.
    assert_eq!(
        store.get_account(mother.id).await.unwrap(),
        Some(mother.clone())
    );
    assert_eq!(
        store
            .get_care_page(mothers_page.id)
            .await
            .unwrap()
            .unwrap()
            .vacant_since,
        None
    );

    // Deleting again writes nothing, its messages neither.
    let later = AccountDeletion {
        at: at + SignedDuration::from_hours(1),
        ..deletion.clone()
    };
    assert!(
        !store
            .delete_account(&later, &messages, Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), before + 2);
    assert_eq!(store.account_deleted_at(sanne.id).await.unwrap(), Some(at));
    assert_eq!(
        store
            .get_care_page(page.id)
            .await
            .unwrap()
            .unwrap()
            .vacant_since,
        Some(at)
    );

    // The address is free for a new account.
    let (again, _, _) = account_with(&store, "sanne@voorbeeld.example", 3, at, None).await;
    assert_ne!(again.id, sanne.id);
}

pub async fn deleting_an_unknown_account_writes_nothing(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let deletion = AccountDeletion {
        account: AccountId::new(),
        tombstone_email: "deleted-x@invalid".into(),
        unusable_password_hash: "!deleted".into(),
        at: now,
    };
    assert!(
        !store
            .delete_account(&deletion, &[mail("a@voorbeeld.example", now)], Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
}
