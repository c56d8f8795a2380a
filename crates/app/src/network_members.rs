//! A care page's network as its people see it (SPEC S6): who is in it, and what the beheerder
//! or a co-beheerder may change. Members see names and relations only; contact details only
//! when allowed. A member can leave; the managers change or remove members, and every change
//! is confirmed by e-mail to the person it affects.

use crate::audit::changes::{self, Change};
use crate::invitations::{managed, open_invitations};
use crate::network::{access, pages_of};
use crate::network_mail::{NetworkMails, NetworkNotice, message};
use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::{AuditAction, AuditKind};
use zk_domain::invitation::Invitation;
use zk_domain::network::{Access, Member, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, CarePageId};

/// Members listed on the network page; a network is a handful of people.
pub const MEMBERS_LISTED: u32 = 100;

/// One person in the network as the viewer may see them.
pub struct Person {
    pub account_id: AccountId,
    pub name: String,
    /// `None` for the beheerder who manages for someone else's page without a relation given.
    pub relation: Option<Relation>,
    /// Only when the viewer may see contact details.
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The member's own settings; `None` for the beheerder. Shown to managers only.
    pub member: Option<Member>,
    pub is_viewer: bool,
}

pub struct NetworkView {
    pub page: CarePage,
    pub access: Access,
    /// All the viewer's care pages, for the switcher.
    pub pages: Vec<CarePage>,
    /// The beheerder first, then the members in the order they joined. Empty for a vacant page.
    pub people: Vec<Person>,
    /// Open invitations; only for those who manage the page.
    pub invitations: Vec<Invitation>,
}

fn person(account: &Account, viewer: &Account, access: Access) -> Person {
    let contacts = access.sees_contacts || account.id == viewer.id;
    Person {
        account_id: account.id,
        name: account.full_name(),
        relation: None,
        email: contacts.then(|| account.email.clone()),
        phone: if contacts {
            account.phone.clone()
        } else {
            None
        },
        member: None,
        is_viewer: account.id == viewer.id,
    }
}

/// The network of `selected` (or of the viewer's first care page).
pub async fn view(
    app: &App,
    viewer: &Account,
    selected: Option<CarePageId>,
) -> AppResult<NetworkView> {
    let all = pages_of(app, viewer).await?;
    let found = match selected {
        Some(id) => all.iter().find(|(p, _)| p.id == id),
        None => all.first(),
    };
    let Some((page, access)) = found.cloned() else {
        return Err(AppError::NotFound("care page"));
    };
    let mut people = Vec::new();
    if page.vacant_since.is_none()
        && let Some(b) = app.store.get_account(page.beheerder).await?
    {
        let mut p = person(&b, viewer, access);
        p.relation = page.beheerder_relation;
        people.push(p);
    }
    let members = app
        .store
        .members_of(page.id, &PageRequest::first(MEMBERS_LISTED))
        .await?
        .items;
    for m in members {
        if let Some(a) = app.store.get_account(m.account_id).await? {
            let mut p = person(&a, viewer, access);
            p.relation = Some(m.relation);
            p.member = access.manages().then_some(m);
            people.push(p);
        }
    }
    let invitations = if access.manages() {
        open_invitations(app, page.id).await?
    } else {
        Vec::new()
    };
    Ok(NetworkView {
        pages: all.into_iter().map(|(p, _)| p).collect(),
        page,
        access,
        people,
        invitations,
    })
}

/// A member of a page the account manages, with the member's account; anything else is "not
/// found".
pub async fn managed_member(
    app: &App,
    manager: &Account,
    page: CarePageId,
    member: AccountId,
) -> AppResult<(CarePage, Member, Account)> {
    let (page, _) = managed(app, manager, page).await?;
    let Some(m) = app.store.get_member(page.id, member).await? else {
        return Err(AppError::NotFound("member"));
    };
    let Some(a) = app.store.get_account(member).await? else {
        return Err(AppError::NotFound("member"));
    };
    Ok((page, m, a))
}

/// What a manager may change of a member.
pub struct MemberChange {
    pub relation: Relation,
    pub permissions: Permissions,
    pub co_beheerder: bool,
    pub sees_contacts: bool,
}

/// Changes a member; the member is told. Takes effect on their next request.
pub async fn change(
    app: &App,
    manager: &Account,
    page: CarePageId,
    member: AccountId,
    to: MemberChange,
    mails: &dyn NetworkMails,
) -> AppResult<bool> {
    let (_, m, a) = managed_member(app, manager, page, member).await?;
    let changed = Member {
        relation: to.relation,
        permissions: to.permissions,
        co_beheerder: to.co_beheerder,
        sees_contacts: to.sees_contacts,
        ..m
    };
    let mail = mails.notice(
        &a.language,
        NetworkNotice::Changed,
        &a.first_name,
        &manager.full_name(),
    );
    let change = Change::network(AuditAction::Update, AuditKind::MemberPermissions, member.0);
    let audit = changes::on_page_id(app, manager, page, change).await?;
    Ok(app
        .store
        .update_member(
            &changed,
            &[message(&a.email, &mail, app.now())],
            audit.audit(),
        )
        .await?)
}

/// Removes a member; the member is told. Their next request no longer shows the page.
pub async fn remove(
    app: &App,
    manager: &Account,
    page: CarePageId,
    member: AccountId,
    mails: &dyn NetworkMails,
) -> AppResult<bool> {
    let (_, _, a) = managed_member(app, manager, page, member).await?;
    let mail = mails.notice(
        &a.language,
        NetworkNotice::Removed,
        &a.first_name,
        &manager.full_name(),
    );
    let change = Change::network(AuditAction::Delete, AuditKind::MemberRemoved, member.0);
    let audit = changes::on_page_id(app, manager, page, change).await?;
    Ok(app
        .store
        .remove_member(
            page,
            member,
            &[message(&a.email, &mail, app.now())],
            audit.audit(),
        )
        .await?)
}

/// The page the account is a member of (not the one it manages as beheerder).
pub async fn membership(app: &App, account: &Account, page: CarePageId) -> AppResult<CarePage> {
    let Some(page) = app.store.get_care_page(page).await? else {
        return Err(AppError::NotFound("care page"));
    };
    match access(app, account, &page).await? {
        Some(a) if a.role != zk_domain::network::PageRole::Beheerder => Ok(page),
        _ => Err(AppError::NotFound("care page")),
    }
}

/// The account leaves the network of `page`; the beheerder is told.
pub async fn leave(
    app: &App,
    account: &Account,
    page: CarePageId,
    mails: &dyn NetworkMails,
) -> AppResult<bool> {
    let page = membership(app, account, page).await?;
    let mut messages = Vec::new();
    if page.vacant_since.is_none()
        && let Some(b) = app.store.get_account(page.beheerder).await?
    {
        let mail = mails.notice(
            &b.language,
            NetworkNotice::Left,
            &b.first_name,
            &account.full_name(),
        );
        messages.push(message(&b.email, &mail, app.now()));
    }
    let change = Change::network(AuditAction::Delete, AuditKind::MemberLeft, account.id.0);
    let audit = changes::on_page_id(app, account, page.id, change).await?;
    Ok(app
        .store
        .remove_member(page.id, account.id, &messages, audit.audit())
        .await?)
}
