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
    pub cancelled: bool,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarePlanStatus {
    Draft,
    Active,
    Completed,
}

impl CarePlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "active" => Some(Self::Active),
            "completed" => Some(Self::Completed),
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
    pub value: f64,
    pub unit: String,
    pub measured_at: Timestamp,
}
