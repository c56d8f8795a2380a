//! The FHIR R4 API through HTTP, as a provider's record system uses it: create and read back,
//! idempotent PUTs, searches in pages, deletes, transaction Bundles (all or nothing), every kind
//! of bad input with its OperationOutcome and nothing written, tokens and scopes, one provider
//! never seeing another's data, and pushed data appearing on the client's care page. The main
//! journeys run on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::SignedDuration;
use serde_json::{Value, json};
use support::{Reply, TestApp};
use zk_app::api_tokens::{self, Scopes};
use zk_app::providers::{NewProvider, create_provider};
use zk_domain::ProviderId;
use zk_fhir::ResourceType;

const ORIGIN: &str = "http://127.0.0.1:8080";

/// A record system: one provider's token.
struct Api<'a> {
    t: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if !self.token.is_empty() {
            request = request.header("authorization", format!("Bearer {}", self.token));
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

    async fn put(&self, resource: &Value) -> Reply {
        let path = format!(
            "/fhir/r4/{}/{}",
            resource["resourceType"].as_str().unwrap(),
            resource["id"].as_str().unwrap()
        );
        self.send("PUT", &path, Some(resource)).await
    }

    async fn put_ok(&self, resource: &Value) -> Value {
        let reply = self.put(resource).await;
        assert!(
            reply.status == StatusCode::CREATED || reply.status == StatusCode::OK,
            "PUT {}: {} {}",
            resource["id"],
            reply.status,
            reply.body
        );
        json_of(&reply)
    }

    async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None).await
    }

    async fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, None).await
    }

    async fn transaction(&self, bundle: &Value) -> Reply {
        self.send("POST", "/fhir/r4", Some(bundle)).await
    }

    async fn missing(&self, path: &str) {
        let reply = self.get(path).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            reply.body
        );
    }
}

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("not JSON: {}", reply.body))
}

/// The resource without `meta`, to compare with what was sent.
fn without_meta(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("meta");
    v
}

