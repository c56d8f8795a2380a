//! Contract tests for handing a care page to a new beheerder with a letter: everything at once
//! or nothing, one winner when two redemptions race, and a new account created with it.

use super::accounts::{issued_letter, new_account, registration, token};
use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::AccountId;
use zk_domain::account::{Account, CarePage};
use zk_domain::client::ClientRecord;
use zk_domain::letter::Letter;
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::page::PageRequest;

const HOUR: SignedDuration = SignedDuration::from_hours(1);

/// A parent's account whose care page is connected to the client record with a used letter,
/// a member (grandmother) on that page, and a new letter for the client.
struct Family {
    client: ClientRecord,
    parent: Account,
    page: CarePage,
    grandmother: Account,
    letter: Letter,
}

async fn family(store: &DynStore, now: Timestamp) -> Family {
    let (_, client) = provider_with_client(store).await;
    let first = issued_letter(store, &client, now - HOUR * 48, 1).await;
    let r = registration(now - HOUR * 47);
    store.create_registration(&r, &token(1)).await.unwrap();
    let mut new = new_account(
        "ouder@voorbeeld.example",
        now - HOUR * 47,
        r.id,
        Some(&first),
        1,
    );
    new.care_page.beheerder_relation = Some(Relation::Parent);
    assert_eq!(
        store
            .create_account(&new, now - HOUR * 47, Audit::NONE)
            .await
            .unwrap(),
        AccountCreation::Created
    );
    let r = registration(now);
    store.create_registration(&r, &token(2)).await.unwrap();
    let oma = new_account("oma@voorbeeld.example", now - HOUR, r.id, None, 2);
    store
        .create_account(&oma, now - HOUR, Audit::NONE)
        .await
        .unwrap();
    store
        .add_member(
            &Member {
                care_page_id: new.care_page.id,
                account_id: oma.account.id,
                relation: Relation::Family,
                permissions: Permissions::all(),
                co_beheerder: false,
                sees_contacts: false,
                joined_at: now - HOUR,
            },
            &[],
        )
        .await
        .unwrap();
    let letter = issued_letter(store, &client, now - HOUR, 3).await;
    Family {
        client,
        parent: new.account,
        page: new.care_page,
        grandmother: oma.account,
        letter,
    }
}

fn hand_over(f: &Family, to: AccountId, at: Timestamp) -> HandOver {
    HandOver {
        care_page: f.page.id,
        from: f.parent.id,
        to,
        relation: None,
        letter: f.letter.id,
        client_record: f.client.id,
        at,
    }
}

/// The new beheerder's account as a registration creates it.
async fn newcomer(store: &DynStore, email: &str, n: u8, now: Timestamp) -> HandOverAccount {
    let r = registration(now);
    store.create_registration(&r, &token(n)).await.unwrap();
    let new = new_account(email, now, r.id, None, n);
    HandOverAccount {
        account: new.account,
        registration: r.id,
        session: new.session,
        session_token: new.session_token,
    }
}

