//! Shared helpers and realistic example resources.

use jiff::Timestamp;
use serde_json::{Value, json};
use zk_fhir::{IssueCode, Limits, Meta, OperationOutcome, Resource, ResourceType, parse_resource};

/// A report text, base64 ("Intakeverslag …", UTF-8 with an ë).
pub const REPORT_B64: &str = "SW50YWtldmVyc2xhZwoKQ2xpw6tudCBtZWxkdCBsYWdlIHJ1Z2tsYWNodGVuIHNpbmRzIG1hYXJ0LgpBZHZpZXM6IG9lZmVucHJvZ3JhbW1hLCAyeCBwZXIgd2Vlay4=";
/// A tiny PDF, base64.
pub const PDF_B64: &str =
    "JVBERi0xLjQKJeLjz9MKMSAwIG9iaiA8PD4+IGVuZG9iagp0cmFpbGVyIDw8Pj4KJSVFT0YK";

pub fn parse(expected: Option<ResourceType>, v: &Value) -> Result<Resource, OperationOutcome> {
    parse_resource(
        expected,
        &serde_json::to_vec(v).unwrap(),
        &Limits::default(),
    )
}

pub fn parse_ok(expected: ResourceType, v: &Value) -> Resource {
    match parse(Some(expected), v) {
        Ok(r) => r,
        Err(oo) => panic!("expected {expected} to parse, got: {oo}"),
    }
}

/// The issues as (code, expression) pairs, checking every issue is a located error.
pub fn issues(oo: &OperationOutcome) -> Vec<(IssueCode, String)> {
    oo.issue
        .iter()
        .map(|i| {
            assert_eq!(i.severity, zk_fhir::IssueSeverity::Error);
            assert!(
                i.diagnostics.as_deref().is_some_and(|d| !d.is_empty()),
                "issue without diagnostics: {i:?}"
            );
            (i.code, i.expression.join("|"))
        })
        .collect()
}

/// Parses `v` expecting exactly these issues, returning the outcome.
pub fn refused(
    expected: Option<ResourceType>,
    v: &Value,
    want: &[(IssueCode, &str)],
) -> OperationOutcome {
    let oo = parse(expected, v).expect_err("expected a refusal");
    let want: Vec<(IssueCode, String)> = want.iter().map(|(c, e)| (*c, (*e).to_owned())).collect();
    assert_eq!(issues(&oo), want, "full outcome: {oo}");
    oo
}

pub fn meta() -> Meta {
    Meta::new("2024-05-01T12:00:00Z".parse::<Timestamp>().unwrap()).with_version("3")
}

/// Parses `v`, emits it with meta, parses that again: both parses must be equal.
pub fn assert_round_trip(expected: ResourceType, v: &Value) -> Resource {
    let first = parse_ok(expected, v);
    let emitted = first.to_json(Some(&meta()));
    assert_eq!(emitted["resourceType"], expected.as_str());
    assert_eq!(emitted["meta"]["lastUpdated"], "2024-05-01T12:00:00Z");
    assert_eq!(emitted["meta"]["versionId"], "3");
    let second = parse_ok(expected, &emitted);
    assert_eq!(first, second, "emitted: {emitted:#}");
    first
}

pub fn patient() -> Value {
    json!({
        "resourceType": "Patient",
        "id": "cl-1001",
        "meta": { "profile": ["http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"] },
        "text": { "status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Anna de Vries</div>" },
        "extension": [{ "url": "http://example.org/ext", "valueString": "ignored" }],
        "identifier": [
            { "use": "usual", "system": "https://fysio-delft.example/clientnummer", "value": "1001" },
            { "value": "no-system-is-skipped" }
        ],
        "active": true,
        "name": [
            { "use": "usual", "given": ["Anna"] },
            { "use": "official", "family": "de Vries", "given": ["Anna", "Maria"] }
        ],
        "telecom": [
            { "system": "phone", "value": "+31 6 12345678" },
            { "system": "email", "value": "anna.devries@example.nl" }
        ],
        "gender": "female",
        "birthDate": "1987-04-12",
        "address": [{ "use": "home", "line": ["Oude Delft 12"], "postalCode": "2611 BC", "city": "Delft", "country": "NL" }]
    })
}

pub fn practitioner() -> Value {
    json!({
        "resourceType": "Practitioner",
        "id": "pr-jansen",
        "identifier": [{ "system": "http://fhir.nl/fhir/NamingSystem/big", "value": "19012345678" }],
        "name": [{ "use": "official", "family": "Jansen", "given": ["Pieter"], "prefix": ["drs."] }],
        "qualification": [{
            "code": { "coding": [{ "system": "urn:oid:2.16.840.1.113883.2.4.6.7", "code": "04", "display": "Fysiotherapeut" }] }
        }]
    })
}

