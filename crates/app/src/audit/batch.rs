//! Group commit for records appended on their own (views, searches, logins): requests that
//! record at the same moment share one transaction on the chain, instead of queueing one commit
//! each behind the chain's head. Every request still waits until its own records are committed
//! before it goes on, so "no access without its record" holds; when the shared append fails,
//! every request in it fails.

use super::sealer;
use crate::{AppError, AppResult, SecretKey};
use std::sync::{Arc, OnceLock};
use tokio::sync::{mpsc, oneshot};
use zk_domain::audit::AuditEvent;
use zk_store::{Store, StoreError};

/// Records of at most this many requests go in one transaction.
const MOST_REQUESTS_PER_APPEND: usize = 256;

/// Waiting requests before new ones wait for room (back-pressure, not an error).
const QUEUE: usize = 4096;

/// One request's records, with the store and key they belong to and where to say it is done.
struct Job {
    events: Vec<AuditEvent>,
    store: Arc<dyn Store>,
    key: Arc<SecretKey>,
    done: oneshot::Sender<Result<(), String>>,
}

impl Job {
    /// Whether `other` may share this job's transaction: the same database and the same key.
    fn fits(&self, other: &Job) -> bool {
        Arc::ptr_eq(&self.store, &other.store) && Arc::ptr_eq(&self.key, &other.key)
    }
}

/// The app's appender: a task, started with the first record, that takes every request waiting
/// at that moment into one append. Clones of an `App` share it.
#[derive(Clone, Default)]
pub struct Batcher {
    queue: Arc<OnceLock<mpsc::Sender<Job>>>,
}

impl std::fmt::Debug for Batcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Batcher")
    }
}

impl Batcher {
    /// Appends `events` to `store`'s chain, sealed under `key`, together with whatever other
    /// requests are waiting. Returns once they are committed; an error means they are not.
    pub async fn append(
        &self,
        store: &Arc<dyn Store>,
        key: &Arc<SecretKey>,
        events: &[AuditEvent],
    ) -> AppResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let queue = self.queue.get_or_init(start);
        let (done, answer) = oneshot::channel();
        let job = Job {
            events: events.to_vec(),
            store: store.clone(),
            key: key.clone(),
            done,
        };
        // The task lives on the runtime that started it; when that runtime is gone (a test
        // that made the app on another one), the records are appended here instead.
        if queue.send(job).await.is_err() {
            return append_alone(store, key, events).await;
        }
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(problem)) => Err(AppError::Store(StoreError::Unavailable(problem))),
            Err(_) => append_alone(store, key, events).await,
        }
    }
}

async fn append_alone(
    store: &Arc<dyn Store>,
    key: &Arc<SecretKey>,
    events: &[AuditEvent],
) -> AppResult<()> {
    store.append_audit(events, &*sealer(key)).await?;
    Ok(())
}

fn start() -> mpsc::Sender<Job> {
    let (send, receive) = mpsc::channel(QUEUE);
    tokio::spawn(run(receive));
    send
}

/// Takes the first waiting job and every job waiting behind it that fits, appends their
/// records in one transaction and tells each.
async fn run(mut queue: mpsc::Receiver<Job>) {
    let mut next = None;
    loop {
        let first = match next.take() {
            Some(job) => job,
            None => match queue.recv().await {
                Some(job) => job,
                None => return,
            },
        };
        let mut jobs = vec![first];
        while jobs.len() < MOST_REQUESTS_PER_APPEND {
            match queue.try_recv() {
                Ok(job) if jobs[0].fits(&job) => jobs.push(job),
                Ok(job) => {
                    next = Some(job);
                    break;
                }
                Err(_) => break,
            }
        }
        let events: Vec<AuditEvent> = jobs.iter().flat_map(|j| j.events.clone()).collect();
        let result = append_alone(&jobs[0].store, &jobs[0].key, &events)
            .await
            .map_err(|e| e.to_string());
        for job in jobs {
            // A request that gave up waiting no longer listens; its records stand.
            let _ = job.done.send(result.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Verification, now, record, verify};
    use crate::test_support::empty_app;
    use zk_domain::audit::*;

    fn view(app: &crate::App, n: usize) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::new(),
            action: AuditAction::Read,
            at: now(app),
            care_page_id: None,
            client_record_id: None,
            actor_id: None,
            actor_name: format!("lezer {n}"),
            role: ActorRole::Operator,
            on_behalf_of: None,
            ground: Ground::Authorisation,
            category: DataCategory::AuditTrail,
            resource_id: None,
            source: Source::default(),
            outcome: Outcome::Success,
            kind: None,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn racing_requests_each_get_their_records_into_one_intact_chain() {
        let (app, _dir) = empty_app().await;
        let requests: Vec<_> = (0..60)
            .map(|n| {
                let app = app.clone();
                tokio::spawn(async move { record(&app, &[view(&app, n), view(&app, n)]).await })
            })
            .collect();
        for r in requests {
            r.await.unwrap().unwrap();
        }
        assert_eq!(
            verify(&app).await.unwrap(),
            Verification::Intact { count: 120 }
        );
        // Each request's two records stay next to each other in the chain.
        let chain = app.store.audit_chain(0, 200).await.unwrap();
        for pair in chain.chunks(2) {
            assert_eq!(pair[0].event.actor_name, pair[1].event.actor_name);
        }
    }

    #[tokio::test]
    async fn a_failed_append_fails_the_request_and_records_nothing() {
        let (app, dir) = empty_app().await;
        record(&app, &[view(&app, 0)]).await.unwrap();
        // Another connection makes the database refuse new records, as a full disk would.
        let refuse = sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            dir.path().join("db.sqlite").display()
        ))
        .await
        .unwrap();
        sqlx::query(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
             BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
        )
        .execute(&refuse)
        .await
        .unwrap();
        assert!(record(&app, &[view(&app, 1)]).await.is_err());
        assert_eq!(
            verify(&app).await.unwrap(),
            Verification::Intact { count: 1 }
        );
    }
}
