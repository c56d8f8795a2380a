//! Unit tests of the FHIR use cases on SQLite: the rules that need no HTTP.

use super::*;
use crate::api_tokens::{self, Scopes};
use crate::test_support::app_with_client;
use serde_json::json;
use zk_fhir::Limits;

fn patient(id: &str, number: &str) -> Vec<u8> {
    json!({
        "resourceType": "Patient", "id": id,
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": number }],
        "name": [{ "family": "de Vries", "given": ["Sanne"] }],
        "birthDate": "1990-12-31"
    })
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn a_patient_takes_over_the_record_the_secretariat_made() {
    let (app, client, _dir) = app_with_client().await;
    let token = api_tokens::create(
        &app,
        crate::audit::staff_changes::By::Operator,
        client.provider_id,
        "ECD",
        Scopes::full(),
    )
    .await
    .unwrap()
    .token;
    let limits = Limits::default();
    let body = patient("p1", &client.client_number);
    let written = put(&app, &token, "Patient", "p1", &body, &limits, None)
        .await
        .unwrap();
    assert!(written.created);
    assert_eq!(written.location(), "Patient/p1/_history/1");
    let record = app
        .store
        .get_client_record(client.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.first_name, "Sanne");
    let again = put(&app, &token, "Patient", "p1", &body, &limits, None)
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.version_id, 1);
    // A second Patient with the same client number is refused where the number is.
    let e = put(
        &app,
        &token,
        "Patient",
        "p2",
        &patient("p2", &client.client_number),
        &limits,
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(e.status, 422);
    assert_eq!(
        e.outcome.issue[0].expression,
        ["Patient.identifier[0].value"]
    );
}

#[tokio::test]
async fn a_bsn_is_never_stored() {
    let (app, client, _dir) = app_with_client().await;
    let token = api_tokens::create(
        &app,
        crate::audit::staff_changes::By::Operator,
        client.provider_id,
        "ECD",
        Scopes::full(),
    )
    .await
    .unwrap()
    .token;
    let body = json!({
        "resourceType": "Patient", "id": "p9",
        "identifier": [
            { "system": "https://ggz.example/clientnummer", "value": "C-9" },
            { "system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "999999990" }
        ],
        "name": [{ "family": "Smit" }],
        "birthDate": "1980-01-01"
    })
    .to_string();
    let e = put(
        &app,
        &token,
        "Patient",
        "p9",
        body.as_bytes(),
        &Limits::default(),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(e.status, 422, "valid FHIR that is never kept");
    assert_eq!(e.outcome.issue[0].expression, ["Patient.identifier[1]"]);
    assert!(read(&app, &token, "Patient", "p9").await.is_err());
}

#[test]
fn the_capability_statement_lists_what_search_accepts() {
    let cs = capability_statement("https://zorg.example/fhir/r4");
    let resources = cs["rest"][0]["resource"].as_array().unwrap();
    assert_eq!(resources.len(), 10, "every stored type, not Bundle");
    let appointment = resources
        .iter()
        .find(|r| r["type"] == "Appointment")
        .unwrap();
    let params: Vec<&str> = appointment["searchParam"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "_lastUpdated",
            "_count",
            "_summary",
            "_total",
            "patient",
            "date",
            "identifier"
        ]
    );
    // Every parameter says what it takes, e.g. the date prefixes.
    let date = &appointment["searchParam"][5];
    assert!(
        date["documentation"]
            .as_str()
            .unwrap()
            .contains("sa, eb, ap")
    );
    assert_eq!(cs["rest"][0]["interaction"][0]["code"], "transaction");
}
