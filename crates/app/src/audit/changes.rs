//! Changes of care data on a care page: the network (inviting, accepting, members changed,
//! removed or leaving), the diary and the agenda, unlinking and hand-over. Each function here
//! builds the change's record as a [`Pending`], which the store write appends in the same
//! transaction as the change: when the record cannot be written, the change is not made, and a
//! change that is not made leaves no record.

use super::security::current_source;
use super::{Pending, by_account, role_of};
use crate::own_page::OwnPage;
use crate::{App, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::*;
use zk_domain::network::{Access, Permission};

/// What was changed: the action, the data and, where it helps, the kind and the id.
#[derive(Clone, Debug)]
pub struct Change {
    pub action: AuditAction,
    pub category: DataCategory,
    pub kind: Option<AuditKind>,
    pub resource: Option<String>,
}

impl Change {
    /// A change in the network of the page (invitations and members).
    pub fn network(action: AuditAction, kind: AuditKind, resource: impl ToString) -> Self {
        Self {
            action,
            category: DataCategory::CarePage,
            kind: Some(kind),
            resource: Some(resource.to_string()),
        }
    }

    /// A look at the diary or the agenda page as a whole.
    pub fn read(permission: Permission) -> Self {
        Self {
            action: AuditAction::Read,
            category: DataCategory::Care(permission),
            kind: None,
            resource: None,
        }
    }

    /// A change of one item of the diary or the agenda.
    pub fn item(action: AuditAction, permission: Permission, resource: impl ToString) -> Self {
        Self {
            action,
            category: DataCategory::Care(permission),
            kind: None,
            resource: Some(resource.to_string()),
        }
    }
}

/// The record of `change` by `account` on `page`, where it has `access` (none yet for someone
/// accepting an invitation, who acts as an outsider until then).
pub async fn on_page(
    app: &App,
    account: &Account,
    page: &CarePage,
    access: Option<Access>,
    change: Change,
) -> AppResult<Pending> {
    let role = match access {
        Some(access) => role_of(app, account, page, access).await?,
        None => ActorRole::Outsider,
    };
    let mut e = by_account(app, account, role, change.category, &current_source());
    e.action = change.action;
    e.care_page_id = Some(page.id);
    e.kind = change.kind;
    e.resource_id = change.resource;
    Ok(Pending::new(app, vec![e]))
}

/// The record of `change` by the reader of an opened page (the diary and the agenda).
pub async fn on_own_page(app: &App, own: &OwnPage, change: Change) -> AppResult<Pending> {
    on_page(app, own.account(), own.page(), Some(own.access()), change).await
}

/// The record of `change` on the page with id `page`, looking up the account's access there.
pub async fn on_page_id(
    app: &App,
    account: &Account,
    page: zk_domain::CarePageId,
    change: Change,
) -> AppResult<Pending> {
    let page = app
        .store
        .get_care_page(page)
        .await?
        .ok_or(crate::AppError::NotFound("care page"))?;
    let access = crate::network::access(app, account, &page).await?;
    on_page(app, account, &page, access, change).await
}

/// The record of `change` on `page` by someone without an account here: an invitee declining, who
/// is named as the invitation named them.
pub fn by_invitee(app: &App, page: &CarePage, name: &str, change: Change) -> Pending {
    let e = AuditEvent {
        id: AuditEventId::new(),
        action: change.action,
        at: super::now(app),
        care_page_id: Some(page.id),
        client_record_id: None,
        actor_id: None,
        actor_name: name.to_owned(),
        role: ActorRole::Anonymous,
        on_behalf_of: None,
        ground: Ground::Authorisation,
        category: change.category,
        resource_id: change.resource,
        source: current_source(),
        outcome: Outcome::Success,
        kind: change.kind,
    };
    Pending::new(app, vec![e])
}

/// The record that `account` takes over `page` with a letter for `client` (a hand-over): as the
/// client when `relation` is `None`, else as the client's representative.
pub async fn hand_over(
    app: &App,
    account: &Account,
    page: zk_domain::CarePageId,
    client: zk_domain::ClientRecordId,
    relation: Option<zk_domain::network::Relation>,
) -> AppResult<Pending> {
    let role = relation.map_or(ActorRole::Client, ActorRole::Representative);
    let mut e = by_account(
        app,
        account,
        role,
        DataCategory::CarePage,
        &current_source(),
    );
    e.action = AuditAction::Update;
    e.care_page_id = Some(page);
    e.client_record_id = Some(client);
    e.kind = Some(AuditKind::HandOver);
    Ok(Pending::new(app, vec![e]))
}

/// The record that `by` ends the connection in `found`: as staff on the provider's behalf, or as
/// a manager of the care page.
pub async fn unlinking(
    app: &App,
    found: &crate::unlinking::Unlinkable,
    by: &Account,
    kind: zk_store::EndedBy,
) -> AppResult<Pending> {
    let c = &found.connection;
    let mut e = match kind {
        zk_store::EndedBy::Staff => {
            let mut e = by_account(
                app,
                by,
                ActorRole::ProviderStaff,
                DataCategory::CarePage,
                &current_source(),
            );
            e.on_behalf_of = Some(c.provider_id);
            e.ground = Ground::CareRelationship;
            e
        }
        zk_store::EndedBy::Beheerder => {
            let access = crate::network::access(app, by, &found.page).await?;
            let role = match access {
                Some(a) => role_of(app, by, &found.page, a).await?,
                None => ActorRole::Outsider,
            };
            by_account(app, by, role, DataCategory::CarePage, &current_source())
        }
    };
    e.action = AuditAction::Delete;
    e.care_page_id = Some(c.care_page_id);
    e.client_record_id = Some(c.client_record_id);
    e.resource_id = Some(c.id.to_string());
    e.kind = Some(AuditKind::Unlinking);
    Ok(Pending::new(app, vec![e]))
}

/// The record that `account` connects `page` to a provider with a letter (`connection`): as the
/// client, or as the client's representative when it manages the page for them.
pub fn connected(
    app: &App,
    account: &Account,
    page: &CarePage,
    connection: &zk_domain::account::Connection,
) -> AuditEvent {
    let role = page
        .beheerder_relation
        .map_or(ActorRole::Client, ActorRole::Representative);
    let mut e = by_account(
        app,
        account,
        role,
        DataCategory::CarePage,
        &current_source(),
    );
    e.action = AuditAction::Create;
    e.care_page_id = Some(page.id);
    e.client_record_id = Some(connection.client_record_id);
    e.resource_id = Some(connection.id.to_string());
    e.kind = Some(AuditKind::Connected);
    e
}

/// The records of a registration's end: the account made with its care page, and, with a
/// letter, the page's connection to the provider.
pub fn account_created(
    app: &App,
    account: &Account,
    page: &CarePage,
    connection: Option<&zk_domain::account::Connection>,
) -> Pending {
    let mut made =
        super::security::event(app, account, AuditKind::AccountCreated, AuditAction::Create);
    made.care_page_id = Some(page.id);
    let mut events = vec![made];
    events.extend(connection.map(|c| connected(app, account, page, c)));
    Pending::new(app, events)
}
