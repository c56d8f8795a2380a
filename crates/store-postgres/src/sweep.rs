//! The periodic sweep in PostgreSQL: each call deletes one batch of rows that have run out,
//! picked by an index on their time. The batch is chosen once, in a `WITH` (a locking subquery
//! in `IN (…)` may be run again during the delete and then picks further rows), and rows
//! another transaction holds are skipped (`SKIP LOCKED`): a sweep never waits on a request, and
//! a row a request is renewing is left for the next sweep, which looks at it again.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use time::OffsetDateTime;
use zk_store::{StoreResult, SweepStore};

/// The moment `span` before `now` (the earliest moment when `now` is that early).
fn before(now: Timestamp, span: SignedDuration) -> StoreResult<OffsetDateTime> {
    odt(now.saturating_sub(span).unwrap_or(Timestamp::MIN))
}

#[async_trait]
impl SweepStore for PostgresStore {
    async fn purge_expired_registrations(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        sqlx::query(
            "WITH batch AS (
                 SELECT id FROM registrations
                 WHERE expires_at <= $1
                   AND (activation_expires_at IS NULL OR activation_expires_at <= $1)
                 LIMIT $2 FOR UPDATE SKIP LOCKED)
             DELETE FROM registrations r USING batch WHERE r.id = batch.id",
        )
        .bind(odt(now)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge registrations"))
    }

    async fn purge_ended_sessions(
        &self,
        now: Timestamp,
        idle: SignedDuration,
        limit: u32,
    ) -> StoreResult<u64> {
        sqlx::query(
            "WITH batch AS (
                 SELECT id FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2
                 LIMIT $3 FOR UPDATE SKIP LOCKED)
             DELETE FROM sessions s USING batch WHERE s.id = batch.id",
        )
        .bind(odt(now)?)
        .bind(before(now, idle)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge sessions"))
    }

    async fn purge_expired_ceremonies(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        sqlx::query(
            "WITH batch AS (
                 SELECT id FROM webauthn_ceremonies WHERE expires_at <= $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)
             DELETE FROM webauthn_ceremonies c USING batch WHERE c.id = batch.id",
        )
        .bind(odt(now)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge ceremonies"))
    }

    async fn purge_expired_links(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        let resets = sqlx::query(
            "WITH batch AS (
                 SELECT token_hash FROM password_resets WHERE expires_at <= $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)
             DELETE FROM password_resets p USING batch WHERE p.token_hash = batch.token_hash",
        )
        .bind(odt(now)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(map_err("purge password resets"))?
        .rows_affected();
        let changes = sqlx::query(
            "WITH batch AS (
                 SELECT token_hash FROM email_changes WHERE expires_at <= $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)
             DELETE FROM email_changes e USING batch WHERE e.token_hash = batch.token_hash",
        )
        .bind(odt(now)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(map_err("purge e-mail changes"))?
        .rows_affected();
        Ok(resets + changes)
    }

    async fn purge_attempts(
        &self,
        scope: &str,
        window: SignedDuration,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<u64> {
        sqlx::query(
            "WITH batch AS (
                 SELECT scope, key FROM attempt_counters
                 WHERE scope = $1 AND window_started_at <= $2
                 LIMIT $3 FOR UPDATE SKIP LOCKED)
             DELETE FROM attempt_counters a USING batch
             WHERE a.scope = batch.scope AND a.key = batch.key",
        )
        .bind(scope)
        .bind(before(now, window)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge attempts"))
    }

    async fn purge_sms_challenges(&self, before: Timestamp, limit: u32) -> StoreResult<u64> {
        sqlx::query(
            "WITH batch AS (
                 SELECT id FROM sms_challenges WHERE created_at < $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)
             DELETE FROM sms_challenges c USING batch WHERE c.id = batch.id",
        )
        .bind(odt(before)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge sms codes"))
    }

    async fn purge_staff_invitations(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        let accepted = sqlx::query(
            "WITH batch AS (
                 SELECT id FROM staff_invitations WHERE state = 'accepted'
                 LIMIT $1 FOR UPDATE SKIP LOCKED)
             DELETE FROM staff_invitations i USING batch WHERE i.id = batch.id",
        )
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(map_err("purge staff invitations"))?
        .rows_affected();
        let expired = sqlx::query(
            "WITH batch AS (
                 SELECT id FROM staff_invitations WHERE expires_at <= $1
                 LIMIT $2 FOR UPDATE SKIP LOCKED)
             DELETE FROM staff_invitations i USING batch WHERE i.id = batch.id",
        )
        .bind(odt(now)?)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(map_err("purge staff invitations"))?
        .rows_affected();
        Ok(accepted + expired)
    }
}
