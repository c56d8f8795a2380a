//! The network's own agenda on a care page (SPEC S5): the beheerder, co-beheerders and members
//! with the agenda permission add appointments; each shows who added it; its adder and whoever
//! manages the page change or delete it. Repeating ones are expanded for a window of weeks on
//! Dutch wall-clock time, reading only the appointments that can fall in that window. Whoever
//! else is affected by a change (the beheerder, the adder) is told by e-mail, without its
//! content.

use crate::audit::changes::{self, Change};
use crate::own_page::{Names, OwnPage};
use crate::registration::RenderedMail;
use crate::{App, AppError, AppResult, dutch_time_zone};
use jiff::Timestamp;
use jiff::civil::Date;
use zk_domain::agenda::{AgendaInput, AgendaItem};
use zk_domain::audit::AuditAction;
use zk_domain::network::Permission;
use zk_domain::page::PageRequest;
use zk_domain::recurrence::{OCCURRENCES_PER_WINDOW, occurrences};
use zk_domain::{AccountId, AgendaItemId};
use zk_store::OutgoingMessage;

/// The agenda page shows this many weeks at a time.
pub const WEEKS_SHOWN: i64 = 8;
/// At most this many occurrences are shown per window; the rest says "more" by moving on.
pub const OCCURRENCES_SHOWN: usize = 200;
/// Appointments read per round trip while gathering a window.
const SERIES_PER_READ: u32 = 100;

const NOT_FOUND: AppError = AppError::NotFound("agenda item");

/// One time an appointment takes place, ready to show.
#[derive(Clone, Debug)]
pub struct OccurrenceView {
    pub item: AgendaItem,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub added_by: String,
    /// The reader may change or delete the appointment.
    pub may_change: bool,
}

/// The occurrences in a window, in order.
#[derive(Clone, Debug)]
pub struct AgendaWindow {
    pub from: Timestamp,
    pub to: Timestamp,
    pub occurrences: Vec<OccurrenceView>,
    /// More occurrences fell in the window than are shown.
    pub cut: bool,
}

/// The occurrences in `[from, to)`, at most `limit`.
async fn between(
    app: &App,
    own: &OwnPage,
    from: Timestamp,
    to: Timestamp,
    limit: usize,
) -> AppResult<AgendaWindow> {
    let tz = dutch_time_zone();
    let mut names = Names::new();
    let mut found = Vec::new();
    let mut request = PageRequest::first(SERIES_PER_READ);
    loop {
        let page = app
            .store
            .agenda_items_between(own.page().id, from, to, &request)
            .await?;
        for item in page.items {
            let added_by = names.of(app, item.author_id).await?;
            let may_change = own.may_change(item.author_id, true);
            let times = occurrences(
                item.starts_at,
                item.ends_at,
                item.recurrence.as_ref(),
                &tz,
                from,
                to,
                OCCURRENCES_PER_WINDOW.min(limit + 1),
            );
            for o in times {
                found.push(OccurrenceView {
                    item: item.clone(),
                    starts_at: o.starts_at,
                    ends_at: o.ends_at,
                    added_by: added_by.clone(),
                    may_change,
                });
            }
        }
        // Keep only the earliest ones, so memory stays bounded however full the window is; a
        // later page can still hold earlier occurrences (of a series that starts later).
        found.sort_by_key(|o| (o.starts_at, o.item.id));
        found.truncate(limit + 1);
        match page.next {
            Some(next) => request = PageRequest::after(next, SERIES_PER_READ),
            None => break,
        }
    }
    let cut = found.len() > limit;
    found.truncate(limit);
    Ok(AgendaWindow {
        from,
        to,
        occurrences: found,
        cut,
    })
}

/// The weeks shown on the agenda page: from now, or from the start of `from` (a later day),
/// until the start of the day [`WEEKS_SHOWN`] weeks on, so the next weeks start where these end.
/// The look is recorded in the audit trail before the occurrences are handed back.
pub async fn window(app: &App, own: &OwnPage, from: Option<Date>) -> AppResult<AgendaWindow> {
    let shown = weeks_from(app, own, from).await?;
    changes::on_own_page(app, own, Change::read(Permission::Agenda))
        .await?
        .record_first(app)
        .await?;
    Ok(shown)
}

/// The occurrences of [`window`], unrecorded.
async fn weeks_from(app: &App, own: &OwnPage, from: Option<Date>) -> AppResult<AgendaWindow> {
    let now = app.now();
    let today = app.today();
    let first_day = from.filter(|d| *d > today).unwrap_or(today);
    let midnight = |d: Date| d.to_zoned(dutch_time_zone()).map(|z| z.timestamp()).ok();
    let start = if first_day > today {
        midnight(first_day).unwrap_or(now)
    } else {
        now
    };
    let end = first_day
        .checked_add(jiff::Span::new().weeks(WEEKS_SHOWN))
        .ok()
        .and_then(midnight)
        .unwrap_or(start);
    between(app, own, start, end, OCCURRENCES_SHOWN).await
}

