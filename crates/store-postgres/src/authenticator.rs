//! Authenticator apps (TOTP) in PostgreSQL: the sealed secret and the last used time step are
//! columns of `accounts`; using a step is one conditional UPDATE, so of racing callers one wins.

use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use zk_domain::AccountId;
use zk_store::{Audit, AuthenticatorStore, StoreResult};

#[async_trait]
impl AuthenticatorStore for PostgresStore {
    async fn set_authenticator(
        &self,
        account: AccountId,
        sealed_secret: &[u8],
        step: i64,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(map_err("set authenticator"))?;
        let set =
            sqlx::query("UPDATE accounts SET totp_sealed = $2, totp_last_step = $3 WHERE id = $1")
                .bind(account.0)
                .bind(sealed_secret)
                .bind(step)
                .execute(&mut *tx)
                .await
                .map_err(map_err("set authenticator"))?
                .rows_affected();
        if set == 0 {
            return Ok(());
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("set authenticator"))
    }

    async fn authenticator_of(&self, account: AccountId) -> StoreResult<Option<Vec<u8>>> {
        let sealed: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT totp_sealed FROM accounts WHERE id = $1")
                .bind(account.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err("authenticator"))?;
        Ok(sealed.flatten())
    }

    async fn use_authenticator_step(&self, account: AccountId, step: i64) -> StoreResult<bool> {
        // One conditional UPDATE: only a step later than the last used one matches, once.
        let done = sqlx::query(
            "UPDATE accounts SET totp_last_step = $2
             WHERE id = $1 AND totp_sealed IS NOT NULL
               AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(account.0)
        .bind(step)
        .execute(&self.pool)
        .await
        .map_err(map_err("use authenticator step"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn remove_authenticator(&self, account: AccountId) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET totp_sealed = NULL, totp_last_step = NULL
             WHERE id = $1 AND totp_sealed IS NOT NULL",
        )
        .bind(account.0)
        .execute(&self.pool)
        .await
        .map_err(map_err("remove authenticator"))?;
        Ok(done.rows_affected() == 1)
    }
}
