//! What the support desk behind "inlogproblemen" needs, for the operator's command line: look an
//! account up by e-mail address (its second factors, the failed-login state per network and
//! sessions), lift the failed-login waits, and end all its sessions.

use crate::password_check::{self, NetworkState};
use crate::{App, AppResult};
use zk_domain::SessionId;
use zk_domain::account::{Account, normalize_email};
use zk_domain::audit::{ActorRole, AuditAction, AuditEvent, AuditKind, Source};
use zk_domain::page::PageRequest;
use zk_domain::phone::PhoneNumber;

/// An account as the support desk sees it: no password hash, no full phone number.
#[derive(Clone, Debug)]
pub struct AccountReport {
    pub name: String,
    pub email: String,
    pub created_at: jiff::Timestamp,
    /// The phone, masked, and whether it is verified.
    pub phone: Option<(String, bool)>,
    /// An authenticator app is set up.
    pub authenticator: bool,
    pub passkeys: u32,
    /// Failed logins in the last day, all networks together.
    pub failed_logins: u32,
    /// Each network logins for this address failed from, most failures first. A login from any
    /// other network is not held back by them.
    pub networks: Vec<NetworkState>,
    /// With `lookup_from`: how a login from that client address would fare now.
    pub from: Option<FromAddress>,
    pub active_sessions: usize,
}

/// A login for the account from one client address, as it would fare now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromAddress {
    /// The address's own counters from that network.
    pub network: NetworkState,
    /// The client address itself must wait (failures for any address) until then.
    pub address_waits_until: Option<jiff::Timestamp>,
}

async fn account(app: &App, email: &str) -> AppResult<Option<Account>> {
    app.store
        .find_account_by_email(&normalize_email(email))
        .await
        .map_err(Into::into)
}

pub async fn lookup(app: &App, email: &str) -> AppResult<Option<AccountReport>> {
    lookup_from(app, email, None).await
}

/// [`lookup`], and with `ip` also how a login from that client address would fare now (the
/// counters keep only keyed hashes, so this is how to find the caller's own network).
pub async fn lookup_from(
    app: &App,
    email: &str,
    ip: Option<&str>,
) -> AppResult<Option<AccountReport>> {
    let Some(a) = account(app, email).await? else {
        return Ok(None);
    };
    let networks = password_check::networks_of(app, &a.email).await?;
    let from = match ip {
        Some(ip) => {
            let (network, address_waits_until) =
                password_check::state_from(app, &a.email, ip).await?;
            Some(FromAddress {
                network,
                address_waits_until,
            })
        }
        None => None,
    };
    let sessions = app
        .store
        .sessions_of(a.id, app.now(), &PageRequest::first(100))
        .await?;
    let phone = a.phone.as_deref().map(|p| {
        let masked = PhoneNumber::parse_mobile(p)
            .map(|n| n.masked())
            .unwrap_or_else(|_| "(invalid)".into());
        (masked, a.phone_verified_at.is_some())
    });
    Ok(Some(AccountReport {
        name: a.full_name(),
        email: a.email.clone(),
        created_at: a.created_at,
        phone,
        authenticator: a.has_authenticator,
        passkeys: a.passkeys,
        failed_logins: networks.iter().map(|n| n.failures).sum(),
        networks,
        from,
        active_sessions: sessions.items.len(),
    }))
}

/// What the support desk did to `account`, by the operator on the command line.
fn by_operator(app: &App, account: &Account, kind: AuditKind, action: AuditAction) -> AuditEvent {
    let mut e = crate::audit::security::event(app, account, kind, action);
    e.actor_id = None;
    e.actor_name = "zorgkring account".into();
    e.role = ActorRole::Operator;
    e.resource_id = Some(format!("account {}", account.id));
    e.source = Source {
        ip: "local".into(),
        user_agent: "command line".into(),
    };
    e
}

/// Lifts the failed-login waits of an account from every network, recorded first. Returns false when there is no
/// such account.
pub async fn unlock(app: &App, email: &str) -> AppResult<bool> {
    let Some(a) = account(app, email).await? else {
        return Ok(false);
    };
    let e = by_operator(app, &a, AuditKind::Login, AuditAction::Update);
    crate::audit::record(app, &[e]).await?;
    password_check::clear_address(app, &a.email).await?;
    Ok(true)
}

/// Ends every session of an account, recorded with it; `None` when there is no such account.
pub async fn end_sessions(app: &App, email: &str) -> AppResult<Option<u64>> {
    let Some(a) = account(app, email).await? else {
        return Ok(None);
    };
    let e = by_operator(app, &a, AuditKind::SessionEnded, AuditAction::Delete);
    let pending = crate::audit::Pending::new(app, vec![e]);
    // "Keep" a session id that exists nowhere, so that every session ends.
    Ok(Some(
        app.store
            .end_other_sessions(a.id, SessionId::new(), pending.audit())
            .await?,
    ))
}
