//! The Store traits for people: accounts with their care pages and connections, registrations in
//! progress, login sessions, and attempt counters for everything a stranger might try to guess.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::{Account, CarePage, Connection, Session};
use zk_domain::page::{Page, PageRequest};
use zk_domain::*;

/// SHA-256 of a random token (browser, activation link, session): the only form stored.
pub type TokenHash = [u8; 32];

/// A registration in progress. Its state is the application's (JSON); nothing else is created
/// until activation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRegistration {
    pub id: RegistrationId,
    pub state: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A used activation link: the registration, and the address the link was sent to (and so
/// proves).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedActivation {
    pub registration: StoredRegistration,
    pub email: String,
}

/// Everything an activation creates, written in one transaction.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub account: Account,
    pub care_page: CarePage,
    /// The connection made by the redeemed letter; `None` for an account without a letter.
    pub connection: Option<Connection>,
    pub registration: RegistrationId,
    /// The first session, so the new user is logged in.
    pub session: Session,
    pub session_token: TokenHash,
    /// Messages to store with the account, such as the provider's webhook events about the
    /// connection; written only when the account is.
    pub messages: Vec<OutgoingMessage>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountCreation {
    Created,
    /// Another account has this e-mail address; nothing was written.
    EmailTaken,
    /// The letter was used, revoked or expired meanwhile, or its client record is connected
    /// already; nothing was written.
    LetterNotUsable,
    /// The registration's activation link proved another address than the account's; nothing
    /// was written.
    EmailNotProven,
}

/// What an attempt counter knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptState {
    pub failures: u32,
    pub last_failure_at: Timestamp,
}

#[async_trait]
pub trait RegistrationStore {
    async fn create_registration(
        &self,
        registration: &StoredRegistration,
        browser: &TokenHash,
    ) -> StoreResult<()>;
    /// The unexpired registration this browser is working on.
    async fn find_registration(
        &self,
        browser: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<StoredRegistration>>;
    async fn update_registration(
        &self,
        id: RegistrationId,
        state: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// Sets the activation link's token, bound to the address `email` it is sent to, replacing an
    /// earlier one (whose link then stops working).
    async fn set_activation_token(
        &self,
        id: RegistrationId,
        token: &TokenHash,
        email: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// Uses an activation token once: when it exists and is unexpired at `now`, it is cleared,
    /// its address becomes the registration's proven address, and the registration moves to the
    /// browser `browser`. Of racing callers at most one gets it.
    async fn claim_activation(
        &self,
        token: &TokenHash,
        now: Timestamp,
        browser: &TokenHash,
    ) -> StoreResult<Option<ClaimedActivation>>;
    /// Forgets the registration's activation link and proven address: the address changed, so
    /// every earlier link proves nothing any more.
    async fn void_activation(&self, id: RegistrationId) -> StoreResult<()>;
    /// Writes the account, its care page, the connection (using the letter, conditionally), the
    /// first session, `new.messages` and `audit`, and deletes the registration: all or nothing.
    /// `EmailNotProven` when the registration's activation link proved another address than the
    /// account's.
    async fn create_account(
        &self,
        new: &NewAccount,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<AccountCreation>;
    async fn delete_registration(&self, id: RegistrationId) -> StoreResult<()>;
}

#[async_trait]
pub trait AccountStore {
    async fn get_account(&self, id: AccountId) -> StoreResult<Option<Account>>;
    /// By e-mail address, compared in lower case.
    async fn find_account_by_email(&self, email: &str) -> StoreResult<Option<Account>>;
    /// The language the account's e-mails and SMS are written in ("nl" or "en").
    async fn set_language(&self, id: AccountId, language: &str) -> StoreResult<()>;
    /// Sets (or clears) the account's phone and appends `audit`, in one transaction; the audit
    /// only when the account exists.
    async fn set_phone(
        &self,
        id: AccountId,
        phone: Option<&str>,
        verified_at: Option<Timestamp>,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    async fn get_care_page(&self, id: CarePageId) -> StoreResult<Option<CarePage>>;
    /// The care pages this account is beheerder of, oldest first.
    async fn care_pages_of(
        &self,
        account: AccountId,
        page: &PageRequest,
    ) -> StoreResult<Page<CarePage>>;
    /// A care page's connections, oldest first.
    async fn connections_of(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Connection>>;
    /// The connection of a client record, if it is connected (a record has at most one).
    async fn connection_of_client(&self, client: ClientRecordId)
    -> StoreResult<Option<Connection>>;
}

#[async_trait]
pub trait SessionStore {
    async fn create_session(&self, session: &Session, token: &TokenHash) -> StoreResult<()>;
    async fn find_session(&self, token: &TokenHash) -> StoreResult<Option<Session>>;
    async fn touch_session(&self, id: SessionId, now: Timestamp) -> StoreResult<()>;
    /// Notes that the session passed its second factor at `at` and gives it the new token
    /// `token`: the old token no longer finds it (a token seen before the step is worthless).
    async fn mark_second_factor(
        &self,
        id: SessionId,
        at: Timestamp,
        token: &TokenHash,
    ) -> StoreResult<()>;
    async fn delete_session(&self, id: SessionId) -> StoreResult<()>;
}

/// Counters of failed attempts, shared by all instances. `scope` names what is counted
/// ("login-account", "letter-ip", …); `key` is a keyed hash of who or what, never the raw value.
#[async_trait]
pub trait AttemptStore {
    /// Counts one failure. Failures older than `window` (from the first in the window) start a
    /// new count. Returns the state after this failure.
    async fn record_failure(
        &self,
        scope: &str,
        key: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<AttemptState>;
    /// The current count, or `None` when there is none within `window`.
    async fn attempt_state(
        &self,
        scope: &str,
        key: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Option<AttemptState>>;
    async fn clear_attempts(&self, scope: &str, key: &str) -> StoreResult<()>;
    /// Counts one try, but only while nobody else counted one since the caller read `seen` (its
    /// `attempt_state`), or while the count is at most `free` (no wait applies there, so
    /// racing tries need not queue). One atomic upsert: of tries racing past a wait, exactly one
    /// is counted. Returns the state after the try, or `None` when it was not counted.
    async fn take_attempt(
        &self,
        scope: &str,
        key: &str,
        seen: Option<AttemptState>,
        free: u32,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Option<AttemptState>>;
    /// Takes one try back (a try counted before the work that then did not happen, or that
    /// succeeded where only failures count). Never below zero.
    async fn give_back_attempt(&self, scope: &str, key: &str) -> StoreResult<()>;
    /// Every counter in `scope` whose key starts with `prefix` and whose window is still open,
    /// by key.
    async fn attempts_with_prefix(
        &self,
        scope: &str,
        prefix: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> StoreResult<Vec<(String, AttemptState)>>;
    /// Removes every counter in `scope` whose key starts with `prefix`.
    async fn clear_attempts_with_prefix(&self, scope: &str, prefix: &str) -> StoreResult<()>;
}
