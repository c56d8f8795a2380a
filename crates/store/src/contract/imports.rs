//! Contract tests for bulk import jobs: stored with their chunks, claimed by one worker at a
//! time with a lease that another worker takes over when it runs out, progress and errors per
//! chunk, a provider sees only its own jobs, and uploads purged a while after the end.

use super::audit::{audited, chain_length, change_record};
use super::fixtures::*;
use crate::Audit;
use crate::imports::*;
use jiff::{SignedDuration, Timestamp};
use zk_domain::{CarePageId, ImportJobId, ProviderId};

fn job(provider: ProviderId, created_at: Timestamp, chunks: usize) -> NewImport {
    NewImport {
        id: ImportJobId::new(),
        provider_id: provider,
        resource_types: Some(vec!["Patient".into(), "Appointment".into()]),
        created_at,
        lines_total: 2 * chunks as u64,
        chunks: (0..chunks)
            .map(|n| ImportChunk {
                first_line: 1 + 2 * n as u64,
                data: format!("{{\"line\":{}}}\n{{\"line\":{}}}\n", 2 * n + 1, 2 * n + 2)
                    .into_bytes(),
            })
            .collect(),
    }
}

fn error(line: u64) -> ImportLineError {
    ImportLineError {
        line,
        code: "structure".into(),
        expression: format!("Line[{line}]"),
        diagnostics: "This line is not valid JSON".into(),
    }
}

fn done(chunk: u64, written: u64, errors: Vec<ImportLineError>) -> ChunkDone {
    let failed = errors.len() as u64;
    ChunkDone {
        chunk,
        counts: ImportCounts {
            lines_read: written + failed,
            written,
            failed,
            errors_kept: failed,
        },
        errors,
    }
}

async fn stored_provider(store: &DynStore) -> ProviderId {
    let p = provider("GGZ Import");
    store.insert_provider(&p).await.unwrap();
    p.id
}

