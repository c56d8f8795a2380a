//! Creating an account with a letter (SPEC S2), walked through HTTP as a browser would: every
//! step, the activation e-mail read from the outbox, the password, the care page; and the letter
//! rules with their messages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::world::{World, dutch, world, world_with};

/// Walks up to the code page, checking each page's wording (the seed's) on the way.
async fn up_to_code<'a>(w: &'a World, email: &str) -> Browser<'a> {
    let mut b = Browser::new(&w.t);
    let terms = b.get("/account-aanmaken").await;
    assert!(terms.body.contains("Ik ga akkoord met de voorwaarden"));
    assert!(
        terms
            .body
            .contains("href=\"/voorwaarden\">de voorwaarden</a>")
    );
    assert!(terms.body.contains("Start met Zorgkring"));
    let name = b
        .post_to(
            "/account-aanmaken",
            &[("akkoord", "ja")],
            "/account-aanmaken/naam",
        )
        .await;
    assert!(name.body.contains("Vul hier altijd jouw eigen naam in."));
    assert!(
        name.body
            .contains("<label for=\"f-voornaam\">Voornaam</label>")
    );
    let role = b
        .post_to(
            "/account-aanmaken/naam",
            &[("voornaam", "Sanne"), ("achternaam", "de Vries")],
            "/account-aanmaken/rol",
        )
        .await;
    assert!(role.body.contains("Ik ontvang hulp") && role.body.contains("Ik geef hulp"));
    let manage = b
        .post_to(
            "/account-aanmaken/rol",
            &[("rol", "ontvang")],
            "/account-aanmaken/beheer",
        )
        .await;
    assert!(manage.body.contains(
        "Ja, Sanne de Vries heeft een eigen e-mailadres en kan Zorgkring zelfstandig beheren"
    ));
    assert!(
        manage
            .body
            .contains("Nee, iemand anders gaat mijn account beheren")
    );
    b.post_to(
        "/account-aanmaken/beheer",
        &[("beheer", "zelf")],
        "/account-aanmaken/e-mailadres",
    )
    .await;
    let letter = b
        .post_to(
            "/account-aanmaken/e-mailadres",
            &[("email", email)],
            "/account-aanmaken/brief",
        )
        .await;
    assert!(
        letter
            .body
            .contains("Heb je een brief ontvangen met een code?")
    );
    let code = b
        .post_to(
            "/account-aanmaken/brief",
            &[("brief", "ja")],
            "/account-aanmaken/code",
        )
        .await;
    assert!(
        code.body
            .contains("<label for=\"f-geboortedatum\">Geboortedatum</label>")
    );
    assert!(code.body.contains("bijvoorbeeld 31-12-1990"));
    b
}

