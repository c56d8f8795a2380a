//! Deleting one's own account (SPEC S4, S9): after the password once more, in one transaction
//! the account's sessions, second factors, passkeys, recovery codes and memberships go; the
//! care pages it manages become vacant (they stay with the provider until a new letter gives
//! them a beheerder) and lose their network; the account row becomes a tombstone.
//!
//! What is kept, and why: the tombstone row (id, language, creation and deletion dates) because
//! care pages, connections, letters and ended connections point at it; the care pages and
//! their connections, because the client's record at the provider continues; the history of
//! ended connections, which the provider must be able to account for. Nothing in them names
//! the person who deleted the account: names, e-mail address, phone and password are gone.

use crate::reauth::{ReauthRefusal, check_password_again};
use crate::registration::RenderedMail;
use crate::sessions::Authenticated;
use crate::unlinking::managers_of;
use crate::{App, AppResult};
use std::collections::HashSet;
use zk_domain::AccountId;
use zk_domain::account::Account;
use zk_domain::audit::{AuditAction, AuditKind};
use zk_domain::page::PageRequest;
use zk_store::{AccountDeletion, OutgoingMessage};

/// Pages read per request while collecting whom to tell.
const PER_READ: u32 = 100;

/// Whom an e-mail about a deletion goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeletionMail {
    /// The deleted account's own (old) address: it is done.
    Deleted,
    /// A member of a care page the account managed: they cannot see that page any more.
    PageClosed,
    /// Someone who manages a care page the account was a member of; `name` is who left.
    MemberLeft { name: String },
}

/// Why an account was not deleted. Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeletionRefusal {
    Password(ReauthRefusal),
    /// The account is on a provider's staff: an admin of the provider ends that first, so a
    /// provider is never left without its admin by a deletion it did not see.
    StaffMember,
}

/// Whether the account can delete itself now (staff members cannot; see `StaffMember`).
pub async fn may_delete(app: &App, account: &Account) -> AppResult<bool> {
    Ok(crate::staff::memberships(app, account.id).await?.is_empty())
}

/// The address a tombstone gets: unique, and not an address anyone can have (`.invalid`).
pub fn tombstone_email(id: AccountId) -> String {
    format!("deleted-{id}@invalid")
}

/// Stored instead of a password hash: not a PHC string, so no password ever matches it.
pub const UNUSABLE_PASSWORD_HASH: &str = "!deleted";

/// Everyone to tell, with what to tell them: each person once per kind of news (someone who
/// was in the account's network and also manages a page it was in gets both).
async fn recipients(app: &App, account: &Account) -> AppResult<Vec<(Account, DeletionMail)>> {
    let mut told: HashSet<AccountId> = HashSet::from([account.id]);
    let mut out = Vec::new();
    let mut request = PageRequest::first(PER_READ);
    loop {
        let pages = app.store.care_pages_of(account.id, &request).await?;
        for page in pages.items.iter().filter(|p| p.vacant_since.is_none()) {
            let mut members = PageRequest::first(PER_READ);
            loop {
                let found = app.store.members_of(page.id, &members).await?;
                for m in &found.items {
                    if told.insert(m.account_id)
                        && let Some(a) = app.store.get_account(m.account_id).await?
                    {
                        out.push((a, DeletionMail::PageClosed));
                    }
                }
                match found.next {
                    Some(next) => members = PageRequest::after(next, PER_READ),
                    None => break,
                }
            }
        }
        match pages.next {
            Some(next) => request = PageRequest::after(next, PER_READ),
            None => break,
        }
    }
    let mut told: HashSet<AccountId> = HashSet::from([account.id]);
    let mut request = PageRequest::first(PER_READ);
    loop {
        let memberships = app.store.memberships_of(account.id, &request).await?;
        for m in &memberships.items {
            let Some(page) = app.store.get_care_page(m.care_page_id).await? else {
                continue;
            };
            for manager in managers_of(app, &page).await? {
                if told.insert(manager.id) {
                    let name = account.full_name();
                    out.push((manager, DeletionMail::MemberLeft { name }));
                }
            }
        }
        match memberships.next {
            Some(next) => request = PageRequest::after(next, PER_READ),
            None => break,
        }
    }
    Ok(out)
}

/// Deletes the account of `user` when `password` is right (checked from `ip` like a login); a
/// wrong password (or too many), or a staff membership, changes nothing. `render` writes each e-mail in its recipient's
/// language.
pub async fn delete_account(
    app: &App,
    user: &Authenticated,
    password: &str,
    ip: &str,
    render: impl Fn(&Account, &DeletionMail) -> RenderedMail,
) -> AppResult<Result<(), DeletionRefusal>> {
    if !may_delete(app, &user.account).await? {
        return Ok(Err(DeletionRefusal::StaffMember));
    }
    if let Err(refusal) = check_password_again(app, user, password, ip).await? {
        return Ok(Err(DeletionRefusal::Password(refusal)));
    }
    let account = &user.account;
    let now = app.now();
    let mail = |to: &Account, what: &DeletionMail| {
        let m = render(to, what);
        OutgoingMessage::mail(&to.email, &m.subject, &m.text, Some(&m.html), now)
    };
    let mut messages = vec![mail(account, &DeletionMail::Deleted)];
    for (to, what) in recipients(app, account).await? {
        messages.push(mail(&to, &what));
    }
    let deletion = AccountDeletion {
        account: account.id,
        tombstone_email: tombstone_email(account.id),
        unusable_password_hash: UNUSABLE_PASSWORD_HASH.into(),
        at: now,
    };
    let (kind, action) = (AuditKind::AccountDeletion, AuditAction::Delete);
    let pending = crate::audit::security::change(app, account, kind, action);
    // False only when a second request deleted it a moment ago: done either way (and recorded
    // once, by the request that deleted it).
    app.store
        .delete_account(&deletion, &messages, pending.audit())
        .await?;
    Ok(Ok(()))
}
