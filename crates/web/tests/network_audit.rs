//! The network's changes and their audit records go together (SPEC S6, S9): declining,
//! withdrawing, changing, removing and leaving are recorded and shown in "Wie heeft mijn
//! gegevens bekeken?"; a change whose record cannot be written is not made, and a change the
//! database refuses leaves no record. On both databases.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::network::*;
use support::refuse_audit::refuse_audit_writes;
use support::world::{World, world, world_with};
use zk_app::audit::Verification;
use zk_domain::audit::{ActorRole, AuditEvent, AuditKind};
use zk_domain::invitation::InvitationState;
use zk_domain::{AccountId, CarePageId, InvitationId};

async fn of_kind(w: &World, kind: AuditKind) -> Vec<AuditEvent> {
    let chain = w.t.app.store.audit_chain(0, 100_000).await.unwrap();
    chain
        .into_iter()
        .map(|r| r.event)
        .filter(|e| e.kind == Some(kind))
        .collect()
}

async fn account_id(w: &World, email: &str) -> AccountId {
    let found = w.t.app.store.find_account_by_email(email).await.unwrap();
    found.unwrap().id
}

fn withdraw_url(page: &str, id: &str) -> String {
    format!("/zorgpagina/netwerk/uitnodiging/{id}/intrekken?pagina={page}")
}

async fn changes_flow(w: &World) {
    let (mut sanne, page) = beheerder(w).await;
    let mut piet = member(
        w,
        &mut sanne,
        &page,
        "Piet",
        "piet@voorbeeld.example",
        &["agenda"],
    )
    .await;
    member(
        w,
        &mut sanne,
        &page,
        "Kees",
        "kees@voorbeeld.example",
        &["agenda"],
    )
    .await;
    let (piet_id, kees_id) = (
        account_id(w, "piet@voorbeeld.example").await,
        account_id(w, "kees@voorbeeld.example").await,
    );

    // Oom declines by his link, without an account; Tante's invitation is withdrawn.
    invite(
        &mut sanne,
        &page,
        "Oom Jan",
        "oom@voorbeeld.example",
        &["agenda"],
    )
    .await;
    let link = invitation_path(w).await;
    let declined = Browser::new(&w.t)
        .post(&format!("{link}/weigeren"), &[])
        .await;
    assert_eq!(declined.status, StatusCode::OK);
    invite(
        &mut sanne,
        &page,
        "Tante",
        "tante@voorbeeld.example",
        &["agenda"],
    )
    .await;
    let id = invitation_id(&sanne.get(&network(&page)).await.body);
    let r = sanne.post(&withdraw_url(&page, &id), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Piet gets the reports too, Kees is removed, then Piet leaves.
    let edit = format!("/zorgpagina/netwerk/lid/{piet_id}?pagina={page}");
    let form = [("relatie", "family"), ("agenda", "ja"), ("reports", "ja")];
    assert_eq!(sanne.post(&edit, &form).await.status, StatusCode::SEE_OTHER);
    let remove = format!("/zorgpagina/netwerk/lid/{kees_id}/verwijderen?pagina={page}");
    assert_eq!(sanne.post(&remove, &[]).await.status, StatusCode::SEE_OTHER);
    let leave = format!("/zorgpagina/netwerk/verlaten?pagina={page}");
    assert_eq!(piet.post(&leave, &[]).await.status, StatusCode::SEE_OTHER);

    // Each change left exactly one record, by the right person, on this page.
    let page_id: CarePageId = page.parse().unwrap();
    let sanne_id = account_id(w, "sanne@voorbeeld.example").await;
    let one = |mut v: Vec<AuditEvent>| {
        assert_eq!(v.len(), 1, "{v:?}");
        let e = v.remove(0);
        assert_eq!(e.care_page_id, Some(page_id));
        e
    };
    let decline = one(of_kind(w, AuditKind::InviteDecline).await);
    assert_eq!(
        (decline.actor_id, decline.actor_name.as_str()),
        (None, "Oom Jan")
    );
    assert_eq!(decline.role, ActorRole::Anonymous);
    let withdraw = one(of_kind(w, AuditKind::InviteWithdraw).await);
    assert_eq!(withdraw.actor_id, Some(sanne_id.0));
    assert_eq!(withdraw.resource_id.as_deref(), Some(id.as_str()));
    let changed = one(of_kind(w, AuditKind::MemberPermissions).await);
    assert_eq!(changed.resource_id, Some(piet_id.0.to_string()));
    let removed = one(of_kind(w, AuditKind::MemberRemoved).await);
    assert_eq!(removed.actor_id, Some(sanne_id.0));
    assert_eq!(removed.resource_id, Some(kees_id.0.to_string()));
    let left = one(of_kind(w, AuditKind::MemberLeft).await);
    assert_eq!(left.actor_id, Some(piet_id.0));

    // Sanne reads them in plain words.
    let trail = sanne
        .get(&format!("/zorgpagina/inzage?pagina={page}"))
        .await;
    assert_eq!(trail.status, StatusCode::OK);
    for shown in [
        "Uitnodiging afgewezen",
        "Oom Jan",
        "Uitnodiging ingetrokken",
        "Rechten van een naaste veranderd",
        "Naaste uit het netwerk gehaald",
        "Uit het netwerk gegaan",
    ] {
        assert!(trail.body.contains(shown), "{shown} in {}", trail.body);
    }
    assert!(matches!(
        zk_app::audit::verify(&w.t.app).await.unwrap(),
        Verification::Intact { .. }
    ));
}

#[tokio::test]
async fn declining_withdrawing_removing_and_leaving_show_in_the_trail() {
    changes_flow(&world().await).await;
}

#[tokio::test]
async fn declining_withdrawing_removing_and_leaving_show_in_the_trail_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    changes_flow(&w).await;
    w.t.finish().await;
}

