//! The e-mail that announces unread messages: to each participant with an account who has not
//! read a new message [`NOTICE_AFTER`] after it was written, at most once per thread per
//! [`NOTICE_GAP`]. It says only that there is a message, never its subject, text or the client.
//! Each notice is claimed in the database with its e-mail, so several servers can sweep at once.

use crate::registration::RenderedMail;
use crate::{App, AppResult};
use zk_domain::account::Account;
use zk_domain::message::{NOTICE_AFTER, NOTICE_GAP};
use zk_domain::network::Permission;

/// Notices handled per round of a sweep.
const ROUND: u32 = 100;

/// Sends every notice that is due now; `render` writes the e-mail for a recipient (in their
/// language), given the path of the care page's messages. Returns how many were sent.
pub async fn sweep(
    app: &App,
    render: &(dyn Fn(&Account, &str) -> RenderedMail + Send + Sync),
) -> AppResult<usize> {
    let mut sent = 0;
    loop {
        let now = app.now();
        let due = app
            .store
            .due_message_notices(now - NOTICE_AFTER, now - NOTICE_GAP, ROUND)
            .await?;
        let mut claimed = 0;
        let found = due.len();
        for d in due {
            let account = app.store.get_account(d.account_id).await?;
            let page = app.store.get_care_page(d.care_page_id).await?;
            let mut mails = Vec::new();
            if let (Some(account), Some(page)) = (account, page) {
                // Someone who lost access is not told (the claim still marks it handled).
                let reads = crate::network::access(app, &account, &page)
                    .await?
                    .is_some_and(|a| a.allows(Permission::Messages));
                if reads && account.has_second_factor() {
                    let mail = render(
                        &account,
                        &format!("/zorgpagina/berichten?pagina={}", page.id),
                    );
                    mails.push(crate::network_mail::message(&account.email, &mail, now));
                }
            }
            if app.store.claim_message_notice(&d, now, &mails).await? {
                claimed += 1;
                sent += mails.len();
            }
        }
        // A full round may have more behind it; a round of lost races ends the sweep.
        if found < ROUND as usize || claimed == 0 {
            return Ok(sent);
        }
    }
}
