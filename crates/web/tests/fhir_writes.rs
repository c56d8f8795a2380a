//! Versions, conditional operations, creates, transactions with `urn:uuid:` references and
//! batches in the FHIR API, through HTTP as a record system uses them, on SQLite and
//! PostgreSQL: version ids only grow (also over a delete and re-create), `If-Match` gives 412
//! when stale and succeeds when current, `If-None-Match` gives 304, `Location` resolves (vread),
//! `_history` lists the kept versions, `POST Type` assigns an id, `If-None-Exist` and
//! `PUT Type?identifier=…` find what exists, and batches answer entry by entry.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::{Reply, TestApp};
use zk_app::api_tokens::{self, Scopes};
use zk_app::providers::{NewProvider, create_provider};

const BASE: &str = "http://127.0.0.1:8080/fhir/r4";

/// A record system: one provider's token.
struct Api<'a> {
    t: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", self.token));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(v) => {
                request = request.header("content-type", "application/fhir+json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.t.send(request.body(body).unwrap()).await
    }

    async fn put(&self, resource: &Value, headers: &[(&str, &str)]) -> Reply {
        let path = format!(
            "/fhir/r4/{}/{}",
            resource["resourceType"].as_str().unwrap(),
            resource["id"].as_str().unwrap()
        );
        self.send("PUT", &path, headers, Some(resource)).await
    }

    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.send("GET", path, headers, None).await
    }

    async fn bundle(&self, bundle: &Value) -> Reply {
        self.send("POST", "/fhir/r4", &[], Some(bundle)).await
    }
}

async fn api(t: &TestApp) -> Api<'_> {
    let provider = create_provider(
        &t.app,
        NewProvider {
            name: "GGZ Noord".into(),
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

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("not JSON: {}", reply.body))
}

fn expect(reply: &Reply, status: StatusCode) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    if reply.body.is_empty() {
        Value::Null
    } else {
        json_of(reply)
    }
}

/// The first issue's code of an OperationOutcome reply.
fn issue_code(reply: &Reply) -> String {
    let v = json_of(reply);
    assert_eq!(v["resourceType"], "OperationOutcome", "{}", reply.body);
    v["issue"][0]["code"].as_str().unwrap().to_owned()
}

const SYSTEM: &str = "https://ggz.example/clientnummer";

