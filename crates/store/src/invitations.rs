//! The Store trait for invitations to a care page's network (SPEC S6). A link works once: its
//! token is stored as a hash, and accepting marks the invitation and adds the member in one
//! transaction, so of racing accepts exactly one wins. Every change carries its e-mails, and its
//! audit record ([`Audit`]), appended in the same transaction only when the change is made.

use crate::{Audit, OutgoingMessage, StoreResult, TokenHash};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::invitation::Invitation;
use zk_domain::network::Member;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, CarePageId, InvitationId};

#[async_trait]
pub trait InvitationStore {
    /// Stores a new invitation with its token's hash, `messages` and `audit`.
    async fn create_invitation(
        &self,
        invitation: &Invitation,
        token: &TokenHash,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    async fn get_invitation(&self, id: InvitationId) -> StoreResult<Option<Invitation>>;
    /// The invitation whose current token has this hash, in any state.
    async fn find_invitation_by_token(&self, token: &TokenHash) -> StoreResult<Option<Invitation>>;
    /// A care page's open invitations (expired ones too), oldest first.
    async fn open_invitations_of(
        &self,
        care_page: CarePageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Invitation>>;
    /// Marks the invitation accepted if it is open and unexpired at `at`, adds `member` and
    /// stores `messages` and `audit`, all at once. False (nothing written, no record) when it was
    /// not usable any more. Conflict (nothing written, no record) when the account is a member
    /// of the page already.
    async fn accept_invitation(
        &self,
        id: InvitationId,
        member: &Member,
        at: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Marks an open, unexpired invitation declined, with `messages` and `audit`. False (nothing
    /// written, no record) otherwise.
    async fn decline_invitation(
        &self,
        id: InvitationId,
        at: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Marks an open invitation withdrawn, expired or not, with `messages` and `audit`. False
    /// (nothing written, no record) otherwise.
    async fn withdraw_invitation(
        &self,
        id: InvitationId,
        at: Timestamp,
        messages: &[OutgoingMessage],
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
    /// Gives an open invitation a new token and expiry: the old link stops working. False
    /// (nothing written) when it is not open.
    async fn resend_invitation(
        &self,
        id: InvitationId,
        token: &TokenHash,
        expires_at: Timestamp,
        messages: &[OutgoingMessage],
    ) -> StoreResult<bool>;
    /// Withdraws every open invitation the account sent (for deleting the account). Returns how
    /// many.
    async fn withdraw_invitations_by(&self, account: AccountId, at: Timestamp) -> StoreResult<u64>;
}
