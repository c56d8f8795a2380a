//! Every refusal yields the exact issue code and location.

use serde_json::json;
use zk_fhir::IssueCode::*;
use zk_fhir::*;

use crate::common::*;

fn without(mut v: serde_json::Value, key: &str) -> serde_json::Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

#[test]
fn malformed_json_reports_line_and_column() {
    let body =
        b"{\n  \"resourceType\": \"Patient\",\n  \"id\": \"x\"\n  \"birthDate\": \"2000-01-01\"\n}";
    let oo = parse_resource(Some(ResourceType::Patient), body, &Limits::default()).unwrap_err();
    assert_eq!(oo.issue.len(), 1);
    assert_eq!(oo.issue[0].code, Structure);
    assert!(oo.issue[0].expression.is_empty());
    let d = oo.issue[0].diagnostics.as_deref().unwrap();
    assert!(d.contains("line 4, column 3"), "{d}");
    assert!(
        d.starts_with("The body is not valid JSON: expected `,` or `}`"),
        "{d}"
    );
}

#[test]
fn invalid_utf8_and_non_objects_are_structure_errors() {
    let oo = parse_resource(None, b"{\"resourceType\": \"\xff\"}", &Limits::default()).unwrap_err();
    assert_eq!(oo.issue[0].code, Structure);
    refused(None, &json!([]), &[(Structure, "Resource")]);
    refused(
        Some(ResourceType::Goal),
        &json!("x"),
        &[(Structure, "Goal")],
    );
    refused(
        Some(ResourceType::Goal),
        &json!({ "id": "g" }),
        &[(Required, "Goal.resourceType")],
    );
}

#[test]
fn unknown_resource_type() {
    let oo = refused(
        None,
        &json!({ "resourceType": "Encounter", "id": "e1" }),
        &[(NotSupported, "Encounter.resourceType")],
    );
    assert_eq!(
        oo.issue[0].diagnostics.as_deref(),
        Some("Resource type 'Encounter' is not supported by this server")
    );
}

#[test]
fn wrong_resource_type_for_the_url() {
    refused(
        Some(ResourceType::Appointment),
        &patient(),
        &[(Invalid, "Appointment.resourceType")],
    );
    refused(
        Some(ResourceType::Appointment),
        &json!({ "resourceType": "Encounter" }),
        &[(Invalid, "Appointment.resourceType")],
    );
}

#[test]
fn missing_required_fields() {
    refused(
        Some(ResourceType::Observation),
        &without(observation(), "valueQuantity"),
        &[(Required, "Observation.value[x]")],
    );
    let mut v = observation();
    v["valueQuantity"] = json!({ "value": 3 });
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(Required, "Observation.valueQuantity.unit")],
    );
    refused(
        Some(ResourceType::Appointment),
        &without(appointment(), "id"),
        &[(Required, "Appointment.id")],
    );
    refused(
        Some(ResourceType::Goal),
        &without(goal(), "subject"),
        &[(Required, "Goal.subject")],
    );
    refused(
        Some(ResourceType::CarePlan),
        &without(care_plan(), "period"),
        &[(Required, "CarePlan.period.start")],
    );
    refused(
        Some(ResourceType::PractitionerRole),
        &without(practitioner_role(), "practitioner"),
        &[(Required, "PractitionerRole.practitioner")],
    );
    refused(
        Some(ResourceType::Binary),
        &without(binary(), "data"),
        &[(Required, "Binary.data")],
    );
    refused(
        Some(ResourceType::DocumentReference),
        &json!({ "resourceType": "DocumentReference", "id": "d", "status": "current",
                 "subject": { "reference": "Patient/p" },
                 "content": [{ "attachment": { "contentType": "application/pdf" } }] }),
        &[(Required, "DocumentReference.content[0].attachment.data")],
    );
    refused(
        Some(ResourceType::Practitioner),
        &json!({ "resourceType": "Practitioner", "id": "p", "name": [{ "prefix": ["dr."] }] }),
        &[(Required, "Practitioner.name[0]")],
    );
}

