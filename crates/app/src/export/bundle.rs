//! The FHIR R4 Bundle (type `collection`) of an export, made only of resources our FHIR models
//! validate. The care page's person is the Patient; provider data keeps its own resource types;
//! the network's agenda items are Appointments (participant: the Patient) and diary entries are
//! text DocumentReferences, like reports, and so is each message thread. Our models have no RelatedPerson, AuditEvent or
//! account resource yet, so the account, the network and the audit trail each travel as one
//! DocumentReference whose text attachment is JSON (titles below), readable by any FHIR client.

use super::Section;
use super::collect::{ExportData, ProviderData};
use serde_json::{Value, json};
use zk_domain::care::AppointmentState;
use zk_fhir::*;

/// The titles of the JSON DocumentReferences.
pub const ACCOUNT_TITLE: &str = "Zorgkring: account";
pub const NETWORK_TITLE: &str = "Zorgkring: network";
pub const AUDIT_TITLE: &str = "Zorgkring: audit trail";
/// The title prefix of a diary entry.
pub const DIARY_TITLE: &str = "Zorgkring: diary";
/// The title prefix of a message thread.
pub const MESSAGES_TITLE: &str = "Zorgkring: messages";

fn patient_ref(data: &ExportData) -> Reference {
    Reference::new(ResourceType::Patient, data.page.id.to_string())
}

fn json_document(data: &ExportData, id: String, title: &str, body: &Value) -> Value {
    DocumentReference {
        received: None,
        id,
        subject: patient_ref(data),
        status: DocumentStatus::Current,
        title: Some(title.to_owned()),
        date: Some(data.made_at),
        author: None,
        // Our models take text or PDF: the JSON travels as text.
        content_type: "text/plain".into(),
        content: DocumentContent::Inline(serde_json::to_vec_pretty(body).unwrap_or_default()),
    }
    .to_json(None)
}

