//! A validated resource made ready for the store: the JSON to keep, what searches look at, the
//! references that must exist, and what it shows on the care page. Rules the FHIR parser does not
//! know are checked here; problems are issues at the element's FHIRPath under `root` (`Patient`,
//! or `Bundle.entry[3].resource` inside a transaction).

use super::search_index::{end_of, identifiers_of, instant_end};
use crate::dutch_time_zone;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;
use uuid::Uuid;
use zk_domain::care::CarePlanIntent as CareIntent;
use zk_domain::care::CarePlanStatus as CareStatus;
use zk_domain::care::{AppointmentState, MeasurementComponent, MeasurementStatus};
use zk_domain::client::PostalAddress;
use zk_fhir::{
    AppointmentStatus, CarePlanIntent, CarePlanStatus, DocumentContent, DocumentStatus,
    FhirDateTime, GoalLifecycleStatus, Issue, IssueCode, Observation, ObservationStatus, Resource,
};
use zk_store::fhir::{DocumentSource, FhirPut, FhirReference, Projection};

/// Longest client number, as the secretariat's form allows.
const MAX_CLIENT_NUMBER: usize = 64;
const MAX_NAME: usize = 100;

/// The moment a date begins in the Netherlands, where our users live: `date` searches and the
/// care page read dates as Dutch days.
pub(crate) fn start_of_day(date: Date) -> Timestamp {
    date.to_zoned(dutch_time_zone())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn timestamp(dt: FhirDateTime) -> Timestamp {
    match dt {
        FhirDateTime::Date(d) => start_of_day(d),
        FhirDateTime::Instant(t) => t,
    }
}

fn dutch_date(dt: FhirDateTime) -> Date {
    match dt {
        FhirDateTime::Date(d) => d,
        FhirDateTime::Instant(t) => t.to_zoned(dutch_time_zone()).date(),
    }
}

struct Builder<'a> {
    root: &'a str,
    issues: Vec<Issue>,
}

impl Builder<'_> {
    fn at(&self, path: &str) -> String {
        format!("{}.{path}", self.root)
    }

    fn issue(&mut self, code: IssueCode, path: &str, diagnostics: impl Into<String>) {
        let at = self.at(path);
        self.issues.push(Issue::error(code, diagnostics).at(at));
    }
}

