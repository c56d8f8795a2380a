//! When "Mijn gegevens downloaden" goes wrong: a build that keeps failing is tried three times
//! and then shown as failed (and does not use up the daily limit), and someone who lost their
//! place on the page since asking cannot download what was made for them.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use axum::http::StatusCode;
use std::sync::Arc;
use support::network::{beheerder, member};
use support::world::{World, world};
use zk_app::export::RETRY_AFTER;
use zk_domain::CarePageId;
use zk_store::{Audit, ExportState};

fn summaries() -> Arc<dyn zk_app::export::SummaryWriter> {
    Arc::new(zk_web::export_summary::Summaries {
        i18n: Arc::new(zk_web::i18n::I18n::new("Zorgkring").unwrap()),
    })
}

async fn run_once(w: &World) -> Result<bool, zk_app::AppError> {
    zk_app::export::run_once(&w.t.app, summaries().as_ref()).await
}

async fn sql(w: &World, statement: &'static str) {
    let url = format!("sqlite://{}", w.t.dir.path().join("db.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(statement).execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_build_that_keeps_failing_is_tried_three_times_then_shown_as_failed() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let export_page = format!("/zorgpagina/gegevens?pagina={page}");
    let page_id: CarePageId = page.parse().unwrap();
    // The files cannot be stored, as with a full disk.
    sql(
        &w,
        "CREATE TRIGGER no_room BEFORE UPDATE OF state ON export_jobs
         WHEN NEW.state = 'ready' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .await;
    sanne.post(&export_page, &[]).await;
    let account =
        w.t.app
            .store
            .get_care_page(page_id)
            .await
            .unwrap()
            .unwrap()
            .beheerder;
    let state = || async { w.t.app.store.exports_of(account, page_id, 5).await.unwrap()[0].state };

    assert!(run_once(&w).await.is_err(), "first try");
    assert_eq!(state().await, ExportState::Waiting);
    // Not tried again before its time, and a second worker finds nothing either.
    w.t.clock
        .advance(RETRY_AFTER - jiff::SignedDuration::from_secs(1));
    assert!(!run_once(&w).await.unwrap());
    w.t.clock.advance(jiff::SignedDuration::from_secs(1));
    assert!(run_once(&w).await.is_err(), "second try");
    w.t.clock.advance(RETRY_AFTER);
    assert!(run_once(&w).await.is_err(), "third try");
    assert_eq!(state().await, ExportState::Failed);
    let shown = sanne.get(&export_page).await;
    assert!(
        shown
            .body
            .contains("Het lukte niet om je gegevens klaar te zetten"),
        "{}",
        shown.body
    );
    w.t.clock.advance(RETRY_AFTER * 100);
    assert!(!run_once(&w).await.unwrap(), "never tried again");
    let mut sanne = support::network::login_again(&w, "sanne@voorbeeld.example").await;
    // A failed request does not count: three new ones are still allowed today.
    sql(&w, "DROP TRIGGER no_room").await;
    for _ in 0..3 {
        let asked = sanne.post(&export_page, &[]).await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    }
    let refused = sanne.post(&export_page, &[]).await;
    assert!(refused.body.contains("al 3 keer"), "{}", refused.body);
    assert!(run_once(&w).await.unwrap(), "built once the disk has room");
    w.t.finish().await;
}

#[tokio::test]
async fn a_member_who_was_removed_cannot_download_what_was_made_for_them() {
    let w = world().await;
    let (mut sanne, page) = beheerder(&w).await;
    let mut mother = member(
        &w,
        &mut sanne,
        &page,
        "Ria",
        "ria@voorbeeld.example",
        &["agenda"],
    )
    .await;
    let export_page = format!("/zorgpagina/gegevens?pagina={page}");
    let asked = mother.post(&export_page, &[]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    assert!(run_once(&w).await.unwrap());
    let mail = w.last_mail().await;
    let link = mail
        .text_body
        .lines()
        .find(|l| l.contains("/gegevens-downloaden/"))
        .unwrap()
        .trim()
        .split_once("8080")
        .unwrap()
        .1
        .to_owned();
    let files = mother.get(&link).await;
    assert_eq!(files.status, StatusCode::OK);
    let summary = files
        .body
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .find(|href| href.starts_with(&link) && href != &link)
        .expect("a link to a file");
    assert_eq!(mother.get(&summary).await.status, StatusCode::OK);

    let ria =
        w.t.app
            .store
            .find_account_by_email("ria@voorbeeld.example")
            .await
            .unwrap()
            .unwrap();
    let page_id: CarePageId = page.parse().unwrap();
    assert!(
        w.t.app
            .store
            .remove_member(page_id, ria.id, &[], Audit::NONE)
            .await
            .unwrap()
    );
    assert_eq!(mother.get(&summary).await.status, StatusCode::NOT_FOUND);
    w.t.finish().await;
}
