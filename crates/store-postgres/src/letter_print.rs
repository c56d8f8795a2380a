//! Printing letters in PostgreSQL: a letter with its sealed PDF, and batches, each written in
//! one transaction; the provider's letters overview; removing expired PDFs.

use crate::convert::*;
use crate::letters::{LetterRow, insert_letter};
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use std::collections::HashSet;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::letter::{Letter, LetterStatus};
use zk_domain::letter_batch::{LetterBatch, LetterBatchId};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{LetterId, ProviderId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{
    CodeHash, LetterPrintStore, ListedLetter, PrintedLetter, PurgedPdfs, StoreError, StoreResult,
};

#[derive(sqlx::FromRow)]
struct ListedRow {
    #[sqlx(flatten)]
    letter: LetterRow,
    client_number: String,
    first_name: String,
    last_name: String,
    pdf_available: bool,
    batch_pdf: Option<Uuid>,
}

#[derive(sqlx::FromRow)]
struct BatchRow {
    id: Uuid,
    provider_id: Uuid,
    created_at: OffsetDateTime,
    letter_count: i32,
    available_until: OffsetDateTime,
}

impl TryFrom<BatchRow> for LetterBatch {
    type Error = StoreError;
    fn try_from(r: BatchRow) -> Result<Self, StoreError> {
        Ok(LetterBatch {
            id: LetterBatchId(r.id),
            provider_id: ProviderId(r.provider_id),
            created_at: from_odt(r.created_at)?,
            letter_count: u32::try_from(r.letter_count)
                .map_err(|_| StoreError::Corrupt("batch letter count".into()))?,
            available_until: from_odt(r.available_until)?,
        })
    }
}

/// The letter columns of the overview's join, qualified.
macro_rules! listed_columns {
    () => {
        "l.id, l.provider_id, l.client_record_id, l.intended_for, l.issued_at, l.expires_at,
         l.state, l.state_changed_at, c.client_number, c.first_name, c.last_name,
         EXISTS (SELECT 1 FROM letter_pdfs p WHERE p.letter_id = l.id AND p.available_until > $2)
           AS pdf_available,
         (SELECT bl.batch_id FROM letter_batch_letters bl
            JOIN letter_batch_pdfs bp ON bp.batch_id = bl.batch_id
           WHERE bl.letter_id = l.id AND bp.available_until > $2) AS batch_pdf"
    };
}

/// The stored state and the expiry range (`lo`, `hi`] a status means at `now`; None is open.
type Range = (&'static str, Option<OffsetDateTime>, Option<OffsetDateTime>);

fn status_range(status: LetterStatus, now: OffsetDateTime) -> Range {
    match status {
        LetterStatus::Valid => ("issued", Some(now), None),
        LetterStatus::Expired => ("issued", None, Some(now)),
        LetterStatus::Used => ("used", None, None),
        LetterStatus::Revoked => ("revoked", None, None),
    }
}

#[async_trait]
impl LetterPrintStore for PostgresStore {
    async fn issue_printed_letter(
        &self,
        printed: &PrintedLetter<'_>,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let l = printed.letter;
        let mut tx = self.pool.begin().await.map_err(map_err("issue letter"))?;
        insert_letter(&mut tx, l, printed.code_hash).await?;
        sqlx::query(
            "INSERT INTO letter_pdfs (letter_id, provider_id, sealed, available_until)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(l.id.0)
        .bind(l.provider_id.0)
        .bind(printed.sealed_pdf)
        .bind(odt(printed.available_until)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("letter pdf"))?;
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("issue letter"))
    }

    async fn issue_letter_batch(
        &self,
        batch: &LetterBatch,
        letters: &[(Letter, CodeHash)],
        sealed_pdf: &[u8],
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut clients = HashSet::new();
        if !letters
            .iter()
            .all(|(l, _)| clients.insert(l.client_record_id))
        {
            return Err(StoreError::Conflict("one letter per client in a batch"));
        }
        let mut sorted: Vec<Uuid> = clients.into_iter().map(|c| c.0).collect();
        sorted.sort_unstable();
        let mut tx = self.pool.begin().await.map_err(map_err("letter batch"))?;
        // Lock every client record in one order first: two batches that share clients then
        // queue instead of deadlocking.
        sqlx::query(
            "SELECT 1 FROM client_records WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
        )
        .bind(&sorted)
        .fetch_all(&mut *tx)
        .await
        .map_err(map_err("letter batch"))?;
        sqlx::query(
            "INSERT INTO letter_batches (id, provider_id, created_at, letter_count, available_until)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(batch.id.0)
        .bind(batch.provider_id.0)
        .bind(odt(batch.created_at)?)
        .bind(i32::try_from(batch.letter_count).unwrap_or(i32::MAX))
        .bind(odt(batch.available_until)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("letter batch"))?;
        for (position, (letter, hash)) in letters.iter().enumerate() {
            insert_letter(&mut tx, letter, hash).await?;
            sqlx::query(
                "INSERT INTO letter_batch_letters (batch_id, position, letter_id)
                 VALUES ($1, $2, $3)",
            )
            .bind(batch.id.0)
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind(letter.id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("letter batch letter"))?;
        }
        sqlx::query(
            "INSERT INTO letter_batch_pdfs (batch_id, provider_id, sealed, available_until)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(batch.id.0)
        .bind(batch.provider_id.0)
        .bind(sealed_pdf)
        .bind(odt(batch.available_until)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err("letter batch pdf"))?;
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("letter batch"))
    }

    async fn get_letter_batch(
        &self,
        batch: LetterBatchId,
        provider: ProviderId,
    ) -> StoreResult<Option<LetterBatch>> {
        sqlx::query_as::<_, BatchRow>(
            "SELECT id, provider_id, created_at, letter_count, available_until
             FROM letter_batches WHERE id = $1 AND provider_id = $2",
        )
        .bind(batch.0)
        .bind(provider.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("letter batch"))?
        .map(LetterBatch::try_from)
        .transpose()
    }

    async fn letter_batch_letters(
        &self,
        batch: LetterBatchId,
        provider: ProviderId,
    ) -> StoreResult<Vec<LetterId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT bl.letter_id FROM letter_batch_letters bl
             JOIN letter_batches b ON b.id = bl.batch_id
             WHERE bl.batch_id = $1 AND b.provider_id = $2 ORDER BY bl.position",
        )
        .bind(batch.0)
        .bind(provider.0)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("letter batch letters"))?;
        Ok(ids.into_iter().map(LetterId).collect())
    }

    async fn letter_batch_of(
        &self,
        letter: LetterId,
        provider: ProviderId,
    ) -> StoreResult<Option<LetterBatchId>> {
        let id: Option<Uuid> = sqlx::query_scalar(
            "SELECT bl.batch_id FROM letter_batch_letters bl
             JOIN letter_batches b ON b.id = bl.batch_id
             WHERE bl.letter_id = $1 AND b.provider_id = $2",
        )
        .bind(letter.0)
        .bind(provider.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("letter batch"))?;
        Ok(id.map(LetterBatchId))
    }

    async fn letter_batch_pdf(
        &self,
        batch: LetterBatchId,
        provider: ProviderId,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<u8>>> {
        sqlx::query_scalar(
            "SELECT sealed FROM letter_batch_pdfs
             WHERE batch_id = $1 AND provider_id = $2 AND available_until > $3",
        )
        .bind(batch.0)
        .bind(provider.0)
        .bind(odt(now)?)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("letter batch pdf"))
    }

    async fn list_provider_letters(
        &self,
        provider: ProviderId,
        status: Option<LetterStatus>,
        now: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<ListedLetter>> {
        // The first page starts after the greatest key a letter can have, so every page is the
        // same range seek in the index (no "cursor IS NULL OR …" a generic plan cannot seek with).
        let (after_time, after_id) = match after_time_id(page)? {
            Some(after) => after,
            None => (odt(Timestamp::MAX)?, Uuid::max()),
        };
        let limit = i64::from(page.size()) + 1;
        let now = odt(now)?;
        let rows = match status {
            None => {
                sqlx::query_as::<_, ListedRow>(concat!(
                    "SELECT ",
                    listed_columns!(),
                    " FROM letters l JOIN client_records c ON c.id = l.client_record_id
                     WHERE l.provider_id = $1 AND (l.issued_at, l.id) < ($3, $4)
                     ORDER BY l.issued_at DESC, l.id DESC LIMIT $5"
                ))
                .bind(provider.0)
                .bind(now)
                .bind(after_time)
                .bind(after_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
            }
            Some(status) => {
                let (state, lo, hi) = status_range(status, now);
                sqlx::query_as::<_, ListedRow>(concat!(
                    "SELECT ",
                    listed_columns!(),
                    " FROM letters l JOIN client_records c ON c.id = l.client_record_id
                     WHERE l.provider_id = $1 AND l.state = $6
                       AND ($7::timestamptz IS NULL OR l.expires_at > $7)
                       AND ($8::timestamptz IS NULL OR l.expires_at <= $8)
                       AND (l.issued_at, l.id) < ($3, $4)
                     ORDER BY l.issued_at DESC, l.id DESC LIMIT $5"
                ))
                .bind(provider.0)
                .bind(now)
                .bind(after_time)
                .bind(after_id)
                .bind(limit)
                .bind(state)
                .bind(lo)
                .bind(hi)
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(map_err("provider letters"))?;
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(ListedLetter {
                    letter: Letter::try_from(r.letter)?,
                    client_number: r.client_number,
                    client_name: format!("{} {}", r.first_name, r.last_name),
                    pdf_available: r.pdf_available,
                    batch_pdf: r.batch_pdf.map(LetterBatchId),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(items, page.size(), |l: &ListedLetter| {
            Cursor::TimeId(micros(l.letter.issued_at), l.letter.id.0).encode()
        }))
    }

    async fn purge_expired_pdfs(&self, now: Timestamp) -> StoreResult<PurgedPdfs> {
        let now = odt(now)?;
        let mut tx = self.pool.begin().await.map_err(map_err("purge pdfs"))?;
        let letters = sqlx::query("DELETE FROM letter_pdfs WHERE available_until <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map_err("purge letter pdfs"))?
            .rows_affected();
        let batches = sqlx::query("DELETE FROM letter_batch_pdfs WHERE available_until <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map_err("purge batch pdfs"))?
            .rows_affected();
        tx.commit().await.map_err(map_err("purge pdfs"))?;
        Ok(PurgedPdfs { letters, batches })
    }
}
