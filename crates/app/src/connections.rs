//! The "Connecties" page (SPEC S4): the providers connected to the user's care page, and
//! redeeming another letter to connect one more. The letter must be for the person of the care
//! page; the same checks and limits as at registration apply.

use crate::registration::{MatchedLetter, Purpose, Refusal, Requester, redeem_letter};
use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage, Connection};
use zk_domain::page::PageRequest;
use zk_domain::provider::Provider;
use zk_domain::{BirthDate, ConnectionId};
use zk_store::ConnectOutcome;

/// Connections shown on the page; more than a few per care page is not expected.
const SHOWN: u32 = 50;

async fn own_page(app: &App, account: &Account) -> AppResult<CarePage> {
    app.store
        .care_pages_of(account.id, &PageRequest::first(1))
        .await?
        .items
        .into_iter()
        .next()
        .ok_or(AppError::NotFound("care page"))
}

/// The care page's connections with their providers, oldest first.
pub async fn list(app: &App, account: &Account) -> AppResult<Vec<(Connection, Provider)>> {
    let page = own_page(app, account).await?;
    let mut out = Vec::new();
    for c in app
        .store
        .connections_of(page.id, &PageRequest::first(SHOWN))
        .await?
        .items
    {
        let provider = app
            .store
            .get_provider(c.provider_id)
            .await?
            .ok_or(AppError::NotFound("provider"))?;
        out.push((c, provider));
    }
    Ok(out)
}

/// Proves code and birth date, and checks that the letter is for this care page's person.
pub async fn check(
    app: &App,
    account: &Account,
    requester: &Requester,
    code: &str,
    birth_date: &str,
) -> AppResult<Result<MatchedLetter, Refusal>> {
    let page = own_page(app, account).await?;
    let matched =
        match redeem_letter(app, requester, code, birth_date, Purpose::SelfManagement).await? {
            Ok(m) => m,
            Err(r) => return Ok(Err(r)),
        };
    let same_person = match page.birth_date {
        Some(born) => Some(born) == BirthDate::parse_iso(&matched.client_birth_date),
        // A page made without a letter knows its person by name only: the letter's client must
        // carry that name.
        None => {
            let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
            same(&page.first_name, &matched.client_first_name)
                && same(&page.last_name, &matched.client_last_name)
        }
    };
    if !same_person {
        return Ok(Err(Refusal::OtherPerson));
    }
    Ok(Ok(matched))
}

/// Checks again and connects the provider, using the letter.
pub async fn connect(
    app: &App,
    account: &Account,
    requester: &Requester,
    code: &str,
    birth_date: &str,
) -> AppResult<Result<MatchedLetter, Refusal>> {
    let matched = match check(app, account, requester, code, birth_date).await? {
        Ok(m) => m,
        Err(r) => return Ok(Err(r)),
    };
    let page = own_page(app, account).await?;
    let now = app.now();
    let connection = Connection {
        id: ConnectionId::new(),
        care_page_id: page.id,
        provider_id: matched.provider_id,
        client_record_id: matched.client_record_id,
        letter_id: matched.letter_id,
        connected_at: now,
    };
    let events = crate::webhooks::redemption_messages(app, &connection).await?;
    Ok(
        match app.store.add_connection(&connection, now, &events).await? {
            ConnectOutcome::Connected => Ok(matched),
            ConnectOutcome::LetterNotUsable => Err(Refusal::LetterTakenMeanwhile),
            ConnectOutcome::ProviderAlreadyConnected => Err(Refusal::ProviderAlreadyConnected {
                provider: matched.provider_name,
            }),
        },
    )
}
