//! The audit trail (SPEC S9, NEN 7513): recording events sealed with the server's key, checking
//! the whole chain, purging records older than five years, and showing a care page's trail to
//! its beheerder and co-beheerders ("Wie heeft mijn gegevens bekeken?"). The care data reads in
//! [`reads`] record their event before they hand any data back: no access without its record.

pub mod api;
pub mod batch;
pub mod changes;
pub mod reads;
pub mod security;
pub mod staff;
pub mod staff_changes;

use crate::{App, AppError, AppResult, SecretKey};
use hmac::{Hmac, Mac};
use jiff::{Timestamp, ToSpan};
use sha2::Sha256;
use uuid::Uuid;
use zk_domain::CarePageId;
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::*;
use zk_domain::network::{Access, PageRole};
use zk_domain::page::{Page, PageRequest};
use zk_store::audit::{GENESIS_HASH, Seal};
use zk_store::{Audit, AuditFilter};

/// Records read per round while verifying.
const VERIFY_BATCH: u32 = 1000;

/// The keyed hash of one record: HMAC-SHA256 under a key derived from the server key, over the
/// previous hash, the sequence number and the event's canonical bytes.
pub fn seal(key: &SecretKey, seq: i64, prev: &[u8; 32], event: &AuditEvent) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key.derive("audit chain v1"))
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(prev);
    mac.update(&seq.to_be_bytes());
    mac.update(&event.canonical_bytes());
    mac.finalize().into_bytes().into()
}

/// The seal of records under `key`, as the store takes it.
fn sealer(key: &std::sync::Arc<SecretKey>) -> Box<Seal> {
    let key = key.clone();
    Box::new(move |seq: i64, prev: &[u8; 32], e: &AuditEvent| seal(&key, seq, prev, e))
}

/// Appends events to the chain, in one transaction shared with the other requests recording at
/// this moment ([`batch`]). An error means nothing was recorded, and the action it records must
/// not go ahead.
pub async fn record(app: &App, events: &[AuditEvent]) -> AppResult<()> {
    app.audit_batch.append(&app.store, &app.key, events).await
}

/// Events of a change, ready to be appended by the store in the same transaction as the change
/// ([`Pending::audit`]): the change and its record are made together or not at all.
#[must_use = "a change's record must be handed to the store write that makes the change"]
pub struct Pending {
    events: Vec<AuditEvent>,
    seal: Box<Seal>,
}

impl Pending {
    /// `events`, to be sealed under the app's key.
    pub fn new(app: &App, events: Vec<AuditEvent>) -> Self {
        Self {
            events,
            seal: sealer(&app.key),
        }
    }

    /// What the store write appends with its change.
    pub fn audit(&self) -> Audit<'_> {
        Audit {
            events: &self.events,
            seal: &*self.seal,
        }
    }

    /// The events, as they will be recorded.
    pub fn events(&self) -> &[AuditEvent] {
        &self.events
    }

    /// Appends the events on their own, before a change that the store cannot yet take them
    /// with. An error means nothing was recorded: the change must not be made.
    pub async fn record_first(self, app: &App) -> AppResult<()> {
        record(app, &self.events).await
    }
}

/// The app's time to the microsecond, as the databases keep it.
pub fn now(app: &App) -> Timestamp {
    let now = app.now();
    Timestamp::from_microsecond(now.as_microsecond()).unwrap_or(now)
}

/// What `verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every record checked out.
    Intact { count: u64 },
    /// The first record where the chain is broken, and how.
    Broken { seq: i64, problem: &'static str },
}

/// Recomputes every record's hash in order and checks each link to the previous record.
pub async fn verify(app: &App) -> AppResult<Verification> {
    let mut prev: Option<AuditRecord> = None;
    let mut from = 0;
    let mut count = 0u64;
    loop {
        let batch = app.store.audit_chain(from, VERIFY_BATCH).await?;
        let Some(last) = batch.last() else { break };
        from = last.seq + 1;
        for r in batch {
            let problem = match &prev {
                // The first record of a purged chain is its own anchor; of a whole one, zeros.
                None if r.seq == 1 && r.prev_hash != GENESIS_HASH => Some("bad start"),
                None => None,
                Some(p) if r.seq != p.seq + 1 => Some("missing record"),
                Some(p) if r.prev_hash != p.hash => Some("broken link"),
                Some(_) => None,
            }
            .or_else(|| {
                (seal(&app.key, r.seq, &r.prev_hash, &r.event) != r.hash).then_some("changed")
            });
            if let Some(problem) = problem {
                return Ok(Verification::Broken {
                    seq: r.seq,
                    problem,
                });
            }
            count += 1;
            prev = Some(r);
        }
    }
    // The head row says where the chain ended when last appended to: records cut off at the
    // end leave a head that no longer matches the last record.
    let (head_seq, head_hash) = app.store.audit_head().await?;
    let matches = match &prev {
        Some(last) => last.seq == head_seq && last.hash == head_hash,
        None => head_seq == 0,
    };
    if !matches {
        return Ok(Verification::Broken {
            seq: prev.map_or(0, |p| p.seq) + 1,
            problem: "records missing at the end",
        });
    }
    Ok(Verification::Intact { count })
}

