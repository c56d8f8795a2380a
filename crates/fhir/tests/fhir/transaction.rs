//! Transaction and batch bundles in: the envelope first (PUT, conditional PUT, POST and DELETE,
//! entry errors located under `Bundle.entry[n]`), then the resources once every entry's id is
//! known, with `urn:uuid:` references resolved.

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

fn read(v: &Value) -> TransactionBundle {
    let Resource::Transaction(t) = parse_ok(ResourceType::Bundle, v) else {
        panic!("not a transaction")
    };
    t
}

/// The targets when every entry keeps its own id (no lookups).
fn own_targets(t: &TransactionBundle) -> Vec<Option<Reference>> {
    t.entries
        .iter()
        .map(|e| match &e.request {
            EntryRequest::Put { target, .. } => Some(target.clone()),
            EntryRequest::Delete { .. } => None,
            _ => Some(Reference::new(
                e.resource_type(),
                e.resource_id().unwrap_or("new-1"),
            )),
        })
        .collect()
}

fn resolve(t: &TransactionBundle) -> Result<Vec<Option<(Resource, Value)>>, OperationOutcome> {
    t.resolve(&own_targets(t), |_| true, &Limits::default())
}

#[test]
fn put_post_and_delete_round_trip() {
    let v = bundle(vec![
        put(patient()),
        put(appointment()),
        json!({ "request": { "method": "PUT", "url": "Goal/doel-1", "ifMatch": "W/\"2\"" }, "resource": goal() }),
        json!({ "request": { "method": "DELETE", "url": "Observation/gewicht-0" } }),
        json!({ "request": { "method": "POST", "url": "Goal", "ifNoneExist": "identifier=x|1" }, "resource": goal() }),
        json!({ "request": { "method": "PUT", "url": "Goal?identifier=x|2" }, "resource": goal() }),
    ]);
    let t = read(&v);
    assert_eq!(t.kind, BundleKind::Transaction);
    assert_eq!(t.entries.len(), 6);
    assert!(
        matches!(&t.entries[2].request, EntryRequest::Put { if_match: Some(m), .. } if m == "W/\"2\"")
    );
    assert!(matches!(&t.entries[3].request, EntryRequest::Delete { .. }));
    assert!(matches!(
        &t.entries[4].request,
        EntryRequest::Post { resource_type: ResourceType::Goal, if_none_exist: Some(c) } if c == "identifier=x|1"
    ));
    assert!(matches!(
        &t.entries[5].request,
        EntryRequest::ConditionalPut { criteria, .. } if criteria == "identifier=x|2"
    ));
    let again = parse(None, &t.to_json()).unwrap();
    assert_eq!(again, Resource::Transaction(t.clone()));
    let resolved = resolve(&t).unwrap();
    assert!(resolved[3].is_none());
    assert!(resolved.iter().filter(|r| r.is_some()).count() == 5);
}

#[test]
fn urn_uuid_references_become_the_ids_of_their_entries() {
    let mut p = patient();
    p.as_object_mut().unwrap().remove("id");
    let mut a = appointment();
    a.as_object_mut().unwrap().remove("id");
    a["participant"][0]["actor"]["reference"] =
        "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a".into();
    let v = bundle(vec![
        json!({ "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", "resource": p, "request": { "method": "POST", "url": "Patient" } }),
        json!({ "fullUrl": "urn:uuid:0b5c1a2e-0000-4000-8000-000000000001", "resource": a, "request": { "method": "POST", "url": "Appointment" } }),
    ]);
    let t = read(&v);
    let targets = vec![
        Some(Reference::new(ResourceType::Patient, "p-new")),
        Some(Reference::new(ResourceType::Appointment, "a-new")),
    ];
    let resolved = t.resolve(&targets, |_| true, &Limits::default()).unwrap();
    let (patient, _) = resolved[0].as_ref().unwrap();
    assert_eq!(patient.id(), Some("p-new"));
    let (appointment, json) = resolved[1].as_ref().unwrap();
    assert_eq!(appointment.id(), Some("a-new"));
    assert_eq!(
        json["participant"][0]["actor"]["reference"],
        "Patient/p-new"
    );
    // Without the entry that has the fullUrl, the reference stays absolute and is refused.
    let only = t.resolve(&targets, |n| n == 1, &Limits::default());
    assert!(
        only.is_ok(),
        "the patient's entry is still resolved as a target"
    );
    let alone = vec![None, targets[1].clone()];
    let oo = t.resolve(&alone, |_| true, &Limits::default()).unwrap_err();
    assert_eq!(
        issues(&oo),
        [(
            Invalid,
            "Bundle.entry[1].resource.participant[0].actor.reference".to_owned()
        )]
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
    let oo = resolve(&read(&v)).unwrap_err();
    assert_eq!(
        issues(&oo),
        [
            (
                Invalid,
                "Bundle.entry[1].resource.subject.reference".to_owned()
            ),
            (
                Invalid,
                "Bundle.entry[3].resource.participant[0].actor.reference".to_owned()
            ),
        ]
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
    let oo = resolve(&read(&v)).unwrap_err();
    assert_eq!(
        issues(&oo),
        [(Invalid, "Bundle.entry[0].resource.id".to_owned())]
    );
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
        json!({ "request": { "method": "GET", "url": "Goal/1" } }),
        json!({ "request": { "method": "DELETE", "url": "Goal?identifier=1" } }),
        json!({ "request": { "method": "POST", "url": "Encounter" }, "resource": goal() }),
    ]);
    refused(
        None,
        &v,
        &[
            (Required, "Bundle.entry[0].request"),
            (Invalid, "Bundle.entry[1].request.url"),
            (Invalid, "Bundle.entry[2].request.url"),
            (NotSupported, "Bundle.entry[3].request.method"),
            (NotSupported, "Bundle.entry[4].request.method"),
            (NotSupported, "Bundle.entry[5].request.url"),
            (NotSupported, "Bundle.entry[6].request.url"),
        ],
    );
    // A request without its url is invalid FHIR (Bundle.entry.request.url is 1..1).
    let v = bundle(vec![json!({ "request": { "method": "DELETE" } })]);
    refused(None, &v, &[(Required, "Bundle.entry[0].request.url")]);
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
fn transactions_and_batches_and_no_nesting() {
    let mut v = bundle(vec![]);
    v["type"] = "batch".into();
    assert_eq!(read(&v).kind, BundleKind::Batch);
    v["type"] = "collection".into();
    refused(None, &v, &[(NotSupported, "Bundle.type")]);
    let v = bundle(vec![
        json!({ "resource": bundle(vec![]), "request": { "method": "PUT", "url": "Bundle/b1" } }),
    ]);
    refused(None, &v, &[(NotSupported, "Bundle.entry[0].request.url")]);
    assert!(read(&bundle(vec![])).entries.is_empty());
}
