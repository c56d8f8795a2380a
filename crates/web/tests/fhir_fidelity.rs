//! FHIR fidelity through HTTP: what a provider sends is kept and served back as sent (only
//! `meta.versionId` and `meta.lastUpdated` are the server's), statuses are kept exactly, the care
//! page shows them honestly (a measurement recorded in error disappears, a preliminary one says
//! so, a blood pressure shows both its values), and what cannot be shown is refused with 422
//! naming the element. On SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::{Browser, Reply, TestApp};
use zk_domain::ProviderId;

/// The official R4 example `Observation-example` (body weight, LOINC and SNOMED codings, UCUM).
const OBSERVATION_EXAMPLE: &str = include_str!("fixtures/Observation-example.json");

/// A record system: one provider's token.
struct Api<'a> {
    t: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", self.token));
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

    /// The resource as read back, without `meta`.
    async fn read_back(&self, resource_type: &str, id: &str) -> Value {
        let reply = self
            .send("GET", &format!("/fhir/r4/{resource_type}/{id}"), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        without_meta(json_of(&reply))
    }

    /// Refused with 422 and an issue at `expression`.
    async fn refused_at(&self, resource: &Value, expression: &str) {
        let reply = self.put(resource).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        let outcome = json_of(&reply);
        assert_eq!(outcome["resourceType"], "OperationOutcome");
        let expressions: Vec<Value> = outcome["issue"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["expression"].as_array().cloned().unwrap_or_default())
            .collect();
        assert!(
            expressions.contains(&json!(expression)),
            "{expression} not in {}",
            reply.body
        );
    }
}

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("not JSON: {}", reply.body))
}

fn without_meta(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("meta");
    v
}

