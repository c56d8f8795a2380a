//! The periodic sweep that e-mails participants about unread messages (see
//! `zk_app::messages::notices`), with the e-mail written here in each recipient's language.

use crate::AppState;
use crate::i18n::{Lang, Tr};
use std::time::Duration;
use tokio::sync::watch;
use zk_app::AppResult;
use zk_domain::account::Account;

/// Runs one sweep: every notice due now is claimed and its e-mail put in the outbox.
pub async fn sweep_once(state: &AppState) -> AppResult<usize> {
    let i18n = state.i18n.clone();
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let render = move |to: &Account, path: &str| {
        let lang = Lang::parse(&to.language).unwrap_or(Lang::Nl);
        let tr = Tr::new(i18n.clone(), lang);
        crate::mail::message_waiting(&tr, &to.first_name, &format!("{base}{path}"))
    };
    zk_app::messages::notices::sweep(&state.app, &render).await
}

/// Sweeps every `every` until `shutdown` turns true.
pub async fn run(state: AppState, every: Duration, mut shutdown: watch::Receiver<bool>) {
    loop {
        match sweep_once(&state).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "message notices sent"),
            Err(e) => tracing::error!(error = %e, "message notices could not be sent"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}
