//! The secretariat chooses whom a letter is addressed to (SPEC S2, S3): the client, only from
//! their 16th birthday, or a parent, guardian or legal representative. A letter for the client
//! whose record is connected to a page someone else manages is announced to that beheerder: if
//! the client uses it, the page becomes the client's (see `hand_over`).

use crate::audit::staff_changes::By;
use crate::letter_print::{PrintedResult, issue_printed_letter_to, own_record};
use crate::registration::RenderedMail;
use crate::staff::LetterSite;
use crate::{App, AppResult};
use zk_domain::ClientRecordId;
use zk_domain::account::Account;
use zk_domain::letter::IntendedFor;
use zk_domain::provider::Provider;
use zk_domain::redeem_rule::{may_address_client, own_page_from};
use zk_store::OutgoingMessage;

/// Why a letter cannot be addressed as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressRefusal {
    /// The client is under 16: a letter for the client is possible from `from`.
    ClientUnder16 { from: jiff::civil::Date },
}

/// Writes the e-mail to the beheerder of the client's page: the recipient, the client's first
/// name and the day from which the client may manage the page (no care data).
pub type OwnLetterMail = dyn Fn(&Account, &str, jiff::civil::Date) -> RenderedMail + Send + Sync;

/// Issues a printed letter for `client` addressed to `to`; refuses a letter for a client under 16.
/// NotFound when the provider has no such client.
pub async fn issue(
    app: &App,
    by: By<'_>,
    provider: &Provider,
    client: ClientRecordId,
    to: IntendedFor,
    site: &LetterSite<'_>,
    mail: &OwnLetterMail,
) -> AppResult<Result<PrintedResult, AddressRefusal>> {
    let record = own_record(app, provider.id, client).await?;
    if to == IntendedFor::Client && !may_address_client(record.birth_date, app.today()) {
        return Ok(Err(AddressRefusal::ClientUnder16 {
            from: own_page_from(record.birth_date),
        }));
    }
    let printed = issue_printed_letter_to(app, by, provider, client, Some(to), site).await?;
    if to == IntendedFor::Client {
        announce_to_beheerder(app, client, mail).await?;
    }
    Ok(Ok(printed))
}

/// Tells the beheerder of the page `client` is connected to, when that is not the client.
async fn announce_to_beheerder(
    app: &App,
    client: ClientRecordId,
    mail: &OwnLetterMail,
) -> AppResult<()> {
    let Some(connection) = app.store.connection_of_client(client).await? else {
        return Ok(());
    };
    let Some(page) = app.store.get_care_page(connection.care_page_id).await? else {
        return Ok(());
    };
    // Nobody to tell when the client manages the page or nobody does; a legal representative
    // keeps the page whatever letter the client has (see `redeem_rule::on_connected_page`).
    if matches!(
        page.beheerder_relation,
        None | Some(zk_domain::network::Relation::LegalRepresentative)
    ) || page.vacant_since.is_some()
    {
        return Ok(());
    }
    let Some(beheerder) = app.store.get_account(page.beheerder).await? else {
        return Ok(());
    };
    let from = page.birth_date.map_or_else(|| app.today(), own_page_from);
    let m = mail(&beheerder, &page.first_name, from);
    app.store
        .enqueue_message(&OutgoingMessage::mail(
            &beheerder.email,
            &m.subject,
            &m.text,
            Some(&m.html),
            app.now(),
        ))
        .await?;
    Ok(())
}
