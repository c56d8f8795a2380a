//! Tests of the demo world: every letter in `demo.json` behaves as its status says.

use super::*;
use crate::letters::find_by_code;
use crate::test_support::empty_app;
use zk_domain::LetterCode;
use zk_domain::page::PageRequest;

#[tokio::test]
async fn the_demo_world_has_what_testers_need() {
    let (app, _dir) = empty_app().await;
    let world = seed(&app).await.unwrap();
    assert_eq!(world.providers.len(), 3);
    assert_eq!(world.clients.len(), 30);
    assert_eq!(world.accounts.len(), 3, "one ready-made login per provider");
    for p in &world.providers {
        let token = crate::api_tokens::authenticate(&app, &p.api_token)
            .await
            .unwrap()
            .expect("the demo API token works");
        assert_eq!(token.provider_id.to_string(), p.id);
        assert!(token.can_read && token.can_write && token.resource_types.is_none());
    }
    for a in &world.accounts {
        let account = app
            .store
            .find_account_by_email(&a.email)
            .await
            .unwrap()
            .unwrap();
        assert!(account.has_second_factor());
        assert!(
            world
                .letters
                .iter()
                .any(|l| l.client_name == a.client_name && l.status == "used")
        );
    }
    let today = app.today();
    for provider in &world.providers {
        let letters: Vec<_> = world
            .letters
            .iter()
            .filter(|l| l.provider == provider.name)
            .collect();
        for status in ["valid", "expired", "used", "revoked"] {
            assert!(
                letters
                    .iter()
                    .any(|l| l.status == status && l.intended_for == "client"),
                "{status}"
            );
        }
        let adult_valid = letters
            .iter()
            .find(|l| l.status == "valid" && l.intended_for == "client")
            .unwrap();
        assert!(
            BirthDate::parse_iso(&adult_valid.birth_date)
                .unwrap()
                .may_self_manage(today)
        );
        let child = letters
            .iter()
            .find(|l| l.intended_for == "representative")
            .unwrap();
        assert!(
            !BirthDate::parse_iso(&child.birth_date)
                .unwrap()
                .may_self_manage(today)
        );
    }
    // Every code printed in demo.json finds its letter, with the status written next to it.
    for l in &world.letters {
        let code = LetterCode::parse(&l.code).unwrap();
        let stored = find_by_code(&app, &code).await.unwrap().unwrap();
        assert_eq!(stored.status(app.now()).as_str(), l.status);
    }
}

#[tokio::test]
async fn demo_clients_have_care_data_in_the_past_and_future() {
    let (app, _dir) = empty_app().await;
    seed(&app).await.unwrap();
    let provider = app
        .store
        .list_providers(&PageRequest::first(1))
        .await
        .unwrap()
        .items
        .remove(0);
    let clients = app
        .store
        .list_client_records(provider.id, &PageRequest::first(100))
        .await
        .unwrap();
    assert_eq!(clients.items.len(), CLIENTS_PER_PROVIDER);
    let client = &clients.items[0];
    let now = app.now();
    use zk_domain::care::AppointmentWindow::*;
    let upcoming = app
        .store
        .list_appointments(client.id, Upcoming { now }, &PageRequest::first(10))
        .await
        .unwrap();
    let past = app
        .store
        .list_appointments(client.id, Past { now }, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!((upcoming.items.len(), past.items.len()), (3, 3));
    assert_eq!(
        app.store
            .list_care_team(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    assert_eq!(
        app.store
            .list_reports(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .len(),
        3
    );
    let docs = app
        .store
        .list_documents(client.id, &PageRequest::first(10))
        .await
        .unwrap();
    let pdf = app
        .store
        .read_document_content(docs.items[0].id)
        .await
        .unwrap()
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        app.store
            .list_measurements(client.id, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .len(),
        4
    );
}

#[tokio::test]
async fn the_demo_relative_sees_the_clients_page_with_the_agenda_only() {
    let (app, _dir) = empty_app().await;
    let world = seed(&app).await.unwrap();
    let [relative] = world.relatives.as_slice() else {
        panic!("one demo relative");
    };
    let account = app
        .store
        .find_account_by_email(&relative.email)
        .await
        .unwrap()
        .unwrap();
    assert!(account.has_second_factor());
    let pages = crate::network::pages_of(&app, &account).await.unwrap();
    let (page, access) = pages
        .iter()
        .find(|(p, _)| format!("{} {}", p.first_name, p.last_name) == relative.member_of)
        .expect("the client's page is in the relative's switcher");
    assert_eq!(
        access.permissions,
        zk_domain::network::Preset::AgendaOnly.permissions()
    );
    let crate::care_page::CarePageView::Visible { sections, .. } =
        crate::care_page::view(&app, &account, Some(page.id), None)
            .await
            .unwrap()
    else {
        panic!("the relative has a second factor: the page is visible");
    };
    assert!(!sections.is_empty());
    for s in &sections {
        assert!(
            !s.upcoming.is_empty() || !s.past.items.is_empty(),
            "appointments shown"
        );
        assert!(s.team.is_empty(), "no care team");
        assert!(s.records.reports.items.is_empty() && s.records.documents.items.is_empty());
        assert!(s.records.plans.items.is_empty() && s.records.measurements.items.is_empty());
    }
}