/// The single issue of an OperationOutcome reply: (status, code, expressions).
fn issue(reply: &Reply) -> (StatusCode, String, Vec<String>) {
    let v = json_of(reply);
    assert_eq!(v["resourceType"], "OperationOutcome", "{}", reply.body);
    assert!(
        reply
            .header("content-type")
            .starts_with("application/fhir+json"),
        "{:?}",
        reply.headers
    );
    let i = &v["issue"][0];
    let expressions = i["expression"]
        .as_array()
        .map(|a| a.iter().map(|e| e.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    (
        reply.status,
        i["code"].as_str().unwrap().to_owned(),
        expressions,
    )
}

async fn provider(t: &TestApp, name: &str) -> ProviderId {
    create_provider(
        &t.app,
        NewProvider {
            name: name.into(),
            secretariat_email: "secretariaat@ggz.example".into(),
            secretariat_phone: "010 123 45 67".into(),
            letter_validity_days: 30,
        },
    )
    .await
    .unwrap()
    .id
}

async fn token(t: &TestApp, provider: ProviderId, scopes: Scopes) -> String {
    api_tokens::create(
        &t.app,
        zk_app::audit::staff_changes::By::Operator,
        provider,
        "ECD",
        scopes,
    )
    .await
    .unwrap()
    .secret
}

async fn api<'a>(t: &'a TestApp, name: &str) -> (Api<'a>, ProviderId) {
    let p = provider(t, name).await;
    (
        Api {
            t,
            token: token(t, p, Scopes::full()).await,
        },
        p,
    )
}

fn patient(id: &str, number: &str, family: &str) -> Value {
    json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": number }],
        "name": [{ "use": "official", "family": family, "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    })
}

fn practitioner(id: &str, name: &str) -> Value {
    json!({
        "resourceType": "Practitioner",
        "id": id,
        "name": [{ "text": name }],
        "qualification": [{ "code": { "text": "GZ-psycholoog" } }]
    })
}

fn appointment(id: &str, patient: &str, practitioner: &str, start: &str) -> Value {
    let start: jiff::Timestamp = start.parse().unwrap();
    json!({
        "resourceType": "Appointment",
        "id": id,
        "status": "booked",
        "description": format!("Behandelgesprek {id}"),
        "start": start.to_string(),
        "end": (start + SignedDuration::from_mins(45)).to_string(),
        "participant": [
            { "actor": { "reference": format!("Patient/{patient}") }, "status": "accepted" },
            { "actor": { "reference": format!("Practitioner/{practitioner}") }, "status": "accepted" },
            { "actor": { "type": "Location", "display": "Spreekkamer 3" }, "status": "accepted" }
        ]
    })
}

fn observation(id: &str, patient: &str, when: &str, value: f64) -> Value {
    json!({
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "code": { "text": "Gewicht" },
        "subject": { "reference": format!("Patient/{patient}") },
        "effectiveDateTime": when,
        "valueQuantity": { "value": value, "unit": "kg" }
    })
}

fn put_entry(resource: &Value) -> Value {
    json!({
        "resource": resource,
        "request": {
            "method": "PUT",
            "url": format!("{}/{}", resource["resourceType"].as_str().unwrap(), resource["id"].as_str().unwrap())
        }
    })
}

fn bundle(entries: Vec<Value>) -> Value {
    json!({ "resourceType": "Bundle", "type": "transaction", "entry": entries })
}

/// Runs a scenario on SQLite, and on a fresh PostgreSQL database.
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
    create_read_back_and_repeat,
    resources_read_back_as_put_and_a_repeated_put_changes_nothing,
    resources_read_back_as_put_and_a_repeated_put_changes_nothing_on_postgresql
);

async fn create_read_back_and_repeat(t: &TestApp) {
    let (api, _) = api(t, "GGZ Noord").await;
    let sent = [
        patient("p1", "C-1001", "de Vries"),
        practitioner("dr1", "Dr. A. Jansen"),
        appointment("ap1", "p1", "dr1", "2026-12-01T09:30:00Z"),
    ];
    for resource in &sent {
        let reply = api.put(resource).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let kind = resource["resourceType"].as_str().unwrap();
        let id = resource["id"].as_str().unwrap();
        assert_eq!(
            reply.header("location"),
            format!("{ORIGIN}/fhir/r4/{kind}/{id}/_history/1")
        );
        assert_eq!(reply.header("etag"), "W/\"1\"");
        assert!(
            reply
                .header("content-type")
                .starts_with("application/fhir+json")
        );
        let stored = json_of(&reply);
        assert_eq!(stored["meta"]["versionId"], "1");
        assert_eq!(stored["meta"]["lastUpdated"], "2026-11-23T10:00:00Z");
        assert_eq!(without_meta(stored), *resource);
    }
    for resource in &sent {
        let path = format!(
            "/fhir/r4/{}/{}",
            resource["resourceType"].as_str().unwrap(),
            resource["id"].as_str().unwrap()
        );
        let reply = api.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.header("etag"), "W/\"1\"");
        assert_eq!(
            reply.header("last-modified"),
            "Mon, 23 Nov 2026 10:00:00 GMT"
        );
        assert_eq!(without_meta(json_of(&reply)), *resource);
    }
    // The same PUT again, later: 200, the same version and time.
    t.clock.advance(SignedDuration::from_mins(5));
    let again = api.put(&sent[2]).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.header("etag"), "W/\"1\"");
    assert_eq!(
        json_of(&again)["meta"]["lastUpdated"],
        "2026-11-23T10:00:00Z"
    );
    // A change makes version 2.
    let mut moved = sent[2].clone();
    moved["description"] = json!("Verzet");
    // A clock with nanoseconds: the answer shows the time as stored (whole microseconds).
    t.clock.advance(SignedDuration::from_nanos(1_234_567));
    let changed = api.put(&moved).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.header("etag"), "W/\"2\"");
    let read_back = json_of(&api.get("/fhir/r4/Appointment/ap1").await);
    assert_eq!(
        json_of(&changed)["meta"]["lastUpdated"],
        read_back["meta"]["lastUpdated"]
    );
    assert_eq!(
        read_back["meta"]["lastUpdated"],
        "2026-11-23T10:05:00.001234Z"
    );
    assert_eq!(
        without_meta(json_of(&api.get("/fhir/r4/Appointment/ap1").await)),
        moved
    );
    let reply = api.get("/fhir/r4/Appointment/nope").await;
    assert_eq!(
        issue(&reply),
        (StatusCode::NOT_FOUND, "not-found".into(), vec![])
    );
}

on_both!(
    search_in_pages,
    searches_by_patient_date_last_updated_and_identifier_follow_next_links,
    searches_by_patient_date_last_updated_and_identifier_follow_next_links_on_postgresql
);

