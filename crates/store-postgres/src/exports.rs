//! Data export jobs in PostgreSQL: a claim takes the row with `FOR UPDATE SKIP LOCKED`, so
//! several instances never build the same job; the notice e-mail goes out with the files.

use crate::convert::*;
use crate::network::{begin, finish};
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::{AccountId, CarePageId, ExportJobId};
use zk_store::Audit;
use zk_store::{
    EXPORT_TRIES, ExportFile, ExportJob, ExportState, ExportStore, OutgoingMessage, StoreError,
    StoreResult,
};

macro_rules! columns {
    () => {
        "id, account_id, care_page_id, state, requested_at, ready_at, expires_at"
    };
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: Uuid,
    account_id: Uuid,
    care_page_id: Uuid,
    state: String,
    requested_at: OffsetDateTime,
    ready_at: Option<OffsetDateTime>,
    expires_at: Option<OffsetDateTime>,
}

impl TryFrom<JobRow> for ExportJob {
    type Error = StoreError;
    fn try_from(r: JobRow) -> Result<Self, StoreError> {
        Ok(ExportJob {
            id: ExportJobId(r.id),
            account_id: AccountId(r.account_id),
            care_page_id: CarePageId(r.care_page_id),
            state: ExportState::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt("export state".into()))?,
            requested_at: from_odt(r.requested_at)?,
            ready_at: r.ready_at.map(from_odt).transpose()?,
            expires_at: r.expires_at.map(from_odt).transpose()?,
        })
    }
}

