//! Contract tests for registrations, accounts, sessions and attempt counters.

use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::{Account, CarePage, Connection, Session};
use zk_domain::client::ClientRecord;
use zk_domain::letter::{IntendedFor, Letter, LetterState};
use zk_domain::page::PageRequest;
use zk_domain::*;

const HOUR: SignedDuration = SignedDuration::from_hours(1);

pub(super) fn registration(now: Timestamp) -> StoredRegistration {
    StoredRegistration {
        id: RegistrationId::new(),
        state: r#"{"step":"name"}"#.into(),
        created_at: now,
        expires_at: now + HOUR,
    }
}

pub(super) fn token(n: u8) -> TokenHash {
    [n; 32]
}

pub(super) async fn issued_letter(
    store: &DynStore,
    client: &ClientRecord,
    issued_at: Timestamp,
    hash: u8,
) -> Letter {
    let letter = Letter {
        id: LetterId::new(),
        provider_id: client.provider_id,
        client_record_id: client.id,
        intended_for: IntendedFor::Client,
        issued_at,
        expires_at: issued_at + SignedDuration::from_hours(24 * 30),
        state: LetterState::Issued,
    };
    store.issue_letter(&letter, &[hash; 32]).await.unwrap();
    letter
}

pub(super) fn new_account(
    email: &str,
    now: Timestamp,
    reg: RegistrationId,
    letter: Option<&Letter>,
    session_token: u8,
) -> NewAccount {
    let account = Account {
        id: AccountId::new(),
        email: email.to_owned(),
        first_name: "Sanne".into(),
        last_name: "de Vries".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        phone: None,
        phone_verified_at: None,
        language: "nl".into(),
        created_at: now,
        has_authenticator: false,
        passkeys: 0,
    };
    let care_page = CarePage {
        id: CarePageId::new(),
        first_name: "Sanne".into(),
        last_name: "de Vries".into(),
        birth_date: Some(BirthDate::new(jiff::civil::Date::constant(1990, 12, 31))),
        beheerder: account.id,
        beheerder_relation: None,
        vacant_since: None,
        created_at: now,
    };
    let connection = letter.map(|l| Connection {
        id: ConnectionId::new(),
        care_page_id: care_page.id,
        provider_id: l.provider_id,
        client_record_id: l.client_record_id,
        letter_id: l.id,
        connected_at: now,
    });
    let session = Session {
        id: SessionId::new(),
        account_id: account.id,
        created_at: now,
        last_seen_at: now,
        expires_at: now + SignedDuration::from_hours(12),
        second_factor_at: None,
        authenticated_at: now,
        user_agent: "Firefox op Linux".into(),
    };
    NewAccount {
        account,
        care_page,
        connection,
        registration: reg,
        session,
        session_token: [session_token; 32],
        messages: Vec::new(),
    }
}

