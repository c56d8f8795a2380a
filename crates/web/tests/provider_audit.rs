//! The audit trail of the provider side (SPEC S9, NEN 7513): FHIR writes and import uploads
//! recorded with their API token as actor, staff making and editing client records, printing
//! letters and making or revoking API tokens, all shown in the provider's log. Each record is
//! written in the same transaction as its change: when the database refuses the record, the
//! change is not made and the caller gets an error. On both databases.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::refuse_audit::refuse_audit_writes;
use support::staff::staff_browser;
use support::world::{World, world, world_with};
use support::{Reply, TestApp};
use zk_app::api_tokens::{self, Scopes};
use zk_app::audit::staff_changes::By;
use zk_app::providers::{NewProvider, create_provider};
use zk_domain::ProviderId;
use zk_domain::audit::{ActorRole, AuditAction, AuditKind, AuditRecord, Ground};
use zk_store::{ApiToken, StaffRole};

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

async fn chain(t: &TestApp) -> Vec<AuditRecord> {
    t.app.store.audit_chain(0, 100_000).await.unwrap()
}

async fn of_kind(t: &TestApp, kind: AuditKind) -> Vec<AuditRecord> {
    chain(t)
        .await
        .into_iter()
        .filter(|r| r.event.kind == Some(kind))
        .collect()
}

/// A provider with a token that may read and write everything.
async fn provider_with_token(t: &TestApp) -> (ProviderId, ApiToken, String) {
    let provider = create_provider(
        &t.app,
        NewProvider {
            name: "GGZ Audit".into(),
            secretariat_email: "secretariaat@ggz.example".into(),
            secretariat_phone: "010 123 45 67".into(),
            letter_validity_days: 30,
        },
    )
    .await
    .unwrap()
    .id;
    let created = api_tokens::create(&t.app, By::Operator, provider, "ECD", Scopes::full())
        .await
        .unwrap();
    (provider, created.token, created.secret)
}

async fn send(t: &TestApp, secret: &str, method: &str, path: &str, body: Option<String>) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {secret}"));
    let (request, body) = match body {
        Some(b) if path.contains("$import") => (
            request.header("content-type", "application/fhir+ndjson"),
            Body::from(b),
        ),
        Some(b) => (
            request.header("content-type", "application/fhir+json"),
            Body::from(b),
        ),
        None => (request, Body::empty()),
    };
    t.send(request.body(body).unwrap()).await
}

