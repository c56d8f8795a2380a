//! An invitation to join the network of a care page (SPEC S6): who is invited, by whom, with
//! which relation and permissions, and whether it is still open. The link in its e-mail works
//! once, for seven days.

use crate::network::{Permissions, Relation};
use crate::{AccountId, CarePageId, InvitationId};
use jiff::{SignedDuration, Timestamp};

/// How long an invitation link works.
pub const INVITATION_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Where an invitation stands. Only an open one can be accepted, declined, withdrawn or sent
/// again; the others are final.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationState {
    Open,
    Accepted,
    Declined,
    Withdrawn,
}

impl InvitationState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Accepted, Self::Declined, Self::Withdrawn]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub id: InvitationId,
    pub care_page_id: CarePageId,
    pub invited_by: AccountId,
    /// The invitee's name as the inviter typed it.
    pub name: String,
    /// Lower case.
    pub email: String,
    /// `nl` or `en`: the language of the invitation e-mail.
    pub language: String,
    pub relation: Relation,
    pub permissions: Permissions,
    pub sees_contacts: bool,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub state: InvitationState,
}

impl Invitation {
    /// Whether the link can still be accepted or declined at `now`.
    pub fn usable(&self, now: Timestamp) -> bool {
        self.state == InvitationState::Open && now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_invitation_is_usable_until_it_expires() {
        let now = Timestamp::UNIX_EPOCH;
        let mut i = Invitation {
            id: InvitationId::new(),
            care_page_id: CarePageId::new(),
            invited_by: AccountId::new(),
            name: "Ria".into(),
            email: "ria@voorbeeld.example".into(),
            language: "nl".into(),
            relation: Relation::Parent,
            permissions: Permissions::NONE,
            sees_contacts: false,
            created_at: now,
            expires_at: now + INVITATION_LIFETIME,
            state: InvitationState::Open,
        };
        assert!(i.usable(now + INVITATION_LIFETIME - SignedDuration::from_secs(1)));
        assert!(!i.usable(now + INVITATION_LIFETIME));
        i.state = InvitationState::Withdrawn;
        assert!(!i.usable(now));
        for s in ["open", "accepted", "declined", "withdrawn"] {
            assert_eq!(InvitationState::parse(s).map(|v| v.as_str()), Some(s));
        }
    }
}