#[test]
fn empty_arrays_are_refused_and_required_ones_missing() {
    let mut v = patient();
    v["name"] = json!([]);
    refused(
        Some(ResourceType::Patient),
        &v,
        &[(Structure, "Patient.name")],
    );
    let mut v = practitioner();
    v.as_object_mut().unwrap().remove("name");
    refused(
        Some(ResourceType::Practitioner),
        &v,
        &[(Required, "Practitioner.name")],
    );
    let mut v = pdf_document();
    v["content"] = json!([]);
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Structure, "DocumentReference.content")],
    );
    let mut v = pdf_document();
    v["content"] = json!([{ "format": { "code": "x" } }]);
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Required, "DocumentReference.content[0].attachment")],
    );
    let mut v = patient();
    v["name"] = json!(["Anna"]);
    refused(
        Some(ResourceType::Patient),
        &v,
        &[(Structure, "Patient.name[0]")],
    );
}

#[test]
fn several_problems_are_reported_together() {
    let v = json!({
        "resourceType": "Patient",
        "id": "p 1",
        "identifier": [{ "value": "1001" }],
        "name": [{ "given": ["Anna"] }],
        "birthDate": 19870412
    });
    let oo = refused(
        Some(ResourceType::Patient),
        &v,
        &[(Structure, "Patient.birthDate"), (Value, "Patient.id")],
    );
    assert_eq!(oo.http_status(), 400, "invalid FHIR");
    // Once it is valid FHIR, what the care page needs is reported together, as 422.
    let mut v = v;
    v["id"] = "p1".into();
    v["birthDate"] = "1987-04-12".into();
    let oo = refused(
        Some(ResourceType::Patient),
        &v,
        &[
            (Required, "Patient.identifier"),
            (Required, "Patient.name[0].family"),
        ],
    );
    assert_eq!(oo.http_status(), 422, "valid FHIR that cannot be kept");
}

#[test]
fn bad_reference_format() {
    for bad in [
        "Patient/",
        "Patient/a b",
        "patient/1",
        "Patient",
        "Patient/1/_history/2",
    ] {
        let mut v = appointment();
        v["participant"][0]["actor"]["reference"] = bad.into();
        refused(
            Some(ResourceType::Appointment),
            &v,
            &[(Invalid, "Appointment.participant[0].actor.reference")],
        );
    }
}

#[test]
fn absolute_and_contained_references() {
    let mut v = appointment();
    v["participant"][0]["actor"]["reference"] = "https://ehr.example.nl/fhir/Patient/1".into();
    let oo = refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Invalid, "Appointment.participant[0].actor.reference")],
    );
    assert!(
        oo.issue[0]
            .diagnostics
            .as_deref()
            .unwrap()
            .contains("absolute reference")
    );

    let mut v = care_plan();
    v["subject"]["reference"] = "#p1".into();
    refused(
        Some(ResourceType::CarePlan),
        &v,
        &[(Invalid, "CarePlan.subject.reference")],
    );

    let mut v = care_plan();
    v["goal"][1]["reference"] = "urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059".into();
    refused(
        Some(ResourceType::CarePlan),
        &v,
        &[(Invalid, "CarePlan.goal[1].reference")],
    );
}

#[test]
fn reference_to_the_wrong_type() {
    let mut v = observation();
    v["subject"]["reference"] = "Practitioner/pr-jansen".into();
    let oo = refused(
        Some(ResourceType::Observation),
        &v,
        &[(Invalid, "Observation.subject.reference")],
    );
    assert_eq!(
        oo.issue[0].diagnostics.as_deref(),
        Some("'Practitioner/pr-jansen' refers to a Practitioner, but this must refer to a Patient")
    );
    let mut v = care_team();
    v["participant"][1]["member"]["reference"] = "Patient/cl-1001".into();
    refused(
        Some(ResourceType::CareTeam),
        &v,
        &[(Invalid, "CareTeam.participant[1].member.reference")],
    );
    let mut v = observation();
    v["subject"]["reference"] = "Group/g1".into();
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(Invalid, "Observation.subject.reference")],
    );
}

