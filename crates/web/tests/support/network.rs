//! Steps for the network tests: a beheerder with a care page full of provider data, inviting
//! people by e-mail, and people accepting with a new account that has a second factor.

use super::Browser;
use super::world::World;
use axum::http::StatusCode;

pub const PASSWORD: &str = "fiets boom regen lantaarn";

/// The id in the first `?pagina=` link to the network page.
pub fn page_id(body: &str) -> String {
    let start = body
        .find("/zorgpagina/netwerk?pagina=")
        .expect("a link to the network page")
        + "/zorgpagina/netwerk?pagina=".len();
    body[start..start + 36].to_owned()
}

pub fn network(page: &str) -> String {
    format!("/zorgpagina/netwerk?pagina={page}")
}

/// Sanne, with a valid letter of GGZ Rivierenland and a phone: sees her full care page.
pub async fn beheerder(w: &World) -> (Browser<'_>, String) {
    let letter = w.letter("valid", "client");
    let mut b = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = b.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    let page = page_id(&care.body);
    (b, page)
}

/// Invites `email` with the categories `ticked` ("zelf kiezen"), or a preset when `ticked`
/// names one ("agenda_only", "all_but_record", "everything").
pub async fn invite(b: &mut Browser<'_>, page: &str, name: &str, email: &str, ticked: &[&str]) {
    let mut form = vec![
        ("naam", name),
        ("email", email),
        ("taal", "nl"),
        ("relatie", "family"),
    ];
    match ticked {
        [preset @ ("agenda_only" | "all_but_record" | "everything")] => {
            form.push(("voorkeur", preset))
        }
        _ => {
            form.push(("voorkeur", "zelf"));
            for t in ticked {
                form.push((t, "ja"));
            }
        }
    }
    let reply = b
        .post(
            &format!("/zorgpagina/netwerk/uitnodigen?pagina={page}"),
            &form,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.header("location"), network(page));
}

/// The invitation link's path in the newest e-mail.
pub async fn invitation_path(w: &World) -> String {
    let mail = w.last_mail().await;
    link_in(&mail.text_body)
}

pub fn link_in(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains("/uitnodiging/"))
        .expect("an invitation link")
        .trim();
    line.split_once("8080").unwrap().1.to_owned()
}

/// A new account without a letter and with a verified phone, logged in.
pub async fn verified_account<'a>(w: &'a World, first: &str, email: &str) -> Browser<'a> {
    let mut b = w
        .register_without_letter_as(first, "Jansen", email, PASSWORD)
        .await;
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    b
}

/// Invites `email`, makes its account (verified) and accepts: a member with `ticked`.
pub async fn member<'a>(
    w: &'a World,
    beheerder: &mut Browser<'_>,
    page: &str,
    first: &str,
    email: &str,
    ticked: &[&str],
) -> Browser<'a> {
    invite(beheerder, page, first, email, ticked).await;
    let link = invitation_path(w).await;
    let mut b = verified_account(w, first, email).await;
    let r = b.post(&format!("{link}/accepteren"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), format!("/zorgpagina?pagina={page}"));
    b
}

/// Logs `email` in again (password and SMS code) in a new browser, as after a week away.
pub async fn login_again<'a>(w: &'a World, email: &str) -> Browser<'a> {
    w.t.clock.advance(jiff::SignedDuration::from_secs(31));
    let mut b = Browser::new(&w.t);
    b.post_to(
        "/inloggen",
        &[("email", email), ("wachtwoord", PASSWORD)],
        "/inloggen/sms",
    )
    .await;
    let code = w.last_sms_code().await;
    let r = b.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    b
}

/// The id in the first form that withdraws or re-sends an invitation.
pub fn invitation_id(body: &str) -> String {
    let at = body.find("/zorgpagina/netwerk/uitnodiging/").unwrap()
        + "/zorgpagina/netwerk/uitnodiging/".len();
    body[at..at + 36].to_owned()
}

pub fn member_url(body: &str, page: &str) -> String {
    let at = body.find("/zorgpagina/netwerk/lid/").unwrap();
    let end = at + "/zorgpagina/netwerk/lid/".len() + 36;
    format!("{}?pagina={page}", &body[at..end])
}
