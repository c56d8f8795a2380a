//! Managing the members of a care page's network over HTTP (SPEC S6): changed permissions
//! count from the next request, removing and leaving, a co-beheerder who invites, members kept
//! out of the manage pages, contact details shown only when allowed, and an account with another
//! e-mail address than the one invited accepting.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::network::*;
use support::world::world;

/// What some categories show on Sanne's care page.
const APPOINTMENTS: &str = "Je volgende afspraken";
const REPORTS: &str = "Verslag intake";
const DOCUMENTS: &str = ">Behandelplan.pdf</a>";

#[tokio::test]
async fn changed_permissions_count_from_the_next_request() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let mut ria = member(
        &w,
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["appointments"],
    )
    .await;
    let care = format!("/zorgpagina?pagina={page}");
    assert!(!ria.get(&care).await.body.contains(REPORTS));
    let edit = member_url(&sanne.get(&network(&page)).await.body, &page);
    let form = sanne.get(&edit).await.body;
    assert!(form.contains("name=\"appointments\" value=\"ja\" checked"));
    let r = sanne
        .post(
            &edit,
            &[
                ("relatie", "partner"),
                ("appointments", "ja"),
                ("reports", "ja"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "ria@voorbeeld.example");
    assert!(
        mail.text_body
            .contains("Sanne de Vries heeft veranderd wat je mag zien.")
    );
    let body = ria.get(&care).await.body;
    assert!(body.contains(REPORTS) && !body.contains(DOCUMENTS));
    assert!(sanne.get(&network(&page)).await.body.contains("Partner"));

    // Taking it away again works as fast.
    sanne.post(&edit, &[("relatie", "partner")]).await;
    let body = ria.get(&care).await.body;
    assert!(!body.contains(REPORTS) && !body.contains(APPOINTMENTS));
    // A relation is required.
    let r = sanne.post(&edit, &[("reports", "ja")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Kies wat deze persoon van de cliënt is."));
    assert!(
        !ria.get(&care).await.body.contains(REPORTS),
        "nothing changed"
    );
}

#[tokio::test]
async fn a_removed_member_and_one_who_left_see_the_page_no_more() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let care = format!("/zorgpagina?pagina={page}");
    let mut ria = member(
        &w,
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["reports"],
    )
    .await;
    assert!(ria.get(&care).await.body.contains(REPORTS));
    let edit = member_url(&sanne.get(&network(&page)).await.body, &page);
    let remove = edit.replace("?pagina", "/verwijderen?pagina");
    let confirm = sanne.get(&remove).await;
    assert!(confirm.body.contains("Ria Jansen verwijderen?"));
    let r = sanne.post(&remove, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "ria@voorbeeld.example");
    assert!(
        mail.text_body
            .contains("Sanne de Vries heeft je verwijderd.")
    );
    assert_eq!(ria.get(&care).await.status, StatusCode::NOT_FOUND);

    let mut piet = member(
        &w,
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["reports"],
    )
    .await;
    let leave = format!("/zorgpagina/netwerk/verlaten?pagina={page}");
    let ask = piet.get(&leave).await;
    assert!(ask.body.contains("Ik wil niet meer meekijken"));
    assert!(ask.body.contains("Ja, ik stop met meekijken"));
    let r = piet.post(&leave, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/zorgpagina");
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, "sanne@voorbeeld.example");
    assert!(mail.text_body.contains("Piet Jansen kijkt niet meer mee."));
    assert_eq!(piet.get(&care).await.status, StatusCode::NOT_FOUND);
    // The beheerder cannot leave her own page.
    assert_eq!(sanne.get(&leave).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_co_beheerder_invites_and_both_managers_hear_the_answer() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let mut ria = member(&w, &mut sanne, &page, "Ria", "ria@voorbeeld.example", &[]).await;
    let edit = member_url(&sanne.get(&network(&page)).await.body, &page);
    sanne
        .post(&edit, &[("relatie", "parent"), ("cobeheerder", "ja")])
        .await;
    // A co-beheerder sees everything and manages the network.
    assert!(
        ria.get(&format!("/zorgpagina?pagina={page}"))
            .await
            .body
            .contains(REPORTS)
    );
    invite(
        &mut ria,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["agenda_only"],
    )
    .await;
    let mail = w.last_mail().await;
    assert_eq!(
        mail.subject.as_deref(),
        Some("Ria Jansen nodigt je uit in Zorgkring")
    );
    let link = link_in(&mail.text_body);
    let mut piet = Browser::new(&w.t);
    piet.post(&format!("{link}/weigeren"), &[]).await;
    w.deliver().await;
    let told: Vec<String> = w
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.text_body.contains("Piet heeft je uitnodiging geweigerd."))
        .map(|m| m.recipient)
        .collect();
    assert_eq!(
        told,
        vec!["sanne@voorbeeld.example", "ria@voorbeeld.example"]
    );
}

#[tokio::test]
async fn a_member_cannot_reach_the_manage_urls() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let mut ria = member(
        &w,
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["reports"],
    )
    .await;
    invite(
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["everything"],
    )
    .await;
    let net = sanne.get(&network(&page)).await.body;
    let invitation = invitation_id(&net);
    let edit = member_url(&net, &page);
    let remove = edit.replace("?pagina", "/verwijderen?pagina");
    let invite_url = format!("/zorgpagina/netwerk/uitnodigen?pagina={page}");
    for url in [&invite_url, &edit, &remove] {
        assert_eq!(
            ria.get(url).await.status,
            StatusCode::NOT_FOUND,
            "GET {url}"
        );
    }
    let posts = [
        invite_url.clone(),
        edit.clone(),
        remove.clone(),
        format!("/zorgpagina/netwerk/uitnodiging/{invitation}/intrekken?pagina={page}"),
        format!("/zorgpagina/netwerk/uitnodiging/{invitation}/opnieuw?pagina={page}"),
    ];
    for url in &posts {
        let r = ria
            .post(
                url,
                &[
                    ("naam", "X"),
                    ("email", "x@voorbeeld.example"),
                    ("relatie", "other"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {url}");
    }
    // Nothing changed: Ria still sees reports, Piet's invitation is still open.
    assert!(
        ria.get(&format!("/zorgpagina?pagina={page}"))
            .await
            .body
            .contains(REPORTS)
    );
    assert_eq!(
        invitation_id(&sanne.get(&network(&page)).await.body),
        invitation
    );
    // Another page's id, or a made-up one, is "not found" the same way.
    let made_up = "/zorgpagina/netwerk?pagina=0190a1b2-0000-7000-8000-000000000000";
    assert_eq!(ria.get(made_up).await.status, StatusCode::NOT_FOUND);
    assert_eq!(sanne.get(made_up).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn contact_details_show_only_when_allowed() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let mut ria = member(
        &w,
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["appointments"],
    )
    .await;
    assert!(
        !ria.get(&network(&page))
            .await
            .body
            .contains("sanne@voorbeeld.example")
    );
    let edit = member_url(&sanne.get(&network(&page)).await.body, &page);
    sanne
        .post(&edit, &[("relatie", "parent"), ("contacten", "ja")])
        .await;
    let net = ria.get(&network(&page)).await.body;
    assert!(net.contains("sanne@voorbeeld.example"));
}

#[tokio::test]
async fn an_account_with_another_address_may_accept_and_is_told_so() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    invite(
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["reports"],
    )
    .await;
    let link = invitation_path(&w).await;
    let mut ria = verified_account(&w, "Ria", "ria.prive@voorbeeld.example").await;
    let offer = ria.get(&link).await;
    assert_eq!(offer.status, StatusCode::OK);
    assert!(offer.body.contains(
        "Deze uitnodiging is gestuurd naar ria@voorbeeld.example. Je bent ingelogd als ria.prive@voorbeeld.example."
    ));
    let r = ria.post(&format!("{link}/accepteren"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let care = ria.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(care.body.contains(REPORTS));
}