#[test]
fn bad_dates() {
    for (bad, needle) in [
        ("1987", "partial"),
        ("1987-04", "partial"),
        ("1987-02-30", "calendar"),
        ("12-04-1987", "YYYY-MM-DD"),
    ] {
        let mut v = patient();
        v["birthDate"] = bad.into();
        let oo = refused(
            Some(ResourceType::Patient),
            &v,
            &[(Value, "Patient.birthDate")],
        );
        assert!(
            oo.issue[0].diagnostics.as_deref().unwrap().contains(needle),
            "{bad}: {oo}"
        );
    }
    let mut v = goal();
    v["target"][0]["dueDate"] = "2024-06".into();
    refused(
        Some(ResourceType::Goal),
        &v,
        &[(Value, "Goal.target[0].dueDate")],
    );
    let mut v = observation();
    v["effectiveDateTime"] = "2024".into();
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(Value, "Observation.effectiveDateTime")],
    );
    let mut v = appointment();
    v["start"] = "2024-05-13T09:30:00".into();
    v["end"] = "2024-05-13".into();
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Value, "Appointment.end"), (Value, "Appointment.start")],
    );
}

#[test]
fn end_before_start() {
    let mut v = appointment();
    v["end"] = "2024-05-13T09:00:00+02:00".into();
    let oo = refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Invalid, "Appointment.end")],
    );
    assert_eq!(
        oo.issue[0].diagnostics.as_deref(),
        Some("The end (2024-05-13T07:00:00Z) must be after the start (2024-05-13T07:30:00Z)")
    );
    v["end"] = v["start"].clone();
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Invalid, "Appointment.end")],
    );
}

#[test]
fn appointment_participants() {
    let mut v = appointment();
    v["participant"] = json!([{
        "actor": { "reference": "Practitioner/pr-jansen" }, "status": "accepted"
    }]);
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Required, "Appointment.participant")],
    );
    let mut v = appointment();
    v["participant"][1]["actor"]["reference"] = "Patient/other".into();
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Invalid, "Appointment.participant[1].actor.reference")],
    );
    let mut v = appointment();
    v["participant"][3]["actor"]["reference"] = "Practitioner/pr-2".into();
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(NotSupported, "Appointment.participant[3].actor.reference")],
    );
}

#[test]
fn bad_codes() {
    let mut v = appointment();
    v["status"] = "scheduled".into();
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(Value, "Appointment.status")],
    );
    let mut v = care_plan();
    v["status"] = "paused".into();
    refused(
        Some(ResourceType::CarePlan),
        &v,
        &[(Value, "CarePlan.status")],
    );
    let mut v = care_plan();
    v["intent"] = "wish".into();
    refused(
        Some(ResourceType::CarePlan),
        &v,
        &[(Value, "CarePlan.intent")],
    );
    let mut v = goal();
    v["lifecycleStatus"] = "done".into();
    refused(
        Some(ResourceType::Goal),
        &v,
        &[(Value, "Goal.lifecycleStatus")],
    );
    let mut v = report();
    v["status"] = "final".into();
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Value, "DocumentReference.status")],
    );
}

#[test]
fn wrong_json_types_for_elements_we_use() {
    let mut v = goal();
    v["description"] = "plain string".into();
    refused(
        Some(ResourceType::Goal),
        &v,
        &[(Structure, "Goal.description")],
    );
    let mut v = patient();
    v["identifier"] = json!({ "system": "s", "value": "v" });
    refused(
        Some(ResourceType::Patient),
        &v,
        &[(Structure, "Patient.identifier")],
    );
    let mut v = observation();
    v["valueQuantity"]["value"] = "72.5".into();
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(Structure, "Observation.valueQuantity.value")],
    );
    let mut v = patient();
    v["name"][1]["family"] = "".into();
    refused(
        Some(ResourceType::Patient),
        &v,
        &[(Value, "Patient.name[1].family")],
    );
}

#[test]
fn bad_base64() {
    let mut v = report();
    v["content"][0]["attachment"]["data"] = "SGVsbG8*".into();
    let oo = refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Value, "DocumentReference.content[0].attachment.data")],
    );
    assert!(
        oo.issue[0]
            .diagnostics
            .as_deref()
            .unwrap()
            .contains("base64")
    );
    let mut v = binary();
    v["data"] = "abc".into();
    refused(Some(ResourceType::Binary), &v, &[(Value, "Binary.data")]);
}

#[test]
fn report_text_must_be_utf8() {
    let mut v = report();
    v["content"][0]["attachment"]["data"] = "//4gbm90IHV0Zjg=".into();
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Invalid, "DocumentReference.content[0].attachment.data")],
    );
}

