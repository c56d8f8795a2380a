//! Letters in SQLite. Codes exist here only as their keyed hash.

use crate::convert::*;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::SqliteConnection;
use uuid::Uuid;
use zk_domain::letter::{IntendedFor, Letter, LetterState};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{ClientRecordId, LetterId, ProviderId};
use zk_store::cursor::Cursor;
use zk_store::{CodeHash, LetterStore, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub(crate) struct LetterRow {
    id: Uuid,
    provider_id: Uuid,
    client_record_id: Uuid,
    intended_for: String,
    issued_at: i64,
    expires_at: i64,
    state: String,
    state_changed_at: Option<i64>,
}

impl TryFrom<LetterRow> for Letter {
    type Error = StoreError;
    fn try_from(r: LetterRow) -> Result<Self, StoreError> {
        let changed = || -> Result<Timestamp, StoreError> {
            from_micros(
                r.state_changed_at
                    .ok_or_else(|| StoreError::Corrupt("letter state time".into()))?,
            )
        };
        let state = match r.state.as_str() {
            "issued" => LetterState::Issued,
            "used" => LetterState::Used { at: changed()? },
            "revoked" => LetterState::Revoked { at: changed()? },
            _ => return Err(StoreError::Corrupt("letter state".into())),
        };
        Ok(Letter {
            id: LetterId(r.id),
            provider_id: ProviderId(r.provider_id),
            client_record_id: ClientRecordId(r.client_record_id),
            intended_for: IntendedFor::parse(&r.intended_for)
                .ok_or_else(|| StoreError::Corrupt("letter intended_for".into()))?,
            issued_at: from_micros(r.issued_at)?,
            expires_at: from_micros(r.expires_at)?,
            state,
        })
    }
}

macro_rules! columns {
    () => {
        "id, provider_id, client_record_id, intended_for, issued_at, expires_at, state, state_changed_at"
    };
}

fn letters(rows: Vec<LetterRow>) -> StoreResult<Vec<Letter>> {
    rows.into_iter().map(Letter::try_from).collect()
}

/// Revokes (at `l.issued_at`) the client's letters still issued and inserts `l`, inside the
/// caller's transaction. Conflict when the code hash exists already.
pub(crate) async fn insert_letter(
    conn: &mut SqliteConnection,
    l: &Letter,
    code_hash: &CodeHash,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE letters SET state = 'revoked', state_changed_at = $1
         WHERE client_record_id = $2 AND state = 'issued'",
    )
    .bind(micros(l.issued_at))
    .bind(l.client_record_id.0)
    .execute(&mut *conn)
    .await
    .map_err(map_err("revoke previous letters"))?;
    sqlx::query(concat!(
        "INSERT INTO letters (",
        columns!(),
        ", code_hash) VALUES ($1, $2, $3, $4, $5, $6, 'issued', NULL, $7)"
    ))
    .bind(l.id.0)
    .bind(l.provider_id.0)
    .bind(l.client_record_id.0)
    .bind(l.intended_for.as_str())
    .bind(micros(l.issued_at))
    .bind(micros(l.expires_at))
    .bind(&code_hash[..])
    .execute(&mut *conn)
    .await
    .map_err(map_err("letter code"))?;
    Ok(())
}

#[async_trait]
impl LetterStore for SqliteStore {
    async fn issue_letter(&self, l: &Letter, code_hash: &CodeHash) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("issue letter"))?;
        insert_letter(&mut tx, l, code_hash).await?;
        tx.commit().await.map_err(map_err("issue letter"))
    }

    async fn get_letter(&self, id: LetterId) -> StoreResult<Option<Letter>> {
        sqlx::query_as::<_, LetterRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM letters WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("letter"))?
        .map(Letter::try_from)
        .transpose()
    }

    async fn find_letter_by_code_hash(&self, hash: &CodeHash) -> StoreResult<Option<Letter>> {
        sqlx::query_as::<_, LetterRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM letters WHERE code_hash = $1"
        ))
        .bind(&hash[..])
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("letter"))?
        .map(Letter::try_from)
        .transpose()
    }

    async fn list_letters_for_client(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Letter>> {
        let after = page
            .after
            .as_deref()
            .map(Cursor::decode_time_id)
            .transpose()?;
        let rows = sqlx::query_as::<_, LetterRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM letters WHERE client_record_id = $1
               AND ($2 IS NULL OR (issued_at, id) < ($2, $3))
             ORDER BY issued_at DESC, id DESC LIMIT $4"
        ))
        .bind(client.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("letters"))?;
        Ok(Page::from_rows(letters(rows)?, page.size(), |l| {
            Cursor::TimeId(micros(l.issued_at), l.id.0).encode()
        }))
    }

    async fn list_letters_expiring(
        &self,
        provider: ProviderId,
        from: Timestamp,
        until: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<Letter>> {
        let after = page
            .after
            .as_deref()
            .map(Cursor::decode_time_id)
            .transpose()?;
        let rows = sqlx::query_as::<_, LetterRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM letters
             WHERE provider_id = $1 AND state = 'issued' AND expires_at >= $2 AND expires_at < $3
               AND ($4 IS NULL OR (expires_at, id) > ($4, $5))
             ORDER BY expires_at, id LIMIT $6"
        ))
        .bind(provider.0)
        .bind(micros(from))
        .bind(micros(until))
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("letters"))?;
        Ok(Page::from_rows(letters(rows)?, page.size(), |l| {
            Cursor::TimeId(micros(l.expires_at), l.id.0).encode()
        }))
    }

    async fn mark_letter_used(&self, id: LetterId, at: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE letters SET state = 'used', state_changed_at = $1
             WHERE id = $2 AND state = 'issued' AND expires_at > $1",
        )
        .bind(micros(at))
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map_err(map_err("use letter"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn revoke_letter(&self, id: LetterId, at: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE letters SET state = 'revoked', state_changed_at = $1 WHERE id = $2 AND state = 'issued'",
        )
        .bind(micros(at))
        .bind(id.0)
        .execute(&self.writer)
        .await
        .map_err(map_err("revoke letter"))?;
        Ok(done.rows_affected() == 1)
    }
}
