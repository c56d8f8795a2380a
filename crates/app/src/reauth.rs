//! Asking for the password again before sensitive changes (e-mail address, phone, password,
//! second factors, recovery codes) when the session's last proof is older than five minutes: a
//! browser left open is not enough to take over an account. The password goes through the same
//! throttled check as the login page (`password_check`), so this is no side door for guessing.

use crate::password_check::{self, PasswordRefusal};
use crate::sessions::Authenticated;
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

/// A sensitive change was asked for with a login older than [`FRESH_FOR`]: prove it again
/// first (`/opnieuw-inloggen`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FreshLoginNeeded;

/// Whether the session proved its password (or a passkey) within the last five minutes.
pub fn is_fresh(session: &Session, now: Timestamp) -> bool {
    now < session.authenticated_at + FRESH_FOR
}

/// Checks the password again (from `ip`) and, when right, marks the session fresh under a new
/// token.
pub async fn reauthenticate(
    app: &App,
    user: &Authenticated,
    password: &str,
    ip: &str,
) -> AppResult<Result<crate::sessions::RotatedToken, ReauthRefusal>> {
    if let Err(refusal) = check_password_again(app, user, password, ip).await? {
        return Ok(Err(refusal));
    }
    Ok(Ok(
        crate::sessions::proven_again(app, user.session.id).await?
    ))
}

/// Checks the password again (from `ip`) without touching the session, for a step that ends the
/// session itself (deleting the account): a new token there would log the user out when the
/// step then fails.
pub async fn check_password_again(
    app: &App,
    user: &Authenticated,
    password: &str,
    ip: &str,
) -> AppResult<Result<(), ReauthRefusal>> {
    let key = password_check::address_key(app, &user.account.email);
    let stored = Some(user.account.password_hash.as_str());
    match password_check::check(app, &key, ip, stored, password).await? {
        Ok(()) => {}
        Err(PasswordRefusal::Wrong) => return Ok(Err(ReauthRefusal::WrongPassword)),
        Err(PasswordRefusal::Wait { until }) => return Ok(Err(ReauthRefusal::Wait { until })),
        Err(PasswordRefusal::Ceiling) => return Ok(Err(ReauthRefusal::Ceiling)),
    }
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
