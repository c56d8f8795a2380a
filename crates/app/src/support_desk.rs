//! What the support desk behind "inlogproblemen" needs, for the operator's command line: look an
//! account up by e-mail address (its second factors, lock state and sessions), lift the
//! failed-login wait, and end all its sessions.

use crate::limits::{self};
use crate::sessions::LOGIN_PER_ACCOUNT;
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
    pub failed_logins: u32,
    pub waiting_until: Option<jiff::Timestamp>,
    pub active_sessions: usize,
}

async fn account(app: &App, email: &str) -> AppResult<Option<Account>> {
    app.store
        .find_account_by_email(&normalize_email(email))
        .await
        .map_err(Into::into)
}

fn login_key(app: &App, account: &Account) -> String {
    app.key.keyed_hex("login-email", &account.email)
}

pub async fn lookup(app: &App, email: &str) -> AppResult<Option<AccountReport>> {
    let Some(a) = account(app, email).await? else {
        return Ok(None);
    };
    let key = login_key(app, &a);
    let state = app
        .store
        .attempt_state(
            LOGIN_PER_ACCOUNT.scope,
            &key,
            app.now(),
            LOGIN_PER_ACCOUNT.window,
        )
        .await?;
    let waiting_until = limits::blocked_until(app, &LOGIN_PER_ACCOUNT, &key).await?;
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
        failed_logins: state.map_or(0, |s| s.failures),
        waiting_until,
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

/// Lifts the failed-login wait of an account, recorded first. Returns false when there is no
/// such account.
pub async fn unlock(app: &App, email: &str) -> AppResult<bool> {
    let Some(a) = account(app, email).await? else {
        return Ok(false);
    };
    let e = by_operator(app, &a, AuditKind::Login, AuditAction::Update);
    crate::audit::record(app, &[e]).await?;
    limits::clear(app, &LOGIN_PER_ACCOUNT, &login_key(app, &a)).await?;
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