#[test]
fn document_content_rules() {
    let mut v = pdf_document();
    v["content"][0]["attachment"]["contentType"] = "application/hl7-v3+xml".into();
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(
            NotSupported,
            "DocumentReference.content[0].attachment.contentType",
        )],
    );
    let mut v = pdf_document();
    v["content"][0]["attachment"]["url"] = "https://ehr.example.nl/Binary/1".into();
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Invalid, "DocumentReference.content[0].attachment.url")],
    );
    let mut v = pdf_document();
    v["content"][0]["attachment"]["url"] = "DocumentReference/x".into();
    refused(
        Some(ResourceType::DocumentReference),
        &v,
        &[(Invalid, "DocumentReference.content[0].attachment.url")],
    );
    refused(
        Some(ResourceType::DocumentReference),
        &without(pdf_document(), "content"),
        &[(Required, "DocumentReference.content")],
    );
}

#[test]
fn oversized_body() {
    let body = serde_json::to_vec(&patient()).unwrap();
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let oo = parse_resource(Some(ResourceType::Patient), &body, &limits).unwrap_err();
    assert_eq!(oo.issue.len(), 1);
    assert_eq!(oo.issue[0].code, TooLong);
    assert!(oo.issue[0].expression.is_empty());
    assert_eq!(
        oo.issue[0].diagnostics.as_deref(),
        Some(
            format!(
                "The request body is {} bytes; at most 100 bytes are accepted",
                body.len()
            )
            .as_str()
        )
    );
    assert_eq!(oo.http_status(), 413);
    let exact = Limits {
        max_bytes: body.len(),
        ..Limits::default()
    };
    assert!(parse_resource(Some(ResourceType::Patient), &body, &exact).is_ok());
}

#[test]
fn oversized_attachment() {
    let limits = Limits {
        max_bytes: 1 << 20,
        max_attachment_bytes: 40,
    };
    let body = serde_json::to_vec(&report()).unwrap();
    let oo = parse_resource(Some(ResourceType::DocumentReference), &body, &limits).unwrap_err();
    assert_eq!(
        issues(&oo),
        vec![(
            TooLong,
            "DocumentReference.content[0].attachment.data".to_owned()
        )]
    );
    assert_eq!(oo.http_status(), 413);
    let body = serde_json::to_vec(&binary()).unwrap();
    let oo = parse_resource(Some(ResourceType::Binary), &body, &limits).unwrap_err();
    assert_eq!(issues(&oo), vec![(TooLong, "Binary.data".to_owned())]);
    let roomy = Limits {
        max_bytes: 1 << 20,
        max_attachment_bytes: 54,
    };
    assert!(parse_resource(Some(ResourceType::Binary), &body, &roomy).is_ok());
}

#[test]
fn body_id_must_match_url_id() {
    let r = parse_ok(ResourceType::Goal, &goal());
    assert!(r.ensure_id("doel-1").is_ok());
    let oo = r.ensure_id("doel-2").unwrap_err();
    assert_eq!(issues(&oo), vec![(Invalid, "Goal.id".to_owned())]);
}

#[test]
fn every_refusal_is_located() {
    let examples = [
        (ResourceType::Patient, patient()),
        (ResourceType::Practitioner, practitioner()),
        (ResourceType::PractitionerRole, practitioner_role()),
        (ResourceType::CareTeam, care_team()),
        (ResourceType::Appointment, appointment()),
        (ResourceType::CarePlan, care_plan()),
        (ResourceType::Goal, goal()),
        (ResourceType::DocumentReference, report()),
        (ResourceType::DocumentReference, pdf_document()),
        (ResourceType::Binary, binary()),
        (ResourceType::Observation, observation()),
    ];
    let replacements = [
        json!(null),
        json!([]),
        json!({}),
        json!(1),
        json!(""),
        json!([{}]),
        json!(["x"]),
    ];
    for (t, example) in examples {
        let keys: Vec<String> = example.as_object().unwrap().keys().cloned().collect();
        for key in keys {
            let mut variants = vec![without(example.clone(), &key)];
            for r in &replacements {
                let mut v = example.clone();
                v[key.as_str()] = r.clone();
                variants.push(v);
            }
            for v in variants {
                if let Err(oo) = parse(Some(t), &v) {
                    assert!(!oo.issue.is_empty());
                    for issue in &oo.issue {
                        assert_eq!(issue.expression.len(), 1, "{t} {key}: unlocated {issue:?}");
                        assert!(issue.diagnostics.is_some());
                    }
                }
            }
        }
    }
}
