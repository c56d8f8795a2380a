//! The log of a busy answer: one warning per 503 from the bound on password hashing, never an
//! error line, and no personal data; a real server error is still logged as an error. Its own
//! test binary: the log is read through a subscriber, and tracing caches per call site whether
//! anyone listens, which tests in other threads of the same process would decide.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod support;

use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;
use support::world::world_with;
use support::{Browser, TestApp};
use zk_app::hashing::HashGate;

const PASSWORD: &str = "fiets boom regen lantaarn";
const SANNE: &str = "sanne@voorbeeld.example";

async fn post_login(b: &mut Browser<'_>, email: &str, password: &str) -> support::Reply {
    b.post("/inloggen", &[("email", email), ("wachtwoord", password)])
        .await
}

fn assert_busy(r: &support::Reply) {
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("Het is nu te druk."), "{}", r.body);
}

/// The log lines written while a test runs, as the operator's log shows them.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Self;

    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

// One thread: the log set for this test sees every request it sends.
#[tokio::test(flavor = "current_thread")]
async fn a_busy_answer_is_one_warning_in_the_log_and_a_real_failure_an_error() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _log = tracing::subscriber::set_default(subscriber);
    let gate = HashGate::new(2, Duration::from_millis(50));
    let w = world_with(TestApp::with_hashing(gate).await).await;
    w.register_without_letter(SANNE, PASSWORD).await;
    let mut b = Browser::new(&w.t).at([192, 0, 2, 7]);

    let held = w.t.app.hashing.occupy_every_turn().expect("all turns free");
    logs.take();
    for _ in 0..3 {
        assert_busy(&post_login(&mut b, SANNE, PASSWORD).await);
    }
    drop(held);
    let text = logs.take();
    assert_eq!(text.lines().count(), 3, "one line per busy answer: {text}");
    assert_eq!(text.matches(" WARN ").count(), 3, "{text}");
    assert!(!text.contains("ERROR"), "{text}");
    assert!(
        !text.to_lowercase().contains("sanne"),
        "no personal data: {text}"
    );

    // A real server error is still an error: here the audit record of the login cannot be
    // written, so the login is refused with 500.
    support::refuse_audit::refuse_audit_writes(&w.t).await;
    let r = post_login(&mut b, SANNE, PASSWORD).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    let text = logs.take();
    let failed: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("response failed"))
        .collect();
    assert_eq!(failed.len(), 1, "{text}");
    assert!(failed[0].contains("ERROR"), "{text}");
    assert!(failed[0].contains("status=500"), "{text}");
    assert!(failed[0].contains(r#"route="/inloggen""#), "{text}");
    assert!(
        !text.to_lowercase().contains("sanne"),
        "no personal data: {text}"
    );
}
