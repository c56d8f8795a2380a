//! Messages on a care page (SPEC S5b): threads between network members with the "berichten"
//! permission (the beheerder and co-beheerders always have it) and connected providers that
//! switched messaging on, whose staff answer on their behalf. Access is checked on every
//! request; a thread the reader takes no part in is `NotFound`, exactly like a missing one.
//! Starting a thread and replying are recorded in the audit trail in the same transaction as
//! the message: no message without its record.

pub mod notices;
pub mod thread;

use crate::audit::security::current_source;
use crate::audit::{Pending, by_account};
use crate::own_page::OwnPage;
use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::{
    ActorRole, AuditAction, AuditEvent, AuditKind, DataCategory, Ground, Source,
};
use zk_domain::message::*;
use zk_domain::network::Permission;
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::Provider;
use zk_domain::{CarePageId, MessageId, MessageThreadId};

/// Threads per page of the list.
pub const THREADS_SHOWN: u32 = 20;
/// Network members and providers read when offering participants (a network is small).
const NETWORK_READ: u32 = 100;

pub(crate) const NOT_FOUND: AppError = AppError::NotFound("message thread");

/// Who reads or writes: a person of the network, or a staff member for their provider. Only
/// this module makes one, after checking access for this request.
#[derive(Clone, Debug)]
pub struct Reader {
    party: Party,
    account: Account,
    page: CarePage,
    role: ActorRole,
}

impl Reader {
    /// A network member on a page opened for [`Permission::Messages`].
    pub async fn member(app: &App, own: &OwnPage) -> AppResult<Self> {
        if !own.access().allows(Permission::Messages) {
            return Err(NOT_FOUND);
        }
        let role = crate::audit::role_of(app, own.account(), own.page(), own.access()).await?;
        Ok(Self {
            party: Party::Account(own.account().id),
            account: own.account().clone(),
            page: own.page().clone(),
            role,
        })
    }

    /// A staff member answering for `provider` on care page `page`: only while the provider
    /// has messaging on and is connected to the page.
    pub async fn staff(
        app: &App,
        account: &Account,
        provider: &Provider,
        page: CarePageId,
    ) -> AppResult<Self> {
        let page = app.store.get_care_page(page).await?.ok_or(NOT_FOUND)?;
        if page.vacant_since.is_some()
            || !app.store.provider_messaging(provider.id).await?
            || !connected(app, &page, provider).await?
        {
            return Err(NOT_FOUND);
        }
        Ok(Self {
            party: Party::Provider(provider.id),
            account: account.clone(),
            page,
            role: ActorRole::ProviderStaff,
        })
    }

    pub fn party(&self) -> Party {
        self.party
    }

    pub fn page(&self) -> &CarePage {
        &self.page
    }

    pub fn account(&self) -> &Account {
        &self.account
    }

    /// The audit event of the reader doing `action` on `thread`: staff on their provider's
    /// behalf, within the care relationship.
    pub(crate) fn event(
        &self,
        app: &App,
        action: AuditAction,
        thread: MessageThreadId,
        source: &Source,
    ) -> AuditEvent {
        let category = DataCategory::Care(Permission::Messages);
        let mut e = by_account(app, &self.account, self.role, category, source);
        e.action = action;
        e.care_page_id = Some(self.page.id);
        e.resource_id = Some(thread.to_string());
        if let Party::Provider(p) = self.party {
            e.on_behalf_of = Some(p);
            e.ground = Ground::CareRelationship;
        }
        e
    }

    /// The record of a message the reader writes in `thread` (the first one when `kind` is
    /// [`AuditKind::ThreadStarted`]), for the store write.
    fn writes(&self, app: &App, thread: MessageThreadId, kind: AuditKind) -> Pending {
        let mut e = self.event(app, AuditAction::Create, thread, &current_source());
        e.kind = Some(kind);
        Pending::new(app, vec![e])
    }
}

async fn connected(app: &App, page: &CarePage, provider: &Provider) -> AppResult<bool> {
    Ok(app
        .store
        .connections_of(page.id, &PageRequest::first(NETWORK_READ))
        .await?
        .items
        .iter()
        .any(|c| c.provider_id == provider.id))
}

/// Who may be chosen as a participant, and the connected providers that read no messages.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// People and providers that may take part, by name (the reader left out).
    pub open: Vec<(Party, String)>,
    /// Connected providers with messaging off: never a recipient, and the page says so.
    pub closed: Vec<Provider>,
    /// People of the network without the permission (refused with their own message).
    pub without_permission: Vec<Party>,
}

/// The participants `reader` may choose on its care page.
pub async fn candidates(app: &App, reader: &Reader) -> AppResult<Candidates> {
    let page = &reader.page;
    let mut c = Candidates::default();
    if let Some(b) = app.store.get_account(page.beheerder).await?
        && page.vacant_since.is_none()
    {
        c.open.push((Party::Account(b.id), b.full_name()));
    }
    let members = app
        .store
        .members_of(page.id, &PageRequest::first(NETWORK_READ))
        .await?;
    for m in members.items {
        let Some(a) = app.store.get_account(m.account_id).await? else {
            continue;
        };
        if zk_domain::network::Access::of_member(&m).allows(Permission::Messages) {
            c.open.push((Party::Account(a.id), a.full_name()));
        } else {
            c.without_permission.push(Party::Account(a.id));
        }
    }
    for conn in app
        .store
        .connections_of(page.id, &PageRequest::first(NETWORK_READ))
        .await?
        .items
    {
        let Some(p) = app.store.get_provider(conn.provider_id).await? else {
            continue;
        };
        if c.closed.iter().any(|x| x.id == p.id)
            || c.open.iter().any(|(x, _)| *x == Party::Provider(p.id))
        {
            continue;
        }
        if app.store.provider_messaging(p.id).await? {
            c.open.push((Party::Provider(p.id), p.name.clone()));
        } else {
            c.closed.push(p);
        }
    }
    c.open.retain(|(p, _)| *p != reader.party);
    Ok(c)
}

