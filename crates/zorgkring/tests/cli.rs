//! The binary's contracts, run as an operator would: `serve --demo` on a fresh folder, on
//! SQLite and on PostgreSQL; `migrate`; and one clear line with a non-zero exit for each
//! mistake an operator can make.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use zk_store_postgres::test_db::TestDatabase;

fn zorgkring() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zorgkring"));
    // Settings from the environment of whoever runs the tests must not leak in.
    for (key, _) in std::env::vars() {
        if key.starts_with("ZK_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("ZK_LOG", "error");
    cmd
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One line on stderr, non-zero exit, and the line contains `expected`.
fn assert_one_line_failure(output: &Output, expected: &str) {
    assert!(!output.status.success(), "should have failed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line, got: {stderr}");
    assert!(lines[0].starts_with("zorgkring: "), "{stderr}");
    assert!(
        lines[0].contains(expected),
        "expected {expected:?} in: {stderr}"
    );
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// `serve --demo` on `data_dir`.
    fn start(data_dir: &Path, extra: &[&str]) -> Self {
        Self::start_with(data_dir, &[&["--demo"], extra].concat())
    }

    fn start_with(data_dir: &Path, extra: &[&str]) -> Self {
        let port = free_port();
        let child = zorgkring()
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(data_dir)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let server = Self { child, port };
        server.wait_until_healthy();
        server
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(self.port, path)
    }

    fn wait_until_healthy(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
                && self.get("/healthz").0 == 200
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not become healthy");
    }

    /// Sends SIGTERM and returns what the server printed; it must exit cleanly.
    fn stop(mut self) -> String {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = self.child.wait().unwrap();
        assert!(
            status.success(),
            "graceful shutdown should exit 0, got {status}"
        );
        let mut out = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    }
}

/// A minimal HTTP/1.1 GET, so the tests need no HTTP client crate.
fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

#[test]
fn serve_demo_on_a_fresh_folder_shows_the_home_page_and_writes_demo_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("zorgkring-data");
    let server = Server::start(&data, &[]);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("Account aanmaken") && home.contains("Inloggen"));
    assert_eq!(server.get("/dev/outbox").0, 200);
    let out = server.stop();

    let demo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("demo.json")).unwrap()).unwrap();
    let letters = demo["letters"].as_array().unwrap();
    let valid: Vec<_> = letters
        .iter()
        .filter(|l| l["status"] == "valid" && l["intended_for"] == "client")
        .collect();
    assert!(valid.len() >= 3);
    for status in ["expired", "used", "revoked"] {
        assert!(letters.iter().any(|l| l["status"] == status), "{status}");
    }
    assert!(
        letters
            .iter()
            .any(|l| l["intended_for"] == "representative")
    );
    assert_eq!(demo["providers"].as_array().unwrap().len(), 3);
    // The start-up summary shows two valid codes with their birth dates.
    let shown = valid
        .iter()
        .filter(|l| out.contains(l["code"].as_str().unwrap()))
        .count();
    assert_eq!(shown, 2, "{out}");
    assert!(out.contains("/dev/outbox"), "{out}");

    // A second start keeps the same world and shows the same codes again.
    let again = Server::start(&data, &[]);
    let out2 = again.stop();
    let demo2: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("demo.json")).unwrap()).unwrap();
    assert_eq!(demo, demo2);
    assert_eq!(out.lines().filter(|l| l.contains("  (")).count(), 2);
    assert_eq!(
        out2.lines()
            .filter(|l| l.contains("  ("))
            .collect::<Vec<_>>(),
        out.lines()
            .filter(|l| l.contains("  ("))
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_same_binary_runs_on_postgresql() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TestDatabase::create()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--database-url", &db.url]);
    assert_eq!(server.get("/healthz").0, 200);
    assert!(server.get("/hulp").1.contains("GGZ Rivierenland"));
    server.stop();
    assert!(
        !dir.path().join("zorgkring.sqlite").exists(),
        "no SQLite file when on PostgreSQL"
    );
    runtime.block_on(db.drop()).unwrap();
}

#[test]
fn migrate_creates_the_database_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let output = zorgkring()
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("zorgkring.sqlite").exists());
    assert!(String::from_utf8_lossy(&output.stdout).contains("up to date"));
}

