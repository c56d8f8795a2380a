//! SMS challenges in PostgreSQL, and connecting a further provider to an existing care page.
//! Racing callers meet at row locks: a conditional UPDATE that waited re-checks its condition on
//! the row as the winner left it, so of racing callers one wins.

use crate::accounts::insert_connection;
use crate::convert::*;
use crate::outbox::insert_message;
use crate::webhooks::insert_event_message;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::account::Connection;
use zk_domain::{AccountId, SmsChallengeId};
use zk_store::{
    Audit, ConnectOutcome, OutgoingMessage, SecondFactorStore, SmsChallenge, StoreError,
    StoreResult,
};

#[derive(sqlx::FromRow)]
struct ChallengeRow {
    id: Uuid,
    account_id: Uuid,
    purpose: String,
    phone: String,
    code_hash: String,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    failed_attempts: i32,
    used_at: Option<OffsetDateTime>,
}

impl TryFrom<ChallengeRow> for SmsChallenge {
    type Error = StoreError;
    fn try_from(r: ChallengeRow) -> Result<Self, StoreError> {
        Ok(SmsChallenge {
            id: SmsChallengeId(r.id),
            account_id: AccountId(r.account_id),
            purpose: r.purpose,
            phone: r.phone,
            code_hash: r.code_hash,
            created_at: from_odt(r.created_at)?,
            expires_at: from_odt(r.expires_at)?,
            failed_attempts: failed_attempts(r.failed_attempts)?,
            used_at: r.used_at.map(from_odt).transpose()?,
        })
    }
}

fn failed_attempts(v: i32) -> StoreResult<u32> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt("sms failed attempts".into()))
}

macro_rules! columns {
    () => {
        "id, account_id, purpose, phone, code_hash, created_at, expires_at, failed_attempts, used_at"
    };
}

/// Rolls back a connection that cannot be made, and says why.
async fn refuse(
    tx: Transaction<'_, Postgres>,
    outcome: ConnectOutcome,
) -> StoreResult<ConnectOutcome> {
    tx.rollback().await.map_err(map_err("add connection"))?;
    Ok(outcome)
}

#[async_trait]
impl SecondFactorStore for PostgresStore {
    async fn create_sms_challenge(
        &self,
        c: &SmsChallenge,
        sms: &OutgoingMessage,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err("sms challenge"))?;
        sqlx::query(concat!(
            "INSERT INTO sms_challenges (",
            columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(c.id.0)
        .bind(c.account_id.0)
        .bind(&c.purpose)
        .bind(&c.phone)
        .bind(&c.code_hash)
        .bind(odt(c.created_at)?)
        .bind(odt(c.expires_at)?)
        .bind(i32::try_from(c.failed_attempts).unwrap_or(i32::MAX))
        .bind(c.used_at.map(odt).transpose()?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("sms challenge"))?;
        insert_message(&mut *tx, sms).await?;
        tx.commit().await.map_err(map_err("sms challenge"))
    }

    async fn latest_sms_challenge(
        &self,
        account: AccountId,
        purpose: &str,
    ) -> StoreResult<Option<SmsChallenge>> {
        sqlx::query_as::<_, ChallengeRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM sms_challenges WHERE account_id = $1 AND purpose = $2
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(account.0)
        .bind(purpose)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("sms challenge"))?
        .map(SmsChallenge::try_from)
        .transpose()
    }

    async fn count_sms_challenges_since(
        &self,
        account: AccountId,
        since: Timestamp,
    ) -> StoreResult<u32> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sms_challenges WHERE account_id = $1 AND created_at >= $2",
        )
        .bind(account.0)
        .bind(odt(since)?)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("sms challenge count"))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn take_sms_try(&self, id: SmsChallengeId, max: u32) -> StoreResult<Option<u32>> {
        // One conditional UPDATE: racing callers each take a distinct try, and none past `max`.
        let n: Option<i32> = sqlx::query_scalar(
            "UPDATE sms_challenges SET failed_attempts = failed_attempts + 1
             WHERE id = $1 AND used_at IS NULL AND failed_attempts < $2
             RETURNING failed_attempts",
        )
        .bind(id.0)
        .bind(i32::try_from(max).unwrap_or(i32::MAX))
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("sms try"))?;
        n.map(failed_attempts).transpose()
    }

    async fn use_sms_challenge(&self, id: SmsChallengeId, at: Timestamp) -> StoreResult<bool> {
        // One conditional UPDATE: a caller that waited for the winner's row lock re-checks
        // `used_at IS NULL` on the row as the winner left it, and changes nothing.
        let done =
            sqlx::query("UPDATE sms_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                .bind(odt(at)?)
                .bind(id.0)
                .execute(&self.pool)
                .await
                .map_err(map_err("use sms challenge"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn add_connection(
        &self,
        connection: &Connection,
        now: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<ConnectOutcome> {
        let c = connection;
        let mut tx = self.pool.begin().await.map_err(map_err("add connection"))?;
        // Uses the letter only if it is still usable and is the one for this connection's
        // provider and client record, as `create_account` does. A letter that is not usable is
        // the answer even when the provider is connected already (the same letter used again).
        let used = sqlx::query(
            "UPDATE letters SET state = 'used', state_changed_at = $1
             WHERE id = $2 AND provider_id = $3 AND client_record_id = $4
               AND state = 'issued' AND expires_at > $1",
        )
        .bind(odt(now)?)
        .bind(c.letter_id.0)
        .bind(c.provider_id.0)
        .bind(c.client_record_id.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err("use letter"))?;
        if used.rows_affected() != 1 {
            return refuse(tx, ConnectOutcome::LetterNotUsable).await;
        }
        let connected: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM connections WHERE care_page_id = $1 AND provider_id = $2)",
        )
        .bind(c.care_page_id.0)
        .bind(c.provider_id.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err("connections"))?;
        if connected {
            return refuse(tx, ConnectOutcome::ProviderAlreadyConnected).await;
        }
        // Conflicts are DO NOTHING rather than errors: an error would abort the transaction.
        if !insert_connection(&mut *tx, c).await? {
            return refuse(tx, ConnectOutcome::LetterNotUsable).await;
        }
        for m in messages {
            insert_event_message(&mut tx, m).await?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("add connection"))?;
        Ok(ConnectOutcome::Connected)
    }
}
