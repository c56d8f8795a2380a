//! The whole care page as a browser meets it (SPEC S5): care plans with goals, reports with
//! their own page, documents to download, measurements as a table and a chart, the switcher
//! between care pages, paging, and that nobody else (nor anyone without a second factor) gets
//! at any of it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::world::{World, world, world_with};
use support::{Browser, Reply};
use zk_domain::account::Connection;
use zk_domain::client::ClientRecord;
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, ConnectionId, ProviderId};

const PASSWORD: &str = "fiets boom regen lantaarn";

/// Every `href` in `body` that starts with `prefix`, in page order, `&` unescaped.
fn links(body: &str, prefix: &str) -> Vec<String> {
    body.split(&format!("href=\"{prefix}"))
        .skip(1)
        .map(|rest| {
            let link = rest.split('"').next().unwrap();
            format!("{prefix}{link}")
                .replace("&#38;", "&")
                .replace("&amp;", "&")
        })
        .collect()
}

async fn record_of(w: &World, provider: &str, number: &str) -> ClientRecord {
    let p = w
        .demo
        .providers
        .iter()
        .find(|p| p.name == provider)
        .unwrap();
    let id: ProviderId = p.id.parse().unwrap();
    w.t.app
        .store
        .find_client_record_by_number(id, number)
        .await
        .unwrap()
        .unwrap()
}

/// The body of a reply with the requested id put back as `ID`: error pages name their own path
/// (for the language switch), and nothing else may differ.
fn without(reply: &Reply, id: &str) -> String {
    reply.body.replace(id, "ID")
}

async fn shows_everything(w: &World) {
    let letter = w.letter("valid", "client");
    assert_eq!(letter.provider, "GGZ Rivierenland");
    let mut b = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = b.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    let body = &care.body;
    // What the browser tests look for stays.
    for shown in [
        "Jouw behandelaar",
        "Je volgende afspraken",
        "Eerdere afspraken",
        "<h2 id=\"aanbieder-1\">GGZ Rivierenland</h2>",
    ] {
        assert!(body.contains(shown), "{shown} missing");
    }
    assert!(
        !body.contains("Je beheert deze zorgpagina"),
        "one page: no switcher"
    );

    // Care plan with goals: period and status in words, achieved or not in words.
    for shown in [
        ">Zorgplan</h3>",
        "<h4>Behandelplan</h4>",
        "Van 24 september 2026 tot 23 maart 2027",
        "Status: <strong>loopt nu</strong>",
        "Ik slaap weer minstens zeven uur per nacht.",
        "Ik ga twee keer per week naar buiten om te wandelen.",
        "Doel: klaar op 23 maart 2027",
        "Gehaald",
        "Nog niet gehaald",
    ] {
        assert!(body.contains(shown), "{shown} missing");
    }

    // Reports, newest first, with date and author.
    let tussen = body.find("Tussenevaluatie").unwrap();
    let gesprek = body.find("Verslag behandelgesprek").unwrap();
    let intake = body.find("Verslag intake").unwrap();
    assert!(tussen < gesprek && gesprek < intake, "newest first");
    assert!(body.contains("18 november 2026 · geschreven door Dr. Ellen Visser"));
    assert!(
        !body.contains("Meer verslagen"),
        "three reports fit on one page"
    );

    // Documents with date and size.
    assert!(body.contains(">Documenten</h3>"));
    assert!(body.contains(">Behandelplan.pdf</a>") && body.contains("kB)"));

    // Measurements: a table and a chart that says its values in words.
    assert!(body.contains("<h4>Vragenlijst OQ-45, totaalscore</h4>"));
    assert!(body.contains("<table class=\"measurements\">"));
    assert!(body.contains("<td>16 november 2026</td><td>70</td><td>punten</td>"));
    assert!(
        body.contains("<svg class=\"chart\" viewBox=\"0 0 320 160\" width=\"100%\" role=\"img\"")
    );
    assert!(body.contains(
        "aria-label=\"Vragenlijst OQ-45, totaalscore van 88 punten op 25 augustus tot 70 punten op 16 november\""
    ));
    assert!(!body.contains("<script"), "no JavaScript for the chart");

    // A report on its own page: the body with its line breaks.
    let reports = links(body, "/zorgpagina/verslagen/");
    assert_eq!(reports.len(), 3);
    let report = b.get(&reports[0]).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("<h1>Tussenevaluatie</h1>"));
    assert!(report.body.contains(
        "We hebben gesproken over hoe het de afgelopen weken ging.\nHet slapen gaat iets beter."
    ));
    assert!(report.body.contains("geschreven door Dr. Ellen Visser"));
    assert!(report.body.contains("Van GGZ Rivierenland"));
    assert!(report.body.contains("href=\"/zorgpagina?pagina="));
    assert!(report.body.contains("#verslagen-"));
    assert_eq!(report.header("cache-control"), "no-store");

    // A document: the stored PDF, as an attachment, never sniffed or cached.
    let documents = links(body, "/zorgpagina/documenten/");
    assert_eq!(documents.len(), 2);
    for (href, name) in documents
        .iter()
        .zip(["Informatie-over-je-behandeling.pdf", "Behandelplan.pdf"])
    {
        let pdf = b.get(href).await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(pdf.body.starts_with("%PDF"));
        assert_eq!(pdf.header("content-type"), "application/pdf");
        assert_eq!(
            pdf.header("content-disposition"),
            format!("attachment; filename=\"{name}\"")
        );
        assert_eq!(pdf.header("x-content-type-options"), "nosniff");
        assert_eq!(pdf.header("cache-control"), "no-store");
    }

    // In English too.
    b.get("/taal/en?terug=/zorgpagina").await;
    let en = b.get("/zorgpagina").await;
    assert!(en.body.contains(">Care plan</h3>") && en.body.contains(">Reports</h3>"));
    assert!(en.body.contains(
        "aria-label=\"Vragenlijst OQ-45, totaalscore from 88 punten on 25 August to 70 punten on 16 November\""
    ));
}