/// Checks `resource` and makes its store write. `today` and `now` fill in what a resource may
/// leave out (a report's date).
pub(crate) fn prepare(
    resource: &Resource,
    root: &str,
    today: Date,
    now: Timestamp,
) -> Result<FhirPut, Vec<Issue>> {
    let mut b = Builder {
        root,
        issues: Vec::new(),
    };
    let mut body = resource.to_json(None);
    b.issues.extend(super::bsn::bsn_issues(&body, root));
    let mut content = None;
    let mut search_date = None;
    let mut search_date_end = None;
    let mut identifier = None;
    let mut patient: Option<String> = None;
    let mut references = Vec::new();
    let required = |t: &str, id: &str| FhirReference::required(t, id);
    let projection = match resource {
        Resource::Patient(p) => {
            let number = p
                .identifiers
                .first()
                .map(|i| i.value.trim().to_owned())
                .unwrap_or_default();
            if number.is_empty() || number.chars().count() > MAX_CLIENT_NUMBER {
                b.issue(
                    IssueCode::Value,
                    "identifier[0].value",
                    format!("The client number (the first identifier's value) must be 1 to {MAX_CLIENT_NUMBER} characters"),
                );
            }
            for (path, name) in [
                ("name[0].family", Some(&p.family)),
                ("name[0].given", p.given.as_ref()),
            ] {
                if name.is_some_and(|n| n.chars().count() > MAX_NAME) {
                    b.issue(
                        IssueCode::Value,
                        path,
                        format!("A name is at most {MAX_NAME} characters"),
                    );
                }
            }
            if p.birth_date > today {
                b.issue(
                    IssueCode::Value,
                    "birthDate",
                    format!("The birth date {} lies in the future", p.birth_date),
                );
            }
            identifier = Some(number.clone());
            Projection::ClientRecord {
                client_number: number,
                first_name: p.given.clone().unwrap_or_default(),
                last_name: p.family.clone(),
                birth_date: p.birth_date,
                email: p.email.clone(),
                address: p.address.as_ref().map(|a| PostalAddress {
                    street: a.lines.join(", "),
                    postal_code: a.postal_code.clone().unwrap_or_default(),
                    city: a.city.clone().unwrap_or_default(),
                }),
            }
        }
        Resource::Practitioner(p) => Projection::Practitioner {
            name: p.name.clone(),
            discipline: p.discipline.clone().unwrap_or_default(),
        },
        Resource::PractitionerRole(r) => {
            references.push(required("Practitioner", &r.practitioner.id));
            Projection::None
        }
        Resource::CareTeam(t) => {
            patient = Some(t.subject.id.clone());
            let mut members: Vec<(String, String)> = Vec::new();
            for (n, m) in t.participants.iter().enumerate() {
                if members.iter().any(|(id, _)| *id == m.member.id) {
                    b.issue(
                        IssueCode::Invalid,
                        &format!("participant[{n}].member.reference"),
                        format!("{} is listed more than once", m.member),
                    );
                    continue;
                }
                references.push(required("Practitioner", &m.member.id));
                members.push((m.member.id.clone(), m.role.clone().unwrap_or_default()));
            }
            if t.inactive {
                // Inactive, suspended or recorded in error: the members leave the care page.
                Projection::None
            } else {
                Projection::CareTeam { members }
            }
        }
        Resource::Appointment(a) => {
            patient = Some(a.patient.id.clone());
            if let Some(p) = &a.practitioner {
                references.push(required("Practitioner", &p.id));
            }
            search_date = Some(a.start);
            search_date_end = Some(a.end);
            let state = match a.status {
                AppointmentStatus::Proposed
                | AppointmentStatus::Pending
                | AppointmentStatus::Waitlist => Some(AppointmentState::Unconfirmed),
                AppointmentStatus::Booked
                | AppointmentStatus::Arrived
                | AppointmentStatus::Fulfilled
                | AppointmentStatus::CheckedIn => Some(AppointmentState::Planned),
                AppointmentStatus::Cancelled => Some(AppointmentState::Cancelled),
                AppointmentStatus::Noshow => Some(AppointmentState::NoShow),
                AppointmentStatus::EnteredInError => None,
            };
            if let Some(state) = state {
                Projection::Appointment {
                    practitioner: a.practitioner.as_ref().map(|p| p.id.clone()),
                    starts_at: a.start,
                    ends_at: a.end,
                    title: a.title.clone().unwrap_or_default(),
                    location: a.location.clone(),
                    video_url: a.video_url().map(str::to_owned),
                    cancelled: a.status.is_cancelled(),
                    state,
                }
            } else {
                Projection::None
            }
        }
        Resource::CarePlan(p) => {
            patient = Some(p.subject.id.clone());
            search_date = Some(timestamp(p.start));
            search_date_end = p.end.map(end_of);
            let start = dutch_date(p.start);
            let end = p.end.map(dutch_date);
            if end.is_some_and(|e| e < start) {
                b.issue(
                    IssueCode::Invalid,
                    "period.end",
                    "The end of the period lies before its start",
                );
            }
            let mut goals: Vec<String> = Vec::new();
            for g in &p.goals {
                if !goals.contains(&g.id) {
                    references.push(FhirReference::optional("Goal", &g.id));
                    goals.push(g.id.clone());
                }
            }
            let status = match p.status {
                CarePlanStatus::Draft => Some(CareStatus::Draft),
                CarePlanStatus::Active => Some(CareStatus::Active),
                CarePlanStatus::OnHold => Some(CareStatus::OnHold),
                CarePlanStatus::Revoked => Some(CareStatus::Revoked),
                CarePlanStatus::Completed => Some(CareStatus::Completed),
                CarePlanStatus::Unknown => Some(CareStatus::Unknown),
                CarePlanStatus::EnteredInError => None,
            };
            let intent = match p.intent {
                CarePlanIntent::Plan => CareIntent::Plan,
                CarePlanIntent::Proposal => CareIntent::Proposal,
                CarePlanIntent::Order => CareIntent::Order,
                CarePlanIntent::Option => CareIntent::Option,
            };
            match status {
                Some(status) => Projection::CarePlan {
                    title: p.title.clone().unwrap_or_default(),
                    description: p.description.clone().unwrap_or_default(),
                    period_start: start,
                    period_end: end,
                    status,
                    intent,
                    goals,
                },
                // Recorded in error: withdrawn; its goals wait for another plan.
                None => Projection::None,
            }
        }
        Resource::Goal(g) => {
            patient = Some(g.subject.id.clone());
            if matches!(
                g.lifecycle_status,
                GoalLifecycleStatus::EnteredInError
                    | GoalLifecycleStatus::Cancelled
                    | GoalLifecycleStatus::Rejected
            ) {
                Projection::None
            } else {
                Projection::Goal {
                    description: g.description.clone(),
                    achieved: g.achieved,
                    target_date: g.due_date,
                }
            }
        }
        Resource::DocumentReference(d) => {
            patient = Some(d.subject.id.clone());
            if let Some(a) = &d.author {
                references.push(required("Practitioner", &a.id));
            }
            search_date = d.date;
            search_date_end = d.date.map(instant_end);
            if !d.is_report() && !d.is_pdf() {
                b.issue(
                    IssueCode::NotSupported,
                    "content[0].attachment.contentType",
                    "Only PDF documents (application/pdf) and inline plain-text reports (text/plain) are accepted",
                );
            }
            let source = match &d.content {
                DocumentContent::Inline(bytes) => {
                    if bytes.is_empty() {
                        b.issue(
                            IssueCode::Invalid,
                            "content[0].attachment.data",
                            "The document is empty",
                        );
                    } else if d.is_pdf() && !bytes.starts_with(b"%PDF-") {
                        b.issue(
                            IssueCode::Invalid,
                            "content[0].attachment.data",
                            "The data is not a PDF file (it does not start with %PDF-)",
                        );
                    }
                    DocumentSource::Inline(bytes.clone())
                }
                DocumentContent::Binary(id) => {
                    references.push(required("Binary", id));
                    DocumentSource::Binary(id.clone())
                }
            };
            let title = d.title.clone().unwrap_or_default();
            let at = d.date.unwrap_or(now);
            if matches!(
                d.status,
                DocumentStatus::EnteredInError | DocumentStatus::Superseded
            ) {
                Projection::None
            } else if let Some(text) = d.report_text() {
                Projection::Report {
                    author: d.author.as_ref().map(|a| a.id.clone()),
                    written_at: at,
                    title,
                    body: text.to_owned(),
                }
            } else {
                Projection::Document {
                    title,
                    content_type: d.content_type.clone(),
                    created_at: at,
                    source,
                }
            }
        }
        Resource::Binary(bin) => {
            if !bin.is_pdf() {
                b.issue(
                    IssueCode::NotSupported,
                    "contentType",
                    "Only PDF documents (application/pdf) are accepted",
                );
            } else if !bin.data.starts_with(b"%PDF-") {
                b.issue(
                    IssueCode::Invalid,
                    "data",
                    "The data is not a PDF file (it does not start with %PDF-)",
                );
            }
            // The bytes are kept beside the JSON, not in it twice, unless the text was sent
            // in another form than ours (R4 allows whitespace in base64): then it stays as sent.
            if let Value::Object(map) = &mut body
                && map.get("data").and_then(Value::as_str)
                    == Some(zk_fhir::base64_text(&bin.data).as_str())
            {
                map.remove("data");
            }
            content = Some(bin.data.clone());
            Projection::None
        }
        Resource::Observation(o) => {
            patient = Some(o.subject.id.clone());
            let measured_at = timestamp(o.effective);
            search_date = Some(measured_at);
            search_date_end = Some(end_of(o.effective));
            measurement(o, measured_at)
        }
        Resource::Transaction(_) => {
            b.issue(
                IssueCode::NotSupported,
                "resourceType",
                "A Bundle cannot be stored",
            );
            Projection::None
        }
    };
    if let Some(p) = &patient {
        references.insert(0, required("Patient", p));
    }
    if !b.issues.is_empty() {
        return Err(b.issues);
    }
    let (resource_type, id) = (resource.resource_type(), resource.id().unwrap_or_default());
    Ok(FhirPut {
        resource_type: resource_type.as_str().to_owned(),
        id: id.to_owned(),
        body: body.to_string(),
        content,
        search_date,
        search_date_end,
        identifier,
        identifiers: identifiers_of(&body),
        patient,
        references,
        projection,
        new_care_id: Uuid::now_v7(),
    })
}

/// What an Observation shows: nothing when it was recorded in error or cancelled (and what it
/// showed before is withdrawn), else the measurement with how final it is and its parts.
fn measurement(o: &Observation, measured_at: Timestamp) -> Projection {
    let status = match o.status {
        ObservationStatus::Cancelled | ObservationStatus::EnteredInError => {
            return Projection::None;
        }
        ObservationStatus::Final => MeasurementStatus::Final,
        ObservationStatus::Registered | ObservationStatus::Preliminary => {
            MeasurementStatus::Preliminary
        }
        ObservationStatus::Amended | ObservationStatus::Corrected => MeasurementStatus::Amended,
        ObservationStatus::Unknown => MeasurementStatus::Unknown,
    };
    Projection::Measurement {
        label: o.label.clone(),
        value: o.value,
        unit: o.unit.clone(),
        measured_at,
        status,
        components: o
            .components
            .iter()
            .map(|c| MeasurementComponent {
                label: c.label.clone(),
                value: c.value,
                unit: c.unit.clone(),
            })
            .collect(),
    }
}
