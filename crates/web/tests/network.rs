//! Invitations to a care page's network over HTTP (SPEC S6): inviting, accepting after signing
//! up, declining, expiry, withdrawing, re-sending, refused input and the hourly limit. Managing
//! members is in `network_members.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::network::*;
use support::world::{World, world, world_with};
use support::{Browser, TestApp};

/// What each category shows on Sanne's care page.
const APPOINTMENTS: &str = "Je volgende afspraken";
const REPORTS: &str = "Verslag intake";
const DOCUMENTS: &str = ">Behandelplan.pdf</a>";
const TEAM: &str = "Jouw behandelaar";
const PLAN: &str = "Ik slaap weer minstens zeven uur per nacht.";
const MEASUREMENTS: &str = "Vragenlijst OQ-45";

async fn invite_sign_up_and_accept(w: &World) {
    let (mut sanne, page) = beheerder(w).await;
    let report = {
        let care = sanne.get("/zorgpagina").await.body;
        let at = care.find("/zorgpagina/verslagen/").unwrap();
        care[at..at + "/zorgpagina/verslagen/".len() + 36].to_owned()
    };
    invite(
        &mut sanne,
        &page,
        "Ria Jansen",
        "Ria@Voorbeeld.example",
        &["agenda_only"],
    )
    .await;
    let shown = sanne.get(&network(&page)).await.body;
    assert!(shown.contains("Ria Jansen") && shown.contains("ria@voorbeeld.example"));

    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "ria@voorbeeld.example");
    assert_eq!(
        mail.subject.as_deref(),
        Some("Sanne de Vries nodigt je uit in Zorgkring")
    );
    assert!(!mail.text_body.contains("GGZ Rivierenland"), "no care data");
    let link = link_in(&mail.text_body);

    // Not logged in: what the invitation offers, and the way to an account.
    let mut ria = Browser::new(&w.t);
    let offer = ria.get(&link).await;
    assert_eq!(offer.status, StatusCode::OK);
    let body = &offer.body;
    assert!(body.contains(
        "Sanne de Vries nodigt je uit om mee te kijken op de zorgpagina van Sanne de Vries."
    ));
    for shown in [
        "Afspraken met de zorgaanbieder",
        "Gedeelde agenda",
        "Berichten",
        "Familie",
    ] {
        assert!(body.contains(shown), "{shown} missing");
    }
    assert!(!body.contains("<li>Verslagen</li>"));
    assert!(body.contains("href=\"/inloggen\"") && body.contains("href=\"/account-aanmaken\""));
    let remembered = ria.cookies.get("zk_invitation").cloned().unwrap();

    // A new account without a letter, in the same browser: the care page leads back.
    let mut b = w
        .register_without_letter_as("Ria", "Jansen", "ria@voorbeeld.example", PASSWORD)
        .await;
    b.cookies.insert("zk_invitation".into(), remembered);
    let back = b.get("/zorgpagina").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.header("location"), link);
    let offer = b.get(&link).await;
    assert!(
        offer.body.contains("Accepteren") && !offer.body.contains("Je kunt de uitnodiging toch")
    );
    assert!(!b.cookies.contains_key("zk_invitation"));
    let accepted = b.post(&format!("{link}/accepteren"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        accepted.header("location"),
        format!("/zorgpagina?pagina={page}")
    );
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "sanne@voorbeeld.example");
    assert!(
        mail.text_body
            .contains("Ria Jansen heeft je uitnodiging geaccepteerd")
    );

    // Without a second factor nothing of the care data shows.
    let care = b.get(&format!("/zorgpagina?pagina={page}")).await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Voeg je telefoonnummer toe"));
    assert!(!care.body.contains(APPOINTMENTS) && !care.body.contains(REPORTS));
    b.post_to(
        "/profiel",
        &[("telefoon", "06 1234 5678")],
        "/profiel/telefoon/code",
    )
    .await;
    let code = w.last_sms_code().await;
    b.post("/profiel/telefoon/code", &[("code", &code)]).await;
    let care = b.get(&format!("/zorgpagina?pagina={page}")).await.body;
    assert!(care.contains(APPOINTMENTS), "granted");
    for hidden in [REPORTS, DOCUMENTS, TEAM, PLAN, MEASUREMENTS] {
        assert!(!care.contains(hidden), "{hidden} shown");
    }
    assert_eq!(b.get(&report).await.status, StatusCode::NOT_FOUND);

    // The member sees the network by name, without the others' contact details.
    let net = b.get(&network(&page)).await.body;
    assert!(net.contains("Sanne de Vries") && net.contains("Ria Jansen"));
    assert!(!net.contains("sanne@voorbeeld.example"));
    assert!(!net.contains("Iemand uitnodigen") && net.contains("Ik wil niet meer meekijken"));

    // The link works once.
    let again = b.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.body.contains("Deze uitnodiging is al gebruikt."));
    assert!(
        again
            .body
            .contains("Vraag Sanne de Vries om een nieuwe uitnodiging.")
    );
}