/// One page of the reader's threads, newest message first.
pub async fn threads(
    app: &App,
    reader: &Reader,
    after: Option<String>,
) -> AppResult<Page<ThreadSummary>> {
    let request = match after {
        Some(c) => PageRequest::after(c, THREADS_SHOWN),
        None => PageRequest::first(THREADS_SHOWN),
    };
    Ok(app
        .store
        .threads_of(reader.party, Some(reader.page.id), &request)
        .await?)
}

/// How many of the reader's threads on this page have something unread.
pub async fn unread(app: &App, reader: &Reader) -> AppResult<u64> {
    Ok(app
        .store
        .unread_thread_count(reader.party, Some(reader.page.id))
        .await?)
}

/// The hourly limit, counted over the writer's account (also when writing for a provider).
async fn check_rate(
    app: &App,
    reader: &Reader,
    problems: &mut Vec<MessageProblem>,
) -> AppResult<()> {
    let since = app.now() - NOTICE_GAP;
    if app
        .store
        .messages_written_since(reader.account.id, since)
        .await?
        >= u64::from(MESSAGES_PER_HOUR)
    {
        problems.push(MessageProblem::TooManyMessages);
    }
    Ok(())
}

fn new_message(app: &App, reader: &Reader, thread: MessageThreadId, text: String) -> Message {
    Message {
        id: MessageId::new(),
        thread_id: thread,
        care_page_id: reader.page.id,
        author: reader.party,
        writer_id: reader.account.id,
        writer_name: reader.account.full_name(),
        text,
        created_at: app.now(),
    }
}

/// Starts a thread with `chosen` (form values of [`Party`]); the problems when refused, and
/// then nothing is stored. Only people of the network start threads.
pub async fn start(
    app: &App,
    reader: &Reader,
    subject: &str,
    text: &str,
    chosen: &[String],
) -> AppResult<Result<MessageThreadId, Vec<MessageProblem>>> {
    let mut problems = Vec::new();
    let subject = check_subject(subject, &mut problems);
    let text = check_text(text, &mut problems);
    let c = candidates(app, reader).await?;
    let mut parties: Vec<(Party, String)> = Vec::new();
    let mut bad = None;
    for value in chosen {
        let party = Party::parse_form_value(value);
        match party.and_then(|p| c.open.iter().find(|(x, _)| *x == p)) {
            Some(found) if !parties.contains(found) => parties.push(found.clone()),
            Some(_) => {}
            None => {
                let cannot = party.is_some_and(|p| {
                    c.without_permission.contains(&p)
                        || c.closed.iter().any(|x| Party::Provider(x.id) == p)
                });
                bad = Some(if cannot {
                    MessageProblem::ParticipantCannotRead
                } else {
                    MessageProblem::UnknownParticipant
                });
            }
        }
    }
    if let Some(b) = bad {
        problems.push(b);
    } else if parties.is_empty() {
        problems.push(MessageProblem::NoParticipants);
    } else if parties.len() + 1 > PARTICIPANTS_MAX {
        problems.push(MessageProblem::TooManyParticipants);
    }
    check_rate(app, reader, &mut problems).await?;
    if !problems.is_empty() || !matches!(reader.party, Party::Account(_)) {
        return Ok(Err(problems));
    }
    let now = app.now();
    let thread = MessageThread {
        id: MessageThreadId::new(),
        care_page_id: reader.page.id,
        subject,
        started_by: reader.account.id,
        created_at: now,
        last_message_at: now,
    };
    let participant = |party: Party, name: String, read: bool| Participant {
        thread_id: thread.id,
        party,
        name,
        added_at: now,
        last_read_at: read.then_some(now),
        notified_at: None,
    };
    let mut all = vec![participant(reader.party, reader.account.full_name(), true)];
    all.extend(parties.into_iter().map(|(p, n)| participant(p, n, false)));
    let first = new_message(app, reader, thread.id, text);
    let record = reader.writes(app, thread.id, AuditKind::ThreadStarted);
    app.store
        .start_thread(&thread, &all, &first, record.audit())
        .await?;
    Ok(Ok(thread.id))
}

/// Adds a reply to a thread the reader takes part in; the problems when refused.
pub async fn reply(
    app: &App,
    reader: &Reader,
    thread: MessageThreadId,
    text: &str,
) -> AppResult<Result<(), Vec<MessageProblem>>> {
    thread::taking_part(app, reader, thread).await?;
    let mut problems = Vec::new();
    let text = check_text(text, &mut problems);
    check_rate(app, reader, &mut problems).await?;
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let record = reader.writes(app, thread, AuditKind::MessageSent);
    if app
        .store
        .add_message(&new_message(app, reader, thread, text), record.audit())
        .await?
    {
        Ok(Ok(()))
    } else {
        Err(NOT_FOUND)
    }
}
