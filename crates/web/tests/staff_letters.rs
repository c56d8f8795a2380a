//! Letters in the staff area (SPEC S8), through HTTP: making a new letter revokes the old code
//! (the old code is refused at registration, the new one works), the letters overview with its
//! status filter and the "expires within 7 days" list (its exact boundary, with a moved clock),
//! batches of letters as one PDF (one letter per client, at most 200 clients, all or nothing),
//! and another provider's letters and batches answering 404 like missing ones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use jiff::SignedDuration;
use support::Browser;
use support::world::{World, dutch, world, world_with};
use tower::ServiceExt;
use zk_app::clients::{NewClient, register_client};
use zk_app::letter_print::issue_letter_batch;
use zk_app::staff::LetterSite;
use zk_domain::page::PageRequest;
use zk_domain::{BirthDate, ClientRecordId, ProviderId};

const BORN: &str = "1988-04-12";

/// The demo staff member of provider `index`, logged in with the SMS code.
async fn staff(w: &World, index: usize) -> Browser<'_> {
    let p = &w.demo.providers[index];
    // The SMS limit lets one code out per 30 seconds.
    w.t.clock.advance(SignedDuration::from_secs(31));
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[("email", &p.staff_email), ("wachtwoord", &p.staff_password)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    b
}

fn provider_id(w: &World, index: usize) -> ProviderId {
    w.demo.providers[index].id.parse().unwrap()
}

/// Registers a client record of provider `index` directly (the form has its own tests).
async fn add_client(w: &World, index: usize, number: &str, last_name: &str) -> ClientRecordId {
    register_client(
        &w.t.app,
        zk_app::audit::staff_changes::By::Operator,
        provider_id(w, index),
        NewClient {
            client_number: number.into(),
            first_name: "Sanne".into(),
            last_name: last_name.into(),
            birth_date: BirthDate::parse_iso(BORN).unwrap(),
            email: None,
            address: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// A GET whose body stays bytes (a PDF).
async fn get_bytes(b: &Browser<'_>, path: &str) -> (StatusCode, Vec<u8>) {
    let cookie = b
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut request = Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [127, 0, 0, 1],
            40000,
        ))));
    let response = b.app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, bytes.to_vec())
}

