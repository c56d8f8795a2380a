//! The client's own content in SQLite: diary entries and the network's agenda, each change
//! written together with the e-mails that confirm it.

use crate::convert::*;
use crate::network::{begin, finish};
use crate::{SqliteStore, map_err};
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;
use zk_domain::agenda::AgendaItem;
use zk_domain::diary::DiaryEntry;
use zk_domain::page::{Page, PageRequest};
use zk_domain::recurrence::{Frequency, Recurrence};
use zk_domain::{AccountId, AgendaItemId, CarePageId, DiaryEntryId};
use zk_store::Audit;
use zk_store::cursor::{Cursor, date_key, key_date};
use zk_store::{AgendaStore, DiaryStore, OutgoingMessage, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct DiaryRow {
    id: Uuid,
    care_page_id: Uuid,
    author_id: Uuid,
    entry_date: String,
    title: Option<String>,
    body: String,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<DiaryRow> for DiaryEntry {
    type Error = StoreError;
    fn try_from(r: DiaryRow) -> Result<Self, StoreError> {
        Ok(DiaryEntry {
            id: DiaryEntryId(r.id),
            care_page_id: CarePageId(r.care_page_id),
            author_id: AccountId(r.author_id),
            date: from_date_text(&r.entry_date)?,
            title: r.title,
            text: r.body,
            created_at: from_micros(r.created_at)?,
            updated_at: from_micros(r.updated_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AgendaRow {
    id: Uuid,
    care_page_id: Uuid,
    author_id: Uuid,
    title: String,
    place: Option<String>,
    starts_at: i64,
    ends_at: i64,
    remarks: Option<String>,
    repeats: Option<String>,
    repeat_until: Option<String>,
    series_end: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<AgendaRow> for AgendaItem {
    type Error = StoreError;
    fn try_from(r: AgendaRow) -> Result<Self, StoreError> {
        let recurrence = match r.repeats {
            None => None,
            Some(f) => Some(Recurrence {
                frequency: Frequency::parse(&f)
                    .ok_or_else(|| StoreError::Corrupt("agenda repeat".into()))?,
                until: opt_date(r.repeat_until)?,
            }),
        };
        Ok(AgendaItem {
            id: AgendaItemId(r.id),
            care_page_id: CarePageId(r.care_page_id),
            author_id: AccountId(r.author_id),
            title: r.title,
            place: r.place,
            starts_at: from_micros(r.starts_at)?,
            ends_at: from_micros(r.ends_at)?,
            remarks: r.remarks,
            recurrence,
            series_end: r.series_end.map(from_micros).transpose()?,
            created_at: from_micros(r.created_at)?,
            updated_at: from_micros(r.updated_at)?,
        })
    }
}

#[async_trait]
impl DiaryStore for SqliteStore {
    async fn add_diary_entry(
        &self,
        e: &DiaryEntry,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = begin(self, "add diary entry").await?;
        sqlx::query(
            "INSERT INTO diary_entries (id, care_page_id, author_id, entry_date, title, body,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.id.0)
        .bind(e.care_page_id.0)
        .bind(e.author_id.0)
        .bind(date_text(e.date))
        .bind(e.title.as_deref())
        .bind(&e.text)
        .bind(micros(e.created_at))
        .bind(micros(e.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("diary entry"))?;
        finish(tx, true, messages, audit, "add diary entry")
            .await
            .map(|_| ())
    }

    async fn get_diary_entry(
        &self,
        care_page: CarePageId,
        id: DiaryEntryId,
    ) -> StoreResult<Option<DiaryEntry>> {
        sqlx::query_as::<_, DiaryRow>(
            "SELECT id, care_page_id, author_id, entry_date, title, body, created_at, updated_at
             FROM diary_entries WHERE id = $1 AND care_page_id = $2",
        )
        .bind(id.0)
        .bind(care_page.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("diary entry"))?
        .map(DiaryEntry::try_from)
        .transpose()
    }

    async fn diary_entries(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<DiaryEntry>> {
        let after = match page.after.as_deref() {
            None => None,
            Some(c) => {
                let (key, id) = Cursor::decode_time_id(c)?;
                Some((date_text(key_date(key)?), id))
            }
        };
        let rows = sqlx::query_as::<_, DiaryRow>(
            "SELECT id, care_page_id, author_id, entry_date, title, body, created_at, updated_at
             FROM diary_entries
             WHERE care_page_id = $1
               AND ($2 IS NULL OR entry_date < $2 OR (entry_date = $2 AND id < $3))
             ORDER BY entry_date DESC, id DESC LIMIT $4",
        )
        .bind(care_page.0)
        .bind(after.as_ref().map(|a| a.0.clone()))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("diary entries"))?;
        let items = rows
            .into_iter()
            .map(DiaryEntry::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |e| {
            Cursor::TimeId(date_key(e.date), e.id.0).encode()
        }))
    }

    async fn update_diary_entry(
        &self,
        e: &DiaryEntry,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "update diary entry").await?;
        let done = sqlx::query(
            "UPDATE diary_entries SET entry_date = $3, title = $4, body = $5, updated_at = $6
             WHERE id = $1 AND care_page_id = $2",
        )
        .bind(e.id.0)
        .bind(e.care_page_id.0)
        .bind(date_text(e.date))
        .bind(e.title.as_deref())
        .bind(&e.text)
        .bind(micros(e.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("update diary entry"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            audit,
            "update diary entry",
        )
        .await
    }

    async fn delete_diary_entry(
        &self,
        care_page: CarePageId,
        id: DiaryEntryId,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "delete diary entry").await?;
        let done = sqlx::query("DELETE FROM diary_entries WHERE id = $1 AND care_page_id = $2")
            .bind(id.0)
            .bind(care_page.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("delete diary entry"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            audit,
            "delete diary entry",
        )
        .await
    }
}

#[async_trait]
impl AgendaStore for SqliteStore {
    async fn add_agenda_item(
        &self,
        a: &AgendaItem,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<()> {
        let mut tx = begin(self, "add agenda item").await?;
        sqlx::query(
            "INSERT INTO agenda_items (id, care_page_id, author_id, title, place, starts_at,
                 ends_at, remarks, repeats, repeat_until, series_end, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(a.id.0)
        .bind(a.care_page_id.0)
        .bind(a.author_id.0)
        .bind(&a.title)
        .bind(a.place.as_deref())
        .bind(micros(a.starts_at))
        .bind(micros(a.ends_at))
        .bind(a.remarks.as_deref())
        .bind(a.recurrence.map(|r| r.frequency.as_str()))
        .bind(a.recurrence.and_then(|r| r.until).map(date_text))
        .bind(a.series_end.map(micros))
        .bind(micros(a.created_at))
        .bind(micros(a.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("agenda item"))?;
        finish(tx, true, messages, audit, "add agenda item")
            .await
            .map(|_| ())
    }

    async fn get_agenda_item(
        &self,
        care_page: CarePageId,
        id: AgendaItemId,
    ) -> StoreResult<Option<AgendaItem>> {
        sqlx::query_as::<_, AgendaRow>(
            "SELECT id, care_page_id, author_id, title, place, starts_at, ends_at, remarks,
                    repeats, repeat_until, series_end, created_at, updated_at
             FROM agenda_items WHERE id = $1 AND care_page_id = $2",
        )
        .bind(id.0)
        .bind(care_page.0)
        .fetch_optional(&self.reader)
        .await
        .map_err(map_err("agenda item"))?
        .map(AgendaItem::try_from)
        .transpose()
    }

    async fn agenda_items_between(
        &self,
        care_page: CarePageId,
        from: Timestamp,
        to: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<AgendaItem>> {
        let after = page
            .after
            .as_deref()
            .map(Cursor::decode_time_id)
            .transpose()?;
        let rows = sqlx::query_as::<_, AgendaRow>(
            "SELECT id, care_page_id, author_id, title, place, starts_at, ends_at, remarks,
                    repeats, repeat_until, series_end, created_at, updated_at
             FROM agenda_items
             WHERE care_page_id = $1 AND starts_at < $3
               AND (series_end IS NULL OR series_end > $2)
               AND ($4 IS NULL OR starts_at > $4 OR (starts_at = $4 AND id > $5))
             ORDER BY starts_at, id LIMIT $6",
        )
        .bind(care_page.0)
        .bind(micros(from))
        .bind(micros(to))
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(i64::from(page.size()) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(map_err("agenda items"))?;
        let items = rows
            .into_iter()
            .map(AgendaItem::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.size(), |a| {
            Cursor::TimeId(micros(a.starts_at), a.id.0).encode()
        }))
    }

    async fn update_agenda_item(
        &self,
        a: &AgendaItem,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "update agenda item").await?;
        let done = sqlx::query(
            "UPDATE agenda_items SET title = $3, place = $4, starts_at = $5, ends_at = $6,
                 remarks = $7, repeats = $8, repeat_until = $9, series_end = $10, updated_at = $11
             WHERE id = $1 AND care_page_id = $2",
        )
        .bind(a.id.0)
        .bind(a.care_page_id.0)
        .bind(&a.title)
        .bind(a.place.as_deref())
        .bind(micros(a.starts_at))
        .bind(micros(a.ends_at))
        .bind(a.remarks.as_deref())
        .bind(a.recurrence.map(|r| r.frequency.as_str()))
        .bind(a.recurrence.and_then(|r| r.until).map(date_text))
        .bind(a.series_end.map(micros))
        .bind(micros(a.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(map_err("update agenda item"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            audit,
            "update agenda item",
        )
        .await
    }

    async fn delete_agenda_item(
        &self,
        care_page: CarePageId,
        id: AgendaItemId,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool> {
        let mut tx = begin(self, "delete agenda item").await?;
        let done = sqlx::query("DELETE FROM agenda_items WHERE id = $1 AND care_page_id = $2")
            .bind(id.0)
            .bind(care_page.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err("delete agenda item"))?;
        finish(
            tx,
            done.rows_affected() == 1,
            messages,
            audit,
            "delete agenda item",
        )
        .await
    }
}
