//! The steps of a helper ("Ik geef hulp", SPEC S3) and the clients and letters they use, for
//! the tests of helping and of handing a care page over.

use super::Browser;
use super::world::{World, dutch};
use jiff::civil::Date;
use zk_app::clients::{NewClient, register_client};
use zk_app::letters::issue_letter;
use zk_domain::letter::IntendedFor;
use zk_domain::page::PageRequest;
use zk_domain::{BirthDate, ClientRecordId, ProviderId};

/// A client of the first demo provider born on `born`, with a letter addressed to `to`: returns
/// the code and the birth date as typed.
pub async fn client_with_letter(
    w: &World,
    number: &str,
    names: (&str, &str),
    born: Date,
    to: IntendedFor,
) -> (String, String) {
    let record = client(w, number, names, born).await;
    let code = new_letter(w, record, to).await;
    (code, dutch(&born.to_string()))
}

/// A client record of the first demo provider.
pub async fn client(
    w: &World,
    number: &str,
    (first, last): (&str, &str),
    born: Date,
) -> ClientRecordId {
    let provider = first_provider(w).await;
    register_client(
        &w.t.app,
        zk_app::audit::staff_changes::By::Operator,
        provider,
        NewClient {
            client_number: number.into(),
            first_name: first.into(),
            last_name: last.into(),
            birth_date: BirthDate::new(born),
            email: None,
            address: None,
        },
    )
    .await
    .unwrap()
    .id
}

pub async fn first_provider(w: &World) -> ProviderId {
    w.t.app
        .store
        .list_providers(&PageRequest::first(1))
        .await
        .unwrap()
        .items[0]
        .id
}

/// Terms, the helper's own name, "Ik geef hulp", e-mail, the client's name and the relation:
/// on the letter question. Checks each page's wording on the way.
pub async fn up_to_letter<'a>(w: &'a World, email: &str, relation: &str) -> Browser<'a> {
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/account-aanmaken",
        &[("akkoord", "ja")],
        "/account-aanmaken/naam",
    )
    .await;
    b.post_to(
        "/account-aanmaken/naam",
        &[("voornaam", "Mirjam"), ("achternaam", "Bakker")],
        "/account-aanmaken/rol",
    )
    .await;
    let email_page = b
        .post_to(
            "/account-aanmaken/rol",
            &[("rol", "geef")],
            "/account-aanmaken/e-mailadres",
        )
        .await;
    assert!(email_page.body.contains("href=\"/account-aanmaken/rol\""));
    let client = b
        .post_to(
            "/account-aanmaken/e-mailadres",
            &[("email", email)],
            "/account-aanmaken/voor-wie",
        )
        .await;
    assert!(client.body.contains("Voor wie geef je hulp?"));
    let missing = b
        .post(
            "/account-aanmaken/voor-wie",
            &[("voornaam", "Tim"), ("achternaam", " ")],
        )
        .await;
    assert!(
        missing
            .body
            .contains("Vul je voornaam en je achternaam in.")
    );
    let relation_page = b
        .post_to(
            "/account-aanmaken/voor-wie",
            &[("voornaam", "Tim"), ("achternaam", "Bakker")],
            "/account-aanmaken/relatie",
        )
        .await;
    assert!(relation_page.body.contains("Wat ben je van Tim Bakker?"));
    assert!(relation_page.body.contains("Ouder of voogd"));
    assert!(
        relation_page
            .body
            .contains("Wettelijk vertegenwoordiger (mentor, curator)")
    );
    assert!(relation_page.body.contains("Anders"));
    let none = b.post("/account-aanmaken/relatie", &[]).await;
    assert!(none.body.contains("Kies wat je bent van deze persoon."));
    let letter = b
        .post_to(
            "/account-aanmaken/relatie",
            &[("relatie", relation)],
            "/account-aanmaken/brief",
        )
        .await;
    assert!(
        letter
            .body
            .contains("Heb je een brief ontvangen met een code?")
    );
    b
}

/// The whole helper registration with a letter's code and the client's birth date; returns the
/// browser, logged in on "klaar".
pub async fn register_helper<'a>(
    w: &'a World,
    email: &str,
    relation: &str,
    code: &str,
    birth: &str,
) -> Browser<'a> {
    let mut b = up_to_letter(w, email, relation).await;
    b.post_to(
        "/account-aanmaken/brief",
        &[("brief", "ja")],
        "/account-aanmaken/code",
    )
    .await;
    b.post_to(
        "/account-aanmaken/code",
        &[("code", code), ("geboortedatum", birth)],
        "/account-aanmaken/koppeling",
    )
    .await;
    finish_from_match(w, &mut b).await;
    b
}

/// From the match page: confirm, send the activation e-mail, use its link, choose a password.
pub async fn finish_from_match(w: &World, b: &mut Browser<'_>) {
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
    b.post_to(
        "/account-aanmaken/wachtwoord",
        &[("wachtwoord", PASSWORD), ("herhaling", PASSWORD)],
        "/account-aanmaken/klaar",
    )
    .await;
}

pub const PASSWORD: &str = "fiets boom regen lantaarn";

/// A new letter for a client record, addressed to `to`: its code.
pub async fn new_letter(w: &World, record: ClientRecordId, to: IntendedFor) -> String {
    issue_letter(&w.t.app, record, to, w.t.app.now())
        .await
        .unwrap()
        .code
        .digits()
}