/// The text of each page of a PDF, whitespace collapsed.
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let count = u32::try_from(doc.get_pages().len()).unwrap();
    (1..=count)
        .map(|n| {
            let text = doc.extract_text(&[n]).unwrap();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The code printed on a page: three groups of 3, 3 and 4 digits.
fn code_on(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let digits = |w: &str, n: usize| w.len() == n && w.bytes().all(|b| b.is_ascii_digit());
    words
        .windows(3)
        .find(|w| digits(w[0], 3) && digits(w[1], 3) && digits(w[2], 4))
        .map(|w| w.concat())
        .unwrap_or_else(|| panic!("no code on the page: {text}"))
}

/// The first link (`href`) or form target (`action`) in `body` that satisfies `wanted`.
fn link(body: &str, attribute: &str, wanted: impl Fn(&str) -> bool) -> String {
    body.split(&format!("{attribute}=\""))
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|h| wanted(h))
        .unwrap_or_else(|| panic!("no {attribute} found in {body}"))
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// Types `code` with the client's birth date on the registration's code page.
async fn redeem(w: &World, code: &str, email: &str) -> support::Reply {
    let mut b = w.up_to_code(email).await;
    b.post(
        "/account-aanmaken/code",
        &[("code", code), ("geboortedatum", &dutch(BORN))],
    )
    .await
}

/// The letter's code, read from the PDF the client page offers.
async fn newest_code(b: &mut Browser<'_>, client_page: &str) -> String {
    let page = b.get(client_page).await;
    let pdf = link(&page.body, "href", |h| h.ends_with(".pdf"));
    let (status, bytes) = get_bytes(b, &pdf).await;
    assert_eq!(status, StatusCode::OK);
    let pages = pdf_pages(&bytes);
    assert_eq!(pages.len(), 1);
    code_on(&pages[0])
}

#[tokio::test]
async fn a_new_letter_replaces_the_old_code() {
    a_new_letter_replaces_the_old_code_on(&world().await).await;
}

#[tokio::test]
async fn a_new_letter_replaces_the_old_code_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_new_letter_replaces_the_old_code_on(&w).await;
    w.t.finish().await;
}

async fn a_new_letter_replaces_the_old_code_on(w: &World) {
    let own = provider_id(w, 0);
    let client = add_client(w, 0, "R-1", "Vervanger").await;
    let client_page = format!("/zorgaanbieder/{own}/clienten/{client}");
    let mut b = staff(w, 0).await;

    let r = b.get(&client_page).await;
    assert!(r.body.contains(">Brief maken<"), "{}", r.body);
    assert!(!r.body.contains("Nieuwe brief maken"));
    let r = b.post(&format!("{client_page}/brief"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), client_page);
    assert!(
        !b.get(&client_page)
            .await
            .body
            .contains("De nieuwe brief is gemaakt")
    );
    let old = newest_code(&mut b, &client_page).await;

    // With a valid letter the one button makes a new letter in its place.
    let r = b.get(&client_page).await;
    assert!(r.body.contains("Nieuwe brief maken"), "{}", r.body);
    assert!(
        r.body
            .contains("dan werkt de code in de oude brief niet meer")
    );
    w.t.clock.advance(SignedDuration::from_mins(1));
    let r = b.post(&format!("{client_page}/brief"), &[]).await;
    assert_eq!(
        r.header("location"),
        format!("{client_page}?brief=vervangen")
    );
    let r = b.get(r.header("location")).await;
    assert!(
        r.body
            .contains("De nieuwe brief is gemaakt. De code in de oude brief werkt niet meer."),
        "{}",
        r.body
    );
    assert!(r.body.contains("Ingetrokken"));
    assert_eq!(r.body.matches(">Geldig<").count(), 1, "{}", r.body);
    let new = newest_code(&mut b, &client_page).await;
    assert_ne!(old, new);

    // The old code is refused at registration; the new one is accepted.
    let r = redeem(w, &old, "oud@voorbeeld.example").await;
    assert!(r.body.contains("Deze brief geldt niet meer."), "{}", r.body);
    let r = redeem(w, &new, "nieuw@voorbeeld.example").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), "/account-aanmaken/koppeling");
}

/// The part of the overview between two headings.
fn section<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body.find(from).unwrap();
    let end = body[start..].find(to).map_or(body.len(), |e| start + e);
    &body[start..end]
}

