//! Contract tests for printing letters: a letter and its sealed PDF are stored at once or not
//! at all (the previous letter stays valid), batches are all or nothing and belong to their
//! provider, the overview filters by status at a moment, and expired PDFs are removed.

use super::fixtures::*;
use crate::{CodeHash, PrintedLetter, PurgedPdfs, StoreError};
use jiff::{SignedDuration, Timestamp};
use zk_domain::client::ClientRecord;
use zk_domain::letter::{IntendedFor, Letter, LetterState, LetterStatus};
use zk_domain::letter_batch::{LetterBatch, LetterBatchId};
use zk_domain::page::PageRequest;
use zk_domain::*;

const DAY: SignedDuration = SignedDuration::from_hours(24);

fn letter(client: &ClientRecord, issued_at: Timestamp) -> Letter {
    Letter {
        id: LetterId::new(),
        provider_id: client.provider_id,
        client_record_id: client.id,
        intended_for: IntendedFor::Client,
        issued_at,
        expires_at: issued_at + DAY * 30,
        state: LetterState::Issued,
    }
}

fn hash(n: u8) -> CodeHash {
    [n; 32]
}

fn printed<'a>(letter: &'a Letter, code_hash: &'a CodeHash, pdf: &'a [u8]) -> PrintedLetter<'a> {
    PrintedLetter {
        letter,
        code_hash,
        sealed_pdf: pdf,
        available_until: letter.issued_at + DAY,
    }
}

fn batch(provider: ProviderId, count: u32, now: Timestamp) -> LetterBatch {
    LetterBatch {
        id: LetterBatchId::new(),
        provider_id: provider,
        created_at: now,
        letter_count: count,
        available_until: now + DAY,
    }
}