/// Follows `next` links from `path`; returns the ids of every page and the number of pages.
async fn all_pages(api: &Api<'_>, path: &str) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut next = Some(path.to_owned());
    while let Some(path) = next {
        let reply = api.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        let page = json_of(&reply);
        assert_eq!(page["type"], "searchset");
        pages += 1;
        // An empty page has no `entry` (FHIR JSON has no empty arrays).
        for entry in page["entry"].as_array().into_iter().flatten() {
            let id = entry["resource"]["id"].as_str().unwrap();
            assert_eq!(
                entry["fullUrl"],
                format!(
                    "{ORIGIN}/fhir/r4/{}/{id}",
                    entry["resource"]["resourceType"].as_str().unwrap()
                )
            );
            ids.push(id.to_owned());
        }
        next = page["link"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["relation"] == "next")
            .map(|l| {
                l["url"]
                    .as_str()
                    .unwrap()
                    .strip_prefix(ORIGIN)
                    .unwrap()
                    .to_owned()
            });
        assert!(pages < 20, "endless paging");
    }
    (ids, pages)
}

async fn search_in_pages(t: &TestApp) {
    let (api, _) = api(t, "GGZ Noord").await;
    let (other, _) = api_of_other(t).await;
    api.put_ok(&patient("p1", "C-1", "de Vries")).await;
    api.put_ok(&patient("p2", "C-2", "Bakker")).await;
    api.put_ok(&practitioner("dr1", "Dr. Jansen")).await;
    other.put_ok(&patient("p1", "C-1", "Anders")).await;
    // Five appointments of p1 on 1..5 December, written a minute apart; one of p2.
    for day in 1..=5 {
        t.clock.advance(SignedDuration::from_mins(1));
        api.put_ok(&appointment(
            &format!("a{day}"),
            "p1",
            "dr1",
            &format!("2026-12-0{day}T09:00:00Z"),
        ))
        .await;
    }
    api.put_ok(&appointment("b1", "p2", "dr1", "2026-12-03T13:00:00Z"))
        .await;

    let (ids, pages) = all_pages(&api, "/fhir/r4/Appointment?patient=p1&_count=2").await;
    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    assert_eq!(pages, 3);
    let (ids, _) = all_pages(
        &api,
        "/fhir/r4/Appointment?patient=Patient/p1&date=ge2026-12-02&date=lt2026-12-04&_count=1",
    )
    .await;
    assert_eq!(ids, ["a2", "a3"]);
    let (ids, _) = all_pages(&api, "/fhir/r4/Appointment?date=2026-12-03").await;
    assert_eq!(ids, ["a3", "b1"]);
    // Written after 10:03 (a3 at 10:03, a4 10:04, a5 and b1 10:05).
    let (ids, _) = all_pages(
        &api,
        "/fhir/r4/Appointment?_lastUpdated=gt2026-11-23T10:03:00Z&_count=2",
    )
    .await;
    assert_eq!(ids, ["a4", "a5", "b1"]);
    let (ids, _) = all_pages(
        &api,
        "/fhir/r4/Patient?identifier=https://ggz.example/clientnummer%7CC-2",
    )
    .await;
    assert_eq!(ids, ["p2"]);
    let (ids, _) = all_pages(&api, "/fhir/r4/Patient?identifier=C-1").await;
    assert_eq!(ids, ["p1"]);
    let (ids, _) = all_pages(&api, "/fhir/r4/Patient?identifier=other-system%7CC-1").await;
    assert!(ids.is_empty());
    // The other provider's p1 has no appointments, and sees none of these.
    let (ids, _) = all_pages(&other, "/fhir/r4/Appointment?patient=p1").await;
    assert!(ids.is_empty());
    let (ids, _) = all_pages(&other, "/fhir/r4/Patient").await;
    assert_eq!(ids, ["p1"]);
    // Bad parameters are refused, not ignored.
    for (path, code) in [
        ("/fhir/r4/Appointment?subject=p1", "not-supported"),
        ("/fhir/r4/Appointment?date=xx2026-12-01", "not-supported"),
        ("/fhir/r4/Appointment?date=morgen", "invalid"),
        ("/fhir/r4/Appointment?_count=-1", "invalid"),
        ("/fhir/r4/Appointment?_cursor=zzz", "invalid"),
        ("/fhir/r4/Practitioner?patient=p1", "not-supported"),
    ] {
        let reply = api.get(path).await;
        assert_eq!(issue(&reply).0, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(issue(&reply).1, code, "{path}");
    }
}

async fn api_of_other(t: &TestApp) -> (Api<'_>, ProviderId) {
    api(t, "Zorg Zuid").await
}

on_both!(
    transactions,
    a_transaction_is_stored_whole_or_not_at_all,
    a_transaction_is_stored_whole_or_not_at_all_on_postgresql
);

async fn transactions(t: &TestApp) {
    let (api, _) = api(t, "GGZ Noord").await;
    // Entry 2 refers to a practitioner that exists nowhere: nothing of the Bundle is stored.
    let bad = bundle(vec![
        put_entry(&observation("o1", "p1", "2026-11-20", 71.0)),
        put_entry(&patient("p1", "C-1", "de Vries")),
        put_entry(&appointment("ap1", "p1", "ghost", "2026-12-01T09:00:00Z")),
    ]);
    let reply = api.transaction(&bad).await;
    assert_eq!(
        issue(&reply),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "not-found".into(),
            vec!["Bundle.entry[2].resource.participant[1].actor.reference".into()]
        )
    );
    api.missing("/fhir/r4/Patient/p1").await;
    api.missing("/fhir/r4/Observation/o1").await;
    // The same with the practitioner: stored whole, answered in the request's order, even
    // though the observation comes before its patient.
    let mut entries = bad["entry"].as_array().unwrap().clone();
    entries.push(put_entry(&practitioner("ghost", "Dr. Geest")));
    entries.push(json!({ "request": { "method": "DELETE", "url": "Goal/never-was" } }));
    let reply = api.transaction(&bundle(entries.clone())).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let response = json_of(&reply);
    assert_eq!(response["type"], "transaction-response");
    let statuses: Vec<&str> = response["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["response"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "201 Created",
            "201 Created",
            "201 Created",
            "201 Created",
            "204 No Content"
        ]
    );
    assert_eq!(
        response["entry"][0]["response"]["location"],
        "Observation/o1/_history/1"
    );
    assert_eq!(
        without_meta(json_of(&api.get("/fhir/r4/Observation/o1").await)),
        observation("o1", "p1", "2026-11-20", 71.0)
    );
    // Again: all 200, nothing changes.
    let reply = api.transaction(&bundle(entries)).await;
    let response = json_of(&reply);
    assert_eq!(response["entry"][2]["response"]["status"], "200 OK");
    assert_eq!(response["entry"][2]["response"]["etag"], "W/\"1\"");
    // Bad entries are all reported at once, by entry.
    let reply = api
        .transaction(&bundle(vec![
            put_entry(&json!({ "resourceType": "Patient", "id": "p5" })),
            json!({ "request": { "method": "POST", "url": "Patient" } }),
        ]))
        .await;
    let v = json_of(&reply);
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let at: Vec<&str> = v["issue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["expression"][0].as_str().unwrap())
        .collect();
    assert!(at.contains(&"Bundle.entry[0].resource.birthDate"), "{at:?}");
    assert!(at.contains(&"Bundle.entry[1].resource"), "{at:?}");
    api.missing("/fhir/r4/Patient/p5").await;
    // Deleting in a Bundle: the appointment before the practitioner it refers to.
    let reply = api
        .transaction(&bundle(vec![
            json!({ "request": { "method": "DELETE", "url": "Practitioner/ghost" } }),
            json!({ "request": { "method": "DELETE", "url": "Appointment/ap1" } }),
        ]))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    api.missing("/fhir/r4/Practitioner/ghost").await;
}

