//! Staff invitations in the audit trail (SPEC S8, S9), through HTTP: inviting, withdrawing and
//! accepting (with an existing account or a new one) are each recorded once, with the actor and
//! the role, on the provider's behalf, naming the invitation by id and never the typed address;
//! the provider's log says them in plain words. With the trail refusing records, none of these
//! changes is made. On both databases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::refuse_audit::refuse_audit_writes;
use support::staff::{STAFF_PASSWORD, invitation_path, link, staff_browser};
use support::world::{World, world, world_with};
use zk_domain::audit::{ActorRole, AuditAction, AuditKind, AuditRecord};
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, ProviderId};
use zk_store::{StaffInvitation, StaffRole};

const ADMIN: &str = "beheer@ggz.example";
const SANNE: &str = "sanne@voorbeeld.example";

fn own(w: &World) -> ProviderId {
    w.demo.providers[0].id.parse().unwrap()
}

fn team(w: &World) -> String {
    format!("/zorgaanbieder/{}/medewerkers", own(w))
}

/// The admin invites `email` on the staff page; returns the answer's status and the link mailed.
async fn invite(w: &World, admin: &mut Browser<'_>, email: &str) -> (StatusCode, Option<String>) {
    let r = admin
        .post(
            &format!("{}/nieuw", team(w)),
            &[
                ("email", email),
                ("voornaam", "Iemand"),
                ("achternaam", "Anders"),
                ("rol", "secretariaat"),
            ],
        )
        .await;
    if r.status != StatusCode::SEE_OTHER {
        return (r.status, None);
    }
    let mail = w.last_mail().await;
    assert_eq!(mail.recipient, email);
    (r.status, Some(invitation_path(&mail.text_body)))
}

/// The provider's open invitation of `email`, if any.
async fn open_invitation(w: &World, email: &str) -> Option<StaffInvitation> {
    let page =
        w.t.app
            .store
            .list_staff_invitations(own(w), w.t.app.now(), &PageRequest::first(100))
            .await
            .unwrap();
    page.items.into_iter().find(|i| i.email == email)
}

async fn of_kind(w: &World, kind: AuditKind) -> Vec<AuditRecord> {
    w.t.app
        .store
        .audit_chain(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.event.kind == Some(kind))
        .collect()
}

/// The one record of `kind` naming invitation `id`, checked to be on the provider's behalf by
/// staff member `actor` and to hold no e-mail address.
async fn one_record(
    w: &World,
    kind: AuditKind,
    id: impl ToString,
    actor: AccountId,
) -> AuditRecord {
    let id = id.to_string();
    let found: Vec<_> = of_kind(w, kind)
        .await
        .into_iter()
        .filter(|r| r.event.resource_id.as_ref() == Some(&id))
        .collect();
    assert_eq!(found.len(), 1, "{kind:?}: {found:?}");
    let e = &found[0].event;
    assert_eq!(e.actor_id, Some(actor.0), "{kind:?}");
    assert_eq!(e.role, ActorRole::ProviderStaff, "{kind:?}");
    assert_eq!(e.on_behalf_of, Some(own(w)), "{kind:?}");
    assert!(!format!("{e:?}").contains('@'), "no address: {e:?}");
    found[0].clone()
}

async fn account_id(w: &World, email: &str) -> AccountId {
    let account = w.t.app.store.find_account_by_email(email).await.unwrap();
    account.expect("the account exists").id
}

