//! The R4 StructureDefinition validator: one test per rule, and official examples that pass.

use serde_json::{Value, json};
use zk_fhir::IssueCode::{self, NotSupported, Required, Structure};
use zk_fhir::validate::validate_resource;
use zk_fhir::{Limits, ResourceType, parse_resource};

use crate::common::{appointment, care_plan, issues, observation, parse_ok, patient, refused};

/// The issues of validating `v` at its own type, as (code, expression) pairs.
fn validated(v: &Value, root: &str) -> Vec<(IssueCode, String)> {
    issues(&zk_fhir::OperationOutcome::from_issues(validate_resource(
        v, root,
    )))
}

#[test]
fn unknown_elements_are_refused() {
    let mut v = patient();
    v["nickname"] = "Annie".into();
    v["name"][0]["middle"] = "M".into();
    refused(
        Some(ResourceType::Patient),
        &v,
        &[
            (Structure, "Patient.name[0].middle"),
            (Structure, "Patient.nickname"),
        ],
    );
    let mut v = observation();
    v["valueQuantity"]["precision"] = 2.into();
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(Structure, "Observation.valueQuantity.precision")],
    );
}

#[test]
fn bad_primitive_formats() {
    let mut v = patient();
    v["birthDate"] = "1987-13-01".into();
    v["active"] = "yes".into();
    v["telecom"][0]["rank"] = 0.into();
    let oo = refused(
        Some(ResourceType::Patient),
        &v,
        &[
            (Structure, "Patient.active"),
            (IssueCode::Value, "Patient.birthDate"),
            (IssueCode::Value, "Patient.telecom[0].rank"),
        ],
    );
    assert!(
        oo.to_string().contains("'1987-13-01' is not a valid date"),
        "{oo}"
    );
}

#[test]
fn codes_outside_required_bindings() {
    let mut v = patient();
    v["gender"] = "man".into();
    let oo = refused(
        Some(ResourceType::Patient),
        &v,
        &[(IssueCode::Value, "Patient.gender")],
    );
    assert!(oo.to_string().contains("administrative-gender"), "{oo}");
    let mut v = observation();
    v["status"] = "done".into();
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(IssueCode::Value, "Observation.status")],
    );
    let mut v = appointment();
    v["status"] = "planned".into();
    refused(
        Some(ResourceType::Appointment),
        &v,
        &[(IssueCode::Value, "Appointment.status")],
    );
    let mut v = care_plan();
    v["intent"] = "wish".into();
    refused(
        Some(ResourceType::CarePlan),
        &v,
        &[(IssueCode::Value, "CarePlan.intent")],
    );
}