#[tokio::test]
async fn an_invitee_signs_up_accepts_and_sees_only_what_was_granted() {
    invite_sign_up_and_accept(&world().await).await;
}

#[tokio::test]
async fn an_invitee_signs_up_accepts_and_sees_only_what_was_granted_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    invite_sign_up_and_accept(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn declining_needs_no_account_and_tells_the_beheerder() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    invite(
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["everything"],
    )
    .await;
    let link = invitation_path(&w).await;
    let mut piet = Browser::new(&w.t);
    let r = piet.post(&format!("{link}/weigeren"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Je hebt de uitnodiging geweigerd"));
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "sanne@voorbeeld.example");
    assert!(
        mail.text_body
            .contains("Piet heeft je uitnodiging geweigerd.")
    );
    let again = piet.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.body.contains("Deze uitnodiging is geweigerd."));
    assert!(
        sanne
            .get(&network(&page))
            .await
            .body
            .contains("Er zijn geen open uitnodigingen.")
    );
}

#[tokio::test]
async fn a_link_stops_working_one_second_after_seven_days() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    invite(
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["everything"],
    )
    .await;
    let link = invitation_path(&w).await;
    // (Sessions do not last a week: the link is opened without one, as from the e-mail.)
    let mut piet = Browser::new(&w.t);
    w.t.clock
        .advance(SignedDuration::from_hours(7 * 24) - SignedDuration::from_secs(1));
    assert_eq!(piet.get(&link).await.status, StatusCode::OK);
    w.t.clock.advance(SignedDuration::from_secs(2));
    let late = piet.get(&link).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(late.body.contains("Deze uitnodiging is verlopen."));
    assert!(
        late.body
            .contains("Vraag Sanne de Vries om een nieuwe uitnodiging.")
    );
    let r = piet.post(&format!("{link}/weigeren"), &[]).await;
    assert_eq!(r.status, StatusCode::GONE);
    // Accepting late with a fresh account fails the same way and adds no member.
    let mut late_account = verified_account(&w, "Piet", "piet@voorbeeld.example").await;
    let r = late_account.post(&format!("{link}/accepteren"), &[]).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert_eq!(
        late_account
            .get(&format!("/zorgpagina?pagina={page}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut sanne = login_again(&w, "sanne@voorbeeld.example").await;
    let net = sanne.get(&network(&page)).await.body;
    assert!(net.contains("Verlopen. Stuur de uitnodiging opnieuw"));
}

#[tokio::test]
async fn re_sending_kills_the_old_link_and_withdrawing_the_new_one() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    invite(
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["everything"],
    )
    .await;
    let first = invitation_path(&w).await;
    // Seven days later the invitation has expired; sending it again gives seven new days.
    w.t.clock.advance(SignedDuration::from_hours(8 * 24));
    let mut sanne = login_again(&w, "sanne@voorbeeld.example").await;
    let id = invitation_id(&sanne.get(&network(&page)).await.body);
    let r = sanne
        .post(
            &format!("/zorgpagina/netwerk/uitnodiging/{id}/opnieuw?pagina={page}"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = invitation_path(&w).await;
    assert_ne!(first, second);
    let mut piet = Browser::new(&w.t);
    let old = piet.get(&first).await;
    assert_eq!(old.status, StatusCode::NOT_FOUND);
    assert!(old.body.contains("Deze link werkt niet."));
    assert_eq!(piet.get(&second).await.status, StatusCode::OK);

    let r = sanne
        .post(
            &format!("/zorgpagina/netwerk/uitnodiging/{id}/intrekken?pagina={page}"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "piet@voorbeeld.example");
    assert!(
        mail.text_body
            .contains("Sanne de Vries heeft de uitnodiging ingetrokken.")
    );
    let gone = piet.get(&second).await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert!(gone.body.contains("Deze uitnodiging is ingetrokken."));
    // Withdrawn once: a second time is "not found".
    let r = sanne
        .post(
            &format!("/zorgpagina/netwerk/uitnodiging/{id}/intrekken?pagina={page}"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_invitations_are_refused_with_a_clear_message() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let url = format!("/zorgpagina/netwerk/uitnodigen?pagina={page}");
    let base = [
        ("naam", "Piet"),
        ("email", "piet@voorbeeld.example"),
        ("taal", "nl"),
        ("relatie", "friend"),
        ("voorkeur", "everything"),
    ];
    let cases: [(&str, &str, &str); 6] = [
        ("naam", " ", "Vul de naam in."),
        ("email", "piet-at-home", "Dit is geen goed e-mailadres."),
        (
            "email",
            "SANNE@voorbeeld.example",
            "Dit is het e-mailadres van de beheerder",
        ),
        ("relatie", "baas", "Kies wat deze persoon van de cliënt is."),
        ("voorkeur", "alles", "Kies wat diegene mag zien."),
        ("taal", "de", "Kies de taal van de e-mail."),
    ];
    for (field, value, message) in cases {
        let form: Vec<(&str, &str)> = base
            .iter()
            .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
            .collect();
        let r = sanne.post(&url, &form).await;
        assert_eq!(r.status, StatusCode::OK, "{field}");
        assert!(r.body.contains(message), "{field}: {message} missing");
    }
    assert!(
        sanne
            .get(&network(&page))
            .await
            .body
            .contains("Er zijn geen open uitnodigingen.")
    );
    w.deliver().await;
    assert!(
        w.mailer
            .sent()
            .iter()
            .all(|m| m.recipient != "piet@voorbeeld.example")
    );
    // Twice the same person while the first still works.
    invite(
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["everything"],
    )
    .await;
    let r = sanne.post(&url, &base).await;
    assert!(
        r.body
            .contains("Deze persoon heeft al een uitnodiging die nog werkt.")
    );
}

#[tokio::test]
async fn twenty_invitations_an_hour_and_then_a_wait() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    for n in 0..20 {
        let email = format!("p{n}@voorbeeld.example");
        invite(&mut sanne, &page, "Piet", &email, &["everything"]).await;
    }
    let url = format!("/zorgpagina/netwerk/uitnodigen?pagina={page}");
    let form = [
        ("naam", "Kees"),
        ("email", "kees@voorbeeld.example"),
        ("taal", "en"),
        ("relatie", "friend"),
        ("voorkeur", "everything"),
    ];
    let r = sanne.post(&url, &form).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Je hebt veel uitnodigingen gestuurd."));
    // Re-sending counts too.
    let id = invitation_id(&sanne.get(&network(&page)).await.body);
    let again = format!("/zorgpagina/netwerk/uitnodiging/{id}/opnieuw?pagina={page}");
    let r = sanne.post(&again, &[]).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{} {}",
        r.header("location"),
        r.body
    );
    w.deliver().await;
    assert!(
        w.mailer
            .sent()
            .iter()
            .all(|m| m.recipient != "kees@voorbeeld.example")
    );
    // An hour later it works again (the session is kept alive on the way).
    for _ in 0..7 {
        w.t.clock.advance(SignedDuration::from_mins(10));
        sanne.get(&network(&page)).await;
    }
    let r = sanne.post(&url, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "kees@voorbeeld.example");
    // In the language the inviter chose.
    assert_eq!(
        mail.subject.as_deref(),
        Some("Sanne de Vries invites you to Zorgkring")
    );
}
