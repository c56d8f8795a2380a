//! An account's second factors as a set (SMS, authenticator app, passkeys): removing one, but
//! never the last; the store checks that, and appends the removal's audit record, in the same
//! transaction as the removal.

use crate::{App, AppResult};
use zk_domain::account::Account;
use zk_domain::audit::{AuditAction, AuditKind};
use zk_store::{FactorRemoval, SecondFactor};

/// Removes `factor` from the account, unless it is the account's last second factor
/// ([`FactorRemoval::WouldBeLast`]); [`FactorRemoval::Missing`] when the account has no such
/// factor (e.g. another account's passkey).
pub async fn remove(
    app: &App,
    account: &Account,
    factor: SecondFactor,
) -> AppResult<FactorRemoval> {
    let pending = crate::audit::security::change(app, account, kind(factor), AuditAction::Delete);
    Ok(app
        .store
        .remove_second_factor(account.id, factor, pending.audit())
        .await?)
}

/// What removing `factor` is recorded as. The phone is personal data as well as a factor: its
/// removal is a phone change, as verifying it was.
fn kind(factor: SecondFactor) -> AuditKind {
    match factor {
        SecondFactor::Phone => AuditKind::PhoneChange,
        SecondFactor::Authenticator | SecondFactor::Passkey(_) => AuditKind::FactorRemoved,
    }
}
