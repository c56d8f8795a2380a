//! The periodic sweep: deletes what has run out and would otherwise pile up for ever —
//! registrations never finished, ended sessions, WebAuthn ceremonies, reset and e-mail change
//! links, attempt counters whose window has passed, old SMS codes (which hold phone numbers)
//! and staff invitations used or expired (which hold a name and an address). It deletes in
//! small batches, so requests never wait long behind it, and any number of instances may run
//! it at once. Audit records are never deleted here: only
//! `zorgkring audit purge` does that, after five years.

use crate::limits::{
    LETTER_BIRTH_DATE, LETTER_BIRTH_DATE_RIGHT, LETTER_GLOBAL, LETTER_PER_BROWSER, LETTER_PER_IP,
    Limit,
};
use crate::{App, AppResult};
use jiff::SignedDuration;
use std::time::Duration;
use tokio::sync::watch;
use zk_store::StoreResult;

/// Rows deleted per statement.
pub const BATCH: u32 = 500;
/// Batches per kind in one sweep at most; what is left waits for the next sweep.
const MAX_BATCHES: u32 = 20;

/// How long SMS codes are kept: they count towards the SMS per hour
/// ([`crate::phone::MAX_SMS_PER_HOUR`]) for an hour, and are valid for less.
const SMS_KEPT: SignedDuration = SignedDuration::from_hours(1);

/// Every attempt counter, with its window. A counter of a scope not listed here is kept: its
/// window is unknown and deleting it could lift a limit early.
const COUNTERS: [Limit; 15] = [
    crate::password_check::PASSWORD_TRIES,
    crate::password_check::PASSWORD_TRIES_PER_IP,
    LETTER_PER_BROWSER,
    LETTER_PER_IP,
    LETTER_BIRTH_DATE,
    LETTER_BIRTH_DATE_RIGHT,
    LETTER_GLOBAL,
    crate::registration::ACTIVATION_MAILS,
    crate::authenticator::CODE_TRIES,
    crate::recovery_codes::CODE_TRIES,
    crate::email_change::CHANGE_MAILS,
    crate::recovery::RESET_MAILS,
    crate::invitations::INVITATIONS,
    crate::sms_budget::PER_IP,
    crate::sms_budget::GLOBAL,
];

/// What one sweep deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub registrations: u64,
    pub sessions: u64,
    pub ceremonies: u64,
    pub links: u64,
    pub attempts: u64,
    pub sms_codes: u64,
    pub staff_invitations: u64,
}

/// Runs `batch` until it deletes less than a full batch, or [`MAX_BATCHES`] times.
async fn drain<F, Fut>(limit: u64, mut batch: F) -> StoreResult<u64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = StoreResult<u64>>,
{
    let mut total = 0;
    for _ in 0..MAX_BATCHES {
        let deleted = batch().await?;
        total += deleted;
        if deleted < limit {
            break;
        }
    }
    Ok(total)
}

/// One sweep at the app's clock's time.
pub async fn sweep(app: &App) -> AppResult<Swept> {
    let now = app.now();
    let store = &app.store;
    let full = u64::from(BATCH);
    let idle = app.policy.sessions.idle;
    let mut attempts = 0;
    for limit in COUNTERS {
        attempts += drain(full, || {
            store.purge_attempts(limit.scope, limit.window, now, BATCH)
        })
        .await?;
    }
    let before = now.saturating_sub(SMS_KEPT).unwrap_or(jiff::Timestamp::MIN);
    Ok(Swept {
        registrations: drain(full, || store.purge_expired_registrations(now, BATCH)).await?,
        sessions: drain(full, || store.purge_ended_sessions(now, idle, BATCH)).await?,
        ceremonies: drain(full, || store.purge_expired_ceremonies(now, BATCH)).await?,
        // Two kinds of link: a call deletes up to a batch of each.
        links: drain(2 * full, || store.purge_expired_links(now, BATCH)).await?,
        attempts,
        sms_codes: drain(full, || store.purge_sms_challenges(before, BATCH)).await?,
        // Accepted ones and expired ones: a call deletes up to a batch of each.
        staff_invitations: drain(2 * full, || store.purge_staff_invitations(now, BATCH)).await?,
    })
}

/// Runs [`sweep`] every `every` until `shutdown` turns true.
pub async fn run(app: App, every: Duration, mut shutdown: watch::Receiver<bool>) {
    loop {
        match sweep(&app).await {
            Ok(swept) if swept != Swept::default() => tracing::info!(
                registrations = swept.registrations,
                sessions = swept.sessions,
                ceremonies = swept.ceremonies,
                links = swept.links,
                attempts = swept.attempts,
                sms_codes = swept.sms_codes,
                staff_invitations = swept.staff_invitations,
                "expired data removed"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "expired data could not be removed"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The scope of every `Limit` written in this crate's sources.
    fn scopes_in(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scopes_in(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("scope: \"").skip(1) {
                    out.push(part.split('"').next().unwrap().to_owned());
                }
            }
        }
    }

    #[test]
    fn every_attempt_counter_is_swept() {
        let mut written = Vec::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        scopes_in(&src, &mut written);
        written.sort();
        written.dedup();
        let mut swept: Vec<String> = COUNTERS.iter().map(|l| l.scope.to_owned()).collect();
        swept.sort();
        assert_eq!(
            swept, written,
            "add a new limit to COUNTERS, with its window"
        );
    }
}
