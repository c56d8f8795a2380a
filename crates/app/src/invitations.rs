//! Inviting people into a care page's network (SPEC S6): the beheerder or a co-beheerder
//! invites by name, e-mail, language, relation and permissions; the link works once, for seven
//! days. The invitee accepts with any account (the address invited need not be the account's:
//! people often have more than one), or declines. Withdrawing or re-sending kills the old link.

use crate::audit::changes::{self, Change};
use crate::limits::{self, Limit};
use crate::network::access;
use crate::network_mail::{NetworkMails, NetworkNotice, message};
use crate::providers::email as check_email;
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppError, AppResult};
use jiff::SignedDuration;
use zk_domain::account::{Account, CarePage, normalize_email};
use zk_domain::audit::{AuditAction, AuditKind};
use zk_domain::invitation::{INVITATION_LIFETIME, Invitation, InvitationState};
use zk_domain::network::{Member, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, InvitationId};
use zk_store::{OutgoingMessage, StoreError};

/// Invitations per account per hour: each one mails an address the inviter typed.
pub const INVITATIONS: Limit = Limit {
    scope: "invitation",
    free: 20,
    window: SignedDuration::from_hours(1),
};
/// Open invitations listed on the network page; a network is a handful of people.
pub const INVITATIONS_LISTED: u32 = 100;

/// What the inviter filled in.
pub struct InviteInput<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub language: &'a str,
    pub relation: Option<Relation>,
    pub permissions: Permissions,
    pub sees_contacts: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteRefusal {
    NameMissing,
    EmailInvalid,
    LanguageInvalid,
    RelationMissing,
    /// The address is the inviter's own, or the beheerder's.
    OwnAddress,
    /// An account with that address is in the network already.
    AlreadyMember,
    /// That address has an open, unexpired invitation for this page already.
    AlreadyInvited,
    TooMany,
}

/// The care page and the access of an account that manages it; anything else is "not found",
/// exactly like a page that does not exist.
pub async fn managed(
    app: &App,
    account: &Account,
    page: CarePageId,
) -> AppResult<(CarePage, zk_domain::network::Access)> {
    let Some(page) = app.store.get_care_page(page).await? else {
        return Err(AppError::NotFound("care page"));
    };
    match access(app, account, &page).await? {
        Some(a) if a.manages() => Ok((page, a)),
        _ => Err(AppError::NotFound("care page")),
    }
}

fn link(base_url: &str, token: &str) -> String {
    format!("{}/uitnodiging/{token}", base_url.trim_end_matches('/'))
}

/// Sends an invitation for `page` from `account`.
pub async fn invite(
    app: &App,
    account: &Account,
    page: CarePageId,
    input: &InviteInput<'_>,
    base_url: &str,
    mails: &dyn NetworkMails,
) -> AppResult<Result<Invitation, InviteRefusal>> {
    let (page, access) = managed(app, account, page).await?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Ok(Err(InviteRefusal::NameMissing));
    }
    let Ok(email) = check_email("email", input.email).map(|e| normalize_email(&e)) else {
        return Ok(Err(InviteRefusal::EmailInvalid));
    };
    if !matches!(input.language, "nl" | "en") {
        return Ok(Err(InviteRefusal::LanguageInvalid));
    }
    let Some(relation) = input.relation else {
        return Ok(Err(InviteRefusal::RelationMissing));
    };
    let beheerder = app.store.get_account(page.beheerder).await?;
    if email == account.email || beheerder.is_some_and(|b| b.email == email) {
        return Ok(Err(InviteRefusal::OwnAddress));
    }
    if let Some(existing) = app.store.find_account_by_email(&email).await?
        && app.store.get_member(page.id, existing.id).await?.is_some()
    {
        return Ok(Err(InviteRefusal::AlreadyMember));
    }
    let now = app.now();
    let open = open_invitations(app, page.id).await?;
    if open.iter().any(|i| i.email == email && i.usable(now)) {
        return Ok(Err(InviteRefusal::AlreadyInvited));
    }
    let key = app.key.keyed_hex("invitation", &account.id.to_string());
    if limits::fail(app, &INVITATIONS, &key).await? > INVITATIONS.free {
        return Ok(Err(InviteRefusal::TooMany));
    }
    let invitation = Invitation {
        id: InvitationId::new(),
        care_page_id: page.id,
        invited_by: account.id,
        name: name.to_owned(),
        email,
        language: input.language.to_owned(),
        relation,
        permissions: input.permissions,
        sees_contacts: input.sees_contacts,
        created_at: now,
        expires_at: now + INVITATION_LIFETIME,
        state: InvitationState::Open,
    };
    let change = Change::network(AuditAction::Create, AuditKind::Invite, invitation.id);
    let pending = changes::on_page(app, account, &page, Some(access), change).await?;
    let (token, hash) = new_token();
    let mail = mails.invitation(
        &invitation.language,
        &invitation.name,
        &account.full_name(),
        &link(base_url, &token),
        invitation.expires_at,
    );
    app.store
        .create_invitation(
            &invitation,
            &hash,
            &[message(&invitation.email, &mail, now)],
            pending.audit(),
        )
        .await?;
    Ok(Ok(invitation))
}