fn provider_resources(data: &ExportData, p: &ProviderData, out: &mut Vec<Value>) {
    let subject = patient_ref(data);
    let practitioner =
        |id: zk_domain::PractitionerId| Reference::new(ResourceType::Practitioner, id.to_string());
    for pr in p.practitioners.values() {
        out.push(
            Practitioner {
                received: None,
                id: pr.id.to_string(),
                name: pr.name.clone(),
                discipline: Some(pr.discipline.clone()).filter(|d| !d.is_empty()),
            }
            .to_json(None),
        );
    }
    if !p.team.is_empty() {
        out.push(
            CareTeam {
                received: None,
                id: p.client_record_id.to_string(),
                subject: subject.clone(),
                inactive: false,
                participants: p
                    .team
                    .iter()
                    .map(|m| CareTeamMember {
                        member: practitioner(m.practitioner_id),
                        role: Some(m.role.clone()),
                    })
                    .collect(),
            }
            .to_json(None),
        );
    }
    for a in &p.appointments {
        out.push(
            Appointment {
                received: None,
                id: a.id.to_string(),
                status: match a.state {
                    AppointmentState::Planned => AppointmentStatus::Booked,
                    AppointmentState::Unconfirmed => AppointmentStatus::Pending,
                    AppointmentState::Cancelled => AppointmentStatus::Cancelled,
                    AppointmentState::NoShow => AppointmentStatus::Noshow,
                },
                title: Some(a.title.clone()),
                start: a.starts_at,
                end: a.ends_at,
                patient: subject.clone(),
                practitioner: a.practitioner_id.map(practitioner),
                location: a.location.clone(),
                comment: a.video_url.clone(),
            }
            .to_json(None),
        );
    }
    for (plan, goals) in &p.plans {
        out.push(
            CarePlan {
                received: None,
                id: plan.id.to_string(),
                subject: subject.clone(),
                status: CarePlanStatus::parse(plan.status.as_str())
                    .unwrap_or(CarePlanStatus::Unknown),
                intent: CarePlanIntent::parse(plan.intent.as_str()).unwrap_or(CarePlanIntent::Plan),
                title: Some(plan.title.clone()),
                description: Some(plan.description.clone()).filter(|d| !d.is_empty()),
                start: FhirDateTime::Date(plan.period_start),
                end: plan.period_end.map(FhirDateTime::Date),
                goals: goals
                    .iter()
                    .map(|g| Reference::new(ResourceType::Goal, g.id.to_string()))
                    .collect(),
            }
            .to_json(None),
        );
        for g in goals {
            out.push(
                Goal {
                    received: None,
                    id: g.id.to_string(),
                    subject: subject.clone(),
                    description: g.description.clone(),
                    lifecycle_status: if g.achieved {
                        GoalLifecycleStatus::Completed
                    } else {
                        GoalLifecycleStatus::Active
                    },
                    achieved: g.achieved,
                    due_date: g.target_date,
                }
                .to_json(None),
            );
        }
    }
    for r in &p.reports {
        out.push(
            DocumentReference {
                received: None,
                id: r.id.to_string(),
                subject: subject.clone(),
                status: DocumentStatus::Current,
                title: Some(r.title.clone()),
                date: Some(r.written_at),
                author: r.author_id.map(practitioner),
                content_type: "text/plain".into(),
                content: DocumentContent::Inline(r.body.clone().into_bytes()),
            }
            .to_json(None),
        );
    }
    for (d, bytes) in &p.documents {
        out.push(
            DocumentReference {
                received: None,
                id: d.id.to_string(),
                subject: subject.clone(),
                status: DocumentStatus::Current,
                title: Some(d.title.clone()),
                date: Some(d.created_at),
                author: None,
                content_type: d.content_type.clone(),
                content: DocumentContent::Inline(bytes.clone()),
            }
            .to_json(None),
        );
    }
    for m in &p.measurements {
        out.push(
            Observation {
                received: None,
                id: m.id.to_string(),
                subject: subject.clone(),
                status: match m.status {
                    zk_domain::care::MeasurementStatus::Final => ObservationStatus::Final,
                    zk_domain::care::MeasurementStatus::Preliminary => {
                        ObservationStatus::Preliminary
                    }
                    zk_domain::care::MeasurementStatus::Amended => ObservationStatus::Amended,
                    zk_domain::care::MeasurementStatus::Unknown => ObservationStatus::Unknown,
                },
                label: m.label.clone(),
                value: m.value,
                unit: m.unit.clone(),
                components: m
                    .components
                    .iter()
                    .map(|c| ObservationComponent {
                        label: c.label.clone(),
                        value: c.value,
                        unit: c.unit.clone(),
                    })
                    .collect(),
                effective: FhirDateTime::Instant(m.measured_at),
            }
            .to_json(None),
        );
    }
}

fn account_json(data: &ExportData) -> Value {
    let a = &data.account;
    json!({
        "name": a.account.full_name(),
        "email": a.account.email,
        "phone": a.account.phone,
        "language": a.account.language,
        "createdAt": a.account.created_at.to_string(),
        "secondFactors": a.factors.iter().map(|f| json!({
            "kind": f.kind,
            "name": f.name,
            "since": f.since.map(|t| t.to_string()),
        })).collect::<Vec<_>>(),
        "sessions": a.sessions.iter().map(|s| json!({
            "startedAt": s.created_at.to_string(),
            "lastSeenAt": s.last_seen_at.to_string(),
            "expiresAt": s.expires_at.to_string(),
            "browser": s.user_agent,
        })).collect::<Vec<_>>(),
        "memberships": a.memberships.iter().map(|m| json!({
            "carePage": m.page_name,
            "relation": m.member.relation.as_str(),
            "coBeheerder": m.member.co_beheerder,
            "permissions": m.member.permissions.list().iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            "since": m.member.joined_at.to_string(),
        })).collect::<Vec<_>>(),
        "invitationsSent": a.invitations.iter().map(|i| json!({
            "name": i.name,
            "email": i.email,
            "relation": i.relation.as_str(),
            "sentAt": i.created_at.to_string(),
            "expiresAt": i.expires_at.to_string(),
        })).collect::<Vec<_>>(),
    })
}

fn network_json(data: &ExportData) -> Value {
    json!({
        "members": data.members.iter().map(|m| json!({
            "name": m.name,
            "email": m.email,
            "relation": m.member.relation.as_str(),
            "coBeheerder": m.member.co_beheerder,
            "permissions": m.member.permissions.list().iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            "since": m.member.joined_at.to_string(),
        })).collect::<Vec<_>>(),
    })
}