pub async fn registrations_round_trip_and_expire(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    assert_eq!(
        store.find_registration(&token(1), now).await.unwrap(),
        Some(r.clone())
    );
    assert_eq!(store.find_registration(&token(2), now).await.unwrap(), None);
    store
        .update_registration(r.id, r#"{"step":"email"}"#, now + HOUR * 2)
        .await
        .unwrap();
    let found = store
        .find_registration(&token(1), now + HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.state, r#"{"step":"email"}"#);
    assert_eq!(
        store
            .find_registration(&token(1), now + HOUR * 2)
            .await
            .unwrap(),
        None,
        "expired"
    );
    store.delete_registration(r.id).await.unwrap();
    assert_eq!(store.find_registration(&token(1), now).await.unwrap(), None);
}

pub async fn an_activation_link_works_once_and_expires(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    store
        .set_activation_token(r.id, &token(10), "sanne@voorbeeld.example", now + HOUR * 24)
        .await
        .unwrap();
    // A new link replaces the old one.
    store
        .set_activation_token(r.id, &token(11), "sanne@voorbeeld.example", now + HOUR * 24)
        .await
        .unwrap();
    assert_eq!(
        store
            .claim_activation(&token(10), now, &token(2))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .claim_activation(&token(11), now + HOUR * 24, &token(2))
            .await
            .unwrap(),
        None,
        "expired"
    );
    let claimed = store
        .claim_activation(&token(11), now + SignedDuration::from_mins(30), &token(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.registration.id, r.id);
    assert_eq!(
        claimed.email, "sanne@voorbeeld.example",
        "the address the link went to"
    );
    assert_eq!(
        store
            .claim_activation(&token(11), now + SignedDuration::from_mins(30), &token(3))
            .await
            .unwrap(),
        None,
        "single use"
    );
    // The registration now belongs to the browser that activated it.
    assert_eq!(
        store
            .find_registration(&token(2), now + SignedDuration::from_mins(30))
            .await
            .unwrap()
            .map(|r| r.id),
        Some(r.id)
    );
    assert_eq!(
        store
            .find_registration(&token(1), now + SignedDuration::from_mins(30))
            .await
            .unwrap(),
        None
    );
}

pub async fn an_activation_proves_one_address_and_a_void_forgets_it(store: DynStore) {
    let (_, client) = provider_with_client(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    store
        .set_activation_token(r.id, &token(10), "eigen@voorbeeld.example", now + HOUR * 24)
        .await
        .unwrap();
    // The address changed: the link sent before stops working.
    store.void_activation(r.id).await.unwrap();
    assert_eq!(
        store
            .claim_activation(&token(10), now, &token(2))
            .await
            .unwrap(),
        None,
        "voided"
    );
    store
        .set_activation_token(r.id, &token(11), "eigen@voorbeeld.example", now + HOUR * 24)
        .await
        .unwrap();
    let claimed = store
        .claim_activation(&token(11), now, &token(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.email, "eigen@voorbeeld.example");
    // An account with another address than the proven one is not made.
    let letter = issued_letter(&store, &client, now - HOUR, 1).await;
    let other = new_account(
        "slachtoffer@voorbeeld.example",
        now,
        r.id,
        Some(&letter),
        50,
    );
    assert_eq!(
        store
            .create_account(&other, now, Audit::NONE)
            .await
            .unwrap(),
        AccountCreation::EmailNotProven
    );
    assert_eq!(
        store
            .find_account_by_email("slachtoffer@voorbeeld.example")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.get_letter(letter.id).await.unwrap().unwrap().state,
        LetterState::Issued,
        "the letter is not used"
    );
    // The proven address itself is accepted.
    let own = new_account("eigen@voorbeeld.example", now, r.id, Some(&letter), 51);
    assert_eq!(
        store.create_account(&own, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
}

pub async fn racing_activations_claim_once(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    store
        .set_activation_token(r.id, &token(10), "sanne@voorbeeld.example", now + HOUR * 24)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..10u8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .claim_activation(&token(10), now, &token(100 + n))
                    .await
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().is_some() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
}

pub async fn creating_an_account_writes_everything_at_once(store: DynStore) {
    let (_, client) = provider_with_client(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let letter = issued_letter(&store, &client, now - HOUR, 1).await;
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, Some(&letter), 50);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );

    assert_eq!(
        store.get_account(new.account.id).await.unwrap(),
        Some(new.account.clone())
    );
    assert_eq!(
        store
            .find_account_by_email("Sanne@Voorbeeld.example")
            .await
            .unwrap(),
        Some(new.account.clone())
    );
    let pages = store
        .care_pages_of(new.account.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(pages.items, vec![new.care_page.clone()]);
    assert_eq!(
        store.get_care_page(new.care_page.id).await.unwrap(),
        Some(new.care_page.clone())
    );
    let connections = store
        .connections_of(new.care_page.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(connections.items, vec![new.connection.clone().unwrap()]);
    assert_eq!(
        store.get_letter(letter.id).await.unwrap().unwrap().state,
        LetterState::Used { at: now }
    );
    assert_eq!(store.find_registration(&token(1), now).await.unwrap(), None);
    assert_eq!(
        store.find_session(&[50; 32]).await.unwrap(),
        Some(new.session.clone())
    );
}

pub async fn a_taken_email_or_used_letter_writes_nothing(store: DynStore) {
    let (p, client) = provider_with_client(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let letter = issued_letter(&store, &client, now - HOUR, 1).await;
    let first = registration(now);
    store.create_registration(&first, &token(1)).await.unwrap();
    let a = new_account("sanne@voorbeeld.example", now, first.id, Some(&letter), 50);
    // The account's records come with it; a refused one leaves none.
    let chain = chain_length(&store).await;
    let record = change_record(a.care_page.id);
    assert_eq!(
        store
            .create_account(&a, now, audited(&record))
            .await
            .unwrap(),
        AccountCreation::Created
    );
    assert_eq!(chain_length(&store).await, chain + 1);

    // The same letter again, with another address.
    let second = registration(now);
    store.create_registration(&second, &token(2)).await.unwrap();
    let b = new_account("daan@voorbeeld.example", now, second.id, Some(&letter), 51);
    let record = change_record(b.care_page.id);
    assert_eq!(
        store
            .create_account(&b, now, audited(&record))
            .await
            .unwrap(),
        AccountCreation::LetterNotUsable
    );
    assert_eq!(chain_length(&store).await, chain + 1);
    assert_eq!(
        store
            .find_account_by_email("daan@voorbeeld.example")
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.get_care_page(b.care_page.id).await.unwrap(), None);
    assert_eq!(store.find_session(&[51; 32]).await.unwrap(), None);
    assert!(
        store
            .find_registration(&token(2), now)
            .await
            .unwrap()
            .is_some(),
        "registration kept"
    );

    // A taken address, with a fresh letter for another client.
    let other = client_fixture(&p, "C-2");
    store
        .insert_client_record(&other, crate::Audit::NONE)
        .await
        .unwrap();
    let fresh = issued_letter(&store, &other, now - HOUR, 2).await;
    let c = new_account("sanne@voorbeeld.example", now, second.id, Some(&fresh), 52);
    assert_eq!(
        store.create_account(&c, now, Audit::NONE).await.unwrap(),
        AccountCreation::EmailTaken
    );
    assert_eq!(
        store.get_letter(fresh.id).await.unwrap().unwrap().state,
        LetterState::Issued,
        "letter untouched"
    );
    assert_eq!(store.get_care_page(c.care_page.id).await.unwrap(), None);
}

fn client_fixture(p: &zk_domain::provider::Provider, number: &str) -> ClientRecord {
    client(p, number)
}

pub async fn an_expired_letter_creates_no_account(store: DynStore) {
    let (_, client) = provider_with_client(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let letter = issued_letter(
        &store,
        &client,
        now - SignedDuration::from_hours(24 * 31),
        1,
    )
    .await;
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, Some(&letter), 50);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::LetterNotUsable
    );
    assert_eq!(store.get_account(new.account.id).await.unwrap(), None);
}

pub async fn racing_redemptions_of_one_letter_make_one_account(store: DynStore) {
    let (_, client) = provider_with_client(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let letter = issued_letter(&store, &client, now - HOUR, 1).await;
    let mut tasks = Vec::new();
    for n in 0..20u8 {
        let r = registration(now);
        store.create_registration(&r, &token(n)).await.unwrap();
        let new = new_account(
            &format!("persoon{n}@voorbeeld.example"),
            now,
            r.id,
            Some(&letter),
            100 + n,
        );
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store.create_account(&new, now, Audit::NONE).await
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap().unwrap() {
            AccountCreation::Created => created += 1,
            AccountCreation::LetterNotUsable => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(created, 1);
}

pub async fn an_account_without_a_letter_has_a_page_without_connections(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, None, 50);
    assert_eq!(
        store.create_account(&new, now, Audit::NONE).await.unwrap(),
        AccountCreation::Created
    );
    let connections = store
        .connections_of(new.care_page.id, &PageRequest::first(10))
        .await
        .unwrap();
    assert!(connections.items.is_empty());
}

pub async fn sessions_and_phone_round_trip(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let r = registration(now);
    store.create_registration(&r, &token(1)).await.unwrap();
    let new = new_account("sanne@voorbeeld.example", now, r.id, None, 50);
    store.create_account(&new, now, Audit::NONE).await.unwrap();
    let id = new.account.id;

    store
        .set_phone(id, Some("+31612345678"), None, Audit::NONE)
        .await
        .unwrap();
    let account = store.get_account(id).await.unwrap().unwrap();
    assert_eq!(
        (account.phone.as_deref(), account.phone_verified_at),
        (Some("+31612345678"), None)
    );
    store
        .set_phone(id, Some("+31612345678"), Some(now), Audit::NONE)
        .await
        .unwrap();
    assert!(
        store
            .get_account(id)
            .await
            .unwrap()
            .unwrap()
            .has_second_factor()
    );

    let second = Session {
        id: SessionId::new(),
        ..new.session.clone()
    };
    store.create_session(&second, &[60; 32]).await.unwrap();
    store.touch_session(second.id, now + HOUR).await.unwrap();
    store
        .mark_second_factor(second.id, now + HOUR, &[61; 32])
        .await
        .unwrap();
    assert_eq!(
        store.find_session(&[60; 32]).await.unwrap(),
        None,
        "the token from before the second factor is replaced"
    );
    let found = store.find_session(&[61; 32]).await.unwrap().unwrap();
    assert_eq!(
        (found.id, found.last_seen_at, found.second_factor_at),
        (second.id, now + HOUR, Some(now + HOUR))
    );
    store.delete_session(second.id).await.unwrap();
    assert_eq!(store.find_session(&[61; 32]).await.unwrap(), None);
    assert!(
        store.find_session(&[50; 32]).await.unwrap().is_some(),
        "other sessions stay"
    );
}

pub async fn attempts_count_within_their_window(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let window = HOUR;
    assert_eq!(
        store
            .attempt_state("login-account", "k1", now, window)
            .await
            .unwrap(),
        None
    );
    for n in 1..=3u32 {
        // The first failure is at `now`, so the window runs until `now + window`.
        let at = now + SignedDuration::from_mins(i64::from(n - 1));
        let state = store
            .record_failure("login-account", "k1", at, window)
            .await
            .unwrap();
        assert_eq!(
            state,
            AttemptState {
                failures: n,
                last_failure_at: at
            }
        );
    }
    // Other scopes and keys are counted apart.
    assert_eq!(
        store
            .record_failure("login-ip", "k1", now, window)
            .await
            .unwrap()
            .failures,
        1
    );
    assert_eq!(
        store
            .record_failure("login-account", "k2", now, window)
            .await
            .unwrap()
            .failures,
        1
    );
    let state = store
        .attempt_state(
            "login-account",
            "k1",
            now + SignedDuration::from_mins(30),
            window,
        )
        .await
        .unwrap();
    assert_eq!(state.map(|s| s.failures), Some(3));
    // The window runs from the first failure: after it, counting starts again.
    assert_eq!(
        store
            .attempt_state("login-account", "k1", now + window, window)
            .await
            .unwrap(),
        None
    );
    let again = store
        .record_failure("login-account", "k1", now + window, window)
        .await
        .unwrap();
    assert_eq!(again.failures, 1);
    store.clear_attempts("login-account", "k1").await.unwrap();
    assert_eq!(
        store
            .attempt_state("login-account", "k1", now + window, window)
            .await
            .unwrap(),
        None
    );
}

pub async fn racing_failures_are_all_counted(store: DynStore) {
    let now = ts("2026-11-23T10:00:00Z");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.record_failure("letter-ip", "k", now, HOUR).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let state = store
        .attempt_state("letter-ip", "k", now, HOUR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.failures, 20);
}