#[test]
fn a_bad_flag_is_one_clear_line() {
    let output = zorgkring()
        .args(["serve", "--no-such-flag"])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "--no-such-flag");
    assert_eq!(output.status.code(), Some(2));
    let output = zorgkring()
        .args(["serve", "--listen", "nowhere"])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "--listen");
}

#[test]
fn a_bad_sms_country_list_is_one_clear_line() {
    let output = zorgkring()
        .args(["serve", "--sms-allowed-countries", "EEA,+882"])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "+882 is a premium-rate or non-geographic range");
    let output = zorgkring()
        .args(["serve"])
        .env("ZK_SMS_ALLOWED_COUNTRIES", "NL")
        .output()
        .unwrap();
    assert_one_line_failure(&output, "'NL' is not a country calling code");
}

#[test]
fn an_unreachable_database_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(&data)
        .args(["--database-url", "postgres://zk:geheim@127.0.0.1:1/zk"])
        .output()
        .unwrap();
    assert_one_line_failure(
        &output,
        "cannot reach the database at postgres://zk:***@127.0.0.1:1/zk",
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("geheim"));
    assert!(
        !data.exists(),
        "nothing written for a database that does not answer"
    );
}

#[test]
fn an_unusable_data_folder_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(file.join("data"))
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "cannot create the data folder");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--data-dir"));
}

#[test]
fn an_unknown_database_kind_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = zorgkring()
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .args(["--database-url", "mysql://db/zk"])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "must start with sqlite:// or postgres://");
}

#[test]
fn another_secret_key_on_the_same_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    server.stop();
    let other_key = dir.path().join("other.key");
    std::fs::write(&other_key, "ab".repeat(32)).unwrap();
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .arg("--secret-key-file")
        .arg(&other_key)
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "another secret key");
    let bad_key = dir.path().join("bad.key");
    std::fs::write(&bad_key, "not hex").unwrap();
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .arg("--secret-key-file")
        .arg(&bad_key)
        .output()
        .unwrap();
    assert_one_line_failure(&output, "64 hexadecimal digits");
}

#[test]
fn a_port_in_use_is_one_clear_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(&data)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "cannot listen on");
    assert!(
        !data.exists(),
        "no data folder, secret.key or database before the port is ours"
    );
}

#[test]
fn a_public_url_that_is_not_http_is_one_clear_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for url in ["ftp://x", "javascript:alert(1)", "zorg.example.nl"] {
        let output = zorgkring()
            .args(["serve", "--public-url", url, "--data-dir"])
            .arg(&data)
            .output()
            .unwrap();
        assert_one_line_failure(&output, "--public-url");
        assert_eq!(output.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("https://"),
            "says what would do"
        );
    }
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(&data)
        .env("ZK_PUBLIC_URL", "ftp://x")
        .output()
        .unwrap();
    assert_one_line_failure(&output, "not ftp://");
    assert!(!data.exists());
}

#[test]
fn a_database_set_up_with_another_key_gets_no_new_key_file() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TestDatabase::create()).unwrap();
    let first = tempfile::tempdir().unwrap();
    Server::start_with(first.path(), &["--database-url", &db.url]).stop();
    // A second instance on the same database, its data folder without the key.
    let second = tempfile::tempdir().unwrap();
    let output = zorgkring()
        .args(["serve", "--data-dir"])
        .arg(second.path())
        .args(["--database-url", &db.url])
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "set up with a secret key that is not in");
    assert!(!second.path().join("secret.key").exists());
    runtime.block_on(db.drop()).unwrap();
}

#[test]
fn without_demo_there_is_no_outbox_page_and_no_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(dir.path(), &[]);
    assert_eq!(server.get("/dev/outbox").0, 404);
    assert!(!server.get("/hulp").1.contains("GGZ Rivierenland"));
    assert!(!dir.path().join("demo.json").exists());
    assert!(dir.path().join("secret.key").exists());
    server.stop();
}

#[test]
fn the_support_desk_command_answers_in_one_line_for_an_unknown_address() {
    let dir = tempfile::tempdir().unwrap();
    let output = zorgkring()
        .args(["account", "--data-dir"])
        .arg(dir.path())
        .args(["show", "niemand@voorbeeld.example"])
        .output()
        .unwrap();
    assert_one_line_failure(&output, "no account with that e-mail address");
    let output = zorgkring()
        .args(["account", "--data-dir"])
        .arg(dir.path())
        .arg("unlock")
        .output()
        .unwrap();
    assert_one_line_failure(&output, "EMAIL");
}
