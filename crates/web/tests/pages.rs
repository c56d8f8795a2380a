//! The web shell as a browser meets it: the home page, help, language switch, error pages,
//! and the headers every response carries.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::TestApp;

#[tokio::test]
async fn the_home_page_offers_account_creation_and_login_in_dutch() {
    let t = TestApp::new(false).await;
    let r = t.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/html"));
    assert!(r.body.contains("<html lang=\"nl\">"));
    assert!(r.body.contains("Welkom bij Zorgkring"));
    assert!(r.body.contains(
        "class=\"button button-primary\" href=\"/account-aanmaken\">Account aanmaken</a>"
    ));
    assert!(r.body.contains(">Inloggen</a>"));
    // The round blue help button, on every page.
    assert!(
        r.body
            .contains("class=\"help-button\" href=\"/hulp?over=/\"")
    );
    let missing = t.get("/bestaat-niet").await;
    assert!(
        missing
            .body
            .contains("class=\"help-button\" href=\"/hulp?over=/bestaat-niet\"")
    );
}

#[tokio::test]
async fn the_brand_name_is_configurable() {
    let t = TestApp::with_config(false, |mut c| {
        c.brand = "Zorgportaal Oost".into();
        c
    })
    .await;
    let r = t.get("/").await;
    assert!(r.body.contains("Welkom bij Zorgportaal Oost"));
    assert!(!r.body.contains("Zorgkring"));
}

#[tokio::test]
async fn english_is_one_click_away_and_remembered() {
    let t = TestApp::new(false).await;
    let r = t.get("/taal/en?terug=/hulp").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/hulp");
    let cookie = r.header("set-cookie").to_owned();
    assert!(cookie.starts_with("zk_lang=en"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap();
    let home = t.get_with_cookie("/", cookie).await;
    assert!(home.body.contains("<html lang=\"en\">"));
    assert!(home.body.contains(">Create account</a>"));
    assert!(home.body.contains(">Nederlands</a>"));
    // No open redirect through the switch.
    let r = t.get("/taal/nl?terug=//evil.example").await;
    assert_eq!(r.header("location"), "/");
}

#[tokio::test]
async fn the_browsers_language_is_used_until_one_is_chosen() {
    let t = TestApp::new(false).await;
    let with = |accept: &'static str, cookie: Option<&'static str>| {
        let mut b = Request::get("/").header("accept-language", accept);
        if let Some(c) = cookie {
            b = b.header("cookie", c);
        }
        b.body(Body::empty()).unwrap()
    };
    let english = t.send(with("en-GB,en;q=0.9,nl;q=0.8", None)).await;
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english.body.contains(">Create account</a>"));
    let dutch = t.send(with("nl-BE,nl;q=0.9,en;q=0.5", None)).await;
    assert!(dutch.body.contains("<html lang=\"nl\">"));
    // Neither of ours: Dutch, the default.
    let other = t.send(with("fr-FR,de;q=0.5", None)).await;
    assert!(other.body.contains("<html lang=\"nl\">"));
    // A language chosen with the switch wins over the browser's.
    let chosen = t.send(with("en-GB", Some("zk_lang=nl"))).await;
    assert!(chosen.body.contains("<html lang=\"nl\">"));
}

#[tokio::test]
async fn help_names_the_platform_support_and_every_secretariat() {
    let t = TestApp::new(false).await;
    zk_app::demo::seed(&t.app).await.unwrap();
    let r = t.get("/hulp").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Stuur een e-mail naar: <a href=\"mailto:support@zorgkring.example\">support@zorgkring.example</a>")
    );
    assert!(
        r.body
            .contains("Neem contact op met het secretariaat van je zorgaanbieder.")
    );
    assert!(r.body.contains("Vraag het aan je behandelaar."));
    assert!(r.body.contains("Ik ben mijn wachtwoord vergeten. Wat nu?"));
    for (name, phone_link) in [
        ("GGZ Rivierenland", "tel:0881234500"),
        ("Stichting Het Anker", "tel:0570223344"),
    ] {
        assert!(r.body.contains(name), "{name}");
        assert!(r.body.contains(phone_link), "{phone_link}");
    }
}