fn audit_json(data: &ExportData) -> Value {
    Value::Array(
        data.audit
            .iter()
            .map(|r| {
                let e = &r.event;
                json!({
                    "seq": r.seq,
                    "at": e.at.to_string(),
                    "who": e.actor_name,
                    "role": e.role.to_name(),
                    "action": e.action.as_str(),
                    "category": e.category.as_str(),
                    "ground": e.ground.as_str(),
                    "outcome": e.outcome.as_str(),
                    "resource": e.resource_id,
                    "from": e.source.ip,
                })
            })
            .collect(),
    )
}

/// The whole Bundle, `id` being the export's.
pub fn bundle(id: &str, data: &ExportData) -> Value {
    let mut out = Vec::new();
    let subject = patient_ref(data);
    if data.has(Section::Person)
        && let Some(birth_date) = data.birth_date
    {
        out.push(
            Patient {
                received: None,
                id: data.page.id.to_string(),
                identifiers: vec![Identifier {
                    system: "urn:zorgkring:care-page".into(),
                    value: data.page.id.to_string(),
                }],
                family: data.page.last_name.clone(),
                given: Some(data.page.first_name.clone()),
                birth_date,
                email: None,
                address: None,
            }
            .to_json(None),
        );
    }
    out.push(json_document(
        data,
        format!("account-{}", data.account.account.id),
        ACCOUNT_TITLE,
        &account_json(data),
    ));
    for p in &data.providers {
        provider_resources(data, p, &mut out);
    }
    for item in &data.agenda {
        let mut comment = item.remarks.clone().unwrap_or_default();
        if let Some(r) = &item.recurrence {
            let until = r.until.map(|d| format!(" until {d}")).unwrap_or_default();
            comment = format!("{comment}\n(repeats {}{until})", r.frequency.as_str())
                .trim()
                .to_owned();
        }
        out.push(
            Appointment {
                received: None,
                id: item.id.to_string(),
                status: AppointmentStatus::Booked,
                title: Some(item.title.clone()),
                start: item.starts_at,
                end: item.ends_at,
                patient: subject.clone(),
                practitioner: None,
                location: item.place.clone(),
                comment: Some(comment).filter(|c| !c.is_empty()),
            }
            .to_json(None),
        );
    }
    for entry in &data.diary {
        let title = match &entry.title {
            Some(t) => format!("{DIARY_TITLE} {}: {t}", entry.date),
            None => format!("{DIARY_TITLE} {}", entry.date),
        };
        out.push(
            DocumentReference {
                received: None,
                id: entry.id.to_string(),
                subject: subject.clone(),
                status: DocumentStatus::Current,
                title: Some(title),
                date: Some(entry.updated_at),
                author: None,
                content_type: "text/plain".into(),
                content: DocumentContent::Inline(entry.text.clone().into_bytes()),
            }
            .to_json(None),
        );
    }
    for (thread, messages) in &data.messages {
        let text: Vec<String> = messages
            .iter()
            .map(|m| format!("{} {}:\n{}", m.created_at, m.writer_name, m.text))
            .collect();
        out.push(
            DocumentReference {
                received: None,
                id: thread.id.to_string(),
                subject: subject.clone(),
                status: DocumentStatus::Current,
                title: Some(format!("{MESSAGES_TITLE}: {}", thread.subject)),
                date: Some(thread.last_message_at),
                author: None,
                content_type: "text/plain".into(),
                content: DocumentContent::Inline(text.join("\n\n").into_bytes()),
            }
            .to_json(None),
        );
    }
    if data.has(Section::Network) {
        out.push(json_document(
            data,
            format!("network-{}", data.page.id),
            NETWORK_TITLE,
            &network_json(data),
        ));
    }
    if data.has(Section::AuditTrail) {
        out.push(json_document(
            data,
            format!("audit-{}", data.page.id),
            AUDIT_TITLE,
            &audit_json(data),
        ));
    }
    zk_fhir::bundle::collection(id, data.made_at, out)
}
