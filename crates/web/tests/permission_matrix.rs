//! THE PERMISSION MATRIX (SPEC S6): every role that can meet a care page × every page and
//! download of it. Only the allowed cells succeed; a category not granted is absent from the
//! care page; a refused cell looks exactly like a care page or document that does not exist.
//! Later pages (diary, agenda, messages) add one line to `targets` and, if their content shows
//! on the care page, one line to `CONTENT`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::network::*;
use support::world::{World, world, world_with};
use support::{Browser, Reply, TestApp};
use zk_domain::network::{Permission, Permissions};

/// What each category shows on the care page of the beheerder (Sanne, GGZ Rivierenland).
const CONTENT: [(Permission, &str); 6] = [
    (Permission::Appointments, "Je volgende afspraken"),
    (Permission::CareTeam, "Jouw behandelaar"),
    (
        Permission::CarePlan,
        "Ik slaap weer minstens zeven uur per nacht.",
    ),
    (Permission::Reports, "Verslag intake"),
    (Permission::Documents, ">Behandelplan.pdf</a>"),
    (Permission::Measurements, "Vragenlijst OQ-45"),
];

/// An id that exists nowhere.
const MISSING: &str = "0190a1b2-0000-7000-8000-000000000000";

/// What a role is to the care page.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// The beheerder or a co-beheerder: everything, and managing.
    Manager,
    Member(Permissions),
    /// Logged in, with an account but no access.
    Stranger,
    Anonymous,
    /// Another provider's FHIR API token.
    OtherProvider,
}

/// What a page needs.
#[derive(Clone, Copy, Debug)]
enum Need {
    /// Any access to the care page.
    Any,
    Category(Permission),
    Manage,
    /// Never reachable from this care page's roles: another page's ids.
    Never,
    /// The provider API: only the care page's own provider (not among the roles).
    Fhir,
    /// Any logged-in account, whatever its access to this care page ("Zorgpagina toevoegen").
    LoggedIn,
}

struct Target {
    name: &'static str,
    url: String,
    /// The same URL with its ids made up: a refusal must look exactly like it.
    missing: String,
    need: Need,
}

fn target(name: &'static str, url: String, ids: &[&str], need: Need) -> Target {
    let missing = ids.iter().fold(url.clone(), |u, id| u.replace(id, MISSING));
    Target {
        name,
        url,
        missing,
        need,
    }
}

struct Ids {
    page: String,
    report: String,
    document: String,
    member: String,
    other_page: String,
    other_report: String,
    other_document: String,
}

/// Every page and download of a care page. One line per page.
#[rustfmt::skip]
fn targets(i: &Ids) -> Vec<Target> {
    let p = &i.page;
    vec![
        target("care page", format!("/zorgpagina?pagina={p}"), &[p], Need::Any),
        target("report", format!("/zorgpagina/verslagen/{}", i.report), &[&i.report], Need::Category(Permission::Reports)),
        target("document", format!("/zorgpagina/documenten/{}", i.document), &[&i.document], Need::Category(Permission::Documents)),
        target("network", network(p), &[p], Need::Any),
        target("invite", format!("/zorgpagina/netwerk/uitnodigen?pagina={p}"), &[p], Need::Manage),
        target("member", format!("/zorgpagina/netwerk/lid/{}?pagina={p}", i.member), &[p], Need::Manage),
        target("remove member", format!("/zorgpagina/netwerk/lid/{}/verwijderen?pagina={p}", i.member), &[p], Need::Manage),
        target("diary", format!("/zorgpagina/dagboek?pagina={p}"), &[p], Need::Category(Permission::Diary)),
        target("agenda", format!("/zorgpagina/agenda?pagina={p}"), &[p], Need::Category(Permission::Agenda)),
        target("new agenda item", format!("/zorgpagina/agenda/nieuw?pagina={p}"), &[p], Need::Category(Permission::Agenda)),
        target("messages", format!("/zorgpagina/berichten?pagina={p}"), &[p], Need::Category(Permission::Messages)),
        target("new message", format!("/zorgpagina/berichten/nieuw?pagina={p}"), &[p], Need::Category(Permission::Messages)),
        target("who looked", format!("/zorgpagina/inzage?pagina={p}"), &[p], Need::Manage),
        target("data export", format!("/zorgpagina/gegevens?pagina={p}"), &[p], Need::Any),
        target("other care page", format!("/zorgpagina?pagina={}", i.other_page), &[&i.other_page], Need::Never),
        target("other diary", format!("/zorgpagina/dagboek?pagina={}", i.other_page), &[&i.other_page], Need::Never),
        target("other agenda", format!("/zorgpagina/agenda?pagina={}", i.other_page), &[&i.other_page], Need::Never),
        target("other messages", format!("/zorgpagina/berichten?pagina={}", i.other_page), &[&i.other_page], Need::Never),
        target("other who looked", format!("/zorgpagina/inzage?pagina={}", i.other_page), &[&i.other_page], Need::Never),
        target("other data export", format!("/zorgpagina/gegevens?pagina={}", i.other_page), &[&i.other_page], Need::Never),
        target("other network", network(&i.other_page), &[&i.other_page], Need::Never),
        target("other report", format!("/zorgpagina/verslagen/{}", i.other_report), &[&i.other_report], Need::Never),
        target("other document", format!("/zorgpagina/documenten/{}", i.other_document), &[&i.other_document], Need::Never),
        target("fhir patient", "/fhir/r4/Patient/matrix-1".into(), &["matrix-1"], Need::Fhir),
        target("add a care page", "/zorgpagina/toevoegen".into(), &[], Need::LoggedIn),
    ]
}

