//! The Store trait for authenticator apps (TOTP): the account's sealed secret and the last time
//! step used, so that no code can be used twice.

use crate::{Audit, StoreResult};
use async_trait::async_trait;
use zk_domain::AccountId;

#[async_trait]
pub trait AuthenticatorStore {
    /// Sets or replaces the account's authenticator: its secret, sealed by the application, and
    /// `step`, the time step of the code that proved the setup (used, so never valid again).
    /// `audit` is appended in the same transaction, when the account exists.
    async fn set_authenticator(
        &self,
        account: AccountId,
        sealed_secret: &[u8],
        step: i64,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// The account's sealed secret, if it has an authenticator.
    async fn authenticator_of(&self, account: AccountId) -> StoreResult<Option<Vec<u8>>>;
    /// Uses time step `step` if it is later than the last used one. Of racing callers with the
    /// same step exactly one gets `true`; an earlier or equal step always gets `false`.
    async fn use_authenticator_step(&self, account: AccountId, step: i64) -> StoreResult<bool>;
    /// Removes the authenticator; false when there was none.
    async fn remove_authenticator(&self, account: AccountId) -> StoreResult<bool>;
}
