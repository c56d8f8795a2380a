//! Unlinking (ontkoppelen, SPEC S4 and S8): the beheerder or a co-beheerder of a care page, or
//! the provider's staff, end a connection. In one transaction the connection moves to the
//! provider's history, the provider's endpoints get `connection.ended`, and the people who
//! manage the care page get an e-mail. The provider's data disappears from the care page at
//! once, and the client record is free for a new letter (which is how the beheerder changes).

use crate::registration::RenderedMail;
use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage, Connection};
use zk_domain::client::ClientRecord;
use zk_domain::page::PageRequest;
use zk_domain::provider::Provider;
use zk_domain::{ClientRecordId, ConnectionId, ProviderId};
use zk_store::{EndedBy, EndedConnection, OutgoingMessage};

/// Members read per page when looking for co-beheerders.
const MEMBERS_PER_READ: u32 = 100;

/// A connection the caller may end, with its provider and care page.
#[derive(Clone, Debug)]
pub struct Unlinkable {
    pub connection: Connection,
    pub provider: Provider,
    pub page: CarePage,
    pub client: ClientRecord,
}

/// The accounts that manage `page`: its beheerder (unless the page is vacant) and its
/// co-beheerders. Deleted accounts are never among them (their memberships are gone).
pub(crate) async fn managers_of(app: &App, page: &CarePage) -> AppResult<Vec<Account>> {
    let mut out = Vec::new();
    if page.vacant_since.is_none()
        && let Some(a) = app.store.get_account(page.beheerder).await?
    {
        out.push(a);
    }
    let mut request = PageRequest::first(MEMBERS_PER_READ);
    loop {
        let found = app.store.members_of(page.id, &request).await?;
        for m in found.items.iter().filter(|m| m.co_beheerder) {
            if let Some(a) = app.store.get_account(m.account_id).await? {
                out.push(a);
            }
        }
        match found.next {
            Some(next) => request = PageRequest::after(next, MEMBERS_PER_READ),
            None => return Ok(out),
        }
    }
}

async fn with_provider_and_page(app: &App, connection: Connection) -> AppResult<Unlinkable> {
    let provider = app
        .store
        .get_provider(connection.provider_id)
        .await?
        .ok_or(AppError::NotFound("provider"))?;
    let page = app
        .store
        .get_care_page(connection.care_page_id)
        .await?
        .ok_or(AppError::NotFound("care page"))?;
    let client = app
        .store
        .get_client_record(connection.client_record_id)
        .await?
        .ok_or(AppError::NotFound("client record"))?;
    Ok(Unlinkable {
        connection,
        provider,
        page,
        client,
    })
}

/// The connection `id` when `account` manages its care page (beheerder or co-beheerder);
/// `None` otherwise, exactly as when there is no such connection.
pub async fn unlinkable_by(
    app: &App,
    account: &Account,
    id: ConnectionId,
) -> AppResult<Option<Unlinkable>> {
    let Some(connection) = app.store.get_connection(id).await? else {
        return Ok(None);
    };
    let found = with_provider_and_page(app, connection).await?;
    let manages = crate::network::access(app, account, &found.page)
        .await?
        .is_some_and(|a| a.manages());
    Ok(manages.then_some(found))
}

/// The connection of `provider`'s client record `client`; `None` when the record is not the
/// provider's or is not connected.
pub async fn unlinkable_by_staff(
    app: &App,
    provider: ProviderId,
    client: ClientRecordId,
) -> AppResult<Option<Unlinkable>> {
    match app.store.connection_of_client(client).await? {
        Some(c) if c.provider_id == provider => Ok(Some(with_provider_and_page(app, c).await?)),
        _ => Ok(None),
    }
}

/// Ends `found.connection`: `by` is the account that does it, as `kind`. Each manager of the
/// care page gets the e-mail `render` writes for them (in their language). False when the
/// connection ended meanwhile (nothing written then).
pub async fn unlink(
    app: &App,
    found: &Unlinkable,
    by: &Account,
    kind: EndedBy,
    render: impl Fn(&Account, EndedBy) -> RenderedMail,
) -> AppResult<bool> {
    let now = app.now();
    let mut messages =
        crate::webhooks::connection_ended_messages(app, &found.connection, now).await?;
    for manager in managers_of(app, &found.page).await? {
        let mail = render(&manager, kind);
        messages.push(OutgoingMessage::mail(
            &manager.email,
            &mail.subject,
            &mail.text,
            Some(&mail.html),
            now,
        ));
    }
    let pending = crate::audit::changes::unlinking(app, found, by, kind).await?;
    let ended = EndedConnection {
        connection: found.connection.clone(),
        ended_at: now,
        ended_by: by.id,
        ended_by_kind: kind,
    };
    Ok(app
        .store
        .end_connection(&ended, &messages, pending.audit())
        .await?)
}

/// A page of `provider`'s ended connections, most recently ended first.
pub async fn ended_connections(
    app: &App,
    provider: ProviderId,
    page: &PageRequest,
) -> AppResult<zk_domain::page::Page<zk_store::EndedConnectionListing>> {
    Ok(app
        .store
        .ended_connections_of_provider(provider, page)
        .await?)
}

/// Connections listed per co-managed care page; more than a few is not expected.
const CO_MANAGED_SHOWN: u32 = 50;

/// The care pages `account` co-manages (as a co-beheerder, not its own), each with its
/// connections and their providers: the Connecties page offers to unlink them too.
pub async fn co_managed_connections(
    app: &App,
    account: &Account,
) -> AppResult<Vec<(CarePage, Vec<(Connection, Provider)>)>> {
    let mut out = Vec::new();
    for (page, access) in crate::network::pages_of(app, account).await? {
        if page.beheerder == account.id || !access.manages() {
            continue;
        }
        let mut connections = Vec::new();
        for c in app
            .store
            .connections_of(page.id, &PageRequest::first(CO_MANAGED_SHOWN))
            .await?
            .items
        {
            let provider = app
                .store
                .get_provider(c.provider_id)
                .await?
                .ok_or(AppError::NotFound("provider"))?;
            connections.push((c, provider));
        }
        out.push((page, connections));
    }
    Ok(out)
}
