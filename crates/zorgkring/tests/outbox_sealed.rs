//! What waits in the outbox is sealed with the server's key, across processes, on SQLite and on
//! PostgreSQL: `zorgkring provider staff add` queues a welcome e-mail with a link to choose a
//! password; the database holds no trace of that link; a server started later on the same
//! data (development transports) delivers the e-mail with the link intact, and the sent row
//! keeps no content.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use zk_notify::{DevMail, list_mail_files, read_dev_mail};
use zk_store_postgres::test_db::TestDatabase;

fn zorgkring(data: &Path, database: Option<&str>, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zorgkring"));
    for (key, _) in std::env::vars() {
        if key.starts_with("ZK_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("ZK_LOG", "error").env("ZK_DATA_DIR", data);
    if let Some(url) = database {
        cmd.env("ZK_DATABASE_URL", url);
    }
    cmd.args(args);
    cmd
}

fn stdout_of(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Adds a provider and an admin from the command line; returns the printed one-time link.
fn add_staff_member(data: &Path, database: Option<&str>) -> String {
    let provider = stdout_of(
        zorgkring(
            data,
            database,
            &[
                "provider",
                "--public-url",
                "https://zorg.example",
                "add",
                "--name",
                "GGZ Test",
                "--secretariat-email",
                "secretariaat@ggz.example",
                "--secretariat-phone",
                "010 123 45 67",
            ],
        )
        .output()
        .unwrap(),
    );
    let out = stdout_of(
        zorgkring(
            data,
            database,
            &[
                "provider",
                "--public-url",
                "https://zorg.example",
                "staff",
                "add",
                "--provider",
                provider.trim(),
                "--email",
                "petra@ggz.example",
                "--first-name",
                "Petra",
                "--last-name",
                "Jansen",
                "--role",
                "admin",
            ],
        )
        .output()
        .unwrap(),
    );
    let link = out
        .lines()
        .find(|l| l.starts_with("https://zorg.example/"))
        .unwrap_or_else(|| panic!("no link in: {out}"))
        .to_owned();
    assert!(link.len() > "https://zorg.example/wachtwoord-herstellen/".len() + 20);
    link
}

/// What the outbox table holds for each message, as text: subject, bodies, the sealed form
/// (lossy), and whether it was sent.
type Row = (
    Option<String>,
    String,
    Option<String>,
    Option<Vec<u8>>,
    bool,
);

const SELECT: &str =
    "SELECT subject, text_body, html_body, sealed, sent_at IS NOT NULL FROM outbox";

async fn rows_sqlite(data: &Path) -> Vec<Row> {
    let url = format!("sqlite://{}", data.join("zorgkring.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let rows = sqlx::query_as::<_, Row>(SELECT)
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

async fn rows_postgres(url: &str) -> Vec<Row> {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let rows = sqlx::query_as::<_, Row>(SELECT)
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

fn token_of(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

fn assert_sealed(rows: &[Row], link: &str) {
    assert_eq!(rows.len(), 1, "one welcome e-mail waits");
    let (subject, text, html, sealed, sent) = &rows[0];
    assert!(!sent);
    let token = token_of(link);
    let sealed = sealed.as_deref().expect("the content is sealed");
    for column in [
        subject.clone().unwrap_or_default(),
        text.clone(),
        html.clone().unwrap_or_default(),
        String::from_utf8_lossy(sealed).into_owned(),
    ] {
        assert!(
            !column.contains(token) && !column.contains("wachtwoord-herstellen"),
            "the link is readable in the database: {column}"
        );
    }
}

/// Starts `serve --dev-transports` on the same data until the welcome e-mail is written as a
/// file; returns it as the demo outbox page reads it.
fn deliver_with_a_server(
    runtime: &tokio::runtime::Runtime,
    data: &Path,
    database: Option<&str>,
) -> DevMail {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = zorgkring(
        data,
        database,
        &[
            "serve",
            "--dev-transports",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mail_dir = data.join("outbox").join("mail");
    let started = Instant::now();
    let mail = loop {
        let found = runtime.block_on(async {
            let files = list_mail_files(&mail_dir, 1).await.ok()?;
            read_dev_mail(&mail_dir, &files.first()?.name).await
        });
        if let Some(mail) = found {
            break mail;
        }
        if let Some(status) = server.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut stderr).unwrap();
            panic!("the server stopped ({status}): {stderr}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the welcome e-mail was not delivered"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(server.wait().unwrap().success());
    mail
}

fn assert_delivered(mail: &DevMail, link: &str) {
    assert!(
        mail.text.contains(link),
        "the delivered e-mail lost its link: {}",
        mail.text
    );
    assert!(mail.to.contains("petra@ggz.example"), "{}", mail.to);
}

fn assert_sent_and_emptied(rows: &[Row]) {
    let (subject, text, html, sealed, sent) = &rows[0];
    assert!(sent, "delivered");
    assert!(subject.is_none() && text.is_empty() && html.is_none() && sealed.is_none());
}

#[test]
fn a_waiting_link_is_sealed_in_sqlite_and_still_delivered() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let link = add_staff_member(&data, None);
    assert_sealed(&runtime.block_on(rows_sqlite(&data)), &link);
    let mail = deliver_with_a_server(&runtime, &data, None);
    assert_delivered(&mail, &link);
    assert_sent_and_emptied(&runtime.block_on(rows_sqlite(&data)));
}

#[test]
fn a_waiting_link_is_sealed_in_postgresql_and_still_delivered() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TestDatabase::create()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let link = add_staff_member(&data, Some(&db.url));
    assert_sealed(&runtime.block_on(rows_postgres(&db.url)), &link);
    let mail = deliver_with_a_server(&runtime, &data, Some(&db.url));
    assert_delivered(&mail, &link);
    assert_sent_and_emptied(&runtime.block_on(rows_postgres(&db.url)));
    runtime.block_on(db.drop()).unwrap();
}
