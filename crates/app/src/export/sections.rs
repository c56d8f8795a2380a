//! The sections of a data export, each with the rule that says who gets it. A new kind of
//! care page data (as messages were) is a new variant here, a reader in `collect` and a part
//! in the Bundle and the summary: nothing else changes.

use zk_domain::network::{Access, Permission};

/// One part of an export, in the order the summary shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Who the care page is for (name and birth date): everyone with access sees it.
    Person,
    /// The requester's own account: always, it is their own data.
    Account,
    CareTeam,
    Appointments,
    CarePlan,
    Reports,
    Documents,
    Measurements,
    /// The network's own agenda.
    Agenda,
    Diary,
    /// The message threads the requester takes part in.
    Messages,
    /// The network's members and open invitations.
    Network,
    /// Who looked at the care page: for the beheerder and co-beheerders.
    AuditTrail,
}

impl Section {
    pub const ALL: [Section; 13] = [
        Self::Person,
        Self::Account,
        Self::CareTeam,
        Self::Appointments,
        Self::CarePlan,
        Self::Reports,
        Self::Documents,
        Self::Measurements,
        Self::Agenda,
        Self::Diary,
        Self::Messages,
        Self::Network,
        Self::AuditTrail,
    ];

    /// The stable name used in translation keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Account => "account",
            Self::CareTeam => "care-team",
            Self::Appointments => "appointments",
            Self::CarePlan => "care-plan",
            Self::Reports => "reports",
            Self::Documents => "documents",
            Self::Measurements => "measurements",
            Self::Agenda => "agenda",
            Self::Diary => "diary",
            Self::Messages => "messages",
            Self::Network => "network",
            Self::AuditTrail => "audit-trail",
        }
    }

    /// Whether an account with `access` (none: it lost its access to the page) gets this part.
    pub fn allowed(self, access: Option<Access>) -> bool {
        let Some(access) = access else {
            return self == Self::Account;
        };
        let category = |p: Permission| access.allows(p);
        match self {
            Self::Person | Self::Account => true,
            Self::CareTeam => category(Permission::CareTeam),
            Self::Appointments => category(Permission::Appointments),
            Self::CarePlan => category(Permission::CarePlan),
            Self::Reports => category(Permission::Reports),
            Self::Documents => category(Permission::Documents),
            Self::Measurements => category(Permission::Measurements),
            Self::Agenda => category(Permission::Agenda),
            Self::Diary => category(Permission::Diary),
            Self::Messages => category(Permission::Messages),
            Self::Network => access.manages() || access.sees_contacts,
            Self::AuditTrail => access.manages(),
        }
    }

    /// Every part an account with `access` gets.
    pub fn for_access(access: Option<Access>) -> Vec<Section> {
        Self::ALL
            .into_iter()
            .filter(|s| s.allowed(access))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zk_domain::network::{PageRole, Permissions};

    fn member(permissions: &[Permission]) -> Access {
        Access {
            role: PageRole::Member,
            permissions: Permissions::of(permissions),
            sees_contacts: false,
        }
    }

    #[test]
    fn a_member_gets_only_the_categories_granted() {
        assert_eq!(
            Section::for_access(Some(member(&[Permission::Agenda]))),
            vec![Section::Person, Section::Account, Section::Agenda]
        );
        assert_eq!(
            Section::for_access(Some(member(&[]))),
            vec![Section::Person, Section::Account]
        );
        assert_eq!(Section::for_access(None), vec![Section::Account]);
        assert_eq!(
            Section::for_access(Some(Access::beheerder())),
            Section::ALL.to_vec()
        );
    }
}
