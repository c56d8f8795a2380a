//! The provider admin's staff management (SPEC S8): the staff list, changing a member's role
//! and removing a member, each with an e-mail to that member; never the last admin of a
//! provider (the store checks it in the transaction that makes the change). Also the
//! provider's connections, for the secretariat and the admin.

use crate::registration::RenderedMail;
use crate::{App, AppError, AppResult};
use zk_domain::account::Account;
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::Provider;
use zk_domain::{AccountId, ProviderId};
use zk_store::{
    OutgoingMessage, ProviderConnection, StaffChange, StaffChangeOutcome, StaffListing,
};

/// A page of a provider's staff, ordered by account id.
pub async fn list_staff(
    app: &App,
    provider: ProviderId,
    page: &PageRequest,
) -> AppResult<Page<StaffListing>> {
    Ok(app.store.list_staff(provider, page).await?)
}

/// The member `account` of `provider`, with their account; NotFound when they are none.
pub async fn member(
    app: &App,
    provider: ProviderId,
    account: AccountId,
) -> AppResult<(Account, zk_store::StaffMembership)> {
    let membership = app
        .store
        .staff_membership(account, provider)
        .await?
        .ok_or(AppError::NotFound("staff member"))?;
    let account = app
        .store
        .get_account(account)
        .await?
        .ok_or(AppError::NotFound("staff member"))?;
    Ok((account, membership))
}

/// Changes a member's role or removes them, and e-mails them what changed (`render` writes the
/// mail). Giving a member the role they have changes nothing and sends nothing. `LastAdmin`:
/// refused, because the provider would have no admin left.
pub async fn change_staff(
    app: &App,
    provider: &Provider,
    account: AccountId,
    change: StaffChange,
    render: impl FnOnce(&Account, &Provider, StaffChange) -> RenderedMail,
) -> AppResult<StaffChangeOutcome> {
    let (account, membership) = match member(app, provider.id, account).await {
        Ok(found) => found,
        Err(AppError::NotFound(_)) => return Ok(StaffChangeOutcome::NotMember),
        Err(e) => return Err(e),
    };
    if change == StaffChange::Role(membership.role) {
        return Ok(StaffChangeOutcome::Done);
    }
    let mail = render(&account, provider, change);
    let message = OutgoingMessage::mail(
        &account.email,
        &mail.subject,
        &mail.text,
        Some(&mail.html),
        app.now(),
    );
    Ok(app
        .store
        .change_staff(provider.id, account.id, change, &message)
        .await?)
}

/// A page of the provider's connections, newest first.
pub async fn connections(
    app: &App,
    provider: ProviderId,
    page: &PageRequest,
) -> AppResult<Page<ProviderConnection>> {
    Ok(app.store.list_provider_connections(provider, page).await?)
}
