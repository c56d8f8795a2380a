//! Bulk NDJSON import through HTTP, as a provider's record system uses it: upload, follow the
//! status URL while the import worker runs, read the summary; what was imported is found by
//! FHIR search and shown on the client's care page. Bad lines are reported one by one with the
//! line in the expression and the rest is written; scopes, another provider's job, oversized
//! and empty uploads, the error cap, a worker that stops halfway and the purge of old uploads.
//! The main journey runs on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

const ORIGIN_FOR_IMPORT: &str = "http://127.0.0.1:8080";

use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::SignedDuration;
use serde_json::{Value, json};
use support::world::World;
use support::{Reply, TestApp};
use zk_app::api_tokens::{self, Scopes};
use zk_app::fhir_api::import::{ImportWorker, KEEP_UPLOAD, LEASE, MAX_KEPT_ERRORS, line_limits};
use zk_app::providers::{NewProvider, create_provider};
use zk_domain::{ImportJobId, ProviderId};

/// A record system: one provider's token.
struct Api<'a> {
    t: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn upload_as(&self, content_type: &str, body: String) -> Reply {
        let request = Request::post("/fhir/r4/$import")
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        self.t.send(request).await
    }

    async fn upload(&self, lines: &[String]) -> Reply {
        self.upload_as("application/fhir+ndjson", lines.join("\n") + "\n")
            .await
    }

    /// Uploads and returns the status path.
    async fn queued(&self, lines: &[String]) -> String {
        let reply = self.upload(lines).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
        let location = reply.header("content-location").to_owned();
        assert!(location.starts_with("/fhir/r4/$import/"), "{location}");
        location
    }

    async fn get(&self, path: &str) -> Reply {
        let request = Request::get(path)
            .header("authorization", format!("Bearer {}", self.token))
            .body(Body::empty())
            .unwrap();
        self.t.send(request).await
    }

    /// The finished job's summary.
    async fn summary(&self, location: &str) -> Value {
        let reply = self.get(location).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.header("x-progress").starts_with("done: "));
        json_of(&reply)
    }
}

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("not JSON: {}", reply.body))
}

fn worker(t: &TestApp) -> ImportWorker {
    ImportWorker::new(
        t.app.clone(),
        line_limits(zk_web::DEFAULT_FHIR_MAX_BODY_BYTES),
    )
}

/// Runs the import worker until no job waits; returns how many it finished.
async fn run_worker(t: &TestApp) -> usize {
    worker(t).run_once(None).await.unwrap()
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

async fn api_with<'a>(t: &'a TestApp, name: &str, scopes: Scopes) -> (Api<'a>, ProviderId) {
    let p = provider(t, name).await;
    let token = api_tokens::create(
        &t.app,
        zk_app::audit::staff_changes::By::Operator,
        p,
        "ECD",
        scopes,
    )
    .await
    .unwrap()
    .secret;
    (Api { t, token }, p)
}

fn patient(id: &str, number: &str, family: &str) -> String {
    json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": number }],
        "name": [{ "use": "official", "family": family, "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    })
    .to_string()
}

fn practitioner(id: &str, name: &str) -> String {
    json!({
        "resourceType": "Practitioner",
        "id": id,
        "name": [{ "text": name }],
        "qualification": [{ "code": { "text": "GZ-psycholoog" } }]
    })
    .to_string()
}

fn appointment_value(id: &str, patient: &str, start: &str) -> Value {
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
            { "actor": { "type": "Location", "display": "Spreekkamer 3" }, "status": "accepted" }
        ]
    })
}

fn appointment(id: &str, patient: &str, start: &str) -> String {
    appointment_value(id, patient, start).to_string()
}

