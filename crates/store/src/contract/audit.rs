//! Contract tests for the audit trail: appends form one unbroken chain even when raced, reads
//! page newest first with filters, and purging removes only the oldest run of old records while
//! the database refuses to delete young ones.

use super::fixtures::*;
use crate::audit::{GENESIS_HASH, Seal};
use crate::*;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;
use zk_domain::audit::*;
use zk_domain::network::Permission;
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, ClientRecordId};

/// A stand-in for the application's keyed hash: it depends on seq, the previous hash and the
/// event's id, which is enough to check that the store passes them in the right order.
fn test_seal(seq: i64, prev: &[u8; 32], event: &AuditEvent) -> [u8; 32] {
    let mut h = *prev;
    h.rotate_left(3);
    for (i, b) in seq.to_be_bytes().iter().enumerate() {
        h[i] ^= b;
    }
    for (i, b) in event.id.0.as_bytes().iter().enumerate() {
        h[8 + i] ^= b;
    }
    h
}

const SEAL: &Seal = &test_seal;

/// Now, to the microsecond the databases keep (the real clock: the triggers use it too).
fn now_micros() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond()).unwrap()
}

fn event(page: Option<CarePageId>, actor: Uuid, name: &str, at: Timestamp) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        action: AuditAction::Read,
        at,
        care_page_id: page,
        client_record_id: None,
        actor_id: Some(actor),
        actor_name: name.into(),
        role: ActorRole::Client,
        on_behalf_of: None,
        ground: Ground::Authorisation,
        category: DataCategory::Care(Permission::Reports),
        resource_id: Some("r-1".into()),
        source: Source {
            ip: "192.0.2.1".into(),
            user_agent: "Firefox op Linux".into(),
        },
        outcome: Outcome::Success,
        kind: None,
    }
}

/// One change record on `page`, for the contract tests of writes that append their record in
/// the same transaction as their change.
pub fn change_record(page: CarePageId) -> Vec<AuditEvent> {
    let mut e = event(
        Some(page),
        zk_domain::AccountId::new().0,
        "Beheerder",
        now_micros(),
    );
    e.action = AuditAction::Update;
    vec![e]
}

/// One security record of `account` (a change to the account itself, on no care page), for the
/// contract tests of account writes that append their record with their change.
pub fn account_record(account: zk_domain::AccountId, kind: AuditKind) -> Vec<AuditEvent> {
    let mut e = event(None, account.0, "Sanne de Vries", now_micros());
    e.role = ActorRole::AccountHolder;
    e.category = DataCategory::Account;
    e.resource_id = None;
    e.kind = Some(kind);
    e.action = AuditAction::Update;
    vec![e]
}

/// `events` sealed with the test seal, as a store write takes them.
pub fn audited(events: &[AuditEvent]) -> Audit<'_> {
    Audit { events, seal: SEAL }
}

/// How many records the chain holds (its head's sequence number).
pub async fn chain_length(store: &DynStore) -> i64 {
    store.audit_head().await.unwrap().0
}

async fn whole_chain(store: &DynStore) -> Vec<AuditRecord> {
    store.audit_chain(0, 10_000).await.unwrap()
}

/// Every record follows the previous one: seq without gaps, prev_hash the previous hash, and the
/// hash the seal of both.
fn assert_linked(chain: &[AuditRecord], anchor: [u8; 32]) {
    let mut prev = anchor;
    let first = chain.first().map_or(0, |r| r.seq);
    for (seq, r) in (first..).zip(chain) {
        assert_eq!(r.seq, seq, "no gaps");
        assert_eq!(
            r.prev_hash, prev,
            "record {} links to the previous one",
            r.seq
        );
        assert_eq!(r.hash, test_seal(r.seq, &r.prev_hash, &r.event));
        prev = r.hash;
    }
}

