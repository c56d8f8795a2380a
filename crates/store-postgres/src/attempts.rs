//! Attempt counters in PostgreSQL: one row per scope and key, counted up by a single upsert so that
//! racing failures are all counted.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use time::OffsetDateTime;
use zk_store::{AttemptState, AttemptStore, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct AttemptRow {
    failures: i32,
    last_failure_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct PrefixedRow {
    key: String,
    failures: i32,
    last_failure_at: OffsetDateTime,
}

impl TryFrom<AttemptRow> for AttemptState {
    type Error = StoreError;
    fn try_from(r: AttemptRow) -> Result<Self, StoreError> {
        Ok(AttemptState {
            failures: u32::try_from(r.failures)
                .map_err(|_| StoreError::Corrupt("attempt failures".into()))?,
            last_failure_at: from_odt(r.last_failure_at)?,
        })
    }
}

/// A window that started at or before this time is over at `now`.
fn window_start_limit(now: Timestamp, window: SignedDuration) -> StoreResult<OffsetDateTime> {
    odt(now.saturating_sub(window).unwrap_or(Timestamp::MIN))
}

#[async_trait]
impl AttemptStore for PostgresStore {
    async fn record_failure(
        &self,
        scope: &str,
        key: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<AttemptState> {
        sqlx::query_as::<_, AttemptRow>(
            "INSERT INTO attempt_counters (scope, key, failures, window_started_at, last_failure_at)
             VALUES ($1, $2, 1, $3, $3)
             ON CONFLICT (scope, key) DO UPDATE SET
                 failures = CASE WHEN attempt_counters.window_started_at <= $4
                     THEN 1 ELSE attempt_counters.failures + 1 END,
                 window_started_at = CASE WHEN attempt_counters.window_started_at <= $4
                     THEN excluded.window_started_at ELSE attempt_counters.window_started_at END,
                 last_failure_at = excluded.last_failure_at
             RETURNING failures, last_failure_at",
        )
        .bind(scope)
        .bind(key)
        .bind(odt(now)?)
        .bind(window_start_limit(now, window)?)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("record failure"))?
        .try_into()
    }

    async fn attempt_state(
        &self,
        scope: &str,
        key: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Option<AttemptState>> {
        sqlx::query_as::<_, AttemptRow>(
            "SELECT failures, last_failure_at FROM attempt_counters
             WHERE scope = $1 AND key = $2 AND window_started_at > $3",
        )
        .bind(scope)
        .bind(key)
        .bind(window_start_limit(now, window)?)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("attempt state"))?
        .map(AttemptState::try_from)
        .transpose()
    }

    async fn clear_attempts(&self, scope: &str, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM attempt_counters WHERE scope = $1 AND key = $2")
            .bind(scope)
            .bind(key)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("clear attempts"))
    }

    async fn take_attempt(
        &self,
        scope: &str,
        key: &str,
        seen: Option<AttemptState>,
        free: u32,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Option<AttemptState>> {
        // The same upsert as `record_failure`, made conditional: an expired window, a count
        // within the free tries, or the very state the caller decided on.
        sqlx::query_as::<_, AttemptRow>(
            "INSERT INTO attempt_counters (scope, key, failures, window_started_at, last_failure_at)
             VALUES ($1, $2, 1, $3, $3)
             ON CONFLICT (scope, key) DO UPDATE SET
                 failures = CASE WHEN attempt_counters.window_started_at <= $4
                     THEN 1 ELSE attempt_counters.failures + 1 END,
                 window_started_at = CASE WHEN attempt_counters.window_started_at <= $4
                     THEN excluded.window_started_at ELSE attempt_counters.window_started_at END,
                 last_failure_at = excluded.last_failure_at
             WHERE attempt_counters.window_started_at <= $4
                 OR attempt_counters.failures <= $5
                 OR (attempt_counters.failures = $6 AND attempt_counters.last_failure_at = $7)
             RETURNING failures, last_failure_at",
        )
        .bind(scope)
        .bind(key)
        .bind(odt(now)?)
        .bind(window_start_limit(now, window)?)
        .bind(i64::from(free))
        .bind(seen.map_or(-1, |s| i64::from(s.failures)))
        .bind(odt(seen.map_or(Timestamp::UNIX_EPOCH, |s| s.last_failure_at))?)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("take attempt"))?
        .map(AttemptState::try_from)
        .transpose()
    }

    async fn give_back_attempt(&self, scope: &str, key: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE attempt_counters SET failures = failures - 1
             WHERE scope = $1 AND key = $2 AND failures > 0",
        )
        .bind(scope)
        .bind(key)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("give back attempt"))
    }

    async fn attempts_with_prefix(
        &self,
        scope: &str,
        prefix: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Vec<(String, AttemptState)>> {
        // substr rather than LIKE: a key may hold `%` or `_`, and no collation is involved.
        let rows = sqlx::query_as::<_, PrefixedRow>(
            "SELECT key, failures, last_failure_at FROM attempt_counters
             WHERE scope = $1 AND substr(key, 1, length($2)) = $2 AND window_started_at > $3
             ORDER BY key",
        )
        .bind(scope)
        .bind(prefix)
        .bind(window_start_limit(now, window)?)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("attempts with prefix"))?;
        rows.into_iter()
            .map(|r| {
                let state = AttemptState::try_from(AttemptRow {
                    failures: r.failures,
                    last_failure_at: r.last_failure_at,
                })?;
                Ok((r.key, state))
            })
            .collect()
    }

    async fn clear_attempts_with_prefix(&self, scope: &str, prefix: &str) -> StoreResult<()> {
        sqlx::query(
            "DELETE FROM attempt_counters WHERE scope = $1 AND substr(key, 1, length($2)) = $2",
        )
        .bind(scope)
        .bind(prefix)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .map_err(map_err("clear attempts with prefix"))
    }
}