pub async fn a_hand_over_moves_the_page_and_removes_its_members(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let f = family(&store, now).await;
    let client = newcomer(&store, "kind@voorbeeld.example", 10, now).await;
    // The parent invited someone who has not answered yet.
    let invited = super::invitations::invitation(&f.page, &f.parent, "oom@voorbeeld.example", now);
    store
        .create_invitation(&invited, &[9; 32], &[], Audit::NONE)
        .await
        .unwrap();
    let mail = OutgoingMessage::mail("ouder@voorbeeld.example", "Overgedragen", "t", None, now);
    let pending = store.count_pending_messages().await.unwrap();
    let chain = chain_length(&store).await;
    assert_eq!(
        store
            .hand_over_care_page(
                &hand_over(&f, client.account.id, now),
                Some(&client),
                &[mail],
                audited(&change_record(f.page.id)),
            )
            .await
            .unwrap(),
        HandOverOutcome::HandedOver
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    let page = store.get_care_page(f.page.id).await.unwrap().unwrap();
    assert_eq!(page.beheerder, client.account.id);
    assert_eq!((page.beheerder_relation, page.vacant_since), (None, None));
    assert!(
        store
            .get_member(f.page.id, f.grandmother.id)
            .await
            .unwrap()
            .is_none()
    );
    let parents = store
        .care_pages_of(f.parent.id, &PageRequest::first(5))
        .await
        .unwrap();
    assert!(parents.items.is_empty(), "the parent manages nothing now");
    let used = store.get_letter(f.letter.id).await.unwrap().unwrap();
    assert!(matches!(
        used.state,
        zk_domain::letter::LetterState::Used { .. }
    ));
    let connection = store
        .connection_of_client(f.client.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(connection.letter_id, f.letter.id);
    assert!(
        store
            .find_account_by_email("kind@voorbeeld.example")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .find_session(&client.session_token)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), pending + 1);
    // The parent's invitation is no longer theirs to give.
    assert_eq!(
        store
            .get_invitation(invited.id)
            .await
            .unwrap()
            .unwrap()
            .state,
        zk_domain::invitation::InvitationState::Withdrawn
    );
}

pub async fn a_hand_over_that_cannot_happen_writes_nothing(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let f = family(&store, now).await;
    let pending = store.count_pending_messages().await.unwrap();
    let mail = || OutgoingMessage::mail("ouder@voorbeeld.example", "Overgedragen", "t", None, now);
    // The page has another beheerder than the one decided on.
    let mut wrong_from = hand_over(&f, f.grandmother.id, now);
    wrong_from.from = f.grandmother.id;
    // The letter expired.
    let late = hand_over(&f, f.grandmother.id, now + HOUR * 24 * 31);
    // A new account whose address is taken.
    let taken = newcomer(&store, "ouder@voorbeeld.example", 11, now).await;
    let chain = chain_length(&store).await;
    let record = change_record(f.page.id);
    for (h, account, expected) in [
        (wrong_from, None, HandOverOutcome::NotUsable),
        (late, None, HandOverOutcome::NotUsable),
        (
            hand_over(&f, taken.account.id, now),
            Some(&taken),
            HandOverOutcome::EmailTaken,
        ),
    ] {
        assert_eq!(
            store
                .hand_over_care_page(&h, account, &[mail()], audited(&record))
                .await
                .unwrap(),
            expected
        );
    }
    let page = store.get_care_page(f.page.id).await.unwrap().unwrap();
    assert_eq!(page.beheerder, f.parent.id);
    assert_eq!(page.beheerder_relation, Some(Relation::Parent));
    assert!(
        store
            .get_member(f.page.id, f.grandmother.id)
            .await
            .unwrap()
            .is_some()
    );
    let letter = store.get_letter(f.letter.id).await.unwrap().unwrap();
    assert_eq!(letter.state, zk_domain::letter::LetterState::Issued);
    assert_eq!(store.count_pending_messages().await.unwrap(), pending);
    assert_eq!(
        chain_length(&store).await,
        chain,
        "no record of a refused hand-over"
    );
}

pub async fn racing_hand_overs_have_one_winner(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let f = family(&store, now).await;
    let chain = chain_length(&store).await;
    let mut tasks = Vec::new();
    for n in 0..8u8 {
        let account = newcomer(&store, &format!("kind{n}@voorbeeld.example"), 20 + n, now).await;
        let h = hand_over(&f, account.account.id, now);
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let record = change_record(h.care_page);
            store
                .hand_over_care_page(&h, Some(&account), &[], audited(&record))
                .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap().unwrap() {
            HandOverOutcome::HandedOver => won += 1,
            HandOverOutcome::NotUsable => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(
        chain_length(&store).await,
        chain + 1,
        "only the winner's record"
    );
    let mut accounts = 0;
    for n in 0..8u8 {
        let email = format!("kind{n}@voorbeeld.example");
        accounts += usize::from(store.find_account_by_email(&email).await.unwrap().is_some());
    }
    assert_eq!(accounts, 1, "the losers' accounts were not created");
}

pub async fn a_helped_care_page_is_made_with_its_connection_or_not_at_all(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (_, client) = provider_with_client(&store).await;
    let letter = issued_letter(&store, &client, now - HOUR, 1).await;
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let helper = new_account("helper@voorbeeld.example", now, r.id, None, 1);
    store
        .create_account(&helper, now, Audit::NONE)
        .await
        .unwrap();
    let page = |n: &str| CarePage {
        id: zk_domain::CarePageId::new(),
        first_name: n.into(),
        last_name: "Bakker".into(),
        birth_date: Some(client.birth_date),
        beheerder: helper.account.id,
        beheerder_relation: Some(Relation::Parent),
        vacant_since: None,
        created_at: now,
    };
    let connection = |p: &CarePage| zk_domain::account::Connection {
        id: zk_domain::ConnectionId::new(),
        care_page_id: p.id,
        provider_id: client.provider_id,
        client_record_id: client.id,
        letter_id: letter.id,
        connected_at: now,
    };
    let tim = page("Tim");
    let mail = OutgoingMessage::mail("helper@voorbeeld.example", "Nieuw", "t", None, now);
    let pending = store.count_pending_messages().await.unwrap();
    assert_eq!(
        store
            .add_helped_care_page(&tim, &connection(&tim), now, std::slice::from_ref(&mail))
            .await
            .unwrap(),
        ConnectOutcome::Connected
    );
    assert_eq!(
        store.get_care_page(tim.id).await.unwrap(),
        Some(tim.clone())
    );
    let found = store
        .connection_of_client(client.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.care_page_id, tim.id);
    assert_eq!(store.count_pending_messages().await.unwrap(), pending + 1);
    // The same letter again writes nothing: no second page, no e-mail.
    let again = page("Tim2");
    assert_eq!(
        store
            .add_helped_care_page(&again, &connection(&again), now, &[mail])
            .await
            .unwrap(),
        ConnectOutcome::LetterNotUsable
    );
    assert_eq!(store.get_care_page(again.id).await.unwrap(), None);
    assert_eq!(store.count_pending_messages().await.unwrap(), pending + 1);
}
