//! Logging in and out, and recognising a logged-in browser. A session token is 256 random bits
//! in a cookie; only its hash is stored. Sessions end after 15 idle minutes and after 12 hours
//! whatever happens. A login never tells whether an address has an account.

use crate::audit::security;
use crate::password_check::{self, PasswordRefusal};
use crate::registration::SessionPolicy;
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};
use zk_domain::SessionId;
use zk_domain::account::{Account, Session, normalize_email};
use zk_domain::audit::{AuditAction, AuditKind, Outcome};

/// Writing `last_seen_at` on every request would make every page view a write; a minute's
/// precision is plenty for a 15-minute idle limit.
const TOUCH_EVERY: SignedDuration = SignedDuration::from_mins(1);

#[derive(Clone, Debug)]
pub struct Authenticated {
    pub session: Session,
    pub account: Account,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginRefusal {
    /// The address or the password is wrong: never which.
    WrongCredentials,
    Wait {
        until: Timestamp,
    },
    /// The daily ceiling of failed passwords for this address from this network is reached:
    /// only a password reset by e-mail (which lifts it) lets anyone in from here. The reset path
    /// itself is never closed, and other networks are not affected.
    Ceiling,
}

/// The logged-in account of a session token, or `None` (unknown, ended, idle or too old).
pub async fn authenticate(
    app: &App,
    token: &str,
    policy: SessionPolicy,
) -> AppResult<Option<Authenticated>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let Some(session) = app.store.find_session(&hash_token(token)).await? else {
        return Ok(None);
    };
    let now = app.now();
    if now >= session.expires_at || now >= session.last_seen_at + policy.idle {
        app.store.delete_session(session.id).await?;
        return Ok(None);
    }
    if now >= session.last_seen_at + TOUCH_EVERY {
        app.store.touch_session(session.id, now).await?;
    }
    let Some(account) = app.store.get_account(session.account_id).await? else {
        return Ok(None);
    };
    Ok(Some(Authenticated { session, account }))
}

/// A password login that succeeded: the new session's token, and the account (which may still
/// need its SMS step).
#[derive(Debug)]
pub struct PasswordAccepted {
    pub token: String,
    pub account: Account,
}

