//! The FHIR API's protocol edges and search semantics through HTTP, as an integrator's client
//! meets them: the base URL and trailing slashes, formats other than JSON (406), unsupported
//! types (404), a Binary's bytes, the BSN however it is written, and searches that mean what FHIR
//! says. Storage-dependent scenarios run on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::{Reply, TestApp};
use zk_app::api_tokens::{self, Scopes};
use zk_app::providers::{NewProvider, create_provider};

/// A record system: one provider's token.
struct Api<'a> {
    t: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn send_with(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
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

    async fn get(&self, path: &str) -> Reply {
        self.send_with("GET", path, None, &[]).await
    }

    async fn put(&self, resource: &Value) -> Reply {
        let path = format!(
            "/fhir/r4/{}/{}",
            resource["resourceType"].as_str().unwrap(),
            resource["id"].as_str().unwrap()
        );
        self.send_with("PUT", &path, Some(resource), &[]).await
    }

    async fn put_ok(&self, resource: &Value) {
        let reply = self.put(resource).await;
        assert!(
            reply.status == StatusCode::CREATED || reply.status == StatusCode::OK,
            "PUT {}: {} {}",
            resource["id"],
            reply.status,
            reply.body
        );
    }
}

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("not JSON: {}", reply.body))
}

/// (status, first issue's code, first issue's expressions) of an OperationOutcome in FHIR JSON.
fn outcome(reply: &Reply) -> (StatusCode, String, Vec<String>) {
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

async fn api<'a>(t: &'a TestApp, name: &str) -> Api<'a> {
    let provider = create_provider(
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

fn patient(id: &str, identifiers: Value) -> Value {
    json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": identifiers,
        "name": [{ "use": "official", "family": "de Vries", "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    })
}

fn client_number(number: &str) -> Value {
    json!([{ "system": "https://ggz.example/clientnummer", "value": number }])
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

#[tokio::test]
async fn the_base_url_answers_as_fhir_with_or_without_a_trailing_slash() {
    let t = TestApp::new(false).await;
    let api = api(&t, "GGZ Noord").await;
    for path in ["/fhir/r4", "/fhir/r4/", "/fhir/r4/metadata/"] {
        let reply = api.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert!(
            reply
                .header("content-type")
                .starts_with("application/fhir+json")
        );
        assert_eq!(
            json_of(&reply)["resourceType"],
            "CapabilityStatement",
            "{path}"
        );
    }
    let reply = api.get("/fhir/r4/?name=x").await;
    assert_eq!(outcome(&reply).0, StatusCode::BAD_REQUEST);
    api.put_ok(&patient("p1", client_number("C-1"))).await;
    for path in ["/fhir/r4/Patient/", "/fhir/r4/Patient/?identifier=C-1"] {
        let reply = api.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert_eq!(
            json_of(&reply)["entry"][0]["resource"]["id"],
            "p1",
            "{path}"
        );
    }
    let reply = api.get("/fhir/r4/Patient/p1/").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(json_of(&reply)["id"], "p1");
}

#[tokio::test]
async fn formats_other_than_json_are_refused_with_406_in_json() {
    let t = TestApp::new(false).await;
    let api = api(&t, "GGZ Noord").await;
    api.put_ok(&patient("p1", client_number("C-1"))).await;
    for (path, accept) in [
        ("/fhir/r4/Patient/p1", "application/fhir+xml"),
        ("/fhir/r4/Patient", "application/xml"),
        ("/fhir/r4/metadata", "application/fhir+xml"),
        ("/fhir/r4/Patient/p1", "text/xml, application/json;q=0"),
        ("/fhir/r4/Patient/p1?_format=xml", "application/fhir+json"),
        ("/fhir/r4/Patient?_format=application/fhir%2Bxml", ""),
    ] {
        let headers: Vec<(&str, &str)> = if accept.is_empty() {
            vec![]
        } else {
            vec![("accept", accept)]
        };
        let reply = api.send_with("GET", path, None, &headers).await;
        assert_eq!(
            outcome(&reply),
            (StatusCode::NOT_ACCEPTABLE, "not-supported".into(), vec![]),
            "{path} {accept}"
        );
    }
    // A PUT asking for XML stores nothing.
    let reply = api
        .send_with(
            "PUT",
            "/fhir/r4/Patient/p2",
            Some(&patient("p2", client_number("C-2"))),
            &[("accept", "application/fhir+xml")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(
        api.get("/fhir/r4/Patient/p2").await.status,
        StatusCode::NOT_FOUND
    );
    for (path, accept) in [
        ("/fhir/r4/Patient/p1", "application/fhir+json"),
        ("/fhir/r4/Patient/p1", "application/json"),
        ("/fhir/r4/Patient/p1", "*/*"),
        (
            "/fhir/r4/Patient/p1",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        ),
        ("/fhir/r4/Patient/p1?_format=json", "*/*"),
        (
            "/fhir/r4/Patient/p1?_format=application/fhir%2Bjson",
            "application/fhir+json",
        ),
    ] {
        let reply = api
            .send_with("GET", path, None, &[("accept", accept)])
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{path} {accept}: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn an_unsupported_type_is_404_not_400() {
    let t = TestApp::new(false).await;
    let api = api(&t, "GGZ Noord").await;
    for path in [
        "/fhir/r4/Medication/1",
        "/fhir/r4/Foo",
        "/fhir/r4/Foo/",
        "/fhir/r4/Bundle/b1",
    ] {
        let reply = api.get(path).await;
        assert_eq!(
            outcome(&reply),
            (StatusCode::NOT_FOUND, "not-supported".into(), vec![]),
            "{path}"
        );
    }
    let reply = api
        .put(&json!({ "resourceType": "Medication", "id": "m1" }))
        .await;
    assert_eq!(outcome(&reply).0, StatusCode::NOT_FOUND);
}

on_both!(
    binary_bytes,
    a_binary_is_served_as_its_bytes_when_asked_for_them,
    a_binary_is_served_as_its_bytes_when_asked_for_them_on_postgresql
);

async fn binary_bytes(t: &TestApp) {
    let api = api(t, "GGZ Noord").await;
    let pdf = "%PDF-1.7\nvoorbeeld";
    api.put_ok(&json!({
        "resourceType": "Binary", "id": "bin1", "contentType": "application/pdf",
        "data": "JVBERi0xLjcKdm9vcmJlZWxk"
    }))
    .await;
    for accept in [
        "application/pdf",
        "*/*",
        "application/*",
        "image/png, application/pdf;q=0.5",
    ] {
        let reply = api
            .send_with("GET", "/fhir/r4/Binary/bin1", None, &[("accept", accept)])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{accept}: {}", reply.body);
        assert_eq!(reply.header("content-type"), "application/pdf", "{accept}");
        assert_eq!(reply.body, pdf, "{accept}");
        assert_eq!(reply.header("etag"), "W/\"1\"");
    }
    for accept in ["application/fhir+json", "application/json, */*", ""] {
        let headers: Vec<(&str, &str)> = if accept.is_empty() {
            vec![]
        } else {
            vec![("accept", accept)]
        };
        let reply = api
            .send_with("GET", "/fhir/r4/Binary/bin1", None, &headers)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{accept}: {}", reply.body);
        let v = json_of(&reply);
        assert_eq!(v["resourceType"], "Binary", "{accept}");
        assert_eq!(v["data"], "JVBERi0xLjcKdm9vcmJlZWxk");
    }
    let reply = api
        .send_with(
            "GET",
            "/fhir/r4/Binary/bin1?_format=json",
            None,
            &[("accept", "*/*")],
        )
        .await;
    assert_eq!(json_of(&reply)["resourceType"], "Binary");
    for accept in ["image/png", "application/fhir+xml"] {
        let reply = api
            .send_with("GET", "/fhir/r4/Binary/bin1", None, &[("accept", accept)])
            .await;
        assert_eq!(outcome(&reply).0, StatusCode::NOT_ACCEPTABLE, "{accept}");
    }
    let reply = api
        .send_with(
            "GET",
            "/fhir/r4/Binary/nope",
            None,
            &[("accept", "application/pdf")],
        )
        .await;
    assert_eq!(outcome(&reply).0, StatusCode::NOT_FOUND);
}

on_both!(
    bsn_variants,
    a_bsn_is_refused_however_it_is_written,
    a_bsn_is_refused_however_it_is_written_on_postgresql
);

async fn bsn_variants(t: &TestApp) {
    let api = api(t, "GGZ Noord").await;
    for (n, system) in [
        "http://fhir.nl/fhir/NamingSystem/bsn",
        "https://fhir.nl/fhir/NamingSystem/bsn",
        "http://fhir.nl/fhir/NamingSystem/BSN",
        "http://fhir.nl/fhir/NamingSystem/bsn/",
        "HTTPS://FHIR.NL/fhir/namingsystem/bsn",
        "urn:oid:2.16.840.1.113883.2.4.6.3",
        "2.16.840.1.113883.2.4.6.3",
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("p{n}");
        let identifiers = json!([
            { "system": "https://ggz.example/clientnummer", "value": format!("C-{n}") },
            { "system": system, "value": "999999990" }
        ]);
        let reply = api.put(&patient(&id, identifiers)).await;
        let (status, code, at) = outcome(&reply);
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{system}");
        assert_eq!(code, "invalid");
        assert_eq!(at, ["Patient.identifier[1]"], "{system}");
        assert!(reply.body.contains("BSN"), "{}", reply.body);
        let read = api.get(&format!("/fhir/r4/Patient/{id}")).await;
        assert_eq!(read.status, StatusCode::NOT_FOUND, "{system}");
    }
    // In a transaction the whole Bundle is refused, the place named inside it.
    let bundle = json!({ "resourceType": "Bundle", "type": "transaction", "entry": [{
        "resource": patient("px", json!([
            { "system": "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "999999990" }
        ])),
        "request": { "method": "PUT", "url": "Patient/px" }
    }] });
    let reply = api.send_with("POST", "/fhir/r4", Some(&bundle), &[]).await;
    let (status, _, at) = outcome(&reply);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(at[0], "Bundle.entry[0].resource.identifier[0]");
}

#[tokio::test]
async fn an_empty_searchset_has_no_empty_array() {
    let t = TestApp::new(false).await;
    let api = api(&t, "GGZ Noord").await;
    let reply = api.get("/fhir/r4/Patient?identifier=nobody").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!reply.body.contains("[]"), "{}", reply.body);
    assert!(json_of(&reply).get("entry").is_none());
}

/// The logical ids of a searchset page, and its `total`.
async fn search_ids(api: &Api<'_>, path: &str) -> (Vec<String>, Option<u64>) {
    let reply = api.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    let page = json_of(&reply);
    assert_eq!(page["type"], "searchset");
    let ids = page["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["resource"]["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, page["total"].as_u64())
}

fn care_plan(id: &str, patient: &str, start: &str, end: Option<&str>) -> Value {
    let mut period = json!({ "start": start });
    if let Some(end) = end {
        period["end"] = json!(end);
    }
    json!({
        "resourceType": "CarePlan", "id": id, "status": "active", "intent": "plan",
        "subject": { "reference": format!("Patient/{patient}") },
        "title": format!("Plan {id}"), "period": period
    })
}

on_both!(
    search_semantics,
    searches_mean_what_fhir_says_and_or_identifiers_date_ranges_totals,
    searches_mean_what_fhir_says_and_or_identifiers_date_ranges_totals_on_postgresql
);

async fn search_semantics(t: &TestApp) {
    let api = api(t, "GGZ Noord").await;
    api.put_ok(&patient(
        "p1",
        json!([
            { "system": "https://ggz.example/clientnummer", "value": "C-1" },
            { "system": "https://ggz.example/dossier", "value": "D-1" }
        ]),
    ))
    .await;
    api.put_ok(&patient("p2", client_number("C-2"))).await;
    api.put_ok(&care_plan("cp1", "p1", "2026-01-01", Some("2026-12-31")))
        .await;
    api.put_ok(&care_plan("cp2", "p2", "2025-01-01", Some("2025-06-30")))
        .await;
    api.put_ok(&care_plan("cp3", "p1", "2026-09-01", None))
        .await;
    let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    for (query, expected) in [
        // Any of the identifiers, not only the first; with its system, or none.
        ("identifier=D-1", ids(&["p1"])),
        ("identifier=https://ggz.example/dossier%7CD-1", ids(&["p1"])),
        (
            "identifier=https://ggz.example/clientnummer%7CD-1",
            ids(&[]),
        ),
        ("identifier=%7CD-1", ids(&[])),
        // Commas OR, repeats AND.
        ("identifier=C-1,C-2", ids(&["p1", "p2"])),
        ("identifier=C-1&identifier=C-2", ids(&[])),
        ("identifier=C-1,C-2&identifier=D-1", ids(&["p1"])),
    ] {
        let (found, total) = search_ids(&api, &format!("/fhir/r4/Patient?{query}")).await;
        assert_eq!(found, expected, "{query}");
        assert_eq!(total, Some(expected.len() as u64), "{query}");
    }
    for (query, expected) in [
        ("patient=p1&patient=p2", ids(&[])),
        ("patient=p1,p2", ids(&["cp1", "cp2", "cp3"])),
        ("patient=p2&patient=Patient/p2", ids(&["cp2"])),
        // A plan running all of 2026 is running on and after 1 June; so is an open one.
        ("date=ge2026-06-01", ids(&["cp1", "cp3"])),
        ("date=gt2026-06-01", ids(&["cp1", "cp3"])),
        ("date=le2025-12-31", ids(&["cp2"])),
        ("date=lt2026-06-01", ids(&["cp1", "cp2"])),
        ("date=2026-06", ids(&[])),
        ("date=2026", ids(&["cp1"])),
        ("date=ne2026", ids(&["cp2", "cp3"])),
        ("date=sa2025-12-31", ids(&["cp1", "cp3"])),
        ("date=eb2026-01-01", ids(&["cp2"])),
        ("date=ap2026-09-01", ids(&["cp1", "cp3"])),
        ("date=ge2026-06-01&date=le2026-08-01", ids(&["cp1"])),
        ("date=eb2025-12-31,sa2026-08-31", ids(&["cp2", "cp3"])),
    ] {
        let (found, total) = search_ids(&api, &format!("/fhir/r4/CarePlan?{query}")).await;
        assert_eq!(found, expected, "{query}");
        assert_eq!(total, Some(expected.len() as u64), "{query}");
    }
    // Counting only: a total and no entries.
    for query in ["patient=p1&_summary=count", "patient=p1&_count=0"] {
        let reply = api.get(&format!("/fhir/r4/CarePlan?{query}")).await;
        let v = json_of(&reply);
        assert_eq!(v["total"], 2, "{query}: {v}");
        assert!(v.get("entry").is_none(), "{query}");
    }
    let (found, total) = search_ids(&api, "/fhir/r4/CarePlan?_total=none&patient=p1").await;
    assert_eq!((found.len(), total), (2, None));
    // A page of one still tells the total of all pages.
    let (found, total) = search_ids(&api, "/fhir/r4/CarePlan?_count=1").await;
    assert_eq!((found, total), (ids(&["cp1"]), Some(3)));
    // Modifiers, prefixes and parameters we do not support are refused by name.
    for query in [
        "CarePlan?date:missing=true",
        "Patient?identifier:of-type=x",
        "CarePlan?date=xx2026",
        "CarePlan?_sort=date",
        "CarePlan?_summary=true",
        "Patient?identifier=https://x%7C",
    ] {
        let reply = api.get(&format!("/fhir/r4/{query}")).await;
        let (status, code, _) = outcome(&reply);
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::BAD_REQUEST, "not-supported"),
            "{query}"
        );
    }
}

on_both!(
    paging_while_data_changes,
    paging_while_resources_change_shows_each_once,
    paging_while_resources_change_shows_each_once_on_postgresql
);

async fn paging_while_data_changes(t: &TestApp) {
    let api = api(t, "GGZ Noord").await;
    for n in 1..=5 {
        api.put_ok(&patient(&format!("q{n}"), client_number(&format!("C-{n}"))))
            .await;
    }
    let page = |reply: &Reply| {
        let v = json_of(reply);
        let ids: Vec<String> = v["entry"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["resource"]["id"].as_str().unwrap().to_owned())
            .collect();
        let next = v["link"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["relation"] == "next")
            .map(|l| {
                l["url"]
                    .as_str()
                    .unwrap()
                    .strip_prefix("http://127.0.0.1:8080")
                    .unwrap()
                    .to_owned()
            });
        (ids, next)
    };
    let (mut seen, mut next) = page(&api.get("/fhir/r4/Patient?_count=2").await);
    assert_eq!(seen, ["q1", "q2"]);
    // While the client pages: one on the next page and one already seen change.
    t.clock.advance(jiff::SignedDuration::from_mins(1));
    api.put_ok(&patient("q4", client_number("C-40"))).await;
    api.put_ok(&patient("q1", client_number("C-10"))).await;
    while let Some(path) = next {
        let (ids, more) = page(&api.get(&path).await);
        seen.extend(ids);
        next = more;
    }
    assert_eq!(seen, ["q1", "q2", "q3", "q4", "q5"], "each once, none lost");
}
