//! The audit trail of the network's own content (SPEC S9, NEN 7513): changing and deleting
//! diary entries and appointments, starting conversations and replying (also by provider staff),
//! the next own appointments on the care page and the staff's list of messages are recorded,
//! and "Wie heeft mijn gegevens bekeken?" shows them in plain words. A change whose record
//! cannot be written is not made (a diary entry, an appointment, a message). On both databases.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use support::own_content::{account, agenda_of, beheerder, diary_of, member};
use support::refuse_audit::refuse_audit_writes;
use support::staff::staff_browser;
use support::world::{World, world, world_with};
use zk_domain::CarePageId;
use zk_domain::audit::{ActorRole, AuditKind, AuditRecord, Ground};
use zk_domain::message::Party;
use zk_domain::network::Permission;
use zk_domain::page::PageRequest;
use zk_store::StaffRole;

async fn chain(w: &World) -> Vec<AuditRecord> {
    w.t.app.store.audit_chain(0, 100_000).await.unwrap()
}

/// The records of `action` on `category` (as stored names), oldest first.
async fn records(w: &World, action: &str, category: &str) -> Vec<AuditRecord> {
    chain(w)
        .await
        .into_iter()
        .filter(|r| r.event.action.as_str() == action && r.event.category.as_str() == category)
        .collect()
}

fn appointment<'a>(title: &'a str, day: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("titel", title),
        ("plaats", ""),
        ("begindatum", day),
        ("begintijd", "10:00"),
        ("einddatum", ""),
        ("eindtijd", "11:00"),
        ("herhalen", ""),
        ("tot", ""),
        ("opmerkingen", ""),
    ]
}

fn thread_path(page: CarePageId, id: &str) -> String {
    format!("/zorgpagina/berichten/gesprek?pagina={page}&gesprek={id}")
}

