//! Authenticator apps as second factor (SPEC S7): set up with a QR code or the secret as text,
//! confirmed with a first code; at login a code is checked with one step of clock drift either
//! way, and a used time step never works again. The secret is sealed with a key derived from
//! the server key, in the database and in the setup form alike.

use crate::audit::security;
use crate::limits::{self, Limit};
use crate::reauth::is_fresh;
use crate::sessions::{Authenticated, RotatedToken, second_factor_passed};
use crate::totp::{self, SECRET_BYTES};
use crate::{App, AppResult};
use jiff::SignedDuration;
use zk_domain::SessionId;
use zk_domain::account::Account;
use zk_domain::audit::{AuditAction, AuditKind};

/// Codes typed per account: a few, then growing waits (counted before checking).
pub const CODE_TRIES: Limit = Limit {
    scope: "authenticator",
    free: 5,
    window: SignedDuration::from_mins(30),
};
const SEAL_PURPOSE: &str = "totp secret v1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthenticatorRefusal {
    WrongCode,
    /// This code was used already (or an earlier one): wait for the next one.
    CodeUsed,
    Wait {
        until: jiff::Timestamp,
    },
    /// Replacing a second factor needs a fresh login (the password or a passkey proven within
    /// five minutes); this session's is older.
    FreshLoginNeeded,
    /// The setup form was changed or is for another account: start again.
    SetupExpired,
    NoAuthenticator,
}

/// What the setup page shows: the secret as text, the `otpauth://` address for the QR code,
/// and the sealed secret for the form to carry back.
#[derive(Clone, Debug)]
pub struct Setup {
    pub secret_text: String,
    pub otpauth_url: String,
    pub sealed_hex: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn current_step(app: &App) -> i64 {
    totp::step_of(app.now().as_second())
}

/// A fresh secret for `account`, to be confirmed with [`confirm_setup`].
pub fn begin_setup(app: &App, account: &Account, issuer: &str) -> Setup {
    let secret: [u8; SECRET_BYTES] = zk_domain::random::bytes();
    let sealed = totp::seal(
        &app.key.derive(SEAL_PURPOSE),
        account.id.0.as_bytes(),
        &secret,
    );
    let secret_text = totp::base32(&secret);
    let label: String = format!("{issuer}:{}", account.email)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_:".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let issuer_param: String = issuer
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    Setup {
        otpauth_url: format!(
            "otpauth://totp/{label}?secret={secret_text}&issuer={issuer_param}&algorithm=SHA1&digits=6&period=30"
        ),
        secret_text,
        sealed_hex: hex(&sealed),
    }
}

/// Whether setting up an app for `user` must first prove the login fresh, as for every sensitive
/// change: also for the first second factor, or a session left open could put someone else's
/// app in as the second step before the owner ever set one.
pub fn needs_fresh_login(app: &App, user: &Authenticated) -> bool {
    !is_fresh(&user.session, app.now())
}

/// Confirms the setup with a first code; the app becomes a second factor and this session
/// counts as having passed it. Replacing an existing second factor needs a fresh login.
pub async fn confirm_setup(
    app: &App,
    user: &Authenticated,
    sealed_hex: &str,
    code: &str,
) -> AppResult<Result<RotatedToken, AuthenticatorRefusal>> {
    let (account, session) = (&user.account, user.session.id);
    let key = app.key.derive(SEAL_PURPOSE);
    let Some(secret) =
        unhex(sealed_hex).and_then(|s| totp::open(&key, account.id.0.as_bytes(), &s))
    else {
        return Ok(Err(AuthenticatorRefusal::SetupExpired));
    };
    if needs_fresh_login(app, user) {
        return Ok(Err(AuthenticatorRefusal::FreshLoginNeeded));
    }
    if let Err(until) = limits::take_try(app, &CODE_TRIES, &account.id.to_string()).await? {
        return Ok(Err(AuthenticatorRefusal::Wait { until }));
    }
    let Some(step) = totp::matching_step(&secret, code, current_step(app)) else {
        return Ok(Err(AuthenticatorRefusal::WrongCode));
    };
    // Stored sealed afresh, so the form's copy is not the stored one.
    let pending = security::change(app, account, AuditKind::FactorAdded, AuditAction::Create);
    app.store
        .set_authenticator(
            account.id,
            &totp::seal(&key, account.id.0.as_bytes(), &secret),
            step,
            pending.audit(),
        )
        .await?;
    let token = second_factor_passed(app, session).await?;
    limits::clear(app, &CODE_TRIES, &account.id.to_string()).await?;
    Ok(Ok(token))
}

/// The second login step with the app's code.
pub async fn confirm_login(
    app: &App,
    account: &Account,
    session: SessionId,
    code: &str,
) -> AppResult<Result<RotatedToken, AuthenticatorRefusal>> {
    let Some(sealed) = app.store.authenticator_of(account.id).await? else {
        return Ok(Err(AuthenticatorRefusal::NoAuthenticator));
    };
    let Some(secret) = totp::open(
        &app.key.derive(SEAL_PURPOSE),
        account.id.0.as_bytes(),
        &sealed,
    ) else {
        return Err(crate::AppError::invalid(
            "authenticator",
            "the stored secret cannot be opened with this key",
        ));
    };
    if let Err(until) = limits::take_try(app, &CODE_TRIES, &account.id.to_string()).await? {
        return Ok(Err(AuthenticatorRefusal::Wait { until }));
    }
    let Some(step) = totp::matching_step(&secret, code, current_step(app)) else {
        security::failed(app, account, AuditKind::SecondFactor).await?;
        return Ok(Err(AuthenticatorRefusal::WrongCode));
    };
    if !app.store.use_authenticator_step(account.id, step).await? {
        security::failed(app, account, AuditKind::SecondFactor).await?;
        return Ok(Err(AuthenticatorRefusal::CodeUsed));
    }
    security::granted(app, account, AuditKind::SecondFactor).await?;
    let token = second_factor_passed(app, session).await?;
    limits::clear(app, &CODE_TRIES, &account.id.to_string()).await?;
    Ok(Ok(token))
}
