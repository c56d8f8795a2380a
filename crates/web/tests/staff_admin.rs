//! The provider admin's pages through HTTP (SPEC S8): managing staff with an e-mail to the
//! member on each change and never without an admin; API tokens whose secret is shown once and
//! whose revocation stops the next FHIR request; settings used by the next letter; editing a
//! client record and finding it by any part of the name; the provider's connections.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::SignedDuration;
use support::staff::{STAFF_PASSWORD, invitation_path, link, staff_browser};
use support::world::{World, world, world_with};
use support::{Browser, urlencode};
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, ProviderId};
use zk_store::StaffRole;

const ADMIN: &str = "beheer@ggz.example";

fn own(w: &World) -> ProviderId {
    w.demo.providers[0].id.parse().unwrap()
}

/// Delivers the outbox and returns how many e-mails went out so far.
async fn mails_sent(w: &World) -> usize {
    w.deliver().await;
    w.mailer.sent().len()
}

#[tokio::test]
async fn an_admin_manages_staff_but_never_removes_the_last_admin() {
    an_admin_manages_staff_on(&world().await).await;
}

#[tokio::test]
async fn an_admin_manages_staff_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    an_admin_manages_staff_on(&w).await;
    w.t.finish().await;
}

async fn an_admin_manages_staff_on(w: &World) {
    let own = own(w);
    let mut b = staff_browser(w, own, ADMIN, StaffRole::Admin).await;
    let team = format!("/zorgaanbieder/{own}/medewerkers");
    let home = b.get(&format!("/zorgaanbieder/{own}")).await;
    assert!(
        home.body.contains(&format!("href=\"{team}\"")),
        "{}",
        home.body
    );

    let r = b.get(&team).await;
    assert!(r.body.contains(ADMIN), "{}", r.body);
    assert!(r.body.contains(&w.demo.providers[0].staff_email));
    assert!(r.body.contains("beheerder"));
    assert!(r.body.contains("maandag 23 november 2026"), "since when");

    // Adding: refusals say what to fix, keep the input and add nobody.
    let new = format!("{team}/nieuw");
    let noor = [
        ("email", "noor@ggz.example"),
        ("voornaam", "Noor"),
        ("achternaam", "Bakker"),
        ("rol", "secretariaat"),
    ];
    let mut bad = noor;
    bad[0] = ("email", "noor-at-ggz");
    let r = b.post(&new, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Dit e-mailadres klopt niet"), "{}", r.body);
    assert!(r.body.contains("value=\"Noor\""));
    let mut no_role = noor;
    no_role[3] = ("rol", "");
    assert!(b.post(&new, &no_role).await.body.contains("Kies een rol"));
    let mut no_name = noor;
    no_name[1] = ("voornaam", " ");
    assert!(
        b.post(&new, &no_name)
            .await
            .body
            .contains("Vul een voornaam in")
    );
    assert!(!b.get(&team).await.body.contains("noor@ggz.example"));

    // Invited: Noor gets a link, and is no member until she uses it.
    let before = mails_sent(w).await;
    let r = b.post(&new, &noor).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), team);
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "noor@ggz.example");
    let invitation = invitation_path(&mail.text_body);
    assert_eq!(mails_sent(w).await, before + 1);
    let r = b.get(&team).await;
    assert!(r.body.contains("noor@ggz.example"), "{}", r.body);
    assert!(r.body.contains("Uitgenodigd, de link werkt tot"));
    let mut noor_browser = Browser::new(&w.t);
    let r = noor_browser
        .post(
            &invitation,
            &[
                ("wachtwoord", STAFF_PASSWORD),
                ("herhaling", STAFF_PASSWORD),
            ],
        )
        .await;
    assert!(r.body.contains("Je account is gemaakt"), "{}", r.body);
    let noor_id: AccountId =
        w.t.app
            .store
            .find_account_by_email("noor@ggz.example")
            .await
            .unwrap()
            .unwrap()
            .id;
    let member = format!("{team}/{noor_id}");
    let r = b.get(&member).await;
    assert!(r.body.contains("Noor Bakker"));
    assert!(r.body.contains("secretariaat"));
    assert!(!b.get(&team).await.body.contains("Uitgenodigd, de link"));
    let r = b.post(&new, &noor).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("al medewerker"), "{}", r.body);

    // Her role changes, and she is told.
    let r = b
        .post(&format!("{member}/rol"), &[("rol", "beheerder")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "noor@ggz.example");
    assert!(
        mail.text_body.contains("is nu: beheerder"),
        "{}",
        mail.text_body
    );
    assert_eq!(
        w.t.app
            .store
            .staff_membership(noor_id, own)
            .await
            .unwrap()
            .unwrap()
            .role,
        StaffRole::Admin
    );
    // The same role again changes nothing and mails nothing.
    let sent = mails_sent(w).await;
    b.post(&format!("{member}/rol"), &[("rol", "beheerder")])
        .await;
    assert_eq!(mails_sent(w).await, sent);

    // Removed, and told; the account stays.
    let r = b.post(&format!("{member}/verwijderen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), team);
    let mail = w.last_mail().await;
    assert!(mail.text_body.contains("geen medewerker meer"));
    assert!(!b.get(&team).await.body.contains("noor@ggz.example"));
    assert!(
        w.t.app
            .store
            .staff_membership(noor_id, own)
            .await
            .unwrap()
            .is_none()
    );
    assert!(w.t.app.store.get_account(noor_id).await.unwrap().is_some());
    assert_eq!(b.get(&member).await.status, StatusCode::NOT_FOUND);

    // The demo admin goes too; now the admin is the last one, and cannot step down or leave.
    let demo =
        w.t.app
            .store
            .find_account_by_email(&w.demo.providers[0].staff_email)
            .await
            .unwrap()
            .unwrap();
    let r = b
        .post(&format!("{team}/{}/verwijderen", demo.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let me =
        w.t.app
            .store
            .find_account_by_email(ADMIN)
            .await
            .unwrap()
            .unwrap();
    let sent = mails_sent(w).await;
    // The refusal sits next to the part it is about, and the summary links there.
    for (action, form, target, described) in [
        (
            "rol",
            vec![("rol", "secretariaat")],
            "#f-rol-secretariaat",
            "<fieldset class=\"field\" aria-describedby=\"f-rol-error\">",
        ),
        (
            "verwijderen",
            vec![],
            "#f-verwijderen",
            "id=\"f-verwijderen\" aria-describedby=\"f-verwijderen-error\"",
        ),
    ] {
        let r = b.post(&format!("{team}/{}/{action}", me.id), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert!(
            r.body.contains("Dit is de laatste beheerder"),
            "{action}: {}",
            r.body
        );
        assert!(
            r.body.contains(&format!("<a href=\"{target}\">")),
            "{action}: {}",
            r.body
        );
        assert!(r.body.contains(described), "{action}: {}", r.body);
        assert_eq!(r.body.matches("aria-describedby").count(), 1, "{action}");
    }
    let r = b
        .post(&format!("{team}/{}/rol", me.id), &[("rol", "baas")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("<a href=\"#f-rol-secretariaat\">Kies een rol.</a>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert_eq!(mails_sent(w).await, sent, "a refusal mails nobody");
    let r = b.get(&team).await;
    assert_eq!(r.status, StatusCode::OK, "still an admin");
    assert!(r.body.contains("beheerder"));
}

/// A FHIR search with `token`: the status.
async fn fhir_status(w: &World, token: &str) -> StatusCode {
    w.t.send(
        Request::get("/fhir/r4/Patient")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .status
}

#[tokio::test]
async fn an_api_token_is_shown_once_and_stops_working_when_revoked() {
    let w = world().await;
    let own = own(&w);
    let mut b = staff_browser(&w, own, ADMIN, StaffRole::Admin).await;
    let tokens = format!("/zorgaanbieder/{own}/api-sleutels");
    let new = format!("{tokens}/nieuw");
    let rows = |body: &str| body.matches("/intrekken").count();
    let before = rows(&b.get(&tokens).await.body);
    assert_eq!(before, 1, "the demo token");

    // Refusals: no name, neither read nor write, chosen types but none ticked.
    for (form, message) in [
        (
            vec![("naam", ""), ("lezen", "ja"), ("soorten", "alle")],
            "Vul een naam in",
        ),
        (
            vec![("naam", "ECD"), ("soorten", "alle")],
            "Vink lezen, schrijven of allebei aan",
        ),
        (
            vec![("naam", "ECD"), ("lezen", "ja"), ("soorten", "gekozen")],
            "vink minstens één soort aan",
        ),
        (
            vec![
                ("naam", "ECD"),
                ("lezen", "ja"),
                ("Bundle", "ja"),
                ("soorten", "gekozen"),
            ],
            "vink minstens één soort aan",
        ),
    ] {
        let r = b.post(&new, &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        assert!(r.body.contains(message), "{form:?}: {}", r.body);
    }
    assert_eq!(rows(&b.get(&tokens).await.body), before, "nothing made");

    // Made: read-only, Patient only. The secret is on this page and nowhere else.
    let r = b
        .post(
            &new,
            &[
                ("naam", "ECD koppeling"),
                ("lezen", "ja"),
                ("soorten", "gekozen"),
                ("Patient", "ja"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Je ziet hem hierna nooit meer"));
    assert_eq!(r.header("cache-control"), "no-store");
    let secret = r
        .body
        .split("value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("zk_"), "{secret}");
    let list = b.get(&tokens).await;
    assert!(!list.body.contains(&secret), "never shown again");
    assert!(list.body.contains("ECD koppeling"));
    assert!(list.body.contains("Alleen lezen"));
    assert!(list.body.contains("Patient"));
    assert!(list.body.contains("Nog niet gebruikt"));
    assert_eq!(rows(&list.body), before + 1);

    // It works on the API within its scopes, and its use shows.
    assert_eq!(fhir_status(&w, &secret).await, StatusCode::OK);
    let forbidden =
        w.t.send(
            Request::get("/fhir/r4/Appointment")
                .header("authorization", format!("Bearer {secret}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        forbidden.status,
        StatusCode::FORBIDDEN,
        "{}",
        forbidden.body
    );
    let list = b.get(&tokens).await;
    assert_eq!(
        list.body.matches("Nog niet gebruikt").count(),
        1,
        "the demo token only"
    );

    // Revoked: the next request is refused.
    let ours =
        w.t.app
            .store
            .list_api_tokens(own, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|t| t.name == "ECD koppeling")
            .unwrap();
    let revoke = link(&list.body, |h| h.contains(&ours.id.to_string()));
    assert_eq!(revoke, format!("{tokens}/{}/intrekken", ours.id));
    let r = b.post(&revoke, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(fhir_status(&w, &secret).await, StatusCode::UNAUTHORIZED);
    let list = b.get(&tokens).await;
    assert!(list.body.contains("Ingetrokken op"));
    assert_eq!(
        rows(&list.body),
        before,
        "no revoke button for a revoked token"
    );
    // The demo token still works.
    assert_eq!(
        fhir_status(&w, &w.demo.providers[0].api_token).await,
        StatusCode::OK
    );
    // Another provider's admin cannot revoke it.
    let other: ProviderId = w.demo.providers[1].id.parse().unwrap();
    let demo_token =
        w.t.app
            .store
            .list_api_tokens(own, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|t| t.revoked_at.is_none())
            .unwrap();
    let mut theirs = staff_browser(&w, other, "ander@ggz.example", StaffRole::Admin).await;
    theirs
        .post(
            &format!(
                "/zorgaanbieder/{other}/api-sleutels/{}/intrekken",
                demo_token.id
            ),
            &[],
        )
        .await;
    assert_eq!(
        fhir_status(&w, &w.demo.providers[0].api_token).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn settings_apply_to_the_next_letter() {
    let w = world().await;
    let own = own(&w);
    let mut b = staff_browser(&w, own, ADMIN, StaffRole::Admin).await;
    let settings = format!("/zorgaanbieder/{own}/instellingen");
    let r = b.get(&settings).await;
    assert!(r.body.contains("value=\"30\""), "{}", r.body);
    let form = |days: &'static str, phone: &'static str, email: &'static str| {
        [("dagen", days), ("telefoon", phone), ("email", email)]
    };

    // Each bound crossed, each field wrong: refused with what to fix, nothing stored.
    for (days, phone, email, message) in [
        (
            "6",
            "030 765 43 21",
            "balie@ggz.example",
            "van 7 tot en met 90",
        ),
        (
            "91",
            "030 765 43 21",
            "balie@ggz.example",
            "van 7 tot en met 90",
        ),
        (
            "veertien",
            "030 765 43 21",
            "balie@ggz.example",
            "van 7 tot en met 90",
        ),
        (
            "14",
            "030 765",
            "balie@ggz.example",
            "Dit telefoonnummer klopt niet",
        ),
        (
            "14",
            "",
            "balie@ggz.example",
            "Dit telefoonnummer klopt niet",
        ),
        ("14", "030 765 43 21", "balie", "Dit e-mailadres klopt niet"),
    ] {
        let r = b.post(&settings, &form(days, phone, email)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{days} {phone} {email}"
        );
        assert!(
            r.body.contains(message),
            "{days} {phone} {email}: {}",
            r.body
        );
        assert!(
            r.body.contains(&format!("value=\"{days}\"")),
            "the input is kept"
        );
    }
    let provider = w.t.app.store.get_provider(own).await.unwrap().unwrap();
    assert_eq!(provider.letter_validity_days, 30);

    // The bounds themselves are fine.
    for days in ["7", "90", "14"] {
        let r = b
            .post(&settings, &form(days, "030 765 43 21", "balie@ggz.example"))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{days}: {}", r.body);
    }
    let r = b.get(&format!("{settings}?opgeslagen=ja")).await;
    assert!(r.body.contains("De instellingen zijn opgeslagen"));
    assert!(r.body.contains("value=\"030 765 43 21\""));
    let provider = w.t.app.store.get_provider(own).await.unwrap().unwrap();
    assert_eq!(provider.letter_validity_days, 14);
    assert_eq!(provider.secretariat.phone, "030 765 43 21");
    assert_eq!(provider.secretariat.email, "balie@ggz.example");

    // A letter made now is valid for 14 days.
    let clients = format!("/zorgaanbieder/{own}/clienten");
    let r = b
        .post(
            &format!("{clients}/nieuw"),
            &[
                ("clientnummer", "S-1"),
                ("voornaam", "Sam"),
                ("achternaam", "Smit"),
                ("geboortedatum", "01-01-1990"),
            ],
        )
        .await;
    let page = r.header("location").to_owned();
    let r = b.post(&format!("{page}/brief"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let client = page.rsplit('/').next().unwrap().parse().unwrap();
    let letter =
        w.t.app
            .store
            .list_letters_for_client(client, &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .remove(0);
    assert_eq!(letter.issued_at, w.t.app.now());
    assert_eq!(
        letter.expires_at,
        letter.issued_at + SignedDuration::from_hours(24 * 14)
    );
    assert!(
        b.get(&page).await.body.contains("maandag 7 december 2026"),
        "the client page shows the new expiry"
    );
}

#[tokio::test]
async fn the_secretariat_edits_a_client_and_finds_them_by_any_name() {
    the_secretariat_edits_a_client_on(&world().await).await;
}

#[tokio::test]
async fn the_secretariat_edits_a_client_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    the_secretariat_edits_a_client_on(&w).await;
    w.t.finish().await;
}

fn client_form<'a>(number: &'a str, first: &'a str, last: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("clientnummer", number),
        ("voornaam", first),
        ("achternaam", last),
        ("geboortedatum", "01-02-1980"),
        ("email", ""),
        ("straat", ""),
        ("postcode", ""),
        ("plaats", ""),
    ]
}

async fn search(b: &mut Browser<'_>, clients: &str, query: &str) -> String {
    b.get(&format!("{clients}?zoek={}", urlencode(query)))
        .await
        .body
}

async fn the_secretariat_edits_a_client_on(w: &World) {
    let own = own(w);
    let mut b = staff_browser(w, own, "secretariaat@ggz.example", StaffRole::Secretariat).await;
    let clients = format!("/zorgaanbieder/{own}/clienten");
    let new = format!("{clients}/nieuw");
    let r = b.post(&new, &client_form("J-1", "Jan", "de Vries")).await;
    let page = r.header("location").to_owned();
    b.post(&new, &client_form("J-2", "Janneke", "Smit")).await;

    // Found by the first name, the full name, or the start of the last name.
    let found = search(&mut b, &clients, "jan de v").await;
    assert!(found.contains("Jan de Vries"), "{found}");
    assert!(!found.contains("Janneke Smit"));
    let found = search(&mut b, &clients, "  Jan   ").await;
    assert!(found.contains("Jan de Vries") && found.contains("Janneke Smit"));
    assert_eq!(found.matches("Jan de Vries").count(), 1);
    let found = search(&mut b, &clients, "janneke").await;
    assert!(found.contains("Janneke Smit") && !found.contains("Jan de Vries"));
    assert!(
        search(&mut b, &clients, "de vr")
            .await
            .contains("Jan de Vries")
    );
    assert!(
        search(&mut b, &clients, "jan s")
            .await
            .contains("Geen cliënten gevonden")
    );

    // The edit form shows the record as it is.
    let edit = format!("{page}/wijzigen");
    let client_page = b.get(&page).await;
    assert!(client_page.body.contains(&format!("href=\"{edit}\"")));
    let r = b.get(&edit).await;
    assert!(r.body.contains("value=\"J-1\""));
    assert!(r.body.contains("value=\"01-02-1980\""));

    // Refusals: what to fix, the input kept, nothing changed.
    let mut taken = client_form("J-2", "Jan", "de Vos");
    let r = b.post(&edit, &taken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is al een cliënt met dit cliëntnummer"));
    assert!(r.body.contains("value=\"de Vos\""));
    taken[0] = ("clientnummer", "J-9");
    taken[3] = ("geboortedatum", "31-02-1980");
    assert!(
        b.post(&edit, &taken)
            .await
            .body
            .contains("Vul een geboortedatum in als dd-mm-jjjj")
    );
    taken[3] = ("geboortedatum", "01-02-1980");
    taken[5] = ("straat", "Dorpsstraat 1");
    assert!(
        b.post(&edit, &taken)
            .await
            .body
            .contains("Vul straat, postcode en plaats alle drie in")
    );
    taken[1] = ("voornaam", "");
    taken[5] = ("straat", "");
    assert!(
        b.post(&edit, &taken)
            .await
            .body
            .contains("Vul een voornaam in")
    );
    let id = page.rsplit('/').next().unwrap().parse().unwrap();
    let record = w.t.app.store.get_client_record(id).await.unwrap().unwrap();
    assert_eq!(
        (record.client_number.as_str(), record.last_name.as_str()),
        ("J-1", "de Vries")
    );

    // Saved.
    let mut changed = client_form("J-9", "Jan", "de Vos");
    changed[5] = ("straat", "Dorpsstraat 1");
    changed[6] = ("postcode", "1234 AB");
    changed[7] = ("plaats", "Utrecht");
    let r = b.post(&edit, &changed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), page);
    let r = b.get(&page).await;
    assert!(r.body.contains("Jan de Vos") && r.body.contains("J-9"));
    let record = w.t.app.store.get_client_record(id).await.unwrap().unwrap();
    assert_eq!(record.address.unwrap().city, "Utrecht");
    assert!(
        search(&mut b, &clients, "jan de vo")
            .await
            .contains("Jan de Vos")
    );
    assert!(
        !search(&mut b, &clients, "jan de vr")
            .await
            .contains("Jan de Vos")
    );

    // Another provider's record cannot be edited through this provider.
    let other: ProviderId = w.demo.providers[1].id.parse().unwrap();
    let foreign =
        w.t.app
            .store
            .list_client_records(other, &PageRequest::first(1))
            .await
            .unwrap()
            .items
            .remove(0);
    let path = format!("{clients}/{}/wijzigen", foreign.id);
    assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND);
    let r = b.post(&path, &client_form("X-1", "Niet", "Doen")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let unchanged =
        w.t.app
            .store
            .get_client_record(foreign.id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(unchanged, foreign);
}

#[tokio::test]
async fn the_connections_page_lists_the_newest_first() {
    let w = world().await;
    let own = own(&w);
    let mut b = staff_browser(&w, own, "secretariaat@ggz.example", StaffRole::Secretariat).await;
    let connections = format!("/zorgaanbieder/{own}/koppelingen");
    let home = b.get(&format!("/zorgaanbieder/{own}")).await;
    assert!(home.body.contains(&format!("href=\"{connections}\"")));
    assert!(
        !home.body.contains("/instellingen"),
        "admin pages are not offered"
    );
    let before = b.get(&connections).await;
    assert_eq!(before.status, StatusCode::OK);
    let rows_before = before.body.matches("<tr><td>").count();

    // A client of this provider connects an hour later.
    w.t.clock.advance(SignedDuration::from_hours(1));
    let letter = w
        .demo
        .letters
        .iter()
        .find(|l| {
            l.status == "valid"
                && l.intended_for == "client"
                && l.provider == w.demo.providers[0].name
        })
        .unwrap();
    w.register(
        letter,
        "sanne@voorbeeld.example",
        "zonnebloem kikker winter",
    )
    .await;
    let mut b = support::staff::staff_login_again(&w, "secretariaat@ggz.example").await;
    let r = b.get(&connections).await;
    assert_eq!(r.body.matches("<tr><td>").count(), rows_before + 1);
    let first_row = r.body.split("<tr><td>").nth(1).unwrap();
    assert!(first_row.contains("Sanne de Vries"), "{first_row}");
    assert!(
        first_row.contains("maandag 23 november 2026, 12:00"),
        "{first_row}"
    );
    // Nothing was unlinked: the list of ended connections says so.
    assert!(r.body.contains("Er zijn nog geen koppelingen verbroken."));
}
