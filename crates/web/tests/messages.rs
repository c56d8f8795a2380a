//! Messages as a browser meets them (SPEC S5b): network members with the "berichten"
//! permission start threads and reply; a refused message says why and stores nothing; whoever
//! lacks the permission, loses it or leaves sees nothing, answered like a missing thread; a
//! provider with messaging off is never a recipient and the page says how to reach it; staff
//! reply for their provider under their own name; unread messages are announced by e-mail
//! without content, moved by the test clock.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use support::own_content::*;
use support::staff::staff_browser;
use support::world::{World, world, world_with};
use support::{Browser, TestApp};
use zk_domain::message::{MESSAGES_PER_HOUR, Party};
use zk_domain::network::Permission;
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, MessageThreadId, ProviderId};
use zk_store::StaffRole;

/// Runs an async test on SQLite and on PostgreSQL.
macro_rules! on_both {
    ($name:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $name(&world().await).await;
        }

        #[tokio::test]
        async fn $postgres() {
            let w = world_with(TestApp::postgres().await).await;
            $name(&w).await;
            w.t.finish().await;
        }
    };
}

fn list(page: CarePageId) -> String {
    format!("/zorgpagina/berichten?pagina={page}")
}

fn new_thread(page: CarePageId) -> String {
    format!("/zorgpagina/berichten/nieuw?pagina={page}")
}

fn thread_path(page: CarePageId, id: &str) -> String {
    format!("/zorgpagina/berichten/gesprek?pagina={page}&gesprek={id}")
}

async fn provider_of(w: &World, page: CarePageId) -> ProviderId {
    w.t.app
        .store
        .connections_of(page, &PageRequest::first(5))
        .await
        .unwrap()
        .items[0]
        .provider_id
}

fn party(a: &zk_domain::account::Account) -> String {
    Party::Account(a.id).form_value()
}

