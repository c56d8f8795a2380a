//! Helpers for the tests of a care page's own content: the beheerder with a second factor,
//! members added through the store (as an accepted invitation will add them), and reads of
//! what is stored.

use super::world::World;
use super::{Browser, Reply};
use axum::http::StatusCode;
use jiff::SignedDuration;
use zk_domain::account::Account;
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, DiaryEntryId};

pub const PASSWORD: &str = "fiets boom regen lantaarn";
pub const BEHEERDER: &str = "sanne@voorbeeld.example";

/// The beheerder, logged in with a second factor, and their care page.
pub async fn beheerder(w: &World) -> (Browser<'_>, CarePageId) {
    let letter = w.letter("valid", "client");
    let b = w.register_verified(letter, BEHEERDER, PASSWORD).await;
    let account = account(w, BEHEERDER).await;
    let page =
        w.t.app
            .store
            .care_pages_of(account.id, &PageRequest::first(5))
            .await
            .unwrap()
            .items[0]
            .id;
    (b, page)
}

pub async fn account(w: &World, email: &str) -> Account {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

/// A person with their own account (and second factor) made a member of `page` with
/// `permissions` through the store, as an accepted invitation will.
pub async fn member<'a>(
    w: &'a World,
    page: CarePageId,
    first: &str,
    email: &str,
    phone: &str,
    permissions: &[Permission],
) -> Browser<'a> {
    let mut b = w
        .register_without_letter_as(first, "Jansen", email, PASSWORD)
        .await;
    b.post_to("/profiel", &[("telefoon", phone)], "/profiel/telefoon/code")
        .await;
    let code = w.last_sms_code().await;
    b.post_to("/profiel/telefoon/code", &[("code", &code)], "/zorgpagina")
        .await;
    let m = Member {
        care_page_id: page,
        account_id: account(w, email).await.id,
        relation: Relation::Family,
        permissions: Permissions::of(permissions),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&m, &[]).await.unwrap();
    b
}

/// The body of a reply with `id` put back as `ID`: error pages name their own path.
pub fn without(reply: &Reply, id: &str) -> String {
    reply.body.replace(id, "ID")
}

pub async fn assert_not_found_like_missing(b: &mut Browser<'_>, path: &str, id: &str) {
    let missing = DiaryEntryId::new().to_string();
    let theirs = b.get(path).await;
    let none = b.get(&path.replace(id, &missing)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{path}");
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(without(&theirs, id), without(&none, &missing));
}

pub async fn diary_of(w: &World, page: CarePageId) -> Vec<zk_domain::diary::DiaryEntry> {
    w.t.app
        .store
        .diary_entries(page, &PageRequest::first(100))
        .await
        .unwrap()
        .items
}

pub async fn agenda_of(w: &World, page: CarePageId) -> Vec<zk_domain::agenda::AgendaItem> {
    let from = w.t.app.now() - SignedDuration::from_hours(24 * 365);
    let to = w.t.app.now() + SignedDuration::from_hours(24 * 365 * 2);
    w.t.app
        .store
        .agenda_items_between(page, from, to, &PageRequest::first(100))
        .await
        .unwrap()
        .items
}
