//! The Store traits for the client's own content on a care page (SPEC S5): the diary and the
//! network's agenda. Reads are scoped to one care page, so an id of another page's entry is
//! missing, exactly like one that does not exist. Every change carries the e-mails that confirm
//! it and its audit record, written in the same transaction: only when the change is made.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::agenda::AgendaItem;
use zk_domain::diary::DiaryEntry;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AgendaItemId, CarePageId, DiaryEntryId};

#[async_trait]
pub trait DiaryStore {
    /// Stores a new entry with `messages` and `audit`.
    async fn add_diary_entry(
        &self,
        entry: &DiaryEntry,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    async fn get_diary_entry(
        &self,
        care_page: CarePageId,
        id: DiaryEntryId,
    ) -> StoreResult<Option<DiaryEntry>>;
    /// A care page's entries, newest date first (then newest written first).
    async fn diary_entries(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<DiaryEntry>>;
    /// Replaces the date, title, text and update time of the entry with this id on this care
    /// page, and stores `messages` and `audit`. False (and nothing written) when there is none.
    async fn update_diary_entry(
        &self,
        entry: &DiaryEntry,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Deletes the entry and stores `messages` and `audit`. False (and nothing written) when the
    /// care page has no entry with this id.
    async fn delete_diary_entry(
        &self,
        care_page: CarePageId,
        id: DiaryEntryId,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
}

#[async_trait]
pub trait AgendaStore {
    /// Stores a new item with `messages` and `audit`.
    async fn add_agenda_item(
        &self,
        item: &AgendaItem,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    async fn get_agenda_item(
        &self,
        care_page: CarePageId,
        id: AgendaItemId,
    ) -> StoreResult<Option<AgendaItem>>;
    /// The care page's appointments that can have an occurrence in `[from, to)`: starting
    /// before `to` and with a series end after `from` (or none), by first start.
    async fn agenda_items_between(
        &self,
        care_page: CarePageId,
        from: Timestamp,
        to: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<AgendaItem>>;
    /// Replaces everything but the id, care page, author and creation time of the item with
    /// this id on this care page, and stores `messages` and `audit`. False (nothing written,
    /// nothing recorded) when none.
    async fn update_agenda_item(
        &self,
        item: &AgendaItem,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Deletes the item and stores `messages` and `audit`. False (and nothing written) when the
    /// care page has no item with this id.
    async fn delete_agenda_item(
        &self,
        care_page: CarePageId,
        id: AgendaItemId,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
}