fn patient(id: &str, number: &str) -> Value {
    json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": number }],
        "name": [{ "use": "official", "family": "de Vries", "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    })
}

fn observation(id: &str, patient: &str) -> Value {
    json!({
        "resourceType": "Observation",
        "id": id,
        "status": "final",
        "code": { "text": "Gewicht" },
        "subject": { "reference": format!("Patient/{patient}") },
        "effectiveDateTime": "2026-11-20T09:00:00Z",
        "valueQuantity": { "value": 70.5, "unit": "kg" }
    })
}

async fn put(t: &TestApp, secret: &str, resource: &Value) -> Reply {
    let path = format!(
        "/fhir/r4/{}/{}",
        resource["resourceType"].as_str().unwrap(),
        resource["id"].as_str().unwrap()
    );
    send(t, secret, "PUT", &path, Some(resource.to_string())).await
}

on_both!(
    fhir_writes_flow,
    fhir_writes_are_recorded_with_their_token,
    fhir_writes_are_recorded_with_their_token_on_postgresql
);

async fn fhir_writes_flow(t: &TestApp) {
    let (provider, token, secret) = provider_with_token(t).await;
    // Create, update, delete, a transaction and an import upload: one record each.
    let created = put(t, &secret, &patient("p1", "C-1")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let mut changed = patient("p1", "C-1");
    changed["name"][0]["family"] = json!("Bakker");
    assert_eq!(put(t, &secret, &changed).await.status, StatusCode::OK);
    let obs = put(t, &secret, &observation("o1", "p1")).await;
    assert_eq!(obs.status, StatusCode::CREATED, "{}", obs.body);
    let gone = send(t, &secret, "DELETE", "/fhir/r4/Observation/o1", None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{
            "resource": observation("o2", "p1"),
            "request": { "method": "PUT", "url": "Observation/o2" }
        }]
    });
    let tx = send(t, &secret, "POST", "/fhir/r4", Some(bundle.to_string())).await;
    assert_eq!(tx.status, StatusCode::OK, "{}", tx.body);
    let line = observation("o3", "p1").to_string() + "\n";
    let upload = send(t, &secret, "POST", "/fhir/r4/$import", Some(line)).await;
    assert_eq!(upload.status, StatusCode::ACCEPTED, "{}", upload.body);

    let writes = of_kind(t, AuditKind::FhirWrite).await;
    let described: Vec<(AuditAction, String)> = writes
        .iter()
        .map(|r| (r.event.action, r.event.resource_id.clone().unwrap()))
        .collect();
    assert_eq!(described.len(), 6, "{described:?}");
    assert_eq!(described[0], (AuditAction::Update, "Patient/p1".into()));
    assert_eq!(described[1], (AuditAction::Update, "Patient/p1".into()));
    assert_eq!(described[3], (AuditAction::Delete, "Observation/o1".into()));
    assert_eq!(described[4].0, AuditAction::Execute);
    assert_eq!(described[5].0, AuditAction::Create);
    assert!(described[5].1.starts_with("import "), "{described:?}");
    for r in &writes {
        assert_eq!(r.event.actor_id, Some(token.id.0));
        assert_eq!(r.event.actor_name, "ECD");
        assert_eq!(r.event.role, ActorRole::ApiToken);
        assert_eq!(r.event.on_behalf_of, Some(provider));
    }

    // A write the store refuses (a Patient that does not exist) leaves no record.
    let refused = put(t, &secret, &observation("o4", "ghost")).await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    assert_eq!(of_kind(t, AuditKind::FhirWrite).await.len(), 6);
    assert!(matches!(
        zk_app::audit::verify(&t.app).await.unwrap(),
        zk_app::audit::Verification::Intact { .. }
    ));
}

on_both!(
    refused_record_flow,
    a_fhir_write_whose_record_is_refused_is_not_stored,
    a_fhir_write_whose_record_is_refused_is_not_stored_on_postgresql
);

async fn refused_record_flow(t: &TestApp) {
    let (provider, _, secret) = provider_with_token(t).await;
    refuse_audit_writes(t).await;
    let reply = put(t, &secret, &patient("p1", "C-1")).await;
    assert!(reply.status.is_server_error(), "{}", reply.body);
    let outcome: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        outcome["resourceType"], "OperationOutcome",
        "{}",
        reply.body
    );
    let stored = t.app.store.read_fhir(provider, "Patient", "p1").await;
    assert_eq!(stored.unwrap(), None);
    assert!(
        t.app
            .store
            .find_client_record_by_number(provider, "C-1")
            .await
            .unwrap()
            .is_none()
    );
    // An import upload is refused the same way.
    let line = patient("p2", "C-2").to_string() + "\n";
    let upload = send(t, &secret, "POST", "/fhir/r4/$import", Some(line)).await;
    assert!(upload.status.is_server_error(), "{}", upload.body);
}

fn client_form<'a>(number: &'a str, last: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("clientnummer", number),
        ("voornaam", "Jan"),
        ("achternaam", last),
        ("geboortedatum", "01-02-1980"),
        ("email", ""),
        ("straat", ""),
        ("postcode", ""),
        ("plaats", ""),
    ]
}