pub async fn import_jobs_are_claimed_once_and_taken_over_after_the_lease(store: DynStore) {
    let provider = stored_provider(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let new = job(provider, now, 3);
    // The upload's record is appended with the job.
    let chain = chain_length(&store).await;
    store
        .insert_import(&new, audited(&change_record(CarePageId::new())))
        .await
        .unwrap();
    assert_eq!(chain_length(&store).await, chain + 1);
    let queued = store.get_import(provider, new.id).await.unwrap().unwrap();
    assert_eq!(queued.state, ImportState::Queued);
    assert_eq!(
        (queued.lines_total, queued.chunks_total, queued.next_chunk),
        (6, 3, 0)
    );
    assert_eq!(queued.resource_types, new.resource_types);
    assert_eq!(queued.counts, ImportCounts::default());
    assert_eq!(
        store.read_import_chunk(new.id, 1).await.unwrap(),
        Some(new.chunks[1].clone())
    );
    assert_eq!(store.read_import_chunk(new.id, 3).await.unwrap(), None);

    let lease = SignedDuration::from_mins(2);
    let first = store.claim_import(now, lease).await.unwrap().unwrap();
    assert_eq!(first.job.id, new.id);
    assert_eq!(first.job.state, ImportState::Running);
    assert_eq!(first.job.started_at, Some(now));
    // Held: another worker finds nothing, up to the last moment of the lease.
    let almost = now + lease - SignedDuration::from_secs(1);
    assert!(store.claim_import(almost, lease).await.unwrap().is_none());
    let progress_at = now + SignedDuration::from_mins(1);
    assert!(
        store
            .record_import_chunk(new.id, first.claim, &done(0, 2, vec![]), progress_at, lease)
            .await
            .unwrap()
    );
    // Progress renewed the lease: still held when the first lease would have ended.
    assert!(
        store
            .claim_import(now + lease, lease)
            .await
            .unwrap()
            .is_none()
    );

    // The first worker stops; when its renewed lease ends another takes over where it was.
    let later = progress_at + lease;
    let second = store.claim_import(later, lease).await.unwrap().unwrap();
    assert_eq!(second.job.id, new.id);
    assert_ne!(second.claim, first.claim);
    assert_eq!(second.job.next_chunk, 1);
    assert_eq!(second.job.counts.written, 2);
    assert_eq!(second.job.started_at, Some(now), "the first start is kept");
    // The first worker wakes up: its claim counts for nothing any more.
    assert!(
        !store
            .record_import_chunk(new.id, first.claim, &done(1, 2, vec![]), later, lease)
            .await
            .unwrap()
    );
    assert!(
        !store
            .finish_import(new.id, first.claim, later)
            .await
            .unwrap()
    );
    let job = store.get_import(provider, new.id).await.unwrap().unwrap();
    assert_eq!(job.next_chunk, 1);
    assert_eq!(job.counts.written, 2);
    assert!(
        store
            .record_import_chunk(new.id, second.claim, &done(1, 2, vec![]), later, lease)
            .await
            .unwrap()
    );
}

pub async fn import_progress_and_errors_are_recorded_per_chunk(store: DynStore) {
    let provider = stored_provider(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let lease = SignedDuration::from_mins(2);
    let new = job(provider, now, 2);
    store.insert_import(&new, Audit::NONE).await.unwrap();
    let held = store.claim_import(now, lease).await.unwrap().unwrap();
    // Not the next chunk: refused, nothing counted.
    assert!(
        !store
            .record_import_chunk(new.id, held.claim, &done(1, 2, vec![]), now, lease)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_import_chunk(new.id, held.claim, &done(0, 1, vec![error(2)]), now, lease)
            .await
            .unwrap()
    );
    // The same chunk twice (a worker that lost its answer) is refused the second time.
    assert!(
        !store
            .record_import_chunk(new.id, held.claim, &done(0, 1, vec![error(2)]), now, lease)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_import_chunk(
                new.id,
                held.claim,
                &done(1, 0, vec![error(4), error(3)]),
                now,
                lease
            )
            .await
            .unwrap()
    );
    let running = store.get_import(provider, new.id).await.unwrap().unwrap();
    assert_eq!(running.state, ImportState::Running);
    assert_eq!(running.next_chunk, 2);
    assert_eq!(
        running.counts,
        ImportCounts {
            lines_read: 4,
            written: 1,
            failed: 3,
            errors_kept: 3
        }
    );
    let lines = |errors: Vec<ImportLineError>| errors.iter().map(|e| e.line).collect::<Vec<_>>();
    let errors = store
        .list_import_errors(provider, new.id, 10)
        .await
        .unwrap();
    assert_eq!(lines(errors.clone()), vec![2, 3, 4]);
    assert_eq!(errors[0], error(2));
    assert_eq!(
        lines(store.list_import_errors(provider, new.id, 2).await.unwrap()),
        vec![2, 3]
    );

    let end = now + SignedDuration::from_secs(5);
    assert!(store.finish_import(new.id, held.claim, end).await.unwrap());
    let finished = store.get_import(provider, new.id).await.unwrap().unwrap();
    assert_eq!(finished.state, ImportState::Done);
    assert_eq!(finished.finished_at, Some(end));
    assert_eq!(finished.counts, running.counts);
    // Done: nobody claims it again, not even long after.
    let much_later = end + SignedDuration::from_hours(1);
    assert!(
        store
            .claim_import(much_later, lease)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!store.finish_import(new.id, held.claim, end).await.unwrap());
}

pub async fn import_jobs_are_claimed_oldest_first_and_exclusively_when_raced(store: DynStore) {
    let provider = stored_provider(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let older = job(provider, now - SignedDuration::from_mins(1), 1);
    let newer = job(provider, now, 1);
    store.insert_import(&newer, Audit::NONE).await.unwrap();
    store.insert_import(&older, Audit::NONE).await.unwrap();
    let lease = SignedDuration::from_mins(2);
    let workers: Vec<_> = (0..6)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.claim_import(now, lease).await.unwrap() })
        })
        .collect();
    let mut claimed = Vec::new();
    for w in workers {
        if let Some(c) = w.await.unwrap() {
            claimed.push(c.job.id);
        }
    }
    claimed.sort();
    let mut expected = vec![older.id, newer.id];
    expected.sort();
    assert_eq!(claimed, expected, "each job to exactly one worker");

    // The oldest waiting job goes first, whatever the order it was stored in.
    let later = job(provider, now + SignedDuration::from_secs(1), 1);
    let earlier = job(provider, now, 1);
    store.insert_import(&later, Audit::NONE).await.unwrap();
    store.insert_import(&earlier, Audit::NONE).await.unwrap();
    let first = store.claim_import(now, lease).await.unwrap().unwrap();
    assert_eq!(first.job.id, earlier.id);
    let second = store.claim_import(now, lease).await.unwrap().unwrap();
    assert_eq!(second.job.id, later.id);
}