fn patient(id: Option<&str>, number: &str, family: &str) -> Value {
    let mut p = json!({
        "resourceType": "Patient",
        "identifier": [{ "system": SYSTEM, "value": number }],
        "name": [{ "use": "official", "family": family, "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    });
    if let Some(id) = id {
        p["id"] = id.into();
    }
    p
}

fn practitioner(id: &str) -> Value {
    json!({
        "resourceType": "Practitioner",
        "id": id,
        "name": [{ "text": "Dr. A. Jansen" }],
        "qualification": [{ "code": { "text": "GZ-psycholoog" } }]
    })
}

fn appointment(id: Option<&str>, patient: &str, practitioner: &str) -> Value {
    let mut a = json!({
        "resourceType": "Appointment",
        "status": "booked",
        "description": "Intake",
        "start": "2026-12-01T09:00:00Z",
        "end": "2026-12-01T09:45:00Z",
        "participant": [
            { "actor": { "reference": patient }, "status": "accepted" },
            { "actor": { "reference": practitioner }, "status": "accepted" }
        ]
    });
    if let Some(id) = id {
        a["id"] = id.into();
    }
    a
}

fn goal(id: &str, description: &str) -> Value {
    json!({
        "resourceType": "Goal",
        "id": id,
        "lifecycleStatus": "active",
        "description": { "text": description },
        "subject": { "reference": "Patient/p1" }
    })
}

/// The path under the server of a `Location` header.
fn path_of(location: &str) -> String {
    location
        .strip_prefix("http://127.0.0.1:8080")
        .unwrap()
        .to_owned()
}

macro_rules! on_both {
    ($scenario:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $scenario(&TestApp::new(false).await).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            let t = TestApp::postgres().await;
            $scenario(&t).await;
            t.finish().await;
        }
    };
}

on_both!(
    versions,
    versions_only_grow_preconditions_hold_and_locations_resolve,
    versions_only_grow_preconditions_hold_and_locations_resolve_on_postgresql
);

async fn versions(t: &TestApp) {
    let api = api(t).await;
    let v1 = patient(Some("p1"), "C-1", "de Vries");
    let reply = api.put(&v1, &[]).await;
    expect(&reply, StatusCode::CREATED);
    assert_eq!(reply.header("etag"), "W/\"1\"");
    assert_eq!(
        reply.header("location"),
        format!("{BASE}/Patient/p1/_history/1")
    );
    // The Location resolves (it was 404 before).
    let read = api.get(&path_of(reply.header("location")), &[]).await;
    let first = expect(&read, StatusCode::OK);
    assert_eq!(first["meta"]["versionId"], "1");
    assert_eq!(read.header("etag"), "W/\"1\"");
    let v2 = patient(Some("p1"), "C-1", "de Vries-Bakker");
    expect(&api.put(&v2, &[]).await, StatusCode::OK);
    // If-None-Match: 304 for the current version, the resource for an old one.
    let reply = api
        .get("/fhir/r4/Patient/p1", &[("if-none-match", "W/\"2\"")])
        .await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.body.is_empty());
    assert_eq!(reply.header("etag"), "W/\"2\"");
    let reply = api
        .get("/fhir/r4/Patient/p1", &[("if-none-match", "W/\"1\"")])
        .await;
    expect(&reply, StatusCode::OK);
    // If-Match: 412 when stale, success when current (it was refused even when current).
    let v3 = patient(Some("p1"), "C-1", "Bakker");
    let reply = api.put(&v3, &[("if-match", "W/\"1\"")]).await;
    assert_eq!(
        reply.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        reply.body
    );
    assert_eq!(issue_code(&reply), "conflict");
    let reply = api.put(&v3, &[("if-match", "W/\"2\"")]).await;
    expect(&reply, StatusCode::OK);
    assert_eq!(reply.header("etag"), "W/\"3\"");
    let reply = api
        .send(
            "DELETE",
            "/fhir/r4/Patient/p1",
            &[("if-match", "W/\"2\"")],
            None,
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        reply.body
    );
    expect(&api.get("/fhir/r4/Patient/p1", &[]).await, StatusCode::OK);
    let reply = api
        .send(
            "DELETE",
            "/fhir/r4/Patient/p1",
            &[("if-match", "W/\"3\"")],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    // Created again: the version goes on after the deletion (4), it does not restart at 1.
    let reply = api.put(&v1, &[]).await;
    expect(&reply, StatusCode::CREATED);
    assert_eq!(reply.header("etag"), "W/\"5\"");
    assert_eq!(
        reply.header("location"),
        format!("{BASE}/Patient/p1/_history/5")
    );
    // vread of every kept version; the deletion is gone (410), an unknown one 404.
    let old = expect(
        &api.get("/fhir/r4/Patient/p1/_history/2", &[]).await,
        StatusCode::OK,
    );
    assert_eq!(old["name"][0]["family"], "de Vries-Bakker");
    assert_eq!(old["meta"]["versionId"], "2");
    let reply = api.get("/fhir/r4/Patient/p1/_history/4", &[]).await;
    assert_eq!(reply.status, StatusCode::GONE, "{}", reply.body);
    assert_eq!(issue_code(&reply), "deleted");
    let reply = api.get("/fhir/r4/Patient/p1/_history/9", &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    // The instance history, newest first, the deletion without a resource.
    let history = expect(
        &api.get("/fhir/r4/Patient/p1/_history", &[]).await,
        StatusCode::OK,
    );
    assert_eq!(history["type"], "history");
    let entries = history["entry"].as_array().unwrap();
    let versions: Vec<&str> = entries
        .iter()
        .map(|e| e["response"]["etag"].as_str().unwrap())
        .collect();
    assert_eq!(
        versions,
        ["W/\"5\"", "W/\"4\"", "W/\"3\"", "W/\"2\"", "W/\"1\""]
    );
    assert_eq!(entries[1]["request"]["method"], "DELETE");
    assert!(entries[1].get("resource").is_none());
    assert_eq!(entries[0]["response"]["status"], "201 Created");
    assert_eq!(entries[2]["response"]["status"], "200 OK");
    assert_eq!(entries[2]["resource"]["name"][0]["family"], "Bakker");
    // Another provider sees none of it.
    let other = api_other(t).await;
    let reply = other.get("/fhir/r4/Patient/p1/_history/1", &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = other.get("/fhir/r4/Patient/p1/_history", &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    // The last 10 versions are kept; an older one says so.
    for n in 1..=12 {
        expect(
            &api.put(&goal("g1", &format!("Doel {n}")), &[]).await,
            StatusCode::from_u16(if n == 1 { 201 } else { 200 }).unwrap(),
        );
    }
    let history = expect(
        &api.get("/fhir/r4/Goal/g1/_history", &[]).await,
        StatusCode::OK,
    );
    assert_eq!(history["entry"].as_array().unwrap().len(), 10);
    let reply = api.get("/fhir/r4/Goal/g1/_history/2", &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("last 10 versions"), "{}", reply.body);
    let kept = expect(
        &api.get("/fhir/r4/Goal/g1/_history/3", &[]).await,
        StatusCode::OK,
    );
    assert_eq!(kept["description"]["text"], "Doel 3");
}

async fn api_other(t: &TestApp) -> Api<'_> {
    let provider = create_provider(
        &t.app,
        NewProvider {
            name: "Zorg Zuid".into(),
            secretariat_email: "secretariaat@zuid.example".into(),
            secretariat_phone: "010 123 45 68".into(),
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

on_both!(
    creates,
    post_assigns_ids_and_conditional_creates_and_updates_find_what_exists,
    post_assigns_ids_and_conditional_creates_and_updates_find_what_exists_on_postgresql
);

async fn creates(t: &TestApp) {
    let api = api(t).await;
    // POST Type: a server-assigned id, 201, a Location that resolves.
    let reply = api
        .send(
            "POST",
            "/fhir/r4/Patient",
            &[],
            Some(&patient(None, "C-1", "de Vries")),
        )
        .await;
    let created = expect(&reply, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(zk_fhir::is_valid_id(&id), "{id}");
    assert_eq!(
        reply.header("location"),
        format!("{BASE}/Patient/{id}/_history/1")
    );
    assert_eq!(reply.header("etag"), "W/\"1\"");
    let read = expect(
        &api.get(&path_of(reply.header("location")), &[]).await,
        StatusCode::OK,
    );
    assert_eq!(read["name"][0]["family"], "de Vries");
    // If-None-Exist finds it (with a system, without one): 200, nothing written.
    for condition in [
        format!("identifier={SYSTEM}|C-1"),
        "identifier=C-1".to_owned(),
    ] {
        let reply = api
            .send(
                "POST",
                "/fhir/r4/Patient",
                &[("if-none-exist", &condition)],
                Some(&patient(None, "C-1", "Anders")),
            )
            .await;
        let found = expect(&reply, StatusCode::OK);
        assert_eq!(found["id"], id.as_str());
        assert_eq!(found["name"][0]["family"], "de Vries");
        assert_eq!(reply.header("etag"), "W/\"1\"");
    }
    // `|value` means an identifier without a system: none here, so a new one is made.
    let reply = api
        .send(
            "POST",
            "/fhir/r4/Patient",
            &[("if-none-exist", "identifier=%7CC-2")],
            Some(&patient(None, "C-2", "Smit")),
        )
        .await;
    expect(&reply, StatusCode::CREATED);
    // Conditional update: no match creates (with the body's id), one match updates it.
    let reply = api
        .send(
            "PUT",
            &format!("/fhir/r4/Patient?identifier={SYSTEM}|C-3"),
            &[],
            Some(&patient(Some("p3"), "C-3", "Jansen")),
        )
        .await;
    expect(&reply, StatusCode::CREATED);
    assert_eq!(
        reply.header("location"),
        format!("{BASE}/Patient/p3/_history/1")
    );
    let reply = api
        .send(
            "PUT",
            "/fhir/r4/Patient?identifier=C-3",
            &[],
            Some(&patient(None, "C-3", "Jansen-Smit")),
        )
        .await;
    let updated = expect(&reply, StatusCode::OK);
    assert_eq!(updated["id"], "p3");
    assert_eq!(reply.header("etag"), "W/\"2\"");
    // The body's id must be the one found.
    let reply = api
        .send(
            "PUT",
            "/fhir/r4/Patient?identifier=C-3",
            &[],
            Some(&patient(Some("p9"), "C-3", "X")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    // Any identifier of the resource counts; two matches are refused (412) for both.
    let mut two = patient(Some("p4"), "C-4", "Visser");
    two["identifier"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "system": "https://lab.example/id", "value": "L-1" }));
    expect(&api.put(&two, &[]).await, StatusCode::CREATED);
    let mut other = patient(Some("p5"), "C-5", "Visser");
    other["identifier"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "system": "https://lab.example/id", "value": "L-1" }));
    expect(&api.put(&other, &[]).await, StatusCode::CREATED);
    let reply = api
        .send(
            "POST",
            "/fhir/r4/Patient",
            &[("if-none-exist", "identifier=https://lab.example/id|L-1")],
            Some(&patient(None, "C-6", "Visser")),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        reply.body
    );
    let reply = api
        .send(
            "PUT",
            "/fhir/r4/Patient?identifier=L-1",
            &[],
            Some(&patient(None, "C-6", "Visser")),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        reply.body
    );
    // Only identifier is a condition here; anything else is refused by name.
    let reply = api
        .send(
            "PUT",
            "/fhir/r4/Patient?name=Visser",
            &[],
            Some(&patient(None, "C-6", "Visser")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(issue_code(&reply), "not-supported");
}

on_both!(
    transactions,
    transactions_resolve_urn_uuids_post_entries_and_conditions,
    transactions_resolve_urn_uuids_post_entries_and_conditions_on_postgresql
);

async fn transactions(t: &TestApp) {
    let api = api(t).await;
    // The record-system pattern: a new Patient and its Appointment in one Bundle, the
    // appointment referring to the patient by its urn:uuid fullUrl.
    let patient_urn = "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a";
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": "urn:uuid:0b5c1a2e-0000-4000-8000-000000000001",
                "resource": appointment(None, patient_urn, "Practitioner/dr1"),
                "request": { "method": "POST", "url": "Appointment" }
            },
            {
                "fullUrl": patient_urn,
                "resource": patient(None, "C-1", "de Vries"),
                "request": { "method": "POST", "url": "Patient" }
            },
            {
                "resource": practitioner("dr1"),
                "request": { "method": "PUT", "url": "Practitioner/dr1" }
            }
        ]
    });
    let response = expect(&api.bundle(&bundle).await, StatusCode::OK);
    assert_eq!(response["type"], "transaction-response");
    let entries = response["entry"].as_array().unwrap();
    let statuses: Vec<&str> = entries
        .iter()
        .map(|e| e["response"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["201 Created", "201 Created", "201 Created"]);
    for e in entries {
        assert!(e["response"]["etag"].is_string());
        assert!(e["response"]["lastModified"].is_string());
    }
    let patient_location = entries[1]["response"]["location"].as_str().unwrap();
    let patient_id = patient_location
        .strip_prefix("Patient/")
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let first = expect(
        &api.get(
            &format!(
                "/fhir/r4/{}",
                entries[0]["response"]["location"].as_str().unwrap()
            ),
            &[],
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(
        first["participant"][0]["actor"]["reference"],
        format!("Patient/{patient_id}")
    );
    // ifNoneExist finds the patient: 200, nothing written, and the urn:uuid refers to it.
    let second_urn = "urn:uuid:7d7d7d7d-0000-4000-8000-000000000002";
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": second_urn,
                "resource": patient(None, "C-1", "Anders"),
                "request": { "method": "POST", "url": "Patient", "ifNoneExist": format!("identifier={SYSTEM}|C-1") }
            },
            {
                "resource": appointment(None, second_urn, "Practitioner/dr1"),
                "request": { "method": "PUT", "url": "Appointment?identifier=none-yet" }
            },
            {
                "resource": patient(None, "C-2", "Smit"),
                "request": { "method": "PUT", "url": format!("Patient?identifier={SYSTEM}|C-2") }
            }
        ]
    });
    let response = expect(&api.bundle(&bundle).await, StatusCode::OK);
    let entries = response["entry"].as_array().unwrap();
    assert_eq!(entries[0]["response"]["status"], "200 OK");
    assert_eq!(
        entries[0]["response"]["location"],
        format!("Patient/{patient_id}/_history/1")
    );
    assert_eq!(entries[1]["response"]["status"], "201 Created");
    assert_eq!(entries[2]["response"]["status"], "201 Created");
    let second = expect(
        &api.get(
            &format!(
                "/fhir/r4/{}",
                entries[1]["response"]["location"].as_str().unwrap()
            ),
            &[],
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(
        second["participant"][0]["actor"]["reference"],
        format!("Patient/{patient_id}")
    );
    let kept = expect(
        &api.get(&format!("/fhir/r4/Patient/{patient_id}"), &[])
            .await,
        StatusCode::OK,
    );
    assert_eq!(kept["name"][0]["family"], "de Vries");
    // A stale ifMatch refuses the whole transaction (412): nothing of it is stored.
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "resource": patient(Some("p7"), "C-7", "Nieuw"),
                "request": { "method": "PUT", "url": "Patient/p7" }
            },
            {
                "resource": practitioner("dr1"),
                "request": { "method": "PUT", "url": "Practitioner/dr1", "ifMatch": "W/\"7\"" }
            }
        ]
    });
    let reply = api.bundle(&bundle).await;
    assert_eq!(
        reply.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        reply.body
    );
    let v = json_of(&reply);
    assert_eq!(
        v["issue"][0]["expression"][0],
        "Bundle.entry[1].request.ifMatch"
    );
    assert_eq!(
        api.get("/fhir/r4/Patient/p7", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    // With the current version it goes through.
    let mut fixed = bundle.clone();
    fixed["entry"][1]["request"]["ifMatch"] = "W/\"1\"".into();
    expect(&api.bundle(&fixed).await, StatusCode::OK);
    expect(&api.get("/fhir/r4/Patient/p7", &[]).await, StatusCode::OK);
}

on_both!(
    batches,
    a_batch_answers_each_entry_on_its_own,
    a_batch_answers_each_entry_on_its_own_on_postgresql
);

async fn batches(t: &TestApp) {
    let api = api(t).await;
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            { "resource": patient(Some("p1"), "C-1", "de Vries"), "request": { "method": "PUT", "url": "Patient/p1" } },
            { "resource": appointment(Some("a1"), "Patient/p1", "Practitioner/ghost"), "request": { "method": "PUT", "url": "Appointment/a1" } },
            { "resource": practitioner("dr1"), "request": { "method": "POST", "url": "Practitioner" } },
            { "request": { "method": "DELETE", "url": "Goal/never-was" } }
        ]
    });
    let response = expect(&api.bundle(&bundle).await, StatusCode::OK);
    assert_eq!(response["type"], "batch-response");
    let entries = response["entry"].as_array().unwrap();
    let statuses: Vec<&str> = entries
        .iter()
        .map(|e| e["response"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "201 Created",
            "422 Unprocessable Entity",
            "201 Created",
            "204 No Content"
        ]
    );
    let outcome = &entries[1]["response"]["outcome"];
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(
        outcome["issue"][0]["expression"][0],
        "Bundle.entry[1].resource.participant[1].actor.reference"
    );
    expect(&api.get("/fhir/r4/Patient/p1", &[]).await, StatusCode::OK);
    assert_eq!(
        api.get("/fhir/r4/Appointment/a1", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let created = entries[2]["response"]["location"].as_str().unwrap();
    expect(
        &api.get(&format!("/fhir/r4/{created}"), &[]).await,
        StatusCode::OK,
    );
}