#[tokio::test]
async fn the_care_page_shows_plans_reports_documents_and_measurements() {
    shows_everything(&world().await).await;
}

#[tokio::test]
async fn the_care_page_shows_everything_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    shows_everything(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn another_account_gets_not_found_exactly_like_a_missing_id() {
    let w = world().await;
    let letters = w.letters("valid", "client");
    let (mine, theirs) = (
        letters[0],
        letters
            .iter()
            .find(|l| l.provider != letters[0].provider)
            .unwrap(),
    );
    let mut a = w
        .register_verified(mine, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = a.get("/zorgpagina").await.body;
    let report = links(&care, "/zorgpagina/verslagen/").remove(0);
    let document = links(&care, "/zorgpagina/documenten/").remove(0);
    assert_eq!(a.get(&document).await.status, StatusCode::OK);

    let mut b = w
        .register_verified(theirs, "daan@voorbeeld.example", PASSWORD)
        .await;
    for (taken, prefix) in [
        (&report, "/zorgpagina/verslagen/"),
        (&document, "/zorgpagina/documenten/"),
    ] {
        let id = taken.trim_start_matches(prefix);
        let random = uuid_like();
        let theirs = b.get(taken).await;
        let missing = b.get(&format!("{prefix}{random}")).await;
        let nonsense = b.get(&format!("{prefix}niet-een-id")).await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(nonsense.status, StatusCode::NOT_FOUND);
        assert_eq!(without(&theirs, id), without(&missing, &random));
        assert_eq!(without(&theirs, id), without(&nonsense, "niet-een-id"));
        assert!(!theirs.body.contains("%PDF") && !theirs.body.contains("Het slapen"));
    }
    // Logged out: to the login page, nothing else.
    let mut stranger = Browser::new(&w.t);
    let r = stranger.get(&document).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/inloggen");
}

fn uuid_like() -> String {
    zk_domain::DocumentId::new().to_string()
}

#[tokio::test]
async fn without_a_second_factor_nothing_shows_and_downloads_are_refused() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut b = w
        .register(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let record = record_of(&w, &letter.provider, &letter.client_number).await;
    let store = &w.t.app.store;
    let report = store
        .list_reports(record.id, &PageRequest::first(1))
        .await
        .unwrap()
        .items
        .remove(0);
    let document = store
        .list_documents(record.id, &PageRequest::first(1))
        .await
        .unwrap()
        .items
        .remove(0);

    let care = b.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Voeg je telefoonnummer toe"));
    for hidden in [
        "Zorgplan",
        "Behandelplan",
        "Ik slaap weer",
        "Verslagen",
        "Tussenevaluatie",
        "Documenten",
        "/zorgpagina/documenten/",
        "Metingen",
        "OQ-45",
        "<svg",
        "Jouw behandelaar",
    ] {
        assert!(
            !care.body.contains(hidden),
            "{hidden} shown without a second factor"
        );
    }
    let r = b
        .get(&format!("/zorgpagina/documenten/{}", document.id))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("%PDF"));
    let r = b.get(&format!("/zorgpagina/verslagen/{}", report.id)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains(&report.body[..20]));
}

/// Gives `account_email`'s account a second care page, connected with `letter` (the product
/// cannot make one yet: SPEC S3 is still to come). Written straight into the SQLite file.
async fn second_page(
    w: &World,
    account_email: &str,
    letter: &zk_app::demo::DemoLetter,
) -> CarePageId {
    let store = &w.t.app.store;
    let account = store
        .find_account_by_email(account_email)
        .await
        .unwrap()
        .unwrap();
    let page = CarePageId::new();
    let db = w.t.dir.path().join("db.sqlite");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO care_pages (id, first_name, last_name, birth_date, beheerder_id, created_at)
         VALUES ($1, 'Opa', 'Jansen', NULL, $2, $3)",
    )
    .bind(page.0)
    .bind(account.id.0)
    .bind(w.t.app.now().as_microsecond())
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let record = record_of(w, &letter.provider, &letter.client_number).await;
    let issued = store
        .list_letters_for_client(record.id, &PageRequest::first(1))
        .await
        .unwrap()
        .items
        .remove(0);
    let outcome = store
        .add_connection(
            &Connection {
                id: ConnectionId::new(),
                care_page_id: page,
                provider_id: record.provider_id,
                client_record_id: record.id,
                letter_id: issued.id,
                connected_at: w.t.app.now(),
            },
            w.t.app.now(),
            &[],
            zk_store::Audit::NONE,
        )
        .await
        .unwrap();
    assert_eq!(outcome, zk_store::ConnectOutcome::Connected);
    page
}

