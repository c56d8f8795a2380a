//! `zorgkring provider add` and `zorgkring provider staff add`, run as an operator would: the
//! provider's id on stdout, then a staff member invited with a link to accept.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

use std::path::Path;
use std::process::{Command, Output};

fn zorgkring(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zorgkring"));
    for (key, _) in std::env::vars() {
        if key.starts_with("ZK_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("ZK_LOG", "error");
    cmd.arg("provider")
        .arg("--data-dir")
        .arg(dir)
        .args(["--public-url", "https://zorg.example"])
        .args(args)
        .output()
        .unwrap()
}

fn stdout_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_provider_and_its_staff_are_added_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(&zorgkring(
        dir.path(),
        &[
            "add",
            "--name",
            "GGZ Test",
            "--secretariat-email",
            "secretariaat@ggz.example",
            "--secretariat-phone",
            "010 123 45 67",
            "--letter-validity-days",
            "14",
        ],
    ));
    let provider = out.trim().to_owned();
    assert_eq!(provider.len(), 36, "a uuid: {out}");

    let staff = |email: &str, role: &str| {
        zorgkring(
            dir.path(),
            &[
                "staff",
                "add",
                "--provider",
                &provider,
                "--email",
                email,
                "--first-name",
                "Petra",
                "--last-name",
                "Jansen",
                "--role",
                role,
            ],
        )
    };
    let out = stdout_of(&staff("Petra@GGZ.example", "admin"));
    assert!(out.contains("Invited petra@ggz.example as admin"), "{out}");
    assert!(
        out.contains("https://zorg.example/medewerker-uitnodiging/"),
        "{out}"
    );
    // The same address again gets a new invitation in place of the first.
    let again = stdout_of(&staff("petra@ggz.example", "secretariat"));
    assert!(
        again.contains("Invited petra@ggz.example as secretariat"),
        "{again}"
    );
    // A bad role or an unknown provider is refused.
    assert!(!staff("jan@ggz.example", "baas").status.success());
    let unknown = zorgkring(
        dir.path(),
        &[
            "staff",
            "add",
            "--provider",
            "0191f3a4-0000-7000-8000-000000000000",
            "--email",
            "jan@ggz.example",
            "--first-name",
            "Jan",
            "--last-name",
            "Smit",
            "--role",
            "secretariat",
        ],
    );
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("provider"));
}
