//! Contract tests for invitations: a link is used once even when raced, stops at its expiry,
//! can be withdrawn, and a re-sent invitation's old link stops working. Refused changes write
//! nothing, their e-mails and audit records neither; a change made appends its record.

use super::audit::{audited, chain_length, change_record};
use super::network::account;
use crate::contract::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::InvitationId;
use zk_domain::account::{Account, CarePage};
use zk_domain::invitation::{INVITATION_LIFETIME, Invitation, InvitationState};
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;

fn hash(n: u8) -> TokenHash {
    [n; 32]
}

pub(super) fn invitation(page: &CarePage, by: &Account, email: &str, at: Timestamp) -> Invitation {
    Invitation {
        id: InvitationId::new(),
        care_page_id: page.id,
        invited_by: by.id,
        name: "Ria Jansen".into(),
        email: email.into(),
        language: "en".into(),
        relation: Relation::Parent,
        permissions: Permissions::of(&[Permission::Agenda, Permission::Appointments]),
        sees_contacts: true,
        created_at: at,
        expires_at: at + INVITATION_LIFETIME,
        state: InvitationState::Open,
    }
}

fn member_of(i: &Invitation, account: &Account, at: Timestamp) -> Member {
    Member {
        care_page_id: i.care_page_id,
        account_id: account.id,
        relation: i.relation,
        permissions: i.permissions,
        co_beheerder: false,
        sees_contacts: i.sees_contacts,
        joined_at: at,
    }
}

fn mail(subject: &str, at: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail("x@voorbeeld.example", subject, "tekst", None, at)
}

