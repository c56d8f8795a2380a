//! The FHIR API's OpenAPI document: served to everyone, equal to the committed snapshot (so a
//! change to the API shows up in review; regenerate with `UPDATE_SNAPSHOTS=1`), and truthful:
//! every operation it lists is routed and asks for a token, and the CapabilityStatement lists
//! the same types and operations.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use support::TestApp;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");

async fn document(t: &TestApp) -> Value {
    let reply = t.get("/fhir/r4/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").starts_with("application/json"));
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test]
async fn the_document_equals_the_snapshot() {
    let t = TestApp::new(false).await;
    let served = serde_json::to_string_pretty(&document(&t).await).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(SNAPSHOT, &served).unwrap();
    }
    let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    assert!(
        committed == served,
        "the OpenAPI document changed; review it and run the test with UPDATE_SNAPSHOTS=1"
    );
}

#[tokio::test]
async fn every_listed_operation_is_routed_and_needs_a_token() {
    let t = TestApp::new(false).await;
    let doc = document(&t).await;
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            let url = format!(
                "/fhir/r4{}",
                path.replace("{id}", "some-id").replace("{job}", "some-job")
            );
            let url = url.trim_end_matches('/').to_owned();
            let mut request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&url);
            if method == "put" || method == "post" {
                let media = if path == "/$import" {
                    "application/fhir+ndjson"
                } else {
                    "application/fhir+json"
                };
                request = request.header("content-type", media);
            }
            let reply = t.send(request.body(Body::from("{}")).unwrap()).await;
            let open = operation["security"] == serde_json::json!([]);
            let expected = if open {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            };
            assert_eq!(reply.status, expected, "{method} {url}: {}", reply.body);
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} operations");
}

#[tokio::test]
async fn the_capability_statement_lists_the_same_types() {
    let t = TestApp::new(false).await;
    let doc = document(&t).await;
    let metadata: Value = serde_json::from_str(&t.get("/fhir/r4/metadata").await.body).unwrap();
    for resource in metadata["rest"][0]["resource"].as_array().unwrap() {
        let name = resource["type"].as_str().unwrap();
        assert!(doc["paths"][format!("/{name}")].is_object(), "{name}");
        assert!(
            doc["paths"][format!("/{name}/{{id}}")].is_object(),
            "{name}"
        );
    }
}
