//! The audit trail beyond looking at care data (SPEC S9, NEN 7513): logins and other security
//! events, changes of the network, the diary and the agenda (shown in "Wie heeft mijn gegevens
//! bekeken?"), staff opening a client record, and the provider admin's log with its CSV
//! download, which is recorded itself. On both databases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::Browser;
use support::network::{PASSWORD, beheerder, member};
use support::staff::staff_browser;
use support::world::{World, world, world_with};
use zk_app::audit::Verification;
use zk_domain::ProviderId;
use zk_domain::audit::{ActorRole, AuditKind, AuditRecord, Outcome};
use zk_store::StaffRole;

async fn chain(w: &World) -> Vec<AuditRecord> {
    w.t.app.store.audit_chain(0, 100_000).await.unwrap()
}

async fn of_kind(w: &World, kind: AuditKind) -> Vec<AuditRecord> {
    chain(w)
        .await
        .into_iter()
        .filter(|r| r.event.kind == Some(kind))
        .collect()
}

async fn account_id(w: &World, email: &str) -> zk_domain::AccountId {
    let found = w.t.app.store.find_account_by_email(email).await.unwrap();
    found.unwrap().id
}

async fn intact(w: &World) {
    assert!(matches!(
        zk_app::audit::verify(&w.t.app).await.unwrap(),
        Verification::Intact { .. }
    ));
}