pub fn practitioner_role() -> Value {
    json!({
        "resourceType": "PractitionerRole",
        "id": "role-jansen",
        "active": true,
        "practitioner": { "reference": "Practitioner/pr-jansen", "display": "P. Jansen" },
        "organization": { "display": "Fysio Delft" },
        "code": [{ "text": "behandelaar" }]
    })
}

pub fn care_team() -> Value {
    json!({
        "resourceType": "CareTeam",
        "id": "team-1001",
        "status": "active",
        "subject": { "reference": "Patient/cl-1001" },
        "participant": [
            { "role": [{ "text": "behandelaar" }], "member": { "reference": "Practitioner/pr-jansen" } },
            { "role": [{ "coding": [{ "code": "x", "display": "praktijkondersteuner" }] }], "member": { "reference": "Practitioner/pr-bakker" } },
            { "member": { "reference": "Practitioner/pr-smit" } }
        ]
    })
}

pub fn appointment() -> Value {
    json!({
        "resourceType": "Appointment",
        "id": "afspraak-77",
        "status": "booked",
        "serviceType": [{ "text": "Behandeling" }],
        "description": "Vervolgconsult rugklachten",
        "start": "2024-05-13T09:30:00+02:00",
        "end": "2024-05-13T10:00:00+02:00",
        "comment": "Beeldbellen via https://video.example.nl/room/x7k2 — log 5 minuten van tevoren in.",
        "participant": [
            { "actor": { "reference": "Patient/cl-1001", "display": "Anna de Vries" }, "status": "accepted" },
            { "actor": { "reference": "Practitioner/pr-jansen" }, "status": "accepted" },
            { "actor": { "reference": "Location/delft-1", "display": "Praktijk Oude Delft, kamer 2" }, "status": "accepted" },
            { "actor": { "reference": "PractitionerRole/role-jansen" }, "status": "accepted" }
        ]
    })
}

pub fn care_plan() -> Value {
    json!({
        "resourceType": "CarePlan",
        "id": "plan-1001",
        "status": "active",
        "intent": "plan",
        "title": "Behandelplan lage rugklachten",
        "description": "Zes weken oefentherapie met wekelijkse evaluatie.",
        "subject": { "reference": "Patient/cl-1001" },
        "period": { "start": "2024-03-01", "end": "2024-06-01T17:00:00+02:00" },
        "goal": [{ "reference": "Goal/doel-1" }, { "reference": "Goal/doel-2" }]
    })
}

pub fn goal() -> Value {
    json!({
        "resourceType": "Goal",
        "id": "doel-1",
        "lifecycleStatus": "active",
        "achievementStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": "achieved" }] },
        "description": { "text": "Zonder pijn 30 minuten wandelen" },
        "subject": { "reference": "Patient/cl-1001" },
        "target": [{ "dueDate": "2024-06-01" }]
    })
}

pub fn report() -> Value {
    json!({
        "resourceType": "DocumentReference",
        "id": "verslag-1",
        "status": "current",
        "type": { "text": "Intakeverslag" },
        "subject": { "reference": "Patient/cl-1001" },
        "date": "2024-03-01T11:00:00+01:00",
        "author": [
            { "reference": "Organization/fysio-delft" },
            { "reference": "Practitioner/pr-jansen" }
        ],
        "description": "Intakeverslag",
        "content": [{ "attachment": { "contentType": "text/plain; charset=utf-8", "data": REPORT_B64 } }]
    })
}

pub fn pdf_document() -> Value {
    json!({
        "resourceType": "DocumentReference",
        "id": "brief-9",
        "status": "current",
        "subject": { "reference": "Patient/cl-1001" },
        "content": [{ "attachment": { "contentType": "application/pdf", "url": "Binary/brief-9-pdf", "title": "Brief aan huisarts" } }]
    })
}

pub fn binary() -> Value {
    json!({
        "resourceType": "Binary",
        "id": "brief-9-pdf",
        "contentType": "application/pdf",
        "data": PDF_B64
    })
}

pub fn observation() -> Value {
    json!({
        "resourceType": "Observation",
        "id": "gewicht-1",
        "status": "final",
        "code": { "coding": [{ "system": "http://loinc.org", "code": "29463-7", "display": "Lichaamsgewicht" }] },
        "subject": { "reference": "Patient/cl-1001" },
        "effectiveDateTime": "2024-03-01T10:15:00+01:00",
        "valueQuantity": { "value": 72.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg" }
    })
}
