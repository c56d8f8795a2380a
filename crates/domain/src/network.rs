//! The network of a care page (SPEC S6): how a member is related to the client, what each
//! member may see (permissions per category, with the presets offered when inviting), and the
//! access an account has to a care page as beheerder, co-beheerder or member.

use crate::{AccountId, CarePageId};
use jiff::Timestamp;

/// How a person is related to the client of a care page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Ouder or voogd (parent or guardian).
    Parent,
    Partner,
    Child,
    Family,
    Friend,
    /// Mantelzorger (informal carer).
    InformalCarer,
    /// Wettelijk vertegenwoordiger: mentor, curator or another legal representative.
    LegalRepresentative,
    /// Begeleider (a support worker the client chose).
    Supporter,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 9] = [
        Self::Parent,
        Self::Partner,
        Self::Child,
        Self::Family,
        Self::Friend,
        Self::InformalCarer,
        Self::LegalRepresentative,
        Self::Supporter,
        Self::Other,
    ];

    /// The stable name used in storage, forms and translation keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::Partner => "partner",
            Self::Child => "child",
            Self::Family => "family",
            Self::Friend => "friend",
            Self::InformalCarer => "informal_carer",
            Self::LegalRepresentative => "legal_representative",
            Self::Supporter => "supporter",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One category of a care page that a member may be allowed to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// The providers' appointments.
    Appointments,
    /// Who treats the client (behandelaar and team).
    CareTeam,
    CarePlan,
    Reports,
    Documents,
    Measurements,
    /// The client's own diary (dagboek).
    Diary,
    /// The network's shared agenda: see it and add appointments to it.
    Agenda,
    /// Messages (berichten) between the network's members.
    Messages,
}

impl Permission {
    pub const ALL: [Permission; 9] = [
        Self::Appointments,
        Self::CareTeam,
        Self::CarePlan,
        Self::Reports,
        Self::Documents,
        Self::Measurements,
        Self::Diary,
        Self::Agenda,
        Self::Messages,
    ];

    /// The stable name used in forms and translation keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Appointments => "appointments",
            Self::CareTeam => "care_team",
            Self::CarePlan => "care_plan",
            Self::Reports => "reports",
            Self::Documents => "documents",
            Self::Measurements => "measurements",
            Self::Diary => "diary",
            Self::Agenda => "agenda",
            Self::Messages => "messages",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The bit of this category in [`Permissions::bits`]. Stored: never renumber.
    const fn bit(self) -> u32 {
        1 << match self {
            Self::Appointments => 0,
            Self::CareTeam => 1,
            Self::CarePlan => 2,
            Self::Reports => 3,
            Self::Documents => 4,
            Self::Measurements => 5,
            Self::Diary => 6,
            Self::Agenda => 7,
            Self::Messages => 8,
        }
    }
}

/// A set of permissions, stored as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Permissions(u32);

impl Permissions {
    pub const NONE: Permissions = Permissions(0);

    pub fn all() -> Self {
        Self::of(&Permission::ALL)
    }

    pub fn of(permissions: &[Permission]) -> Self {
        Self(permissions.iter().fold(0, |bits, p| bits | p.bit()))
    }

    /// Reads stored bits; bits of no known category are dropped.
    pub fn from_bits(bits: u32) -> Self {
        Self(bits & Self::all().0)
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn allows(self, permission: Permission) -> bool {
        self.0 & permission.bit() != 0
    }

    pub fn with(self, permission: Permission) -> Self {
        Self(self.0 | permission.bit())
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in this set, in the order of [`Permission::ALL`].
    pub fn list(self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.allows(*p))
            .collect()
    }
}

/// The choices offered when inviting; the categories can be fine-tuned afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// "Alleen de agenda": appointments, the shared agenda and messages (the existing system's
    /// first level).
    AgendaOnly,
    /// "Alles behalve het dossier": everything except care plan, reports, documents and
    /// measurements.
    AllButRecord,
    /// "Alles" (the existing system's "vertrouwensgroep").
    Everything,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Self::AgendaOnly, Self::AllButRecord, Self::Everything];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AgendaOnly => "agenda_only",
            Self::AllButRecord => "all_but_record",
            Self::Everything => "everything",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn permissions(self) -> Permissions {
        use Permission::*;
        match self {
            Self::AgendaOnly => Permissions::of(&[Appointments, Agenda, Messages]),
            Self::AllButRecord => {
                Permissions::of(&[Appointments, CareTeam, Diary, Agenda, Messages])
            }
            Self::Everything => Permissions::all(),
        }
    }
}