/// Deletes records older than `before`, which must be at least five years ago. The purge is
/// recorded first (by the operator, from the command line), so the trail shows it happened.
pub async fn purge(app: &App, before: Timestamp) -> AppResult<u64> {
    let limit = app
        .now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .checked_sub(i64::from(RETENTION_YEARS).years())
        .map_err(|e| AppError::invalid("before", e.to_string()))?
        .timestamp();
    if before > limit {
        return Err(AppError::invalid(
            "before",
            format!("audit records are kept five years: choose a date on or before {limit}"),
        ));
    }
    let event = AuditEvent {
        id: AuditEventId::new(),
        action: AuditAction::Delete,
        at: now(app),
        care_page_id: None,
        client_record_id: None,
        actor_id: None,
        actor_name: "zorgkring audit purge".into(),
        role: ActorRole::Operator,
        on_behalf_of: None,
        ground: Ground::Authorisation,
        category: DataCategory::AuditTrail,
        resource_id: Some(format!("before {before}")),
        source: Source {
            ip: "local".into(),
            user_agent: "command line".into(),
        },
        outcome: Outcome::Success,
        kind: None,
    };
    record(app, &[event]).await?;
    Ok(app.store.purge_audit_before(before).await?)
}

/// The role an account acts in on a care page, as the audit trail names it.
pub async fn role_of(
    app: &App,
    account: &Account,
    page: &CarePage,
    access: Access,
) -> AppResult<ActorRole> {
    Ok(match access.role {
        PageRole::Beheerder => match page.beheerder_relation {
            None => ActorRole::Client,
            Some(r) => ActorRole::Representative(r),
        },
        role => {
            let relation = app
                .store
                .get_member(page.id, account.id)
                .await?
                .map(|m| m.relation)
                .ok_or(AppError::NotFound("care page"))?;
            if role == PageRole::CoBeheerder {
                ActorRole::CoBeheerder(relation)
            } else {
                ActorRole::Member(relation)
            }
        }
    })
}

/// An event by a logged-in account, read and successful unless changed after.
pub fn by_account(
    app: &App,
    account: &Account,
    role: ActorRole,
    category: DataCategory,
    source: &Source,
) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        action: AuditAction::Read,
        at: now(app),
        care_page_id: None,
        client_record_id: None,
        actor_id: Some(account.id.0),
        actor_name: account.full_name(),
        role,
        on_behalf_of: None,
        ground: match role {
            ActorRole::Member(_) | ActorRole::CoBeheerder(_) => Ground::Consent,
            _ => Ground::Authorisation,
        },
        category,
        resource_id: None,
        source: source.clone(),
        outcome: Outcome::Success,
        kind: None,
    }
}

/// A refused attempt by a logged-in account: recorded, then answered like a missing page.
pub async fn denied(
    app: &App,
    account: &Account,
    care_page: Option<CarePageId>,
    category: DataCategory,
    resource: Option<String>,
    source: &Source,
) -> AppResult<()> {
    let mut e = by_account(app, account, ActorRole::Outsider, category, source);
    e.care_page_id = care_page;
    e.resource_id = resource;
    e.outcome = Outcome::Denied;
    record(app, &[e]).await
}

/// Records shown per page of the trail.
pub const TRAIL_SHOWN: u32 = 25;

/// One page of a care page's trail, with everyone in it (for the filter).
#[derive(Clone, Debug)]
pub struct Trail {
    pub page: CarePage,
    pub records: Page<AuditRecord>,
    pub actors: Vec<(Uuid, String)>,
}

/// A care page's audit trail, for its beheerder and co-beheerders only; anyone else gets
/// `NotFound`, like a page that does not exist. Reading it is recorded first.
pub async fn for_care_page(
    app: &App,
    account: &Account,
    page_id: CarePageId,
    filter: &AuditFilter,
    request: &PageRequest,
    source: &Source,
) -> AppResult<Trail> {
    let not_found = AppError::NotFound("care page");
    let page = app.store.get_care_page(page_id).await?;
    let access = match &page {
        Some(p) => crate::network::access(app, account, p).await?,
        None => None,
    };
    let (Some(page), Some(access)) = (page, access.filter(|a| a.manages())) else {
        denied(
            app,
            account,
            Some(page_id),
            DataCategory::AuditTrail,
            None,
            source,
        )
        .await?;
        return Err(not_found);
    };
    let role = role_of(app, account, &page, access).await?;
    let mut e = by_account(app, account, role, DataCategory::AuditTrail, source);
    e.care_page_id = Some(page.id);
    record(app, &[e]).await?;
    let records = app
        .store
        .audit_of_care_page(page.id, filter, request)
        .await?;
    let actors = app.store.audit_actors_of_care_page(page.id).await?;
    Ok(Trail {
        page,
        records,
        actors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::empty_app;
    use jiff::SignedDuration;

    fn operator_event(app: &App) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::new(),
            action: AuditAction::Execute,
            at: now(app),
            care_page_id: None,
            client_record_id: None,
            actor_id: None,
            actor_name: "beheer".into(),
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

    #[tokio::test]
    async fn a_chain_verifies_only_under_its_own_key() {
        let (app, _dir) = empty_app().await;
        assert_eq!(
            verify(&app).await.unwrap(),
            Verification::Intact { count: 0 }
        );
        for _ in 0..3 {
            record(&app, &[operator_event(&app)]).await.unwrap();
        }
        assert_eq!(
            verify(&app).await.unwrap(),
            Verification::Intact { count: 3 }
        );
        let other_key = App {
            key: std::sync::Arc::new(SecretKey::generate()),
            ..app.clone()
        };
        assert_eq!(
            verify(&other_key).await.unwrap(),
            Verification::Broken {
                seq: 1,
                problem: "changed"
            }
        );
    }

    #[tokio::test]
    async fn purging_needs_a_cutoff_at_least_five_years_back() {
        let (app, _dir) = empty_app().await;
        // The test clock stands at 2026-11-23T10:00:00Z.
        let limit: Timestamp = "2021-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(purge(&app, limit).await.unwrap(), 0);
        let too_young = limit + SignedDuration::from_secs(1);
        assert!(matches!(
            purge(&app, too_young).await,
            Err(AppError::Invalid {
                field: "before",
                ..
            })
        ));
    }
}
