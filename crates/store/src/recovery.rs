//! The Store traits for getting back in and keeping control: password reset links, and the list
//! of one's own sessions to end the ones that are not wanted.

use crate::{Audit, OutgoingMessage, StoreResult, TokenHash};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::account::Session;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, SessionId};

#[async_trait]
pub trait RecoveryStore {
    /// Stores a reset link's token and, in the same transaction, the e-mail that carries it.
    /// Earlier links stay valid until they expire or one of them is used: a stranger asking for
    /// resets cannot make the owner's link stop working.
    async fn create_password_reset(
        &self,
        account: AccountId,
        token: &TokenHash,
        expires_at: Timestamp,
        mail: &OutgoingMessage,
    ) -> StoreResult<()>;
    /// The account of an unused, unexpired reset token.
    async fn find_password_reset(
        &self,
        token: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<AccountId>>;
    /// Uses the token (if still unused and unexpired at `now`), sets the new password hash,
    /// voids every other open reset and every pending e-mail change of the account, ends all
    /// its sessions and appends `audit`:
    /// all or nothing. Returns the account, or `None` (and nothing written, not even the audit)
    /// when the token did not work.
    async fn reset_password(
        &self,
        token: &TokenHash,
        now: Timestamp,
        password_hash: &str,
        audit: Audit<'_>,
    ) -> StoreResult<Option<AccountId>>;
    /// The account's sessions that have not expired at `now`, most recently used first.
    async fn sessions_of(
        &self,
        account: AccountId,
        now: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<Session>>;
    /// Ends one of the account's sessions and appends `audit`, in one transaction; false (and
    /// nothing written) when it was not the account's or is gone.
    async fn end_session_of(
        &self,
        account: AccountId,
        session: SessionId,
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Ends all the account's sessions but `keep`; returns how many ended. `audit` is appended
    /// in the same transaction when at least one ended.
    async fn end_other_sessions(
        &self,
        account: AccountId,
        keep: SessionId,
        audit: Audit<'_>,
    ) -> StoreResult<u64>;
}