async fn start(b: &mut support::Browser<'_>, page: CarePageId, to: &str, subject: &str) -> String {
    let form = [("onderwerp", subject), ("tekst", "Hoi."), ("deelnemer", to)];
    let new = format!("/zorgpagina/berichten/nieuw?pagina={page}");
    let r = b.post(&new, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.header("location")
        .split("gesprek=")
        .nth(1)
        .unwrap()
        .to_owned()
}

async fn own_content_flow(w: &World) {
    let (mut sanne, page) = beheerder(w).await;
    let sanne_id = account(w, support::own_content::BEHEERDER).await.id;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let form = [("datum", "2026-11-22"), ("tekst", "Goede dag")];
    sanne.post_to(&diary, &form, &diary).await;
    let entry = diary_of(w, page).await[0].id;
    let edit = format!("/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={entry}");
    let form = [("datum", "2026-11-22"), ("tekst", "Toch anders")];
    sanne.post_to(&edit, &form, &diary).await;
    let delete = format!("/zorgpagina/dagboek/verwijderen?pagina={page}&stukje={entry}");
    sanne.post_to(&delete, &[], &diary).await;
    for action in ["create", "update", "delete"] {
        let found = records(w, action, "diary").await;
        assert_eq!(found.len(), 1, "{action}");
        assert_eq!(found[0].event.resource_id, Some(entry.to_string()));
        assert_eq!(found[0].event.actor_id, Some(sanne_id.0));
    }

    let agenda = format!("/zorgpagina/agenda?pagina={page}");
    let new = format!("/zorgpagina/agenda/nieuw?pagina={page}");
    sanne
        .post_to(&new, &appointment("Koffie", "2026-11-25"), &agenda)
        .await;
    let item = agenda_of(w, page).await[0].id;
    let edit = format!("/zorgpagina/agenda/wijzigen?pagina={page}&afspraak={item}");
    sanne
        .post_to(&edit, &appointment("Thee", "2026-11-26"), &agenda)
        .await;
    // The care page shows the next own appointment: one look at the agenda, recorded with it.
    let looks = records(w, "read", "agenda").await.len();
    let care = sanne.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(care.body.contains("Thee"), "{}", care.body);
    let after = records(w, "read", "agenda").await;
    assert_eq!(after.len(), looks + 1);
    let look = &after.last().unwrap().event;
    assert_eq!(look.care_page_id, Some(page));
    assert_eq!(look.actor_id, Some(sanne_id.0));
    let delete = format!("/zorgpagina/agenda/verwijderen?pagina={page}&afspraak={item}");
    sanne.post_to(&delete, &[], &agenda).await;
    for action in ["create", "update", "delete"] {
        let found = records(w, action, "agenda").await;
        assert_eq!(found.len(), 1, "{action}");
        assert_eq!(found[0].event.resource_id, Some(item.to_string()));
    }

    // A member without the agenda sees no own appointments: no look at the agenda is recorded.
    let mut piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 1111 2222",
        &[Permission::Messages],
    )
    .await;
    let looks = records(w, "read", "agenda").await.len();
    let care = piet.get(&format!("/zorgpagina?pagina={page}")).await;
    assert_eq!(care.status, StatusCode::OK);
    assert_eq!(records(w, "read", "agenda").await.len(), looks);

    // Starting a conversation and replying, each with the thread's id.
    let piet_account = account(w, "piet@voorbeeld.example").await;
    let to = Party::Account(piet_account.id).form_value();
    let id = start(&mut sanne, page, &to, "Dinsdag").await;
    let path = thread_path(page, &id);
    piet.post_to(&path, &[("tekst", "Ik kom.")], &path).await;
    let sent = records(w, "create", "messages").await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].event.kind, Some(AuditKind::ThreadStarted));
    assert_eq!(sent[0].event.actor_id, Some(sanne_id.0));
    assert_eq!(sent[0].event.role, ActorRole::Client);
    assert_eq!(sent[1].event.kind, Some(AuditKind::MessageSent));
    assert_eq!(sent[1].event.actor_id, Some(piet_account.id.0));
    assert!(matches!(sent[1].event.role, ActorRole::Member(_)));
    assert!(
        sent.iter()
            .all(|r| r.event.resource_id.as_deref() == Some(&*id))
    );
    assert!(sent.iter().all(|r| r.event.care_page_id == Some(page)));

    let trail = sanne
        .get(&format!("/zorgpagina/inzage?pagina={page}"))
        .await;
    assert_eq!(trail.status, StatusCode::OK);
    for shown in [
        "Veranderd: dagboek",
        "Verwijderd: dagboek",
        "Veranderd: agenda",
        "Verwijderd: agenda",
        "Bekeken: agenda",
        "Gesprek begonnen",
        "Bericht gestuurd",
    ] {
        assert!(trail.body.contains(shown), "{shown} in {}", trail.body);
    }
    assert_eq!(
        zk_app::audit::verify(&w.t.app).await.unwrap(),
        zk_app::audit::Verification::Intact {
            count: chain(w).await.len() as u64
        }
    );
}

#[tokio::test]
async fn diary_agenda_and_message_changes_are_recorded_and_shown() {
    let w = world().await;
    own_content_flow(&w).await;
}

#[tokio::test]
async fn diary_agenda_and_message_changes_are_recorded_and_shown_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    own_content_flow(&w).await;
    w.t.finish().await;
}

