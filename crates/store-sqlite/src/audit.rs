//! The audit trail in SQLite: appends take the write lock (`BEGIN IMMEDIATE`), read the chain's
//! head, seal and insert each event and move the head, all in one transaction. Triggers refuse
//! changes and deletes of records younger than five years.

use crate::convert::*;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::SqliteConnection;
use uuid::Uuid;
use zk_domain::audit::*;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{CarePageId, ClientRecordId, ProviderId};
use zk_store::audit::{Audit, Seal, rows};
use zk_store::{AuditFilter, AuditStore, StoreError, StoreResult};

macro_rules! columns {
    () => {
        "seq, prev_hash, hash, id, action, at, care_page_id, client_record_id, actor_id, \
         actor_name, role, on_behalf_of, ground, category, resource_id, source_ip, user_agent, \
         outcome, kind"
    };
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
    id: Uuid,
    action: String,
    at: i64,
    care_page_id: Option<Uuid>,
    client_record_id: Option<Uuid>,
    actor_id: Option<Uuid>,
    actor_name: String,
    role: String,
    on_behalf_of: Option<Uuid>,
    ground: String,
    category: String,
    resource_id: Option<String>,
    source_ip: String,
    user_agent: String,
    outcome: String,
    kind: Option<String>,
}

impl TryFrom<Row> for AuditRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(AuditRecord {
            seq: r.seq,
            prev_hash: rows::hash(&r.prev_hash)?,
            hash: rows::hash(&r.hash)?,
            event: AuditEvent {
                id: AuditEventId(r.id),
                action: rows::named(AuditAction::parse(&r.action), "action")?,
                at: from_micros(r.at)?,
                care_page_id: r.care_page_id.map(CarePageId),
                client_record_id: r.client_record_id.map(ClientRecordId),
                actor_id: r.actor_id,
                actor_name: r.actor_name,
                role: rows::named(ActorRole::parse(&r.role), "role")?,
                on_behalf_of: r.on_behalf_of.map(ProviderId),
                ground: rows::named(Ground::parse(&r.ground), "ground")?,
                category: rows::named(DataCategory::parse(&r.category), "category")?,
                resource_id: r.resource_id,
                source: Source {
                    ip: r.source_ip,
                    user_agent: r.user_agent,
                },
                outcome: rows::named(Outcome::parse(&r.outcome), "outcome")?,
                kind: rows::kind(r.kind.as_deref())?,
            },
        })
    }
}

fn page_of(rows_read: Vec<Row>, page: &PageRequest) -> StoreResult<Page<AuditRecord>> {
    let items = rows_read
        .into_iter()
        .map(AuditRecord::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(items, page.size(), |r| rows::cursor(r.seq)))
}

