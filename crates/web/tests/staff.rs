//! The staff area (SPEC S8), through HTTP: a staff member chooses a password through the
//! welcome link, logs in, is asked to add a second factor first, then reaches their provider's
//! pages; another provider's pages and a client's account get 404.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::Browser;
use support::world::{World, world, world_with};
use zk_app::registration::RenderedMail;
use zk_app::staff::{NewStaffMember, add_staff_member};
use zk_domain::ProviderId;
use zk_store::StaffRole;

const PASSWORD: &str = "zonnebloem kikker winter";
const STAFF_EMAIL: &str = "petra@ggz.example";

/// Adds Petra to `provider` and returns the path of her welcome link.
async fn add_petra(w: &World, provider: ProviderId, role: StaffRole) -> String {
    let added = add_staff_member(
        &w.t.app,
        NewStaffMember {
            provider,
            email: STAFF_EMAIL.into(),
            first_name: "Petra".into(),
            last_name: "Jansen".into(),
            role,
        },
        "http://127.0.0.1:8080",
        |_, _, link| RenderedMail {
            subject: "Welkom".into(),
            text: link.to_owned(),
            html: link.to_owned(),
        },
    )
    .await
    .unwrap();
    added.link.split_once("8080").unwrap().1.to_owned()
}

#[tokio::test]
async fn a_staff_member_reaches_only_their_own_provider() {
    a_staff_member_reaches_only_their_own_provider_on(&world().await).await;
}

#[tokio::test]
async fn a_staff_member_reaches_only_their_own_provider_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_staff_member_reaches_only_their_own_provider_on(&w).await;
    w.t.finish().await;
}

