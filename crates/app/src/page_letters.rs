//! A letter for a care page the account manages for someone (SPEC S1 "extra zorgpagina", S4):
//! on Connecties the user chooses that page as the letter's target. The letter rules apply as
//! for any helper (`zk_domain::redeem_rule`, with the page's relation), and the letter's client
//! must be the page's person: the same names (without case or accents) and birth date. Only
//! then is the provider connected to the page; otherwise nothing is stored.

use crate::audit::{Pending, by_account};
use crate::extra_pages::letter_targets;
use crate::registration::{MatchedLetter, Purpose, Refusal, Requester, redeem_letter};
use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage, Connection};
use zk_domain::audit::{ActorRole, AuditAction, DataCategory, Source};
use zk_domain::same_person::is_page_person;
use zk_domain::{BirthDate, CarePageId, ConnectionId};
use zk_store::ConnectOutcome;

/// One of the pages `account` may connect a letter to; `NotFound` for any other page.
pub async fn target(app: &App, account: &Account, id: CarePageId) -> AppResult<CarePage> {
    letter_targets(app, account)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound("care page"))
}

/// Proves code and birth date, checks the letter rules for the page's relation, and that the
/// letter's client is the page's person.
pub async fn check(
    app: &App,
    account: &Account,
    requester: &Requester,
    code: &str,
    birth_date: &str,
    page: CarePageId,
) -> AppResult<Result<(MatchedLetter, CarePage), Refusal>> {
    let page = target(app, account, page).await?;
    let Some(relation) = page.beheerder_relation else {
        return Err(AppError::NotFound("care page"));
    };
    let purpose = Purpose::Representative(relation);
    let matched = match redeem_letter(app, requester, code, birth_date, purpose).await? {
        Ok(m) => m,
        Err(r) => return Ok(Err(r)),
    };
    let same = BirthDate::parse_iso(&matched.client_birth_date).is_some_and(|born| {
        is_page_person(
            &page,
            &matched.client_first_name,
            &matched.client_last_name,
            born,
        )
    });
    if !same {
        return Ok(Err(Refusal::NotThePagePerson {
            name: format!("{} {}", page.first_name, page.last_name),
        }));
    }
    Ok(Ok((matched, page)))
}

/// Checks again and connects the letter's provider to the page, using the letter; the
/// connection is recorded in the audit trail.
pub async fn connect(
    app: &App,
    account: &Account,
    requester: &Requester,
    code: &str,
    birth_date: &str,
    page: CarePageId,
    source: &Source,
) -> AppResult<Result<CarePageId, Refusal>> {
    let (matched, page) = match check(app, account, requester, code, birth_date, page).await? {
        Ok(m) => m,
        Err(r) => return Ok(Err(r)),
    };
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
    let role = page
        .beheerder_relation
        .map_or(ActorRole::Client, ActorRole::Representative);
    let mut event = by_account(app, account, role, DataCategory::CarePage, source);
    event.action = AuditAction::Create;
    event.care_page_id = Some(page.id);
    event.client_record_id = Some(matched.client_record_id);
    event.resource_id = Some(connection.id.to_string());
    // Recorded with the connection, in one transaction.
    let pending = Pending::new(app, vec![event]);
    match app
        .store
        .add_connection(&connection, now, &events, pending.audit())
        .await?
    {
        ConnectOutcome::Connected => {}
        ConnectOutcome::LetterNotUsable => return Ok(Err(Refusal::LetterTakenMeanwhile)),
        ConnectOutcome::ProviderAlreadyConnected => {
            return Ok(Err(Refusal::ProviderAlreadyConnected {
                provider: matched.provider_name,
            }));
        }
    }
    Ok(Ok(page.id))
}
