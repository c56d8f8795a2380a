//! An account's second factors as a set (SMS, authenticator app, passkeys): removing one, but
//! never the last; the store checks that in the same transaction as the removal.

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
    let removal = app.store.remove_second_factor(account.id, factor).await?;
    if removal == FactorRemoval::Removed {
        let (kind, action) = (AuditKind::FactorRemoved, AuditAction::Delete);
        crate::audit::security::changed(app, account, kind, action).await;
    }
    Ok(removal)
}