pub async fn a_printed_letter_replaces_the_previous_one_at_once_or_not_at_all(store: DynStore) {
    let (p, c) = provider_with_client(&store).await;
    let now = ts("2026-11-23T11:00:00Z");
    let first = letter(&c, now);
    store
        .issue_printed_letter(&printed(&first, &hash(1), b"first"), crate::Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        store.letter_pdf(first.id, p.id, now).await.unwrap(),
        Some(b"first".to_vec())
    );

    // A new letter whose code hash is taken is refused, and the first stays valid, without a
    // trace of the refused one.
    let later = now + SignedDuration::from_mins(5);
    let refused = letter(&c, later);
    assert!(matches!(
        store
            .issue_printed_letter(&printed(&refused, &hash(1), b"refused"), crate::Audit::NONE)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.get_letter(first.id).await.unwrap().unwrap().state,
        LetterState::Issued
    );
    assert_eq!(store.get_letter(refused.id).await.unwrap(), None);
    assert_eq!(
        store.letter_pdf(refused.id, p.id, later).await.unwrap(),
        None
    );

    // A letter that exists already cannot be stored again with another code: nothing changes.
    assert!(
        store
            .issue_printed_letter(&printed(&first, &hash(9), b"again"), crate::Audit::NONE)
            .await
            .is_err()
    );
    assert_eq!(
        store.get_letter(first.id).await.unwrap().unwrap().state,
        LetterState::Issued
    );

    // The replacement revokes the first.
    let second = letter(&c, later);
    store
        .issue_printed_letter(&printed(&second, &hash(2), b"second"), crate::Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        store.get_letter(first.id).await.unwrap().unwrap().state,
        LetterState::Revoked { at: later }
    );
    assert_eq!(
        store.letter_pdf(second.id, p.id, later).await.unwrap(),
        Some(b"second".to_vec())
    );
}

pub async fn a_letter_batch_is_all_or_nothing_and_its_providers_own(store: DynStore) {
    let (p, a) = provider_with_client(&store).await;
    let b = client(&p, "C-2");
    let c = client(&p, "C-3");
    store
        .insert_client_record(&b, crate::Audit::NONE)
        .await
        .unwrap();
    store
        .insert_client_record(&c, crate::Audit::NONE)
        .await
        .unwrap();
    let other = provider("GGZ Ander");
    store.insert_provider(&other).await.unwrap();
    let now = ts("2026-11-23T11:00:00Z");
    let old = letter(&a, now - DAY);
    store.issue_letter(&old, &hash(1)).await.unwrap();

    // One taken code hash in the middle: nothing of the batch is written.
    let refused = batch(p.id, 3, now);
    let letters = vec![
        (letter(&a, now), hash(2)),
        (letter(&b, now), hash(1)),
        (letter(&c, now), hash(4)),
    ];
    assert!(matches!(
        store
            .issue_letter_batch(&refused, &letters, b"pdf", crate::Audit::NONE)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.get_letter_batch(refused.id, p.id).await.unwrap(),
        None
    );
    for (l, _) in &letters {
        assert_eq!(store.get_letter(l.id).await.unwrap(), None);
    }
    assert_eq!(
        store.get_letter(old.id).await.unwrap().unwrap().state,
        LetterState::Issued,
        "the old letter stays valid"
    );
    // A client twice in one batch is refused too.
    let twice = vec![(letter(&a, now), hash(5)), (letter(&a, now), hash(6))];
    assert!(matches!(
        store
            .issue_letter_batch(&batch(p.id, 2, now), &twice, b"pdf", crate::Audit::NONE)
            .await,
        Err(StoreError::Conflict(_))
    ));

    // A good batch: every letter issued, the old one revoked, the PDF kept for a day.
    let good = batch(p.id, 3, now);
    let letters = vec![
        (letter(&a, now), hash(7)),
        (letter(&b, now), hash(8)),
        (letter(&c, now), hash(9)),
    ];
    store
        .issue_letter_batch(&good, &letters, b"batch pdf", crate::Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        store.get_letter_batch(good.id, p.id).await.unwrap(),
        Some(good.clone())
    );
    assert_eq!(
        store.letter_batch_letters(good.id, p.id).await.unwrap(),
        letters.iter().map(|(l, _)| l.id).collect::<Vec<_>>()
    );
    for (l, h) in &letters {
        assert_eq!(
            store.find_letter_by_code_hash(h).await.unwrap(),
            Some(l.clone())
        );
        assert_eq!(
            store.letter_batch_of(l.id, p.id).await.unwrap(),
            Some(good.id)
        );
        assert_eq!(store.letter_batch_of(l.id, other.id).await.unwrap(), None);
    }
    assert_eq!(store.letter_batch_of(old.id, p.id).await.unwrap(), None);
    assert_eq!(
        store.get_letter(old.id).await.unwrap().unwrap().state,
        LetterState::Revoked { at: now }
    );
    assert_eq!(
        store.letter_batch_pdf(good.id, p.id, now).await.unwrap(),
        Some(b"batch pdf".to_vec())
    );
    assert_eq!(
        store
            .letter_batch_pdf(good.id, p.id, now + DAY)
            .await
            .unwrap(),
        None
    );
    // Another provider sees nothing of it.
    assert_eq!(
        store.get_letter_batch(good.id, other.id).await.unwrap(),
        None
    );
    assert!(
        store
            .letter_batch_letters(good.id, other.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .letter_batch_pdf(good.id, other.id, now)
            .await
            .unwrap(),
        None
    );
}

pub async fn the_letters_overview_pages_newest_first_by_status(store: DynStore) {
    let (p, a) = provider_with_client(&store).await;
    let other = provider("GGZ Ander");
    store.insert_provider(&other).await.unwrap();
    let stranger = client(&other, "X-1");
    store
        .insert_client_record(&stranger, crate::Audit::NONE)
        .await
        .unwrap();
    let start = ts("2026-10-01T09:00:00Z");
    // Twelve clients, one letter each, a day apart; then statuses set per client.
    let mut letters = Vec::new();
    for i in 0..12u8 {
        let c = if i == 0 {
            a.clone()
        } else {
            let c = client(&p, &format!("C-{}", i + 10));
            store
                .insert_client_record(&c, crate::Audit::NONE)
                .await
                .unwrap();
            c
        };
        let l = letter(&c, start + DAY * i32::from(i));
        store
            .issue_printed_letter(&printed(&l, &hash(i + 1), b"pdf"), crate::Audit::NONE)
            .await
            .unwrap();
        letters.push(l);
    }
    store
        .issue_letter(&letter(&stranger, start), &hash(99))
        .await
        .unwrap();
    // Letters 0 and 1 used, 2 revoked; at `now` letters 3..=4 have expired (30 days).
    let now = start + DAY * 34 + SignedDuration::from_hours(1);
    assert!(
        store
            .mark_letter_used(letters[0].id, start + DAY)
            .await
            .unwrap()
    );
    assert!(
        store
            .mark_letter_used(letters[1].id, start + DAY * 2)
            .await
            .unwrap()
    );
    assert!(
        store
            .revoke_letter(letters[2].id, start + DAY * 3)
            .await
            .unwrap()
    );

    let ids = |range: std::ops::Range<usize>| -> Vec<LetterId> {
        letters[range].iter().rev().map(|l| l.id).collect()
    };
    let list = |status: Option<LetterStatus>| {
        let store = store.clone();
        async move {
            all_pages(5, |page| {
                let store = store.clone();
                async move { store.list_provider_letters(p.id, status, now, &page).await }
            })
            .await
            .into_iter()
            .map(|l| l.letter.id)
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(list(None).await, ids(0..12), "all, newest first");
    assert_eq!(list(Some(LetterStatus::Used)).await, ids(0..2));
    assert_eq!(list(Some(LetterStatus::Revoked)).await, ids(2..3));
    assert_eq!(list(Some(LetterStatus::Expired)).await, ids(3..5));
    assert_eq!(list(Some(LetterStatus::Valid)).await, ids(5..12));

    // A row carries the client and whether its PDF can still be fetched.
    let first = store
        .list_provider_letters(p.id, None, now, &PageRequest::first(1))
        .await
        .unwrap();
    let row = &first.items[0];
    assert_eq!(row.client_number, "C-21");
    assert_eq!(row.client_name, "Sanne de Vries");
    assert!(!row.pdf_available, "issued days ago: its 24 hours are over");
    assert_eq!(row.batch_pdf, None);
    let fresh = store
        .list_provider_letters(p.id, None, letters[11].issued_at, &PageRequest::first(1))
        .await
        .unwrap();
    assert!(fresh.items[0].pdf_available);

    // A letter of a batch points at the batch's PDF while it is there.
    let b = batch(p.id, 1, now);
    let in_batch = letter(&a, now);
    store
        .issue_letter_batch(
            &b,
            &[(in_batch.clone(), hash(50))],
            b"pdf",
            crate::Audit::NONE,
        )
        .await
        .unwrap();
    let top = store
        .list_provider_letters(p.id, None, now, &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(top.items[0].letter.id, in_batch.id);
    assert_eq!(top.items[0].batch_pdf, Some(b.id));
    assert!(!top.items[0].pdf_available);
    let later = store
        .list_provider_letters(p.id, None, now + DAY, &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(later.items[0].batch_pdf, None);

    assert!(matches!(
        store
            .list_provider_letters(p.id, None, now, &PageRequest::after("rommel", 5))
            .await,
        Err(StoreError::BadCursor)
    ));
}

pub async fn expired_pdfs_are_purged_and_current_ones_stay(store: DynStore) {
    let (p, a) = provider_with_client(&store).await;
    let b = client(&p, "C-2");
    store
        .insert_client_record(&b, crate::Audit::NONE)
        .await
        .unwrap();
    let now = ts("2026-11-23T11:00:00Z");
    let old = letter(&a, now - DAY - SignedDuration::from_secs(1));
    store
        .issue_printed_letter(&printed(&old, &hash(1), b"old"), crate::Audit::NONE)
        .await
        .unwrap();
    let current = letter(&b, now - SignedDuration::from_hours(23));
    store
        .issue_printed_letter(&printed(&current, &hash(2), b"current"), crate::Audit::NONE)
        .await
        .unwrap();
    let old_batch = batch(p.id, 1, now - DAY);
    let c = client(&p, "C-3");
    store
        .insert_client_record(&c, crate::Audit::NONE)
        .await
        .unwrap();
    store
        .issue_letter_batch(
            &old_batch,
            &[(letter(&c, now - DAY), hash(3))],
            b"old batch",
            crate::Audit::NONE,
        )
        .await
        .unwrap();
    let new_batch = batch(p.id, 1, now - SignedDuration::from_hours(1));
    let d = client(&p, "C-4");
    store
        .insert_client_record(&d, crate::Audit::NONE)
        .await
        .unwrap();
    store
        .issue_letter_batch(
            &new_batch,
            &[(letter(&d, now), hash(4))],
            b"new batch",
            crate::Audit::NONE,
        )
        .await
        .unwrap();

    // Exactly at the end of its 24 hours a PDF goes; one second younger, it stays.
    assert_eq!(
        store.purge_expired_pdfs(now).await.unwrap(),
        PurgedPdfs {
            letters: 1,
            batches: 1
        }
    );
    assert_eq!(
        store.purge_expired_pdfs(now).await.unwrap(),
        PurgedPdfs::default()
    );
    let far = now + DAY * 2;
    assert_eq!(
        store.letter_pdf(current.id, p.id, now).await.unwrap(),
        Some(b"current".to_vec())
    );
    assert_eq!(
        store
            .letter_batch_pdf(new_batch.id, p.id, now)
            .await
            .unwrap(),
        Some(b"new batch".to_vec())
    );
    // The rows themselves are gone, not just hidden: asking with an early time finds nothing.
    let early = now - DAY * 2;
    assert_eq!(store.letter_pdf(old.id, p.id, early).await.unwrap(), None);
    assert_eq!(
        store
            .letter_batch_pdf(old_batch.id, p.id, early)
            .await
            .unwrap(),
        None
    );
    // The letters and the batch stay; only the PDFs go.
    assert!(store.get_letter(old.id).await.unwrap().is_some());
    assert!(
        store
            .get_letter_batch(old_batch.id, p.id)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store.purge_expired_pdfs(far).await.unwrap(),
        PurgedPdfs {
            letters: 1,
            batches: 1
        }
    );
}