async fn security_flow(w: &World) {
    let (mut sanne, _) = beheerder(w).await;
    let sanne_id = account_id(w, "sanne@voorbeeld.example").await;
    // Verifying the phone at registration is a phone change.
    assert_eq!(of_kind(w, AuditKind::PhoneChange).await.len(), 1);
    assert_eq!(
        sanne.post("/uitloggen", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let ended = of_kind(w, AuditKind::SessionEnded).await;
    assert_eq!(ended[0].event.actor_id, Some(sanne_id.0));

    // A wrong password for Sanne and any password for an address without an account leave
    // records of the same shape: no account, only a keyed hash of what was typed.
    let mut b = Browser::new(&w.t);
    let wrong = [("email", "sanne@voorbeeld.example"), ("wachtwoord", "fout")];
    assert_eq!(b.post("/inloggen", &wrong).await.status, StatusCode::OK);
    let unknown = [
        ("email", "niemand@voorbeeld.example"),
        ("wachtwoord", "fout"),
    ];
    assert_eq!(b.post("/inloggen", &unknown).await.status, StatusCode::OK);
    let refused = of_kind(w, AuditKind::Login).await;
    assert_eq!(refused.len(), 2);
    for r in &refused {
        let e = &r.event;
        assert_eq!(e.outcome, Outcome::Failed);
        assert_eq!((e.actor_id, e.actor_name.as_str()), (None, ""));
        assert_eq!(e.role, ActorRole::Anonymous);
        let key = e.resource_id.as_deref().unwrap();
        assert!(!key.contains('@') && key.len() >= 32, "{key}");
        assert_eq!(e.source.ip, "127.0.0.1");
    }
    assert_ne!(refused[0].event.resource_id, refused[1].event.resource_id);

    // The right password, a wrong SMS code, then the right one.
    w.t.clock.advance(jiff::SignedDuration::from_secs(31));
    let right = [
        ("email", "sanne@voorbeeld.example"),
        ("wachtwoord", PASSWORD),
    ];
    b.post_to("/inloggen", &right, "/inloggen/sms").await;
    let code = w.last_sms_code().await;
    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    b.post("/inloggen/sms", &[("code", wrong_code)]).await;
    let r = b.post("/inloggen/sms", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let logins = of_kind(w, AuditKind::Login).await;
    let login = &logins.last().unwrap().event;
    assert_eq!(login.outcome, Outcome::Success);
    assert_eq!(login.actor_id, Some(sanne_id.0));
    assert_eq!(login.role, ActorRole::AccountHolder);
    let steps: Vec<Outcome> = of_kind(w, AuditKind::SecondFactor)
        .await
        .iter()
        .map(|r| r.event.outcome)
        .collect();
    assert_eq!(steps, [Outcome::Failed, Outcome::Success]);
    intact(w).await;
}

#[tokio::test]
async fn logins_and_second_steps_are_recorded_without_telling_which_address_exists() {
    let w = world().await;
    security_flow(&w).await;
}

#[tokio::test]
async fn logins_and_second_steps_are_recorded_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    security_flow(&w).await;
    w.t.finish().await;
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
    let agenda = format!("/zorgpagina/agenda?pagina={page}");
    let appointment = [
        ("titel", "Tandarts"),
        ("plaats", "Dorpsstraat 3"),
        ("begindatum", "2026-11-25"),
        ("begintijd", "10:00"),
        ("einddatum", ""),
        ("eindtijd", "11:00"),
        ("herhalen", ""),
        ("tot", ""),
        ("opmerkingen", ""),
    ];
    piet.post_to(
        &format!("/zorgpagina/agenda/nieuw?pagina={page}"),
        &appointment,
        &agenda,
    )
    .await;
    let diary = format!("/zorgpagina/dagboek?pagina={page}");
    sanne
        .post_to(
            &diary,
            &[
                ("datum", "2026-11-22"),
                ("titel", "Zondag"),
                ("tekst", "Goed"),
            ],
            &diary,
        )
        .await;

    // Sanne gives Piet the reports too; then Piet leaves.
    let network = sanne.get(&support::network::network(&page)).await;
    let edit = support::network::member_url(&network.body, &page);
    let form = [("relatie", "family"), ("agenda", "ja"), ("reports", "ja")];
    assert_eq!(sanne.post(&edit, &form).await.status, StatusCode::SEE_OTHER);
    let leave = format!("/zorgpagina/netwerk/verlaten?pagina={page}");
    assert_eq!(piet.post(&leave, &[]).await.status, StatusCode::SEE_OTHER);

    // What was stored, in order, with Piet as a member (family) once he accepted.
    let piet_id = account_id(w, "piet@voorbeeld.example").await;
    let invite = &of_kind(w, AuditKind::Invite).await[0].event;
    assert_eq!(invite.care_page_id.unwrap().to_string(), page);
    let accepted = &of_kind(w, AuditKind::InviteAccept).await[0].event;
    assert_eq!(accepted.actor_id, Some(piet_id.0));
    let changed = &of_kind(w, AuditKind::MemberPermissions).await[0].event;
    assert_eq!(changed.resource_id, Some(piet_id.0.to_string()));
    let left = &of_kind(w, AuditKind::MemberLeft).await[0].event;
    assert_eq!(left.actor_id, Some(piet_id.0));
    let added = chain(w)
        .await
        .into_iter()
        .rev()
        .find(|r| r.event.actor_id == Some(piet_id.0) && r.event.action.as_str() == "create")
        .unwrap();
    assert_eq!(
        added.event.role,
        ActorRole::Member(zk_domain::network::Relation::Family)
    );

    // Opening the agenda and the diary is recorded as a look, before they are shown.
    let looked = |actor: zk_domain::AccountId, category: &'static str| {
        move |r: &AuditRecord| {
            r.event.actor_id == Some(actor.0)
                && r.event.action.as_str() == "read"
                && r.event.category.as_str() == category
        }
    };
    let sanne_id = account_id(w, "sanne@voorbeeld.example").await;
    let records = chain(w).await;
    assert!(records.iter().any(looked(piet_id, "agenda")));
    assert!(records.iter().any(looked(sanne_id, "diary")));

    // The beheerder reads it in plain words.
    let trail = sanne
        .get(&format!("/zorgpagina/inzage?pagina={page}"))
        .await;
    assert_eq!(trail.status, StatusCode::OK);
    for shown in [
        "Uitnodiging verstuurd",
        "Uitnodiging aangenomen",
        "Toegevoegd: agenda",
        "Toegevoegd: dagboek",
        "Bekeken: agenda",
        "Bekeken: dagboek",
        "Rechten van een naaste veranderd",
        "Uit het netwerk gegaan",
        "Piet Jansen (naaste, familie)",
    ] {
        assert!(trail.body.contains(shown), "{shown} in {}", trail.body);
    }
    intact(w).await;
}

#[tokio::test]
async fn network_diary_and_agenda_changes_show_in_the_trail() {
    let w = world().await;
    changes_flow(&w).await;
}

#[tokio::test]
async fn network_diary_and_agenda_changes_show_in_the_trail_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    changes_flow(&w).await;
    w.t.finish().await;
}

