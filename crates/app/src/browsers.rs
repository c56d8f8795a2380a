//! Recognising the browsers an account logs in from. A browser carries a long-lived random
//! token in a cookie (only its hash is stored, per account); a full login from a browser the
//! account has not used before gets an e-mail, so a stranger's login does not go unnoticed.

use crate::tokens::{hash_token, looks_like_token, new_token};
use crate::{App, AppResult};
use zk_domain::AccountId;
use zk_domain::account::Account;

/// The browser's token to keep in its cookie, and whether this account had not seen it before.
#[derive(Debug)]
pub struct BrowserSeen {
    pub token: String,
    pub new_for_account: bool,
}

/// Notes a full login from the browser holding `token` (a fresh token when it has none).
pub async fn note_login(
    app: &App,
    account: &Account,
    token: Option<&str>,
) -> AppResult<BrowserSeen> {
    note(app, account.id, token).await
}

/// Notes the browser an account was just created in: it is that account's first browser, so
/// its first login from it is not "new". Returns the token for the browser's cookie.
pub async fn note_registration(
    app: &App,
    account: AccountId,
    token: Option<&str>,
) -> AppResult<String> {
    Ok(note(app, account, token).await?.token)
}

async fn note(app: &App, account: AccountId, token: Option<&str>) -> AppResult<BrowserSeen> {
    let token = match token.filter(|t| looks_like_token(t)) {
        Some(t) => t.to_owned(),
        None => new_token().0,
    };
    let new_for_account = app
        .store
        .remember_browser(account, &hash_token(&token), app.now())
        .await?;
    Ok(BrowserSeen {
        token,
        new_for_account,
    })
}