async fn staff_changes_flow(w: &World) {
    let t = &w.t;
    let own: ProviderId = w.demo.providers[0].id.parse().unwrap();
    let mut admin = staff_browser(w, own, "beheer@ggz.example", StaffRole::Admin).await;
    let base = format!("/zorgaanbieder/{own}");
    let made = admin
        .post(
            &format!("{base}/clienten/nieuw"),
            &client_form("A-1", "de Vries"),
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = made.header("location").to_owned();
    let edited = admin
        .post(&format!("{page}/wijzigen"), &client_form("A-1", "Bakker"))
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let letter = admin.post(&format!("{page}/brief"), &[]).await;
    assert!(letter.status.is_redirection(), "{}", letter.body);
    let token = admin
        .post(
            &format!("{base}/api-sleutels/nieuw"),
            &[("naam", "ECD"), ("lezen", "ja"), ("soorten", "alle")],
        )
        .await;
    assert_eq!(token.status, StatusCode::OK, "{}", token.body);

    let record = t
        .app
        .store
        .find_client_record_by_number(own, "A-1")
        .await
        .unwrap()
        .unwrap();
    for kind in [
        AuditKind::ClientCreated,
        AuditKind::ClientEdited,
        AuditKind::LetterPrinted,
    ] {
        let found = of_kind(t, kind).await;
        let by_staff: Vec<_> = found
            .iter()
            .filter(|r| r.event.role == ActorRole::ProviderStaff)
            .collect();
        assert_eq!(by_staff.len(), 1, "{kind:?}: {found:?}");
        let e = &by_staff[0].event;
        assert_eq!(e.on_behalf_of, Some(own));
        assert_eq!(e.client_record_id, Some(record.id));
        assert_eq!(e.ground, Ground::CareRelationship);
        assert!(e.actor_id.is_some());
    }
    let tokens: Vec<_> = of_kind(t, AuditKind::ApiTokenCreated)
        .await
        .into_iter()
        .filter(|r| r.event.role == ActorRole::ProviderStaff)
        .collect();
    assert_eq!(tokens.len(), 1);
    let token_id = tokens[0].event.resource_id.clone().unwrap();
    let revoked = admin
        .post(&format!("{base}/api-sleutels/{token_id}/intrekken"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let revokes = of_kind(t, AuditKind::ApiTokenRevoked).await;
    assert_eq!(revokes.len(), 1);
    assert_eq!(revokes[0].event.on_behalf_of, Some(own));
    // Revoking again changes nothing and records nothing.
    admin
        .post(&format!("{base}/api-sleutels/{token_id}/intrekken"), &[])
        .await;
    assert_eq!(of_kind(t, AuditKind::ApiTokenRevoked).await.len(), 1);

    // The provider's log says it in plain words.
    let log = admin.get(&format!("{base}/logboek")).await;
    assert_eq!(log.status, StatusCode::OK);
    for text in [
        "Dossier gemaakt door de zorgaanbieder",
        "Dossier veranderd door de zorgaanbieder",
        "Brief met code gemaakt door de zorgaanbieder",
        "API-sleutel gemaakt",
        "API-sleutel ingetrokken",
    ] {
        assert!(log.body.contains(text), "{text}");
    }

    // With the record refused, a new client is not made and the secretariat sees an error.
    refuse_audit_writes(t).await;
    let refused = admin
        .post(
            &format!("{base}/clienten/nieuw"),
            &client_form("A-2", "Smit"),
        )
        .await;
    assert!(refused.status.is_server_error(), "{}", refused.status);
    let missing = t.app.store.find_client_record_by_number(own, "A-2").await;
    assert!(missing.unwrap().is_none());
    let refused = admin
        .post(&format!("{page}/wijzigen"), &client_form("A-1", "Smit"))
        .await;
    assert!(refused.status.is_server_error(), "{}", refused.status);
    let kept = t.app.store.get_client_record(record.id).await.unwrap();
    assert_eq!(kept.unwrap().last_name, "Bakker");
}

#[tokio::test]
async fn staff_changes_are_recorded_and_shown_in_the_providers_log() {
    let w = world().await;
    staff_changes_flow(&w).await;
}

#[tokio::test]
async fn staff_changes_are_recorded_and_shown_in_the_providers_log_on_postgresql() {
    let w = world_with(TestApp::postgres().await).await;
    staff_changes_flow(&w).await;
    w.t.finish().await;
}