#[tokio::test]
async fn the_overview_filters_by_status_and_lists_what_expires_within_7_days() {
    let w = world().await;
    let own = provider_id(&w, 0);
    let other = provider_id(&w, 1);
    let client = add_client(&w, 0, "G-1", "Grensgeval").await;
    let used = add_client(&w, 0, "G-2", "Klaassen").await;
    let stranger = add_client(&w, 1, "V-1", "Vreemdeling").await;
    let mut b = staff(&w, 0).await;
    let overview = format!("/zorgaanbieder/{own}/brieven");
    let issued_at = w.t.app.now();
    b.post(
        &format!("/zorgaanbieder/{own}/clienten/{client}/brief"),
        &[],
    )
    .await;
    let used_page = format!("/zorgaanbieder/{own}/clienten/{used}");
    b.post(&format!("{used_page}/brief"), &[]).await;
    let used_code = newest_code(&mut b, &used_page).await;
    let other_provider = w.t.app.store.get_provider(other).await.unwrap().unwrap();
    zk_app::staff::issue_letter_with_pdf(
        &w.t.app,
        zk_app::audit::staff_changes::By::Operator,
        &other_provider,
        stranger,
        &site(),
    )
    .await
    .unwrap();
    // The second client uses the code: the registration marks the letter used.
    let mut r = w.up_to_code("gebruikt@voorbeeld.example").await;
    r.post_to(
        "/account-aanmaken/code",
        &[("code", &used_code), ("geboortedatum", &dutch(BORN))],
        "/account-aanmaken/koppeling",
    )
    .await;
    r.post_to(
        "/account-aanmaken/koppeling",
        &[("klopt", "ja")],
        "/account-aanmaken/controle",
    )
    .await;
    r.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let activation = w.activation_path().await;
    r.post_to(&activation, &[], "/account-aanmaken/wachtwoord")
        .await;
    r.post_to(
        "/account-aanmaken/wachtwoord",
        &[
            ("wachtwoord", "zonnebloem kikker winter"),
            ("herhaling", "zonnebloem kikker winter"),
        ],
        "/account-aanmaken/klaar",
    )
    .await;

    // Newest first, with client, status and the PDF while it is there.
    let page = b.get(&overview).await;
    assert_eq!(page.status, StatusCode::OK);
    let all = section(&page.body, "Alle brieven", "</table>");
    let (first, second) = (
        all.find("Klaassen").unwrap(),
        all.find("Grensgeval").unwrap(),
    );
    assert!(first < second, "newest first");
    assert!(all.contains("<td>Gebruikt</td>") && all.contains("<td>Geldig</td>"));
    assert!(all.matches("Brief downloaden (pdf)").count() >= 2);
    assert!(
        !page.body.contains("Vreemdeling"),
        "another provider's letter"
    );
    for (filter, shown, hidden) in [
        ("uitgegeven", "Grensgeval", "Klaassen"),
        ("gebruikt", "Klaassen", "Grensgeval"),
    ] {
        let r = b.get(&format!("{overview}?status={filter}")).await;
        let list = section(&r.body, "Alle brieven", "</main>");
        assert!(list.contains(shown), "{filter}: {}", r.body);
        assert!(!list.contains(hidden), "{filter}");
    }
    let r = b.get(&format!("{overview}?status=ingetrokken")).await;
    assert!(!section(&r.body, "Alle brieven", "</main>").contains("Grensgeval"));
    let r = b.get(&format!("{overview}?status=kwijt")).await;
    assert!(r.body.contains("Deze keuze bestaat niet."), "{}", r.body);
    let r = b.get(&format!("{overview}?na=rommel")).await;
    assert!(r.body.contains("Deze lijst is verouderd."));

    // Expiring: after now and at most 7 days from now. The letter expires 30 days after issue.
    let expires = issued_at + SignedDuration::from_hours(24 * 30);
    let week = SignedDuration::from_hours(24 * 7);
    let expiring = |body: &str| {
        section(body, "Verloopt binnen 7 dagen", "Alle brieven").contains("Grensgeval")
    };
    // Each pair of moments one second apart, seen in one login (which takes 31 seconds).
    let second = SignedDuration::from_secs(1);
    for (at, before, after) in [
        (expires - week - second, false, true),
        (expires - second, true, false),
    ] {
        w.t.clock.set(at - SignedDuration::from_secs(31));
        let mut b = staff(&w, 0).await;
        assert_eq!(w.t.app.now(), at);
        let page = b.get(&overview).await;
        assert_eq!(expiring(&page.body), before, "at {at}: {}", page.body);
        w.t.clock.advance(second);
        let page = b.get(&overview).await;
        assert_eq!(expiring(&page.body), after, "at {at} + 1s: {}", page.body);
        let expired = b.get(&format!("{overview}?status=verlopen")).await;
        let expired = section(&expired.body, "Alle brieven", "</main>").contains("Grensgeval");
        assert_eq!(expired, w.t.app.now() >= expires, "at {at} + 1s");
    }
}

fn site() -> LetterSite<'static> {
    LetterSite {
        public_url: "http://127.0.0.1:8080",
        brand_name: "Zorgkring",
    }
}

#[tokio::test]
async fn a_batch_is_one_pdf_with_a_letter_per_client() {
    a_batch_is_one_pdf_with_a_letter_per_client_on(&world().await).await;
}

#[tokio::test]
async fn a_batch_is_one_pdf_with_a_letter_per_client_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    a_batch_is_one_pdf_with_a_letter_per_client_on(&w).await;
    w.t.finish().await;
}