on_both!(
    deletes,
    a_delete_answers_204_and_the_resource_is_gone,
    a_delete_answers_204_and_the_resource_is_gone_on_postgresql
);

async fn deletes(t: &TestApp) {
    let (api, _) = api(t, "GGZ Noord").await;
    api.put_ok(&patient("p1", "C-1", "de Vries")).await;
    api.put_ok(&practitioner("dr1", "Dr. Jansen")).await;
    api.put_ok(&appointment("ap1", "p1", "dr1", "2026-12-01T09:00:00Z"))
        .await;
    let reply = api.delete("/fhir/r4/Patient/p1").await;
    let (status, code, _) = issue(&reply);
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "conflict"));
    assert!(reply.body.contains("Appointment/ap1"), "{}", reply.body);
    assert_eq!(
        api.delete("/fhir/r4/Appointment/ap1").await.status,
        StatusCode::NO_CONTENT
    );
    api.missing("/fhir/r4/Appointment/ap1").await;
    assert_eq!(
        api.delete("/fhir/r4/Appointment/ap1").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete("/fhir/r4/Patient/p1").await.status,
        StatusCode::NO_CONTENT
    );
    api.missing("/fhir/r4/Patient/p1").await;
    // The client number is free for the Patient again (its record is taken back).
    assert_eq!(
        api.put(&patient("p1", "C-1", "de Vries")).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn bad_input_is_refused_where_it_is_and_nothing_is_written() {
    let t = TestApp::with_config(false, |mut c| {
        c.fhir_max_body_bytes = 4096;
        c
    })
    .await;
    let (api, _) = api(&t, "GGZ Noord").await;
    let (other, _) = api_of_other(&t).await;
    other.put_ok(&patient("theirs", "C-9", "Anders")).await;
    api.put_ok(&practitioner("dr1", "Dr. Jansen")).await;

    let raw = |path: &str, body: &str| {
        let request = Request::put(path)
            .header("authorization", format!("Bearer {}", api.token))
            .header("content-type", "application/fhir+json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        t.send(request)
    };
    let reply = raw("/fhir/r4/Patient/p1", "{\"resourceType\": \"Patient\",").await;
    assert_eq!(
        issue(&reply),
        (StatusCode::BAD_REQUEST, "structure".into(), vec![])
    );
    api.missing("/fhir/r4/Patient/p1").await;

    let reply = api
        .put(&json!({ "resourceType": "Encounter", "id": "e1" }))
        .await;
    // An unsupported type is 404, as FHIR says.
    assert_eq!(
        issue(&reply),
        (StatusCode::NOT_FOUND, "not-supported".into(), vec![])
    );

    let mut wrong_type = practitioner("p1", "Dr. Jansen");
    let reply = api
        .send("PUT", "/fhir/r4/Patient/p1", Some(&wrong_type))
        .await;
    assert_eq!(
        issue(&reply),
        (
            StatusCode::BAD_REQUEST,
            "invalid".into(),
            vec!["Patient.resourceType".into()]
        )
    );
    wrong_type["id"] = json!("other-id");
    let reply = api
        .send("PUT", "/fhir/r4/Practitioner/dr2", Some(&wrong_type))
        .await;
    assert_eq!(
        issue(&reply),
        (
            StatusCode::BAD_REQUEST,
            "invalid".into(),
            vec!["Practitioner.id".into()]
        )
    );
    api.missing("/fhir/r4/Practitioner/dr2").await;

    let mut no_birth_date = patient("p1", "C-1", "de Vries");
    no_birth_date.as_object_mut().unwrap().remove("birthDate");
    let reply = api.put(&no_birth_date).await;
    assert_eq!(
        issue(&reply),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "required".into(),
            vec!["Patient.birthDate".into()]
        )
    );
    api.missing("/fhir/r4/Patient/p1").await;

    // Another provider's patient does not exist for this one.
    let reply = api
        .put(&appointment("ap1", "theirs", "dr1", "2026-12-01T09:00:00Z"))
        .await;
    assert_eq!(
        issue(&reply),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "not-found".into(),
            vec!["Appointment.participant[0].actor.reference".into()]
        )
    );
    api.missing("/fhir/r4/Appointment/ap1").await;

    let big = json!({ "resourceType": "Practitioner", "id": "dr3", "name": [{ "text": "x".repeat(5000) }] });
    let reply = api.put(&big).await;
    assert_eq!(
        issue(&reply),
        (StatusCode::PAYLOAD_TOO_LARGE, "too-long".into(), vec![])
    );
    api.missing("/fhir/r4/Practitioner/dr3").await;
    let reply = api.transaction(&bundle(vec![put_entry(&big)])).await;
    assert_eq!(issue(&reply).0, StatusCode::PAYLOAD_TOO_LARGE);

    let reply = api.get("/fhir/r4/Patient/a_b").await;
    assert_eq!(
        issue(&reply),
        (StatusCode::BAD_REQUEST, "invalid".into(), vec![])
    );
    let reply = api.get("/fhir/r4/Patient/p1/_history/1").await;
    assert_eq!(issue(&reply).0, StatusCode::NOT_FOUND);
    let reply = api
        .send(
            "POST",
            "/fhir/r4/Patient/p1",
            Some(&patient("p1", "C-1", "x")),
        )
        .await;
    assert_eq!(issue(&reply).0, StatusCode::METHOD_NOT_ALLOWED);
    let reply = api
        .send("POST", "/fhir/r4", Some(&patient("p1", "C-1", "x")))
        .await;
    assert_eq!(
        issue(&reply),
        (StatusCode::BAD_REQUEST, "not-supported".into(), vec![])
    );
    api.missing("/fhir/r4/Patient/p1").await;
    let request = Request::put("/fhir/r4/Patient/p1")
        .header("authorization", format!("Bearer {}", api.token))
        .header("content-type", "text/xml")
        .body(Body::from("<Patient/>"))
        .unwrap();
    assert_eq!(
        issue(&t.send(request).await).0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}

#[tokio::test]
async fn tokens_and_scopes_decide_who_may_do_what() {
    let t = TestApp::new(false).await;
    let (api_a, a) = api(&t, "GGZ Noord").await;
    let (api_b, _) = api_of_other(&t).await;
    api_a.put_ok(&patient("p1", "C-1", "de Vries")).await;

    let anonymous = Api {
        t: &t,
        token: String::new(),
    };
    let reply = anonymous.get("/fhir/r4/Patient/p1").await;
    assert_eq!(
        issue(&reply),
        (StatusCode::UNAUTHORIZED, "login".into(), vec![])
    );
    assert!(reply.header("www-authenticate").starts_with("Bearer"));
    let garbage = Api {
        t: &t,
        token: "zk_not-a-token".into(),
    };
    assert_eq!(
        issue(&garbage.get("/fhir/r4/Patient/p1").await).0,
        StatusCode::UNAUTHORIZED
    );

    // The metadata is open to all.
    let reply = anonymous.get("/fhir/r4/metadata").await;
    assert_eq!(reply.status, StatusCode::OK);
    let cs = json_of(&reply);
    assert_eq!(cs["resourceType"], "CapabilityStatement");
    assert_eq!(cs["implementation"]["url"], format!("{ORIGIN}/fhir/r4"));
    assert_eq!(reply.header("x-content-type-options"), "nosniff");

    // Another provider's resource is exactly as missing as one that does not exist.
    let theirs = api_b.get("/fhir/r4/Patient/p1").await;
    let nowhere = api_b.get("/fhir/r4/Patient/p404").await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(
        theirs.body.replace("p1", "X"),
        nowhere.body.replace("p404", "X")
    );
    assert_eq!(
        api_b.delete("/fhir/r4/Patient/p1").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api_a.get("/fhir/r4/Patient/p1").await.status,
        StatusCode::OK
    );

    let reader = Api {
        t: &t,
        token: token(&t, a, Scopes::read_only()).await,
    };
    assert_eq!(
        reader.get("/fhir/r4/Patient/p1").await.status,
        StatusCode::OK
    );
    let reply = reader.put(&patient("p2", "C-2", "Bakker")).await;
    assert_eq!(
        issue(&reply),
        (StatusCode::FORBIDDEN, "forbidden".into(), vec![])
    );
    let reply = reader
        .transaction(&bundle(vec![put_entry(&patient("p2", "C-2", "Bakker"))]))
        .await;
    assert_eq!(
        issue(&reply),
        (
            StatusCode::FORBIDDEN,
            "forbidden".into(),
            vec!["Bundle.entry[0]".into()]
        )
    );
    assert_eq!(
        issue(&reader.delete("/fhir/r4/Patient/p1").await).0,
        StatusCode::FORBIDDEN
    );
    api_a.missing("/fhir/r4/Patient/p2").await;

    let patients_only = Api {
        t: &t,
        token: token(
            &t,
            a,
            Scopes {
                read: true,
                write: true,
                resource_types: Some(vec![ResourceType::Patient]),
            },
        )
        .await,
    };
    assert_eq!(
        patients_only.get("/fhir/r4/Patient/p1").await.status,
        StatusCode::OK
    );
    assert_eq!(
        issue(&patients_only.get("/fhir/r4/Observation?patient=p1").await).0,
        StatusCode::FORBIDDEN
    );

    let created = api_tokens::create(
        &t.app,
        zk_app::audit::staff_changes::By::Operator,
        a,
        "weg",
        Scopes::full(),
    )
    .await
    .unwrap();
    let revoked = Api {
        t: &t,
        token: created.secret,
    };
    assert_eq!(
        revoked.get("/fhir/r4/Patient/p1").await.status,
        StatusCode::OK
    );
    assert_eq!(
        api_tokens::revoke(
            &t.app,
            zk_app::audit::staff_changes::By::Operator,
            a,
            created.token.id
        )
        .await
        .unwrap(),
        zk_store::Revocation::Revoked
    );
    let reply = revoked.get("/fhir/r4/Patient/p1").await;
    assert_eq!(issue(&reply).0, StatusCode::UNAUTHORIZED);
    assert!(reply.header("www-authenticate").contains("invalid_token"));
}

#[tokio::test]
async fn the_api_is_not_a_browser_form_no_csrf_check_and_no_cookies() {
    let t = TestApp::new(false).await;
    let (api, _) = api(&t, "GGZ Noord").await;
    let request = Request::put("/fhir/r4/Patient/p1")
        .header("authorization", format!("Bearer {}", api.token))
        .header("content-type", "application/fhir+json")
        .header("origin", "https://ecd.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(patient("p1", "C-1", "de Vries").to_string()))
        .unwrap();
    let reply = t.send(request).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.headers.get("set-cookie").is_none());
    assert_eq!(reply.header("x-frame-options"), "DENY");
    // Page forms keep their check.
    let form = Request::post("/inloggen")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("email=a%40b.example&wachtwoord=x"))
        .unwrap();
    assert_eq!(t.send(form).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn documents_and_reports_round_trip() {
    let t = TestApp::new(false).await;
    let (api, _) = api(&t, "GGZ Noord").await;
    api.put_ok(&patient("p1", "C-1", "de Vries")).await;
    let pdf = b"%PDF-1.7\nvoorbeeld";
    let binary = json!({
        "resourceType": "Binary", "id": "bin1", "contentType": "application/pdf",
        "data": "JVBERi0xLjcKdm9vcmJlZWxk"
    });
    assert_eq!(
        "JVBERi0xLjcKdm9vcmJlZWxk",
        zk_fhir_base64(pdf),
        "the test's base64 is right"
    );
    let document = json!({
        "resourceType": "DocumentReference", "id": "d1", "status": "current",
        "subject": { "reference": "Patient/p1" },
        "description": "Behandelplan",
        "content": [{ "attachment": { "contentType": "application/pdf", "url": "Binary/bin1" } }]
    });
    let reply = api
        .transaction(&bundle(vec![put_entry(&document), put_entry(&binary)]))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        without_meta(json_of(&api.get("/fhir/r4/Binary/bin1").await)),
        binary
    );
    assert_eq!(
        without_meta(json_of(&api.get("/fhir/r4/DocumentReference/d1").await)),
        document
    );
    let report = json!({
        "resourceType": "DocumentReference", "id": "r1", "status": "current",
        "subject": { "reference": "Patient/p1" },
        "date": "2026-11-20T15:00:00Z",
        "description": "Verslag behandelgesprek",
        "content": [{ "attachment": { "contentType": "text/plain", "data": "SGV0IGdhYXQgZ29lZC4=" } }]
    });
    api.put_ok(&report).await;
    let (ids, _) = all_pages(
        &api,
        "/fhir/r4/DocumentReference?patient=p1&date=ge2026-11-20",
    )
    .await;
    assert_eq!(ids, ["r1"]);
    let client = t
        .app
        .store
        .find_client_record_by_number(
            t.app
                .store
                .list_providers(&zk_domain::page::PageRequest::first(5))
                .await
                .unwrap()
                .items[0]
                .id,
            "C-1",
        )
        .await
        .unwrap()
        .unwrap();
    let page = zk_domain::page::PageRequest::first(5);
    let documents = t
        .app
        .store
        .list_documents(client.id, &page)
        .await
        .unwrap()
        .items;
    assert_eq!(documents.len(), 1);
    assert_eq!(
        t.app
            .store
            .read_document_content(documents[0].id)
            .await
            .unwrap()
            .unwrap(),
        pdf
    );
    let reports = t
        .app
        .store
        .list_reports(client.id, &page)
        .await
        .unwrap()
        .items;
    assert_eq!(reports[0].body, "Het gaat goed.");
    // Not a PDF: refused at the data.
    let mut fake = document.clone();
    fake["id"] = json!("d2");
    fake["content"][0]["attachment"] =
        json!({ "contentType": "application/pdf", "data": "SGFsbG8=" });
    assert_eq!(
        issue(&api.put(&fake).await),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid".into(),
            vec!["DocumentReference.content[0].attachment.data".into()]
        )
    );
}

