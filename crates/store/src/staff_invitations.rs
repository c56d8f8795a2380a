//! The Store trait for staff invitations (SPEC S8): an admin invites an e-mail address into a
//! provider's staff; the membership exists only once the account with exactly that address
//! accepts through the link mailed to it (made then, when the address has none).

use crate::{Audit, OutgoingMessage, StaffRole, StoreResult, TokenHash};
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;
use zk_domain::account::Account;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, ProviderId};

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffInvitationState {
    Open,
    Accepted,
    Withdrawn,
    /// A newer invitation of the same address to the same provider took its place.
    Replaced,
}

impl StaffInvitationState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Withdrawn => "withdrawn",
            Self::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "accepted" => Some(Self::Accepted),
            "withdrawn" => Some(Self::Withdrawn),
            "replaced" => Some(Self::Replaced),
            _ => None,
        }
    }
}

/// An invitation of one e-mail address into a provider's staff, with the name and role the
/// admin typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffInvitation {
    pub id: Uuid,
    pub provider_id: ProviderId,
    /// In lower case, as typed.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: StaffRole,
    /// The admin who invited; none from the command line.
    pub invited_by: Option<AccountId>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub state: StaffInvitationState,
}

/// What came of accepting an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffAcceptance {
    Accepted,
    /// Unknown, used, withdrawn, replaced or expired; nothing was written.
    NotUsable,
    /// The account's address is not the invited one; nothing was written.
    OtherAddress,
    /// The account is a member of the provider already; nothing was written.
    AlreadyMember,
    /// The account to make has an address that has an account; nothing was written.
    EmailTaken,
}

#[async_trait]
pub trait StaffInvitationStore {
    /// Stores an open invitation with its link's token, queues `mail` and appends `audit`, in
    /// one transaction. An open invitation of the same address to the same provider is
    /// replaced: its link stops working.
    async fn create_staff_invitation(
        &self,
        invitation: &StaffInvitation,
        token: &TokenHash,
        mail: &OutgoingMessage,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// The invitation of a link, in whatever state.
    async fn find_staff_invitation(
        &self,
        token: &TokenHash,
    ) -> StoreResult<Option<StaffInvitation>>;
    /// Accepts the open invitation of `token` unexpired at `now` for `account`, inserting
    /// `new_account` (which must be `account`) first when given: only when the account's
    /// address is exactly the invited one. Adds the membership with the invited role and
    /// appends `audit`. All or nothing (nothing is recorded unless it is accepted); of racing
    /// callers at most one succeeds.
    async fn accept_staff_invitation(
        &self,
        token: &TokenHash,
        account: AccountId,
        new_account: Option<&Account>,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<StaffAcceptance>;
    /// A provider's open invitations unexpired at `now`, ordered by id.
    async fn list_staff_invitations(
        &self,
        provider: ProviderId,
        now: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<StaffInvitation>>;
    /// Withdraws an open invitation of `provider`, with `audit` appended in the same
    /// transaction; false (and nothing recorded) when it has no such open invitation.
    async fn withdraw_staff_invitation(
        &self,
        provider: ProviderId,
        id: Uuid,
        now: Timestamp,
        audit: Audit<'_>,
    ) -> StoreResult<bool>;
}