/// Checks e-mail and password (through the one throttled check, `password_check`); on success
/// returns the new session's token. [`crate::AppError::Busy`] when the server has no turn for
/// the password hash.
pub async fn login(
    app: &App,
    email: &str,
    password: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<Result<PasswordAccepted, LoginRefusal>> {
    let email = normalize_email(email);
    let address_key = password_check::address_key(app, &email);
    let account = app.store.find_account_by_email(&email).await?;
    let stored = account.as_ref().map(|a| a.password_hash.as_str());
    let refusal = match password_check::check(app, &address_key, ip, stored, password).await? {
        Ok(()) => None,
        Err(PasswordRefusal::Wrong) => Some(LoginRefusal::WrongCredentials),
        Err(PasswordRefusal::Wait { until }) => Some(LoginRefusal::Wait { until }),
        Err(PasswordRefusal::Ceiling) => Some(LoginRefusal::Ceiling),
    };
    let account = match (refusal, account) {
        (None, Some(account)) => account,
        // A right password needs a stored hash, so the second case cannot happen; refusing is
        // the safe answer anyway.
        (refusal, _) => {
            let refusal = refusal.unwrap_or(LoginRefusal::WrongCredentials);
            return refused(app, &address_key, refusal).await;
        }
    };
    // No session without its record.
    security::granted(app, &account, AuditKind::Login).await?;
    let token = start_session(app, &account, user_agent, false).await?;
    Ok(Ok(PasswordAccepted { token, account }))
}

/// Records a refused login (by the address's keyed hash only) and hands the refusal back.
async fn refused(
    app: &App,
    address_key: &str,
    refusal: LoginRefusal,
) -> AppResult<Result<PasswordAccepted, LoginRefusal>> {
    let outcome = match refusal {
        LoginRefusal::WrongCredentials => Outcome::Failed,
        LoginRefusal::Wait { .. } | LoginRefusal::Ceiling => Outcome::Denied,
    };
    security::login_refused(app, address_key, outcome).await?;
    Ok(Err(refusal))
}

/// Creates a session for `account` that proved itself now, and returns its token. With
/// `second_factor_passed` the session is fully logged in at once (a passkey login, which proves
/// possession and the user's verification in one step).
pub(crate) async fn start_session(
    app: &App,
    account: &Account,
    user_agent: &str,
    second_factor_passed: bool,
) -> AppResult<String> {
    let (token, hash) = new_token();
    let now = app.now();
    let session = Session {
        id: SessionId::new(),
        account_id: account.id,
        created_at: now,
        last_seen_at: now,
        expires_at: now + app.policy.sessions.absolute,
        second_factor_at: second_factor_passed.then_some(now),
        authenticated_at: now,
        user_agent: user_agent.chars().take(100).collect(),
    };
    app.store.create_session(&session, &hash).await?;
    Ok(token)
}

/// The new token of a session whose privilege just rose. The old token no longer opens the
/// session, so the browser must get this one (the web layer replaces the cookie).
#[derive(Debug)]
#[must_use = "the old token stopped working: the browser needs this one"]
pub struct RotatedToken(pub String);

/// The session passed its second factor now: it is fully logged in under a new token, so a
/// token seen before the step (a shared computer, a planted cookie) is worth nothing after it.
pub(crate) async fn second_factor_passed(app: &App, session: SessionId) -> AppResult<RotatedToken> {
    let (token, hash) = new_token();
    app.store
        .mark_second_factor(session, app.now(), &hash)
        .await?;
    Ok(RotatedToken(token))
}

/// The session proved its password (or a passkey) again now: fresh for sensitive changes,
/// under a new token for the same reason as [`second_factor_passed`].
pub(crate) async fn proven_again(app: &App, session: SessionId) -> AppResult<RotatedToken> {
    let (token, hash) = new_token();
    app.store
        .mark_reauthenticated(session, app.now(), &hash)
        .await?;
    Ok(RotatedToken(token))
}

/// The record of ending sessions of `account`.
fn ending(app: &App, account: &Account) -> crate::audit::Pending {
    security::change(app, account, AuditKind::SessionEnded, AuditAction::Delete)
}

/// Logging out of `account`'s session, recorded with it. Logging out protects the account (a
/// shared computer), and ending access is never access without its record: when the record
/// cannot be written, the session still ends, and the missing record is logged as an error.
pub async fn logout_of(app: &App, account: &Account, session: SessionId) -> AppResult<()> {
    let pending = ending(app, account);
    let ended = app
        .store
        .end_session_of(account.id, session, pending.audit())
        .await;
    if let Err(e) = ended {
        tracing::error!(error = %e, "a logout could not be recorded; the session ends anyway");
        app.store
            .end_session_of(account.id, session, zk_store::Audit::NONE)
            .await?;
    }
    Ok(())
}

/// Ends the session of `token`, the cookie a browser sent along with a new login, if it opens
/// one: the new login's cookie replaces it, and the old token must not stay valid for whoever
/// copied it (a shared computer, a planted cookie). Recorded with the account it belonged to,
/// which may be another than the one logging in now.
pub async fn end_replaced(app: &App, token: Option<&str>) -> AppResult<()> {
    let Some(token) = token.filter(|t| looks_like_token(t)) else {
        return Ok(());
    };
    let Some(session) = app.store.find_session(&hash_token(token)).await? else {
        return Ok(());
    };
    match app.store.get_account(session.account_id).await? {
        Some(account) => logout_of(app, &account, session.id).await,
        None => Ok(app.store.delete_session(session.id).await?),
    }
}

/// The account's own sessions, most recently used first (for the sessions page).
pub async fn own_sessions(
    app: &App,
    account: &Account,
    page: &zk_domain::page::PageRequest,
) -> AppResult<zk_domain::page::Page<Session>> {
    Ok(app.store.sessions_of(account.id, app.now(), page).await?)
}

/// Ends one of the account's own sessions; false when it is not theirs or already gone.
pub async fn end_own_session(app: &App, account: &Account, session: SessionId) -> AppResult<bool> {
    let pending = ending(app, account);
    Ok(app
        .store
        .end_session_of(account.id, session, pending.audit())
        .await?)
}

/// Ends every session of the account but the current one.
pub async fn end_other_sessions(
    app: &App,
    account: &Account,
    current: SessionId,
) -> AppResult<u64> {
    let pending = ending(app, account);
    Ok(app
        .store
        .end_other_sessions(account.id, current, pending.audit())
        .await?)
}

/// Tells the account holder by e-mail that something changed in their account's security (a
/// password, a second factor, recovery codes), so a stranger's change does not go unnoticed.
pub async fn security_mail(
    app: &App,
    account: &Account,
    mail: crate::registration::RenderedMail,
) -> AppResult<()> {
    let message = zk_store::OutgoingMessage::mail(
        &account.email,
        &mail.subject,
        &mail.text,
        Some(&mail.html),
        app.now(),
    );
    Ok(app.store.enqueue_message(&message).await?)
}
