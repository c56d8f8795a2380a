//! Messages in PostgreSQL: threads, participants and messages; the claim of an e-mail notice is a
//! compare-and-set on the participant's `notified_at`, written with the e-mail in one
//! transaction.

use crate::convert::*;
use crate::network::{begin, finish};
use crate::{PostgresStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use time::OffsetDateTime;
use uuid::Uuid;
use zk_domain::message::{Message, MessageThread, Participant, Party, ThreadSummary};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, CarePageId, MessageId, MessageThreadId, ProviderId};
use zk_store::Audit;
use zk_store::cursor::Cursor;
use zk_store::{DueNotice, MessageStore, OutgoingMessage, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct ThreadRow {
    id: Uuid,
    care_page_id: Uuid,
    subject: String,
    started_by: Uuid,
    created_at: OffsetDateTime,
    last_message_at: OffsetDateTime,
    unread: bool,
}

impl TryFrom<ThreadRow> for ThreadSummary {
    type Error = StoreError;
    fn try_from(r: ThreadRow) -> Result<Self, StoreError> {
        Ok(ThreadSummary {
            thread: MessageThread {
                id: MessageThreadId(r.id),
                care_page_id: CarePageId(r.care_page_id),
                subject: r.subject,
                started_by: AccountId(r.started_by),
                created_at: from_odt(r.created_at)?,
                last_message_at: from_odt(r.last_message_at)?,
            },
            unread: r.unread,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    thread_id: Uuid,
    party_kind: String,
    party_id: Uuid,
    name: String,
    added_at: OffsetDateTime,
    last_read_at: Option<OffsetDateTime>,
    notified_at: Option<OffsetDateTime>,
}

fn party(kind: &str, id: Uuid) -> Result<Party, StoreError> {
    Party::from_parts(kind, id).ok_or_else(|| StoreError::Corrupt("message party".into()))
}

impl TryFrom<ParticipantRow> for Participant {
    type Error = StoreError;
    fn try_from(r: ParticipantRow) -> Result<Self, StoreError> {
        Ok(Participant {
            thread_id: MessageThreadId(r.thread_id),
            party: party(&r.party_kind, r.party_id)?,
            name: r.name,
            added_at: from_odt(r.added_at)?,
            last_read_at: r.last_read_at.map(from_odt).transpose()?,
            notified_at: r.notified_at.map(from_odt).transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: Uuid,
    thread_id: Uuid,
    care_page_id: Uuid,
    author_kind: String,
    author_id: Uuid,
    writer_id: Uuid,
    writer_name: String,
    body: String,
    created_at: OffsetDateTime,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> Result<Self, StoreError> {
        Ok(Message {
            id: MessageId(r.id),
            thread_id: MessageThreadId(r.thread_id),
            care_page_id: CarePageId(r.care_page_id),
            author: party(&r.author_kind, r.author_id)?,
            writer_id: AccountId(r.writer_id),
            writer_name: r.writer_name,
            text: r.body,
            created_at: from_odt(r.created_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DueRow {
    thread_id: Uuid,
    care_page_id: Uuid,
    party_id: Uuid,
    notified_at: Option<OffsetDateTime>,
}

const INSERT_MESSAGE: &str = "INSERT INTO messages (id, thread_id, care_page_id, author_kind,
         author_id, writer_id, writer_name, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

async fn insert_message(
    tx: &mut sqlx::PgConnection,
    m: &Message,
    what: &'static str,
) -> StoreResult<()> {
    sqlx::query(INSERT_MESSAGE)
        .bind(m.id.0)
        .bind(m.thread_id.0)
        .bind(m.care_page_id.0)
        .bind(m.author.kind())
        .bind(m.author.id())
        .bind(m.writer_id.0)
        .bind(&m.writer_name)
        .bind(&m.text)
        .bind(odt(m.created_at)?)
        .execute(tx)
        .await
        .map_err(map_err(what))?;
    Ok(())
}

#[async_trait]
impl MessageStore for PostgresStore {
    async fn start_thread(
        &self,
        t: &MessageThread,
        participants: &[Participant],
        first: &Message,
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let what = "start message thread";
        let mut tx = begin(self, what).await?;
        sqlx::query(
            "INSERT INTO message_threads (id, care_page_id, subject, started_by, created_at,
                 last_message_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.id.0)
        .bind(t.care_page_id.0)
        .bind(&t.subject)
        .bind(t.started_by.0)
        .bind(odt(t.created_at)?)
        .bind(odt(t.last_message_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err(what))?;
        for p in participants {
            sqlx::query(
                "INSERT INTO message_participants (thread_id, party_kind, party_id, name,
                     added_at, last_read_at, notified_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(t.id.0)
            .bind(p.party.kind())
            .bind(p.party.id())
            .bind(&p.name)
            .bind(odt(p.added_at)?)
            .bind(p.last_read_at.map(odt).transpose()?)
            .bind(p.notified_at.map(odt).transpose()?)
            .execute(&mut *tx)
            .await
            .map_err(map_err(what))?;
        }
        insert_message(&mut tx, first, what).await?;
        finish(tx, true, &[], audit, what).await.map(|_| ())
    }

    async fn add_message(&self, m: &Message, audit: Audit<'_>) -> StoreResult<bool> {
        let what = "add message";
        let mut tx = begin(self, what).await?;
        let read = sqlx::query(
            "UPDATE message_participants SET last_read_at = $3
             WHERE thread_id = $1 AND party_id = $2
               AND EXISTS (SELECT 1 FROM message_threads WHERE id = $1 AND care_page_id = $4)",
        )
        .bind(m.thread_id.0)
        .bind(m.author.id())
        .bind(odt(m.created_at)?)
        .bind(m.care_page_id.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err(what))?;
        if read.rows_affected() != 1 {
            return finish(tx, false, &[], Audit::NONE, what).await;
        }
        sqlx::query(
            "UPDATE message_threads SET last_message_at = GREATEST(last_message_at, $2) WHERE id = $1",
        )
        .bind(m.thread_id.0)
        .bind(odt(m.created_at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err(what))?;
        insert_message(&mut tx, m, what).await?;
        finish(tx, true, &[], audit, what).await
    }

    async fn get_thread(
        &self,
        care_page: CarePageId,
        id: MessageThreadId,
    ) -> StoreResult<Option<MessageThread>> {
        sqlx::query_as::<_, ThreadRow>(
            "SELECT id, care_page_id, subject, started_by, created_at, last_message_at,
                 FALSE AS unread
             FROM message_threads WHERE id = $1 AND care_page_id = $2",
        )
        .bind(id.0)
        .bind(care_page.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("message thread"))?
        .map(|r| ThreadSummary::try_from(r).map(|s| s.thread))
        .transpose()
    }

    async fn participants_of(&self, thread: MessageThreadId) -> StoreResult<Vec<Participant>> {
        sqlx::query_as::<_, ParticipantRow>(
            "SELECT thread_id, party_kind, party_id, name, added_at, last_read_at, notified_at
             FROM message_participants WHERE thread_id = $1
             ORDER BY added_at, party_id LIMIT 200",
        )
        .bind(thread.0)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("message participants"))?
        .into_iter()
        .map(Participant::try_from)
        .collect()
    }

    async fn threads_of(
        &self,
        party: Party,
        care_page: Option<CarePageId>,
        page: &PageRequest,
    ) -> StoreResult<Page<ThreadSummary>> {
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, ThreadRow>(
            "SELECT t.id, t.care_page_id, t.subject, t.started_by, t.created_at,
                 t.last_message_at,
                 (p.last_read_at IS NULL OR p.last_read_at < t.last_message_at) AS unread
             FROM message_participants p JOIN message_threads t ON t.id = p.thread_id
             WHERE p.party_id = $1 AND ($2::uuid IS NULL OR t.care_page_id = $2)
               AND ($3::timestamptz IS NULL OR (t.last_message_at, t.id) < ($3, $4::uuid))
             ORDER BY t.last_message_at DESC, t.id DESC LIMIT $5",
        )
        .bind(party.id())
        .bind(care_page.map(|c| c.0))
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("message threads"))?;
        let items = rows
            .into_iter()
            .map(ThreadSummary::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |s| {
            Cursor::TimeId(micros(s.thread.last_message_at), s.thread.id.0).encode()
        }))
    }

    async fn messages_of(
        &self,
        thread: MessageThreadId,
        page: &PageRequest,
    ) -> StoreResult<Page<Message>> {
        let after = after_time_id(page)?;
        let rows = sqlx::query_as::<_, MessageRow>(
            "SELECT id, thread_id, care_page_id, author_kind, author_id, writer_id, writer_name,
                 body, created_at
             FROM messages
             WHERE thread_id = $1
               AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
             ORDER BY created_at DESC, id DESC LIMIT $4",
        )
        .bind(thread.0)
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("messages"))?;
        let items = rows
            .into_iter()
            .map(Message::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |m| {
            Cursor::TimeId(micros(m.created_at), m.id.0).encode()
        }))
    }

    async fn mark_thread_read(
        &self,
        thread: MessageThreadId,
        party: Party,
        at: Timestamp,
    ) -> StoreResult<bool> {
        let what = "mark thread read";
        let mut tx = begin(self, what).await?;
        let done = sqlx::query(
            "UPDATE message_participants
             SET last_read_at = GREATEST(last_read_at, $3)
             WHERE thread_id = $1 AND party_id = $2",
        )
        .bind(thread.0)
        .bind(party.id())
        .bind(odt(at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err(what))?;
        finish(tx, done.rows_affected() == 1, &[], Audit::NONE, what).await
    }

    async fn unread_thread_count(
        &self,
        party: Party,
        care_page: Option<CarePageId>,
    ) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM message_participants p
             JOIN message_threads t ON t.id = p.thread_id
             WHERE p.party_id = $1 AND ($2::uuid IS NULL OR t.care_page_id = $2)
               AND (p.last_read_at IS NULL OR p.last_read_at < t.last_message_at)",
        )
        .bind(party.id())
        .bind(care_page.map(|c| c.0))
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("unread threads"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn messages_written_since(
        &self,
        writer: AccountId,
        since: Timestamp,
    ) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE writer_id = $1 AND created_at > $2",
        )
        .bind(writer.0)
        .bind(odt(since)?)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("messages written"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn due_message_notices(
        &self,
        written_before: Timestamp,
        told_after: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<DueNotice>> {
        sqlx::query_as::<_, DueRow>(
            "SELECT p.thread_id, t.care_page_id, p.party_id, p.notified_at
             FROM message_threads t JOIN message_participants p ON p.thread_id = t.id
             WHERE t.last_message_at <= $1 AND p.party_kind = 'account'
               AND (p.last_read_at IS NULL OR p.last_read_at < t.last_message_at)
               AND (p.notified_at IS NULL
                    OR (p.notified_at <= $2 AND p.notified_at < t.last_message_at))
             ORDER BY t.last_message_at, p.thread_id, p.party_id LIMIT $3",
        )
        .bind(odt(written_before)?)
        .bind(odt(told_after)?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("due message notices"))?
        .into_iter()
        .map(|r| {
            Ok(DueNotice {
                thread_id: MessageThreadId(r.thread_id),
                care_page_id: CarePageId(r.care_page_id),
                account_id: AccountId(r.party_id),
                notified_at: r.notified_at.map(from_odt).transpose()?,
            })
        })
        .collect()
    }

    async fn claim_message_notice(
        &self,
        due: &DueNotice,
        at: Timestamp,
        messages: &[OutgoingMessage],
    ) -> StoreResult<bool> {
        let what = "claim message notice";
        let mut tx = begin(self, what).await?;
        let done = sqlx::query(
            "UPDATE message_participants SET notified_at = $4
             WHERE thread_id = $1 AND party_id = $2 AND notified_at IS NOT DISTINCT FROM $3
               AND (last_read_at IS NULL OR last_read_at <
                    (SELECT last_message_at FROM message_threads WHERE id = $1))",
        )
        .bind(due.thread_id.0)
        .bind(due.account_id.0)
        .bind(due.notified_at.map(odt).transpose()?)
        .bind(odt(at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err(what))?;
        finish(tx, done.rows_affected() == 1, messages, Audit::NONE, what).await
    }

    async fn provider_messaging(&self, provider: ProviderId) -> StoreResult<bool> {
        let on: Option<bool> =
            sqlx::query_scalar("SELECT enabled FROM provider_messaging WHERE provider_id = $1")
                .bind(provider.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err("provider messaging"))?;
        Ok(on.unwrap_or(false))
    }

    async fn set_provider_messaging(
        &self,
        provider: ProviderId,
        on: bool,
        at: Timestamp,
    ) -> StoreResult<()> {
        let what = "provider messaging";
        let mut tx = begin(self, what).await?;
        sqlx::query(
            "INSERT INTO provider_messaging (provider_id, enabled, changed_at) VALUES ($1, $2, $3)
             ON CONFLICT (provider_id) DO UPDATE SET enabled = $2, changed_at = $3",
        )
        .bind(provider.0)
        .bind(on)
        .bind(odt(at)?)
        .execute(&mut *tx)
        .await
        .map_err(map_err(what))?;
        finish(tx, true, &[], Audit::NONE, what).await.map(|_| ())
    }
}
