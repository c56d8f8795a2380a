#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! Help (SPEC S10): the seed texts' instructions as pages with a screenshot per step, linked from
//! the help page and from the help of the matching pages; the contact routes, with the
//! secretariats of the user's own providers; refused forms pointing at their field.

mod support;

use axum::http::StatusCode;
use support::network::{beheerder, network};
use support::world::{World, world, world_with};
use support::{Browser, TestApp};

const GUIDES: [(&str, usize); 4] = [
    ("account-aanmaken", 15),
    ("voor-iemand-anders", 8),
    ("connecties", 5),
    ("naasten-uitnodigen", 5),
];

/// Every value of `attr="…"` in `html`, in order.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let start = format!("{attr}=\"");
    html.split(start.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[tokio::test]
async fn every_instruction_is_linked_from_help_and_every_picture_it_shows_is_served() {
    let t = TestApp::new(false).await;
    for (cookie, lang) in [("zk_lang=nl", "nl"), ("zk_lang=en", "en")] {
        let help = t.get_with_cookie("/hulp", cookie).await;
        for (slug, steps) in GUIDES {
            let href = format!("/hulp/instructie/{slug}");
            assert!(
                help.body.contains(&format!("href=\"{href}\"")),
                "{lang} {slug}"
            );
            let guide = t.get_with_cookie(&href, cookie).await;
            assert_eq!(guide.status, StatusCode::OK, "{lang} {slug}");
            assert!(guide.body.contains(&format!("<html lang=\"{lang}\">")));
            assert!(
                !guide.body.contains("hguide-"),
                "a missing text on {lang} {slug}"
            );
            let images: Vec<_> = attrs(&guide.body, "src")
                .into_iter()
                .filter(|s| s.starts_with("/static/hulp/"))
                .collect();
            assert_eq!(images.len(), steps, "{lang} {slug}: one picture per step");
            for src in images {
                assert!(
                    src.starts_with(&format!("/static/hulp/{lang}-{slug}-")),
                    "{src}"
                );
                let image = t.get(src).await;
                assert_eq!(image.status, StatusCode::OK, "{src} is missing");
                assert_eq!(image.header("content-type"), "image/png");
                assert!(image.body.len() > 1000, "{src} is empty");
            }
            let alts = attrs(&guide.body, "alt");
            assert_eq!(
                alts.len(),
                steps,
                "{lang} {slug}: every picture has an alt text"
            );
            assert!(
                alts.iter().all(|a| a.split_whitespace().count() >= 4),
                "{alts:?}"
            );
        }
    }
    assert_eq!(
        t.get("/hulp/instructie/bestaat-niet").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.get("/static/hulp/nl-bestaat-niet.png").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_help_of_a_page_links_to_its_instruction() {
    let t = TestApp::new(false).await;
    for (over, slug) in [
        ("/account-aanmaken/naam", "account-aanmaken"),
        ("/account-aanmaken/ik-geef-hulp", "voor-iemand-anders"),
        ("/connecties", "connecties"),
        ("/zorgpagina/netwerk", "naasten-uitnodigen"),
    ] {
        let help = t.get(&format!("/hulp?over={over}")).await;
        let topic = help.body.split("id=\"hulp-pagina\"").nth(1).unwrap();
        let topic = topic.split("</section>").next().unwrap();
        assert!(
            topic.contains(&format!("href=\"/hulp/instructie/{slug}\"")),
            "{over}: {topic}"
        );
    }
}

/// The "no letter or expired code" route, as a stranger and as a client.
async fn secretariats_of_the_own_providers(w: &World) {
    let stranger = w.t.get("/hulp").await;
    assert!(
        stranger
            .body
            .contains("Het telefoonnummer staat op je brief.")
    );
    assert!(stranger.body.contains("mailto:support@zorgkring.example"));
    let letter = w.letter("valid", "client");
    let mut b = w
        .register_verified(
            letter,
            "sanne@voorbeeld.example",
            "fiets boom regen lantaarn",
        )
        .await;
    let help = b.get("/hulp").await;
    let routes = help.body.split("id=\"contact\"").nth(1).unwrap();
    let routes = routes.split("</dl>").next().unwrap();
    assert!(routes.contains("Dit zijn de secretariaten van jouw zorgaanbieders:"));
    assert!(routes.contains(&letter.provider), "{routes}");
    let others: Vec<_> = w
        .demo
        .providers
        .iter()
        .filter(|p| p.name != letter.provider)
        .collect();
    assert!(!others.is_empty());
    for p in others {
        assert!(
            !routes.contains(&p.name),
            "{} is not Sanne's provider",
            p.name
        );
    }
}

#[tokio::test]
async fn a_client_finds_the_secretariat_of_their_own_provider_on_sqlite() {
    secretariats_of_the_own_providers(&world().await).await;
}

#[tokio::test]
async fn a_client_finds_the_secretariat_of_their_own_provider_on_postgresql() {
    let w = world_with(TestApp::postgres().await).await;
    secretariats_of_the_own_providers(&w).await;
    w.t.finish().await;
}

/// The message next to the field, described by it, marked invalid, and linked from the summary.
fn points_at(body: &str, summary_href: &str, field: &str) {
    let summary = body.split("class=\"error-summary\"").nth(1).expect(body);
    let summary = summary.split("</div>").next().unwrap();
    assert!(
        summary.contains(&format!("href=\"{summary_href}\"")),
        "{summary}"
    );
    assert!(body.contains(&format!("class=\"field-error\" id=\"{field}-error\"")));
    assert!(body.contains(&format!("{field}-error\"")));
    assert!(
        attrs(body, "aria-describedby")
            .iter()
            .any(|d| d.split(' ').any(|id| id == format!("{field}-error"))),
        "{field} is not described by its error"
    );
    assert!(body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn refused_forms_name_the_problem_next_to_the_field_and_in_a_summary() {
    let w = world().await;
    // A registration step.
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    let name = b
        .post(
            "/account-aanmaken/naam",
            &[("voornaam", ""), ("achternaam", "")],
        )
        .await;
    points_at(&name.body, "#f-voornaam", "f-voornaam");
    assert_eq!(name.body.matches("aria-invalid=\"true\"").count(), 1);

    // The login.
    let mut s = Browser::new(&w.t);
    let login = s
        .post(
            "/inloggen",
            &[
                ("email", "niemand@voorbeeld.example"),
                ("wachtwoord", "fout"),
            ],
        )
        .await;
    points_at(&login.body, "#f-email", "f-email");

    // A radio question: the summary links to its first choice.
    let mut r = Browser::new(&w.t);
    r.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    r.post_to(
        "/account-aanmaken/naam",
        &[("voornaam", "Sanne"), ("achternaam", "de Vries")],
        "/account-aanmaken/rol",
    )
    .await;
    let role = r.post("/account-aanmaken/rol", &[]).await;
    points_at(&role.body, "#f-rol-ontvang", "f-rol");

    // The invitation: a bad e-mail address is marked on the e-mail field, not on the name.
    let (mut b, page) = beheerder(&w).await;
    let invite = b
        .post(
            &format!("/zorgpagina/netwerk/uitnodigen?pagina={page}"),
            &[
                ("naam", "Ria Jansen"),
                ("email", "geen-adres"),
                ("taal", "nl"),
                ("relatie", "parent"),
                ("voorkeur", "agenda_only"),
            ],
        )
        .await;
    points_at(&invite.body, "#f-email", "f-email");
    assert!(!invite.body.contains("id=\"f-naam-error\""));
    let _ = network(&page);
}

/// The language a logged-in user picks is kept on the account, so that e-mails other people
/// cause (network notices, agenda changes) reach them in it.
async fn the_chosen_language_is_kept_on_the_account(w: &World) {
    let letter = w.letter("valid", "client");
    let email = "sanne@voorbeeld.example";
    let mut b = w
        .register_verified(letter, email, "fiets boom regen lantaarn")
        .await;
    let language = || async {
        w.t.app
            .store
            .find_account_by_email(email)
            .await
            .unwrap()
            .unwrap()
            .language
    };
    assert_eq!(language().await, "nl");
    let r = b.get("/taal/en?terug=/zorgpagina").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(language().await, "en");
    assert!(
        b.get("/zorgpagina")
            .await
            .body
            .contains("<html lang=\"en\">")
    );
    b.get("/taal/nl?terug=/zorgpagina").await;
    assert_eq!(language().await, "nl");
    // A stranger's switch changes only the cookie.
    assert_eq!(w.t.get("/taal/en").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_chosen_language_is_kept_on_the_account_on_sqlite() {
    the_chosen_language_is_kept_on_the_account(&world().await).await;
}

#[tokio::test]
async fn the_chosen_language_is_kept_on_the_account_on_postgresql() {
    let w = world_with(TestApp::postgres().await).await;
    the_chosen_language_is_kept_on_the_account(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn a_refused_client_record_names_the_problem_next_to_its_field() {
    let w = world().await;
    let provider: zk_domain::ProviderId = w.demo.providers[0].id.parse().unwrap();
    let mut b = support::staff::staff_browser(
        &w,
        provider,
        "petra@zorg.example",
        zk_store::StaffRole::Secretariat,
    )
    .await;
    let new = format!("/zorgaanbieder/{provider}/clienten/nieuw");
    let refused = b
        .post(
            &new,
            &[
                ("clientnummer", "Z-1"),
                ("voornaam", "Sanne"),
                ("achternaam", "Zwanenburg"),
                ("geboortedatum", "31-13-1990"),
                ("email", ""),
                ("straat", ""),
                ("postcode", ""),
                ("plaats", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    points_at(&refused.body, "#f-geboortedatum", "f-geboortedatum");
    assert_eq!(refused.body.matches("aria-invalid=\"true\"").count(), 1);
    assert!(
        refused.body.contains("value=\"Zwanenburg\""),
        "what was typed stays"
    );
}
