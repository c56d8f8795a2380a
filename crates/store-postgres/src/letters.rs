//! Letters in PostgreSQL. Codes exist here only as their keyed hash.

use crate::convert::*;
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::PgConnection;
use time::OffsetDateTime;
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
    issued_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    state: String,
    state_changed_at: Option<OffsetDateTime>,
}

impl TryFrom<LetterRow> for Letter {
    type Error = StoreError;
    fn try_from(r: LetterRow) -> Result<Self, StoreError> {
        let changed = || -> Result<Timestamp, StoreError> {
            from_odt(
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
            issued_at: from_odt(r.issued_at)?,
            expires_at: from_odt(r.expires_at)?,
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

/// Locks the client record, revokes (at `l.issued_at`) the client's letters still issued and
/// inserts `l`, inside the caller's transaction. Conflict when the code hash exists already.
pub(crate) async fn insert_letter(
    conn: &mut PgConnection,
    l: &Letter,
    code_hash: &CodeHash,
) -> StoreResult<()> {
    let issued_at = odt(l.issued_at)?;
    // Letters of one client are issued one at a time: without this lock two racing issues
    // would each revoke only what was there before both, and leave two valid letters. The
    // lock is the weaker NO KEY UPDATE, so rows that merely refer to the client record are
    // not held up.
    sqlx::query("SELECT 1 FROM client_records WHERE id = $1 FOR NO KEY UPDATE")
        .bind(l.client_record_id.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(map_err("issue letter"))?;
    sqlx::query(
        "UPDATE letters SET state = 'revoked', state_changed_at = $1
         WHERE client_record_id = $2 AND state = 'issued'",
    )
    .bind(issued_at)
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
    .bind(issued_at)
    .bind(odt(l.expires_at)?)
    .bind(&code_hash[..])
    .execute(&mut *conn)
    .await
    .map_err(map_err("letter code"))?;
    Ok(())
}

#[async_trait]
impl LetterStore for PostgresStore {
    async fn issue_letter(&self, l: &Letter, code_hash: &CodeHash) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err("issue letter"))?;
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
        .fetch_optional(&self.pool)
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
        .fetch_optional(&self.pool)
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
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, LetterRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM letters WHERE client_record_id = $1
               AND ($2::timestamptz IS NULL OR (issued_at, id) < ($2, $3::uuid))
             ORDER BY issued_at DESC, id DESC LIMIT $4"
        ))
        .bind(client.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
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
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, LetterRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM letters
             WHERE provider_id = $1 AND state = 'issued' AND expires_at >= $2 AND expires_at < $3
               AND ($4::timestamptz IS NULL OR (expires_at, id) > ($4, $5::uuid))
             ORDER BY expires_at, id LIMIT $6"
        ))
        .bind(provider.0)
        .bind(odt(from)?)
        .bind(odt(until)?)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("letters"))?;
        Ok(Page::from_rows(letters(rows)?, page.size(), |l| {
            Cursor::TimeId(micros(l.expires_at), l.id.0).encode()
        }))
    }

    async fn mark_letter_used(&self, id: LetterId, at: Timestamp) -> StoreResult<bool> {
        // One conditional UPDATE: racing callers queue on the row lock and each re-checks the
        // condition on the row as the winner left it, so exactly one sees it still issued.
        let done = sqlx::query(
            "UPDATE letters SET state = 'used', state_changed_at = $1
             WHERE id = $2 AND state = 'issued' AND expires_at > $1",
        )
        .bind(odt(at)?)
        .bind(id.0)
        .execute(&self.pool)
        .await
        .map_err(map_err("use letter"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn revoke_letter(&self, id: LetterId, at: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE letters SET state = 'revoked', state_changed_at = $1 WHERE id = $2 AND state = 'issued'",
        )
        .bind(odt(at)?)
        .bind(id.0)
        .execute(&self.pool)
        .await
        .map_err(map_err("revoke letter"))?;
        Ok(done.rows_affected() == 1)
    }
}