/// The next few occurrences, for the care page, whose recorded read
/// ([`crate::audit::reads::care_page`]) counts them as a look at the agenda.
pub async fn upcoming(app: &App, own: &OwnPage, count: usize) -> AppResult<Vec<OccurrenceView>> {
    Ok(weeks_from(app, own, None)
        .await?
        .occurrences
        .into_iter()
        .take(count)
        .collect())
}

/// What happened to an appointment, for the e-mail to those affected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaChange {
    Added,
    Changed,
    Deleted,
}

/// What an e-mail about a change says: who did what on whose page, never the appointment.
#[derive(Clone, Debug)]
pub struct AgendaNotice {
    pub change: AgendaChange,
    pub actor: String,
    pub page_name: String,
}

/// Renders the notice for one recipient, in their language.
pub type Render<'a> =
    &'a (dyn Fn(&zk_domain::account::Account, &AgendaNotice) -> RenderedMail + Send + Sync);

/// The e-mails to the beheerder and the adder of `author`'s appointment, except to whoever made
/// the change.
async fn notices(
    app: &App,
    own: &OwnPage,
    author: AccountId,
    change: AgendaChange,
    render: Render<'_>,
) -> AppResult<Vec<OutgoingMessage>> {
    let actor = own.account();
    let mut to = Vec::new();
    if own.page().vacant_since.is_none() {
        to.push(own.page().beheerder);
    }
    to.push(author);
    to.retain(|id| *id != actor.id);
    to.dedup();
    let notice = AgendaNotice {
        change,
        actor: actor.full_name(),
        page_name: own.name(),
    };
    let mut out = Vec::new();
    for id in to {
        if let Some(account) = app.store.get_account(id).await? {
            let mail = render(&account, &notice);
            out.push(OutgoingMessage::mail(
                &account.email,
                &mail.subject,
                &mail.text,
                Some(&mail.html),
                app.now(),
            ));
        }
    }
    Ok(out)
}

/// Adds an appointment to the page's agenda.
pub async fn add(
    app: &App,
    own: &OwnPage,
    input: AgendaInput,
    render: Render<'_>,
) -> AppResult<AgendaItem> {
    let now = app.now();
    let author = own.account().id;
    let item = input
        .into_item(
            AgendaItemId::new(),
            own.page().id,
            author,
            &dutch_time_zone(),
            now,
            now,
        )
        .ok_or_else(|| AppError::invalid("begindatum", "a time that cannot be placed"))?;
    let mails = notices(app, own, author, AgendaChange::Added, render).await?;
    let change = Change::item(AuditAction::Create, Permission::Agenda, item.id);
    let record = changes::on_own_page(app, own, change).await?;
    app.store
        .add_agenda_item(&item, &mails, record.audit())
        .await?;
    Ok(item)
}

/// An appointment the reader may change or delete.
pub async fn changeable(app: &App, own: &OwnPage, id: AgendaItemId) -> AppResult<AgendaItem> {
    let item = app
        .store
        .get_agenda_item(own.page().id, id)
        .await?
        .ok_or(NOT_FOUND)?;
    if own.may_change(item.author_id, true) {
        Ok(item)
    } else {
        Err(NOT_FOUND)
    }
}

pub async fn change(
    app: &App,
    own: &OwnPage,
    id: AgendaItemId,
    input: AgendaInput,
    render: Render<'_>,
) -> AppResult<AgendaItem> {
    let item = changeable(app, own, id).await?;
    let changed = input
        .into_item(
            item.id,
            item.care_page_id,
            item.author_id,
            &dutch_time_zone(),
            item.created_at,
            app.now(),
        )
        .ok_or_else(|| AppError::invalid("begindatum", "a time that cannot be placed"))?;
    let mails = notices(app, own, item.author_id, AgendaChange::Changed, render).await?;
    let change = Change::item(AuditAction::Update, Permission::Agenda, item.id);
    let record = changes::on_own_page(app, own, change).await?;
    if app
        .store
        .update_agenda_item(&changed, &mails, record.audit())
        .await?
    {
        Ok(changed)
    } else {
        Err(NOT_FOUND)
    }
}

pub async fn delete(
    app: &App,
    own: &OwnPage,
    id: AgendaItemId,
    render: Render<'_>,
) -> AppResult<()> {
    let item = changeable(app, own, id).await?;
    let mails = notices(app, own, item.author_id, AgendaChange::Deleted, render).await?;
    let change = Change::item(AuditAction::Delete, Permission::Agenda, item.id);
    let record = changes::on_own_page(app, own, change).await?;
    if app
        .store
        .delete_agenda_item(own.page().id, item.id, &mails, record.audit())
        .await?
    {
        Ok(())
    } else {
        Err(NOT_FOUND)
    }
}
