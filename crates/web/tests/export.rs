#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! "Mijn gegevens downloaden" (SPEC S9) as a browser meets it, on both databases: the request,
//! the worker, the e-mail with only a link, the FHIR Bundle that parses back with our models,
//! the readable summary, what a member with some permissions gets (a matrix over the
//! categories), the same "not found" for a stranger as for an unknown id, the expiry with the
//! clock, and the daily limit.

mod support;

use axum::http::StatusCode;
use jiff::SignedDuration;
use std::sync::Arc;
use support::world::{World, world, world_with};
use zk_app::export::{AUDIT_TITLE, MESSAGES_TITLE, NETWORK_TITLE, Section};
use zk_domain::account::Account;
use zk_domain::agenda::AgendaItem;
use zk_domain::audit::{AuditAction, Outcome};
use zk_domain::message::{Message, MessageThread, Participant, Party};
use zk_domain::network::{Member, Permission, Permissions, Relation};
use zk_domain::page::PageRequest;
use zk_domain::{AgendaItemId, CarePageId, ExportJobId, MessageId, MessageThreadId};
use zk_fhir::{Limits, Resource};
use zk_store::{AuditFilter, ExportState};

const PASSWORD: &str = "fiets boom regen lantaarn";

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

fn summaries() -> Arc<dyn zk_app::export::SummaryWriter> {
    Arc::new(zk_web::export_summary::Summaries {
        i18n: Arc::new(zk_web::i18n::I18n::new("Zorgkring").unwrap()),
    })
}

async fn build(w: &World) {
    assert!(
        zk_app::export::run_once(&w.t.app, summaries().as_ref())
            .await
            .unwrap()
    );
}

async fn account(w: &World, email: &str) -> Account {
    w.t.app
        .store
        .find_account_by_email(email)
        .await
        .unwrap()
        .unwrap()
}

/// The download link in the newest e-mail, checked to carry no care data.
async fn mailed_link(w: &World) -> String {
    let mail = w.last_mail().await;
    assert_eq!(mail.subject.as_deref(), Some("Je download staat klaar"));
    for care in ["Verslag", "GGZ", "OQ-45", "Behandelplan", "Koffie"] {
        assert!(!mail.text_body.contains(care), "{care} in the mail");
    }
    let line = mail
        .text_body
        .lines()
        .find(|l| l.contains("/gegevens-downloaden/"))
        .unwrap()
        .trim()
        .to_owned();
    line.split_once("8080").unwrap().1.to_owned()
}

/// The resources of a downloaded Bundle, each validated by our FHIR models.
fn resources(body: &str) -> Vec<Resource> {
    zk_fhir::bundle::parse_collection(body.as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("invalid bundle: {e:?}"))
}

fn titles(resources: &[Resource]) -> Vec<String> {
    resources
        .iter()
        .filter_map(|r| match r {
            Resource::DocumentReference(d) => d.title.clone(),
            _ => None,
        })
        .collect()
}

/// The text of the DocumentReference with this title.
fn attachment(resources: &[Resource], title: &str) -> String {
    resources
        .iter()
        .find_map(|r| match r {
            Resource::DocumentReference(d) if d.title.as_deref() == Some(title) => match &d.content
            {
                zk_fhir::DocumentContent::Inline(bytes) => {
                    Some(String::from_utf8(bytes.clone()).unwrap())
                }
                zk_fhir::DocumentContent::Binary(_) => None,
            },
            _ => None,
        })
        .unwrap()
}

fn count(resources: &[Resource], kind: &str) -> usize {
    resources
        .iter()
        .filter(|r| r.resource_type().as_str() == kind)
        .count()
}