pub async fn another_provider_cannot_see_an_import_job(store: DynStore) {
    let provider = stored_provider(&store).await;
    let other = stored_provider(&store).await;
    let now = ts("2026-11-23T10:00:00Z");
    let lease = SignedDuration::from_mins(2);
    let new = job(provider, now, 1);
    store.insert_import(&new, Audit::NONE).await.unwrap();
    let held = store.claim_import(now, lease).await.unwrap().unwrap();
    store
        .record_import_chunk(new.id, held.claim, &done(0, 1, vec![error(2)]), now, lease)
        .await
        .unwrap();
    assert!(store.get_import(other, new.id).await.unwrap().is_none());
    assert!(
        store
            .list_import_errors(other, new.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .get_import(provider, ImportJobId::new())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .list_import_errors(provider, new.id, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn finished_import_uploads_are_purged_later(store: DynStore) {
    let provider = stored_provider(&store).await;
    let lease = SignedDuration::from_mins(2);
    let start = ts("2026-11-01T10:00:00Z");
    let mut jobs = Vec::new();
    // Finished on the 1st and on the 10th; one still waiting since the 1st.
    for finish in ["2026-11-01T11:00:00Z", "2026-11-10T11:00:00Z"] {
        let new = job(provider, start, 1);
        store.insert_import(&new, Audit::NONE).await.unwrap();
        let held = store.claim_import(start, lease).await.unwrap().unwrap();
        assert_eq!(held.job.id, new.id);
        store
            .record_import_chunk(new.id, held.claim, &done(0, 2, vec![]), start, lease)
            .await
            .unwrap();
        assert!(
            store
                .finish_import(new.id, held.claim, ts(finish))
                .await
                .unwrap()
        );
        jobs.push(new);
    }
    let waiting = job(provider, start, 1);
    store.insert_import(&waiting, Audit::NONE).await.unwrap();

    // A week after the 1st, 11:00 exactly: nothing is older than that yet.
    let week = SignedDuration::from_hours(24 * 7);
    let cut = ts("2026-11-08T11:00:00Z") - week;
    assert_eq!(store.purge_import_uploads(cut).await.unwrap(), 0);
    let cut = ts("2026-11-08T11:00:01Z") - week;
    assert_eq!(store.purge_import_uploads(cut).await.unwrap(), 1);
    assert_eq!(store.read_import_chunk(jobs[0].id, 0).await.unwrap(), None);
    assert!(
        store
            .read_import_chunk(jobs[1].id, 0)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .read_import_chunk(waiting.id, 0)
            .await
            .unwrap()
            .is_some()
    );
    // The status stays readable without the upload.
    let purged = store
        .get_import(provider, jobs[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(purged.state, ImportState::Done);
    assert_eq!(purged.counts.written, 2);
    assert_eq!(store.purge_import_uploads(cut).await.unwrap(), 0);
    // Long after: the second goes too; a job that never finished keeps its lines.
    let cut = ts("2027-01-01T00:00:00Z") - week;
    assert_eq!(store.purge_import_uploads(cut).await.unwrap(), 1);
    assert_eq!(store.read_import_chunk(jobs[1].id, 0).await.unwrap(), None);
    assert!(
        store
            .read_import_chunk(waiting.id, 0)
            .await
            .unwrap()
            .is_some()
    );
}

/// Refreshing the planner's statistics works on every backend, on empty and filled tables.
pub async fn import_statistics_can_be_refreshed(store: DynStore) {
    store.refresh_import_statistics().await.unwrap();
    provider_with_client(&store).await;
    store.refresh_import_statistics().await.unwrap();
}