async fn export_flow(w: &World) {
    let own: ProviderId = w.demo.providers[0].id.parse().unwrap();
    let letters = w.letters("valid", "client");
    let mine = letters
        .iter()
        .find(|l| l.provider == w.demo.providers[0].name)
        .unwrap();
    let theirs = letters
        .iter()
        .find(|l| l.provider != mine.provider)
        .unwrap();
    let mut sanne = w
        .register_verified(mine, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = sanne.get("/zorgpagina").await;
    let page = support::network::page_id(&care.body);
    let mut other = w
        .register_verified(theirs, "ander@voorbeeld.example", PASSWORD)
        .await;
    assert_eq!(other.get("/zorgpagina").await.status, StatusCode::OK);
    let sanne_id = account_id(w, "sanne@voorbeeld.example").await.to_string();
    let other_id = account_id(w, "ander@voorbeeld.example").await.to_string();

    // The admin opens Sanne's record: recorded, and Sanne's trail shows it.
    let mut admin = staff_browser(w, own, "beheer@ggz.example", StaffRole::Admin).await;
    let record =
        w.t.app
            .store
            .find_client_record_by_number(own, &mine.client_number)
            .await
            .unwrap()
            .unwrap();
    let base = format!("/zorgaanbieder/{own}");
    let opened = admin.get(&format!("{base}/clienten/{}", record.id)).await;
    assert_eq!(opened.status, StatusCode::OK);
    let viewed = &of_kind(w, AuditKind::StaffView).await[0].event;
    assert_eq!(viewed.on_behalf_of, Some(own));
    assert_eq!(viewed.client_record_id, Some(record.id));
    let trail = sanne
        .get(&format!("/zorgpagina/inzage?pagina={page}"))
        .await;
    assert!(trail.body.contains("Dossier bekeken door de zorgaanbieder"));

    // The log: a page with the period filter and a link to the download.
    let log = admin.get(&format!("{base}/logboek")).await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.body.contains("Dossier bekeken door de zorgaanbieder"));
    let csv = admin.get(&format!("{base}/logboek/download")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].starts_with("seq,at,action,kind,category,actor_id"));
    assert!(lines[1..].iter().all(|l| l.starts_with('"')));
    assert!(csv.body.contains(&sanne_id), "Sanne's looks at her page");
    assert!(csv.body.contains("\"staff_view\""));
    assert!(!csv.body.contains(&other_id), "another provider's client");

    // A period after today holds nothing; a day that is not one gets a plain message.
    let empty = admin
        .get(&format!("{base}/logboek/download?van=2030-01-01"))
        .await;
    assert_eq!(empty.body.lines().count(), 1, "{}", empty.body);
    let today = w.t.app.today().to_string();
    let today_only = admin
        .get(&format!("{base}/logboek/download?van={today}&tot={today}"))
        .await;
    assert!(today_only.body.contains(&sanne_id));
    let bad = admin
        .get(&format!("{base}/logboek/download?van=gisteren"))
        .await;
    assert!(bad.body.contains("Deze datum klopt niet"));

    // Reading and downloading were recorded, each with its period.
    let exports: Vec<String> = of_kind(w, AuditKind::AuditExport)
        .await
        .into_iter()
        .map(|r| r.event.resource_id.unwrap())
        .collect();
    assert_eq!(exports.iter().filter(|e| e.starts_with("view")).count(), 2);
    let downloads: Vec<&String> = exports
        .iter()
        .filter(|e| e.starts_with("download"))
        .collect();
    assert_eq!(downloads.len(), 3, "{exports:?}");
    assert!(
        downloads[1].contains("2029-12-31T23:00:00Z.."),
        "{exports:?}"
    );
    intact(w).await;
}

#[tokio::test]
async fn the_provider_admin_downloads_the_log_of_its_own_clients() {
    let w = world().await;
    export_flow(&w).await;
}

#[tokio::test]
async fn the_provider_admin_downloads_the_log_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    export_flow(&w).await;
    w.t.finish().await;
}
