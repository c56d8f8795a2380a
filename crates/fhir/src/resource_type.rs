//! The FHIR resource types this server accepts and serves.

use std::fmt;

/// A resource type the portal knows. Anything else is refused with `not-supported`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceType {
    Patient,
    Practitioner,
    PractitionerRole,
    CareTeam,
    Appointment,
    CarePlan,
    Goal,
    DocumentReference,
    Binary,
    Observation,
    Bundle,
}

impl ResourceType {
    /// Every type, in a stable order.
    pub const ALL: [ResourceType; 11] = [
        ResourceType::Patient,
        ResourceType::Practitioner,
        ResourceType::PractitionerRole,
        ResourceType::CareTeam,
        ResourceType::Appointment,
        ResourceType::CarePlan,
        ResourceType::Goal,
        ResourceType::DocumentReference,
        ResourceType::Binary,
        ResourceType::Observation,
        ResourceType::Bundle,
    ];

    /// The type for its exact FHIR name (case-sensitive, as in `resourceType` and URLs).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The FHIR name, e.g. `"DocumentReference"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResourceType::Patient => "Patient",
            ResourceType::Practitioner => "Practitioner",
            ResourceType::PractitionerRole => "PractitionerRole",
            ResourceType::CareTeam => "CareTeam",
            ResourceType::Appointment => "Appointment",
            ResourceType::CarePlan => "CarePlan",
            ResourceType::Goal => "Goal",
            ResourceType::DocumentReference => "DocumentReference",
            ResourceType::Binary => "Binary",
            ResourceType::Observation => "Observation",
            ResourceType::Bundle => "Bundle",
        }
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ResourceType;

    #[test]
    fn parse_and_as_str_agree() {
        for t in ResourceType::ALL {
            assert_eq!(ResourceType::parse(t.as_str()), Some(t));
        }
        assert_eq!(ResourceType::parse("patient"), None);
        assert_eq!(ResourceType::parse("Encounter"), None);
    }
}