#[tokio::test]
async fn the_whole_journey_of_the_first_seed_text_on_sqlite() {
    the_whole_journey(&world().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_journey_of_the_first_seed_text_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    the_whole_journey(&w).await;
    w.t.finish().await;
}

async fn the_whole_journey(w: &World) {
    let letter = w.letter("valid", "client");
    let mut b = up_to_code(w, "Sanne.Client@Voorbeeld.example").await;

    // The match page shows names only after code and birth date are proven.
    let matched = b
        .post_to(
            "/account-aanmaken/code",
            &[
                ("code", &letter.code),
                ("geboortedatum", &dutch(&letter.birth_date)),
            ],
            "/account-aanmaken/koppeling",
        )
        .await;
    assert!(matched.body.contains("Ik heb een koppeling gevonden"));
    assert!(matched.body.contains(&letter.client_name));
    assert!(matched.body.contains(&letter.provider));
    let check = b
        .post_to(
            "/account-aanmaken/koppeling",
            &[("klopt", "ja")],
            "/account-aanmaken/controle",
        )
        .await;
    assert!(check.body.contains(&letter.provider));
    let sent = b
        .post_to(
            "/account-aanmaken/controle",
            &[],
            "/account-aanmaken/e-mail-verstuurd",
        )
        .await;
    assert!(sent.body.contains("We hebben je een e-mail gestuurd"));
    assert!(sent.body.contains("sanne.client@voorbeeld.example"));

    // Nothing exists yet.
    assert!(
        w.t.app
            .store
            .find_account_by_email("sanne.client@voorbeeld.example")
            .await
            .unwrap()
            .is_none()
    );

    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "sanne.client@voorbeeld.example");
    assert_eq!(
        mail.subject.as_deref(),
        Some("Activeer je account bij Zorgkring")
    );
    assert!(
        mail.html_body
            .as_deref()
            .unwrap()
            .contains(">Account activeren</a>")
    );
    let link = mail
        .text_body
        .lines()
        .find(|l| l.contains("/activeren/"))
        .unwrap()
        .trim()
        .to_owned();
    let path = link.split_once("8080").unwrap().1.to_owned();

    // The link opens in the mail app: another browser. Opening it uses nothing.
    let mut mail_app = Browser::new(&w.t);
    let page = mail_app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Account activeren"));
    let page_again = mail_app.get(&path).await;
    assert_eq!(
        page_again.status,
        StatusCode::OK,
        "a mail scanner opening the link does not use it"
    );
    let password = mail_app
        .post_to(&path, &[], "/account-aanmaken/wachtwoord")
        .await;
    assert!(password.body.contains("niet makkelijk te raden"));
    assert_eq!(
        mail_app.post(&path, &[]).await.status,
        StatusCode::GONE,
        "single use"
    );

    // Password rules, in plain words.
    let p = "/account-aanmaken/wachtwoord";
    let r = mail_app
        .post(p, &[("wachtwoord", "kort"), ("herhaling", "kort")])
        .await;
    assert!(r.body.contains("Je wachtwoord is te kort."));
    let r = mail_app
        .post(
            p,
            &[
                ("wachtwoord", "fiets boom regen"),
                ("herhaling", "fiets boom regenx"),
            ],
        )
        .await;
    assert!(r.body.contains("De twee wachtwoorden zijn niet hetzelfde."));
    let r = mail_app
        .post(p, &[("wachtwoord", "welkom01"), ("herhaling", "welkom01")])
        .await;
    assert!(
        r.body.contains("Dit wachtwoord gebruiken veel mensen."),
        "{}",
        r.body
    );
    let r = mail_app
        .post(
            p,
            &[
                ("wachtwoord", "sanne-de-vries-1990"),
                ("herhaling", "sanne-de-vries-1990"),
            ],
        )
        .await;
    assert!(
        r.body
            .contains("mag niet je naam of je e-mailadres bevatten")
    );
    let good = "fiets boom regen lantaarn";
    let done = mail_app
        .post_to(
            p,
            &[("wachtwoord", good), ("herhaling", good)],
            "/account-aanmaken/klaar",
        )
        .await;
    assert!(done.body.contains("Je account is aangemaakt!"));
    assert!(done.body.contains("Start met Zorgkring"));

    // The account, its care page and the connection exist; the letter is used.
    let account =
        w.t.app
            .store
            .find_account_by_email("sanne.client@voorbeeld.example")
            .await
            .unwrap()
            .unwrap();
    assert!(account.password_hash.starts_with("$argon2id$"));
    let code = zk_domain::LetterCode::parse(&letter.code).unwrap();
    let stored = zk_app::letters::find_by_code(&w.t.app, &code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status(w.t.app.now()).as_str(), "used");

    // Logged in on the care page; provider data waits for the phone number.
    let care = mail_app.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Voeg je telefoonnummer toe"));
    assert!(care.body.contains(&letter.provider));
    assert!(
        !care.body.contains("Jouw behandelaar"),
        "hidden until a second factor exists"
    );

    // Log out, then in again.
    let out = mail_app.post("/uitloggen", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        mail_app.get("/zorgpagina").await.header("location"),
        "/inloggen"
    );
    let wrong = mail_app
        .post(
            "/inloggen",
            &[
                ("email", "sanne.client@voorbeeld.example"),
                ("wachtwoord", "fout fout fout"),
            ],
        )
        .await;
    assert!(
        wrong
            .body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
    let unknown = mail_app
        .post(
            "/inloggen",
            &[("email", "niemand@voorbeeld.example"), ("wachtwoord", good)],
        )
        .await;
    assert!(
        unknown
            .body
            .contains("Het e-mailadres of het wachtwoord klopt niet."),
        "same message for unknown addresses"
    );
    mail_app
        .post_to(
            "/inloggen",
            &[
                ("email", "Sanne.Client@voorbeeld.example"),
                ("wachtwoord", good),
            ],
            "/zorgpagina",
        )
        .await;
}

#[tokio::test]
async fn letter_rules_give_the_right_message() {
    let w = world().await;
    let valid = w.letter("valid", "client");
    let mut b = up_to_code(&w, "test@voorbeeld.example").await;
    let code_page = "/account-aanmaken/code";
    let try_code = |code: String, birth: String| async move { (code, birth) };
    let _ = try_code;

    // A typo in the check digit is caught before any lookup.
    let mut typo = valid.code.clone().into_bytes();
    typo[0] = if typo[0] == b'9' { b'0' } else { typo[0] + 1 };
    let typo = String::from_utf8(typo).unwrap();
    let r = b
        .post(
            code_page,
            &[
                ("code", &typo),
                ("geboortedatum", dutch(&valid.birth_date).as_str()),
            ],
        )
        .await;
    assert!(
        r.body.contains("Er zit een typfout in de code."),
        "{}",
        r.body
    );
    let r = b
        .post(
            code_page,
            &[("code", "12345"), ("geboortedatum", "31-12-1990")],
        )
        .await;
    assert!(r.body.contains("De code heeft 10 cijfers."));
    let r = b
        .post(
            code_page,
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", "1990-12-31"),
            ],
        )
        .await;
    assert!(r.body.contains("Schrijf je geboortedatum zo: 31-12-1990."));

    // A wrong birth date and an unknown code: the same message, no names.
    let r = b
        .post(
            code_page,
            &[
                ("code", valid.code.as_str()),
                ("geboortedatum", "01-01-1901"),
            ],
        )
        .await;
    assert!(r.body.contains("De code of geboortedatum klopt niet."));
    assert!(!r.body.contains(&valid.client_name) && !r.body.contains(&valid.provider));
    let unknown = zk_domain::LetterCode::generate().digits();
    let r = b
        .post(
            code_page,
            &[
                ("code", &unknown),
                ("geboortedatum", dutch(&valid.birth_date).as_str()),
            ],
        )
        .await;
    assert!(r.body.contains("De code of geboortedatum klopt niet."));

    // Expired, used and revoked letters, once proven, name the secretariat.
    for (status, text) in [
        ("expired", "Deze brief is verlopen."),
        ("used", "Deze code is al gebruikt."),
        ("revoked", "Deze brief geldt niet meer."),
    ] {
        let l = w.letter(status, "client");
        let mut fresh = up_to_code(&w, "test@voorbeeld.example").await;
        let r = fresh
            .post(
                code_page,
                &[("code", &l.code), ("geboortedatum", &dutch(&l.birth_date))],
            )
            .await;
        assert!(r.body.contains(text), "{status}: {}", r.body);
        let provider = w
            .demo
            .providers
            .iter()
            .find(|p| p.name == l.provider)
            .unwrap();
        assert!(r.body.contains(&provider.secretariat.phone), "{status}");
    }

    // A letter for a parent of a child under 16.
    let child = w.letter("valid", "representative");
    let mut fresh = up_to_code(&w, "ouder@voorbeeld.example").await;
    let r = fresh
        .post(
            code_page,
            &[
                ("code", &child.code),
                ("geboortedatum", &dutch(&child.birth_date)),
            ],
        )
        .await;
    assert!(
        r.body
            .contains("Ben je jonger dan 16 jaar? Dan maakt je ouder of voogd het account aan."),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn steps_cannot_be_skipped_and_progress_is_server_side() {
    let w = world().await;
    let mut b = Browser::new(&w.t);
    // Without a registration every step leads to the start.
    assert_eq!(
        b.get("/account-aanmaken/code").await.header("location"),
        "/account-aanmaken"
    );
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    // Jumping ahead leads back to the furthest step allowed.
    assert_eq!(
        b.get("/account-aanmaken/wachtwoord")
            .await
            .header("location"),
        "/account-aanmaken/naam"
    );
    // Without ticking the terms: a clear message.
    let mut other = Browser::new(&w.t);
    let r = other.post("/account-aanmaken", &[]).await;
    assert!(
        r.body
            .contains("Vink aan dat je akkoord gaat met de voorwaarden.")
    );
    // Empty name: a clear message, nothing stored.
    let r = b
        .post(
            "/account-aanmaken/naam",
            &[("voornaam", " "), ("achternaam", "")],
        )
        .await;
    assert!(r.body.contains("Vul je voornaam en je achternaam in."));
    assert_eq!(
        b.get("/account-aanmaken/rol").await.header("location"),
        "/account-aanmaken/naam"
    );
}

#[tokio::test]
async fn someone_else_managing_gets_an_explanation_and_helping_asks_for_whom() {
    let w = world().await;
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    b.post_to(
        "/account-aanmaken/naam",
        &[("voornaam", "Piet"), ("achternaam", "Bakker")],
        "/account-aanmaken/rol",
    )
    .await;
    b.post_to(
        "/account-aanmaken/rol",
        &[("rol", "geef")],
        "/account-aanmaken/e-mailadres",
    )
    .await;
    assert_eq!(
        b.get("/account-aanmaken/beheer").await.header("location"),
        "/account-aanmaken/e-mailadres",
        "a helper is not asked who manages the account"
    );
    b.post_to(
        "/account-aanmaken/rol",
        &[("rol", "ontvang")],
        "/account-aanmaken/beheer",
    )
    .await;
    let r = b
        .post_to(
            "/account-aanmaken/beheer",
            &[("beheer", "ander")],
            "/account-aanmaken/iemand-anders",
        )
        .await;
    assert!(r.body.contains("Dan maakt die persoon het account aan."));
}

#[tokio::test]
async fn without_a_letter_an_account_has_no_connection() {
    let w = world().await;
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    b.post_to(
        "/account-aanmaken/naam",
        &[("voornaam", "Daan"), ("achternaam", "Smit")],
        "/account-aanmaken/rol",
    )
    .await;
    b.post_to(
        "/account-aanmaken/rol",
        &[("rol", "ontvang")],
        "/account-aanmaken/beheer",
    )
    .await;
    b.post_to(
        "/account-aanmaken/beheer",
        &[("beheer", "zelf")],
        "/account-aanmaken/e-mailadres",
    )
    .await;
    let r = b
        .post("/account-aanmaken/e-mailadres", &[("email", "geen-adres")])
        .await;
    assert!(r.body.contains("Dit is geen goed e-mailadres."));
    b.post_to(
        "/account-aanmaken/e-mailadres",
        &[("email", "daan@voorbeeld.example")],
        "/account-aanmaken/brief",
    )
    .await;
    let r = b
        .post_to(
            "/account-aanmaken/brief",
            &[("brief", "nee")],
            "/account-aanmaken/geen-brief",
        )
        .await;
    assert!(r.body.contains("secretariaat"));
    assert!(r.body.contains("GGZ Rivierenland"));
    let check = b
        .post_to(
            "/account-aanmaken/geen-brief",
            &[],
            "/account-aanmaken/controle",
        )
        .await;
    assert!(check.body.contains("Geen koppeling."));
    b.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let path = w.activation_path().await;
    b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
    let pw = "zonnebloem kikker winter";
    b.post_to(
        "/account-aanmaken/wachtwoord",
        &[("wachtwoord", pw), ("herhaling", pw)],
        "/account-aanmaken/klaar",
    )
    .await;
    let account =
        w.t.app
            .store
            .find_account_by_email("daan@voorbeeld.example")
            .await
            .unwrap()
            .unwrap();
    let pages =
        w.t.app
            .store
            .care_pages_of(account.id, &zk_domain::page::PageRequest::first(5))
            .await
            .unwrap();
    let connections =
        w.t.app
            .store
            .connections_of(pages.items[0].id, &zk_domain::page::PageRequest::first(5))
            .await
            .unwrap();
    assert!(connections.items.is_empty());
}

#[tokio::test]
async fn an_address_with_an_account_gets_a_mail_instead_of_a_second_account() {
    let w = world().await;
    w.register_without_letter("daan@voorbeeld.example", "zonnebloem kikker winter")
        .await;
    // Same address again: the page says the same as always; the mail tells the owner.
    let page = w.up_to_sent_without_letter("DAAN@voorbeeld.example").await;
    drop(page);
    let mail = w.last_mail().await;
    assert_eq!(
        mail.subject.as_deref(),
        Some("Je hebt al een account bij Zorgkring")
    );
    assert!(!mail.text_body.contains("/activeren/"));
    assert!(
        w.mailer
            .sent()
            .iter()
            .filter(|m| m.recipient == "daan@voorbeeld.example")
            .count()
            == 2
    );
}

#[tokio::test]
async fn every_bad_input_gets_its_own_plain_message() {
    let w = world().await;
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    let long = "x".repeat(101);
    let r = b
        .post(
            "/account-aanmaken/naam",
            &[("voornaam", long.as_str()), ("achternaam", "Smit")],
        )
        .await;
    assert!(r.body.contains("Je naam is te lang."));
    b.post_to(
        "/account-aanmaken/naam",
        &[("voornaam", "Daan"), ("achternaam", "Smit")],
        "/account-aanmaken/rol",
    )
    .await;
    for (page, next) in [
        (
            "/account-aanmaken/rol",
            ("rol", "ontvang", "/account-aanmaken/beheer"),
        ),
        (
            "/account-aanmaken/beheer",
            ("beheer", "zelf", "/account-aanmaken/e-mailadres"),
        ),
    ] {
        let r = b.post(page, &[]).await;
        assert!(r.body.contains("Maak een keuze."), "{page}");
        b.post_to(page, &[(next.0, next.1)], next.2).await;
    }
    b.post_to(
        "/account-aanmaken/e-mailadres",
        &[("email", "daan@voorbeeld.example")],
        "/account-aanmaken/brief",
    )
    .await;
    let r = b
        .post("/account-aanmaken/brief", &[("brief", "misschien")])
        .await;
    assert!(r.body.contains("Maak een keuze."));
    b.post_to(
        "/account-aanmaken/brief",
        &[("brief", "ja")],
        "/account-aanmaken/code",
    )
    .await;
    let valid = w.letter("valid", "client");
    let code = valid.code.as_str();
    for (birth, text) in [
        ("30-02-1990", "Deze datum bestaat niet."),
        ("01-01-2099", "Deze datum ligt in de toekomst."),
        ("", "Schrijf je geboortedatum zo: 31-12-1990."),
    ] {
        let r = b
            .post(
                "/account-aanmaken/code",
                &[("code", code), ("geboortedatum", birth)],
            )
            .await;
        assert!(r.body.contains(text), "{birth}: {}", r.body);
    }
    let r = b
        .post(
            "/account-aanmaken/code",
            &[("code", "12345abcde"), ("geboortedatum", "31-12-1990")],
        )
        .await;
    assert!(r.body.contains("De code bestaat alleen uit cijfers."));
    let right = dutch(&valid.birth_date);
    b.post_to(
        "/account-aanmaken/code",
        &[("code", code), ("geboortedatum", right.as_str())],
        "/account-aanmaken/koppeling",
    )
    .await;
    let r = b.post("/account-aanmaken/koppeling", &[]).await;
    assert!(
        r.body.contains("Maak een keuze."),
        "the match must be confirmed"
    );
    b.post_to(
        "/account-aanmaken/koppeling",
        &[("klopt", "ja")],
        "/account-aanmaken/controle",
    )
    .await;
    b.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let path = w.activation_path().await;
    b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
    let too_long = "a b ".repeat(251);
    let r = b
        .post(
            "/account-aanmaken/wachtwoord",
            &[
                ("wachtwoord", too_long.as_str()),
                ("herhaling", too_long.as_str()),
            ],
        )
        .await;
    assert!(r.body.contains("Je wachtwoord is te lang."));
    let r = b
        .post(
            "/account-aanmaken/wachtwoord",
            &[
                ("wachtwoord", "aaaaaaaaaaaa"),
                ("herhaling", "aaaaaaaaaaaa"),
            ],
        )
        .await;
    assert!(
        r.body.contains("Dit wachtwoord is te makkelijk te raden."),
        "{}",
        r.body
    );
    // Nothing was created by any of these.
    assert!(
        w.t.app
            .store
            .find_account_by_email("daan@voorbeeld.example")
            .await
            .unwrap()
            .is_none()
    );
    let pw = "zonnebloem kikker winter";
    b.post_to(
        "/account-aanmaken/wachtwoord",
        &[("wachtwoord", pw), ("herhaling", pw)],
        "/account-aanmaken/klaar",
    )
    .await;
    let r = b.post("/profiel", &[("telefoon", "")]).await;
    assert!(r.body.contains("Vul je mobiele telefoonnummer in."));
    let r = b.post("/profiel", &[("telefoon", "zes nul")]).await;
    assert!(r.body.contains("Een telefoonnummer bestaat uit cijfers."));
    let r = b
        .post("/profiel/telefoon/code", &[("code", "123456")])
        .await;
    assert!(
        r.body.contains("Deze code werkt niet meer."),
        "no code was sent yet"
    );
}

#[tokio::test]
async fn changing_the_address_after_activation_needs_a_new_activation() {
    let w = world().await;
    let mut b = w.up_to_sent_without_letter("eigen@voorbeeld.example").await;
    let path = w.activation_path().await;
    b.post_to(&path, &[], "/account-aanmaken/wachtwoord").await;
    // Back to the address step, someone else's address typed in: the password page closes.
    b.post_to(
        "/account-aanmaken/e-mailadres",
        &[("email", "slachtoffer@voorbeeld.example")],
        "/account-aanmaken/brief",
    )
    .await;
    assert_eq!(
        b.get("/account-aanmaken/wachtwoord")
            .await
            .header("location"),
        "/account-aanmaken/controle"
    );
    let r = b
        .post(
            "/account-aanmaken/wachtwoord",
            &[
                ("wachtwoord", "zonnebloem kikker winter"),
                ("herhaling", "zonnebloem kikker winter"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        w.t.app
            .store
            .find_account_by_email("slachtoffer@voorbeeld.example")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_activation_link_proves_only_the_address_it_was_sent_to() {
    an_activation_link_proves_only_the_address_it_was_sent_to_on(&world().await).await;
}

#[tokio::test]
async fn an_activation_link_proves_only_the_address_it_was_sent_to_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    an_activation_link_proves_only_the_address_it_was_sent_to_on(&w).await;
    w.t.finish().await;
}

/// The attack from the outside test: activation mail to one's own address, back to the e-mail
/// step, someone else's address, then the first link and a password.
async fn an_activation_link_proves_only_the_address_it_was_sent_to_on(w: &World) {
    let pw = "zonnebloem kikker winter";
    let mut b = w.up_to_sent_without_letter("eigen@voorbeeld.example").await;
    let first_link = w.activation_path().await;
    b.post_to(
        "/account-aanmaken/e-mailadres",
        &[("email", "slachtoffer@voorbeeld.example")],
        "/account-aanmaken/brief",
    )
    .await;
    // The first link no longer works, in this browser or any other.
    let r = b.post(&first_link, &[]).await;
    assert_eq!(r.status, StatusCode::GONE, "{}", r.body);
    assert!(r.body.contains("Deze link werkt niet meer"), "{}", r.body);
    let mut other = Browser::new(&w.t);
    assert_eq!(other.post(&first_link, &[]).await.status, StatusCode::GONE);
    for browser in [&mut b, &mut other] {
        let r = browser
            .post(
                "/account-aanmaken/wachtwoord",
                &[("wachtwoord", pw), ("herhaling", pw)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_ne!(r.header("location"), "/account-aanmaken/klaar");
    }
    for address in ["slachtoffer@voorbeeld.example", "eigen@voorbeeld.example"] {
        assert!(
            w.t.app
                .store
                .find_account_by_email(address)
                .await
                .unwrap()
                .is_none(),
            "{address}"
        );
    }

    // Going on, the new address gets its own link: only its owner can finish.
    b.post_to(
        "/account-aanmaken/brief",
        &[("brief", "nee")],
        "/account-aanmaken/geen-brief",
    )
    .await;
    b.post_to(
        "/account-aanmaken/geen-brief",
        &[],
        "/account-aanmaken/controle",
    )
    .await;
    b.post_to(
        "/account-aanmaken/controle",
        &[],
        "/account-aanmaken/e-mail-verstuurd",
    )
    .await;
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "slachtoffer@voorbeeld.example");
    let second_link = w.activation_path().await;
    assert_ne!(second_link, first_link);
    // Back to the first address: the link that went to the second one proves nothing now.
    b.post_to(
        "/account-aanmaken/e-mailadres",
        &[("email", "eigen@voorbeeld.example")],
        "/account-aanmaken/brief",
    )
    .await;
    assert_eq!(b.post(&second_link, &[]).await.status, StatusCode::GONE);
    assert_eq!(b.post(&first_link, &[]).await.status, StatusCode::GONE);
    assert!(
        w.t.app
            .store
            .find_account_by_email("eigen@voorbeeld.example")
            .await
            .unwrap()
            .is_none()
    );
}
