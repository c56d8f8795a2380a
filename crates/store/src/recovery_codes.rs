//! The Store trait for recovery codes: ten single-use codes per account, kept only as keyed
//! hashes, for when the phone or the app is not at hand.

use crate::{Audit, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::AccountId;

#[async_trait]
pub trait RecoveryCodeStore {
    /// Replaces all the account's recovery codes (used or not) by these hashes and appends
    /// `audit`, all at once.
    async fn replace_recovery_codes(
        &self,
        account: AccountId,
        hashes: &[String],
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// Uses an unused code of the account; returns how many unused ones are left, or `None`
    /// when there was no such unused code. Of racing callers with one code exactly one wins.
    async fn use_recovery_code(
        &self,
        account: AccountId,
        hash: &str,
        at: Timestamp,
    ) -> StoreResult<Option<u32>>;
    /// How many unused codes the account has.
    async fn count_recovery_codes(&self, account: AccountId) -> StoreResult<u32>;
}
