//! Contract tests for data export jobs: the daily limit is counted and stored in one step, a
//! job is claimed by one worker at a time, the files come with the notice e-mail, the sweep
//! removes them once expired, and a job is tried a limited number of times.

use super::fixtures::*;
use super::network::account;
use crate::*;
use jiff::SignedDuration;
use zk_domain::ExportJobId;
use zk_domain::account::{Account, CarePage};

fn job(account: &Account, page: &CarePage, at: jiff::Timestamp) -> ExportJob {
    ExportJob {
        id: ExportJobId::new(),
        account_id: account.id,
        care_page_id: page.id,
        state: ExportState::Waiting,
        requested_at: at,
        ready_at: None,
        expires_at: None,
    }
}

fn notice(at: jiff::Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(
        "sanne@voorbeeld.example",
        "Klaar",
        "Je download staat klaar.",
        None,
        at,
    )
}

pub async fn exports_are_limited_per_account_in_one_step(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let since = now - SignedDuration::from_hours(24);
    for i in 0..3 {
        let at = now + SignedDuration::from_mins(i);
        assert!(
            store
                .request_export(&job(&sanne, &page, at), &notice(at), since, 3, Audit::NONE)
                .await
                .unwrap()
        );
    }
    let fourth = job(&sanne, &page, now + SignedDuration::from_mins(5));
    assert!(
        !store
            .request_export(&fourth, &notice(now), since, 3, Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(store.get_export(fourth.id).await.unwrap(), None);
    // A day later the window has moved on.
    let later = now + SignedDuration::from_hours(25);
    let fifth = job(&sanne, &page, later);
    assert!(
        store
            .request_export(
                &fifth,
                &notice(later),
                later - SignedDuration::from_hours(24),
                3,
                Audit::NONE
            )
            .await
            .unwrap()
    );
    let listed = store.exports_of(sanne.id, page.id, 10).await.unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[0], fifth);
    // Nothing is mailed before the files are ready.
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
}

pub async fn an_export_is_claimed_once_and_finished_with_its_notice(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let j = job(&sanne, &page, now);
    let since = now - SignedDuration::from_hours(24);
    assert!(
        store
            .request_export(&j, &notice(now), since, 3, Audit::NONE)
            .await
            .unwrap()
    );
    let lease = SignedDuration::from_mins(10);
    let (claimed, claim) = store.claim_export(now, lease).await.unwrap().unwrap();
    assert_eq!(claimed.id, j.id);
    assert_eq!(claimed.state, ExportState::Running);
    // Held: a second worker finds nothing until the lease runs out.
    assert!(store.claim_export(now, lease).await.unwrap().is_none());
    let later = now + SignedDuration::from_mins(11);
    let (again, second_claim) = store.claim_export(later, lease).await.unwrap().unwrap();
    assert_eq!(again.id, j.id);
    // The first worker lost its claim: its files are refused and nothing is mailed.
    let expires = later + SignedDuration::from_hours(24 * 7);
    assert!(
        !store
            .finish_export(j.id, claim, b"{}", b"<html>", later, expires)
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
    assert!(
        store
            .finish_export(j.id, second_claim, b"{}", b"<html>", later, expires)
            .await
            .unwrap()
    );
    assert_eq!(store.count_pending_messages().await.unwrap(), 1);
    let ready = store.get_export(j.id).await.unwrap().unwrap();
    assert_eq!(ready.state, ExportState::Ready);
    assert_eq!(ready.expires_at, Some(expires));
    assert!(store.claim_export(expires, lease).await.unwrap().is_none());
    assert_eq!(
        store
            .export_file(j.id, ExportFile::Bundle, later)
            .await
            .unwrap(),
        Some(b"{}".to_vec())
    );
    assert_eq!(
        store
            .export_file(j.id, ExportFile::Summary, later)
            .await
            .unwrap(),
        Some(b"<html>".to_vec())
    );
    // Expired: not served even before the sweep, and the sweep removes the files.
    assert_eq!(
        store
            .export_file(j.id, ExportFile::Bundle, expires)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .purge_expired_exports(expires - SignedDuration::from_secs(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.purge_expired_exports(expires).await.unwrap(), 1);
    assert_eq!(
        store.get_export(j.id).await.unwrap().unwrap().state,
        ExportState::Expired
    );
    assert_eq!(store.purge_expired_exports(expires).await.unwrap(), 0);
}

pub async fn an_export_is_tried_three_times_and_never_for_a_deleted_account(store: DynStore) {
    let now = ts("2026-12-01T10:00:00Z");
    let (sanne, page) = account(&store, "sanne@voorbeeld.example", 1, now).await;
    let since = now - SignedDuration::from_hours(24);
    let j = job(&sanne, &page, now);
    assert!(
        store
            .request_export(&j, &notice(now), since, 1, Audit::NONE)
            .await
            .unwrap()
    );
    let lease = SignedDuration::from_mins(10);
    let retry = SignedDuration::from_mins(5);
    let mut at = now;
    for tries in 1..=EXPORT_TRIES {
        let (claimed, claim) = store.claim_export(at, lease).await.unwrap().unwrap();
        assert_eq!(claimed.id, j.id, "try {tries}");
        // Not due again before `retry`.
        assert!(store.fail_export(j.id, claim, at + retry).await.unwrap());
        assert!(
            !store.fail_export(j.id, claim, at + retry).await.unwrap(),
            "claim spent"
        );
        assert!(store.claim_export(at, lease).await.unwrap().is_none());
        at += retry;
    }
    let failed = store.get_export(j.id).await.unwrap().unwrap();
    assert_eq!(failed.state, ExportState::Failed);
    assert!(
        store
            .claim_export(at + lease * 10, lease)
            .await
            .unwrap()
            .is_none()
    );
    // A failed request does not count toward the daily limit (here 1).
    let second = job(&sanne, &page, at);
    assert!(
        store
            .request_export(&second, &notice(at), since, 1, Audit::NONE)
            .await
            .unwrap()
    );

    // A worker that stops during the last try: the sweep gives up on the job once the lease
    // runs out.
    for _ in 0..EXPORT_TRIES {
        // Each worker stops without an answer; the next takes over once the lease ran out.
        store.claim_export(at, lease).await.unwrap().unwrap();
        at += lease;
    }
    assert_eq!(
        store.get_export(second.id).await.unwrap().unwrap().state,
        ExportState::Running
    );
    store.purge_expired_exports(at).await.unwrap();
    assert_eq!(
        store.get_export(second.id).await.unwrap().unwrap().state,
        ExportState::Failed
    );

    // The job of a deleted account is not built.
    let (bram, bram_page) = account(&store, "bram@voorbeeld.example", 2, now).await;
    let third = job(&bram, &bram_page, at);
    assert!(
        store
            .request_export(&third, &notice(at), since, 1, Audit::NONE)
            .await
            .unwrap()
    );
    let deletion = AccountDeletion {
        account: bram.id,
        tombstone_email: format!("deleted-{}@invalid", bram.id),
        unusable_password_hash: "!deleted".into(),
        at,
    };
    assert!(
        store
            .delete_account(&deletion, &[], Audit::NONE)
            .await
            .unwrap()
    );
    assert!(store.claim_export(at, lease).await.unwrap().is_none());
}