struct Role<'a> {
    name: String,
    kind: Kind,
    browser: Browser<'a>,
    bearer: Option<String>,
}

async fn get(role: &mut Role<'_>, url: &str) -> Reply {
    match &role.bearer {
        None => role.browser.get(url).await,
        Some(token) => {
            let request = Request::get(url)
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap();
            role.browser.app.send(request).await
        }
    }
}

/// Whether `kind` may open a page that needs `need` (FHIR aside).
fn allowed(kind: Kind, need: Need) -> bool {
    match (kind, need) {
        (_, Need::Never | Need::Fhir) => false,
        (Kind::Manager | Kind::Member(_) | Kind::Stranger, Need::LoggedIn) => true,
        (Kind::Manager, _) => true,
        (Kind::Member(_), Need::Any) => true,
        (Kind::Member(p), Need::Category(c)) => p.allows(c),
        _ => false,
    }
}

fn first(body: &str, prefix: &str) -> String {
    let at = body.find(prefix).unwrap() + prefix.len();
    body[at..at + 36].to_owned()
}

async fn matrix(w: &World) {
    let (mut sanne, page) = beheerder(w).await;
    let care = sanne.get(&format!("/zorgpagina?pagina={page}")).await.body;
    let letter = w.letter("valid", "client");
    let other_letter = w
        .letters("valid", "client")
        .into_iter()
        .find(|l| l.provider != letter.provider)
        .unwrap();
    let mut other = w
        .register_verified(other_letter, "ander@voorbeeld.example", PASSWORD)
        .await;
    let other_care = other.get("/zorgpagina").await.body;

    let mut roles = Vec::new();
    let mut members = Vec::new();
    for (n, p) in Permission::ALL.into_iter().enumerate() {
        let email = format!("lid{n}@voorbeeld.example");
        let b = member(w, &mut sanne, &page, "Lid", &email, &[p.as_str()]).await;
        members.push((
            format!("member with {}", p.as_str()),
            Kind::Member(Permissions::of(&[p])),
            b,
        ));
    }
    let none = member(
        w,
        &mut sanne,
        &page,
        "Niemand",
        "niets@voorbeeld.example",
        &[],
    )
    .await;
    members.push((
        "member with nothing".into(),
        Kind::Member(Permissions::NONE),
        none,
    ));
    let co = member(w, &mut sanne, &page, "Co", "co@voorbeeld.example", &[]).await;
    let net = sanne.get(&network(&page)).await.body;
    // The last member listed is the co-beheerder to be.
    let co_id = net
        .rmatch_indices("/zorgpagina/netwerk/lid/")
        .next()
        .map(|(at, m)| net[at + m.len()..at + m.len() + 36].to_owned())
        .unwrap();
    let r = sanne
        .post(
            &format!("/zorgpagina/netwerk/lid/{co_id}?pagina={page}"),
            &[("relatie", "partner"), ("cobeheerder", "ja")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let ids = Ids {
        report: first(&care, "/zorgpagina/verslagen/"),
        document: first(&care, "/zorgpagina/documenten/"),
        member: first(&net, "/zorgpagina/netwerk/lid/"),
        other_page: first(&other_care, "/zorgpagina/netwerk?pagina="),
        other_report: first(&other_care, "/zorgpagina/verslagen/"),
        other_document: first(&other_care, "/zorgpagina/documenten/"),
        page: page.clone(),
    };

    roles.push(Role {
        name: "beheerder".into(),
        kind: Kind::Manager,
        browser: sanne,
        bearer: None,
    });
    roles.push(Role {
        name: "co-beheerder".into(),
        kind: Kind::Manager,
        browser: co,
        bearer: None,
    });
    for (name, kind, browser) in members {
        roles.push(Role {
            name,
            kind,
            browser,
            bearer: None,
        });
    }
    let stranger = verified_account(w, "Vreemd", "vreemd@voorbeeld.example").await;
    roles.push(Role {
        name: "stranger".into(),
        kind: Kind::Stranger,
        browser: stranger,
        bearer: None,
    });
    roles.push(Role {
        name: "nobody".into(),
        kind: Kind::Anonymous,
        browser: Browser::new(&w.t),
        bearer: None,
    });
    let other_token = w
        .demo
        .providers
        .iter()
        .find(|p| p.name != letter.provider)
        .unwrap()
        .api_token
        .clone();
    roles.push(Role {
        name: "another provider's API".into(),
        kind: Kind::OtherProvider,
        browser: Browser::new(&w.t),
        bearer: Some(other_token),
    });

    // The API row: the care page's own provider holds a Patient; another provider's token
    // finds it exactly as one that does not exist.
    let own_token = w
        .demo
        .providers
        .iter()
        .find(|p| p.name == letter.provider)
        .unwrap()
        .api_token
        .clone();
    let patient = serde_json::json!({
        "resourceType": "Patient",
        "id": "matrix-1",
        "identifier": [{ "system": "https://ggz.example/clientnummer", "value": "MATRIX-1" }],
        "name": [{ "use": "official", "family": "Matrixtest", "given": ["Sanne"] }],
        "birthDate": "1985-05-05"
    });
    let put = Request::put("/fhir/r4/Patient/matrix-1")
        .header("authorization", format!("Bearer {own_token}"))
        .header("content-type", "application/fhir+json")
        .body(Body::from(patient.to_string()))
        .unwrap();
    let stored = w.t.send(put).await;
    assert!(stored.status.is_success(), "{}", stored.body);
    let mut own = Role {
        name: "own provider".into(),
        kind: Kind::OtherProvider,
        browser: Browser::new(&w.t),
        bearer: Some(own_token),
    };
    let found = get(&mut own, "/fhir/r4/Patient/matrix-1").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains("Matrixtest"));

    let targets = targets(&ids);
    for role in &mut roles {
        for t in &targets {
            let cell = format!("{} × {}", role.name, t.name);
            let reply = get(role, &t.url).await;
            match (role.kind, t.need) {
                (Kind::OtherProvider, Need::Fhir) => {
                    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cell}");
                    assert!(!reply.body.contains("Matrixtest"), "{cell}");
                    let missing = get(role, &t.missing).await;
                    let strip = |r: &Reply, id: &str| r.body.replace(id, "ID");
                    assert_eq!(
                        strip(&reply, "matrix-1"),
                        strip(&missing, MISSING),
                        "{cell}"
                    );
                }
                (_, Need::Fhir) => assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{cell}"),
                (Kind::Anonymous | Kind::OtherProvider, _) => {
                    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{cell}");
                    assert_eq!(reply.header("location"), "/inloggen", "{cell}");
                }
                (kind, need) if allowed(kind, need) => {
                    assert_eq!(reply.status, StatusCode::OK, "{cell}: {}", reply.body);
                }
                _ => {
                    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{cell}");
                    let missing = get(role, &t.missing).await;
                    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{cell}: made-up id");
                    let strip = |r: &Reply, u: &str| r.body.replace(u, "URL");
                    assert_eq!(
                        strip(&reply, &t.url),
                        strip(&missing, &t.missing),
                        "{cell}: differs from a missing one"
                    );
                }
            }
            // On the care page, each category shows exactly when it is granted.
            if t.name == "care page" && reply.status == StatusCode::OK {
                for (category, marker) in CONTENT {
                    let granted = match role.kind {
                        Kind::Manager => true,
                        Kind::Member(p) => p.allows(category),
                        _ => false,
                    };
                    assert_eq!(reply.body.contains(marker), granted, "{cell}: {category:?}");
                }
            }
        }
    }
}

#[tokio::test]
async fn only_the_allowed_cells_succeed() {
    matrix(&world().await).await;
}

#[tokio::test]
async fn only_the_allowed_cells_succeed_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    matrix(&w).await;
    w.t.finish().await;
}