fn zk_fhir_base64(bytes: &[u8]) -> String {
    let v = zk_fhir::Binary {
        received: None,
        id: "x".into(),
        content_type: "application/pdf".into(),
        data: bytes.to_vec(),
    }
    .to_json(None);
    v["data"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_api_pushes_appears_on_the_care_page() {
    care_page(&support::world::world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_api_pushes_appears_on_the_care_page_on_postgresql() {
    let w = support::world::world_with(TestApp::postgres().await).await;
    care_page(&w).await;
    w.t.finish().await;
}

async fn care_page(w: &support::world::World) {
    let t = &w.t;
    let demo_provider = &w.demo.providers[0];
    let api = Api {
        t,
        token: demo_provider.api_token.clone(),
    };
    api.put_ok(&patient("pt-77", "API-77", "Visser")).await;
    let provider: ProviderId = demo_provider.id.parse().unwrap();
    let record = t
        .app
        .store
        .find_client_record_by_number(provider, "API-77")
        .await
        .unwrap()
        .unwrap();
    let issued = zk_app::letters::issue_letter(
        &t.app,
        record.id,
        zk_domain::letter::IntendedFor::Client,
        t.app.now(),
    )
    .await
    .unwrap();
    let letter = zk_app::demo::DemoLetter {
        provider: demo_provider.name.clone(),
        client_name: record.full_name(),
        client_number: record.client_number.clone(),
        code: issued.code.digits(),
        birth_date: "1985-05-05".into(),
        status: "valid",
        expires: String::new(),
        intended_for: "client",
    };
    let mut browser = w
        .register_verified(
            &letter,
            "sanne.visser@voorbeeld.example",
            zk_app::demo::DEMO_PASSWORD,
        )
        .await;
    let before = browser.get("/zorgpagina").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(!before.body.contains("Dr. R. Vermeulen"));

    let reply = api
        .transaction(&bundle(vec![
            put_entry(&practitioner("dr-77", "Dr. R. Vermeulen")),
            put_entry(&json!({
                "resourceType": "CareTeam", "id": "team-77",
                "subject": { "reference": "Patient/pt-77" },
                "participant": [{
                    "role": [{ "text": "regiebehandelaar" }],
                    "member": { "reference": "Practitioner/dr-77" }
                }]
            })),
            put_entry(&appointment(
                "ap-77",
                "pt-77",
                "dr-77",
                "2026-11-30T13:00:00Z",
            )),
        ]))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = browser.get("/zorgpagina").await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "Dr. R. Vermeulen",
        "regiebehandelaar",
        "Behandelgesprek ap-77",
        "Spreekkamer 3",
    ] {
        assert!(
            page.body.contains(shown),
            "{shown} missing from the care page"
        );
    }
    // Cancelled through the API: still listed, marked as cancelled; deleted: gone.
    let mut cancelled = appointment("ap-77", "pt-77", "dr-77", "2026-11-30T13:00:00Z");
    cancelled["status"] = json!("cancelled");
    api.put_ok(&cancelled).await;
    assert_eq!(
        api.delete("/fhir/r4/Appointment/ap-77").await.status,
        StatusCode::NO_CONTENT
    );
    let page = browser.get("/zorgpagina").await;
    assert!(!page.body.contains("Behandelgesprek ap-77"));
    assert!(page.body.contains("Dr. R. Vermeulen"));
}

#[tokio::test]
async fn documents_must_be_pdfs_and_nothing_else_is_stored() {
    let t = TestApp::new(false).await;
    let (api, _) = api(&t, "GGZ Noord").await;
    api.put_ok(&patient("p1", "C-1", "de Vries")).await;
    // "PK" is how a Word or zip file starts.
    let word = json!({
        "resourceType": "Binary", "id": "bin1",
        "contentType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "data": "UEsDBA=="
    });
    assert_eq!(
        issue(&api.put(&word).await),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "not-supported".into(),
            vec!["Binary.contentType".into()]
        )
    );
    let disguised = json!({
        "resourceType": "Binary", "id": "bin1", "contentType": "application/pdf", "data": "UEsDBA=="
    });
    assert_eq!(
        issue(&api.put(&disguised).await),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid".into(),
            vec!["Binary.data".into()]
        )
    );
    api.missing("/fhir/r4/Binary/bin1").await;
    let image = json!({
        "resourceType": "DocumentReference", "id": "d1", "status": "current",
        "subject": { "reference": "Patient/p1" },
        "content": [{ "attachment": { "contentType": "image/png", "data": "iVBORw0KGgo=" } }]
    });
    assert_eq!(
        issue(&api.put(&image).await),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "not-supported".into(),
            vec!["DocumentReference.content[0].attachment.contentType".into()]
        )
    );
    api.missing("/fhir/r4/DocumentReference/d1").await;
}