/// A page's open invitations, expired ones too (they can be sent again).
pub async fn open_invitations(app: &App, page: CarePageId) -> AppResult<Vec<Invitation>> {
    Ok(app
        .store
        .open_invitations_of(page, &PageRequest::first(INVITATIONS_LISTED))
        .await?
        .items)
}

/// An open invitation of a page the account manages; another page's is "not found".
async fn managed_invitation(
    app: &App,
    account: &Account,
    page: CarePageId,
    id: InvitationId,
) -> AppResult<Invitation> {
    managed(app, account, page).await?;
    match app.store.get_invitation(id).await? {
        Some(i) if i.care_page_id == page && i.state == InvitationState::Open => Ok(i),
        _ => Err(AppError::NotFound("invitation")),
    }
}

/// Withdraws an open invitation; the invitee is told. False when it was decided meanwhile.
pub async fn withdraw(
    app: &App,
    account: &Account,
    page: CarePageId,
    id: InvitationId,
    mails: &dyn NetworkMails,
) -> AppResult<bool> {
    let i = managed_invitation(app, account, page, id).await?;
    let now = app.now();
    let mail = mails.notice(
        &i.language,
        NetworkNotice::Withdrawn,
        &i.name,
        &account.full_name(),
    );
    let change = Change::network(AuditAction::Delete, AuditKind::InviteWithdraw, id);
    let pending = changes::on_page_id(app, account, page, change).await?;
    Ok(app
        .store
        .withdraw_invitation(id, now, &[message(&i.email, &mail, now)], pending.audit())
        .await?)
}

/// Sends an open invitation again with a new link, valid seven days from now; the old link
/// stops working. False when it was decided meanwhile. Counts against the same hourly limit
/// as new invitations: each one mails an address.
pub async fn resend(
    app: &App,
    account: &Account,
    page: CarePageId,
    id: InvitationId,
    base_url: &str,
    mails: &dyn NetworkMails,
) -> AppResult<Result<bool, InviteRefusal>> {
    let i = managed_invitation(app, account, page, id).await?;
    let key = app.key.keyed_hex("invitation", &account.id.to_string());
    if limits::fail(app, &INVITATIONS, &key).await? > INVITATIONS.free {
        return Ok(Err(InviteRefusal::TooMany));
    }
    let now = app.now();
    let until = now + INVITATION_LIFETIME;
    let (token, hash) = new_token();
    let mail = mails.invitation(
        &i.language,
        &i.name,
        &account.full_name(),
        &link(base_url, &token),
        until,
    );
    Ok(Ok(app
        .store
        .resend_invitation(id, &hash, until, &[message(&i.email, &mail, now)])
        .await?))
}

/// What the link of an invitation shows.
pub enum Lookup {
    /// No invitation has this link (never, or it was sent again).
    Unknown,
    /// Still open and unexpired.
    Usable(Details),
    /// Accepted, declined, withdrawn or expired: the page names who to ask.
    Dead(Details),
}

pub struct Details {
    pub invitation: Invitation,
    pub inviter_name: String,
    pub page: CarePage,
}

