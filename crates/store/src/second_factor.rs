//! The Store traits for SMS codes (phone verification and the second login step), and for
//! connecting a further provider to an existing care page with a letter.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::account::Connection;
use zk_domain::{AccountId, SmsChallengeId};

/// One SMS code sent to a phone. The code itself is stored only as a keyed hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsChallenge {
    pub id: SmsChallengeId,
    pub account_id: AccountId,
    /// `verify-phone` or `login`.
    pub purpose: String,
    /// The number the code went to, in E.164.
    pub phone: String,
    pub code_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Wrong codes typed so far.
    pub failed_attempts: u32,
    pub used_at: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectOutcome {
    Connected,
    /// The letter was used, revoked or expired meanwhile, or its client record is connected.
    LetterNotUsable,
    /// This care page has a connection with that provider already.
    ProviderAlreadyConnected,
}

#[async_trait]
pub trait SecondFactorStore {
    /// Stores a challenge and, in the same transaction, the SMS that carries its code.
    async fn create_sms_challenge(
        &self,
        challenge: &SmsChallenge,
        sms: &OutgoingMessage,
    ) -> StoreResult<()>;
    /// The newest challenge of an account for a purpose.
    async fn latest_sms_challenge(
        &self,
        account: AccountId,
        purpose: &str,
    ) -> StoreResult<Option<SmsChallenge>>;
    /// How many challenges the account was sent since `since` (all purposes), to limit resends.
    async fn count_sms_challenges_since(
        &self,
        account: AccountId,
        since: Timestamp,
    ) -> StoreResult<u32>;
    /// Takes one try of a challenge before its code is compared: returns the number of tries
    /// taken so far, or `None` when `max` were taken already or it is used. Counting before
    /// comparing means parallel guesses cannot get past the limit.
    async fn take_sms_try(&self, id: SmsChallengeId, max: u32) -> StoreResult<Option<u32>>;
    /// Marks a challenge used if it was not yet; of racing callers exactly one gets `true`.
    async fn use_sms_challenge(&self, id: SmsChallengeId, at: Timestamp) -> StoreResult<bool>;
    /// Adds a connection to an existing care page, using its letter (conditionally, at `now`),
    /// with `messages` (the provider's webhook events about it) and `audit`, all or nothing: a
    /// refused connection leaves no record.
    async fn add_connection(
        &self,
        connection: &Connection,
        now: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<ConnectOutcome>;
}
