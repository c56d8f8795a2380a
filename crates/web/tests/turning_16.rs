//! Turning 16 (SPEC S2, S3): the secretariat may address a letter to the client only from the
//! 16th birthday (one day either side, with the injected clock), the parent managing the page is
//! e-mailed when such a letter is made, and the parent sees a banner from three months before.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use jiff::{SignedDuration, Span};
use support::Browser;
use support::helping::{PASSWORD, client, new_letter, register_helper};
use support::world::{World, dutch, world};
use zk_domain::letter::IntendedFor;
use zk_domain::page::PageRequest;

/// The demo staff member of the first provider, logged in with the SMS code.
async fn staff(w: &World) -> Browser<'_> {
    let p = &w.demo.providers[0];
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

#[tokio::test]
async fn a_letter_for_the_client_only_from_the_16th_birthday_and_the_parent_is_told() {
    let w = world().await;
    // Noor turns 16 tomorrow; her mother manages her page.
    let born =
        w.t.app
            .today()
            .saturating_sub(Span::new().years(16))
            .tomorrow()
            .unwrap();
    let record = client(&w, "ZESTIEN-1", ("Noor", "Jansen"), born).await;
    let for_parent = new_letter(&w, record, IntendedFor::Representative).await;
    register_helper(
        &w,
        "moeder@voorbeeld.example",
        "ouder",
        &for_parent,
        &dutch(&born.to_string()),
    )
    .await;
    let letters = || async {
        w.t.app
            .store
            .list_letters_for_client(record, &PageRequest::first(10))
            .await
            .unwrap()
            .items
    };
    let before = letters().await.len();

    let provider = &w.demo.providers[0].id;
    let page = format!("/zorgaanbieder/{provider}/clienten/{record}");
    let mut secretary = staff(&w).await;
    let shown = secretary.get(&page).await;
    assert!(shown.body.contains("Voor wie is de brief?"));
    assert!(
        shown.body.contains("value=\"vertegenwoordiger\" checked"),
        "under 16 the representative is the default"
    );
    let refused = secretary
        .post(&format!("{page}/brief"), &[("voor", "client")])
        .await;
    assert_eq!(refused.header("location"), format!("{page}?brief=te-jong"));
    let told = secretary.get(&format!("{page}?brief=te-jong")).await;
    assert!(
        told.body.contains(&format!(
            "Er is geen brief gemaakt. Noor Jansen is jonger dan 16 jaar. Een brief voor de cliënt zelf kan vanaf {}.",
            dutch(&born.saturating_add(Span::new().years(16)).to_string())
        )),
        "{}",
        told.body
    );
    assert_eq!(letters().await.len(), before, "nothing was made");

    // On her 16th birthday the letter can be made, and her mother hears of it.
    w.t.clock.advance(SignedDuration::from_hours(24));
    w.deliver().await;
    let mails_before = w.mailer.sent().len();
    let mut secretary = staff(&w).await;
    assert!(
        secretary
            .get(&page)
            .await
            .body
            .contains("value=\"client\" checked")
    );
    let made = secretary
        .post(&format!("{page}/brief"), &[("voor", "client")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    assert!(!made.header("location").contains("te-jong"));
    let newest = letters().await;
    assert_eq!(newest.len(), before + 1);
    assert_eq!(newest[0].intended_for, IntendedFor::Client);
    w.deliver().await;
    let sent = w.mailer.sent();
    let to_mother: Vec<_> = sent[mails_before..]
        .iter()
        .filter(|m| m.recipient == "moeder@voorbeeld.example")
        .collect();
    assert_eq!(to_mother.len(), 1);
    assert_eq!(
        to_mother[0].subject.as_deref(),
        Some("Noor heeft een eigen brief gekregen")
    );
    assert!(
        to_mother[0]
            .text_body
            .contains("Jij kunt dan niet meer meekijken, tenzij Noor je uitnodigt.")
    );
}

#[tokio::test]
async fn the_parent_sees_the_banner_from_three_months_before() {
    let w = world().await;
    // Noor turns 16 three months and one day from now.
    let sixteen =
        w.t.app
            .today()
            .saturating_add(Span::new().months(3))
            .tomorrow()
            .unwrap();
    let born = sixteen.saturating_sub(Span::new().years(16));
    let record = client(&w, "ZESTIEN-2", ("Noor", "Jansen"), born).await;
    let for_parent = new_letter(&w, record, IntendedFor::Representative).await;
    let mut mother = register_helper(
        &w,
        "moeder@voorbeeld.example",
        "ouder",
        &for_parent,
        &dutch(&born.to_string()),
    )
    .await;
    let banner = format!(
        "Vanaf {} mag Noor de eigen zorgpagina beheren. Als Noor een eigen brief gebruikt, kun jij niet meer meekijken, tenzij Noor je uitnodigt.",
        dutch(&sixteen.to_string())
    );
    let care = mother.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    assert!(care.body.contains("Noor Jansen"));
    assert!(!care.body.contains(&banner), "3 months and 1 day before");

    w.t.clock.advance(SignedDuration::from_hours(24));
    let mut mother = Browser::new(&w.t);
    mother
        .post_to(
            "/inloggen",
            &[
                ("email", "moeder@voorbeeld.example"),
                ("wachtwoord", PASSWORD),
            ],
            "/zorgpagina",
        )
        .await;
    let care = mother.get("/zorgpagina").await;
    assert!(care.body.contains(&banner), "{}", care.body);
}