pub async fn lookup(app: &App, token: &str) -> AppResult<Lookup> {
    if !looks_like_token(token) {
        return Ok(Lookup::Unknown);
    }
    let Some(invitation) = app
        .store
        .find_invitation_by_token(&hash_token(token))
        .await?
    else {
        return Ok(Lookup::Unknown);
    };
    let Some(page) = app.store.get_care_page(invitation.care_page_id).await? else {
        return Ok(Lookup::Unknown);
    };
    let inviter_name = app
        .store
        .get_account(invitation.invited_by)
        .await?
        .map(|a| a.full_name())
        .unwrap_or_default();
    let usable = invitation.usable(app.now());
    let details = Details {
        invitation,
        inviter_name,
        page,
    };
    Ok(if usable {
        Lookup::Usable(details)
    } else {
        Lookup::Dead(details)
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Accepted(CarePageId),
    Declined,
    /// Used, withdrawn, expired or unknown meanwhile.
    NotUsable,
    /// The account is in this network already, or manages the page.
    AlreadyIn,
}

/// The e-mails to the people who manage the page: the beheerder, and the inviter when that was
/// a co-beheerder.
async fn tell_managers(
    app: &App,
    i: &Invitation,
    page: &CarePage,
    notice: NetworkNotice,
    who: &str,
    mails: &dyn NetworkMails,
) -> AppResult<Vec<OutgoingMessage>> {
    let now = app.now();
    let mut out = Vec::new();
    let mut to = vec![page.beheerder];
    if i.invited_by != page.beheerder {
        to.push(i.invited_by);
    }
    for id in to {
        if let Some(a) = app.store.get_account(id).await? {
            let mail = mails.notice(&a.language, notice, &a.first_name, who);
            out.push(message(&a.email, &mail, now));
        }
    }
    Ok(out)
}

/// Accepts the invitation behind `token` as `account`.
pub async fn accept(
    app: &App,
    account: &Account,
    token: &str,
    mails: &dyn NetworkMails,
) -> AppResult<Answer> {
    let Lookup::Usable(d) = lookup(app, token).await? else {
        return Ok(Answer::NotUsable);
    };
    if access(app, account, &d.page).await?.is_some() {
        return Ok(Answer::AlreadyIn);
    }
    let now = app.now();
    let i = &d.invitation;
    let member = Member {
        care_page_id: i.care_page_id,
        account_id: account.id,
        relation: i.relation,
        permissions: i.permissions,
        co_beheerder: false,
        sees_contacts: i.sees_contacts,
        joined_at: now,
    };
    let who = account.full_name();
    let messages = tell_managers(app, i, &d.page, NetworkNotice::Accepted, &who, mails).await?;
    let change = Change::network(AuditAction::Update, AuditKind::InviteAccept, i.id);
    let pending = changes::on_page(app, account, &d.page, None, change).await?;
    match app
        .store
        .accept_invitation(i.id, &member, now, &messages, pending.audit())
        .await
    {
        Ok(true) => Ok(Answer::Accepted(i.care_page_id)),
        Ok(false) => Ok(Answer::NotUsable),
        Err(StoreError::Conflict(_)) => Ok(Answer::AlreadyIn),
        Err(e) => Err(e.into()),
    }
}

/// Declines the invitation behind `token`. Needs no account: saying no should not ask for one.
pub async fn decline(app: &App, token: &str, mails: &dyn NetworkMails) -> AppResult<Answer> {
    let Lookup::Usable(d) = lookup(app, token).await? else {
        return Ok(Answer::NotUsable);
    };
    let i = &d.invitation;
    let messages = tell_managers(app, i, &d.page, NetworkNotice::Declined, &i.name, mails).await?;
    let change = Change::network(AuditAction::Update, AuditKind::InviteDecline, i.id);
    let pending = changes::by_invitee(app, &d.page, &i.name, change);
    Ok(
        if app
            .store
            .decline_invitation(i.id, app.now(), &messages, pending.audit())
            .await?
        {
            Answer::Declined
        } else {
            Answer::NotUsable
        },
    )
}
