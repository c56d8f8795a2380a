//! Parallel bursts cannot slip past the limits: tries are counted before the work is done.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test: a failed step is a failed test"
)]

mod common;

use zk_app::password_check::PASSWORD_TRIES;
use zk_app::sessions::{LoginRefusal, login};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_parallel_password_guesses_gets_only_the_free_tries_checked() {
    let (app, _dir) = common::app().await;
    common::with_account(&app, "daan@voorbeeld.example").await;

    let tasks: Vec<_> = (0..30)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                login(
                    &app,
                    "daan@voorbeeld.example",
                    "geraden!!",
                    &format!("10.0.0.{n}"),
                    "x",
                )
                .await
            })
        })
        .collect();
    let mut checked = 0;
    for t in tasks {
        match t.await.unwrap().unwrap() {
            Err(LoginRefusal::WrongCredentials) => checked += 1,
            Err(LoginRefusal::Wait { .. }) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        checked <= PASSWORD_TRIES.free + 1,
        "{checked} passwords were checked"
    );
    assert!(checked >= 1);
}
