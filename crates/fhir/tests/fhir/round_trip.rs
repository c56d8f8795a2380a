//! Parse a realistic example, emit it, parse again: the structs must be equal.

use jiff::Timestamp;
use jiff::civil::date;
use zk_fhir::*;

use crate::common::{self as ex, PDF_B64, REPORT_B64, assert_round_trip, meta, parse_ok};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn patient() {
    let Resource::Patient(p) = assert_round_trip(ResourceType::Patient, &ex::patient()) else {
        panic!("not a patient")
    };
    assert_eq!(
        p,
        Patient {
            received: p.received.clone(),
            id: "cl-1001".into(),
            identifiers: vec![Identifier {
                system: "https://fysio-delft.example/clientnummer".into(),
                value: "1001".into()
            }],
            family: "de Vries".into(),
            given: Some("Anna Maria".into()),
            birth_date: date(1987, 4, 12),
            email: Some("anna.devries@example.nl".into()),
            address: Some(Address {
                lines: vec!["Oude Delft 12".into()],
                postal_code: Some("2611 BC".into()),
                city: Some("Delft".into()),
            }),
        }
    );
}

#[test]
fn practitioner() {
    let Resource::Practitioner(p) =
        assert_round_trip(ResourceType::Practitioner, &ex::practitioner())
    else {
        panic!()
    };
    assert_eq!(
        p.name, "drs. Pieter Jansen",
        "prefix, given names, family name"
    );
    // The BIG identifier and the name's parts are kept as sent.
    assert_eq!(p.to_json(None), ex::practitioner());
    assert_eq!(p.discipline.as_deref(), Some("Fysiotherapeut"));
}

#[test]
fn practitioner_role() {
    let Resource::PractitionerRole(r) =
        assert_round_trip(ResourceType::PractitionerRole, &ex::practitioner_role())
    else {
        panic!()
    };
    assert_eq!(
        r.practitioner,
        Reference::new(ResourceType::Practitioner, "pr-jansen")
    );
    assert_eq!(r.role.as_deref(), Some("behandelaar"));
}

#[test]
fn care_team() {
    let Resource::CareTeam(t) = assert_round_trip(ResourceType::CareTeam, &ex::care_team()) else {
        panic!()
    };
    assert_eq!(t.subject.to_string(), "Patient/cl-1001");
    let members: Vec<(String, Option<String>)> = t
        .participants
        .iter()
        .map(|p| (p.member.to_string(), p.role.clone()))
        .collect();
    assert_eq!(
        members,
        vec![
            ("Practitioner/pr-jansen".into(), Some("behandelaar".into())),
            (
                "Practitioner/pr-bakker".into(),
                Some("praktijkondersteuner".into())
            ),
            ("Practitioner/pr-smit".into(), None),
        ]
    );
}

#[test]
fn appointment() {
    let Resource::Appointment(a) = assert_round_trip(ResourceType::Appointment, &ex::appointment())
    else {
        panic!()
    };
    assert_eq!(a.status, AppointmentStatus::Booked);
    assert_eq!(a.title.as_deref(), Some("Vervolgconsult rugklachten"));
    assert_eq!(a.start, ts("2024-05-13T07:30:00Z"));
    assert_eq!(a.end, ts("2024-05-13T08:00:00Z"));
    assert_eq!(a.patient.to_string(), "Patient/cl-1001");
    assert_eq!(
        a.practitioner.as_ref().map(ToString::to_string).as_deref(),
        Some("Practitioner/pr-jansen")
    );
    assert_eq!(a.location.as_deref(), Some("Praktijk Oude Delft, kamer 2"));
    assert_eq!(a.video_url(), Some("https://video.example.nl/room/x7k2"));
}

#[test]
fn appointment_noshow_is_kept_apart_from_cancelled_and_service_type_is_the_title() {
    let mut v = ex::appointment();
    v["status"] = "noshow".into();
    v.as_object_mut().unwrap().remove("description");
    let Resource::Appointment(a) = assert_round_trip(ResourceType::Appointment, &v) else {
        panic!()
    };
    assert_eq!(a.status, AppointmentStatus::Noshow);
    assert!(a.status.is_cancelled(), "it did not take place");
    assert_eq!(a.to_json(None)["status"], "noshow");
    assert_eq!(a.title.as_deref(), Some("Behandeling"));
}

#[test]
fn care_plan() {
    let Resource::CarePlan(c) = assert_round_trip(ResourceType::CarePlan, &ex::care_plan()) else {
        panic!()
    };
    assert_eq!(c.status, CarePlanStatus::Active);
    assert_eq!(c.title.as_deref(), Some("Behandelplan lage rugklachten"));
    assert_eq!(c.start, FhirDateTime::Date(date(2024, 3, 1)));
    assert_eq!(
        c.end,
        Some(FhirDateTime::Instant(ts("2024-06-01T15:00:00Z")))
    );
    let goals: Vec<String> = c.goals.iter().map(ToString::to_string).collect();
    assert_eq!(goals, ["Goal/doel-1", "Goal/doel-2"]);
}

#[test]
fn care_plan_statuses_and_intents_are_read_exactly() {
    for (status, intent, read) in [
        (
            "on-hold",
            "proposal",
            (CarePlanStatus::OnHold, CarePlanIntent::Proposal),
        ),
        (
            "revoked",
            "order",
            (CarePlanStatus::Revoked, CarePlanIntent::Order),
        ),
        (
            "entered-in-error",
            "option",
            (CarePlanStatus::EnteredInError, CarePlanIntent::Option),
        ),
        (
            "unknown",
            "plan",
            (CarePlanStatus::Unknown, CarePlanIntent::Plan),
        ),
    ] {
        let mut v = ex::care_plan();
        v["status"] = status.into();
        v["intent"] = intent.into();
        let Resource::CarePlan(c) = assert_round_trip(ResourceType::CarePlan, &v) else {
            panic!()
        };
        assert_eq!((c.status, c.intent), read);
        assert_eq!(c.to_json(None)["status"], status);
        assert_eq!(c.to_json(None)["intent"], intent);
    }
}