#[tokio::test]
async fn unknown_pages_get_a_plain_dutch_404() {
    let t = TestApp::new(false).await;
    let r = t.get("/bestaat-niet").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Deze pagina bestaat niet"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = TestApp::new(false).await;
    for path in ["/", "/hulp", "/bestaat-niet", "/healthz", "/static/app.css"] {
        let r = t.get(path).await;
        let csp = r.header("content-security-policy");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(r.header("x-frame-options"), "DENY", "{path}");
        assert!(
            r.header("strict-transport-security").is_empty(),
            "no HSTS over plain http"
        );
        assert!(!r.header("x-request-id").is_empty(), "{path}: request id");
        let cache = r.header("cache-control");
        if path.starts_with("/static/") {
            assert!(cache.starts_with("public"), "{path}: {cache}");
        } else {
            assert_eq!(cache, "no-store", "{path}");
        }
    }
}

#[tokio::test]
async fn hsts_is_sent_when_served_over_tls() {
    let t = TestApp::with_config(false, |mut c| {
        c.public_url = "https://zorg.example.nl".into();
        c
    })
    .await;
    let r = t.get("/").await;
    assert!(r.header("strict-transport-security").contains("max-age="));
}

#[tokio::test]
async fn a_given_request_id_is_kept() {
    let t = TestApp::new(false).await;
    let r = t
        .send(
            Request::get("/")
                .header("x-request-id", "abc-123")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.header("x-request-id"), "abc-123");
}

#[tokio::test]
async fn cross_site_posts_are_refused_with_a_page() {
    let t = TestApp::new(false).await;
    let cross = Request::post("/hulp")
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let r = t.send(cross).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Dit verzoek is geweigerd"));
    assert!(
        r.header("content-security-policy")
            .contains("frame-ancestors")
    );
    let same = Request::post("/hulp")
        .header("sec-fetch-site", "same-origin")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(same).await.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let t = TestApp::new(false).await;
    let r = t.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok\n"));
}

#[tokio::test]
async fn static_assets_are_embedded() {
    let t = TestApp::new(false).await;
    let css = t.get("/static/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.body.contains(".help-button"));
    assert_eq!(
        t.get("/static/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_help_button_opens_help_for_the_page_and_the_questions_can_be_searched() {
    let t = TestApp::new(false).await;
    let login = t.get("/inloggen").await;
    assert!(
        login.body.contains("href=\"/hulp?over=/inloggen\""),
        "the help button names the page it was pressed on"
    );
    let help = t.get("/hulp?over=/inloggen").await;
    assert!(
        help.body
            .contains("Log in met je e-mailadres en wachtwoord.")
    );
    let help = t.get("/hulp?over=%2Faccount-aanmaken%2Fnaam").await;
    assert_eq!(help.status, StatusCode::OK);
    assert!(help.body.contains("Hulp bij deze pagina"));
    assert!(
        help.body
            .contains("Je maakt een account in een paar stappen.")
    );
    assert!(help.body.matches("<details class=\"faq\">").count() >= 25);

    let found = t.get("/hulp?zoek=VERLOPEN+code").await;
    let shown = found.body.matches("<details class=\"faq\">").count();
    assert!((1..25).contains(&shown), "{shown}");
    assert!(found.body.contains("Mijn code is verlopen. Wat nu?"));
    assert!(
        !found
            .body
            .contains("Hoe log ik uit op een andere computer?")
    );
    assert!(found.body.contains("value=\"VERLOPEN code\""));

    let none = t.get("/hulp?zoek=%3Cscript%3Exyz").await;
    assert_eq!(none.body.matches("<details class=\"faq\">").count(), 0);
    assert!(none.body.contains("Er zijn geen vragen gevonden met"));
    assert!(!none.body.contains("<script>xyz"), "the search is escaped");

    // A page without help of its own shows the questions only.
    let plain = t.get("/hulp?over=%2Fonbekend").await;
    assert!(!plain.body.contains("Hulp bij deze pagina"));
}