async fn a_staff_member_reaches_only_their_own_provider_on(w: &World) {
    let own: ProviderId = w.demo.providers[0].id.parse().unwrap();
    let other: ProviderId = w.demo.providers[1].id.parse().unwrap();
    let link = add_petra(w, own, StaffRole::Admin).await;

    // The invitation link lets her choose a password: the address has no account yet.
    let mut b = Browser::new(&w.t);
    let r = b.get(&link).await;
    assert!(
        r.body
            .contains("Er is nog geen account met dit e-mailadres"),
        "{}",
        r.body
    );
    let r = b
        .post(&link, &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)])
        .await;
    assert!(r.body.contains("Je account is gemaakt"), "{}", r.body);
    // The link worked once.
    assert_eq!(b.get(&link).await.status, StatusCode::GONE);

    // Logged in without a second factor: first add one.
    w.t.clock.advance(SignedDuration::from_secs(31));
    let r = b
        .post(
            "/inloggen",
            &[("email", STAFF_EMAIL), ("wachtwoord", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.get(&format!("/zorgaanbieder/{own}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Stel eerst een tweede stap in"),
        "{}",
        r.body
    );
    assert!(r.body.contains("href=\"/profiel\""));
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // One membership: straight to that provider.
    let r = b.get("/zorgaanbieder").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), format!("/zorgaanbieder/{own}"));
    let r = b.get(&format!("/zorgaanbieder/{own}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&w.demo.providers[0].name));
    assert!(r.body.contains("Petra Jansen (beheerder)"));
    // Another provider's pages, or garbage, do not exist for her.
    assert_eq!(
        b.get(&format!("/zorgaanbieder/{other}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get("/zorgaanbieder/geen-id").await.status,
        StatusCode::NOT_FOUND
    );

    // The next login asks for the SMS code before the staff pages open (past the 30 seconds
    // between two SMS codes, so the code goes out).
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut again = Browser::new(&w.t);
    again
        .post_to(
            "/inloggen",
            &[("email", STAFF_EMAIL), ("wachtwoord", PASSWORD)],
            "/inloggen/sms",
        )
        .await;
    let r = again.get(&format!("/zorgaanbieder/{own}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/inloggen/sms");

    // A second membership: she accepts the invitation, chooses, and both providers open.
    let link = add_petra(w, other, StaffRole::Secretariat).await;
    assert_eq!(
        b.get(&format!("/zorgaanbieder/{other}")).await.status,
        StatusCode::NOT_FOUND,
        "not before she accepts"
    );
    let r = b.get(&link).await;
    assert!(r.body.contains("Uitnodiging accepteren"), "{}", r.body);
    b.post_to(
        &format!("{link}/accepteren"),
        &[],
        &format!("/zorgaanbieder/{other}"),
    )
    .await;
    let r = b.get("/zorgaanbieder").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Kies een zorgaanbieder"));
    assert!(r.body.contains(&format!("href=\"/zorgaanbieder/{other}\"")));
    let r = b.get(&format!("/zorgaanbieder/{other}")).await;
    assert!(r.body.contains("Petra Jansen (secretariaat)"), "{}", r.body);

    // A client's account has no staff area at all.
    let letter = w.letter("valid", "client");
    let mut client = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    assert_eq!(
        client.get("/zorgaanbieder").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        client.get(&format!("/zorgaanbieder/{own}")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Petra, admin of `provider`, logged in with her SMS code.
async fn staff_browser(w: &World, provider: ProviderId) -> Browser<'_> {
    let link = add_petra(w, provider, StaffRole::Admin).await;
    let mut b = Browser::new(&w.t);
    b.post(&link, &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)])
        .await;
    w.t.clock.advance(SignedDuration::from_secs(31));
    b.post(
        "/inloggen",
        &[("email", STAFF_EMAIL), ("wachtwoord", PASSWORD)],
    )
    .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    b
}

/// Petra logs in again (with her SMS code) after her session ended.
async fn staff_browser_again(w: &World) -> Browser<'_> {
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[("email", STAFF_EMAIL), ("wachtwoord", PASSWORD)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post("/inloggen/sms", &[("code", &code)]).await;
    b
}

fn client_form<'a>(number: &'a str, last: &'a str, born: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("clientnummer", number),
        ("voornaam", "Sanne"),
        ("achternaam", last),
        ("geboortedatum", born),
        ("email", ""),
        ("straat", ""),
        ("postcode", ""),
        ("plaats", ""),
    ]
}

#[tokio::test]
async fn the_secretariat_registers_and_finds_clients() {
    the_secretariat_registers_and_finds_clients_on(&world().await).await;
}

#[tokio::test]
async fn the_secretariat_registers_and_finds_clients_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    the_secretariat_registers_and_finds_clients_on(&w).await;
    w.t.finish().await;
}

async fn the_secretariat_registers_and_finds_clients_on(w: &World) {
    let own: ProviderId = w.demo.providers[0].id.parse().unwrap();
    let other: ProviderId = w.demo.providers[1].id.parse().unwrap();
    let mut b = staff_browser(w, own).await;
    let clients = format!("/zorgaanbieder/{own}/clienten");
    let new = format!("{clients}/nieuw");

    assert!(b.get(&new).await.body.contains("Cliënt registreren"));
    let r = b
        .post(&new, &client_form("Z-100", "Zwanenburg", "31-12-1990"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.header("location").to_owned();
    assert!(page.starts_with(&format!("{clients}/")));
    let r = b.get(&page).await;
    assert!(r.body.contains("Sanne Zwanenburg"));
    assert!(r.body.contains("Nee, nog niet gekoppeld"));
    assert!(r.body.contains("Er zijn nog geen brieven"));

    // Refusals say what to fix and write nothing.
    let r = b
        .post(&new, &client_form("Z-100", "Zwaan", "01-01-1991"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is al een cliënt met dit cliëntnummer"));
    let r = b
        .post(&new, &client_form("Z-101", "Zwaan", "31-02-1991"))
        .await;
    assert!(r.body.contains("Vul een geboortedatum in als dd-mm-jjjj"));
    assert!(
        r.body.contains("value=\"Zwaan\""),
        "the form keeps its input"
    );
    let mut partial = client_form("Z-102", "Zwaan", "01-01-1991");
    partial[5] = ("straat", "Dorpsstraat 1");
    let r = b.post(&new, &partial).await;
    assert!(
        r.body
            .contains("Vul straat, postcode en plaats alle drie in")
    );
    let r = b.post(&new, &client_form("", "Zwaan", "01-01-1991")).await;
    assert!(r.body.contains("Vul een cliëntnummer in"));
    assert!(
        b.get(&format!("{clients}?zoek=zwaan"))
            .await
            .body
            .contains("Geen cliënten gevonden")
    );

    // Search by the start of the last name, birth date or number.
    for query in ["zwan", "ZWANENBURG", "31-12-1990", "Z-100"] {
        let r = b
            .get(&format!("{clients}?zoek={}", support::urlencode(query)))
            .await;
        assert!(r.body.contains("Sanne Zwanenburg"), "{query}: {}", r.body);
    }
    // Keyset pages: 30 clients with one name, 25 on the first page.
    for i in 0..30 {
        let number = format!("P-{i:02}");
        let r = b
            .post(&new, &client_form(&number, "Pagina", "01-01-1980"))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let first = b.get(&format!("{clients}?zoek=pagina")).await;
    assert_eq!(first.body.matches("Sanne Pagina").count(), 25);
    let next = first
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.contains("na="))
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let second = b.get(&next).await;
    assert_eq!(second.body.matches("Sanne Pagina").count(), 5);

    // "Brief maken": a letter with a PDF, downloadable for 24 hours.
    let r = b.post(&format!("{page}/brief"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), page);
    let r = b.get(&page).await;
    assert!(r.body.contains("Geldig"), "{}", r.body);
    let pdf_path = r
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with(".pdf"))
        .unwrap()
        .to_owned();
    let pdf = b.get(&pdf_path).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with("%PDF"));
    // Another provider's path to it: 404.
    let foreign = pdf_path.replace(&own.to_string(), &other.to_string());
    assert_eq!(b.get(&foreign).await.status, StatusCode::NOT_FOUND);
    // After 24 hours: gone, with what to do instead.
    w.t.clock.advance(SignedDuration::from_hours(24));
    let mut b = staff_browser_again(w).await;
    let gone = b.get(&pdf_path).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(
        gone.body.contains("Maak dan een nieuwe brief"),
        "{}",
        gone.body
    );
    // Revoking it.
    let r = b.get(&page).await;
    let revoke = r
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with("/intrekken"))
        .unwrap()
        .to_owned();
    let r = b.post(&revoke, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(b.get(&page).await.body.contains("Ingetrokken"));

    // Another provider's staff does not see the record.
    assert_eq!(
        b.get(&format!("/zorgaanbieder/{other}/clienten"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let id = page.rsplit('/').next().unwrap();
    assert_eq!(
        b.get(&format!("/zorgaanbieder/{other}/clienten/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_demo_world_has_a_staff_login_per_provider() {
    let w = world().await;
    for (i, p) in w.demo.providers.iter().enumerate() {
        let mut b = Browser::new(&w.t);
        if i > 0 {
            w.t.clock.advance(SignedDuration::from_secs(31));
        }
        b.post_to(
            "/inloggen",
            &[("email", &p.staff_email), ("wachtwoord", &p.staff_password)],
            "/inloggen/sms",
        )
        .await;
        let code = w.last_sms_code().await;
        b.post("/inloggen/sms", &[("code", &code)]).await;
        let r = b.get("/zorgaanbieder").await;
        assert_eq!(r.header("location"), format!("/zorgaanbieder/{}", p.id));
        let r = b.get(&format!("/zorgaanbieder/{}/clienten", p.id)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Cliënten"), "{}", r.body);
    }
}