#[test]
fn goal() {
    let Resource::Goal(g) = assert_round_trip(ResourceType::Goal, &ex::goal()) else {
        panic!()
    };
    assert_eq!(
        g,
        Goal {
            received: g.received.clone(),
            id: "doel-1".into(),
            subject: Reference::new(ResourceType::Patient, "cl-1001"),
            description: "Zonder pijn 30 minuten wandelen".into(),
            lifecycle_status: GoalLifecycleStatus::Active,
            achieved: true,
            due_date: Some(date(2024, 6, 1)),
        }
    );
}

#[test]
fn report_document_reference() {
    let Resource::DocumentReference(d) =
        assert_round_trip(ResourceType::DocumentReference, &ex::report())
    else {
        panic!()
    };
    assert!(d.is_report());
    assert!(!d.is_pdf());
    assert_eq!(
        d.report_text(),
        Some(
            "Intakeverslag\n\nCliënt meldt lage rugklachten sinds maart.\nAdvies: oefenprogramma, 2x per week."
        )
    );
    assert_eq!(d.title.as_deref(), Some("Intakeverslag"));
    assert_eq!(d.date, Some(ts("2024-03-01T10:00:00Z")));
    assert_eq!(
        d.author,
        Some(Reference::new(ResourceType::Practitioner, "pr-jansen"))
    );
    assert_eq!(d.status, DocumentStatus::Current);
    let json = d.to_json(None);
    assert_eq!(json["content"][0]["attachment"]["data"], REPORT_B64);
    assert_eq!(
        json["content"][0]["attachment"]["contentType"],
        "text/plain; charset=utf-8"
    );
}

#[test]
fn pdf_document_reference_by_binary_url() {
    let Resource::DocumentReference(d) =
        assert_round_trip(ResourceType::DocumentReference, &ex::pdf_document())
    else {
        panic!()
    };
    assert!(d.is_pdf());
    assert!(!d.is_report());
    assert_eq!(d.content, DocumentContent::Binary("brief-9-pdf".into()));
    assert_eq!(d.title.as_deref(), Some("Brief aan huisarts"));
    assert_eq!(
        d.to_json(None)["content"][0]["attachment"]["url"],
        "Binary/brief-9-pdf"
    );
}

#[test]
fn pdf_document_reference_inline() {
    let mut v = ex::pdf_document();
    v["content"][0]["attachment"] =
        serde_json::json!({ "contentType": "application/pdf", "data": PDF_B64 });
    let Resource::DocumentReference(d) = assert_round_trip(ResourceType::DocumentReference, &v)
    else {
        panic!()
    };
    assert!(d.is_pdf());
    let DocumentContent::Inline(bytes) = &d.content else {
        panic!("not inline")
    };
    assert!(bytes.starts_with(b"%PDF-1.4"));
}

#[test]
fn binary() {
    let Resource::Binary(b) = assert_round_trip(ResourceType::Binary, &ex::binary()) else {
        panic!()
    };
    assert_eq!(b.content_type, "application/pdf");
    assert!(b.data.starts_with(b"%PDF-1.4") && b.data.ends_with(b"%%EOF\n"));
    assert_eq!(b.to_json(None)["data"], PDF_B64);
}

#[test]
fn observation() {
    let Resource::Observation(o) = assert_round_trip(ResourceType::Observation, &ex::observation())
    else {
        panic!()
    };
    assert_eq!(o.label, "Lichaamsgewicht");
    assert_eq!(o.status, ObservationStatus::Final);
    assert_eq!(o.value, Some(72.5));
    assert_eq!(o.unit, "kg");
    assert_eq!(
        o.effective,
        FhirDateTime::Instant(ts("2024-03-01T09:15:00Z"))
    );
    let json = o.to_json(None);
    assert_eq!(
        json,
        ex::observation(),
        "the codings and the UCUM code stay"
    );
}

#[test]
fn emitted_json_is_what_was_put() {
    let sent = ex::appointment();
    let Resource::Appointment(a) = parse_ok(ResourceType::Appointment, &sent) else {
        panic!()
    };
    let mut expected = sent.clone();
    expected["meta"] =
        serde_json::json!({ "versionId": "3", "lastUpdated": "2024-05-01T12:00:00Z" });
    assert_eq!(a.to_json(Some(&meta())), expected);
}

#[test]
fn meta_keeps_what_was_sent_and_takes_the_servers_version_and_time() {
    let mut sent = ex::observation();
    sent["meta"] = serde_json::json!({
        "versionId": "99",
        "lastUpdated": "2020-01-01T00:00:00Z",
        "profile": ["http://example.org/StructureDefinition/weight"]
    });
    let Resource::Observation(o) = parse_ok(ResourceType::Observation, &sent) else {
        panic!()
    };
    assert_eq!(
        o.to_json(None)["meta"],
        serde_json::json!({ "profile": ["http://example.org/StructureDefinition/weight"] })
    );
    assert_eq!(
        o.to_json(Some(&meta()))["meta"],
        serde_json::json!({
            "versionId": "3",
            "lastUpdated": "2024-05-01T12:00:00Z",
            "profile": ["http://example.org/StructureDefinition/weight"]
        })
    );
}
