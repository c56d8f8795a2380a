//! Outgoing searchset and transaction-response bundles, and OperationOutcome helpers.

use jiff::Timestamp;
use serde_json::json;
use zk_fhir::*;

use crate::common::*;

#[test]
fn searchset() {
    let goal = parse_ok(ResourceType::Goal, &goal());
    let mut page = SearchSet::new(
        "https://zorg.example/fhir/",
        "https://zorg.example/fhir/Goal?patient=cl-1001",
    )
    .total(7)
    .next("https://zorg.example/fhir/Goal?patient=cl-1001&_cursor=opaque123");
    assert!(page.is_empty());
    page.push(&goal, Some(&meta()));
    assert_eq!(page.len(), 1);
    assert_eq!(
        page.to_json(),
        json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "total": 7,
            "link": [
                { "relation": "self", "url": "https://zorg.example/fhir/Goal?patient=cl-1001" },
                { "relation": "next", "url": "https://zorg.example/fhir/Goal?patient=cl-1001&_cursor=opaque123" }
            ],
            "entry": [{
                "fullUrl": "https://zorg.example/fhir/Goal/doel-1",
                "resource": goal.to_json(Some(&meta())),
                "search": { "mode": "match" }
            }]
        })
    );
}

#[test]
fn empty_searchset_without_total_or_next() {
    let page = SearchSet::new(
        "https://zorg.example/fhir",
        "https://zorg.example/fhir/Patient",
    );
    assert_eq!(
        page.to_json(),
        json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "link": [{ "relation": "self", "url": "https://zorg.example/fhir/Patient" }],
        })
    );
}

#[test]
fn transaction_response() {
    let at: Timestamp = "2024-05-01T12:00:00Z".parse().unwrap();
    let mut response = TransactionResponse::new();
    response.push(ResponseEntry::created(
        &Reference::new(ResourceType::Patient, "cl-1001"),
        Some("1"),
        at,
    ));
    response.push(ResponseEntry::updated(
        &Reference::new(ResourceType::Goal, "doel-1"),
        None,
        at,
    ));
    response.push(ResponseEntry::deleted());
    assert_eq!(
        response.to_json(),
        json!({
            "resourceType": "Bundle",
            "type": "transaction-response",
            "entry": [
                { "response": { "status": "201 Created", "location": "Patient/cl-1001/_history/1", "etag": "W/\"1\"", "lastModified": "2024-05-01T12:00:00Z" } },
                { "response": { "status": "200 OK", "location": "Goal/doel-1", "lastModified": "2024-05-01T12:00:00Z" } },
                { "response": { "status": "204 No Content" } }
            ]
        })
    );
}

#[test]
fn operation_outcome_helpers() {
    let oo = OperationOutcome::not_found(ResourceType::Appointment, "a1");
    assert_eq!(
        oo.to_json(),
        json!({
            "resourceType": "OperationOutcome",
            "issue": [{ "severity": "error", "code": "not-found", "diagnostics": "Appointment/a1 does not exist" }]
        })
    );
    assert_eq!(oo.http_status(), 404);
    assert_eq!(
        OperationOutcome::forbidden("Not your client").issue[0].code,
        IssueCode::Forbidden
    );
    assert_eq!(
        OperationOutcome::login_required("Token expired").http_status(),
        401
    );
    assert_eq!(
        OperationOutcome::conflict("Version mismatch").http_status(),
        409
    );
    assert_eq!(
        OperationOutcome::exception("Internal error").http_status(),
        500
    );
    assert_eq!(
        OperationOutcome::not_supported("No history").http_status(),
        400
    );
    assert_eq!(
        OperationOutcome::error_at(IssueCode::Value, "Patient.id", "bad").to_string(),
        "value at Patient.id: bad"
    );
    let json = serde_json::to_string(&OperationOutcome::information("Deleted")).unwrap();
    assert_eq!(
        json,
        r#"{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational","diagnostics":"Deleted"}]}"#
    );
}
