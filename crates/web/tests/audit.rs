//! "Wie heeft mijn gegevens bekeken?" (SPEC S9) as a browser meets it: viewing the care page and
//! a report is recorded with who, as what and what; the beheerder reads the trail, filtered by
//! person and period and paged; a member or a stranger gets "not found"; and when the record
//! cannot be written, the care data is not shown at all.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use support::world::{World, world, world_with};
use zk_app::audit::Verification;
use zk_domain::audit::{DataCategory, Outcome};
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{AccountId, CarePageId};
use zk_store::AuditFilter;

const PASSWORD: &str = "fiets boom regen lantaarn";

/// Every `href` in `body` that starts with `prefix`, in page order, `&` unescaped.
fn links(body: &str, prefix: &str) -> Vec<String> {
    body.split(&format!("href=\"{prefix}"))
        .skip(1)
        .map(|rest| {
            let link = rest.split('"').next().unwrap();
            format!("{prefix}{link}")
                .replace("&#38;", "&")
                .replace("&amp;", "&")
        })
        .collect()
}

async fn account(w: &World, email: &str) -> zk_domain::account::Account {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

async fn trail_flow(w: &World) {
    let letters = w.letters("valid", "client");
    let (mine, theirs) = (
        letters[0],
        letters
            .iter()
            .find(|l| l.provider != letters[0].provider)
            .unwrap(),
    );
    let mut sanne = w
        .register_verified(mine, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = sanne.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::OK);
    let trail_link = links(&care.body, "/zorgpagina/inzage?pagina=").remove(0);
    let page_id: CarePageId = trail_link
        .trim_start_matches("/zorgpagina/inzage?pagina=")
        .parse()
        .unwrap();
    let report = links(&care.body, "/zorgpagina/verslagen/").remove(0);
    let report_id = report.trim_start_matches("/zorgpagina/verslagen/");
    assert_eq!(sanne.get(&report).await.status, StatusCode::OK);

    // What was stored: the care page's categories and the report with its id, by Sanne.
    let sanne_account = account(w, "sanne@voorbeeld.example").await;
    let stored =
        w.t.app
            .store
            .audit_of_care_page(page_id, &AuditFilter::default(), &PageRequest::first(50))
            .await
            .unwrap()
            .items;
    let newest = &stored[0].event;
    assert_eq!(newest.resource_id.as_deref(), Some(report_id));
    assert_eq!(newest.category, DataCategory::Care(Permission::Reports));
    assert_eq!(newest.actor_id, Some(sanne_account.id.0));
    assert_eq!(newest.source.ip, "127.0.0.1");
    assert!(stored.len() >= 7, "six categories and the report");

    // Another account: not a member yet, so a stranger. Not found, like a missing page.
    let mut other = w
        .register_verified(theirs, "moeder@voorbeeld.example", PASSWORD)
        .await;
    let theirs_reply = other.get(&trail_link).await;
    let missing = other
        .get(&format!("/zorgpagina/inzage?pagina={}", CarePageId::new()))
        .await;
    assert_eq!(theirs_reply.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // The error page names only the path, never the query: the two are the same page.
    assert_eq!(theirs_reply.body, missing.body);
    assert_eq!(
        other
            .get(&format!("/zorgpagina?pagina={page_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Now a member with the agenda only: she sees the page, not the trail nor its link.
    let moeder = account(w, "moeder@voorbeeld.example").await;
    let member = Member {
        care_page_id: page_id,
        account_id: moeder.id,
        relation: Relation::Parent,
        permissions: Permissions::of(&[Permission::Agenda, Permission::Appointments]),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&member, &[]).await.unwrap();
    let as_member = other.get(&format!("/zorgpagina?pagina={page_id}")).await;
    assert_eq!(as_member.status, StatusCode::OK);
    assert!(!as_member.body.contains("/zorgpagina/inzage"));
    assert_eq!(other.get(&trail_link).await.status, StatusCode::NOT_FOUND);

    // Sanne's list: newest first, who with role, what and whether it was allowed.
    let list = sanne.get(&trail_link).await;
    assert_eq!(list.status, StatusCode::OK);
    let body = &list.body;
    assert!(body.contains("<h1>Wie heeft mijn gegevens bekeken?</h1>"));
    let name = moeder.full_name();
    assert!(body.contains(&format!("{name} (naaste, ouder)")), "{body}");
    assert!(body.contains(&format!("{name} (geen toegang)")));
    assert!(body.contains("Nee, geweigerd"));
    assert!(body.contains(&format!("{} (cliënt)", sanne_account.full_name())));
    assert!(body.contains("Bekeken: verslagen"));
    assert!(body.contains("Bekeken: wie heeft mijn gegevens bekeken"));
    // The member saw appointments and the network's own next ones (a look at the agenda,
    // recorded last), never the reports.
    let member_reads: Vec<_> =
        w.t.app
            .store
            .audit_of_care_page(
                page_id,
                &AuditFilter {
                    actor: Some(moeder.id.0),
                    ..AuditFilter::default()
                },
                &PageRequest::first(50),
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|r| r.event.outcome == Outcome::Success)
            .map(|r| r.event.category)
            .collect();
    assert_eq!(
        member_reads,
        vec![
            DataCategory::Care(Permission::Agenda),
            DataCategory::Care(Permission::Appointments)
        ]
    );

    // Filter by person: only the mother's lines.
    let only = sanne
        .get(&format!("{trail_link}&persoon={}", moeder.id))
        .await
        .body;
    assert!(only.contains(&name));
    assert!(!only.contains("(cliënt)"));
    // A period after today: nothing. A date that is no date: a clear message.
    let tomorrow = w.t.app.today().tomorrow().unwrap();
    let later = sanne
        .get(&format!("{trail_link}&van={tomorrow}"))
        .await
        .body;
    assert!(later.contains("Er is niets gevonden."));
    let bad = sanne.get(&format!("{trail_link}&van=gisteren")).await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("Deze datum klopt niet."));
    let today = w.t.app.today();
    let today_only = sanne
        .get(&format!("{trail_link}&van={today}&tot={today}"))
        .await
        .body;
    assert!(today_only.contains("Bekeken: verslagen"));

    // Paged: 25 lines a page, then "Oudere regels".
    for _ in 0..4 {
        sanne.get("/zorgpagina").await;
    }
    let first = sanne.get(&trail_link).await.body;
    assert_eq!(first.matches("<tr><td data-label=").count(), 25);
    let older = links(&first, "/zorgpagina/inzage?pagina=")
        .into_iter()
        .find(|l| l.contains("&na="))
        .unwrap();
    let second = sanne.get(&older).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.body.matches("<tr><td data-label=").count() > 0);

    // And the chain holds.
    assert!(matches!(
        zk_app::audit::verify(&w.t.app).await.unwrap(),
        Verification::Intact { .. }
    ));
    let _: AccountId = moeder.id;
}

#[tokio::test]
async fn the_beheerder_sees_who_looked_and_others_get_not_found() {
    let w = world().await;
    trail_flow(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn the_beheerder_sees_who_looked_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    trail_flow(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn a_failed_audit_write_fails_the_request_and_shows_nothing() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut sanne = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = sanne.get("/zorgpagina").await;
    assert!(care.body.contains("Verslag intake"));
    let report = links(&care.body, "/zorgpagina/verslagen/").remove(0);
    let document = links(&care.body, "/zorgpagina/documenten/").remove(0);

    // The audit trail can no longer be written.
    let url = format!("sqlite://{}", w.t.dir.path().join("db.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("DROP TABLE audit_head")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let care = sanne.get("/zorgpagina").await;
    assert_eq!(care.status, StatusCode::INTERNAL_SERVER_ERROR);
    for care_data in [
        "Verslag intake",
        "Behandelplan",
        "GGZ Rivierenland",
        "OQ-45",
    ] {
        assert!(!care.body.contains(care_data), "{care_data} shown");
    }
    let r = sanne.get(&report).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!r.body.contains("Verslag"));
    let d = sanne.get(&document).await;
    assert_eq!(d.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!d.body.contains("%PDF"));
}
