//! The outbox end to end: messages stored in SQLite, delivered by the worker through the file
//! transports and through real SMTP to a local sink, retried when delivery fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use jiff::SignedDuration;
use lettre::message::Mailbox;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use zk_domain::{Clock, FixedClock};
use zk_notify::*;
use zk_store::{OutgoingMessage, Store};
use zk_store_sqlite::SqliteStore;

async fn store() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    (Arc::new(store), dir)
}

fn from() -> Mailbox {
    "Zorgkring <noreply@zorgkring.example>".parse().unwrap()
}

fn clock() -> FixedClock {
    FixedClock::at("2026-11-23T10:00:00Z".parse().unwrap())
}

#[tokio::test]
async fn file_transports_write_what_the_dev_page_reads() {
    let (store, dir) = store().await;
    let clock = clock();
    let mail_dir = dir.path().join("outbox/mail");
    let sms_dir = dir.path().join("outbox/sms");
    let html =
        "<p>Klik op <a href=\"http://127.0.0.1:8080/activeren/abc\">Account activeren</a></p>";
    let text = "Klik op de link om je account te activeren:\nhttp://127.0.0.1:8080/activeren/abc";
    store
        .enqueue_message(&OutgoingMessage::mail(
            "sanne@voorbeeld.example",
            "Activeer je account",
            text,
            Some(html),
            clock.now(),
        ))
        .await
        .unwrap();
    clock.advance(SignedDuration::from_secs(1));
    store
        .enqueue_message(&OutgoingMessage::sms(
            "+31612345678",
            "Je code is 123456",
            clock.now(),
        ))
        .await
        .unwrap();
    clock.advance(SignedDuration::from_secs(1));
    store
        .enqueue_message(&OutgoingMessage::mail(
            "daan@voorbeeld.example",
            "Tweede",
            "Later",
            None,
            clock.now(),
        ))
        .await
        .unwrap();

    let worker = OutboxWorker::new(
        store.clone(),
        Arc::new(clock.clone()),
        Arc::new(FileMailer::new(mail_dir.clone(), from())),
        Arc::new(FileSms::new(sms_dir.clone())),
    );
    assert_eq!(worker.run_once().await.unwrap(), (3, 0));
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);

    let mails = list_mail_files(&mail_dir, 10).await.unwrap();
    assert_eq!(mails.len(), 2);
    let newest = read_dev_mail(&mail_dir, &mails[0].name).await.unwrap();
    assert_eq!(newest.subject, "Tweede");
    let first = read_dev_mail(&mail_dir, &mails[1].name).await.unwrap();
    assert_eq!(first.subject, "Activeer je account");
    assert_eq!(first.to, "sanne@voorbeeld.example");
    assert!(
        first.text.contains("http://127.0.0.1:8080/activeren/abc"),
        "{}",
        first.text
    );

    let sms = list_sms_files(&sms_dir, 10).await.unwrap();
    let sms = read_dev_sms(&sms_dir, &sms[0].name).await.unwrap();
    assert_eq!(
        (sms.to.as_str(), sms.body.as_str()),
        ("+31612345678", "Je code is 123456")
    );
}

#[tokio::test]
async fn a_failed_delivery_is_retried_later_and_nothing_is_lost() {
    let (store, _dir) = store().await;
    let clock = clock();
    let mailer = MemoryMailer::default();
    mailer.set_failing(true);
    store
        .enqueue_message(&OutgoingMessage::mail(
            "a@voorbeeld.example",
            "Onderwerp",
            "Tekst",
            None,
            clock.now(),
        ))
        .await
        .unwrap();
    let worker = OutboxWorker::new(
        store.clone(),
        Arc::new(clock.clone()),
        Arc::new(mailer.clone()),
        Arc::new(MemorySms::default()),
    );

    assert_eq!(worker.run_once().await.unwrap(), (0, 1));
    mailer.set_failing(false);
    // Not yet due again.
    clock.advance(SignedDuration::from_secs(29));
    assert_eq!(worker.run_once().await.unwrap(), (0, 0));
    clock.advance(SignedDuration::from_secs(1));
    assert_eq!(worker.run_once().await.unwrap(), (1, 0));
    assert_eq!(mailer.sent().len(), 1);
    assert_eq!(store.count_pending_messages().await.unwrap(), 0);
}

#[test]
fn retry_pauses_grow_to_an_hour() {
    assert_eq!(retry_delay(1), SignedDuration::from_secs(30));
    assert_eq!(retry_delay(2), SignedDuration::from_secs(60));
    assert_eq!(retry_delay(5), SignedDuration::from_secs(480));
    assert_eq!(retry_delay(40), SignedDuration::from_secs(3600));
}

/// A minimal SMTP server that accepts one message and hands back what it received.
async fn smtp_sink() -> (u16, Arc<Mutex<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(String::new()));
    let sink = received.clone();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    sink.lock().unwrap().push_str(&format!("{line}\n"));
                }
                continue;
            }
            let verb = line
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 sink\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go ahead\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    return;
                }
                _ => b"250 ok\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
    });
    (port, received)
}

#[tokio::test]
async fn smtp_delivers_through_lettre_to_a_real_socket() {
    let (store, _dir) = store().await;
    let clock = clock();
    let (port, received) = smtp_sink().await;
    let mailer = SmtpMailer::new(&format!("smtp://127.0.0.1:{port}"), from()).unwrap();
    store
        .enqueue_message(&OutgoingMessage::mail(
            "sanne@voorbeeld.example",
            "Welkom bij Zorgkring",
            "Hallo Sanne",
            None,
            clock.now(),
        ))
        .await
        .unwrap();
    let worker = OutboxWorker::new(
        store.clone(),
        Arc::new(clock),
        Arc::new(mailer),
        Arc::new(MemorySms::default()),
    );
    assert_eq!(worker.run_once().await.unwrap(), (1, 0));
    let got = received.lock().unwrap().clone();
    assert!(got.contains("Subject: Welkom bij Zorgkring"), "{got}");
    assert!(got.contains("To: sanne@voorbeeld.example"), "{got}");
    assert!(got.contains("Hallo Sanne"), "{got}");
}
