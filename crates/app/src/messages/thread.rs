//! Reading one thread: recorded in the audit trail before anything is handed back (a refusal
//! too), then marked read. Participants who lost access are shown as former participants.

use super::{NOT_FOUND, Reader};
use crate::audit::{denied, record};
use crate::{App, AppError, AppResult};
use std::collections::HashMap;
use zk_domain::audit::{AuditAction, DataCategory, Source};
use zk_domain::message::{Message, MessageThread, Participant, Party};
use zk_domain::network::Permission;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{MessageThreadId, ProviderId};

/// Messages per page of a thread.
pub const MESSAGES_SHOWN: u32 = 25;

/// A participant as the thread shows them.
#[derive(Clone, Debug)]
pub struct ParticipantView {
    pub party: Party,
    pub name: String,
    /// Left the network, lost the permission, or (a provider) switched messaging off.
    pub former: bool,
}

/// A message with the name it is shown under.
#[derive(Clone, Debug)]
pub struct MessageView {
    pub message: Message,
    /// The writer, or for a provider the provider's name (the writer's name is beside it).
    pub from: String,
    /// Written by staff for this provider: the staff member's name shows too.
    pub for_provider: bool,
    pub mine: bool,
}

#[derive(Clone, Debug)]
pub struct ThreadView {
    pub thread: MessageThread,
    pub participants: Vec<ParticipantView>,
    /// Newest first.
    pub messages: Page<MessageView>,
}

/// The thread, if the reader takes part in it; else `NotFound`.
pub(crate) async fn taking_part(
    app: &App,
    reader: &Reader,
    id: MessageThreadId,
) -> AppResult<(MessageThread, Vec<Participant>)> {
    let thread = app
        .store
        .get_thread(reader.page().id, id)
        .await?
        .ok_or(NOT_FOUND)?;
    let participants = app.store.participants_of(thread.id).await?;
    if participants.iter().any(|p| p.party == reader.party()) {
        Ok((thread, participants))
    } else {
        Err(NOT_FOUND)
    }
}

/// Whether a participant still takes part: a person with access and the permission, or a
/// provider still connected with messaging on.
async fn still_in(app: &App, reader: &Reader, party: Party) -> AppResult<bool> {
    match party {
        Party::Account(id) => {
            let Some(account) = app.store.get_account(id).await? else {
                return Ok(false);
            };
            Ok(crate::network::access(app, &account, reader.page())
                .await?
                .is_some_and(|a| a.allows(Permission::Messages)))
        }
        Party::Provider(id) => Ok(app.store.provider_messaging(id).await?
            && app
                .store
                .connections_of(reader.page().id, &PageRequest::first(100))
                .await?
                .items
                .iter()
                .any(|c| c.provider_id == id)),
    }
}

/// One page of a thread (`after`: the cursor of older messages), recorded, then marked read.
pub async fn open(
    app: &App,
    reader: &Reader,
    id: MessageThreadId,
    after: Option<String>,
    source: &Source,
) -> AppResult<ThreadView> {
    let category = DataCategory::Care(Permission::Messages);
    let (thread, participants) = match taking_part(app, reader, id).await {
        Err(AppError::NotFound(what)) => {
            denied(
                app,
                reader.account(),
                Some(reader.page().id),
                category,
                Some(id.to_string()),
                source,
            )
            .await?;
            return Err(AppError::NotFound(what));
        }
        other => other?,
    };
    let request = match after {
        Some(c) => PageRequest::after(c, MESSAGES_SHOWN),
        None => PageRequest::first(MESSAGES_SHOWN),
    };
    let page = app.store.messages_of(thread.id, &request).await?;
    let e = reader.event(app, AuditAction::Read, thread.id, source);
    record(app, &[e]).await?;
    app.store
        .mark_thread_read(thread.id, reader.party(), app.now())
        .await?;

    let mut providers: HashMap<ProviderId, String> = HashMap::new();
    let mut shown = Vec::with_capacity(participants.len());
    for p in participants {
        if let Party::Provider(id) = p.party {
            providers.insert(id, p.name.clone());
        }
        shown.push(ParticipantView {
            former: !still_in(app, reader, p.party).await?,
            party: p.party,
            name: p.name,
        });
    }
    let items = page
        .items
        .into_iter()
        .map(|m| {
            let (from, for_provider) = match m.author {
                Party::Provider(id) => (providers.get(&id).cloned().unwrap_or_default(), true),
                Party::Account(_) => (m.writer_name.clone(), false),
            };
            MessageView {
                mine: m.author == reader.party() && m.writer_id == reader.account().id,
                from,
                for_provider,
                message: m,
            }
        })
        .collect();
    Ok(ThreadView {
        thread,
        participants: shown,
        messages: Page {
            items,
            next: page.next,
        },
    })
}
