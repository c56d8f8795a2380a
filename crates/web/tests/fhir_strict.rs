//! Strict FHIR R4 JSON through HTTP, as an integrator's validator would probe it: unknown
//! elements, codes outside required bindings, null, empty arrays, duplicate keys and
//! modifier extensions are refused with an OperationOutcome naming the element (inside a
//! transaction at `Bundle.entry[n].resource…`), and nothing is written. Runs on SQLite and on
//! PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::{Reply, TestApp};
use zk_app::api_tokens::{self, Scopes};
use zk_app::providers::{NewProvider, create_provider};

/// Sends `body` as-is with a full-scope token of a new provider.
struct Api<'a> {
    t: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn new(t: &TestApp) -> Api<'_> {
        let provider = create_provider(
            &t.app,
            NewProvider {
                name: "GGZ Strikt".into(),
                secretariat_email: "secretariaat@ggz.example".into(),
                secretariat_phone: "010 123 45 67".into(),
                letter_validity_days: 30,
            },
        )
        .await
        .unwrap()
        .id;
        let token = api_tokens::create(
            &t.app,
            zk_app::audit::staff_changes::By::Operator,
            provider,
            "ECD",
            Scopes::full(),
        )
        .await
        .unwrap()
        .secret;
        Api { t, token }
    }

    async fn send(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", "application/fhir+json")
            .body(Body::from(body.to_vec()))
            .unwrap();
        self.t.send(request).await
    }

    async fn put(&self, v: &Value) -> Reply {
        let path = format!(
            "/fhir/r4/{}/{}",
            v["resourceType"].as_str().unwrap(),
            v["id"].as_str().unwrap()
        );
        self.send("PUT", &path, v.to_string().as_bytes()).await
    }

    async fn missing(&self, path: &str) {
        let reply = self.send("GET", path, b"").await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            reply.body
        );
    }
}

/// The status and every issue as (code, expression).
fn issues(reply: &Reply) -> (StatusCode, Vec<(String, String)>) {
    let v: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(v["resourceType"], "OperationOutcome", "{}", reply.body);
    let issues = v["issue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["expression"][0].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    (reply.status, issues)
}

fn pair(code: &str, expression: &str) -> (String, String) {
    (code.to_owned(), expression.to_owned())
}

fn patient() -> Value {
    json!({
        "resourceType": "Patient",
        "id": "p1",
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": "C-1" }],
        "name": [{ "use": "official", "family": "de Vries", "given": ["Sanne"] }],
        "gender": "female",
        "birthDate": "1985-05-05"
    })
}

async fn strict_json_is_refused_naming_the_element(t: &TestApp) {
    let api = Api::new(t).await;

    let mut v = patient();
    v["gender"] = "man".into();
    v["nickname"] = "San".into();
    v["telecom"] = json!([]);
    v["name"][0]["given"] = json!(["Sanne", null]);
    assert_eq!(
        issues(&api.put(&v).await),
        (
            StatusCode::BAD_REQUEST,
            vec![
                pair("value", "Patient.gender"),
                pair("structure", "Patient.name[0].given[1]"),
                pair("structure", "Patient.nickname"),
                pair("structure", "Patient.telecom"),
            ]
        )
    );

    let twice = br#"{"resourceType":"Patient","id":"p1","gender":"female","gender":"male",
        "identifier":[{"system":"https://ggz.example/clientnummer","value":"C-1"}],
        "name":[{"family":"de Vries"}]}"#;
    let reply = api.send("PUT", "/fhir/r4/Patient/p1", twice).await;
    assert_eq!(
        issues(&reply),
        (StatusCode::BAD_REQUEST, vec![pair("structure", "")])
    );
    assert!(
        reply.body.contains("'gender' appears twice"),
        "{}",
        reply.body
    );

    let mut v = patient();
    v["modifierExtension"] =
        json!([{ "url": "https://ggz.example/niet-actueel", "valueBoolean": true }]);
    let reply = api.put(&v).await;
    assert_eq!(
        issues(&reply),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![pair("not-supported", "Patient.modifierExtension[0]")]
        )
    );
    assert!(
        reply.body.contains("https://ggz.example/niet-actueel"),
        "{}",
        reply.body
    );
    api.missing("/fhir/r4/Patient/p1").await;

    let mut entry = patient();
    entry["name"][0]["given"] = json!(["Sanne", 5]);
    let bundle = json!({
        "resourceType": "Bundle", "type": "transaction",
        "entry": [{ "resource": entry, "request": { "method": "PUT", "url": "Patient/p1" } }]
    });
    assert_eq!(
        issues(
            &api.send("POST", "/fhir/r4", bundle.to_string().as_bytes())
                .await
        ),
        (
            StatusCode::BAD_REQUEST,
            vec![pair(
                "structure",
                "Bundle.entry[0].resource.name[0].given[1]"
            )]
        )
    );
    api.missing("/fhir/r4/Patient/p1").await;

    let mut v = patient();
    v["_birthDate"] = json!({ "extension": [{
        "url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
        "valueDateTime": "1985-05-05T14:35:45+02:00"
    }]});
    let reply = api.put(&v).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

#[tokio::test]
async fn strict_json_is_refused_naming_the_element_on_sqlite() {
    strict_json_is_refused_naming_the_element(&TestApp::new(false).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_json_is_refused_naming_the_element_on_postgresql() {
    let t = TestApp::postgres().await;
    strict_json_is_refused_naming_the_element(&t).await;
    t.finish().await;
}
