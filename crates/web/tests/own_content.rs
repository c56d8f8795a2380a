//! The client's own content as a browser meets it (SPEC S5), the diary: the beheerder and
//! co-beheerders write it and members with the diary permission read it; each writer changes
//! only their own entries; a refused entry says why next to the field and stores nothing; a
//! page or entry the account may not see is "not found" like a missing one; nothing shows
//! before the account has a second factor.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::TestApp;
use support::own_content::*;
use support::world::{World, world, world_with};
use zk_domain::DiaryEntryId;
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;

async fn diary_is_written_by_the_beheerder_and_read_by_members_with_permission(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let care = owner.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(care.body.contains(&diary.replace('&', "&amp;")) || care.body.contains(&diary));

    let text = "Goede dag gehad.\r\nMet <b>oma</b> gewandeld.";
    let shown = owner
        .post_to(
            &diary,
            &[
                ("datum", "2026-11-22"),
                ("titel", "Zondag"),
                ("tekst", text),
            ],
            &diary,
        )
        .await;
    assert!(shown.body.contains("Zondag"));
    assert!(
        shown
            .body
            .contains("Met &#60;b&#62;oma&#60;/b&#62; gewandeld")
            || shown.body.contains("Met &lt;b&gt;oma&lt;/b&gt; gewandeld")
    );
    assert!(!shown.body.contains("<b>oma</b>"));
    let stored = diary_of(w, page).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].text,
        "Goede dag gehad.\nMet <b>oma</b> gewandeld."
    );
    let entry = stored[0].id;

    // A member with the diary permission reads it, without the form or change links.
    let mut reader = member(
        w,
        page,
        "Piet",
        "piet@voorbeeld.example",
        "06 2345 6789",
        &[Permission::Diary],
    )
    .await;
    let read = reader.get(&diary).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.body.contains("Goede dag gehad."));
    assert!(read.body.contains("Geschreven door"));
    assert!(!read.body.contains("name=\"tekst\""));
    assert!(!read.body.contains("dagboek/wijzigen"));
    let refused = reader
        .post(&diary, &[("datum", "2026-11-23"), ("tekst", "Van Piet")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let edit = format!("/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={entry}");
    assert_not_found_like_missing(&mut reader, &edit, &entry.to_string()).await;
    let gone = reader
        .post(&edit, &[("datum", "2026-11-23"), ("tekst", "Overschreven")])
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(diary_of(w, page).await, stored);

    // A member without it sees no link and gets "not found", like a page that does not exist.
    let mut other = member(
        w,
        page,
        "Kees",
        "kees@voorbeeld.example",
        "06 3456 7890",
        &[Permission::Agenda],
    )
    .await;
    let care = other.get(&format!("/zorgpagina?pagina={page}")).await;
    assert!(!care.body.contains("/zorgpagina/dagboek"));
    assert_not_found_like_missing(&mut other, &diary, &page.to_string()).await;

    // The writer changes their own entry, then deletes it after confirming.
    let form = owner.get(&edit).await;
    assert!(form.body.contains("Zondag"));
    let changed = owner
        .post_to(
            &edit,
            &[
                ("datum", "22-11-2026"),
                ("titel", ""),
                ("tekst", "Toch anders"),
            ],
            &diary,
        )
        .await;
    assert!(changed.body.contains("Toch anders"));
    assert_eq!(diary_of(w, page).await[0].title, None);
    let delete = format!("/zorgpagina/dagboek/verwijderen?pagina={page}&stukje={entry}");
    let ask = owner.get(&delete).await;
    assert!(ask.body.contains("Weet je het zeker?"));
    assert_eq!(diary_of(w, page).await.len(), 1, "asking deletes nothing");
    owner.post_to(&delete, &[], &diary).await;
    assert!(diary_of(w, page).await.is_empty());

    // An entry of another care page (Piet's own) is not found through this one.
    let piets_page =
        w.t.app
            .store
            .care_pages_of(
                account(w, "piet@voorbeeld.example").await.id,
                &PageRequest::first(5),
            )
            .await
            .unwrap()
            .items[0]
            .id;
    let piets_diary = format!("/zorgpagina/dagboek?pagina={piets_page}");
    reader
        .post_to(
            &piets_diary,
            &[("datum", "2026-11-23"), ("tekst", "Van mij")],
            &piets_diary,
        )
        .await;
    let piets_entry = diary_of(w, piets_page).await[0].id.to_string();
    let through_mine = format!("/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={piets_entry}");
    assert_not_found_like_missing(&mut owner, &through_mine, &piets_entry).await;
    let deleting = format!("/zorgpagina/dagboek/verwijderen?pagina={page}&stukje={piets_entry}");
    assert_eq!(
        owner.post(&deleting, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(diary_of(w, piets_page).await.len(), 1);
}

#[tokio::test]
async fn diary_is_written_by_the_beheerder_and_read_by_members_with_permission_on_sqlite() {
    diary_is_written_by_the_beheerder_and_read_by_members_with_permission(&world().await).await;
}

#[tokio::test]
async fn diary_is_written_by_the_beheerder_and_read_by_members_with_permission_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    diary_is_written_by_the_beheerder_and_read_by_members_with_permission(&w).await;
    w.t.finish().await;
}

async fn a_refused_diary_entry_says_why_and_stores_nothing(w: &World) {
    let (mut owner, page) = beheerder(w).await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let bad = owner
        .post(
            &diary,
            &[("datum", "30-02-2026"), ("titel", "x"), ("tekst", "  ")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Deze datum bestaat niet."));
    assert!(bad.body.contains("Schrijf iets op."));
    assert!(bad.body.contains("id=\"f-datum-error\""));
    // The limit, crossed by one character.
    let most = "a".repeat(zk_domain::diary::DIARY_TEXT_MAX);
    let over = format!("{most}b");
    let long = owner
        .post(&diary, &[("datum", "2026-11-23"), ("tekst", &over)])
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("Gebruik niet meer dan 10000 tekens."));
    assert!(long.body.contains(&over), "what was typed is kept");
    assert!(diary_of(w, page).await.is_empty());
    owner
        .post_to(&diary, &[("datum", "2026-11-23"), ("tekst", &most)], &diary)
        .await;
    assert_eq!(diary_of(w, page).await[0].text.len(), most.len());
}

#[tokio::test]
async fn a_refused_diary_entry_says_why_and_stores_nothing_on_sqlite() {
    a_refused_diary_entry_says_why_and_stores_nothing(&world().await).await;
}

#[tokio::test]
async fn a_refused_diary_entry_says_why_and_stores_nothing_on_postgres() {
    let w = world_with(TestApp::postgres().await).await;
    a_refused_diary_entry_says_why_and_stores_nothing(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn own_content_waits_for_a_second_factor_and_needs_a_page_id() {
    let w = world().await;
    let (mut owner, page) = beheerder(&w).await;
    let mut fresh = w
        .register_without_letter_as("Piet", "Jansen", "piet@voorbeeld.example", PASSWORD)
        .await;
    let m = Member {
        care_page_id: page,
        account_id: account(&w, "piet@voorbeeld.example").await.id,
        relation: Relation::Friend,
        permissions: Permissions::all(),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&m, &[]).await.unwrap();
    let r = fresh
        .get(&format!("/zorgpagina/dagboek?pagina={page}"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), format!("/zorgpagina?pagina={page}"));
    for path in ["/zorgpagina/dagboek", "/zorgpagina/agenda?pagina=abc"] {
        assert_eq!(owner.get(path).await.status, StatusCode::NOT_FOUND);
    }
    let entry = DiaryEntryId::new();
    let none = owner
        .get(&format!(
            "/zorgpagina/dagboek/wijzigen?pagina={page}&stukje={entry}"
        ))
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_diary_pages_newest_first() {
    let w = world().await;
    let (mut owner, page) = beheerder(&w).await;
    let author = account(&w, BEHEERDER).await.id;
    let first = jiff::civil::date(2026, 1, 1);
    for n in 0..21 {
        let e = zk_domain::diary::DiaryEntry {
            id: DiaryEntryId::new(),
            care_page_id: page,
            author_id: author,
            date: first.checked_add(jiff::Span::new().days(n)).unwrap(),
            title: Some(format!("Stukje {n:02}")),
            text: "Tekst".into(),
            created_at: w.t.app.now(),
            updated_at: w.t.app.now(),
        };
        w.t.app
            .store
            .add_diary_entry(&e, &[], zk_store::Audit::NONE)
            .await
            .unwrap();
    }
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    let newest = owner.get(&diary).await;
    assert_eq!(newest.body.matches("Stukje ").count(), 20);
    assert!(newest.body.contains("Stukje 20"));
    assert!(!newest.body.contains("Stukje 00"));
    let more = newest
        .body
        .split("href=\"")
        .map(|rest| rest.split('"').next().unwrap().replace("&#38;", "&"))
        .find(|l| l.contains("&na="))
        .expect("a link to older entries");
    let older = owner.get(&more).await;
    assert_eq!(older.body.matches("Stukje ").count(), 1);
    assert!(older.body.contains("Stukje 00"));
    assert!(!older.body.contains("&#38;na="));
    // An edited cursor starts again at the newest.
    let edited = owner.get(&format!("{diary}&na=rommel")).await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    assert_eq!(edited.header("location"), diary);
}
