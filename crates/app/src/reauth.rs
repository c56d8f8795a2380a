//! Asking for the password again before sensitive changes (e-mail address, phone, password,
//! second factors) when the session's last proof is older than five minutes: a browser left
//! open is not enough to take over an account. Wrong passwords here count against the same
//! per-address limit as the login page, so this is no side door for guessing.

use crate::limits;
use crate::password::verify_password;
use crate::sessions::{Authenticated, DAILY_CEILING, LOGIN_PER_ACCOUNT};
use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::Session;

/// How long a proven password counts as fresh.
pub const FRESH_FOR: SignedDuration = SignedDuration::from_mins(5);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReauthRefusal {
    WrongPassword,
    Wait {
        until: Timestamp,
    },
    /// The daily ceiling of failed passwords is reached: only a reset by e-mail helps.
    Ceiling,
}

/// Whether the session proved its password (or a passkey) within the last five minutes.
pub fn is_fresh(session: &Session, now: Timestamp) -> bool {
    now < session.authenticated_at + FRESH_FOR
}

/// Checks the password again and, when right, marks the session fresh under a new token.
pub async fn reauthenticate(
    app: &App,
    user: &Authenticated,
    password: &str,
) -> AppResult<Result<crate::sessions::RotatedToken, ReauthRefusal>> {
    if let Err(refusal) = check_password_again(app, user, password).await? {
        return Ok(Err(refusal));
    }
    Ok(Ok(
        crate::sessions::proven_again(app, user.session.id).await?
    ))
}

/// Checks the password again without touching the session, for a step that ends the session
/// itself (deleting the account): a new token there would log the user out when the step then
/// fails.
pub async fn check_password_again(
    app: &App,
    user: &Authenticated,
    password: &str,
) -> AppResult<Result<(), ReauthRefusal>> {
    let key = app.key.keyed_hex("login-email", &user.account.email);
    match limits::take_try(app, &LOGIN_PER_ACCOUNT, &key).await? {
        Err(until) => return Ok(Err(ReauthRefusal::Wait { until })),
        Ok(tries) if tries > DAILY_CEILING => return Ok(Err(ReauthRefusal::Ceiling)),
        Ok(_) => {}
    }
    if !verify_password(password.to_owned(), user.account.password_hash.clone()).await {
        return Ok(Err(ReauthRefusal::WrongPassword));
    }
    limits::clear(app, &LOGIN_PER_ACCOUNT, &key).await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_fresh_for_five_minutes() {
        let at: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        let session = Session {
            id: zk_domain::SessionId::new(),
            account_id: zk_domain::AccountId::new(),
            created_at: at,
            last_seen_at: at,
            expires_at: at + SignedDuration::from_hours(12),
            second_factor_at: Some(at),
            authenticated_at: at,
            user_agent: String::new(),
        };
        assert!(is_fresh(&session, at + SignedDuration::from_secs(299)));
        assert!(!is_fresh(&session, at + FRESH_FOR));
    }
}