#[async_trait]
impl ExportStore for PostgresStore {
    async fn request_export(
        &self,
        job: &ExportJob,
        notice: &OutgoingMessage,
        since: Timestamp,
        max: u32,
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "request export").await?;
        // Racing requests of one account queue here, so the count below cannot be outrun.
        sqlx::query("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE")
            .bind(job.account_id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("request export"))?;
        let (count,): (i64,) = sqlx::query_as(
            "SELECT count(*)::BIGINT FROM export_jobs
             WHERE account_id = $1 AND requested_at >= $2 AND state <> 'failed'",
        )
        .bind(job.account_id.0)
        .bind(odt(since)?)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err("count exports"))?;
        if count >= i64::from(max) {
            return finish(tx, false, &[], Audit::NONE, "request export").await;
        }
        sqlx::query(
            "INSERT INTO export_jobs (id, account_id, care_page_id, state, requested_at,
                 notice_to, notice_subject, notice_text, notice_html)
             VALUES ($1, $2, $3, 'waiting', $4, $5, $6, $7, $8)",
        )
        .bind(job.id.0)
        .bind(job.account_id.0)
        .bind(job.care_page_id.0)
        .bind(odt(job.requested_at)?)
        .bind(&notice.recipient)
        .bind(notice.subject.as_deref().unwrap_or_default())
        .bind(&notice.text_body)
        .bind(notice.html_body.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(map_err("export"))?;
        finish(tx, true, &[], audit, "request export").await
    }

    async fn get_export(&self, id: ExportJobId) -> StoreResult<Option<ExportJob>> {
        sqlx::query_as::<_, JobRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM export_jobs WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("export"))?
        .map(ExportJob::try_from)
        .transpose()
    }

    async fn exports_of(
        &self,
        account: AccountId,
        care_page: CarePageId,
        limit: u32,
    ) -> StoreResult<Vec<ExportJob>> {
        sqlx::query_as::<_, JobRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM export_jobs WHERE account_id = $1 AND care_page_id = $2
             ORDER BY requested_at DESC, id DESC LIMIT $3"
        ))
        .bind(account.0)
        .bind(care_page.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("exports"))?
        .into_iter()
        .map(ExportJob::try_from)
        .collect()
    }

    async fn claim_export(
        &self,
        now: Timestamp,
        lease: SignedDuration,
    ) -> StoreResult<Option<(ExportJob, Uuid)>> {
        let claim = Uuid::now_v7();
        let row = sqlx::query_as::<_, JobRow>(concat!(
            "UPDATE export_jobs SET state = 'running', claim_id = $1, locked_until = $2,
                 attempts = attempts + 1
             WHERE id = (
                 SELECT id FROM export_jobs
                 WHERE state IN ('waiting', 'running')
                   AND (locked_until IS NULL OR locked_until <= $3)
                   AND attempts < $4
                   AND account_id NOT IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL)
                 ORDER BY requested_at, id LIMIT 1
                 FOR UPDATE SKIP LOCKED)
             RETURNING ",
            columns!()
        ))
        .bind(claim)
        .bind(odt(now.saturating_add(lease).unwrap_or(now))?)
        .bind(odt(now)?)
        .bind(i64::from(EXPORT_TRIES))
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("claim export"))?;
        row.map(|r| Ok((ExportJob::try_from(r)?, claim)))
            .transpose()
    }

    async fn finish_export(
        &self,
        id: ExportJobId,
        claim: Uuid,
        bundle: &[u8],
        summary: &[u8],
        ready_at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "finish export").await?;
        let notice: Option<(String, String, String, Option<String>)> = sqlx::query_as(
            "UPDATE export_jobs SET state = 'ready', bundle = $1, summary = $2, ready_at = $3,
                 expires_at = $4, locked_until = NULL, claim_id = NULL
             WHERE id = $5 AND claim_id = $6 AND state = 'running'
             RETURNING notice_to, notice_subject, notice_text, notice_html",
        )
        .bind(bundle)
        .bind(summary)
        .bind(odt(ready_at)?)
        .bind(odt(expires_at)?)
        .bind(id.0)
        .bind(claim)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err("finish export"))?;
        let messages: Vec<OutgoingMessage> = notice
            .iter()
            .map(|(to, subject, text, html)| {
                OutgoingMessage::mail(to, subject, text, html.as_deref(), ready_at)
            })
            .collect();
        finish(
            tx,
            notice.is_some(),
            &messages,
            Audit::NONE,
            "finish export",
        )
        .await
    }

    async fn fail_export(
        &self,
        id: ExportJobId,
        claim: Uuid,
        retry_at: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE export_jobs SET claim_id = NULL,
                 state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'waiting' END,
                 locked_until = CASE WHEN attempts >= $4 THEN NULL ELSE $3 END
             WHERE id = $1 AND claim_id = $2 AND state = 'running'",
        )
        .bind(id.0)
        .bind(claim)
        .bind(odt(retry_at)?)
        .bind(i64::from(EXPORT_TRIES))
        .execute(&self.pool)
        .await
        .map_err(map_err("fail export"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn export_file(
        &self,
        id: ExportJobId,
        file: ExportFile,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<u8>>> {
        let sql = match file {
            ExportFile::Bundle => {
                "SELECT bundle FROM export_jobs WHERE id = $1 AND state = 'ready' AND expires_at > $2"
            }
            ExportFile::Summary => {
                "SELECT summary FROM export_jobs WHERE id = $1 AND state = 'ready' AND expires_at > $2"
            }
        };
        let row: Option<(Option<Vec<u8>>,)> = sqlx::query_as(sql)
            .bind(id.0)
            .bind(odt(now)?)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("export file"))?;
        Ok(row.and_then(|(b,)| b))
    }

    async fn purge_expired_exports(&self, now: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE export_jobs SET state = 'expired', bundle = NULL, summary = NULL,
                 notice_text = '', notice_html = NULL
             WHERE (state = 'ready' AND expires_at <= $1)
                OR (state <> 'expired' AND account_id IN
                    (SELECT id FROM accounts WHERE deleted_at IS NOT NULL))",
        )
        .bind(odt(now)?)
        .execute(&self.pool)
        .await
        .map_err(map_err("purge exports"))?;
        sqlx::query(
            "UPDATE export_jobs SET state = 'failed', claim_id = NULL, locked_until = NULL
             WHERE state IN ('waiting', 'running') AND attempts >= $2 AND locked_until <= $1",
        )
        .bind(odt(now)?)
        .bind(i64::from(EXPORT_TRIES))
        .execute(&self.pool)
        .await
        .map_err(map_err("fail abandoned exports"))?;
        Ok(done.rows_affected())
    }
}
