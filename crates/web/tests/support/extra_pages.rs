//! Steps for the tests of care pages made without a provider ("Zorgpagina toevoegen") and of
//! connecting a letter to one of them on Connecties.

use super::Browser;
use super::world::World;
use axum::http::StatusCode;
use jiff::SignedDuration;
use zk_domain::AccountId;

pub const ADD: &str = "/zorgpagina/toevoegen";

pub async fn account_id(w: &World, email: &str) -> AccountId {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Makes a care page on the form; returns its id.
pub async fn add_page(
    b: &mut Browser<'_>,
    first: &str,
    last: &str,
    born: &str,
    rel: &str,
) -> String {
    let made = b
        .post(
            ADD,
            &[
                ("voornaam", first),
                ("achternaam", last),
                ("geboortedatum", born),
                ("relatie", rel),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let to = made.header("location");
    to.strip_prefix("/zorgpagina?pagina=").unwrap().to_owned()
}

/// Waits three minutes: the tests try more letters than the attempt limits allow at once.
pub fn pause(b: &Browser<'_>) {
    b.app.clock.advance(SignedDuration::from_mins(3));
}

/// "Brief met code activeren" for a chosen page, up to the match or a refusal.
pub async fn letter_for_page(b: &mut Browser<'_>, page: &str, code: &str, birth: &str) -> String {
    pause(b);
    let voor = format!("pagina-{page}");
    let r = b
        .post(
            "/connecties",
            &[("voor", &voor), ("code", code), ("geboortedatum", birth)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    r.body
}

pub async fn confirm_for_page(
    b: &mut Browser<'_>,
    page: &str,
    code: &str,
    birth: &str,
) -> (StatusCode, String, String) {
    pause(b);
    let voor = format!("pagina-{page}");
    let r = b
        .post(
            "/connecties/bevestigen",
            &[
                ("voor", &voor),
                ("code", code),
                ("geboortedatum", birth),
                ("klopt", "ja"),
            ],
        )
        .await;
    let location = if r.status == StatusCode::SEE_OTHER {
        r.header("location").to_owned()
    } else {
        String::new()
    };
    (r.status, location, r.body)
}
