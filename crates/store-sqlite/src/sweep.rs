//! The periodic sweep in SQLite: each call deletes one batch of rows that have run out, picked
//! by an index on their time, on the single writer.

use crate::convert::*;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use zk_store::{StoreResult, SweepStore};

/// The moment `span` before `now` (the earliest moment when `now` is that early).
fn before(now: Timestamp, span: SignedDuration) -> i64 {
    micros(now.saturating_sub(span).unwrap_or(Timestamp::MIN))
}

#[async_trait]
impl SweepStore for SqliteStore {
    async fn purge_expired_registrations(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        sqlx::query(
            "DELETE FROM registrations WHERE id IN (
                 SELECT id FROM registrations
                 WHERE expires_at <= $1
                   AND (activation_expires_at IS NULL OR activation_expires_at <= $1)
                 LIMIT $2)",
        )
        .bind(micros(now))
        .bind(i64::from(limit))
        .execute(&self.writer)
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
            "DELETE FROM sessions WHERE id IN (
                 SELECT id FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2 LIMIT $3)",
        )
        .bind(micros(now))
        .bind(before(now, idle))
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge sessions"))
    }

    async fn purge_expired_ceremonies(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        sqlx::query(
            "DELETE FROM webauthn_ceremonies WHERE id IN (
                 SELECT id FROM webauthn_ceremonies WHERE expires_at <= $1 LIMIT $2)",
        )
        .bind(micros(now))
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge ceremonies"))
    }

    async fn purge_expired_links(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        let resets = sqlx::query(
            "DELETE FROM password_resets WHERE token_hash IN (
                 SELECT token_hash FROM password_resets WHERE expires_at <= $1 LIMIT $2)",
        )
        .bind(micros(now))
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map_err(map_err("purge password resets"))?
        .rows_affected();
        let changes = sqlx::query(
            "DELETE FROM email_changes WHERE token_hash IN (
                 SELECT token_hash FROM email_changes WHERE expires_at <= $1 LIMIT $2)",
        )
        .bind(micros(now))
        .bind(i64::from(limit))
        .execute(&self.writer)
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
            "DELETE FROM attempt_counters WHERE scope = $1 AND key IN (
                 SELECT key FROM attempt_counters
                 WHERE scope = $1 AND window_started_at <= $2 LIMIT $3)",
        )
        .bind(scope)
        .bind(before(now, window))
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge attempts"))
    }

    async fn purge_sms_challenges(&self, before: Timestamp, limit: u32) -> StoreResult<u64> {
        sqlx::query(
            "DELETE FROM sms_challenges WHERE id IN (
                 SELECT id FROM sms_challenges WHERE created_at < $1 LIMIT $2)",
        )
        .bind(micros(before))
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map(|r| r.rows_affected())
        .map_err(map_err("purge sms codes"))
    }

    async fn purge_staff_invitations(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        let accepted = sqlx::query(
            "DELETE FROM staff_invitations WHERE id IN (
                 SELECT id FROM staff_invitations WHERE state = 'accepted' LIMIT $1)",
        )
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map_err(map_err("purge staff invitations"))?
        .rows_affected();
        let expired = sqlx::query(
            "DELETE FROM staff_invitations WHERE id IN (
                 SELECT id FROM staff_invitations WHERE expires_at <= $1 LIMIT $2)",
        )
        .bind(micros(now))
        .bind(i64::from(limit))
        .execute(&self.writer)
        .await
        .map_err(map_err("purge staff invitations"))?
        .rows_affected();
        Ok(accepted + expired)
    }
}