async fn a_batch_is_one_pdf_with_a_letter_per_client_on(w: &World) {
    let own = provider_id(w, 0);
    let names = ["Stapel", "Stapelaar", "Stapelberg"];
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        ids.push(add_client(w, 0, &format!("S-{i}"), name).await);
    }
    let mut b = staff(w, 0).await;
    // The first already has a letter: the batch replaces it.
    let first_page = format!("/zorgaanbieder/{own}/clienten/{}", ids[0]);
    b.post(&format!("{first_page}/brief"), &[]).await;
    let replaced = newest_code(&mut b, &first_page).await;

    // The search page offers a tick box per client and both buttons.
    let search = b
        .get(&format!("/zorgaanbieder/{own}/clienten?zoek=stapel"))
        .await;
    for id in &ids {
        assert!(
            search
                .body
                .contains(&format!("name=\"client\" value=\"{id}\""))
        );
    }
    assert!(
        search
            .body
            .contains("Brieven maken voor alle cliënten op deze pagina")
    );
    let action = link(&search.body, "action", |a| a.ends_with("/stapels"));

    // Nothing ticked: a clear message, nothing made.
    let r = b.post(&action, &[("welke", "gekozen")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Je hebt geen cliënt aangevinkt."),
        "{}",
        r.body
    );

    // Two ticked (of the three on the page).
    let ticked = [
        ("client", ids[0].to_string()),
        ("client", ids[2].to_string()),
        ("op_pagina", ids[0].to_string()),
        ("op_pagina", ids[1].to_string()),
        ("op_pagina", ids[2].to_string()),
        ("welke", "gekozen".to_owned()),
    ];
    let form: Vec<(&str, &str)> = ticked.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post(&action, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let batch_page = r.header("location").to_owned();
    let r = b.get(&batch_page).await;
    assert!(r.body.contains("Aantal gemaakte brieven: 2."), "{}", r.body);
    let pdf_path = link(&r.body, "href", |h| h.ends_with("/pdf"));
    let (status, pdf) = get_bytes(&b, &pdf_path).await;
    assert_eq!(status, StatusCode::OK);
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 2, "one page per letter");
    assert!(pages[0].contains("Beste Sanne Stapel,"), "{}", pages[0]);
    assert!(pages[1].contains("Beste Sanne Stapelberg,"), "{}", pages[1]);
    let codes: Vec<String> = pages.iter().map(|p| code_on(p)).collect();
    assert_ne!(codes[0], codes[1]);

    // Each client page shows its new letter; its download leads to the batch's PDF.
    let r = b.get(&first_page).await;
    assert!(r.body.contains("Ingetrokken"));
    let letter_pdf = link(&r.body, "href", |h| h.ends_with(".pdf"));
    let r = b.get(&letter_pdf).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), pdf_path);
    let untouched = b
        .get(&format!("/zorgaanbieder/{own}/clienten/{}", ids[1]))
        .await;
    assert!(untouched.body.contains("Er zijn nog geen brieven"));

    // The batch's codes work; the replaced letter's code does not.
    let r = redeem(w, &replaced, "vervangen@voorbeeld.example").await;
    assert!(r.body.contains("Deze brief geldt niet meer."), "{}", r.body);
    let r = redeem(w, &codes[1], "stapel@voorbeeld.example").await;
    assert_eq!(r.header("location"), "/account-aanmaken/koppeling");

    // "Every client on this page" takes the hidden list, whatever is ticked.
    let whole = [
        ("client", ids[0].to_string()),
        ("op_pagina", ids[0].to_string()),
        ("op_pagina", ids[1].to_string()),
        ("op_pagina", ids[2].to_string()),
        ("welke", "pagina".to_owned()),
    ];
    let form: Vec<(&str, &str)> = whole.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post(&action, &form).await;
    let r = b.get(r.header("location")).await;
    assert!(r.body.contains("Aantal gemaakte brieven: 3."), "{}", r.body);
    let whole_pdf = link(&r.body, "href", |h| h.ends_with("/pdf"));
    let (_, pdf) = get_bytes(&b, &whole_pdf).await;
    assert_eq!(pdf_pages(&pdf).len(), 3);

    // After 24 hours the PDF is gone, with what to do instead.
    w.t.clock.advance(SignedDuration::from_hours(24));
    let mut b = staff(w, 0).await;
    let gone = b.get(&whole_pdf).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(
        gone.body.contains("Maak dan een nieuwe brief"),
        "{}",
        gone.body
    );
    let batch_page = whole_pdf.trim_end_matches("/pdf");
    let r = b.get(batch_page).await;
    assert!(!r.body.contains("Alle brieven downloaden"));
}

