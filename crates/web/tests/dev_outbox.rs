//! The demo outbox page: what the demo "sent" is listed newest first, and links in e-mails can
//! be clicked. Outside demo mode the page does not exist.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use std::sync::Arc;
use support::TestApp;
use zk_notify::{FileMailer, FileSms, OutboxWorker};
use zk_store::OutgoingMessage;

#[tokio::test]
async fn demo_mail_and_sms_are_listed_and_links_are_clickable() {
    let t = TestApp::new(true).await;
    let now = t.app.now();
    let link = "http://127.0.0.1:8080/activeren/abc123";
    t.app
        .store
        .enqueue_message(&OutgoingMessage::mail(
            "sanne@voorbeeld.example",
            "Activeer je account",
            &format!("Klik op de link:\n{link}\n<b>geen html</b>"),
            None,
            now,
        ))
        .await
        .unwrap();
    t.app
        .store
        .enqueue_message(&OutgoingMessage::sms(
            "+31612345678",
            "Je code is 123456",
            now,
        ))
        .await
        .unwrap();
    let outbox = t.dir.path().join("outbox");
    let worker = OutboxWorker::new(
        t.app.store.clone(),
        t.app.clock.clone(),
        Arc::new(FileMailer::new(
            outbox.join("mail"),
            "Zorgkring <noreply@zorgkring.example>".parse().unwrap(),
        )),
        Arc::new(FileSms::new(outbox.join("sms"))),
    );
    worker.run_once().await.unwrap();

    let list = t.get("/dev/outbox").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Activeer je account"));
    assert!(list.body.contains("sanne@voorbeeld.example"));
    assert!(list.body.contains("Je code is 123456"));
    let href = list
        .body
        .split("href=\"/dev/outbox/mail/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();

    let mail = t.get(&format!("/dev/outbox/mail/{href}")).await;
    assert_eq!(mail.status, StatusCode::OK);
    assert!(
        mail.body
            .contains(&format!("<a href=\"{link}\">{link}</a>")),
        "{}",
        mail.body
    );
    assert!(mail.body.contains("&lt;b&gt;geen html&lt;/b&gt;"));
    assert_eq!(
        t.get("/dev/outbox/mail/..%2Fdb.sqlite").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_outbox_page_is_empty_before_anything_is_sent() {
    let t = TestApp::new(true).await;
    let r = t.get("/dev/outbox").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Nog niets verstuurd."));
}

#[tokio::test]
async fn outside_demo_mode_there_is_no_outbox_page() {
    let t = TestApp::new(false).await;
    assert_eq!(t.get("/dev/outbox").await.status, StatusCode::NOT_FOUND);
}
