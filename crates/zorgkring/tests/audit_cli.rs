//! `zorgkring audit verify` and `zorgkring audit purge`, run as an operator would on a fresh
//! SQLite folder: verify counts the records or names the first broken one, and purge refuses
//! anything younger than five years.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::path::Path;
use std::process::{Command, Output};

fn audit(data_dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zorgkring"));
    for (key, _) in std::env::vars() {
        if key.starts_with("ZK_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("ZK_LOG", "error")
        .arg("audit")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn failure(o: &Output) -> String {
    assert!(!o.status.success(), "should have failed");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    stderr
}

#[tokio::test]
async fn verify_finds_a_changed_record_and_purge_keeps_five_years() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&audit(dir.path(), &["verify"]));
    assert!(out.contains("intact: 0 record(s) checked"), "{out}");

    // Four years ago is too young to purge; nothing is written then.
    let year = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .year();
    let four_years_ago = format!("{}-01-01", year - 4);
    let err = failure(&audit(dir.path(), &["purge", "--before", &four_years_ago]));
    assert!(err.contains("kept five years"), "{err}");
    let err = failure(&audit(dir.path(), &["purge", "--before", "gisteren"]));
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    // Each allowed purge is recorded itself: three records.
    for _ in 0..3 {
        let out = stdout(&audit(dir.path(), &["purge", "--before", "2001-01-01"]));
        assert!(out.contains("Purged 0 audit record(s)"), "{out}");
    }
    let out = stdout(&audit(dir.path(), &["verify"]));
    assert!(out.contains("intact: 3 record(s) checked"), "{out}");

    // Someone with the database file drops the trigger and changes record 2.
    let url = format!("sqlite://{}", dir.path().join("zorgkring.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("DROP TRIGGER audit_events_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_events SET actor_name = 'niemand' WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let err = failure(&audit(dir.path(), &["verify"]));
    assert!(err.contains("broken at record 2 (changed)"), "{err}");
}

#[tokio::test]
async fn verify_notices_records_cut_off_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        stdout(&audit(dir.path(), &["purge", "--before", "2001-01-01"]));
    }
    let out = stdout(&audit(dir.path(), &["verify"]));
    assert!(out.contains("intact: 3 record(s) checked"), "{out}");

    // Someone drops the trigger and deletes the newest record: every link left is sound, but
    // the chain's head still names record 3.
    let url = format!("sqlite://{}", dir.path().join("zorgkring.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("DROP TRIGGER audit_events_kept_five_years")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_events WHERE seq = 3")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let err = failure(&audit(dir.path(), &["verify"]));
    assert!(
        err.contains("broken at record 3 (records missing at the end)"),
        "{err}"
    );
}