async fn staff_flow(w: &World) {
    let (mut sanne, page) = beheerder(w).await;
    let provider =
        w.t.app
            .store
            .connections_of(page, &PageRequest::first(5))
            .await
            .unwrap()
            .items[0]
            .provider_id;
    let now = w.t.app.now();
    w.t.app
        .store
        .set_provider_messaging(provider, true, now)
        .await
        .unwrap();
    let to = Party::Provider(provider).form_value();
    let id = start(&mut sanne, page, &to, "Vraag over medicatie").await;
    let mut staff = staff_browser(w, provider, "balie@zorg.example", StaffRole::Secretariat).await;
    let list = staff
        .get(&format!("/zorgaanbieder/{provider}/berichten"))
        .await;
    assert!(list.body.contains("Vraag over medicatie"));
    let listed: Vec<AuditRecord> = chain(w)
        .await
        .into_iter()
        .filter(|r| r.event.kind == Some(AuditKind::StaffMessageList))
        .collect();
    assert_eq!(listed.len(), 1);
    let e = &listed[0].event;
    assert_eq!(
        (e.care_page_id, e.on_behalf_of),
        (Some(page), Some(provider))
    );
    assert_eq!(e.role, ActorRole::ProviderStaff);

    let path = format!("/zorgaanbieder/{provider}/berichten/{page}/{id}");
    let r = staff
        .post(&path, &[("tekst", "We bellen je morgen.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let sent = records(w, "create", "messages").await;
    let reply = &sent.last().unwrap().event;
    assert_eq!(reply.kind, Some(AuditKind::MessageSent));
    assert_eq!(reply.role, ActorRole::ProviderStaff);
    assert_eq!(reply.on_behalf_of, Some(provider));
    assert_eq!(reply.ground, Ground::CareRelationship);
    assert_eq!(reply.resource_id.as_deref(), Some(&*id));

    let trail = sanne
        .get(&format!("/zorgpagina/inzage?pagina={page}"))
        .await;
    assert!(
        trail
            .body
            .contains("Berichten bekeken door de zorgaanbieder")
    );
    assert!(trail.body.contains("Bericht gestuurd"));
}

#[tokio::test]
async fn staff_reading_the_list_and_replying_are_recorded() {
    let w = world().await;
    staff_flow(&w).await;
}

#[tokio::test]
async fn staff_reading_the_list_and_replying_are_recorded_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    staff_flow(&w).await;
    w.t.finish().await;
}

async fn refused_flow(w: &World) {
    let (mut sanne, page) = beheerder(w).await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let form = [("datum", "2026-11-22"), ("tekst", "Goede dag")];
    sanne.post_to(&diary, &form, &diary).await;
    let entry = diary_of(w, page).await[0].clone();
    let agenda = format!("/zorgpagina/agenda?pagina={page}");
    let new = format!("/zorgpagina/agenda/nieuw?pagina={page}");
    sanne
        .post_to(&new, &appointment("Koffie", "2026-11-25"), &agenda)
        .await;
    let item = agenda_of(w, page).await;
    let mut piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 1111 2222",
        &[Permission::Messages],
    )
    .await;
    let piet_account = account(w, "piet@voorbeeld.example").await;
    let to = Party::Account(piet_account.id).form_value();
    let id = start(&mut sanne, page, &to, "Dinsdag").await;
    let thread: zk_domain::MessageThreadId = id.parse().unwrap();
    let count = |w: &'_ World| {
        let store = w.t.app.store.clone();
        async move {
            store
                .messages_of(thread, &PageRequest::first(100))
                .await
                .unwrap()
                .items
                .len()
        }
    };
    assert_eq!(count(w).await, 1);
    let before = chain(w).await.len();

    // The trail can no longer be written: the change fails and nothing is changed or stored.
    refuse_audit_writes(&w.t).await;
    let edit = format!(
        "/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={}",
        entry.id
    );
    let r = sanne
        .post(&edit, &[("datum", "2026-11-23"), ("tekst", "Overschreven")])
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(diary_of(w, page).await, vec![entry.clone()]);
    let delete = format!(
        "/zorgpagina/dagboek/verwijderen?pagina={page}&stukje={}",
        entry.id
    );
    let r = sanne.post(&delete, &[]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(diary_of(w, page).await, vec![entry]);
    let edit = format!(
        "/zorgpagina/agenda/wijzigen?pagina={page}&afspraak={}",
        item[0].id
    );
    let r = sanne.post(&edit, &appointment("Thee", "2026-11-26")).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(agenda_of(w, page).await, item);

    let r = piet
        .post(&thread_path(page, &id), &[("tekst", "Ik kom.")])
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(count(w).await, 1);
    let new = format!("/zorgpagina/berichten/nieuw?pagina={page}");
    let form = [
        ("onderwerp", "Nog een"),
        ("tekst", "Hoi."),
        ("deelnemer", &*to),
    ];
    let r = sanne.post(&new, &form).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let threads =
        w.t.app
            .store
            .threads_of(
                Party::Account(piet_account.id),
                None,
                &PageRequest::first(10),
            )
            .await
            .unwrap();
    assert_eq!(threads.items.len(), 1);
    assert_eq!(chain(w).await.len(), before);
}

#[tokio::test]
async fn with_the_trail_refused_no_entry_changes_and_no_message_is_sent() {
    let w = world().await;
    refused_flow(&w).await;
}

#[tokio::test]
async fn with_the_trail_refused_no_entry_changes_and_no_message_is_sent_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    refused_flow(&w).await;
    w.t.finish().await;
}
