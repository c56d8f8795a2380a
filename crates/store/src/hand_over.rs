//! The Store trait for care pages a letter gives a beheerder (SPEC S3, S4): a client who turns 16
//! takes over the page a parent managed, or anyone with a new letter takes over a vacant page
//! (one transaction: the letter is used, the page gets its new beheerder, all members lose
//! access, and the e-mails that tell them are stored); and an existing account that redeems a
//! letter for someone it helps gets a new care page for them.

use crate::{Audit, ConnectOutcome, OutgoingMessage, StoreResult, TokenHash};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::account::{Account, CarePage, Connection, Session};
use zk_domain::network::Relation;
use zk_domain::{AccountId, CarePageId, ClientRecordId, LetterId, RegistrationId};

/// A hand-over as the application decided it.
#[derive(Clone, Debug)]
pub struct HandOver {
    pub care_page: CarePageId,
    /// The beheerder the page had when the hand-over was decided: if it changed meanwhile,
    /// nothing happens.
    pub from: AccountId,
    pub to: AccountId,
    /// How the new beheerder is related to the client (`None`: the client themselves).
    pub relation: Option<Relation>,
    /// The redeemed letter; it must be usable and for `client_record`, which must be connected
    /// to `care_page`.
    pub letter: LetterId,
    pub client_record: ClientRecordId,
    pub at: Timestamp,
}

/// The account of a new beheerder who registers with the letter, created in the same
/// transaction (with its first session; the registration is removed).
#[derive(Clone, Debug)]
pub struct HandOverAccount {
    pub account: Account,
    pub registration: RegistrationId,
    pub session: Session,
    pub session_token: TokenHash,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandOverOutcome {
    HandedOver,
    /// The letter was used, revoked or expired, the page has another beheerder now, or the
    /// client record is no longer connected to it; nothing was written.
    NotUsable,
    /// The new account's e-mail address has an account; nothing was written.
    EmailTaken,
    /// The new account's registration proved another address; nothing was written.
    EmailNotProven,
}

#[async_trait]
pub trait HandOverStore {
    /// Hands `hand_over.care_page` to `hand_over.to` (creating `new_account` first when given):
    /// uses the letter, records it on the connection, clears the page's vacancy, removes every
    /// member, stores `messages` and appends `audit`. All or nothing: a refused hand-over leaves
    /// no record.
    async fn hand_over_care_page(
        &self,
        hand_over: &HandOver,
        new_account: Option<&HandOverAccount>,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<HandOverOutcome>;

    /// Creates `page` (for a client its beheerder helps) with `connection`, using the
    /// connection's letter, and stores `messages`. LetterNotUsable (nothing written) when the
    /// letter was used, revoked or expired, or its client record is connected already.
    async fn add_helped_care_page(
        &self,
        page: &CarePage,
        connection: &Connection,
        at: Timestamp,
        messages: &[OutgoingMessage],
    ) -> StoreResult<ConnectOutcome>;
}
