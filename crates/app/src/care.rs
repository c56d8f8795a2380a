//! Care data pushed by a provider for one of its client records. The provider is the source of
//! truth; these use cases check the shape and that everything stays within one provider.

use crate::error::conflict_as;
use crate::providers::required;
use crate::{App, AppError, AppResult};
use jiff::Timestamp;
use jiff::civil::Date;
use zk_domain::care::*;
use zk_domain::client::ClientRecord;
use zk_domain::*;

/// Largest document a provider may push (the FHIR API will make this configurable).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

async fn client_of(app: &App, id: ClientRecordId) -> AppResult<ClientRecord> {
    app.store
        .get_client_record(id)
        .await?
        .ok_or(AppError::NotFound("client record"))
}

/// A practitioner must belong to the client's own provider.
async fn check_practitioner(app: &App, client: &ClientRecord, id: PractitionerId) -> AppResult<()> {
    match app.store.get_practitioner(id).await? {
        Some(p) if p.provider_id == client.provider_id => Ok(()),
        _ => Err(AppError::NotFound("practitioner")),
    }
}

pub async fn add_to_care_team(
    app: &App,
    client: ClientRecordId,
    practitioner: PractitionerId,
    role: &str,
) -> AppResult<CareTeamMember> {
    let record = client_of(app, client).await?;
    check_practitioner(app, &record, practitioner).await?;
    let member = CareTeamMember {
        id: CareTeamMemberId::new(),
        client_record_id: client,
        practitioner_id: practitioner,
        role: required("role", role, 100)?,
    };
    app.store
        .insert_care_team_member(&member)
        .await
        .map_err(conflict_as("care team member"))?;
    Ok(member)
}

#[derive(Clone, Debug)]
pub struct NewAppointment {
    pub practitioner: Option<PractitionerId>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub title: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
}

pub async fn add_appointment(
    app: &App,
    client: ClientRecordId,
    new: NewAppointment,
) -> AppResult<Appointment> {
    let record = client_of(app, client).await?;
    if let Some(p) = new.practitioner {
        check_practitioner(app, &record, p).await?;
    }
    if new.ends_at < new.starts_at {
        return Err(AppError::invalid("ends_at", "lies before the start"));
    }
    if let Some(url) = &new.video_url
        && !url.starts_with("https://")
    {
        return Err(AppError::invalid("video_url", "must start with https://"));
    }
    let appointment = Appointment {
        id: AppointmentId::new(),
        client_record_id: client,
        practitioner_id: new.practitioner,
        starts_at: new.starts_at,
        ends_at: new.ends_at,
        title: required("title", &new.title, 200)?,
        location: new
            .location
            .map(|l| required("location", &l, 300))
            .transpose()?,
        video_url: new.video_url,
        cancelled: false,
        state: zk_domain::care::AppointmentState::Planned,
    };
    app.store.insert_appointment(&appointment).await?;
    Ok(appointment)
}

pub async fn add_care_plan(
    app: &App,
    client: ClientRecordId,
    title: &str,
    description: &str,
    period: (Date, Option<Date>),
    goals: &[(&str, bool, Option<Date>)],
) -> AppResult<CarePlan> {
    client_of(app, client).await?;
    if let (start, Some(end)) = period
        && end < start
    {
        return Err(AppError::invalid("period_end", "lies before the start"));
    }
    let plan = CarePlan {
        id: CarePlanId::new(),
        client_record_id: client,
        title: required("title", title, 200)?,
        description: description.trim().to_owned(),
        period_start: period.0,
        period_end: period.1,
        status: CarePlanStatus::Active,
        intent: zk_domain::care::CarePlanIntent::Plan,
    };
    let goals = goals
        .iter()
        .map(|(description, achieved, target_date)| {
            Ok(Goal {
                id: GoalId::new(),
                care_plan_id: plan.id,
                description: required("goal", description, 1000)?,
                achieved: *achieved,
                target_date: *target_date,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    app.store.insert_care_plan(&plan).await?;
    for goal in &goals {
        app.store.insert_goal(goal).await?;
    }
    Ok(plan)
}

pub async fn add_report(
    app: &App,
    client: ClientRecordId,
    author: Option<PractitionerId>,
    written_at: Timestamp,
    title: &str,
    body: &str,
) -> AppResult<Report> {
    let record = client_of(app, client).await?;
    if let Some(a) = author {
        check_practitioner(app, &record, a).await?;
    }
    let report = Report {
        id: ReportId::new(),
        client_record_id: client,
        author_id: author,
        written_at,
        title: required("title", title, 200)?,
        body: required("body", body, 100_000)?,
    };
    app.store.insert_report(&report).await?;
    Ok(report)
}

pub async fn add_document(
    app: &App,
    client: ClientRecordId,
    title: &str,
    content_type: &str,
    content: &[u8],
) -> AppResult<Document> {
    client_of(app, client).await?;
    if content.is_empty() {
        return Err(AppError::invalid("content", "is empty"));
    }
    if content.len() > MAX_DOCUMENT_BYTES {
        return Err(AppError::invalid(
            "content",
            format!("is larger than {MAX_DOCUMENT_BYTES} bytes"),
        ));
    }
    if content_type == "application/pdf" && !content.starts_with(b"%PDF-") {
        return Err(AppError::invalid("content", "is not a PDF file"));
    }
    let document = Document {
        id: DocumentId::new(),
        client_record_id: client,
        title: required("title", title, 200)?,
        content_type: required("content_type", content_type, 100)?,
        size_bytes: content.len() as u64,
        created_at: app.now(),
    };
    app.store.insert_document(&document, content).await?;
    Ok(document)
}

pub async fn add_measurement(
    app: &App,
    client: ClientRecordId,
    label: &str,
    value: f64,
    unit: &str,
    measured_at: Timestamp,
) -> AppResult<Measurement> {
    client_of(app, client).await?;
    if !value.is_finite() {
        return Err(AppError::invalid("value", "is not a number"));
    }
    let measurement = Measurement {
        id: MeasurementId::new(),
        client_record_id: client,
        label: required("label", label, 200)?,
        value: Some(value),
        unit: unit.trim().to_owned(),
        measured_at,
        status: zk_domain::care::MeasurementStatus::Final,
        components: Vec::new(),
    };
    app.store.insert_measurement(&measurement).await?;
    Ok(measurement)
}
