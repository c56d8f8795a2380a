//! The client's diary (SPEC S5): the beheerder and co-beheerders write entries; members with
//! the diary permission read them. A writer changes and deletes only their own entries. An
//! entry of another care page, or one the account may not change, is `NotFound` exactly like
//! one that does not exist.

use crate::audit::changes::{self, Change};
use crate::own_page::{Names, OwnPage};
use crate::{App, AppError, AppResult};
use zk_domain::DiaryEntryId;
use zk_domain::audit::AuditAction;
use zk_domain::diary::{DiaryEntry, DiaryInput};
use zk_domain::network::Permission;
use zk_domain::page::{Page, PageRequest};

/// Entries per page of the diary.
pub const ENTRIES_SHOWN: u32 = 20;

const NOT_FOUND: AppError = AppError::NotFound("diary entry");

/// An entry ready to show.
#[derive(Clone, Debug)]
pub struct DiaryView {
    pub entry: DiaryEntry,
    pub author: String,
    /// The reader wrote it and may change or delete it.
    pub mine: bool,
}

/// One page of entries, newest first; the look is recorded before they are handed back.
pub async fn entries(
    app: &App,
    own: &OwnPage,
    after: Option<String>,
) -> AppResult<Page<DiaryView>> {
    let request = match after {
        Some(c) => PageRequest::after(c, ENTRIES_SHOWN),
        None => PageRequest::first(ENTRIES_SHOWN),
    };
    let page = app.store.diary_entries(own.page().id, &request).await?;
    let mut names = Names::new();
    let mut items = Vec::with_capacity(page.items.len());
    for entry in page.items {
        items.push(DiaryView {
            author: names.of(app, entry.author_id).await?,
            mine: own.writes_diary() && own.may_change(entry.author_id, false),
            entry,
        });
    }
    changes::on_own_page(app, own, Change::read(Permission::Diary))
        .await?
        .record_first(app)
        .await?;
    Ok(Page {
        items,
        next: page.next,
    })
}

/// Writes a new entry; only the beheerder and co-beheerders may.
pub async fn add(app: &App, own: &OwnPage, input: DiaryInput) -> AppResult<DiaryEntry> {
    if !own.writes_diary() {
        return Err(NOT_FOUND);
    }
    let now = app.now();
    let entry = DiaryEntry {
        id: DiaryEntryId::new(),
        care_page_id: own.page().id,
        author_id: own.account().id,
        date: input.date,
        title: input.title,
        text: input.text,
        created_at: now,
        updated_at: now,
    };
    let change = Change::item(AuditAction::Create, Permission::Diary, entry.id);
    let record = changes::on_own_page(app, own, change).await?;
    // Only the writer is affected by their own entry: nobody else is told.
    app.store
        .add_diary_entry(&entry, &[], record.audit())
        .await?;
    Ok(entry)
}

/// One of the reader's own entries, to change or delete.
pub async fn own_entry(app: &App, own: &OwnPage, id: DiaryEntryId) -> AppResult<DiaryEntry> {
    let entry = app
        .store
        .get_diary_entry(own.page().id, id)
        .await?
        .ok_or(NOT_FOUND)?;
    if own.writes_diary() && own.may_change(entry.author_id, false) {
        Ok(entry)
    } else {
        Err(NOT_FOUND)
    }
}

pub async fn change(
    app: &App,
    own: &OwnPage,
    id: DiaryEntryId,
    input: DiaryInput,
) -> AppResult<DiaryEntry> {
    let entry = own_entry(app, own, id).await?;
    let changed = DiaryEntry {
        date: input.date,
        title: input.title,
        text: input.text,
        updated_at: app.now(),
        ..entry
    };
    let change = Change::item(AuditAction::Update, Permission::Diary, changed.id);
    let record = changes::on_own_page(app, own, change).await?;
    if app
        .store
        .update_diary_entry(&changed, &[], record.audit())
        .await?
    {
        Ok(changed)
    } else {
        Err(NOT_FOUND)
    }
}

pub async fn delete(app: &App, own: &OwnPage, id: DiaryEntryId) -> AppResult<()> {
    let entry = own_entry(app, own, id).await?;
    let change = Change::item(AuditAction::Delete, Permission::Diary, entry.id);
    let record = changes::on_own_page(app, own, change).await?;
    if app
        .store
        .delete_diary_entry(own.page().id, entry.id, &[], record.audit())
        .await?
    {
        Ok(())
    } else {
        Err(NOT_FOUND)
    }
}