#[test]
fn null_empty_arrays_objects_and_strings() {
    let mut v = patient();
    v["gender"] = Value::Null;
    v["telecom"] = json!([]);
    v["address"][0]["period"] = json!({});
    v["name"][1]["family"] = "".into();
    v["name"][1]["given"][1] = Value::Null;
    refused(
        Some(ResourceType::Patient),
        &v,
        &[
            (Structure, "Patient.address[0].period"),
            (Structure, "Patient.gender"),
            (IssueCode::Value, "Patient.name[1].family"),
            (Structure, "Patient.name[1].given[1]"),
            (Structure, "Patient.telecom"),
        ],
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let body = br#"{"resourceType":"Patient","id":"p1","gender":"female","gender":"male"}"#;
    let oo = parse_resource(Some(ResourceType::Patient), body, &Limits::default()).unwrap_err();
    assert_eq!(oo.issue[0].code, Structure);
    assert!(oo.to_string().contains("'gender' appears twice"), "{oo}");
    let nested = br#"{"a":[{"b":1,"c":{"d":1,"\u0064":2}}]}"#;
    let oo = zk_fhir::json::from_slice_strict(nested).unwrap_err();
    assert!(oo.to_string().contains("'d' appears twice"), "{oo}");
    let many: String = (0..40).map(|i| format!("\"k{i}\":{i},")).collect();
    let wide = format!("{{{many}\"k39\":0}}");
    assert!(zk_fhir::json::from_slice_strict(wide.as_bytes()).is_err());
    let fine = format!("{{{many}\"k40\":0}}");
    assert!(zk_fhir::json::from_slice_strict(fine.as_bytes()).is_ok());
}

#[test]
fn a_choice_holds_one_value_of_an_allowed_type() {
    let mut v = observation();
    v["valueString"] = "16.2".into();
    let oo = refused(
        Some(ResourceType::Observation),
        &v,
        &[(Structure, "Observation.valueString")],
    );
    assert!(oo.to_string().contains("value[x] allows one value"), "{oo}");
    let mut v = observation();
    v["effectiveAge"] = json!({ "value": 3 });
    refused(
        Some(ResourceType::Observation),
        &v,
        &[(Structure, "Observation.effectiveAge")],
    );
}

#[test]
fn primitive_extensions_are_accepted_where_allowed() {
    let mut v = patient();
    v["_birthDate"] = json!({ "extension": [{
        "url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
        "valueDateTime": "1987-04-12T14:35:45-05:00"
    }]});
    v["name"][1]["given"] = json!(["Anna", null]);
    v["name"][1]["_given"] = json!([null, { "extension": [{
        "url": "http://example.org/initial", "valueString": "M."
    }]}]);
    assert_eq!(validated(&v, "Patient"), vec![]);
    v["_name"] = json!({ "extension": [] });
    v["_birthDate"]["value"] = "1987-04-12".into();
    assert_eq!(
        validated(&v, "Patient"),
        vec![
            (Structure, "Patient._birthDate.value".to_owned()),
            (Structure, "Patient._name".to_owned()),
        ]
    );
}

#[test]
fn modifier_extensions_are_refused_with_422() {
    let mut v = observation();
    v["modifierExtension"] =
        json!([{ "url": "http://example.org/not-done", "valueBoolean": true }]);
    let oo = refused(
        Some(ResourceType::Observation),
        &v,
        &[(NotSupported, "Observation.modifierExtension[0]")],
    );
    assert_eq!(oo.http_status(), 422);
    assert!(
        oo.to_string().contains("http://example.org/not-done"),
        "{oo}"
    );
    let mut v = care_plan();
    v["activity"] = json!([{ "detail": {
        "status": "in-progress",
        "modifierExtension": [{ "url": "http://example.org/x", "valueCode": "no" }]
    }}]);
    let oo = refused(
        Some(ResourceType::CarePlan),
        &v,
        &[(
            NotSupported,
            "CarePlan.activity[0].detail.modifierExtension[0]",
        )],
    );
    assert_eq!(oo.http_status(), 422);
    let mut v = patient();
    v["implicitRules"] = "http://example.org/rules".into();
    let oo = refused(
        Some(ResourceType::Patient),
        &v,
        &[(NotSupported, "Patient.implicitRules")],
    );
    assert_eq!(oo.http_status(), 422);
}

#[test]
fn contained_resources_are_validated_by_their_type() {
    let mut v = care_plan();
    v["contained"] = json!([
        { "resourceType": "Practitioner", "id": "pr", "name": [{ "family": "Jansen", "title": "dr" }] },
        { "resourceType": "Condition", "id": "c" },
        { "resourceType": "Goal", "id": "g", "lifecycleStatus": "active",
          "description": { "text": "x" }, "subject": { "reference": "Patient/p" },
          "contained": [{ "resourceType": "Patient", "id": "p2" }] }
    ]);
    assert_eq!(
        validated(&v, "CarePlan"),
        vec![
            (Structure, "CarePlan.contained[0].name[0].title".to_owned()),
            (
                NotSupported,
                "CarePlan.contained[1].resourceType".to_owned()
            ),
            (NotSupported, "CarePlan.contained[2].contained".to_owned()),
        ]
    );
}

#[test]
fn cardinality_and_required_elements() {
    let mut v = observation();
    v.as_object_mut().unwrap().remove("code");
    v["status"] = json!(["final"]);
    v["performer"] = json!({ "reference": "Practitioner/pr-jansen" });
    assert_eq!(
        validated(&v, "Observation"),
        vec![
            (Structure, "Observation.performer".to_owned()),
            (Structure, "Observation.status".to_owned()),
            (Required, "Observation.code".to_owned()),
        ]
    );
}

#[test]
fn transaction_entries_are_validated_at_their_place() {
    let mut p = patient();
    p["name"][0]["given"] = json!(["Anna", 5]);
    let v = json!({
        "resourceType": "Bundle", "type": "transaction",
        "entry": [{ "resource": p, "request": { "method": "PUT", "url": "Patient/cl-1001" } }]
    });
    refused(
        None,
        &v,
        &[(Structure, "Bundle.entry[0].resource.name[0].given[1]")],
    );
}

#[test]
fn decimals_keep_their_precision() {
    let body = br#"{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"},"valueQuantity":{"value":7.20,"unit":"mmol/L"}}"#;
    let v = zk_fhir::json::from_slice_strict(body).unwrap();
    assert_eq!(validated(&v, "Observation"), vec![]);
    assert!(
        serde_json::to_string(&v)
            .unwrap()
            .contains("\"value\":7.20")
    );
    let _ = parse_ok(
        ResourceType::Bundle,
        &json!({ "resourceType": "Bundle", "type": "transaction" }),
    );
}

/// Official HL7 R4 examples of the supported types validate without any issue.
#[test]
fn official_examples_are_valid() {
    let examples: [(&str, &[u8]); 9] = [
        (
            "Patient",
            include_bytes!("../examples/Patient-example.json"),
        ),
        ("Patient", include_bytes!("../examples/Patient-pat1.json")),
        (
            "Observation",
            include_bytes!("../examples/Observation-example.json"),
        ),
        (
            "Observation",
            include_bytes!("../examples/Observation-blood-pressure.json"),
        ),
        (
            "Observation",
            include_bytes!("../examples/Observation-bmi.json"),
        ),
        (
            "DocumentReference",
            include_bytes!("../examples/DocumentReference-example.json"),
        ),
        (
            "CareTeam",
            include_bytes!("../examples/CareTeam-example.json"),
        ),
        (
            "Appointment",
            include_bytes!("../examples/Appointment-example.json"),
        ),
        (
            "Practitioner",
            include_bytes!("../examples/Practitioner-f003.json"),
        ),
    ];
    for (root, bytes) in examples {
        let v = zk_fhir::json::from_slice_strict(bytes).unwrap();
        assert_eq!(validated(&v, root), vec![], "{root} {}", v["id"]);
    }
}

/// Validation cost per resource, printed for the report (no assertion on time): plain
/// parsing, the strict parse (duplicate keys) and the walk against the definitions.
#[test]
fn validation_cost_per_resource() {
    let examples: [(&str, &[u8]); 3] = [
        (
            "Patient",
            include_bytes!("../examples/Patient-example.json"),
        ),
        (
            "Observation",
            include_bytes!("../examples/Observation-blood-pressure.json"),
        ),
        (
            "DocumentReference",
            include_bytes!("../examples/DocumentReference-example.json"),
        ),
    ];
    let rounds = 500;
    for (root, bytes) in examples {
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            let _: Value = serde_json::from_slice(bytes).unwrap();
        }
        let plain = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            let _ = zk_fhir::json::from_slice_strict(bytes).unwrap();
        }
        let strict = start.elapsed() / rounds;
        let v = zk_fhir::json::from_slice_strict(bytes).unwrap();
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            assert!(validate_resource(&v, root).is_empty());
        }
        let walk = start.elapsed() / rounds;
        println!(
            "{root} ({} bytes): serde_json {plain:?}, strict parse {strict:?}, validation {walk:?}",
            bytes.len()
        );
    }
}