/// Appends `audit`'s events inside the caller's transaction, after its change: the head row is
/// locked last, so a change holds the chain only for the moment before its commit.
pub(crate) async fn append_in(conn: &mut SqliteConnection, audit: Audit<'_>) -> StoreResult<()> {
    if audit.events.is_empty() {
        return Ok(());
    }
    let (mut seq, head): (i64, Vec<u8>) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *conn)
            .await
            .map_err(map_err("audit head"))?;
    let mut prev = rows::hash(&head)?;
    for e in audit.events {
        seq += 1;
        let hash = (audit.seal)(seq, &prev, e);
        sqlx::query(
            "INSERT INTO audit_events (seq, prev_hash, hash, id, action, at, care_page_id,
                 client_record_id, actor_id, actor_name, role, on_behalf_of, ground, category,
                 resource_id, source_ip, user_agent, outcome, kind)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17, $18, $19)",
        )
        .bind(seq)
        .bind(&prev[..])
        .bind(&hash[..])
        .bind(e.id.0)
        .bind(e.action.as_str())
        .bind(micros(e.at))
        .bind(e.care_page_id.map(|c| c.0))
        .bind(e.client_record_id.map(|c| c.0))
        .bind(e.actor_id)
        .bind(&e.actor_name)
        .bind(e.role.to_name())
        .bind(e.on_behalf_of.map(|p| p.0))
        .bind(e.ground.as_str())
        .bind(e.category.as_str())
        .bind(&e.resource_id)
        .bind(&e.source.ip)
        .bind(&e.source.user_agent)
        .bind(e.outcome.as_str())
        .bind(e.kind.map(AuditKind::as_str))
        .execute(&mut *conn)
        .await
        .map_err(map_err("audit event"))?;
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&prev[..])
        .execute(&mut *conn)
        .await
        .map_err(map_err("audit head"))?;
    Ok(())
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, events: &[AuditEvent], seal: &Seal) -> StoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("append audit"))?;
        append_in(&mut tx, Audit { events, seal }).await?;
        tx.commit().await.map_err(map_err("append audit"))
    }

    async fn audit_of_care_page(
        &self,
        care_page: CarePageId,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        let before = rows::decode_cursor(page.after.as_deref())?;
        let sql: &'static str = concat!(
            "SELECT ",
            columns!(),
            " FROM audit_events
             WHERE care_page_id = $1 AND ($2 IS NULL OR actor_id = $2)
               AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4)
               AND ($5 IS NULL OR seq < $5)
             ORDER BY seq DESC LIMIT $6"
        );
        let found = sqlx::query_as::<_, Row>(sql)
            .bind(care_page.0)
            .bind(filter.actor)
            .bind(filter.from.map(micros))
            .bind(filter.until.map(micros))
            .bind(before)
            .bind(i64::from(page.size()) + 1)
            .fetch_all(&self.reader)
            .await
            .map_err(map_err("audit of care page"))?;
        page_of(found, page)
    }

    async fn audit_actors_of_care_page(
        &self,
        care_page: CarePageId,
    ) -> StoreResult<Vec<(Uuid, String)>> {
        // The latest name each actor had: SQLite takes the bare column from the max(seq) row.
        let found: Vec<(Uuid, String, i64)> = sqlx::query_as(
            "SELECT actor_id, actor_name, max(seq) FROM audit_events
             WHERE care_page_id = $1 AND actor_id IS NOT NULL
             GROUP BY actor_id ORDER BY actor_name LIMIT 200",
        )
        .bind(care_page.0)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("audit actors"))?;
        Ok(found.into_iter().map(|(id, name, _)| (id, name)).collect())
    }

    async fn audit_head(&self) -> StoreResult<(i64, [u8; 32])> {
        let (seq, hash): (i64, Vec<u8>) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&self.reader)
                .await
                .map_err(map_err("audit head"))?;
        Ok((seq, rows::hash(&hash)?))
    }

    async fn audit_chain(&self, from_seq: i64, limit: u32) -> StoreResult<Vec<AuditRecord>> {
        let sql: &'static str = concat!(
            "SELECT ",
            columns!(),
            " FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2"
        );
        sqlx::query_as::<_, Row>(sql)
            .bind(from_seq)
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await
            .map_err(map_err("audit chain"))?
            .into_iter()
            .map(AuditRecord::try_from)
            .collect()
    }

    async fn audit_of_provider(
        &self,
        provider: ProviderId,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        let before = rows::decode_cursor(page.after.as_deref())?;
        let sql: &'static str = concat!(
            "SELECT ",
            columns!(),
            " FROM audit_events
             WHERE (client_record_id IN (SELECT id FROM client_records WHERE provider_id = $1)
                    OR on_behalf_of = $1)
               AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at < $5)
               AND ($2 IS NULL OR seq < $2)
             ORDER BY seq DESC LIMIT $3"
        );
        let found = sqlx::query_as::<_, Row>(sql)
            .bind(provider.0)
            .bind(before)
            .bind(i64::from(page.size()) + 1)
            .bind(filter.from.map(micros))
            .bind(filter.until.map(micros))
            .fetch_all(&self.reader)
            .await
            .map_err(map_err("audit of provider"))?;
        page_of(found, page)
    }

    async fn purge_audit_before(&self, cutoff: Timestamp) -> StoreResult<u64> {
        // Only the oldest run of records goes, so what stays is one unbroken chain.
        let done = sqlx::query(
            "DELETE FROM audit_events
             WHERE seq < coalesce((SELECT min(seq) FROM audit_events WHERE at >= $1),
                                  (SELECT max(seq) + 1 FROM audit_events))",
        )
        .bind(micros(cutoff))
        .execute(&self.writer)
        .await
        .map_err(map_err("purge audit"))?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use zk_domain::network::Permission;

    fn event() -> AuditEvent {
        AuditEvent {
            id: AuditEventId::new(),
            action: AuditAction::Read,
            at: Timestamp::now(),
            care_page_id: Some(CarePageId::new()),
            client_record_id: None,
            actor_id: Some(Uuid::now_v7()),
            actor_name: "Sanne".into(),
            role: ActorRole::Client,
            on_behalf_of: None,
            ground: Ground::Authorisation,
            category: DataCategory::Care(Permission::Reports),
            resource_id: None,
            source: Source::default(),
            outcome: Outcome::Success,
            kind: None,
        }
    }

    /// Even with raw SQL on the store's own connection, a recent record cannot be changed or
    /// deleted: the triggers refuse.
    #[tokio::test]
    async fn raw_sql_cannot_change_or_delete_a_recent_record() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("a.sqlite"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        store
            .append_audit(&[event()], &|_, _, _| [7; 32])
            .await
            .unwrap();
        let update = sqlx::query("UPDATE audit_events SET actor_name = 'Iemand anders'")
            .execute(&store.writer)
            .await;
        assert!(format!("{:?}", update.unwrap_err()).contains("cannot be changed"));
        let delete = sqlx::query("DELETE FROM audit_events")
            .execute(&store.writer)
            .await;
        assert!(format!("{:?}", delete.unwrap_err()).contains("kept five years"));
        let left: i64 =
            sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE actor_name = 'Sanne'")
                .fetch_one(&store.reader)
                .await
                .unwrap();
        assert_eq!(left, 1);
        store.close().await;
    }
}
