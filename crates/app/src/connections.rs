//! The "Connecties" page (SPEC S4): the providers connected to the user's care page, and
//! redeeming another letter: for the user's own page (the letter must be for its person), which
//! may take over the page a parent managed (at 16, see `hand_over`), or for someone the user
//! helps, which makes a new care page for them (SPEC S3). The same checks and limits as at
//! registration apply.

use crate::hand_over::HandOverMail;
use crate::registration::{MatchedLetter, Purpose, Refusal, Requester, redeem_letter};
use crate::{App, AppError, AppResult};
use zk_domain::account::{Account, CarePage, Connection};
use zk_domain::network::Relation;
use zk_domain::page::PageRequest;
use zk_domain::provider::Provider;
use zk_domain::{BirthDate, CarePageId, ConnectionId};
use zk_store::{ConnectOutcome, HandOver, HandOverOutcome};

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

/// Proves code and birth date, and checks that the letter is for this care page's person (for
/// the user's own page) or may be used by this helper (for someone the user helps).
pub async fn check(
    app: &App,
    account: &Account,
    requester: &Requester,
    code: &str,
    birth_date: &str,
    purpose: Purpose,
) -> AppResult<Result<MatchedLetter, Refusal>> {
    let matched = match redeem_letter(app, requester, code, birth_date, purpose).await? {
        Ok(m) => m,
        Err(r) => return Ok(Err(r)),
    };
    if let Purpose::Representative(_) = purpose {
        return Ok(Ok(matched));
    }
    let page = own_page(app, account).await?;
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

/// Checks again and uses the letter: takes over the page its client record is connected to
/// when the hand-over rule says so, makes a new care page for someone the user helps, or
/// connects the provider to the user's own page. Returns the care page the letter is now on.
pub async fn connect(
    app: &App,
    account: &Account,
    requester: &Requester,
    code: &str,
    birth_date: &str,
    purpose: Purpose,
    hand_over_mail: &HandOverMail,
) -> AppResult<Result<(MatchedLetter, CarePageId), Refusal>> {
    let matched = match check(app, account, requester, code, birth_date, purpose).await? {
        Ok(m) => m,
        Err(r) => return Ok(Err(r)),
    };
    let now = app.now();
    let relation = match purpose {
        Purpose::Representative(relation) => Some(relation),
        Purpose::SelfManagement => None,
    };
    if let Some(page) =
        crate::hand_over::page_to_take_over(app, matched.client_record_id, purpose.redeemer())
            .await?
    {
        let messages =
            crate::hand_over::messages(app, &page, relation.is_none(), hand_over_mail).await?;
        let record = matched.client_record_id;
        let pending =
            crate::audit::changes::hand_over(app, account, page.id, record, relation).await?;
        let hand_over = HandOver {
            care_page: page.id,
            from: page.beheerder,
            to: account.id,
            relation,
            letter: matched.letter_id,
            client_record: matched.client_record_id,
            at: now,
        };
        return Ok(
            match app
                .store
                .hand_over_care_page(&hand_over, None, &messages, pending.audit())
                .await?
            {
                HandOverOutcome::HandedOver => Ok((matched, page.id)),
                _ => Err(Refusal::LetterTakenMeanwhile),
            },
        );
    }
    if let Some(relation) = relation {
        return helped_page(app, account, matched, relation).await;
    }
    let page = own_page(app, account).await?;
    let connection = Connection {
        id: ConnectionId::new(),
        care_page_id: page.id,
        provider_id: matched.provider_id,
        client_record_id: matched.client_record_id,
        letter_id: matched.letter_id,
        connected_at: now,
    };
    let events = crate::webhooks::redemption_messages(app, &connection).await?;
    let record = crate::audit::changes::connected(app, account, &page, &connection);
    let pending = crate::audit::Pending::new(app, vec![record]);
    Ok(
        match app
            .store
            .add_connection(&connection, now, &events, pending.audit())
            .await?
        {
            ConnectOutcome::Connected => Ok((matched, page.id)),
            ConnectOutcome::LetterNotUsable => Err(Refusal::LetterTakenMeanwhile),
            ConnectOutcome::ProviderAlreadyConnected => Err(Refusal::ProviderAlreadyConnected {
                provider: matched.provider_name,
            }),
        },
    )
}

/// A new care page for the client of `matched`, managed by `account` as `relation`.
async fn helped_page(
    app: &App,
    account: &Account,
    matched: MatchedLetter,
    relation: Relation,
) -> AppResult<Result<(MatchedLetter, CarePageId), Refusal>> {
    let now = app.now();
    let page = CarePage {
        id: CarePageId::new(),
        first_name: matched.client_first_name.clone(),
        last_name: matched.client_last_name.clone(),
        birth_date: BirthDate::parse_iso(&matched.client_birth_date),
        beheerder: account.id,
        beheerder_relation: Some(relation),
        vacant_since: None,
        created_at: now,
    };
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
        match app
            .store
            .add_helped_care_page(&page, &connection, now, &events)
            .await?
        {
            ConnectOutcome::Connected => Ok((matched, page.id)),
            _ => Err(Refusal::LetterTakenMeanwhile),
        },
    )
}