/// An account in the network of a care page (not its beheerder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub care_page_id: CarePageId,
    pub account_id: AccountId,
    pub relation: Relation,
    pub permissions: Permissions,
    /// Co-beheerder: the beheerder's powers, except removing the beheerder.
    pub co_beheerder: bool,
    /// Whether this member may see the other members' contact details.
    pub sees_contacts: bool,
    pub joined_at: Timestamp,
}

/// What an account is on one care page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageRole {
    Beheerder,
    CoBeheerder,
    Member,
}

/// An account's access to one care page: its role and what it may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub role: PageRole,
    pub permissions: Permissions,
    pub sees_contacts: bool,
}

impl Access {
    pub fn beheerder() -> Self {
        Self {
            role: PageRole::Beheerder,
            permissions: Permissions::all(),
            sees_contacts: true,
        }
    }

    /// A member's access: a co-beheerder sees everything, as the beheerder does.
    pub fn of_member(member: &Member) -> Self {
        if member.co_beheerder {
            Self {
                role: PageRole::CoBeheerder,
                permissions: Permissions::all(),
                sees_contacts: true,
            }
        } else {
            Self {
                role: PageRole::Member,
                permissions: member.permissions,
                sees_contacts: member.sees_contacts,
            }
        }
    }

    pub fn allows(self, permission: Permission) -> bool {
        self.permissions.allows(permission)
    }

    /// May invite, change and remove members, and unlink providers.
    pub fn manages(self) -> bool {
        matches!(self.role, PageRole::Beheerder | PageRole::CoBeheerder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
        for p in Preset::ALL {
            assert_eq!(Preset::parse(p.as_str()), Some(p));
        }
        assert_eq!(Relation::parse("boss"), None);
    }

    #[test]
    fn bits_round_trip_and_unknown_bits_are_dropped() {
        for p in Permission::ALL {
            let one = Permissions::of(&[p]);
            assert_eq!(one.list(), vec![p]);
            assert_eq!(Permissions::from_bits(one.bits()), one);
        }
        assert_eq!(Permissions::from_bits(u32::MAX), Permissions::all());
        assert!(Permissions::NONE.is_empty());
    }

    #[test]
    fn presets_grow_from_agenda_to_everything() {
        let agenda = Preset::AgendaOnly.permissions();
        let most = Preset::AllButRecord.permissions();
        assert!(agenda.allows(Permission::Agenda) && !agenda.allows(Permission::Reports));
        assert!(most.allows(Permission::CareTeam) && !most.allows(Permission::Documents));
        for p in agenda.list() {
            assert!(most.allows(p));
        }
        assert_eq!(Preset::Everything.permissions(), Permissions::all());
    }

    #[test]
    fn a_co_beheerder_sees_everything_a_member_only_what_was_granted() {
        let mut member = Member {
            care_page_id: CarePageId::new(),
            account_id: AccountId::new(),
            relation: Relation::Friend,
            permissions: Permissions::of(&[Permission::Agenda]),
            co_beheerder: false,
            sees_contacts: false,
            joined_at: Timestamp::UNIX_EPOCH,
        };
        let access = Access::of_member(&member);
        assert!(access.allows(Permission::Agenda) && !access.allows(Permission::Reports));
        assert!(!access.manages());
        member.co_beheerder = true;
        let access = Access::of_member(&member);
        assert!(access.allows(Permission::Reports) && access.manages());
        assert_eq!(access.role, PageRole::CoBeheerder);
    }
}
