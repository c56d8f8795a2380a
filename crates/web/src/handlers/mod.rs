//! One handler per file, grouped by area.

pub mod assets;
pub mod authenticator;
pub mod care_page;
pub mod connections;
pub mod dev_outbox;
pub mod email_change;
pub mod export;
pub mod extra_page;
pub mod factors;
pub mod fhir;
pub mod health;
pub mod help;
pub mod help_guide;
pub mod home;
pub mod invitation;
pub mod language;
pub mod leaving;
pub mod login;
pub mod messages;
pub mod network;
pub mod own_content;
pub mod passkeys;
pub mod password_change;
pub mod profile;
pub mod reauth;
pub mod recovery;
pub mod recovery_codes;
pub mod register;
pub mod sessions;
pub mod sms_login;
pub mod staff;
pub mod staff_admin;
pub mod staff_audit;
pub mod staff_clients;
pub mod staff_letter_batches;
pub mod staff_letters;
pub mod staff_messages;
pub mod staff_webhooks;

/// Sends the "something changed in your account" e-mail for `what_key`; a failure is logged,
/// not shown: the change itself is done.
pub(crate) async fn announce_change(
    state: &crate::AppState,
    page: &crate::page::PageCtx,
    account: &zk_domain::account::Account,
    what_key: &str,
) {
    let mail = crate::mail::security_change(
        &page.tr.of(account),
        &account.full_name(),
        what_key,
        &state.config.support_email,
    );
    if let Err(e) = zk_app::sessions::security_mail(&state.app, account, mail).await {
        tracing::error!(error = %e, "security e-mail could not be queued");
    }
}
