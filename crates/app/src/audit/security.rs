//! Security events of accounts (SPEC S7 and S9): logins, second factors, password, e-mail and
//! phone changes, factors, recovery codes, ended sessions and deleted accounts.
//!
//! Events that grant access (a login, a second factor) are recorded before the access is
//! granted: when the record cannot be written, there is no access. Changes of the account (its
//! password, address, phone, second factors, recovery codes, sessions, the account itself)
//! are recorded by the store write that makes them, in the same transaction ([`change`]): when
//! the record cannot be written, the change is not made and the account holder gets an error.
//!
//! Where a request came from is set once per request by the web layer ([`with_source`]), so the
//! use cases need not carry it through every call.

use super::{Pending, now, record};
use crate::{App, AppResult};
use std::future::Future;
use zk_domain::account::Account;
use zk_domain::audit::*;

tokio::task_local! {
    static SOURCE: Source;
}

/// Runs `f` with `source` as the origin of every event it records.
pub async fn with_source<F: Future>(source: Source, f: F) -> F::Output {
    SOURCE.scope(source, f).await
}

/// Where the current request came from; empty outside a request (the command line, tests).
pub fn current_source() -> Source {
    SOURCE.try_with(Clone::clone).unwrap_or_default()
}

/// An event of the account holder on their own account.
pub fn event(app: &App, account: &Account, kind: AuditKind, action: AuditAction) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        action,
        at: now(app),
        care_page_id: None,
        client_record_id: None,
        actor_id: Some(account.id.0),
        actor_name: account.full_name(),
        role: ActorRole::AccountHolder,
        on_behalf_of: None,
        ground: Ground::Authorisation,
        category: DataCategory::Account,
        resource_id: None,
        source: current_source(),
        outcome: Outcome::Success,
        kind: Some(kind),
    }
}

/// Records a successful step that grants access. An error means nothing was recorded: the
/// caller must not grant the access.
pub async fn granted(app: &App, account: &Account, kind: AuditKind) -> AppResult<()> {
    record(app, &[event(app, account, kind, AuditAction::Execute)]).await
}

/// Records a failed second step of the account (a wrong code): the account is known here,
/// since its password was right.
pub async fn failed(app: &App, account: &Account, kind: AuditKind) -> AppResult<()> {
    let mut e = event(app, account, kind, AuditAction::Execute);
    e.outcome = Outcome::Failed;
    record(app, &[e]).await
}

/// Records a refused login. It names no account, only a keyed hash of the address typed, so
/// the trail never tells whether an address has an account; with the server key an operator
/// can still find all tries on one address.
pub async fn login_refused(app: &App, address_key: &str, outcome: Outcome) -> AppResult<()> {
    let e = AuditEvent {
        id: AuditEventId::new(),
        action: AuditAction::Execute,
        at: now(app),
        care_page_id: None,
        client_record_id: None,
        actor_id: None,
        actor_name: String::new(),
        role: ActorRole::Anonymous,
        on_behalf_of: None,
        ground: Ground::Authorisation,
        category: DataCategory::Account,
        resource_id: Some(address_key.to_owned()),
        source: current_source(),
        outcome,
        kind: Some(AuditKind::Login),
    };
    record(app, &[e]).await
}

/// The record of a change the account holder makes (or that is made to their account), to hand
/// to the store write that makes it ([`Pending::audit`]).
pub fn change(app: &App, account: &Account, kind: AuditKind, action: AuditAction) -> Pending {
    Pending::new(app, vec![event(app, account, kind, action)])
}
