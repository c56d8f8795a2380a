//! The Store trait for keeping an account safe once it exists: asking for the password again
//! before sensitive changes, changing the password or the e-mail address, recognising new
//! browsers, removing a second factor (never the last), and passkeys with their WebAuthn
//! ceremonies.

use crate::{Audit, OutgoingMessage, StoreResult, TokenHash};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::{AccountId, CeremonyId, PasskeyId, SessionId};

/// A passkey or security key. `credential` is the verifier's own record of it (JSON), updated
/// after each use (its signature counter and backup state).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPasskey {
    pub id: PasskeyId,
    pub account_id: AccountId,
    /// The credential id the authenticator gave; unique over all accounts.
    pub credential_id: Vec<u8>,
    /// The name the user gave it ("Telefoon", "YubiKey").
    pub name: String,
    pub credential: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// A second factor to remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactor {
    Phone,
    Authenticator,
    Passkey(PasskeyId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorRemoval {
    Removed,
    /// It is the account's only second factor: nothing was removed.
    WouldBeLast,
    /// The account has no such factor.
    Missing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailChangeOutcome {
    Changed {
        account: AccountId,
        old_email: String,
        new_email: String,
    },
    /// Another account took the address meanwhile; the link is used up, nothing changed.
    Taken,
    /// Unknown, used or expired link.
    NotUsable,
}

/// A WebAuthn ceremony in progress: the verifier's state between the challenge and the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ceremony {
    pub id: CeremonyId,
    /// The account it is for; `None` for a login by passkey that has not said whose yet.
    pub account_id: Option<AccountId>,
    /// `register` or `login`.
    pub purpose: String,
    pub state: String,
    pub expires_at: Timestamp,
}

#[async_trait]
pub trait AccountSecurityStore {
    /// Notes that the session proved its password (or a passkey) again at `at` and gives it the
    /// new token `token`: the old token no longer finds it.
    async fn mark_reauthenticated(
        &self,
        session: SessionId,
        at: Timestamp,
        token: &TokenHash,
    ) -> StoreResult<()>;
    /// Sets a new password hash, ends every session of the account but `keep`, voids its open
    /// password reset links (as used at `now`) and pending e-mail changes, and appends `audit`,
    /// all or nothing; returns how many sessions ended. Nothing is written (and 0 returned) when
    /// there is no such account.
    async fn change_password(
        &self,
        account: AccountId,
        password_hash: &str,
        keep: SessionId,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<u64>;
    /// Stores a pending e-mail change (its link's token as hash) and, in the same transaction,
    /// the mails about it (the link to the new address, the notice to the old one). Earlier
    /// pending changes of the account are voided: only the newest link works.
    async fn create_email_change(
        &self,
        account: AccountId,
        new_email: &str,
        token: &TokenHash,
        created_at: Timestamp,
        expires_at: Timestamp,
        mails: &[OutgoingMessage],
    ) -> StoreResult<()>;
    /// The new address of a usable pending change, without using it (for the confirm page).
    async fn find_email_change(
        &self,
        token: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<(AccountId, String)>>;
    /// Uses the link once: changes the account's address unless another account has it, and
    /// then, in the same transaction, voids the account's open password reset links (they went
    /// to the old address) and appends `audit`.
    async fn confirm_email_change(
        &self,
        token: &TokenHash,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<EmailChangeOutcome>;
    /// Records that the account logged in from this browser; true when it was not known yet.
    async fn remember_browser(
        &self,
        account: AccountId,
        browser: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Removes a second factor unless it is the last one, in one transaction, so two removals
    /// at once cannot leave the account without any; `audit` is appended in that transaction
    /// only when the factor was removed.
    async fn remove_second_factor(
        &self,
        account: AccountId,
        factor: SecondFactor,
        audit: Audit<'_>,
    ) -> StoreResult<FactorRemoval>;
    /// Adds a passkey and appends `audit`, in one transaction; false (and nothing written, not
    /// even the audit) when its credential id is registered already.
    async fn add_passkey(&self, passkey: &StoredPasskey, audit: Audit<'_>) -> StoreResult<bool>;
    /// The account's passkeys, oldest first (an account has a handful at most).
    async fn passkeys_of(&self, account: AccountId) -> StoreResult<Vec<StoredPasskey>>;
    /// Stores the verifier's updated record after a use.
    async fn passkey_used(&self, id: PasskeyId, credential: &str, at: Timestamp)
    -> StoreResult<()>;
    /// Stores a ceremony; expired ones are cleared on the way.
    async fn save_ceremony(&self, ceremony: &Ceremony, now: Timestamp) -> StoreResult<()>;
    /// Takes a ceremony out (it can be answered once): `None` when unknown, taken, expired at
    /// `now`, or of another purpose.
    async fn take_ceremony(
        &self,
        id: CeremonyId,
        purpose: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Ceremony>>;
}
