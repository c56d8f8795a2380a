//! Changing the account's e-mail address (SPEC S7). The new address must prove itself: it gets
//! a link (valid 24 hours, once); the old address is told at once, so a stranger who got into
//! the account cannot quietly move it. Whether the new address already has an account is never
//! shown on screen: that address gets a mail saying so instead of a link.

use crate::limits::{self, Limit};
use crate::providers::email as check_email;
use crate::registration::RenderedMail;
use crate::sessions::Authenticated;
use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppResult};
use jiff::SignedDuration;
use zk_domain::account::{Account, normalize_email};
use zk_domain::audit::{AuditAction, AuditKind};
use zk_store::{EmailChangeOutcome, OutgoingMessage};

pub const LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(24);
/// Change requests per account per hour: each one mails two addresses.
pub const CHANGE_MAILS: Limit = Limit {
    scope: "email-change",
    free: 3,
    window: SignedDuration::from_hours(1),
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailChangeRefusal {
    Invalid,
    /// The new address is the current one.
    Same,
    /// Too many requests this hour.
    TooMany,
}

/// The mails of a change request, written by the web layer in the user's language.
pub struct ChangeMails {
    /// To the new address: the link.
    pub link: Box<dyn FnOnce(String) -> RenderedMail + Send>,
    /// To the new address, when it has an account already: no link, an explanation.
    pub taken: RenderedMail,
    /// To the old address: the notice.
    pub notice: RenderedMail,
}

fn message(to: &str, mail: &RenderedMail, now: jiff::Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(to, &mail.subject, &mail.text, Some(&mail.html), now)
}

/// Starts a change to `new_email`: sends the link and the notice.
pub async fn request_change(
    app: &App,
    user: &Authenticated,
    new_email: &str,
    base_url: &str,
    mails: ChangeMails,
) -> AppResult<Result<String, EmailChangeRefusal>> {
    let Ok(new_email) = check_email("email", new_email).map(|e| normalize_email(&e)) else {
        return Ok(Err(EmailChangeRefusal::Invalid));
    };
    let account: &Account = &user.account;
    if new_email == account.email {
        return Ok(Err(EmailChangeRefusal::Same));
    }
    let key = app.key.keyed_hex("email-change", &account.id.to_string());
    if limits::fail(app, &CHANGE_MAILS, &key).await? > CHANGE_MAILS.free {
        return Ok(Err(EmailChangeRefusal::TooMany));
    }
    let now = app.now();
    let (token, hash) = new_token();
    let to_new = if app.store.find_account_by_email(&new_email).await?.is_some() {
        mails.taken
    } else {
        let link = format!(
            "{}/profiel/e-mail/bevestigen/{token}",
            base_url.trim_end_matches('/')
        );
        (mails.link)(link)
    };
    let messages = [
        message(&new_email, &to_new, now),
        message(&account.email, &mails.notice, now),
    ];
    app.store
        .create_email_change(
            account.id,
            &new_email,
            &hash,
            now,
            now + LINK_LIFETIME,
            &messages,
        )
        .await?;
    Ok(Ok(new_email))
}

/// The new address of a working link, for the confirm page.
pub async fn pending(app: &App, token: &str) -> AppResult<Option<String>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    Ok(app
        .store
        .find_email_change(&hash_token(token), app.now())
        .await?
        .map(|(_, email)| email))
}

/// Uses the link (the confirm page POSTs it, so a mail scanner opening links changes nothing).
pub async fn confirm(app: &App, token: &str) -> AppResult<EmailChangeOutcome> {
    if !looks_like_token(token) {
        return Ok(EmailChangeOutcome::NotUsable);
    }
    let token = hash_token(token);
    // The record names the account the link is for; the store appends it only when the
    // address actually changes.
    let Some((account, _)) = app.store.find_email_change(&token, app.now()).await? else {
        return Ok(EmailChangeOutcome::NotUsable);
    };
    let Some(account) = app.store.get_account(account).await? else {
        return Ok(EmailChangeOutcome::NotUsable);
    };
    let (kind, action) = (AuditKind::EmailChange, AuditAction::Update);
    let pending = crate::audit::security::change(app, &account, kind, action);
    Ok(app
        .store
        .confirm_email_change(&token, app.now(), pending.audit())
        .await?)
}