async fn invitation_changes_flow(w: &World) {
    let own = own(w);
    let team = team(w);
    let letter = w.letter("valid", "client");
    let mut sanne = w.register_verified(letter, SANNE, STAFF_PASSWORD).await;
    let mut admin = staff_browser(w, own, ADMIN, StaffRole::Admin).await;
    let admin_id = account_id(w, ADMIN).await;

    // Invited, then withdrawn (twice: the second changes nothing and records nothing).
    invite(w, &mut admin, "noor@ggz.example").await;
    let noor = open_invitation(w, "noor@ggz.example").await.unwrap();
    let e = one_record(w, AuditKind::StaffInvited, noor.id, admin_id).await;
    assert_eq!(e.event.action, AuditAction::Create);
    let withdraw = link(&admin.get(&team).await.body, |s| s.ends_with("/intrekken"));
    admin.post_to(&withdraw, &[], &team).await;
    admin.post_to(&withdraw, &[], &team).await;
    let e = one_record(w, AuditKind::StaffInvitationWithdrawn, noor.id, admin_id).await;
    assert_eq!(e.event.action, AuditAction::Delete);

    // Sanne accepts with her account: she is the actor, as the staff member she becomes.
    let (_, sanne_link) = invite(w, &mut admin, SANNE).await;
    let sanne_invitation = open_invitation(w, SANNE).await.unwrap();
    sanne
        .post_to(
            &format!("{}/accepteren", sanne_link.unwrap()),
            &[],
            &format!("/zorgaanbieder/{own}"),
        )
        .await;
    let sanne_id = account_id(w, SANNE).await;
    one_record(w, AuditKind::StaffInvited, sanne_invitation.id, admin_id).await;
    let e = one_record(
        w,
        AuditKind::StaffInvitationAccepted,
        sanne_invitation.id,
        sanne_id,
    )
    .await;
    assert_eq!(e.event.actor_name, "Sanne de Vries");

    // An address without an account: the account is made and joins in one step, both recorded.
    let (_, new_link) = invite(w, &mut admin, "nieuw@ggz.example").await;
    let new_invitation = open_invitation(w, "nieuw@ggz.example").await.unwrap();
    let password = [
        ("wachtwoord", STAFF_PASSWORD),
        ("herhaling", STAFF_PASSWORD),
    ];
    let r = Browser::new(&w.t).post(&new_link.unwrap(), &password).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let new_id = account_id(w, "nieuw@ggz.example").await;
    one_record(
        w,
        AuditKind::StaffInvitationAccepted,
        new_invitation.id,
        new_id,
    )
    .await;
    let made: Vec<_> = of_kind(w, AuditKind::AccountCreated)
        .await
        .into_iter()
        .filter(|r| r.event.actor_id == Some(new_id.0))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");

    // The provider's log says it in plain words.
    let log = admin.get(&format!("/zorgaanbieder/{own}/logboek")).await;
    assert_eq!(log.status, StatusCode::OK);
    for text in [
        "Medewerker uitgenodigd",
        "Uitnodiging van medewerker ingetrokken",
        "Uitnodiging als medewerker aangenomen",
    ] {
        assert!(log.body.contains(text), "{text}: {}", log.body);
    }
    assert!(matches!(
        zk_app::audit::verify(&w.t.app).await.unwrap(),
        zk_app::audit::Verification::Intact { .. }
    ));
}

#[tokio::test]
async fn staff_invitations_are_recorded_once_with_their_actor() {
    invitation_changes_flow(&world().await).await;
}

#[tokio::test]
async fn staff_invitations_are_recorded_once_with_their_actor_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    invitation_changes_flow(&w).await;
    w.t.finish().await;
}

async fn refused_record_flow(w: &World) {
    let own = own(w);
    let team = team(w);
    let letter = w.letter("valid", "client");
    let mut sanne = w.register_verified(letter, SANNE, STAFF_PASSWORD).await;
    let mut admin = staff_browser(w, own, ADMIN, StaffRole::Admin).await;
    invite(w, &mut admin, "noor@ggz.example").await;
    let (_, sanne_link) = invite(w, &mut admin, SANNE).await;
    let (_, new_link) = invite(w, &mut admin, "nieuw@ggz.example").await;
    let withdraw = link(&admin.get(&team).await.body, |s| s.ends_with("/intrekken"));
    let pending = w.t.app.store.count_pending_messages().await.unwrap();

    refuse_audit_writes(&w.t).await;

    // No invitation and no mail.
    let (status, _) = invite(w, &mut admin, "later@ggz.example").await;
    assert!(status.is_server_error(), "{status}");
    assert!(open_invitation(w, "later@ggz.example").await.is_none());
    assert_eq!(
        w.t.app.store.count_pending_messages().await.unwrap(),
        pending
    );

    // Not withdrawn: all three stay open.
    let r = admin.post(&withdraw, &[]).await;
    assert!(r.status.is_server_error(), "{}", r.status);
    for email in ["noor@ggz.example", SANNE, "nieuw@ggz.example"] {
        assert!(open_invitation(w, email).await.is_some(), "{email}");
    }

    // Not accepted: Sanne is no member, and no account is made for the new address.
    let r = sanne
        .post(&format!("{}/accepteren", sanne_link.unwrap()), &[])
        .await;
    assert!(r.status.is_server_error(), "{}", r.status);
    let sanne_id = account_id(w, SANNE).await;
    let membership = w.t.app.store.staff_membership(sanne_id, own).await;
    assert_eq!(membership.unwrap(), None);
    let password = [
        ("wachtwoord", STAFF_PASSWORD),
        ("herhaling", STAFF_PASSWORD),
    ];
    let r = Browser::new(&w.t).post(&new_link.unwrap(), &password).await;
    assert!(r.status.is_server_error(), "{}", r.status);
    let none = w.t.app.store.find_account_by_email("nieuw@ggz.example");
    assert!(none.await.unwrap().is_none());
    assert!(open_invitation(w, SANNE).await.is_some());
    assert!(open_invitation(w, "nieuw@ggz.example").await.is_some());
}

#[tokio::test]
async fn a_staff_invitation_change_whose_record_is_refused_is_not_made() {
    refused_record_flow(&world().await).await;
}

#[tokio::test]
async fn a_staff_invitation_change_whose_record_is_refused_is_not_made_on_postgresql() {
    let w = world_with(support::TestApp::postgres().await).await;
    refused_record_flow(&w).await;
    w.t.finish().await;
}
