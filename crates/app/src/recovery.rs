//! "Wachtwoord vergeten?" (SPEC S7): a reset link by e-mail, valid one hour and once. Asking
//! for one looks the same whether or not the address has an account (the web layer answers at
//! once and lets this run in the background). A stranger asking for links cannot lock the owner
//! out: earlier links keep working, and after a few mails per hour further requests send
//! nothing. A reset ends every session; the second factor is still asked at the next login.

use crate::limits::{self, Limit};
use crate::password::{PasswordProblem, check_new_password, hash_password};
use crate::registration::RenderedMail;
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppResult};
use jiff::SignedDuration;
use zk_domain::account::{Account, normalize_email};
use zk_domain::audit::{AuditAction, AuditKind};
use zk_store::OutgoingMessage;

pub const RESET_LIFETIME: SignedDuration = SignedDuration::from_hours(1);
/// Reset e-mails per address per hour; the owner already has the earlier links.
pub const RESET_MAILS: Limit = Limit {
    scope: "reset-mail",
    free: 3,
    window: SignedDuration::from_hours(1),
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResetRefusal {
    /// The link is unknown, used, or older than an hour.
    LinkExpired,
    Password(PasswordProblem),
}

/// Sends a reset link when `email` has an account (and not too many were sent this hour).
/// `render` writes the e-mail for a link.
pub async fn request_reset(
    app: &App,
    email: &str,
    base_url: &str,
    render: impl FnOnce(&Account, String) -> RenderedMail,
) -> AppResult<()> {
    let email = normalize_email(email);
    let key = app.key.keyed_hex("reset-email", &email);
    // Count first, then decide: the count comes back from one atomic upsert, so requests racing
    // each other cannot all slip under the limit.
    if limits::fail(app, &RESET_MAILS, &key).await? > RESET_MAILS.free {
        return Ok(());
    }
    let Some(account) = app.store.find_account_by_email(&email).await? else {
        return Ok(());
    };
    let (token, hash) = new_token();
    let link = format!(
        "{}/wachtwoord-herstellen/{token}",
        base_url.trim_end_matches('/')
    );
    let mail = render(&account, link);
    let now = app.now();
    let message = OutgoingMessage::mail(
        &account.email,
        &mail.subject,
        &mail.text,
        Some(&mail.html),
        now,
    );
    app.store
        .create_password_reset(account.id, &hash, now + RESET_LIFETIME, &message)
        .await?;
    Ok(())
}

/// The account a reset link is for, while it works.
pub async fn link_account(app: &App, token: &str) -> AppResult<Option<Account>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    match app
        .store
        .find_password_reset(&hash_token(token), app.now())
        .await?
    {
        Some(id) => Ok(app.store.get_account(id).await?),
        None => Ok(None),
    }
}

/// Sets the new password with a working link; every session ends and failed-login waits for
/// the address are lifted from every network (the owner proved they read its e-mail).
pub async fn reset(
    app: &App,
    token: &str,
    password: &str,
    repeated: &str,
) -> AppResult<Result<Account, ResetRefusal>> {
    let Some(account) = link_account(app, token).await? else {
        return Ok(Err(ResetRefusal::LinkExpired));
    };
    let personal = [
        account.first_name.as_str(),
        account.last_name.as_str(),
        account.email.as_str(),
    ];
    if let Err(problem) = check_new_password(password, repeated, &personal) {
        return Ok(Err(ResetRefusal::Password(problem)));
    }
    let hash = hash_password(app, password.to_owned()).await?;
    let (kind, action) = (AuditKind::PasswordReset, AuditAction::Update);
    let pending = crate::audit::security::change(app, &account, kind, action);
    if app
        .store
        .reset_password(&hash_token(token), app.now(), &hash, pending.audit())
        .await?
        .is_none()
    {
        return Ok(Err(ResetRefusal::LinkExpired));
    }
    crate::password_check::clear_address(app, &account.email).await?;
    Ok(Ok(account))
}
