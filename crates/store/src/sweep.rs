//! The Store trait for the periodic sweep that deletes what has run out: registrations never
//! finished, ended sessions, WebAuthn ceremonies, reset and e-mail change links, attempt
//! counters whose window has passed, old SMS codes and used or expired staff invitations. Each
//! call deletes at most `limit` rows, so a sweep never holds the database for long, and any
//! number of instances may sweep at once. Audit records are never deleted here.

use crate::StoreResult;
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

#[async_trait]
pub trait SweepStore {
    /// Registrations whose progress, and activation link if they have one, expired at `now`.
    async fn purge_expired_registrations(&self, now: Timestamp, limit: u32) -> StoreResult<u64>;
    /// Sessions past their absolute end at `now`, or unused for `idle` (they no longer log
    /// anyone in).
    async fn purge_ended_sessions(
        &self,
        now: Timestamp,
        idle: SignedDuration,
        limit: u32,
    ) -> StoreResult<u64>;
    /// WebAuthn ceremonies expired at `now`.
    async fn purge_expired_ceremonies(&self, now: Timestamp, limit: u32) -> StoreResult<u64>;
    /// Password reset links (used or not) and e-mail change links expired at `now`; at most
    /// `limit` of each.
    async fn purge_expired_links(&self, now: Timestamp, limit: u32) -> StoreResult<u64>;
    /// Attempt counters of `scope` whose `window` had passed at `now`: they count nothing any
    /// more (a new failure starts a new count).
    async fn purge_attempts(
        &self,
        scope: &str,
        window: SignedDuration,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<u64>;
    /// SMS codes sent before `before` (the caller keeps them as long as they count towards the
    /// number of SMS per hour, and longer than they are valid).
    async fn purge_sms_challenges(&self, before: Timestamp, limit: u32) -> StoreResult<u64>;
    /// Staff invitations accepted (the membership exists; the typed name and address are not
    /// needed any more) and, in any state, those whose link expired at `now`; at most `limit`
    /// of each. A withdrawn or replaced link that has not yet expired stays, so it can still say
    /// whom to ask.
    async fn purge_staff_invitations(&self, now: Timestamp, limit: u32) -> StoreResult<u64>;
}