pub async fn audit_appends_form_one_chain_when_raced(store: DynStore) {
    let now = now_micros();
    let page = CarePageId::new();
    let mut tasks = Vec::new();
    for t in 0..2 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..50 {
                let e = event(Some(page), Uuid::now_v7(), &format!("task {t}"), now);
                store.append_audit(&[e], SEAL).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let chain = whole_chain(&store).await;
    assert_eq!(chain.len(), 100);
    assert_eq!(chain[0].seq, 1);
    assert_linked(&chain, GENESIS_HASH);

    assert_eq!(store.audit_head().await.unwrap(), (100, chain[99].hash));

    // Several events at once go in order, and what was stored reads back the same, kind too.
    let mut second = event(None, Uuid::now_v7(), "b", now);
    second.kind = Some(zk_domain::audit::AuditKind::Login);
    let two = [event(None, Uuid::now_v7(), "a", now), second];
    store.append_audit(&two, SEAL).await.unwrap();
    let chain = whole_chain(&store).await;
    assert_linked(&chain, GENESIS_HASH);
    assert_eq!(chain[100].event, two[0]);
    assert_eq!(chain[101].event, two[1]);
    assert_eq!(store.audit_chain(101, 5).await.unwrap().len(), 2);
    assert_eq!(store.audit_head().await.unwrap(), (102, chain[101].hash));
}

pub async fn audit_of_a_care_page_pages_newest_first_with_filters(store: DynStore) {
    let t0 = ts("2026-11-01T10:00:00Z");
    let page = CarePageId::new();
    let (sanne, moeder) = (Uuid::now_v7(), Uuid::now_v7());
    for i in 0..5 {
        let at = t0 + SignedDuration::from_hours(i);
        let (who, name) = if i % 2 == 0 {
            (sanne, "Sanne")
        } else {
            (moeder, "Moeder")
        };
        let mut e = event(Some(page), who, name, at);
        e.client_record_id = Some(ClientRecordId::new());
        store.append_audit(&[e], SEAL).await.unwrap();
    }
    // Another page's record never shows.
    let other = event(Some(CarePageId::new()), sanne, "Sanne", t0);
    store.append_audit(&[other], SEAL).await.unwrap();

    let all = AuditFilter::default();
    let seqs = all_pages(2, |p| {
        let store = store.clone();
        let all = all.clone();
        async move { store.audit_of_care_page(page, &all, &p).await }
    })
    .await
    .into_iter()
    .map(|r| r.seq)
    .collect::<Vec<_>>();
    assert_eq!(seqs, vec![5, 4, 3, 2, 1]);

    let only_mother = AuditFilter {
        actor: Some(moeder),
        ..AuditFilter::default()
    };
    let found = store
        .audit_of_care_page(page, &only_mother, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [4, 2]
    );

    // From the second hour up to (not including) the fourth.
    let period = AuditFilter {
        actor: None,
        from: Some(t0 + SignedDuration::from_hours(1)),
        until: Some(t0 + SignedDuration::from_hours(3)),
    };
    let found = store
        .audit_of_care_page(page, &period, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [3, 2]
    );

    let actors = store.audit_actors_of_care_page(page).await.unwrap();
    assert_eq!(
        actors,
        vec![(moeder, "Moeder".to_owned()), (sanne, "Sanne".to_owned())]
    );
    assert!(matches!(
        store
            .audit_of_care_page(page, &all, &PageRequest::after("x".to_owned(), 2))
            .await,
        Err(StoreError::BadCursor)
    ));
}

pub async fn audit_of_a_provider_holds_its_clients_records_only(store: DynStore) {
    let now = now_micros();
    let (ours, client) = provider_with_client(&store).await;
    let theirs = provider("Andere Zorg");
    store.insert_provider(&theirs).await.unwrap();
    let their_client = super::fixtures::client(&theirs, "999");
    store
        .insert_client_record(&their_client, crate::Audit::NONE)
        .await
        .unwrap();
    let mut mine = event(None, Uuid::now_v7(), "Sanne", now);
    mine.client_record_id = Some(client.id);
    let mut not_mine = event(None, Uuid::now_v7(), "Piet", now);
    not_mine.client_record_id = Some(their_client.id);
    // What the provider's own staff or token did counts too, with or without a client.
    let mut our_staff = event(None, Uuid::now_v7(), "Secretariaat", now);
    our_staff.on_behalf_of = Some(ours.id);
    let mut their_staff = event(None, Uuid::now_v7(), "Ander secretariaat", now);
    their_staff.on_behalf_of = Some(theirs.id);
    let mut old = event(
        None,
        Uuid::now_v7(),
        "Sanne",
        now - SignedDuration::from_hours(48),
    );
    old.client_record_id = Some(client.id);
    store
        .append_audit(
            &[
                old.clone(),
                mine.clone(),
                not_mine,
                our_staff.clone(),
                their_staff,
            ],
            SEAL,
        )
        .await
        .unwrap();
    let everything = AuditFilter::default();
    let found = store
        .audit_of_provider(ours.id, &everything, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        found.items.into_iter().map(|r| r.event).collect::<Vec<_>>(),
        vec![our_staff.clone(), mine.clone(), old]
    );
    // The period: from a day ago, and until just before the staff's record.
    let recent = AuditFilter {
        from: Some(now - SignedDuration::from_hours(24)),
        until: Some(now + SignedDuration::from_micros(1)),
        ..AuditFilter::default()
    };
    let found = store
        .audit_of_provider(ours.id, &recent, &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(found.items[0].event, our_staff);
    let next = PageRequest {
        after: found.next.clone(),
        ..PageRequest::first(1)
    };
    let rest = store
        .audit_of_provider(ours.id, &recent, &next)
        .await
        .unwrap();
    assert_eq!(
        rest.items.into_iter().map(|r| r.event).collect::<Vec<_>>(),
        vec![mine]
    );
    assert!(rest.next.is_none());
}

pub async fn old_audit_records_are_purged_and_young_ones_kept(store: DynStore) {
    let long_ago = ts("2015-03-01T10:00:00Z");
    let now = now_micros();
    let mut events: Vec<AuditEvent> = (0..3)
        .map(|_| event(None, Uuid::now_v7(), "Oud", long_ago))
        .collect();
    events.extend((0..2).map(|_| event(None, Uuid::now_v7(), "Nieuw", now)));
    store.append_audit(&events, SEAL).await.unwrap();
    let before = whole_chain(&store).await;

    // A cutoff past the young records: the database refuses, and nothing is deleted.
    assert!(
        store
            .purge_audit_before(now + SignedDuration::from_hours(1))
            .await
            .is_err()
    );
    assert_eq!(whole_chain(&store).await, before);

    assert_eq!(
        store
            .purge_audit_before(ts("2016-01-01T00:00:00Z"))
            .await
            .unwrap(),
        3
    );
    let after = whole_chain(&store).await;
    assert_eq!(after.iter().map(|r| r.seq).collect::<Vec<_>>(), [4, 5]);
    // The first remaining record's prev_hash is the anchor: the chain still links from there.
    assert_eq!(after[0].prev_hash, before[2].hash);
    assert_linked(&after, after[0].prev_hash);
    // New appends continue the chain.
    store
        .append_audit(&[event(None, Uuid::now_v7(), "Later", now)], SEAL)
        .await
        .unwrap();
    let after = whole_chain(&store).await;
    assert_eq!(after.last().map(|r| r.seq), Some(6));
    assert_linked(&after, after[0].prev_hash);
}
