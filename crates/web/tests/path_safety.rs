//! What an address may carry, through HTTP as a browser or a record system sends it: a link
//! token of the wrong shape (an encoded `../` included) gets a plain 404 and no button that
//! posts elsewhere; every form on the pages visited posts to a route the router knows, written
//! as the browser uses it; a return address (`terug`) that could leave the site falls back to
//! our own page and never breaks the response; FHIR ids `.` and `..` are refused; and revoking
//! another provider's API token is "not found" and changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::forms::{assert_forms_go_to_known_routes, forms, is_route, main_forms};
use support::network::{PASSWORD, beheerder, invitation_path, invite, verified_account};
use support::staff::staff_browser;
use support::world::{World, world, world_with};
use support::{Browser, TestApp, urlencode};
use zk_app::api_tokens::{self, Scopes};
use zk_app::providers::{NewProvider, create_provider};
use zk_domain::ProviderId;
use zk_domain::audit::AuditKind;
use zk_domain::page::PageRequest;
use zk_store::StaffRole;

/// Gets `path` and asserts every form on it goes to a known route; returns the reply.
async fn visit(b: &mut Browser<'_>, path: &str) -> support::Reply {
    let reply = b.get(path).await;
    assert_forms_go_to_known_routes(b.app, path, &reply.body).await;
    reply
}

fn token_of(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

#[tokio::test]
async fn an_encoded_traversal_in_the_activation_link_is_404_and_accepts_nothing() {
    let w = world().await;
    // The attacker manages a care page and invites someone; the victim is logged in elsewhere.
    let (mut attacker, page) = beheerder(&w).await;
    invite(&mut attacker, &page, "Piet", "piet@voorbeeld.example", &[]).await;
    let link = invitation_path(&w).await;
    let token = token_of(&link).to_owned();
    // The forms a beheerder meets on the way go to known routes too.
    for path in [
        "/zorgpagina".to_owned(),
        format!("/zorgpagina/netwerk?pagina={page}"),
        format!("/zorgpagina/netwerk/uitnodigen?pagina={page}"),
        "/sessies".to_owned(),
        "/profiel".to_owned(),
        "/connecties".to_owned(),
    ] {
        let r = visit(&mut attacker, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
    }
    let mut victim = verified_account(&w, "Piet", "ander@voorbeeld.example").await;

    for bait in [
        format!("/activeren/..%2F..%2Fuitnodiging%2F{token}%2Faccepteren"),
        format!("/activeren/..%2f..%2fuitnodiging%2f{token}%2fweigeren"),
        "/activeren/..%2F..%2Fuitloggen".to_owned(),
        "/activeren/..%2F..%2Fzorgpagina%2Fnetwerk%2Fverlaten".to_owned(),
        format!("/activeren/{token}%2F..%2F..%2Fuitloggen"),
    ] {
        let r = visit(&mut victim, &bait).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bait}");
        assert_eq!(main_forms(&r.body), vec![], "{bait}: no button at all");
        assert!(r.body.contains("Deze pagina bestaat niet"), "{bait}");
        assert!(!r.body.contains("Account activeren"), "{bait}");
        let r = victim.post(&bait, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bait}");
    }
    // The invitation is still open: the victim did not join the attacker's network.
    let r = visit(&mut victim, &link).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let actions: Vec<_> = main_forms(&r.body)
        .into_iter()
        .map(|f| f.action.unwrap())
        .collect();
    assert_eq!(
        actions,
        [format!("{link}/accepteren"), format!("{link}/weigeren")]
    );
}

#[tokio::test]
async fn the_form_check_reads_actions_and_knows_the_routes() {
    let t = TestApp::new(false).await;
    let html =
        r#"<main><form method="POST" action="/a?b=1&amp;c=2"><form action='/x'><form></main>"#;
    let found: Vec<_> = forms(html)
        .into_iter()
        .map(|f| (f.method, f.action))
        .collect();
    assert_eq!(
        found,
        [
            ("post".to_owned(), Some("/a?b=1&c=2".to_owned())),
            ("get".to_owned(), Some("/x".to_owned())),
            ("get".to_owned(), None),
        ]
    );
    let token = "0123456789abcdef".repeat(4);
    for known in [
        "/uitloggen".to_owned(),
        "/inloggen".to_owned(),
        format!("/activeren/{token}"),
        format!("/uitnodiging/{token}/accepteren"),
    ] {
        assert!(is_route(&t, &known).await, "{known}");
    }
    for unknown in ["/bestaat-niet", "/uitnodiging/x/y/z", "/activeren"] {
        assert!(!is_route(&t, unknown).await, "{unknown}");
    }
}

#[tokio::test]
async fn the_real_activation_link_posts_to_itself_and_works() {
    let w = world().await;
    let mut b = w.up_to_sent_without_letter("daan@voorbeeld.example").await;
    let path = w.activation_path().await;
    let r = visit(&mut b, &path).await;
    assert_eq!(r.status, StatusCode::OK);
    let forms = main_forms(&r.body);
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].action.as_deref(), Some(path.as_str()));
    assert_eq!(forms[0].method, "post");
    b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
}