fn patient(id: &str, number: &str) -> Value {
    json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": number }],
        "name": [{ "use": "official", "family": "Visser", "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    })
}

fn weight(id: &str, patient: &str, kg: f64, status: &str) -> Value {
    json!({
        "resourceType": "Observation",
        "id": id,
        "status": status,
        "code": {
            "coding": [{ "system": "http://loinc.org", "code": "29463-7", "display": "Lichaamsgewicht" }],
            "text": "Gewicht"
        },
        "subject": { "reference": format!("Patient/{patient}") },
        "effectiveDateTime": "2026-11-20T08:00:00+01:00",
        "valueQuantity": { "value": kg, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg" }
    })
}

fn blood_pressure(id: &str, patient: &str) -> Value {
    let part = |code: &str, display: &str, value: f64| {
        json!({
            "code": { "coding": [{ "system": "http://loinc.org", "code": code, "display": display }] },
            "valueQuantity": { "value": value, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]" }
        })
    };
    json!({
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "code": { "coding": [{ "system": "http://loinc.org", "code": "85354-9", "display": "Bloeddruk" }] },
        "subject": { "reference": format!("Patient/{patient}") },
        "effectiveDateTime": "2026-11-19T09:30:00+01:00",
        "component": [
            part("8480-6", "Systolische bloeddruk", 120.0),
            part("8462-4", "Diastolische bloeddruk", 80.0)
        ]
    })
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

async fn api_of(t: &TestApp) -> Api<'_> {
    let provider = zk_app::providers::create_provider(
        &t.app,
        zk_app::providers::NewProvider {
            name: "GGZ Fidelity".into(),
            secretariat_email: "secretariaat@ggz.example".into(),
            secretariat_phone: "010 123 45 67".into(),
            letter_validity_days: 30,
        },
    )
    .await
    .unwrap()
    .id;
    let token = zk_app::api_tokens::create(
        &t.app,
        zk_app::audit::staff_changes::By::Operator,
        provider,
        "ECD",
        zk_app::api_tokens::Scopes::full(),
    )
    .await
    .unwrap()
    .secret;
    Api { t, token }
}

on_both!(
    official_example,
    the_official_observation_example_reads_back_as_sent,
    the_official_observation_example_reads_back_as_sent_on_postgresql
);

async fn official_example(t: &TestApp) {
    let api = api_of(t).await;
    api.put_ok(&patient("example", "12345")).await;
    let sent: Value = serde_json::from_str(OBSERVATION_EXAMPLE).unwrap();
    let answered = api.put_ok(&sent).await;
    assert_eq!(
        without_meta(answered.clone()),
        sent,
        "the PUT answers it as sent"
    );
    assert_eq!(answered["meta"]["versionId"], "1");
    let read = api.read_back("Observation", "example").await;
    assert_eq!(read, sent);
    // The codings, the UCUM code and the reference to an Encounter (a type we do not store)
    // are kept as data.
    assert_eq!(read["code"]["coding"][0]["code"], "29463-7");
    assert_eq!(
        read["code"]["coding"][2]["system"],
        "http://snomed.info/sct"
    );
    assert_eq!(read["valueQuantity"]["code"], "[lb_av]");
    assert_eq!(read["encounter"]["reference"], "Encounter/example");
    // Searches serve it as sent too.
    let found = api
        .send("GET", "/fhir/r4/Observation?patient=example", None)
        .await;
    let found = json_of(&found);
    assert_eq!(without_meta(found["entry"][0]["resource"].clone()), sent);
}

on_both!(
    kept_as_sent,
    statuses_profiles_and_identifiers_are_kept_as_sent,
    statuses_profiles_and_identifiers_are_kept_as_sent_on_postgresql
);

async fn kept_as_sent(t: &TestApp) {
    let api = api_of(t).await;
    api.put_ok(&patient("pt-1", "C-1")).await;
    let practitioner = json!({
        "resourceType": "Practitioner",
        "id": "dr-1",
        "meta": { "profile": ["http://fhir.nl/fhir/StructureDefinition/nl-core-HealthProfessional-Practitioner"] },
        "identifier": [
            { "system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": "01234567" },
            { "system": "http://fhir.nl/fhir/NamingSystem/big", "value": "19012345601" }
        ],
        "name": [{ "use": "official", "family": "Vermeulen", "given": ["Roos"], "prefix": ["dr."] }],
        "qualification": [{ "code": { "text": "GZ-psycholoog" } }]
    });
    let answered = api.put_ok(&practitioner).await;
    assert_eq!(
        answered["meta"]["profile"], practitioner["meta"]["profile"],
        "meta content of the sender stays beside the server's version and time"
    );
    assert_eq!(answered["meta"]["versionId"], "1");
    assert_eq!(
        api.read_back("Practitioner", "dr-1").await,
        without_meta(practitioner.clone())
    );
    for status in [
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
    ] {
        let sent = weight("w-1", "pt-1", 72.5, status);
        api.put_ok(&sent).await;
        assert_eq!(api.read_back("Observation", "w-1").await, sent, "{status}");
    }
    let bp = blood_pressure("bp-1", "pt-1");
    api.put_ok(&bp).await;
    assert_eq!(api.read_back("Observation", "bp-1").await, bp);
    // The same PUT again changes nothing.
    let again = api.put(&bp).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(json_of(&again)["meta"]["versionId"], "1");
}

#[tokio::test]
async fn what_the_care_page_cannot_show_is_refused_with_422_naming_the_element() {
    let t = TestApp::new(false).await;
    let api = api_of(&t).await;
    api.put_ok(&patient("pt-1", "C-1")).await;
    let mut text_value = weight("o-1", "pt-1", 1.0, "final");
    text_value.as_object_mut().unwrap().remove("valueQuantity");
    text_value["valueString"] = json!("goed");
    api.refused_at(&text_value, "Observation.value[x]").await;

    let mut no_display = weight("o-2", "pt-1", 1.0, "final");
    no_display["code"] = json!({ "coding": [{ "system": "http://loinc.org", "code": "29463-7" }] });
    api.refused_at(&no_display, "Observation.code").await;

    let mut absent = weight("o-3", "pt-1", 1.0, "final");
    absent.as_object_mut().unwrap().remove("valueQuantity");
    absent["dataAbsentReason"] = json!({ "text": "Niet gemeten" });
    api.refused_at(&absent, "Observation.dataAbsentReason")
        .await;

    let mut part_without_value = blood_pressure("o-4", "pt-1");
    part_without_value["component"][1]
        .as_object_mut()
        .unwrap()
        .remove("valueQuantity");
    part_without_value["component"][1]["dataAbsentReason"] = json!({ "text": "Mislukt" });
    api.refused_at(&part_without_value, "Observation.component[1].value[x]")
        .await;
    for id in ["o-1", "o-2", "o-3", "o-4"] {
        let reply = api
            .send("GET", &format!("/fhir/r4/Observation/{id}"), None)
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id} was not stored");
    }
}

/// The demo provider's API and a client's browser on its care page, for client `pt-77`.
async fn client_and_api(w: &support::world::World) -> (Api<'_>, Browser<'_>) {
    let t = &w.t;
    let demo_provider = &w.demo.providers[0];
    let api = Api {
        t,
        token: demo_provider.api_token.clone(),
    };
    api.put_ok(&patient("pt-77", "API-77")).await;
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
    let browser = w
        .register_verified(
            &letter,
            "sanne.visser@voorbeeld.example",
            zk_app::demo::DEMO_PASSWORD,
        )
        .await;
    (api, browser)
}

/// The client's care page (the demo data has measurements and appointments of its own).
async fn care_page(browser: &mut Browser<'_>) -> String {
    let page = browser.get("/zorgpagina").await;
    assert_eq!(page.status, StatusCode::OK);
    page.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measurements_show_their_status_and_parts_and_errors_disappear() {
    measurements_honestly(&support::world::world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measurements_show_their_status_and_parts_and_errors_disappear_on_postgresql() {
    let w = support::world::world_with(TestApp::postgres().await).await;
    measurements_honestly(&w).await;
    w.t.finish().await;
}

async fn measurements_honestly(w: &support::world::World) {
    let (api, mut browser) = client_and_api(w).await;
    // A typo of 720 kg is shown, then marked entered-in-error: it disappears.
    api.put_ok(&weight("typo", "pt-77", 720.0, "final")).await;
    assert!(care_page(&mut browser).await.contains(">720<"));
    api.put_ok(&weight("typo", "pt-77", 720.0, "entered-in-error"))
        .await;
    let page = care_page(&mut browser).await;
    assert!(
        !page.contains(">720<"),
        "a value recorded in error is withdrawn"
    );
    assert_eq!(
        api.read_back("Observation", "typo").await["status"],
        "entered-in-error",
        "the API keeps it as sent"
    );
    // Cancelled never shows either.
    api.put_ok(&weight("never", "pt-77", 654.0, "cancelled"))
        .await;
    assert!(!care_page(&mut browser).await.contains("654"));

    // A blood pressure shows both values, with the parts' labels.
    api.put_ok(&blood_pressure("bp", "pt-77")).await;
    let page = care_page(&mut browser).await;
    assert!(page.contains("120/80"), "blood pressure 120/80 is shown");
    assert!(page.contains("Systolische bloeddruk / Diastolische bloeddruk"));
    assert!(page.contains("mmHg"));

    // Preliminary and amended values say so, in words.
    api.put_ok(&weight("prelim", "pt-77", 71.5, "preliminary"))
        .await;
    let page = care_page(&mut browser).await;
    assert!(
        page.contains("71,5"),
        "the Dutch page writes a decimal comma"
    );
    assert!(page.contains("(voorlopig)"));
    api.put_ok(&weight("prelim", "pt-77", 71.5, "amended"))
        .await;
    let page = care_page(&mut browser).await;
    assert!(!page.contains("(voorlopig)"));
    assert!(page.contains("(gewijzigd)"));
}

#[tokio::test]
async fn modifiers_the_care_page_cannot_honour_are_refused_not_dropped() {
    let t = TestApp::new(false).await;
    let api = api_of(&t).await;
    let mut inactive = patient("pt-1", "C-1");
    inactive["active"] = json!(false);
    api.refused_at(&inactive, "Patient.active").await;
    let mut deceased = patient("pt-1", "C-1");
    deceased["deceasedBoolean"] = json!(true);
    api.refused_at(&deceased, "Patient.deceased[x]").await;
    let mut replaced = patient("pt-1", "C-1");
    replaced["link"] = json!([{ "other": { "reference": "Patient/pt-2" }, "type": "replaced-by" }]);
    api.refused_at(&replaced, "Patient.link").await;

    api.put_ok(&patient("pt-1", "C-1")).await;
    let report = |id: &str| {
        json!({
            "resourceType": "DocumentReference",
            "id": id,
            "status": "current",
            "type": { "coding": [{ "system": "http://loinc.org", "code": "11488-4", "display": "Consultverslag" }] },
            "subject": { "reference": "Patient/pt-1" },
            "description": "Intakeverslag",
            "content": [{ "attachment": { "contentType": "text/plain", "data": "SGFsbG8=" } }]
        })
    };
    let mut two = report("doc-2");
    two["content"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "attachment": { "contentType": "text/plain", "data": "VHdlZQ==" } }));
    api.refused_at(&two, "DocumentReference.content[1]").await;
    let mut preliminary = report("doc-3");
    preliminary["docStatus"] = json!("preliminary");
    api.refused_at(&preliminary, "DocumentReference.docStatus")
        .await;
    // One content with its type: kept as sent.
    let one = report("doc-1");
    api.put_ok(&one).await;
    assert_eq!(api.read_back("DocumentReference", "doc-1").await, one);

    let mut proposed_team = json!({
        "resourceType": "CareTeam", "id": "team-1", "status": "proposed",
        "subject": { "reference": "Patient/pt-1" }
    });
    api.refused_at(&proposed_team, "CareTeam.status").await;
    proposed_team["status"] = json!("active");
    api.put_ok(&proposed_team).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appointments_plans_and_teams_show_their_status() {
    statuses_shown(&support::world::world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appointments_plans_and_teams_show_their_status_on_postgresql() {
    let w = support::world::world_with(TestApp::postgres().await).await;
    statuses_shown(&w).await;
    w.t.finish().await;
}

fn appointment(id: &str, status: &str, start: &str) -> Value {
    let start: jiff::Timestamp = start.parse().unwrap();
    json!({
        "resourceType": "Appointment",
        "id": id,
        "status": status,
        "description": format!("Gesprek {id}"),
        "start": start.to_string(),
        "end": (start + jiff::SignedDuration::from_mins(45)).to_string(),
        "participant": [{ "actor": { "reference": "Patient/pt-77" }, "status": "accepted" }]
    })
}

fn care_plan(id: &str, status: &str, intent: &str) -> Value {
    json!({
        "resourceType": "CarePlan",
        "id": id,
        "status": status,
        "intent": intent,
        "title": format!("Plan {id}"),
        "subject": { "reference": "Patient/pt-77" },
        "period": { "start": "2026-09-01" }
    })
}

async fn statuses_shown(w: &support::world::World) {
    let (api, mut browser) = client_and_api(w).await;
    api.put_ok(&appointment("ns", "noshow", "2026-11-02T09:00:00Z"))
        .await;
    api.put_ok(&appointment("open", "proposed", "2027-01-05T09:00:00Z"))
        .await;
    let page = care_page(&mut browser).await;
    assert!(page.contains("Gesprek ns"));
    assert!(page.contains("Niet verschenen"), "noshow says so");
    assert!(
        !page.contains("Deze afspraak gaat niet door"),
        "noshow is not cancelled"
    );
    assert!(page.contains("Gesprek open"));
    assert!(page.contains("Deze afspraak is nog niet bevestigd."));
    assert_eq!(api.read_back("Appointment", "ns").await["status"], "noshow");
    api.put_ok(&appointment(
        "ns",
        "entered-in-error",
        "2026-11-02T09:00:00Z",
    ))
    .await;
    assert!(!care_page(&mut browser).await.contains("Gesprek ns"));

    for (id, status, intent) in [
        ("held", "on-hold", "plan"),
        ("stopped", "revoked", "plan"),
        ("maybe", "active", "proposal"),
    ] {
        let sent = care_plan(id, status, intent);
        api.put_ok(&sent).await;
        assert_eq!(api.read_back("CarePlan", id).await, sent);
    }
    let page = care_page(&mut browser).await;
    assert!(page.contains("gepauzeerd"));
    assert!(page.contains("gestopt"));
    assert!(page.contains("Voorstel"));
    api.put_ok(&care_plan("held", "entered-in-error", "plan"))
        .await;
    let page = care_page(&mut browser).await;
    assert!(
        !page.contains("Plan held"),
        "a plan recorded in error is withdrawn"
    );
    assert!(page.contains("Plan stopped"));

    api.put_ok(&json!({
        "resourceType": "Practitioner", "id": "dr-9",
        "identifier": [{ "system": "http://fhir.nl/fhir/NamingSystem/big", "value": "19012345601" }],
        "name": [{ "text": "Dr. P. Bakker" }]
    }))
    .await;
    let mut team = json!({
        "resourceType": "CareTeam", "id": "team-9", "status": "active",
        "subject": { "reference": "Patient/pt-77" },
        "participant": [{ "role": [{ "text": "regiebehandelaar" }], "member": { "reference": "Practitioner/dr-9" } }]
    });
    api.put_ok(&team).await;
    assert!(care_page(&mut browser).await.contains("Dr. P. Bakker"));
    team["status"] = json!("entered-in-error");
    api.put_ok(&team).await;
    assert!(
        !care_page(&mut browser).await.contains("Dr. P. Bakker"),
        "a care team recorded in error is withdrawn"
    );
    assert_eq!(api.read_back("CareTeam", "team-9").await, team);

    // A report without a description is named by the display text of its type.
    let report = json!({
        "resourceType": "DocumentReference", "id": "rep-9", "status": "current",
        "type": { "coding": [{ "system": "http://loinc.org", "code": "11488-4", "display": "Consultverslag" }] },
        "subject": { "reference": "Patient/pt-77" },
        "content": [{ "attachment": { "contentType": "text/plain", "data": "SGFsbG8=" } }]
    });
    api.put_ok(&report).await;
    assert!(care_page(&mut browser).await.contains("Consultverslag"));
    assert_eq!(api.read_back("DocumentReference", "rep-9").await, report);
}
