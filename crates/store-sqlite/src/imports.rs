//! Bulk import jobs in SQLite. With one writer connection a claim is a single UPDATE …
//! RETURNING that no other claim can interleave with; progress is one `BEGIN IMMEDIATE`
//! transaction that checks the claim first.

use crate::convert::*;
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;
use zk_domain::{ImportJobId, ProviderId};
use zk_store::imports::*;
use zk_store::{Audit, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct JobRow {
    id: Uuid,
    provider_id: Uuid,
    resource_types: Option<String>,
    state: String,
    created_at: i64,
    started_at: Option<i64>,
    finished_at: Option<i64>,
    lines_total: i64,
    chunks_total: i64,
    next_chunk: i64,
    lines_read: i64,
    written: i64,
    failed: i64,
    errors_kept: i64,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl TryFrom<JobRow> for ImportJob {
    type Error = StoreError;
    fn try_from(r: JobRow) -> Result<Self, StoreError> {
        Ok(ImportJob {
            id: ImportJobId(r.id),
            provider_id: ProviderId(r.provider_id),
            resource_types: r
                .resource_types
                .map(|t| t.split_whitespace().map(str::to_owned).collect()),
            state: ImportState::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt("import state".into()))?,
            created_at: from_micros(r.created_at)?,
            started_at: r.started_at.map(from_micros).transpose()?,
            finished_at: r.finished_at.map(from_micros).transpose()?,
            lines_total: count(r.lines_total),
            chunks_total: count(r.chunks_total),
            next_chunk: count(r.next_chunk),
            counts: ImportCounts {
                lines_read: count(r.lines_read),
                written: count(r.written),
                failed: count(r.failed),
                errors_kept: count(r.errors_kept),
            },
        })
    }
}

macro_rules! columns {
    () => {
        "id, provider_id, resource_types, state, created_at, started_at, finished_at, lines_total,
         chunks_total, next_chunk, lines_read, written, failed, errors_kept"
    };
}

#[derive(sqlx::FromRow)]
struct ErrorRow {
    line: i64,
    code: String,
    expression: String,
    diagnostics: String,
}

#[async_trait]
impl ImportStore for SqliteStore {
    async fn insert_import(&self, job: &NewImport, audit: Audit<'_>) -> StoreResult<()> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("insert import"))?;
        sqlx::query(
            "INSERT INTO fhir_imports (id, provider_id, resource_types, state, created_at,
                 lines_total, chunks_total)
             VALUES ($1, $2, $3, 'queued', $4, $5, $6)",
        )
        .bind(job.id.0)
        .bind(job.provider_id.0)
        .bind(job.resource_types.as_ref().map(|t| t.join(" ")))
        .bind(micros(job.created_at))
        .bind(int(job.lines_total))
        .bind(int(job.chunks.len() as u64))
        .execute(&mut *tx)
        .await
        .map_err(map_err("insert import"))?;
        for (seq, chunk) in job.chunks.iter().enumerate() {
            sqlx::query(
                "INSERT INTO fhir_import_chunks (import_id, seq, first_line, data)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(job.id.0)
            .bind(int(seq as u64))
            .bind(int(chunk.first_line))
            .bind(chunk.data.as_slice())
            .execute(&mut *tx)
            .await
            .map_err(map_err("insert import chunk"))?;
        }
        crate::audit::append_in(&mut tx, audit).await?;
        tx.commit().await.map_err(map_err("insert import"))
    }

    async fn get_import(
        &self,
        provider: ProviderId,
        id: ImportJobId,
    ) -> StoreResult<Option<ImportJob>> {
        sqlx::query_as::<_, JobRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM fhir_imports WHERE id = $1 AND provider_id = $2"
        ))
        .bind(id.0)
        .bind(provider.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("import"))?
        .map(ImportJob::try_from)
        .transpose()
    }

    async fn list_import_errors(
        &self,
        provider: ProviderId,
        id: ImportJobId,
        limit: u32,
    ) -> StoreResult<Vec<ImportLineError>> {
        let rows = sqlx::query_as::<_, ErrorRow>(
            "SELECT e.line, e.code, e.expression, e.diagnostics
             FROM fhir_import_errors e JOIN fhir_imports i ON i.id = e.import_id
             WHERE e.import_id = $1 AND i.provider_id = $2
             ORDER BY e.line LIMIT $3",
        )
        .bind(id.0)
        .bind(provider.0)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("import errors"))?;
        Ok(rows
            .into_iter()
            .map(|r| ImportLineError {
                line: count(r.line),
                code: r.code,
                expression: r.expression,
                diagnostics: r.diagnostics,
            })
            .collect())
    }

    async fn claim_import(
        &self,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Option<ClaimedImport>> {
        let claim = Uuid::now_v7();
        let row = sqlx::query_as::<_, JobRow>(concat!(
            "UPDATE fhir_imports SET state = 'running', claim_id = $1, locked_until = $2,
                 started_at = coalesce(started_at, $3)
             WHERE id = (
                 SELECT id FROM fhir_imports
                 WHERE state <> 'done' AND (locked_until IS NULL OR locked_until <= $3)
                 ORDER BY created_at, id LIMIT 1)
             RETURNING ",
            columns!()
        ))
        .bind(claim)
        .bind(micros(now.saturating_add(lease).unwrap_or(now)))
        .bind(micros(now))
        .fetch_optional(&self.writer)
        .await
        .map_err(map_err("claim import"))?;
        row.map(|r| {
            Ok(ClaimedImport {
                job: ImportJob::try_from(r)?,
                claim,
            })
        })
        .transpose()
    }

    async fn read_import_chunk(
        &self,
        id: ImportJobId,
        chunk: u64,
    ) -> StoreResult<Option<ImportChunk>> {
        let row: Option<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT first_line, data FROM fhir_import_chunks WHERE import_id = $1 AND seq = $2",
        )
        .bind(id.0)
        .bind(int(chunk))
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("import chunk"))?;
        Ok(row.map(|(first_line, data)| ImportChunk {
            first_line: count(first_line),
            data,
        }))
    }

    async fn record_import_chunk(
        &self,
        id: ImportJobId,
        claim: Uuid,
        done: &ChunkDone,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<bool> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("import progress"))?;
        let c = &done.counts;
        let updated = sqlx::query(
            "UPDATE fhir_imports SET next_chunk = next_chunk + 1, lines_read = lines_read + $1,
                 written = written + $2, failed = failed + $3, errors_kept = errors_kept + $4,
                 locked_until = $5
             WHERE id = $6 AND claim_id = $7 AND state = 'running' AND next_chunk = $8",
        )
        .bind(int(c.lines_read))
        .bind(int(c.written))
        .bind(int(c.failed))
        .bind(int(done.errors.len() as u64))
        .bind(micros(now.saturating_add(lease).unwrap_or(now)))
        .bind(id.0)
        .bind(claim)
        .bind(int(done.chunk))
        .execute(&mut *tx)
        .await
        .map_err(map_err("import progress"))?
        .rows_affected();
        if updated == 0 {
            tx.rollback().await.map_err(map_err("import progress"))?;
            return Ok(false);
        }
        for e in &done.errors {
            sqlx::query(
                "INSERT INTO fhir_import_errors (import_id, line, code, expression, diagnostics)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(id.0)
            .bind(int(e.line))
            .bind(&e.code)
            .bind(&e.expression)
            .bind(&e.diagnostics)
            .execute(&mut *tx)
            .await
            .map_err(map_err("import error"))?;
        }
        tx.commit().await.map_err(map_err("import progress"))?;
        Ok(true)
    }

    async fn finish_import(
        &self,
        id: ImportJobId,
        claim: Uuid,
        at: Timestamp,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(
            "UPDATE fhir_imports SET state = 'done', finished_at = $1, claim_id = NULL,
                 locked_until = NULL
             WHERE id = $2 AND claim_id = $3 AND state = 'running'",
        )
        .bind(micros(at))
        .bind(id.0)
        .bind(claim)
        .execute(&self.writer)
        .await
        .map_err(map_err("finish import"))?
        .rows_affected();
        Ok(updated > 0)
    }

    async fn purge_import_uploads(&self, before: Timestamp) -> StoreResult<u64> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err("purge imports"))?;
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "UPDATE fhir_imports SET upload_purged = 1
             WHERE state = 'done' AND upload_purged = 0 AND finished_at < $1
             RETURNING id",
        )
        .bind(micros(before))
        .fetch_all(&mut *tx)
        .await
        .map_err(map_err("purge imports"))?;
        for id in &ids {
            sqlx::query("DELETE FROM fhir_import_chunks WHERE import_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map_err("purge import chunks"))?;
        }
        tx.commit().await.map_err(map_err("purge imports"))?;
        Ok(ids.len() as u64)
    }
}