#[tokio::test]
async fn link_tokens_of_the_wrong_shape_are_404_before_any_lookup() {
    let w = world().await;
    let mut anyone = Browser::new(&w.t);
    let mut signed_in = verified_account(&w, "Daan", "daan@voorbeeld.example").await;
    let hex = "0123456789abcdef".repeat(4);
    let bad = [
        "..%2F..%2Fuitloggen".to_owned(),
        "%2E%2E".to_owned(),
        "nonsense".to_owned(),
        hex.to_uppercase(),
        hex[..63].to_owned(),
        format!("{hex}0"),
        format!("{}%2F", &hex[..63]),
    ];
    for b in [&mut anyone, &mut signed_in] {
        for token in &bad {
            // (address, has a page, takes a POST)
            for (to, page, posts) in [
                (format!("/activeren/{token}"), true, true),
                (format!("/uitnodiging/{token}"), true, false),
                (format!("/wachtwoord-herstellen/{token}"), true, true),
                (format!("/profiel/e-mail/bevestigen/{token}"), true, true),
                (format!("/uitnodiging/{token}/accepteren"), false, true),
                (format!("/uitnodiging/{token}/weigeren"), false, true),
                (format!("/medewerker-uitnodiging/{token}"), true, true),
                (
                    format!("/medewerker-uitnodiging/{token}/accepteren"),
                    false,
                    true,
                ),
            ] {
                if page {
                    let r = visit(b, &to).await;
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "GET {to}");
                    assert_eq!(main_forms(&r.body), vec![], "GET {to}");
                }
                if posts {
                    let r = b
                        .post(&to, &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)])
                        .await;
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {to}");
                }
            }
        }
    }
}

/// The return addresses the outside test tried, and more: each as a value of `terug`.
const LEAVING: [&str; 12] = [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%09/evil.example",
    "/%5Cevil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: x=y",
    "/%0D%0ASet-Cookie:%20x=y",
    "https://evil.example/",
    "evil.example",
];

