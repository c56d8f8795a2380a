//! Password reset links and an account's own sessions in SQLite. With one writer connection and
//! `BEGIN IMMEDIATE`, a reset runs alone from its first statement, so of racing callers one wins.

use crate::convert::*;
use crate::outbox::insert_message;
use crate::sessions::{SessionRow, session_columns};
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;
use zk_domain::account::Session;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, SessionId};
use zk_store::cursor::Cursor;
use zk_store::{Audit, OutgoingMessage, RecoveryStore, StoreResult, TokenHash};

#[async_trait]
impl RecoveryStore for SqliteStore {
    async fn create_password_reset(
        &self,
        account: AccountId,
        token: &TokenHash,
        expires_at: Timestamp,
        mail: &OutgoingMessage,
    ) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("password reset"))?;
        // No `now` is passed: the link is made when its mail is.
        sqlx::query(
            "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&token[..])
        .bind(account.0)
        .bind(micros(mail.created_at))
        .bind(micros(expires_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("password reset"))?;
        insert_message(&mut *tx, mail).await?;
        tx.commit().await.map_err(map_err("password reset"))
    }

    async fn find_password_reset(
        &self,
        token: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<AccountId>> {
        let account: Option<Uuid> = sqlx::query_scalar(
            "SELECT account_id FROM password_resets
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(&token[..])
        .bind(micros(now))
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("password reset"))?;
        Ok(account.map(AccountId))
    }

    async fn reset_password(
        &self,
        token: &TokenHash,
        now: Timestamp,
        password_hash: &str,
        audit: Audit<'_>,
    ) -> StoreResult<Option<AccountId>> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("reset password"))?;
        // One conditional UPDATE: the first caller sets `used_at`, so no later one matches.
        let account: Option<Uuid> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING account_id",
        )
        .bind(micros(now))
        .bind(&token[..])
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err("use password reset"))?;
        let Some(account) = account else {
            tx.rollback().await.map_err(map_err("reset password"))?;
            return Ok(None);
        };
        sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map_err("password"))?;
        crate::account_security::void_links(&mut tx, AccountId(account), micros(now)).await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map_err("end sessions"))?;
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("reset password"))?;
        Ok(Some(AccountId(account)))
    }

    async fn sessions_of(
        &self,
        account: AccountId,
        now: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<Session>> {
        let after = page
            .after
            .as_deref()
            .map(Cursor::decode_time_id)
            .transpose()?;
        let rows = sqlx::query_as::<_, SessionRow>(concat!(
            "SELECT ",
            session_columns!(),
            " FROM sessions
             WHERE account_id = $1 AND expires_at > $2
               AND ($3 IS NULL OR (last_seen_at, id) < ($3, $4))
             ORDER BY last_seen_at DESC, id DESC LIMIT $5"
        ))
        .bind(account.0)
        .bind(micros(now))
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("sessions"))?;
        let items = rows
            .into_iter()
            .map(Session::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |s| {
            Cursor::TimeId(micros(s.last_seen_at), s.id.0).encode()
        }))
    }

    async fn end_session_of(
        &self,
        account: AccountId,
        session: SessionId,
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("end session"))?;
        let done = sqlx::query("DELETE FROM sessions WHERE id = $1 AND account_id = $2")
            .bind(session.0)
            .bind(account.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("end session"))?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("end session"))?;
        Ok(true)
    }

    async fn end_other_sessions(
        &self,
        account: AccountId,
        keep: SessionId,
        audit: Audit<'_>,
    ) -> StoreResult<u64> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("end other sessions"))?;
        let ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id <> $2")
            .bind(account.0)
            .bind(keep.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("end other sessions"))?
            .rows_affected();
        if ended == 0 {
            return Ok(0);
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("end other sessions"))?;
        Ok(ended)
    }
}
