//! Login sessions in PostgreSQL. A session is found by the hash of its token; the token itself is
//! never stored.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::account::Session;
use zk_domain::{AccountId, SessionId};
use zk_store::{SessionStore, StoreError, StoreResult, TokenHash};

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    id: Uuid,
    account_id: Uuid,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    second_factor_at: Option<OffsetDateTime>,
    authenticated_at: OffsetDateTime,
    user_agent: String,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        Ok(Session {
            id: SessionId(r.id),
            account_id: AccountId(r.account_id),
            created_at: from_odt(r.created_at)?,
            last_seen_at: from_odt(r.last_seen_at)?,
            expires_at: from_odt(r.expires_at)?,
            authenticated_at: from_odt(r.authenticated_at)?,
            second_factor_at: r.second_factor_at.map(from_odt).transpose()?,
            user_agent: r.user_agent,
        })
    }
}

macro_rules! columns {
    () => {
        "id, account_id, created_at, last_seen_at, expires_at, second_factor_at, user_agent, authenticated_at"
    };
}
/// The columns of `SessionRow`, for the account's own list of sessions (`recovery.rs`).
pub(crate) use columns as session_columns;

/// Inserts a session; also used by `create_account`, inside its transaction.
pub(crate) async fn insert_session(
    ex: impl PgExecutor<'_>,
    s: &Session,
    token: &TokenHash,
) -> StoreResult<()> {
    sqlx::query(concat!(
        "INSERT INTO sessions (",
        columns!(),
        ", token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(s.id.0)
    .bind(s.account_id.0)
    .bind(odt(s.created_at)?)
    .bind(odt(s.last_seen_at)?)
    .bind(odt(s.expires_at)?)
    .bind(s.second_factor_at.map(odt).transpose()?)
    .bind(&s.user_agent)
    .bind(odt(s.authenticated_at)?)
    .bind(&token[..])
    .execute(ex)
    .await
    .map(|_| ())
    .map_err(map_err("session"))
}

#[async_trait]
impl SessionStore for PostgresStore {
    async fn create_session(&self, session: &Session, token: &TokenHash) -> StoreResult<()> {
        insert_session(&self.pool, session, token).await
    }

    async fn find_session(&self, token: &TokenHash) -> StoreResult<Option<Session>> {
        sqlx::query_as::<_, SessionRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM sessions WHERE token_hash = $1"
        ))
        .bind(&token[..])
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("session"))?
        .map(Session::try_from)
        .transpose()
    }

    async fn touch_session(&self, id: SessionId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(odt(now)?)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("touch session"))
    }

    async fn mark_second_factor(
        &self,
        id: SessionId,
        at: Timestamp,
        token: &TokenHash,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET second_factor_at = $1, token_hash = $2 WHERE id = $3")
            .bind(odt(at)?)
            .bind(&token[..])
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("session second factor"))
    }

    async fn delete_session(&self, id: SessionId) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err("delete session"))
    }
}