#[tokio::test]
async fn the_language_switch_returns_only_to_our_own_pages() {
    let w = world().await;
    let mut b = Browser::new(&w.t);
    // Exactly as reported: the query as typed in the address bar.
    let r = b.get("/taal/en?terug=/%09/evil.example").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/");
    for bad in LEAVING {
        let r = b.get(&format!("/taal/nl?terug={}", urlencode(bad))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{bad:?}: {}", r.body);
        assert_eq!(r.header("location"), "/", "{bad:?}");
    }
    let r = b
        .get("/taal/en?terug=%2Fhulp%3Fover%3D%252Fzorgpagina")
        .await;
    assert_eq!(r.header("location"), "/hulp?over=%2Fzorgpagina");
}

/// The hidden `terug` field of a page.
fn hidden_back(body: &str) -> String {
    let at = body
        .find("name=\"terug\" value=\"")
        .expect("a hidden terug field");
    let rest = &body[at + "name=\"terug\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].replace("&#x2f;", "/")
}

#[tokio::test]
async fn logging_in_again_returns_only_to_our_own_pages_and_never_fails() {
    let w = world().await;
    let mut b = w
        .register_without_letter("daan@voorbeeld.example", PASSWORD)
        .await;
    // Exactly as reported.
    let r = visit(&mut b, "/opnieuw-inloggen?terug=/%09/evil.example").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(hidden_back(&r.body), "/profiel");

    for bad in LEAVING {
        let page = format!("/opnieuw-inloggen?terug={}", urlencode(bad));
        let r = visit(&mut b, &page).await;
        assert_eq!(r.status, StatusCode::OK, "{bad:?}");
        assert_eq!(hidden_back(&r.body), "/profiel", "{bad:?}");
        // The form posted by hand with the bad value: back to the profile, never a 500.
        let r = b
            .post(
                "/opnieuw-inloggen",
                &[("wachtwoord", PASSWORD), ("terug", bad)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{bad:?}: {}", r.body);
        assert_eq!(r.header("location"), "/profiel", "{bad:?}");
        // The passkey way sends the same fallback on (no passkey here).
        let r = b
            .get(&format!(
                "/opnieuw-inloggen/passkey?terug={}",
                urlencode(bad)
            ))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{bad:?}");
        assert_eq!(
            r.header("location"),
            "/opnieuw-inloggen?terug=%2Fprofiel",
            "{bad:?}"
        );
    }
    // A path of ours is kept.
    let r = visit(&mut b, "/opnieuw-inloggen?terug=%2Fprofiel%2Fe-mail").await;
    assert_eq!(hidden_back(&r.body), "/profiel/e-mail");
    let r = b
        .post(
            "/opnieuw-inloggen",
            &[("wachtwoord", PASSWORD), ("terug", "/profiel/e-mail")],
        )
        .await;
    assert_eq!(r.header("location"), "/profiel/e-mail");
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
    fhir_ids_dot_and_dot_dot,
    fhir_ids_dot_and_dot_dot_are_refused_and_nothing_is_stored,
    fhir_ids_dot_and_dot_dot_are_refused_and_nothing_is_stored_on_postgresql
);

async fn fhir_ids_dot_and_dot_dot(t: &TestApp) {
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
    let send = |method: &str, path: &str, body: Option<Value>| {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"));
        if body.is_some() {
            request = request.header("content-type", "application/fhir+json");
        }
        let body = body.map_or_else(Body::empty, |v| Body::from(v.to_string()));
        t.send(request.body(body).unwrap())
    };
    let patient = |id: &str| {
        json!({
            "resourceType": "Patient",
            "id": id,
            "identifier": [{ "system": "https://ggz.example/clientnummer", "value": "C-1" }],
            "name": [{ "family": "de Vries", "given": ["Sanne"] }],
            "birthDate": "1985-05-05"
        })
    };
    let refused = |reply: &support::Reply, what: &str| {
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{what}: {}",
            reply.body
        );
        let v: Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(v["resourceType"], "OperationOutcome", "{what}");
        assert!(reply.header("location").is_empty(), "{what}: no Location");
    };

    for (path, id) in [
        ("/fhir/r4/Patient/%2E%2E", ".."),
        ("/fhir/r4/Patient/%2e%2e", ".."),
        ("/fhir/r4/Patient/%2E", "."),
    ] {
        let r = send("PUT", path, Some(patient(id))).await;
        refused(&r, path);
        assert!(r.body.contains("not '.' or '..'"), "{}", r.body);
        refused(&send("GET", path, None).await, path);
        refused(&send("DELETE", path, None).await, path);
    }
    // The id in the body and in a transaction's entry are held to the same rule. R4's id
    // pattern allows '..', so it is valid FHIR that this server does not keep: 422.
    let r = send("PUT", "/fhir/r4/Patient/p1", Some(patient(".."))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{ "resource": patient(".."), "request": { "method": "PUT", "url": "Patient/.." } }]
    });
    let r = send("POST", "/fhir/r4", Some(bundle)).await;
    assert!(r.status.is_client_error(), "{} {}", r.status, r.body);

    // Nothing was stored.
    let r = send("GET", "/fhir/r4/Patient", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert!(
        v["entry"].as_array().is_none_or(|e| e.is_empty()),
        "{}",
        r.body
    );
    // An id with dots that is not a path step is still an id.
    let r = send("PUT", "/fhir/r4/Patient/...", Some(patient("..."))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn revoking_tokens(w: &World) {
    let own: ProviderId = w.demo.providers[0].id.parse().unwrap();
    let other: ProviderId = w.demo.providers[1].id.parse().unwrap();
    let demo_token =
        w.t.app
            .store
            .list_api_tokens(own, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .remove(0);
    let fhir_status = |secret: &str| {
        w.t.send(
            Request::get("/fhir/r4/Patient")
                .header("authorization", format!("Bearer {secret}"))
                .body(Body::empty())
                .unwrap(),
        )
    };
    let revocations = || async {
        w.t.app
            .store
            .audit_chain(0, 100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.event.kind == Some(AuditKind::ApiTokenRevoked))
            .count()
    };

    // Another provider's admin: "not found", and the token still works.
    let mut theirs = staff_browser(w, other, "ander@ggz.example", StaffRole::Admin).await;
    let tokens = format!("/zorgaanbieder/{other}/api-sleutels");
    let r = visit(&mut theirs, &tokens).await;
    assert_eq!(r.status, StatusCode::OK);
    let foreign = format!("{tokens}/{}/intrekken", demo_token.id);
    let r = theirs.post(&foreign, &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(r.body.contains("Deze pagina bestaat niet"));
    let unknown = format!("{tokens}/{}/intrekken", zk_domain::ApiTokenId::new());
    assert_eq!(
        theirs.post(&unknown, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fhir_status(&w.demo.providers[0].api_token).await.status,
        StatusCode::OK
    );
    assert_eq!(revocations().await, 0, "nothing recorded");

    // Its own admin revokes it; a second time changes nothing and shows the list again.
    let mut ours = staff_browser(w, own, "beheer@ggz.example", StaffRole::Admin).await;
    let tokens = format!("/zorgaanbieder/{own}/api-sleutels");
    visit(&mut ours, &tokens).await;
    let revoke = format!("{tokens}/{}/intrekken", demo_token.id);
    for _ in 0..2 {
        let r = ours.post(&revoke, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.header("location"), tokens);
    }
    assert_eq!(
        fhir_status(&w.demo.providers[0].api_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(revocations().await, 1, "recorded once");
}

#[tokio::test]
async fn revoking_another_providers_api_token_is_not_found_and_changes_nothing() {
    revoking_tokens(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_another_providers_api_token_is_not_found_on_postgresql() {
    let w = world_with(TestApp::postgres().await).await;
    revoking_tokens(&w).await;
    w.t.finish().await;
}