/// Starts a thread from `b` to `to`; returns the thread's id.
async fn start(b: &mut Browser<'_>, page: CarePageId, to: &[&str], subject: &str) -> String {
    let mut form = vec![("onderwerp", subject), ("tekst", "Hoi.\nKom je dinsdag?")];
    form.extend(to.iter().map(|t| ("deelnemer", *t)));
    let r = b.post(&new_thread(page), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").to_owned();
    location.split("gesprek=").nth(1).unwrap().to_owned()
}

async fn messages_in(w: &World, id: &str) -> usize {
    let id: MessageThreadId = id.parse().unwrap();
    w.t.app
        .store
        .messages_of(id, &PageRequest::first(100))
        .await
        .unwrap()
        .items
        .len()
}

async fn members_exchange_messages(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let mut piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 1111 2222",
        &[Permission::Messages],
    )
    .await;
    let _kees = member(
        w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3333 4444",
        &[Permission::Diary],
    )
    .await;
    let piet_account = account(w, "piet@voorbeeld.example").await;
    let kees_account = account(w, "kees@voorbeeld.example").await;

    // Only members with the permission are offered; Kees is not.
    let form = owner.get(&new_thread(page)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Piet Jansen"));
    assert!(!form.body.contains("Kees Jansen"));

    let id = start(
        &mut owner,
        page,
        &[&party(&piet_account)],
        "Afspraak <dinsdag>",
    )
    .await;
    let care = piet.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(
        care.body.contains("Naar berichten (1 nieuw)"),
        "{}",
        care.body
    );
    let listed = piet.get(&list(page)).await;
    assert!(listed.body.contains("Nieuw:"));
    assert!(
        listed.body.contains("Afspraak &#60;dinsdag&#62;")
            || listed.body.contains("Afspraak &lt;dinsdag&gt;")
    );

    let shown = piet.get(&thread_path(page, &id)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Hoi.\nKom je dinsdag?"));
    let care = piet.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(care.body.contains(">Naar berichten<"), "read now");

    // A reply: escaped, its address clickable.
    let text = "Ja! <b>graag</b> https://voorbeeld.example/route";
    piet.post_to(
        &thread_path(page, &id),
        &[("tekst", text)],
        &thread_path(page, &id),
    )
    .await;
    let seen = owner.get(&thread_path(page, &id)).await;
    assert!(
        seen.body.contains("&lt;b&gt;graag&lt;/b&gt;"),
        "{}",
        seen.body
    );
    assert!(
        seen.body
            .contains("<a href=\"https://voorbeeld.example/route\">")
    );
    assert!(!seen.body.contains("<b>graag</b>"));
    assert_eq!(messages_in(w, &id).await, 2);
    let _ = kees_account;
}
on_both!(
    members_exchange_messages,
    members_exchange_messages_on_sqlite,
    members_exchange_messages_on_postgres
);

async fn a_refused_message_says_why_and_stores_nothing(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let _piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 1111 2222",
        &[Permission::Messages],
    )
    .await;
    let _kees = member(
        w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3333 4444",
        &[Permission::Diary],
    )
    .await;
    let piet = party(&account(w, "piet@voorbeeld.example").await);
    let kees = party(&account(w, "kees@voorbeeld.example").await);
    let stranger = Party::Account(zk_domain::AccountId::new()).form_value();
    let long_subject = "o".repeat(201);
    let long_text = "t".repeat(10_001);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[("onderwerp", ""), ("tekst", "x"), ("deelnemer", &piet)],
            "Vul een onderwerp in.",
        ),
        (
            &[
                ("onderwerp", &long_subject),
                ("tekst", "x"),
                ("deelnemer", &piet),
            ],
            "hoogstens 200 tekens",
        ),
        (
            &[("onderwerp", "o"), ("tekst", " "), ("deelnemer", &piet)],
            "Schrijf een bericht.",
        ),
        (
            &[
                ("onderwerp", "o"),
                ("tekst", &long_text),
                ("deelnemer", &piet),
            ],
            "hoogstens 10000 tekens",
        ),
        (
            &[("onderwerp", "o"), ("tekst", "x"), ("deelnemer", &stranger)],
            "hoort niet bij dit netwerk",
        ),
        (
            &[("onderwerp", "o"), ("tekst", "x"), ("deelnemer", &kees)],
            "mag geen berichten lezen",
        ),
    ];
    for (form, says) in cases {
        let r = owner.post(&new_thread(page), form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert!(r.body.contains(says), "{says}: {}", r.body);
    }
    let r = owner
        .post(&new_thread(page), &[("onderwerp", "o"), ("tekst", "x")])
        .await;
    assert!(r.body.contains("Kies aan wie je het bericht stuurt."));
    let owner_account = account(w, BEHEERDER).await;
    let threads =
        w.t.app
            .store
            .threads_of(
                Party::Account(owner_account.id),
                None,
                &PageRequest::first(5),
            )
            .await
            .unwrap();
    assert!(threads.items.is_empty());

    // The hourly limit: 60 messages pass, the 61st is refused; an hour later it passes.
    let id = start(&mut owner, page, &[&piet], "Veel").await;
    for _ in 1..MESSAGES_PER_HOUR {
        let r = owner
            .post(&thread_path(page, &id), &[("tekst", "nog een")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let r = owner
        .post(&thread_path(page, &id), &[("tekst", "te veel")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("afgelopen uur 60 berichten"));
    assert_eq!(messages_in(w, &id).await, MESSAGES_PER_HOUR as usize);
    // Keep the login alive while the clock moves an hour.
    for _ in 0..6 {
        w.t.clock.advance(SignedDuration::from_mins(10));
        owner.get(&list(page)).await;
    }
    w.t.clock.advance(SignedDuration::from_secs(1));
    let r = owner
        .post(&thread_path(page, &id), &[("tekst", "weer een")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
on_both!(
    a_refused_message_says_why_and_stores_nothing,
    a_refused_message_says_why_and_stores_nothing_on_sqlite,
    a_refused_message_says_why_and_stores_nothing_on_postgres
);

async fn without_the_permission_nothing_shows(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let mut piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 1111 2222",
        &[Permission::Messages],
    )
    .await;
    let mut kees = member(
        w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3333 4444",
        &[Permission::Diary],
    )
    .await;
    let piet_account = account(w, "piet@voorbeeld.example").await;
    let id = start(
        &mut owner,
        page,
        &[&party(&piet_account)],
        "Alleen voor Piet",
    )
    .await;

    // Kees has no permission: the list and the thread are "not found", like a missing thread.
    assert_eq!(kees.get(&list(page)).await.status, StatusCode::NOT_FOUND);
    assert_not_found_like_missing(&mut kees, &thread_path(page, &id), &id).await;
    let care = kees.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(!care.body.contains("/zorgpagina/berichten"));

    // Piet loses the permission: hidden from the next request on.
    assert_eq!(
        piet.get(&thread_path(page, &id)).await.status,
        StatusCode::OK
    );
    let mut m =
        w.t.app
            .store
            .get_member(page, piet_account.id)
            .await
            .unwrap()
            .unwrap();
    m.permissions = zk_domain::network::Permissions::of(&[Permission::Diary]);
    w.t.app
        .store
        .update_member(&m, &[], zk_store::Audit::NONE)
        .await
        .unwrap();
    assert_not_found_like_missing(&mut piet, &thread_path(page, &id), &id).await;
    let r = piet
        .post(&thread_path(page, &id), &[("tekst", "hallo")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let shown = owner.get(&thread_path(page, &id)).await;
    assert!(
        shown.body.contains("Piet Jansen: doet niet meer mee"),
        "{}",
        shown.body
    );

    // Given back, then Piet leaves: no access; the thread stays for the others.
    m.permissions = zk_domain::network::Permissions::of(&[Permission::Messages]);
    w.t.app
        .store
        .update_member(&m, &[], zk_store::Audit::NONE)
        .await
        .unwrap();
    assert_eq!(
        piet.get(&thread_path(page, &id)).await.status,
        StatusCode::OK
    );
    assert!(
        w.t.app
            .store
            .remove_member(page, piet_account.id, &[], zk_store::Audit::NONE)
            .await
            .unwrap()
    );
    assert_not_found_like_missing(&mut piet, &thread_path(page, &id), &id).await;
    let shown = owner.get(&thread_path(page, &id)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Piet Jansen: doet niet meer mee"));

    // Every read and refusal is in the audit trail.
    let trail = owner
        .get(&format!("/zorgpagina/inzage?pagina={page}"))
        .await;
    assert!(trail.body.contains("Piet Jansen"));
}
on_both!(
    without_the_permission_nothing_shows,
    without_the_permission_nothing_shows_on_sqlite,
    without_the_permission_nothing_shows_on_postgres
);

async fn providers_take_part_only_when_switched_on(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let provider = provider_of(w, page).await;
    let name =
        w.t.app
            .store
            .get_provider(provider)
            .await
            .unwrap()
            .unwrap()
            .name;
    let value = Party::Provider(provider).form_value();
    w.t.app
        .store
        .set_provider_messaging(provider, false, w.t.app.now())
        .await
        .unwrap();

    // Off: never offered, refused when posted, and the page says how to reach it.
    let listed = owner.get(&list(page)).await;
    assert!(
        listed
            .body
            .contains(&format!("{name} leest geen berichten in Zorgkring")),
        "{}",
        listed.body
    );
    let form = owner.get(&new_thread(page)).await;
    assert!(!form.body.contains(&value));
    let r = owner
        .post(
            &new_thread(page),
            &[("onderwerp", "o"), ("tekst", "x"), ("deelnemer", &value)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("mag geen berichten lezen"));

    // On: offered; a staff member replies for the provider, shown with their own name.
    w.t.app
        .store
        .set_provider_messaging(provider, true, w.t.app.now())
        .await
        .unwrap();
    let form = owner.get(&new_thread(page)).await;
    assert!(form.body.contains(&value));
    let id = start(&mut owner, page, &[&value], "Vraag over medicatie").await;
    let mut staff = staff_browser(w, provider, "balie@zorg.example", StaffRole::Secretariat).await;
    let staff_list = staff
        .get(&format!("/zorgaanbieder/{provider}/berichten"))
        .await;
    assert!(
        staff_list.body.contains("Vraag over medicatie"),
        "{}",
        staff_list.body
    );
    let path = format!("/zorgaanbieder/{provider}/berichten/{page}/{id}");
    assert_eq!(staff.get(&path).await.status, StatusCode::OK);
    staff
        .post_to(&path, &[("tekst", "Bel ons gerust.")], &path)
        .await;
    let seen = owner.get(&thread_path(page, &id)).await;
    assert!(
        seen.body.contains(&format!("{name} (Petra Jansen)")),
        "{}",
        seen.body
    );

    // Switched off again: the staff area says so and the thread is gone for staff.
    w.t.app
        .store
        .set_provider_messaging(provider, false, w.t.app.now())
        .await
        .unwrap();
    assert!(
        staff
            .get(&format!("/zorgaanbieder/{provider}/berichten"))
            .await
            .body
            .contains("Berichten staan uit")
    );
    assert_eq!(staff.get(&path).await.status, StatusCode::NOT_FOUND);
    let seen = owner.get(&thread_path(page, &id)).await;
    assert!(
        seen.body
            .contains(&format!("{name} (zorgaanbieder): doet niet meer mee"))
    );
}
on_both!(
    providers_take_part_only_when_switched_on,
    providers_take_part_only_when_switched_on_on_sqlite,
    providers_take_part_only_when_switched_on_on_postgres
);

async fn notices(w: &World, to: &str) -> Vec<zk_store::OutgoingMessage> {
    let state = zk_web::AppState::new(w.t.app.clone(), support::config(None)).unwrap();
    zk_web::message_notices::sweep_once(&state).await.unwrap();
    w.deliver().await;
    w.mailer
        .sent()
        .into_iter()
        .filter(|m| m.recipient == to && m.subject.as_deref() == Some("Nieuw bericht in Zorgkring"))
        .collect()
}

async fn unread_messages_are_announced_without_content(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let _piet = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 1111 2222",
        &[Permission::Messages],
    )
    .await;
    let piet = account(w, "piet@voorbeeld.example").await;
    let id = start(&mut owner, page, &[&party(&piet)], "Geheim onderwerp").await;
    let to = "piet@voorbeeld.example";

    w.t.clock.advance(SignedDuration::from_secs(4 * 60 + 59));
    assert!(notices(w, to).await.is_empty(), "not before five minutes");
    w.t.clock.advance(SignedDuration::from_secs(1));
    let sent = notices(w, to).await;
    assert_eq!(sent.len(), 1);
    let mail = &sent[0];
    assert!(
        mail.text_body
            .contains("Er is een nieuw bericht voor je in Zorgkring.")
    );
    assert!(
        mail.text_body
            .contains(&format!("/zorgpagina/berichten?pagina={page}"))
    );
    for secret in ["Geheim", "Kom je dinsdag", "Sanne", BEHEERDER] {
        assert!(!mail.text_body.contains(secret), "{secret}");
        assert!(
            !mail
                .html_body
                .as_deref()
                .unwrap_or_default()
                .contains(secret),
            "{secret}"
        );
    }
    assert_eq!(notices(w, to).await.len(), 1, "not twice for one message");

    // A new message within the hour waits for the hour.
    w.t.clock.advance(SignedDuration::from_secs(1));
    owner
        .post(&thread_path(page, &id), &[("tekst", "En nog iets.")])
        .await;
    w.t.clock.advance(SignedDuration::from_mins(30));
    assert_eq!(notices(w, to).await.len(), 1);
    w.t.clock.advance(SignedDuration::from_mins(30));
    assert_eq!(notices(w, to).await.len(), 2, "another after the hour");

    // Read in time: no e-mail.
    owner = login_again(w).await;
    owner
        .post(&thread_path(page, &id), &[("tekst", "Laatste.")])
        .await;
    w.t.clock.advance(SignedDuration::from_mins(2));
    let tid: MessageThreadId = id.parse().unwrap();
    w.t.app
        .store
        .mark_thread_read(tid, Party::Account(piet.id), w.t.app.now())
        .await
        .unwrap();
    w.t.clock.advance(SignedDuration::from_hours(2));
    assert_eq!(notices(w, to).await.len(), 2, "none once read");
    // The writer is never told about their own message.
    assert!(notices(w, BEHEERDER).await.is_empty());
}
on_both!(
    unread_messages_are_announced_without_content,
    unread_messages_are_announced_without_content_on_sqlite,
    unread_messages_are_announced_without_content_on_postgres
);

/// The beheerder logged in again after the clock moved past the session's idle time.
async fn login_again(w: &World) -> Browser<'_> {
    support::network::login_again(w, BEHEERDER).await
}