async fn export_flow(w: &World) {
    let letter = w.letter("valid", "client");
    let mut sanne = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = sanne.get("/zorgpagina").await;
    let export_page = links(&care.body, "/zorgpagina/gegevens?pagina=").remove(0);
    let page_id: CarePageId = export_page
        .trim_start_matches("/zorgpagina/gegevens?pagina=")
        .parse()
        .unwrap();
    let shown = sanne.get(&export_page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("<h1>Mijn gegevens downloaden</h1>"));
    assert!(shown.body.contains("privé gegevens"));
    assert!(shown.body.contains("Wie heeft de gegevens bekeken"));
    // From the profile, without a page: the account's first one.
    assert!(
        sanne
            .get("/profiel")
            .await
            .body
            .contains("/zorgpagina/gegevens")
    );
    assert!(
        sanne
            .get("/zorgpagina/gegevens")
            .await
            .body
            .contains("privé gegevens")
    );

    // A shared agenda item, so the agenda has something to export.
    let sanne_account = account(w, "sanne@voorbeeld.example").await;
    let now = w.t.app.now();
    let item = AgendaItem {
        id: AgendaItemId::new(),
        care_page_id: page_id,
        author_id: sanne_account.id,
        title: "Koffie met oma".into(),
        place: Some("Thuis".into()),
        starts_at: now + SignedDuration::from_hours(48),
        ends_at: now + SignedDuration::from_hours(49),
        remarks: None,
        recurrence: None,
        series_end: None,
        created_at: now,
        updated_at: now,
    };
    w.t.app
        .store
        .add_agenda_item(&item, &[], zk_store::Audit::NONE)
        .await
        .unwrap();

    // Ask: the page says it is being made; nothing is mailed before the worker ran.
    let asked = sanne
        .post_to(&export_page, &[], &format!("{export_page}&gevraagd=1"))
        .await;
    assert!(asked.body.contains("We maken je download klaar"));
    assert!(asked.body.contains("Wordt nog gemaakt"));
    w.deliver().await;
    let mails_before = w.mailer.sent().len();
    build(w).await;
    assert!(
        !zk_app::export::run_once(&w.t.app, summaries().as_ref())
            .await
            .unwrap()
    );
    let link = mailed_link(w).await;
    assert_eq!(w.mailer.sent().len(), mails_before + 1);
    let job_id: ExportJobId = link
        .trim_start_matches("/gegevens-downloaden/")
        .parse()
        .unwrap();

    let job_page = sanne.get(&link).await;
    assert_eq!(job_page.status, StatusCode::OK);
    assert!(job_page.body.contains("Klaar om te downloaden"));
    let json = sanne.get(&format!("{link}/fhir.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.header("content-type"), "application/fhir+json");
    assert!(json.header("content-disposition").starts_with("attachment"));
    assert_eq!(json.header("cache-control"), "no-store");
    let all = resources(&json.body);
    for kind in [
        "Patient",
        "Practitioner",
        "CareTeam",
        "Appointment",
        "CarePlan",
        "Goal",
        "DocumentReference",
        "Observation",
    ] {
        assert!(count(&all, kind) > 0, "no {kind} in the bundle");
    }
    let docs = titles(&all);
    assert!(docs.iter().any(|t| t == "Verslag intake"), "{docs:?}");
    assert!(docs.iter().any(|t| t == AUDIT_TITLE));
    assert!(docs.iter().any(|t| t == NETWORK_TITLE));
    assert!(all.iter().any(|r| matches!(r,
        Resource::Appointment(a) if a.title.as_deref() == Some("Koffie met oma"))));
    // The account's own data, never a secret.
    let account_json = attachment(&all, zk_app::export::ACCOUNT_TITLE);
    assert!(account_json.contains("sanne@voorbeeld.example"));
    assert!(account_json.contains("\"sms\""));
    assert!(!account_json.contains("argon2"));
    assert!(attachment(&all, AUDIT_TITLE).contains("\"execute\""));

    let html = sanne.get(&format!("{link}/overzicht.html")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.header("content-type").starts_with("text/html"));
    for shown in [
        "Verslag intake",
        "Koffie met oma",
        "sanne@voorbeeld.example",
        "Wie heeft de gegevens bekeken",
        "<html lang=\"nl\">",
    ] {
        assert!(
            html.body.contains(shown),
            "{shown} missing from the summary"
        );
    }

    // The request and each download are in the trail, as Sanne.
    let trail =
        w.t.app
            .store
            .audit_of_care_page(page_id, &AuditFilter::default(), &PageRequest::first(100))
            .await
            .unwrap()
            .items;
    let about_export: Vec<_> = trail
        .iter()
        .filter(|r| r.event.resource_id.as_deref() == Some(&format!("export {job_id}")))
        .collect();
    assert!(
        about_export
            .iter()
            .any(|r| r.event.action == AuditAction::Execute)
    );
    assert_eq!(
        about_export
            .iter()
            .filter(|r| r.event.action == AuditAction::Read && r.event.outcome == Outcome::Success)
            .count(),
        2
    );

    // A stranger: the same "not found" as an id that does not exist, for the page and files.
    let other_letter = w
        .letters("valid", "client")
        .into_iter()
        .find(|l| l.provider != letter.provider)
        .unwrap();
    let mut other = w
        .register_verified(other_letter, "moeder@voorbeeld.example", PASSWORD)
        .await;
    let theirs = other.get(&link).await;
    let unknown_id = ExportJobId::new();
    let unknown = other
        .get(&format!("/gegevens-downloaden/{unknown_id}"))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    // The page names its own path (for the language switch); apart from that, the same page.
    assert_eq!(
        theirs.body.replace(&job_id.to_string(), "ID"),
        unknown.body.replace(&unknown_id.to_string(), "ID")
    );
    assert_eq!(
        other.get(&format!("{link}/fhir.json")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(other.get(&export_page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.post(&export_page, &[]).await.status,
        StatusCode::NOT_FOUND
    );

    // A member with only the agenda gets only the agenda (and her own account).
    let moeder = account(w, "moeder@voorbeeld.example").await;
    let mut member = Member {
        care_page_id: page_id,
        account_id: moeder.id,
        relation: Relation::Parent,
        permissions: Permissions::of(&[Permission::Agenda]),
        co_beheerder: false,
        sees_contacts: false,
        joined_at: w.t.app.now(),
    };
    w.t.app.store.add_member(&member, &[]).await.unwrap();
    other.post(&export_page, &[]).await;
    build(w).await;
    let member_link = mailed_link(w).await;
    let member_json = other.get(&format!("{member_link}/fhir.json")).await;
    assert_eq!(member_json.status, StatusCode::OK);
    let got = resources(&member_json.body);
    assert_eq!(count(&got, "Appointment"), 1);
    for kind in [
        "Practitioner",
        "CareTeam",
        "CarePlan",
        "Goal",
        "Observation",
    ] {
        assert_eq!(
            count(&got, kind),
            0,
            "{kind} given to an agenda-only member"
        );
    }
    assert_eq!(titles(&got).len(), 1, "only her account document");
    let member_html = other.get(&format!("{member_link}/overzicht.html")).await;
    assert!(member_html.body.contains("Koffie met oma"));
    assert!(!member_html.body.contains("Verslag intake"));
    assert!(!member_html.body.contains("Wie heeft de gegevens bekeken"));
    // Sanne cannot open her mother's export either.
    assert_eq!(sanne.get(&member_link).await.status, StatusCode::NOT_FOUND);

    // A thread between Sanne and her mother, for the messages row of the matrix.
    let at = w.t.app.now();
    let thread = MessageThread {
        id: MessageThreadId::new(),
        care_page_id: page_id,
        subject: "Verjaardag oma".into(),
        started_by: sanne_account.id,
        created_at: at,
        last_message_at: at,
    };
    let party = |a: &Account, name: &str| Participant {
        thread_id: thread.id,
        party: Party::Account(a.id),
        name: name.into(),
        added_at: at,
        last_read_at: None,
        notified_at: None,
    };
    let first = Message {
        id: MessageId::new(),
        thread_id: thread.id,
        care_page_id: page_id,
        author: Party::Account(sanne_account.id),
        writer_id: sanne_account.id,
        writer_name: "Sanne".into(),
        text: "Neem jij de taart mee?".into(),
        created_at: at,
    };
    w.t.app
        .store
        .start_thread(
            &thread,
            &[party(&sanne_account, "Sanne"), party(&moeder, "Moeder")],
            &first,
            zk_store::Audit::NONE,
        )
        .await
        .unwrap();

    // The matrix: each category alone gives that category and nothing else.
    let page = w.t.app.store.get_care_page(page_id).await.unwrap().unwrap();
    for p in Permission::ALL {
        member.permissions = Permissions::of(&[p]);
        w.t.app
            .store
            .update_member(&member, &[], zk_store::Audit::NONE)
            .await
            .unwrap();
        let access = zk_app::network::access(&w.t.app, &moeder, &page)
            .await
            .unwrap();
        let data = zk_app::export::collect(&w.t.app, &moeder, &page, access)
            .await
            .unwrap();
        let bundle = zk_app::export::bundle("matrix", &data);
        let got = resources(&serde_json::to_string(&bundle).unwrap());
        let has = |kind: &str| count(&got, kind) > 0;
        assert_eq!(has("CareTeam"), p == Permission::CareTeam, "{p:?}");
        assert_eq!(has("CarePlan"), p == Permission::CarePlan, "{p:?}");
        assert_eq!(has("Observation"), p == Permission::Measurements, "{p:?}");
        assert_eq!(
            titles(&got).iter().any(|t| t == "Verslag intake"),
            p == Permission::Reports,
            "{p:?}"
        );
        assert_eq!(
            has("Appointment"),
            matches!(p, Permission::Appointments | Permission::Agenda),
            "{p:?}"
        );
        assert_eq!(
            data.providers.iter().any(|x| !x.documents.is_empty()),
            p == Permission::Documents,
            "{p:?}"
        );
        assert_eq!(
            titles(&got)
                .iter()
                .any(|t| t == &format!("{MESSAGES_TITLE}: Verjaardag oma")),
            p == Permission::Messages,
            "{p:?}"
        );
        let summary = summaries().summary("nl", &data);
        assert_eq!(
            summary.contains("Neem jij de taart mee?"),
            p == Permission::Messages,
            "{p:?}"
        );
        assert!(!data.has(Section::AuditTrail) && !data.has(Section::Network));
        assert!(!titles(&got).iter().any(|t| t == AUDIT_TITLE));
    }

    // Seven days later the link has expired and the sweep removes the files.
    w.t.clock
        .advance(SignedDuration::from_hours(7 * 24) + SignedDuration::from_mins(1));
    let mut sanne = support::network::login_again(w, "sanne@voorbeeld.example").await;
    assert_eq!(
        sanne.get(&format!("{link}/fhir.json")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(sanne.get(&link).await.body.contains("Verlopen"));
    assert!(zk_app::export::sweep(&w.t.app).await.unwrap() >= 2);
    assert_eq!(
        w.t.app
            .store
            .get_export(job_id)
            .await
            .unwrap()
            .unwrap()
            .state,
        ExportState::Expired
    );

    // Three requests a day: the fourth is refused with a clear message and writes nothing.
    for _ in 0..3 {
        let r = sanne.post(&export_page, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let refused = sanne.post(&export_page, &[]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("al 3 keer"));
    let jobs =
        w.t.app
            .store
            .exports_of(sanne_account.id, page_id, 10)
            .await
            .unwrap();
    assert_eq!(jobs.len(), 4);
    w.t.clock.advance(SignedDuration::from_hours(24));
    assert_eq!(
        sanne.post(&export_page, &[]).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn data_export_on_sqlite() {
    let w = world().await;
    export_flow(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn data_export_on_postgres() {
    let w = world_with(support::TestApp::postgres().await).await;
    export_flow(&w).await;
    w.t.finish().await;
}

#[tokio::test]
async fn no_export_when_the_audit_trail_cannot_be_written() {
    let w = world().await;
    let letter = w.letter("valid", "client");
    let mut sanne = w
        .register_verified(letter, "sanne@voorbeeld.example", PASSWORD)
        .await;
    let care = sanne.get("/zorgpagina").await;
    let export_page = links(&care.body, "/zorgpagina/gegevens?pagina=").remove(0);
    let url = format!("sqlite://{}", w.t.dir.path().join("db.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("DROP TABLE audit_head")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let refused = sanne.post(&export_page, &[]).await;
    assert_eq!(refused.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        !zk_app::export::run_once(&w.t.app, summaries().as_ref())
            .await
            .unwrap()
    );
    w.t.finish().await;
}