/// The (line, code, expression) of every issue of a summary's outcome that is an error.
fn failing_lines(summary: &Value) -> Vec<(String, String)> {
    summary["outcome"]["issue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["expression"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

// --- The journey: import, follow the status, find it by search and on the care page.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_appears_in_search_and_on_the_care_page() {
    imported_and_shown(&support::world::world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_appears_in_search_and_on_the_care_page_on_postgresql() {
    let w = support::world::world_with(TestApp::postgres().await).await;
    imported_and_shown(&w).await;
    w.t.finish().await;
}

async fn imported_and_shown(w: &World) {
    let t = &w.t;
    let demo_provider = &w.demo.providers[0];
    let api = Api {
        t,
        token: demo_provider.api_token.clone(),
    };
    let file = vec![
        patient("imp-1", "IMP-1", "Visser"),
        practitioner("imp-dr", "Dr. R. Vermeulen"),
        appointment("imp-ap-1", "imp-1", "2026-11-30T13:00:00Z"),
        appointment("imp-ap-2", "imp-1", "2026-12-07T13:00:00Z"),
        appointment("imp-ap-3", "imp-1", "2026-12-14T13:00:00Z"),
    ];
    let location = api.queued(&file).await;

    // Queued: 202 with the progress, nothing written yet.
    let waiting = api.get(&location).await;
    assert_eq!(waiting.status, StatusCode::ACCEPTED, "{}", waiting.body);
    assert_eq!(waiting.header("x-progress"), "queued: 0 of 5 lines");
    assert_eq!(waiting.header("retry-after"), "5");
    let body = json_of(&waiting);
    assert_eq!(body["status"], "queued");
    assert_eq!(body["linesTotal"], 5);
    let nothing = api.get("/fhir/r4/Appointment?patient=imp-1").await;
    assert_eq!(json_of(&nothing)["entry"].as_array().map_or(0, Vec::len), 0);

    assert_eq!(run_worker(t).await, 1);
    let summary = api.summary(&location).await;
    assert_eq!(summary["status"], "done");
    assert_eq!(
        (
            &summary["linesRead"],
            &summary["written"],
            &summary["failed"]
        ),
        (&json!(5), &json!(5), &json!(0))
    );
    assert_eq!(summary["errorsCapped"], false);
    // The Bulk Data completion manifest.
    assert_eq!(
        summary["request"],
        format!("{ORIGIN_FOR_IMPORT}/fhir/r4/$import")
    );
    assert_eq!(summary["transactionTime"], summary["finishedAt"]);
    assert_eq!(summary["requiresAccessToken"], true);
    assert_eq!(summary["output"][0]["count"], 5);
    assert_eq!(summary["error"], json!([]));
    assert_eq!(summary["outcome"]["resourceType"], "OperationOutcome");
    assert_eq!(summary["outcome"]["issue"][0]["severity"], "information");
    assert!(failing_lines(&summary).is_empty());

    let found = api.get("/fhir/r4/Appointment?patient=imp-1").await;
    assert_eq!(found.status, StatusCode::OK);
    let mut ids: Vec<String> = json_of(&found)["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["imp-ap-1", "imp-ap-2", "imp-ap-3"]);

    // The same file again changes nothing: every line is stored as it was.
    let again = api.queued(&file).await;
    assert_eq!(run_worker(t).await, 1);
    assert_eq!(api.summary(&again).await["written"], 5);
    let read = json_of(&api.get("/fhir/r4/Appointment/imp-ap-1").await);
    assert_eq!(read["meta"]["versionId"], "1");

    // The client of the imported Patient registers and sees the appointments.
    let provider: ProviderId = demo_provider.id.parse().unwrap();
    let record = t
        .app
        .store
        .find_client_record_by_number(provider, "IMP-1")
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
    let page = browser.get("/zorgpagina").await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in ["Behandelgesprek imp-ap-1", "Spreekkamer 3"] {
        assert!(
            page.body.contains(shown),
            "{shown} missing from the care page"
        );
    }
}

// --- Bad lines: each reported where it is, the rest written.

#[tokio::test]
async fn bad_lines_are_reported_by_line_and_the_rest_is_written() {
    let t = TestApp::new(false).await;
    let (api, provider) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let (other, _) = api_with(&t, "GGZ Anders", Scopes::full()).await;
    let other_location = other.queued(&[patient("vreemd", "X-1", "Jansen")]).await;
    assert_eq!(run_worker(&t).await, 1);
    assert_eq!(other.summary(&other_location).await["written"], 1);

    let mut no_start = appointment_value("ap-5", "p-1", "2026-12-01T10:00:00Z");
    no_start.as_object_mut().unwrap().remove("start");
    let file = vec![
        patient("p-1", "C-1", "Visser"),
        appointment("ap-2", "p-1", "2026-12-01T09:00:00Z"),
        "{\"resourceType\": \"Appointment\", \"id\": ".to_owned(),
        json!({ "resourceType": "Spaceship", "id": "s-1" }).to_string(),
        no_start.to_string(),
        // The other provider's patient does not exist for this one.
        appointment("ap-6", "vreemd", "2026-12-01T11:00:00Z"),
        appointment("ap-7", "p-1", "2026-12-01T12:00:00Z"),
    ];
    let location = api.queued(&file).await;
    assert_eq!(run_worker(&t).await, 1);
    let summary = api.summary(&location).await;
    assert_eq!(
        (
            &summary["linesRead"],
            &summary["written"],
            &summary["failed"]
        ),
        (&json!(7), &json!(3), &json!(4)),
        "{summary}"
    );
    assert_eq!(summary["error"][0]["type"], "OperationOutcome");
    assert_eq!(summary["error"][0]["count"], 4);
    assert_eq!(summary["output"][0]["count"], 3);
    assert_eq!(
        failing_lines(&summary),
        vec![
            ("structure".into(), "Line[3]".into()),
            (
                "not-supported".into(),
                "Line[4].Spaceship.resourceType".into()
            ),
            ("required".into(), "Line[5].Appointment.start".into()),
            (
                "not-found".into(),
                "Line[6].Appointment.participant[0].actor.reference".into()
            ),
        ],
        "{summary}"
    );
    let issues = summary["outcome"]["issue"].as_array().unwrap();
    assert!(
        issues[0]["diagnostics"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    assert!(
        issues[3]["diagnostics"]
            .as_str()
            .unwrap()
            .contains("Patient/vreemd does not exist")
    );

    // Written: lines 1, 2 and 7; not: 5 and 6; the other provider's patient untouched.
    for (path, status) in [
        ("/fhir/r4/Patient/p-1", StatusCode::OK),
        ("/fhir/r4/Appointment/ap-2", StatusCode::OK),
        ("/fhir/r4/Appointment/ap-7", StatusCode::OK),
        ("/fhir/r4/Appointment/ap-5", StatusCode::NOT_FOUND),
        ("/fhir/r4/Appointment/ap-6", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(api.get(path).await.status, status, "{path}");
    }
    let record = t
        .app
        .store
        .find_client_record_by_number(provider, "C-1")
        .await
        .unwrap()
        .unwrap();
    let appointments = t
        .app
        .store
        .list_appointments(
            record.id,
            zk_domain::care::AppointmentWindow::Upcoming { now: t.app.now() },
            &zk_domain::page::PageRequest::first(20),
        )
        .await
        .unwrap();
    assert_eq!(appointments.items.len(), 2);
    let vreemd = json_of(&other.get("/fhir/r4/Patient/vreemd").await);
    assert_eq!(vreemd["meta"]["versionId"], "1");
}

#[tokio::test]
async fn lines_outside_the_tokens_types_fail_as_forbidden() {
    let t = TestApp::new(false).await;
    let (api, provider) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let patients_only = api_tokens::create(
        &t.app,
        zk_app::audit::staff_changes::By::Operator,
        provider,
        "Alleen clienten",
        Scopes {
            read: true,
            write: true,
            resource_types: Some(vec![zk_fhir::ResourceType::Patient]),
        },
    )
    .await
    .unwrap()
    .secret;
    let limited = Api {
        t: &t,
        token: patients_only,
    };
    let location = limited
        .queued(&[
            patient("p-1", "C-1", "Visser"),
            appointment("ap-1", "p-1", "2026-12-01T09:00:00Z"),
        ])
        .await;
    assert_eq!(run_worker(&t).await, 1);
    let summary = limited.summary(&location).await;
    assert_eq!(summary["written"], 1);
    assert_eq!(
        failing_lines(&summary),
        vec![("forbidden".into(), "Line[2].Appointment".into())]
    );
    assert_eq!(
        api.get("/fhir/r4/Appointment/ap-1").await.status,
        StatusCode::NOT_FOUND
    );
}

// --- Refusals at the door: nothing is stored.

#[tokio::test]
async fn a_read_only_token_is_refused_and_nothing_is_stored() {
    let t = TestApp::new(false).await;
    let (reader, _) = api_with(&t, "GGZ Lezen", Scopes::read_only()).await;
    let reply = reader.upload(&[patient("p-1", "C-1", "Visser")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let outcome = json_of(&reply);
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"][0]["code"], "forbidden");
    assert_eq!(reply.header("content-location"), "");
    assert_eq!(run_worker(&t).await, 0, "no job was stored");

    // Without a token at all: 401.
    let anonymous = Api {
        t: &t,
        token: String::new(),
    };
    let reply = anonymous.upload(&[patient("p-1", "C-1", "Visser")]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(run_worker(&t).await, 0);
}

#[tokio::test]
async fn oversized_empty_or_mistyped_uploads_are_refused_and_store_nothing() {
    let max = 2048;
    let t = TestApp::with_config(false, |mut c| {
        c.fhir_max_import_bytes = max;
        c
    })
    .await;
    let (api, _) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let line = patient("p-1", "C-1", "Visser");
    let fits: Vec<String> = std::iter::repeat_n(line.clone(), max / (line.len() + 1)).collect();
    let body = fits.join("\n") + "\n";
    assert!(body.len() <= max);
    let too_big = format!("{body}{line}\n");
    assert!(too_big.len() > max);

    // Told by Content-Length, and found while reading a body without one.
    let with_length = Request::post("/fhir/r4/$import")
        .header("authorization", format!("Bearer {}", api.token))
        .header("content-type", "application/fhir+ndjson")
        .header("content-length", too_big.len())
        .body(Body::from(too_big.clone()))
        .unwrap();
    for reply in [
        t.send(with_length).await,
        api.upload_as("application/fhir+ndjson", too_big).await,
    ] {
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            reply.body
        );
        let outcome = json_of(&reply);
        assert_eq!(outcome["issue"][0]["code"], "too-long");
        assert!(
            outcome["issue"][0]["diagnostics"]
                .as_str()
                .unwrap()
                .contains("2048 bytes")
        );
    }
    for (content_type, body, status, code) in [
        (
            "application/fhir+ndjson",
            "\n  \n",
            StatusCode::BAD_REQUEST,
            "required",
        ),
        (
            "application/fhir+ndjson",
            "",
            StatusCode::BAD_REQUEST,
            "required",
        ),
        (
            "text/csv",
            "a,b\n",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not-supported",
        ),
    ] {
        let reply = api.upload_as(content_type, body.to_owned()).await;
        assert_eq!(
            reply.status, status,
            "{content_type} {body:?}: {}",
            reply.body
        );
        assert_eq!(json_of(&reply)["issue"][0]["code"], code);
    }
    assert_eq!(run_worker(&t).await, 0, "nothing was stored");

    // Exactly at the limit is fine.
    let location = api.queued(&fits).await;
    assert_eq!(run_worker(&t).await, 1);
    let summary = api.summary(&location).await;
    assert_eq!(summary["linesRead"], fits.len());
}

// --- Whose job it is.

#[tokio::test]
async fn another_providers_job_answers_like_a_missing_one() {
    let t = TestApp::new(false).await;
    let (api, _) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let (other, _) = api_with(&t, "GGZ Anders", Scopes::full()).await;
    let location = api.queued(&[patient("p-1", "C-1", "Visser")]).await;
    let job = location.rsplit('/').next().unwrap().to_owned();
    let missing_id = ImportJobId::new().to_string();

    let theirs = other.get(&location).await;
    let missing = other.get(&format!("/fhir/r4/$import/{missing_id}")).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        theirs.body.replace(&job, "ID"),
        missing.body.replace(&missing_id, "ID")
    );
    assert_eq!(json_of(&theirs)["issue"][0]["code"], "not-found");
    let nonsense = other.get("/fhir/r4/$import/not-a-job").await;
    assert_eq!(nonsense.status, StatusCode::NOT_FOUND);

    // Still the same after it ran; and for its own provider it is there.
    assert_eq!(run_worker(&t).await, 1);
    assert_eq!(other.get(&location).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.summary(&location).await["written"], 1);
    assert_eq!(
        other.get("/fhir/r4/Patient/p-1").await.status,
        StatusCode::NOT_FOUND
    );
}

// --- Limits: errors kept, the lease of a stopped worker, the purge of old uploads.

#[tokio::test]
async fn failing_lines_are_listed_up_to_the_cap_and_the_summary_says_so() {
    let t = TestApp::new(false).await;
    let (api, _) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let cap = MAX_KEPT_ERRORS as usize;
    for (bad, capped) in [(cap, false), (cap + 1, true)] {
        let mut file = vec![patient("p-1", "C-1", "Visser")];
        file.extend(std::iter::repeat_n("not json".to_owned(), bad));
        let location = api.queued(&file).await;
        assert_eq!(run_worker(&t).await, 1);
        let summary = api.summary(&location).await;
        assert_eq!(summary["failed"], bad);
        assert_eq!(summary["written"], 1);
        assert_eq!(summary["errorsListed"], cap);
        assert_eq!(summary["errorsCapped"], capped);
        let lines = failing_lines(&summary);
        assert_eq!(lines.len(), cap);
        assert_eq!(lines[0].1, "Line[2]");
        assert_eq!(lines[cap - 1].1, format!("Line[{}]", cap + 1));
        let last = summary["outcome"]["issue"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        if capped {
            assert_eq!(last["severity"], "information");
            assert!(
                last["diagnostics"]
                    .as_str()
                    .unwrap()
                    .contains("1 more lines failed")
            );
        } else {
            assert_eq!(last["severity"], "error");
        }
    }
}

#[tokio::test]
async fn a_stopped_workers_job_is_taken_over_after_its_lease_and_continues() {
    let t = TestApp::new(false).await;
    let (api, _) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let patient_job = api.queued(&[patient("p-1", "C-1", "Visser")]).await;
    assert_eq!(run_worker(&t).await, 1);
    assert_eq!(api.summary(&patient_job).await["written"], 1);
    // Three chunks of appointments: 500, 500 and 100 lines.
    let start: jiff::Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
    let file: Vec<String> = (0..1100)
        .map(|n| {
            let at = start + SignedDuration::from_hours(n);
            appointment(&format!("ap-{n}"), "p-1", &at.to_string())
        })
        .collect();
    let location = api.queued(&file).await;
    // A worker claims the job and stops after its first chunk (a crash, a deploy).
    let store = &t.app.store;
    let held = store
        .claim_import(t.app.now(), LEASE)
        .await
        .unwrap()
        .unwrap();
    let first = store
        .read_import_chunk(held.job.id, 0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.first_line, 1);
    let done = zk_store::imports::ChunkDone {
        chunk: 0,
        counts: zk_store::imports::ImportCounts {
            lines_read: 500,
            written: 500,
            failed: 0,
            errors_kept: 0,
        },
        errors: Vec::new(),
    };
    assert!(
        store
            .record_import_chunk(held.job.id, held.claim, &done, t.app.now(), LEASE)
            .await
            .unwrap()
    );
    let running = api.get(&location).await;
    assert_eq!(running.status, StatusCode::ACCEPTED);
    assert_eq!(running.header("x-progress"), "running: 500 of 1100 lines");
    assert_eq!(json_of(&running)["status"], "running");

    // While the lease holds, another worker leaves it alone, to the last second.
    t.clock.advance(LEASE - SignedDuration::from_secs(1));
    assert_eq!(run_worker(&t).await, 0);
    assert_eq!(api.get(&location).await.status, StatusCode::ACCEPTED);
    t.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(run_worker(&t).await, 1);
    let summary = api.summary(&location).await;
    // It went on at the second chunk: the first was not done again (its 500 count once).
    assert_eq!(summary["linesRead"], 1100);
    assert_eq!(summary["written"], 1100);
    // The stopped worker here only recorded its first chunk, without writing it: that the
    // first 500 are missing shows the job was continued, not started over.
    assert_eq!(
        api.get("/fhir/r4/Appointment/ap-499").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get("/fhir/r4/Appointment/ap-500").await.status,
        StatusCode::OK
    );
    assert_eq!(
        api.get("/fhir/r4/Appointment/ap-1099").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn finished_uploads_are_purged_after_a_week_and_the_summary_stays() {
    let t = TestApp::new(false).await;
    let (api, provider) = api_with(&t, "GGZ Import", Scopes::full()).await;
    let location = api.queued(&[patient("p-1", "C-1", "Visser")]).await;
    let job: ImportJobId = location.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(run_worker(&t).await, 1);
    let w = worker(&t);
    t.clock.advance(KEEP_UPLOAD);
    assert_eq!(w.purge().await.unwrap(), 0, "not older than a week yet");
    assert!(
        t.app
            .store
            .read_import_chunk(job, 0)
            .await
            .unwrap()
            .is_some()
    );
    t.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(w.purge().await.unwrap(), 1);
    assert!(
        t.app
            .store
            .read_import_chunk(job, 0)
            .await
            .unwrap()
            .is_none()
    );
    let summary = api.summary(&location).await;
    assert_eq!(summary["written"], 1);
    assert!(
        t.app
            .store
            .get_import(provider, job)
            .await
            .unwrap()
            .is_some()
    );
}
