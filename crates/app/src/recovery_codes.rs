//! Recovery codes (SPEC S7): ten single-use codes, shown once when they are made, kept only as
//! keyed hashes; one of them passes the second login step when the phone or app is not at
//! hand. Making new ones replaces all old ones.

use crate::limits::{self, Limit};
use crate::reauth::{FreshLoginNeeded, is_fresh};
use crate::sessions::{Authenticated, RotatedToken};
use crate::{App, AppResult};
use jiff::SignedDuration;
use zk_domain::SessionId;
use zk_domain::account::Account;
use zk_domain::audit::{AuditAction, AuditKind};

pub const CODES: usize = 10;
/// Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Recovery codes typed per account: a few, then growing waits (counted before checking).
pub const CODE_TRIES: Limit = Limit {
    scope: "recovery-code",
    free: 5,
    window: SignedDuration::from_hours(1),
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecoveryCodeRefusal {
    WrongCode,
    Wait { until: jiff::Timestamp },
}

fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn hash(app: &App, account: &Account, code: &str) -> String {
    app.key.keyed_hex(
        "recovery-code",
        &format!("{}:{}", account.id, normalize(code)),
    )
}

/// Makes ten new codes (replacing all old ones) and returns them, to show once. Needs a fresh
/// login, as changing the password does: whoever holds the codes passes the second login step.
pub async fn make_new(
    app: &App,
    user: &Authenticated,
) -> AppResult<Result<Vec<String>, FreshLoginNeeded>> {
    if !is_fresh(&user.session, app.now()) {
        return Ok(Err(FreshLoginNeeded));
    }
    let account = &user.account;
    let codes: Vec<String> = (0..CODES)
        .map(|_| {
            let raw: String = (0..10)
                .map(|_| ALPHABET[zk_domain::random::below(ALPHABET.len() as u32) as usize] as char)
                .collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect();
    let hashes: Vec<String> = codes.iter().map(|c| hash(app, account, c)).collect();
    let (kind, action) = (AuditKind::RecoveryCodes, AuditAction::Create);
    let pending = crate::audit::security::change(app, account, kind, action);
    app.store
        .replace_recovery_codes(account.id, &hashes, app.now(), pending.audit())
        .await?;
    Ok(Ok(codes))
}

pub async fn count(app: &App, account: &Account) -> AppResult<u32> {
    Ok(app.store.count_recovery_codes(account.id).await?)
}

/// The second login step with a recovery code; returns how many unused codes are left, and
/// the session's new token.
pub async fn use_code(
    app: &App,
    account: &Account,
    session: SessionId,
    typed: &str,
) -> AppResult<Result<(u32, RotatedToken), RecoveryCodeRefusal>> {
    if let Err(until) = limits::take_try(app, &CODE_TRIES, &account.id.to_string()).await? {
        return Ok(Err(RecoveryCodeRefusal::Wait { until }));
    }
    match app
        .store
        .use_recovery_code(account.id, &hash(app, account, typed), app.now())
        .await?
    {
        Some(left) => {
            crate::audit::security::granted(app, account, AuditKind::SecondFactor).await?;
            let token = crate::sessions::second_factor_passed(app, session).await?;
            limits::clear(app, &CODE_TRIES, &account.id.to_string()).await?;
            Ok(Ok((left, token)))
        }
        None => {
            crate::audit::security::failed(app, account, AuditKind::SecondFactor).await?;
            Ok(Err(RecoveryCodeRefusal::WrongCode))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn codes_are_compared_without_dashes_spaces_or_case() {
        assert_eq!(normalize(" AbCde-fgH23 "), "abcdefgh23");
    }
}