#[tokio::test]
async fn a_batch_holds_at_most_200_clients_and_is_all_or_nothing() {
    let w = world().await;
    let own = provider_id(&w, 0);
    let mut ids = Vec::new();
    for i in 0..201 {
        ids.push(add_client(&w, 0, &format!("M-{i:03}"), "Massa").await);
    }
    let stranger = add_client(&w, 1, "V-1", "Vreemdeling").await;
    let mut b = staff(&w, 0).await;
    let action = format!("/zorgaanbieder/{own}/stapels");
    let form = |ids: &[ClientRecordId]| -> Vec<(String, String)> {
        ids.iter()
            .map(|id| ("client".to_owned(), id.to_string()))
            .chain([("welke".to_owned(), "gekozen".to_owned())])
            .collect()
    };
    let letters_of = |id: ClientRecordId| {
        let store = w.t.app.store.clone();
        async move {
            store
                .list_letters_for_client(id, &PageRequest::first(5))
                .await
                .unwrap()
                .items
                .len()
        }
    };

    // 201: refused with the limit named, and nothing made.
    let over = form(&ids);
    let pairs: Vec<(&str, &str)> = over.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = b.post(&action, &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Je kunt voor hoogstens 200 cliënten tegelijk brieven maken."),
        "{}",
        r.body
    );
    assert_eq!(letters_of(ids[0]).await, 0);

    // Another provider's client among them: 404 like a missing one, and nothing made.
    let mixed = form(&[ids[0], stranger]);
    let pairs: Vec<(&str, &str)> = mixed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(b.post(&action, &pairs).await.status, StatusCode::NOT_FOUND);
    assert_eq!(letters_of(ids[0]).await, 0);
    let garbage = [("client", "geen-id"), ("welke", "gekozen")];
    assert_eq!(
        b.post(&action, &garbage).await.status,
        StatusCode::NOT_FOUND
    );

    // Exactly 200: one PDF of 200 letters.
    let full = form(&ids[..200]);
    let pairs: Vec<(&str, &str)> = full.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = b.post(&action, &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = b.get(r.header("location")).await;
    assert!(r.body.contains("Aantal gemaakte brieven: 200."));
    let pdf_path = link(&r.body, "href", |h| h.ends_with("/pdf"));
    let (_, pdf) = get_bytes(&b, &pdf_path).await;
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 200);
    let codes: std::collections::HashSet<String> = pages.iter().map(|p| code_on(p)).collect();
    assert_eq!(codes.len(), 200, "every letter has its own code");
    assert_eq!(letters_of(ids[199]).await, 1);
    assert_eq!(letters_of(ids[200]).await, 0);
}

#[tokio::test]
async fn another_providers_letters_and_batches_are_not_found() {
    let w = world().await;
    let own = provider_id(&w, 0);
    let other = provider_id(&w, 1);
    let stranger = add_client(&w, 1, "V-1", "Vreemdeling").await;
    let other_provider = w.t.app.store.get_provider(other).await.unwrap().unwrap();
    let foreign_batch = issue_letter_batch(
        &w.t.app,
        zk_app::audit::staff_changes::By::Operator,
        &other_provider,
        [stranger],
        &site(),
    )
    .await
    .unwrap();
    let foreign_letter =
        w.t.app
            .store
            .list_letters_for_client(stranger, &PageRequest::first(1))
            .await
            .unwrap()
            .items[0]
            .id;
    let mut b = staff(&w, 0).await;
    let missing = zk_domain::letter_batch::LetterBatchId::new();
    for path in [
        format!("/zorgaanbieder/{own}/stapels/{}", foreign_batch.id),
        format!("/zorgaanbieder/{own}/stapels/{}/pdf", foreign_batch.id),
        format!("/zorgaanbieder/{own}/stapels/{missing}"),
        format!("/zorgaanbieder/{own}/stapels/{missing}/pdf"),
        format!("/zorgaanbieder/{own}/stapels/geen-id"),
        format!("/zorgaanbieder/{own}/brieven/{foreign_letter}.pdf"),
        format!("/zorgaanbieder/{other}/stapels/{}", foreign_batch.id),
        format!("/zorgaanbieder/{other}/stapels/{}/pdf", foreign_batch.id),
        format!("/zorgaanbieder/{other}/brieven"),
    ] {
        let r = b.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("Vreemdeling"), "{path}");
    }
    let r = b
        .post(
            &format!("/zorgaanbieder/{own}/brieven/{foreign_letter}/intrekken"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let still =
        w.t.app
            .store
            .get_letter(foreign_letter)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(still.state, zk_domain::letter::LetterState::Issued);
}
