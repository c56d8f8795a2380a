//! Recovery codes in SQLite, kept only as keyed hashes. Using a code is one conditional UPDATE
//! on the one writer connection, so of racing callers with one code exactly one wins.

use crate::convert::micros;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::AccountId;
use zk_store::{Audit, RecoveryCodeStore, StoreResult};

const COUNT_UNUSED: &str =
    "SELECT count(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL";

#[async_trait]
impl RecoveryCodeStore for SqliteStore {
    async fn replace_recovery_codes(
        &self,
        account: AccountId,
        hashes: &[String],
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("replace recovery codes"))?;
        sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
            .bind(account.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("replace recovery codes"))?;
        for hash in hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (account_id, code_hash, created_at, used_at)
                 VALUES ($1, $2, $3, NULL)",
            )
            .bind(account.0)
            .bind(hash)
            .bind(micros(now))
            .execute(&mut *tx)
            .await
            .map_err(map_err("replace recovery codes"))?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("replace recovery codes"))
    }

    async fn use_recovery_code(
        &self,
        account: AccountId,
        hash: &str,
        at: Timestamp,
    ) -> StoreResult<Option<u32>> {
        // One conditional UPDATE: the first caller sets `used_at`, so no later one matches.
        // The count is taken in the same transaction, so it is what this use left.
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("use recovery code"))?;
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3
             WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(account.0)
        .bind(hash)
        .bind(micros(at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("use recovery code"))?;
        if done.rows_affected() != 1 {
            tx.rollback().await.map_err(map_err("use recovery code"))?;
            return Ok(None);
        }
        let n: i64 = sqlx::query_scalar(COUNT_UNUSED)
            .bind(account.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err("use recovery code"))?;
        tx.commit().await.map_err(map_err("use recovery code"))?;
        Ok(Some(u32::try_from(n).unwrap_or(u32::MAX)))
    }

    async fn count_recovery_codes(&self, account: AccountId) -> StoreResult<u32> {
        let n: i64 = sqlx::query_scalar(COUNT_UNUSED)
            .bind(account.0)
            .fetch_one(&self.reader)
            .await
            .map_err(map_err("recovery code count"))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}