pub async fn an_invitation_is_accepted_once_even_when_raced(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let i = invitation(&page, &sanne, "ria@voorbeeld.example", now);
    let chain = chain_length(&store).await;
    store
        .create_invitation(
            &i,
            &hash(1),
            &[mail("Uitnodiging", now)],
            audited(&change_record(page.id)),
        )
        .await
        .unwrap();
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(store.get_invitation(i.id).await.unwrap(), Some(i.clone()));
    assert_eq!(
        store.find_invitation_by_token(&hash(1)).await.unwrap(),
        Some(i.clone())
    );
    assert_eq!(
        store.find_invitation_by_token(&hash(2)).await.unwrap(),
        None
    );

    // Ten accounts open the same link at once: exactly one becomes a member.
    let mut accounts = Vec::new();
    for n in 0..10u8 {
        let (a, _) = account(&store, &format!("r{n}@voorbeeld.example"), 10 + n, now).await;
        accounts.push(a);
    }
    let at = now + SignedDuration::from_hours(1);
    let tasks: Vec<_> = accounts
        .iter()
        .map(|a| {
            let store = store.clone();
            let m = member_of(&i, a, at);
            let id = i.id;
            tokio::spawn(async move {
                let record = change_record(m.care_page_id);
                store
                    .accept_invitation(id, &m, at, &[mail("Geaccepteerd", at)], audited(&record))
                    .await
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
    // Only the accept that won left a record.
    assert_eq!(chain_length(&store).await, chain + 2);
    let members = store
        .members_of(page.id, &PageRequest::first(20))
        .await
        .unwrap()
        .items;
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].permissions, i.permissions);
    assert_eq!(store.count_pending_messages().await.unwrap(), 2);
    let stored = store.get_invitation(i.id).await.unwrap().unwrap();
    assert_eq!(stored.state, InvitationState::Accepted);
    // A used invitation can be declined, withdrawn or re-sent no more, and leaves no record.
    let record = change_record(page.id);
    assert!(
        !store
            .decline_invitation(i.id, at, &[mail("n", at)], audited(&record))
            .await
            .unwrap()
    );
    assert!(
        !store
            .withdraw_invitation(i.id, at, &[mail("n", at)], audited(&record))
            .await
            .unwrap()
    );
    assert!(
        !store
            .resend_invitation(i.id, &hash(3), at + INVITATION_LIFETIME, &[mail("n", at)])
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 2);
    assert_eq!(chain_length(&store).await, chain + 2);
    assert!(
        store
            .open_invitations_of(page.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

pub async fn an_invitation_stops_working_at_its_expiry(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let (ria, _) = account(&store, "ria@voorbeeld.example", 2, now).await;
    let i = invitation(&page, &sanne, "ria@voorbeeld.example", now);
    store
        .create_invitation(&i, &hash(1), &[], Audit::NONE)
        .await
        .unwrap();
    let late = i.expires_at + SignedDuration::from_secs(1);
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    let ria_late = member_of(&i, &ria, late);
    assert!(
        !store
            .accept_invitation(i.id, &ria_late, late, &[mail("n", late)], audited(&record))
            .await
            .unwrap()
    );
    assert!(
        !store
            .decline_invitation(i.id, late, &[], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(store.get_member(page.id, ria.id).await.unwrap(), None);
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
    // An accept refused as expired leaves no record.
    assert_eq!(chain_length(&store).await, chain);
    // One second before the end it still works, and is recorded.
    let last = i.expires_at - SignedDuration::from_secs(1);
    let m = member_of(&i, &ria, last);
    assert!(
        store
            .accept_invitation(i.id, &m, last, &[], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(store.get_member(page.id, ria.id).await.unwrap(), Some(m));
    assert_eq!(chain_length(&store).await, chain + 1);
}

pub async fn an_invitation_for_a_member_writes_nothing(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let (ria, _) = account(&store, "ria@voorbeeld.example", 2, now).await;
    let first = invitation(&page, &sanne, "ria@voorbeeld.example", now);
    let second = invitation(&page, &sanne, "ria@voorbeeld.example", now);
    store
        .create_invitation(&first, &hash(1), &[], Audit::NONE)
        .await
        .unwrap();
    store
        .create_invitation(&second, &hash(2), &[], Audit::NONE)
        .await
        .unwrap();
    let m = member_of(&first, &ria, now);
    assert!(
        store
            .accept_invitation(first.id, &m, now, &[], Audit::NONE)
            .await
            .unwrap()
    );
    // Accepting the second one as the same account is a conflict: it stays open, no mail, no
    // record.
    let chain = chain_length(&store).await;
    let record = change_record(page.id);
    assert!(matches!(
        store
            .accept_invitation(second.id, &m, now, &[mail("n", now)], audited(&record))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let stored = store.get_invitation(second.id).await.unwrap().unwrap();
    assert_eq!(stored.state, InvitationState::Open);
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
    assert_eq!(chain_length(&store).await, chain);
}

pub async fn invitations_are_withdrawn_declined_and_resent(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let (other, other_page) = account(&store, "ander@voorbeeld.example", 2, now).await;
    let a = invitation(&page, &sanne, "a@voorbeeld.example", now);
    let b = invitation(&page, &sanne, "b@voorbeeld.example", now);
    let c = invitation(&page, &sanne, "c@voorbeeld.example", now);
    let elsewhere = invitation(&other_page, &other, "d@voorbeeld.example", now);
    for (n, i) in [&a, &b, &c, &elsewhere].into_iter().enumerate() {
        store
            .create_invitation(i, &hash(n as u8 + 1), &[], Audit::NONE)
            .await
            .unwrap();
    }
    let listed = all_pages(1, |req: PageRequest| {
        let store = store.clone();
        let page = page.id;
        async move { store.open_invitations_of(page, &req).await }
    })
    .await;
    let mut expected = vec![a.clone(), b.clone(), c.clone()];
    expected.sort_by_key(|i| (i.created_at, i.id));
    assert_eq!(listed, expected);

    // Withdrawing works on an expired invitation too, and only once.
    let late = a.expires_at + SignedDuration::from_hours(1);
    let record = change_record(page.id);
    let chain = chain_length(&store).await;
    assert!(
        store
            .withdraw_invitation(a.id, late, &[mail("w", late)], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    assert!(
        !store
            .withdraw_invitation(a.id, late, &[mail("w", late)], audited(&record))
            .await
            .unwrap()
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(
        store.get_invitation(a.id).await.unwrap().unwrap().state,
        InvitationState::Withdrawn
    );
    assert!(
        store
            .decline_invitation(
                b.id,
                now,
                &[mail("d", now)],
                audited(&change_record(page.id))
            )
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 2);
    assert_eq!(chain_length(&store).await, chain + 2);

    // Re-sending gives a new token and expiry: the old link finds nothing.
    let later = now + SignedDuration::from_hours(30);
    let until = later + INVITATION_LIFETIME;
    assert!(
        store
            .resend_invitation(c.id, &hash(9), until, &[mail("r", later)])
            .await
            .unwrap()
    );
    assert_eq!(
        store.find_invitation_by_token(&hash(3)).await.unwrap(),
        None
    );
    let resent = store
        .find_invitation_by_token(&hash(9))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(resent.id, c.id);
    assert_eq!(resent.expires_at, until);
    let open = store
        .open_invitations_of(page.id, &PageRequest::first(5))
        .await
        .unwrap()
        .items;
    assert_eq!(open, vec![resent]);

    // Deleting an account withdraws the invitations it sent, and only those.
    assert_eq!(
        store
            .withdraw_invitations_by(sanne.id, later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.get_invitation(c.id).await.unwrap().unwrap().state,
        InvitationState::Withdrawn
    );
    assert_eq!(
        store
            .get_invitation(elsewhere.id)
            .await
            .unwrap()
            .unwrap()
            .state,
        InvitationState::Open
    );
}
