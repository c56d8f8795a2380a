//! Transaction bundles in: PUT and DELETE only, entry errors located under `Bundle.entry[n]`.

use serde_json::{Value, json};
use zk_fhir::IssueCode::*;
use zk_fhir::*;

use crate::common::*;

fn put(resource: Value) -> Value {
    let url = format!(
        "{}/{}",
        resource["resourceType"].as_str().unwrap(),
        resource["id"].as_str().unwrap()
    );
    json!({ "fullUrl": format!("https://ehr.example.nl/fhir/{url}"), "resource": resource, "request": { "method": "PUT", "url": url } })
}

/// A transaction of these entries (FHIR JSON has no empty arrays: no entries, no `entry`).
fn bundle(entries: Vec<Value>) -> Value {
    let mut v = json!({ "resourceType": "Bundle", "type": "transaction" });
    if !entries.is_empty() {
        v["entry"] = entries.into();
    }
    v
}

#[test]
fn put_and_delete_round_trip() {
    let v = bundle(vec![
        put(patient()),
        put(appointment()),
        json!({ "request": { "method": "PUT", "url": "Goal/doel-1", "ifMatch": "W/\"2\"" }, "resource": goal() }),
        json!({ "request": { "method": "DELETE", "url": "Observation/gewicht-0" } }),
    ]);
    let Resource::Transaction(t) = parse_ok(ResourceType::Bundle, &v) else {
        panic!("not a transaction")
    };
    assert_eq!(t.entries.len(), 4);
    let targets: Vec<String> = t
        .entries
        .iter()
        .map(|e| e.target().unwrap().to_string())
        .collect();
    assert_eq!(
        targets,
        [
            "Patient/cl-1001",
            "Appointment/afspraak-77",
            "Goal/doel-1",
            "Observation/gewicht-0"
        ]
    );
    assert!(
        matches!(&t.entries[2], TransactionEntry::Put { if_match: Some(m), .. } if m == "W/\"2\"")
    );
    assert!(matches!(&t.entries[3], TransactionEntry::Delete { .. }));

    let again = parse(None, &t.to_json()).unwrap();
    assert_eq!(again, Resource::Transaction(t));
}

#[test]
fn post_is_not_supported() {
    let v = bundle(vec![json!({
        "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
        "resource": patient(),
        "request": { "method": "POST", "url": "Patient" }
    })]);
    let oo = refused(
        None,
        &v,
        &[(NotSupported, "Bundle.entry[0].request.method")],
    );
    assert_eq!(
        oo.issue[0].diagnostics.as_deref(),
        Some(
            "POST is not supported: resources keep the provider's own ids, so create or update them with PUT Type/id"
        )
    );
}

#[test]
fn entry_errors_are_located_in_the_bundle() {
    let mut bad = observation();
    bad["subject"]["reference"] = "Practitioner/pr-jansen".into();
    let mut bad_appointment = appointment();
    bad_appointment["participant"][0]["actor"]["reference"] = "http://x/Patient/1".into();
    let v = bundle(vec![
        put(patient()),
        put(bad),
        put(care_plan()),
        put(bad_appointment),
    ]);
    refused(
        None,
        &v,
        &[
            (Invalid, "Bundle.entry[1].resource.subject.reference"),
            (
                Invalid,
                "Bundle.entry[3].resource.participant[0].actor.reference",
            ),
        ],
    );
}

#[test]
fn url_and_resource_must_agree() {
    let v = bundle(vec![
        json!({ "resource": goal(), "request": { "method": "PUT", "url": "Patient/doel-1" } }),
    ]);
    refused(
        None,
        &v,
        &[(Invalid, "Bundle.entry[0].resource.resourceType")],
    );
    let v = bundle(vec![
        json!({ "resource": goal(), "request": { "method": "PUT", "url": "Goal/doel-2" } }),
    ]);
    refused(None, &v, &[(Invalid, "Bundle.entry[0].resource.id")]);
    let v = bundle(vec![
        json!({ "request": { "method": "PUT", "url": "Goal/doel-2" } }),
    ]);
    refused(None, &v, &[(Required, "Bundle.entry[0].resource")]);
}

#[test]
fn bad_requests() {
    let v = bundle(vec![
        json!({ "resource": goal() }),
        json!({ "request": { "method": "DELETE", "url": "Encounter/1" } }),
        json!({ "request": { "method": "DELETE", "url": "https://ehr.example.nl/fhir/Goal/1" } }),
        json!({ "request": { "method": "PATCH", "url": "Goal/1" } }),
        json!({ "request": { "method": "DELETE" } }),
    ]);
    refused(
        None,
        &v,
        &[
            (Required, "Bundle.entry[4].request.url"),
            (Required, "Bundle.entry[0].request"),
            (Invalid, "Bundle.entry[1].request.url"),
            (Invalid, "Bundle.entry[2].request.url"),
            (NotSupported, "Bundle.entry[3].request.method"),
        ],
    );
}

#[test]
fn duplicate_targets_are_refused() {
    let v = bundle(vec![
        put(goal()),
        json!({ "request": { "method": "DELETE", "url": "Goal/doel-1" } }),
    ]);
    refused(None, &v, &[(Invalid, "Bundle.entry[1].request.url")]);
}

#[test]
fn only_transactions_and_no_nesting() {
    let mut v = bundle(vec![]);
    v["type"] = "batch".into();
    refused(None, &v, &[(NotSupported, "Bundle.type")]);
    let v = bundle(vec![
        json!({ "resource": bundle(vec![]), "request": { "method": "PUT", "url": "Bundle/b1" } }),
    ]);
    refused(
        None,
        &v,
        &[(NotSupported, "Bundle.entry[0].resource.resourceType")],
    );
    let Resource::Transaction(empty) = parse_ok(ResourceType::Bundle, &bundle(vec![])) else {
        panic!()
    };
    assert!(empty.entries.is_empty());
}