#[tokio::test]
async fn the_switcher_selects_a_page_and_refuses_someone_elses() {
    let w = world().await;
    let letters = w.letters("valid", "client");
    let own = letters[0];
    let helped = letters.iter().find(|l| l.provider != own.provider).unwrap();
    let other = letters
        .iter()
        .find(|l| l.provider != own.provider && l.provider != helped.provider)
        .unwrap();
    let mut a = w
        .register_verified(own, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let first = a.get("/zorgpagina").await.body;
    let own_page = links(&first, "/zorgpagina?pagina=");
    assert!(own_page.is_empty(), "one care page: no switcher");
    let opa = second_page(&w, "sanne@voorbeeld.example", helped).await;

    let care = a.get("/zorgpagina").await;
    assert!(
        care.body
            .contains("<h2 id=\"pagina-kiezen\">Je beheert deze zorgpagina&#39;s</h2>")
            || care
                .body
                .contains("<h2 id=\"pagina-kiezen\">Je beheert deze zorgpagina's</h2>")
    );
    let pages = links(&care.body, "/zorgpagina?pagina=");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1], format!("/zorgpagina?pagina={opa}"));
    assert!(
        care.body
            .contains("aria-current=\"page\"><strong>Sanne de Vries</strong>")
    );
    assert!(care.body.contains(&own.provider) && !care.body.contains(&helped.provider));

    let chosen = a.get(&pages[1]).await;
    assert_eq!(chosen.status, StatusCode::OK);
    assert!(chosen.body.contains("Zorgpagina: Opa Jansen"));
    assert!(
        chosen
            .body
            .contains(&format!("<h2 id=\"aanbieder-1\">{}</h2>", helped.provider))
    );
    assert!(
        !chosen
            .body
            .contains(&format!("<h2 id=\"aanbieder-1\">{}</h2>", own.provider))
    );
    assert!(
        chosen
            .body
            .contains("aria-current=\"page\"><strong>Opa Jansen</strong>")
    );
    // The helped person's records open for their beheerder.
    let document = links(&chosen.body, "/zorgpagina/documenten/").remove(0);
    assert!(a.get(&document).await.body.starts_with("%PDF"));
    let report = links(&chosen.body, "/zorgpagina/verslagen/").remove(0);
    assert!(
        a.get(&report)
            .await
            .body
            .contains(&format!("Van {}", helped.provider))
    );

    // Someone else's page id is "not found", like an id that does not exist.
    let mut b = w
        .register_verified(other, "daan@voorbeeld.example", PASSWORD)
        .await;
    let foreign = b.get(&format!("/zorgpagina?pagina={opa}")).await;
    let random_id = CarePageId::new().to_string();
    let random = b.get(&format!("/zorgpagina?pagina={random_id}")).await;
    let nonsense = b.get("/zorgpagina?pagina=opa").await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(random.status, StatusCode::NOT_FOUND);
    assert_eq!(nonsense.status, StatusCode::NOT_FOUND);
    assert_eq!(foreign.body, random.body);
    assert!(!foreign.body.contains("Opa") && !foreign.body.contains(&helped.provider));
    assert!(b.get(&document).await.status == StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reports_page_on_across_the_page_boundary() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let record = record_of(&w, &letter.provider, &letter.client_number).await;
    // Three from the demo, four more, all older: seven in all, five per page.
    for n in 1..=4 {
        zk_app::care::add_report(
            &w.t.app,
            record.id,
            None,
            format!("2026-0{n}-10T09:00:00Z").parse().unwrap(),
            &format!("Oud verslag {n}"),
            "Tekst.",
        )
        .await
        .unwrap();
    }
    let mut b = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let first = b.get("/zorgpagina").await;
    let page_one = links(&first.body, "/zorgpagina/verslagen/");
    assert_eq!(page_one.len(), 5);
    assert!(first.body.contains("Oud verslag 4") && first.body.contains("Oud verslag 3"));
    assert!(!first.body.contains("Oud verslag 2"));
    let more = links(&first.body, "/zorgpagina?koppeling=")
        .into_iter()
        .find(|l| l.contains("verslagen_na="))
        .unwrap();
    assert!(first.body.contains("Meer verslagen"));
    assert!(more.contains("#verslagen-"), "back at the reports: {more}");
    let second = b.get(more.split('#').next().unwrap()).await;
    assert_eq!(second.status, StatusCode::OK);
    let page_two = links(&second.body, "/zorgpagina/verslagen/");
    assert_eq!(page_two.len(), 2);
    assert!(second.body.contains("Oud verslag 2") && second.body.contains("Oud verslag 1"));
    assert!(!second.body.contains("Oud verslag 3") && !second.body.contains("Tussenevaluatie"));
    assert!(
        !second.body.contains("Meer verslagen"),
        "the last page has no link further"
    );
    assert!(page_one.iter().all(|r| !page_two.contains(r)));
    // The other lists stay on their first page meanwhile.
    assert!(second.body.contains("Behandelplan.pdf") && second.body.contains("<svg"));
    // An edited cursor starts again at the first page.
    let edited = b
        .get(&format!("{}x", more.split('#').next().unwrap()))
        .await;
    assert_eq!(edited.header("location"), "/zorgpagina");
}
