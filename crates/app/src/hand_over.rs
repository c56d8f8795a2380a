//! Handing a care page over when a letter is redeemed for a client record that is connected to
//! it already (SPEC S3, S4): a client of 16 or more takes over the page a parent managed, and
//! anyone with a valid new letter takes over a vacant page. The rule is
//! `zk_domain::redeem_rule::on_connected_page`; this module finds the page, writes the e-mails to
//! everyone who loses access, and asks the store to do it all in one transaction.

use crate::registration::RenderedMail;
use crate::{App, AppResult};
use zk_domain::ClientRecordId;
use zk_domain::account::{Account, CarePage};
use zk_domain::page::PageRequest;
use zk_domain::redeem_rule::{ConnectedPage, OnConnectedPage, Redeemer, on_connected_page};
use zk_store::OutgoingMessage;

/// Writes the e-mail to someone who lost access to a care page: the recipient, the client's
/// first name (no care data), and whether the client manages the page now (else someone the
/// provider gave a letter took over a vacant page).
pub type HandOverMail = dyn Fn(&Account, &str, bool) -> RenderedMail + Send + Sync;

/// The hand-over e-mail in plain Dutch, for callers without the web's translations.
pub fn plain_mail(to: &Account, client: &str, by_client: bool) -> RenderedMail {
    let what = if by_client {
        format!("{client} beheert nu de eigen zorgpagina.")
    } else {
        format!("De zorgpagina van {client} heeft een nieuwe beheerder.")
    };
    let lines = [
        format!("Hallo {},", to.first_name),
        format!("{what} Jij kunt deze zorgpagina niet meer bekijken."),
        format!("Wil je weer meekijken? Vraag {client} om je uit te nodigen."),
    ];
    RenderedMail {
        subject: what,
        text: format!("{}\n", lines.join("\n\n")),
        html: lines
            .iter()
            .map(|l| {
                let l = l
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                format!("<p>{l}</p>")
            })
            .collect(),
    }
}

/// Members told per hand-over; a network is a handful of people.
const MEMBERS_TOLD: u32 = 200;

/// The care page `record` is connected to, and what redeeming a letter for it as `redeemer`
/// does with that page; `None` when the record is not connected.
pub async fn connected_page(
    app: &App,
    record: ClientRecordId,
    redeemer: Redeemer,
) -> AppResult<Option<(CarePage, OnConnectedPage)>> {
    let Some(connection) = app.store.connection_of_client(record).await? else {
        return Ok(None);
    };
    let Some(page) = app.store.get_care_page(connection.care_page_id).await? else {
        return Ok(None);
    };
    let state = if page.vacant_since.is_some() {
        ConnectedPage::Vacant
    } else {
        ConnectedPage::ManagedBy(page.beheerder_relation)
    };
    let outcome = on_connected_page(state, redeemer);
    Ok(Some((page, outcome)))
}

/// The page a redemption for `record` takes over, if it takes one over.
pub async fn page_to_take_over(
    app: &App,
    record: ClientRecordId,
    redeemer: Redeemer,
) -> AppResult<Option<CarePage>> {
    Ok(match connected_page(app, record, redeemer).await? {
        Some((page, OnConnectedPage::TakeOver)) => Some(page),
        _ => None,
    })
}

/// The e-mails to the previous beheerder (unless the page was vacant) and every member: they
/// can no longer see the page.
pub async fn messages(
    app: &App,
    page: &CarePage,
    by_client: bool,
    render: &HandOverMail,
) -> AppResult<Vec<OutgoingMessage>> {
    let mut people = Vec::new();
    if page.vacant_since.is_none() {
        people.extend(app.store.get_account(page.beheerder).await?);
    }
    for m in app
        .store
        .members_of(page.id, &PageRequest::first(MEMBERS_TOLD))
        .await?
        .items
    {
        people.extend(app.store.get_account(m.account_id).await?);
    }
    let now = app.now();
    Ok(people
        .iter()
        .map(|a| {
            let mail = render(a, &page.first_name, by_client);
            OutgoingMessage::mail(&a.email, &mail.subject, &mail.text, Some(&mail.html), now)
        })
        .collect())
}
