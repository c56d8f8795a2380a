//! The limits of "Zorgpagina toevoegen": every bad input gets its own message and writes
//! nothing; at most `MAX_EXTRA_PAGES` pages per account; only one's own pages take a letter.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use support::extra_pages::{ADD, account_id, add_page};
use support::network::verified_account;
use support::world::{dutch, world};

#[tokio::test]
async fn every_limit_has_a_clear_message_and_writes_nothing() {
    let w = world().await;
    let mut anna = verified_account(&w, "Anna", "anna@voorbeeld.example").await;
    let anna_id = account_id(&w, "anna@voorbeeld.example").await;
    let count = || async { w.t.app.store.count_extra_care_pages(anna_id).await.unwrap() };
    let today = w.t.app.today();
    let refused = |body: &str, messages: &[&str]| {
        for m in messages {
            assert!(body.contains(m), "{m}: {body}");
        }
    };
    let empty = anna.post(ADD, &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused(
        &empty.body,
        &[
            "Vul de voornaam in.",
            "Vul de achternaam in.",
            "Schrijf de geboortedatum zo: 31-12-1950.",
            "Kies wat jij van deze persoon bent.",
        ],
    );
    let long = "a".repeat(101);
    let tomorrow = dutch(&today.tomorrow().unwrap().to_string());
    let too_old = format!("31-12-{}", today.year() - 131);
    for (first, born, message) in [
        (
            long.as_str(),
            "01-01-1990",
            "Een naam mag hoogstens 100 tekens hebben.",
        ),
        ("Oma", "30-02-1990", "Deze geboortedatum bestaat niet."),
        (
            "Oma",
            tomorrow.as_str(),
            "Deze geboortedatum ligt in de toekomst.",
        ),
        (
            "Oma",
            too_old.as_str(),
            "Deze geboortedatum is meer dan 130 jaar geleden.",
        ),
    ] {
        let r = anna
            .post(
                ADD,
                &[
                    ("voornaam", first),
                    ("achternaam", "Jansen"),
                    ("geboortedatum", born),
                    ("relatie", "anders"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        refused(&r.body, &[message]);
        // What was typed stays in the form.
        assert!(r.body.contains("value=\"Jansen\""));
    }
    assert_eq!(count().await, 0);

    // Up to the limit: the longest name, today, and 130 years back are fine.
    let max = zk_app::extra_pages::MAX_EXTRA_PAGES;
    let longest = "a".repeat(100);
    let oldest = format!("01-01-{}", today.year() - 130);
    let today_typed = dutch(&today.to_string());
    let mut pages = Vec::new();
    for n in 0..max {
        let (first, born) = match n {
            0 => (longest.as_str(), "01-01-1990"),
            1 => ("Opa", oldest.as_str()),
            2 => ("Baby", today_typed.as_str()),
            _ => ("Kind", "01-01-2010"),
        };
        pages.push(add_page(&mut anna, first, "Jansen", born, "ouder").await);
    }
    assert_eq!(count().await, max);
    let over = anna
        .post(
            ADD,
            &[
                ("voornaam", "Nog een"),
                ("achternaam", "Jansen"),
                ("geboortedatum", "01-01-2010"),
                ("relatie", "ouder"),
            ],
        )
        .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused(&over.body, &["Je hebt al 10 zorgpagina"]);
    assert_eq!(count().await, max);

    // Someone else's page, or a made-up one, is no target for a letter.
    let mut bob = verified_account(&w, "Bob", "bob@voorbeeld.example").await;
    for voor in [format!("pagina-{}", pages[0]), "pagina-xyz".into()] {
        let r = bob
            .post(
                "/connecties",
                &[
                    ("voor", &voor),
                    ("code", "1234567890"),
                    ("geboortedatum", "01-01-2010"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{voor}");
    }
}
