//! Care data that providers push per client record: care team, appointments, care plan with
//! goals, reports, documents and measurements. Read-only for clients; the provider is the
//! source of truth.

use crate::{
    AppointmentId, CarePlanId, CareTeamMemberId, ClientRecordId, DocumentId, GoalId, MeasurementId,
    PractitionerId, ReportId,
};
use jiff::{Timestamp, civil::Date};

/// A practitioner in a client's care team, with the role they have for this client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareTeamMember {
    pub id: CareTeamMemberId,
    pub client_record_id: ClientRecordId,
    pub practitioner_id: PractitionerId,
    /// e.g. "behandelaar", "regiebehandelaar", "persoonlijk begeleider".
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    pub id: AppointmentId,
    pub client_record_id: ClientRecordId,
    pub practitioner_id: Option<PractitionerId>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub title: String,
    /// A street address or room; `None` for a video appointment.
    pub location: Option<String>,
    pub video_url: Option<String>,
    /// Not taking place (cancelled, or the client did not come); `state` says which.
    pub cancelled: bool,
    pub state: AppointmentState,
}

/// Where an appointment stands, as the care page says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppointmentState {
    /// Booked, or taking or taken place.
    Planned,
    /// Proposed, pending or on a waiting list: not yet confirmed.
    Unconfirmed,
    Cancelled,
    /// The client did not come ("niet verschenen").
    NoShow,
}

impl AppointmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Unconfirmed => "unconfirmed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "noshow",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "planned" => Some(Self::Planned),
            "unconfirmed" => Some(Self::Unconfirmed),
            "cancelled" => Some(Self::Cancelled),
            "noshow" => Some(Self::NoShow),
            _ => None,
        }
    }
}

/// Which appointments to list: those not yet ended, soonest first, or past ones, latest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppointmentWindow {
    Upcoming { now: Timestamp },
    Past { now: Timestamp },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarePlan {
    pub id: CarePlanId,
    pub client_record_id: ClientRecordId,
    pub title: String,
    pub description: String,
    pub period_start: Date,
    pub period_end: Option<Date>,
    pub status: CarePlanStatus,
    pub intent: CarePlanIntent,
}

/// The FHIR statuses a shown care plan can have (one recorded in error is not shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarePlanStatus {
    Draft,
    Active,
    /// Paused ("gepauzeerd").
    OnHold,
    /// Stopped before it was completed ("gestopt").
    Revoked,
    Completed,
    Unknown,
}

impl CarePlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::OnHold => "on-hold",
            Self::Revoked => "revoked",
            Self::Completed => "completed",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "active" => Some(Self::Active),
            "on-hold" => Some(Self::OnHold),
            "revoked" => Some(Self::Revoked),
            "completed" => Some(Self::Completed),
            "unknown" => Some(Self::Unknown),
            _ => None,
        }
    }
}

/// What a care plan is: a plan, or only a proposal or an option (FHIR `CarePlan.intent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarePlanIntent {
    Plan,
    /// Suggested, not yet agreed ("voorstel").
    Proposal,
    Order,
    /// One of several possible plans ("mogelijkheid").
    Option,
}

impl CarePlanIntent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Proposal => "proposal",
            Self::Order => "order",
            Self::Option => "option",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "plan" => Some(Self::Plan),
            "proposal" => Some(Self::Proposal),
            "order" => Some(Self::Order),
            "option" => Some(Self::Option),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub id: GoalId,
    pub care_plan_id: CarePlanId,
    pub description: String,
    pub achieved: bool,
    pub target_date: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub id: ReportId,
    pub client_record_id: ClientRecordId,
    pub author_id: Option<PractitionerId>,
    pub written_at: Timestamp,
    pub title: String,
    pub body: String,
}

/// A document's description; its bytes are read separately, only when downloaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: DocumentId,
    pub client_record_id: ClientRecordId,
    pub title: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    pub id: MeasurementId,
    pub client_record_id: ClientRecordId,
    /// What was measured, e.g. "Gewicht" or "ROM-score (OQ-45)".
    pub label: String,
    /// `None` when the parts hold the values (a blood pressure).
    pub value: Option<f64>,
    pub unit: String,
    pub measured_at: Timestamp,
    pub status: MeasurementStatus,
    /// The parts of a measurement made of several values, in order (e.g. systolic, diastolic).
    pub components: Vec<MeasurementComponent>,
}

/// A measurement's value as shown: the number and its unit, or for a measurement made of parts
/// the numbers joined by "/" ("120/80", unit "mmHg") with the parts' labels, or each part in
/// full when their units differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownValue {
    pub value: String,
    pub unit: String,
    /// The labels of the parts ("Systolisch / Diastolisch"), when the value joins them.
    pub parts: Option<String>,
}

impl Measurement {
    /// The value as shown; `number` writes a number in the reader's language.
    pub fn shown(&self, number: impl Fn(f64) -> String) -> ShownValue {
        let own = self.value.map(|v| (number(v), self.unit.clone()));
        if self.components.is_empty() {
            let (value, unit) = own.unwrap_or_default();
            return ShownValue {
                value,
                unit,
                parts: None,
            };
        }
        let same_unit = self
            .components
            .iter()
            .all(|c| c.unit == self.components[0].unit);
        let labels = || {
            self.components
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let mut shown = if same_unit {
            ShownValue {
                value: self
                    .components
                    .iter()
                    .map(|c| number(c.value))
                    .collect::<Vec<_>>()
                    .join("/"),
                unit: self.components[0].unit.clone(),
                parts: Some(labels()),
            }
        } else {
            ShownValue {
                value: self
                    .components
                    .iter()
                    .map(|c| {
                        format!("{}: {} {}", c.label, number(c.value), c.unit)
                            .trim_end()
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                unit: String::new(),
                parts: None,
            }
        };
        if let Some((value, unit)) = own {
            shown.value = format!("{value} {unit}; {}", shown.value).replace("  ", " ");
        }
        shown
    }
}

/// One value of a measurement made of several.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MeasurementComponent {
    pub label: String,
    pub value: f64,
    pub unit: String,
}

/// How final a shown measurement is. A measurement recorded in error or cancelled is never
/// shown, so it has no status here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasurementStatus {
    Final,
    /// Not yet final (FHIR `preliminary`, `registered`).
    Preliminary,
    /// Changed after it was final (FHIR `amended`, `corrected`).
    Amended,
    /// The provider does not know (FHIR `unknown`).
    Unknown,
}

impl MeasurementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Final => "final",
            Self::Preliminary => "preliminary",
            Self::Amended => "amended",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "final" => Some(Self::Final),
            "preliminary" => Some(Self::Preliminary),
            "amended" => Some(Self::Amended),
            "unknown" => Some(Self::Unknown),
            _ => None,
        }
    }
}