/// Sanne with member Ria and an open invitation for Oom: the page, Ria and the invitation.
async fn network_with_invitation(w: &World) -> (Browser<'_>, String, AccountId, InvitationId) {
    let (mut sanne, page) = beheerder(w).await;
    member(
        w,
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["agenda"],
    )
    .await;
    invite(
        &mut sanne,
        &page,
        "Oom",
        "oom@voorbeeld.example",
        &["agenda"],
    )
    .await;
    let id = invitation_id(&sanne.get(&network(&page)).await.body);
    let ria = account_id(w, "ria@voorbeeld.example").await;
    (sanne, page, ria, id.parse().unwrap())
}

async fn unrecorded_flow(w: &World) {
    let (mut sanne, page, ria, invitation) = network_with_invitation(w).await;
    let pending = w.t.app.store.count_pending_messages().await.unwrap();
    refuse_audit_writes(&w.t).await;

    // Removing Ria and withdrawing the invitation fail with an error page ...
    let remove = format!("/zorgpagina/netwerk/lid/{ria}/verwijderen?pagina={page}");
    let r = sanne.post(&remove, &[]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    let r = sanne
        .post(&withdraw_url(&page, &invitation.to_string()), &[])
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);

    // ... and nothing changed: Ria is a member, the invitation is open, nobody is mailed.
    let store = &w.t.app.store;
    let page_id: CarePageId = page.parse().unwrap();
    assert!(store.get_member(page_id, ria).await.unwrap().is_some());
    let open = store.get_invitation(invitation).await.unwrap().unwrap();
    assert_eq!(open.state, InvitationState::Open);
    assert_eq!(store.count_pending_messages().await.unwrap(), pending);
}

#[tokio::test]
async fn a_change_whose_record_cannot_be_written_is_not_made() {
    unrecorded_flow(&world().await).await;
}

#[tokio::test]
async fn a_change_whose_record_cannot_be_written_is_not_made_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    unrecorded_flow(&w).await;
    w.t.finish().await;
}

/// Makes the database refuse every change of an invitation.
async fn refuse_invitation_changes(t: &support::TestApp) {
    if let Some((_, db)) = &t.postgres {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        for sql in [
            "CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN RAISE EXCEPTION 'change refused'; END $$",
            "CREATE TRIGGER refuse_change BEFORE UPDATE ON care_page_invitations
             FOR EACH ROW EXECUTE FUNCTION refuse_change()",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    } else {
        let url = format!("sqlite://{}", t.dir.path().join("db.sqlite").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(
            "CREATE TRIGGER refuse_change BEFORE UPDATE ON care_page_invitations
             BEGIN SELECT RAISE(ABORT, 'change refused'); END",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
}

async fn unmade_flow(w: &World) {
    let (mut sanne, page, _, invitation) = network_with_invitation(w).await;
    let link = invitation_path(w).await;
    refuse_invitation_changes(&w.t).await;

    // Withdrawing and declining fail in the database: no record says they happened.
    let r = sanne
        .post(&withdraw_url(&page, &invitation.to_string()), &[])
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    let r = Browser::new(&w.t)
        .post(&format!("{link}/weigeren"), &[])
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert!(of_kind(w, AuditKind::InviteWithdraw).await.is_empty());
    assert!(of_kind(w, AuditKind::InviteDecline).await.is_empty());
}

#[tokio::test]
async fn a_change_the_database_refuses_leaves_no_record() {
    unmade_flow(&world().await).await;
}

#[tokio::test]
async fn a_change_the_database_refuses_leaves_no_record_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    unmade_flow(&w).await;
    w.t.finish().await;
}
