//! Redeeming a letter: the code and the client's birth date. A typo in the code is caught before
//! any lookup; a wrong code or birth date gets one answer that never says which, after the same
//! work; only a proven match reveals names and the letter's status. Every failure is counted per
//! browser and per IP address, and wrong birth dates per letter, which locks after ten.

use super::state::MatchedLetter;
use super::steps::Refusal;
use crate::limits::{
    self, LETTER_BIRTH_DATE, LETTER_BIRTH_DATE_RIGHT, LETTER_GLOBAL, LETTER_GLOBAL_KEY,
    LETTER_LOCK_AFTER, LETTER_PER_BROWSER, LETTER_PER_IP,
};
use crate::{App, AppResult};
use zk_domain::birth_date::BirthDateError;
use zk_domain::letter::LetterStatus;
use zk_domain::letter_code::CodeError;
use zk_domain::network::Relation;
use zk_domain::redeem_rule::{NotAllowed, OnConnectedPage, Redeemer, may_redeem};
use zk_domain::{BirthDate, ClientRecordId, LetterCode};

/// Who is trying, as keyed hashes (never the raw browser token or IP address).
#[derive(Clone, Debug)]
pub struct Requester {
    pub browser: String,
    pub ip: String,
}

impl Requester {
    pub fn new(app: &App, browser_token: &str, ip: &str) -> Self {
        Self {
            browser: app.key.keyed_hex("browser", browser_token),
            ip: app.key.keyed_hex("ip", ip),
        }
    }
}

/// What the letter is redeemed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The client manages their own care page: 16 or older, letter addressed to them.
    SelfManagement,
    /// Someone manages the client's care page for them (SPEC S3), with this relation.
    Representative(Relation),
}

impl Purpose {
    pub fn redeemer(self) -> Redeemer {
        match self {
            Purpose::SelfManagement => Redeemer::Client,
            Purpose::Representative(relation) => Redeemer::Helper(relation),
        }
    }
}

/// Checks the typed code and birth date and returns the matched letter, or why not.
pub async fn redeem_letter(
    app: &App,
    requester: &Requester,
    code: &str,
    birth_date: &str,
    purpose: Purpose,
) -> AppResult<Result<MatchedLetter, Refusal>> {
    let code = match LetterCode::parse(code) {
        Ok(code) => code,
        Err(CodeError::WrongLength) => return Ok(Err(Refusal::CodeWrongLength)),
        Err(CodeError::NotDigits) => return Ok(Err(Refusal::CodeNotDigits)),
        Err(CodeError::CheckDigit) => return Ok(Err(Refusal::CodeTypo)),
    };
    let birth_date = match BirthDate::parse_dutch(birth_date, app.today()) {
        Ok(date) => date,
        Err(BirthDateError::NoSuchDate) => return Ok(Err(Refusal::BirthDateNoSuchDate)),
        Err(BirthDateError::Future) => return Ok(Err(Refusal::BirthDateFuture)),
        Err(_) => return Ok(Err(Refusal::BirthDateFormat)),
    };
    // Each try is counted before anything is looked up, so parallel tries cannot slip past.
    for (limit, key) in [
        (&LETTER_PER_BROWSER, &requester.browser),
        (&LETTER_PER_IP, &requester.ip),
    ] {
        if let Err(until) = limits::take_try(app, limit, key).await? {
            return Ok(Err(Refusal::Wait { until }));
        }
    }
    if global_failures(app).await? > app.policy.letter_failures_per_hour_cap {
        tracing::warn!(
            "failed letter redemptions are over the hourly cap: slowing every redemption down"
        );
        tokio::time::sleep(app.policy.letter_slowdown).await;
    }

    let letter = app
        .store
        .find_letter_by_code_hash(&app.key.hash_code(&code))
        .await?;
    // The same lookups whether or not the code exists, so timing tells nothing.
    let client_id = letter
        .as_ref()
        .map_or_else(ClientRecordId::new, |l| l.client_record_id);
    let client = app.store.get_client_record(client_id).await?;
    // Every try on a letter counts before the birth date is compared, right or wrong: a burst
    // of parallel guesses cannot get past the lock. An unknown code counts on one shared row,
    // so both cases do the same work and timing tells nothing.
    let letter_key = letter.as_ref().map(|l| l.id.to_string());
    let letter_tries = limits::fail(
        app,
        &LETTER_BIRTH_DATE,
        letter_key.as_deref().unwrap_or(NO_LETTER),
    )
    .await?;
    let (Some(letter), Some(client)) = (letter, client) else {
        return failed(app).await;
    };
    if client.birth_date != birth_date {
        if letter_tries == LETTER_LOCK_AFTER {
            tracing::warn!(letter = %letter.id, "letter locked after {LETTER_LOCK_AFTER} tries");
        }
        return failed(app).await;
    }

    let provider = app
        .store
        .get_provider(letter.provider_id)
        .await?
        .ok_or(crate::AppError::NotFound("provider"))?;
    let contact = (
        provider.name.clone(),
        provider.secretariat.email.clone(),
        provider.secretariat.phone.clone(),
    );
    // Tries are counted before comparing and right ones after: their difference is the number
    // of wrong birth dates, including those of a parallel burst that started before this one.
    let right = limits::fail(app, &LETTER_BIRTH_DATE_RIGHT, &letter.id.to_string()).await?;
    let locked = letter_tries.saturating_sub(right) >= LETTER_LOCK_AFTER;
    let (provider_name, email, phone) = contact;
    let refusal = if locked {
        Some(Refusal::LetterLocked {
            provider: provider_name.clone(),
            email,
            phone,
        })
    } else {
        match letter.status(app.now()) {
            LetterStatus::Valid => None,
            LetterStatus::Expired => Some(Refusal::LetterExpired {
                provider: provider_name.clone(),
                email,
                phone,
            }),
            LetterStatus::Used => Some(Refusal::LetterUsed {
                provider: provider_name.clone(),
                email,
                phone,
            }),
            LetterStatus::Revoked => Some(Refusal::LetterRevoked {
                provider: provider_name.clone(),
                email,
                phone,
            }),
        }
    };
    if let Some(refusal) = refusal {
        return Ok(Err(refusal));
    }
    let redeemer = purpose.redeemer();
    let age = client.birth_date.age_on(app.today());
    if let Err(why) = may_redeem(letter.intended_for, age, redeemer) {
        let provider = provider_name;
        return Ok(Err(match why {
            NotAllowed::LetterForRepresentative | NotAllowed::ClientTooYoung => {
                Refusal::NotForSelfManagement { provider }
            }
            NotAllowed::OnlyParentOrRepresentative => {
                Refusal::OnlyParentOrRepresentative { provider }
            }
            NotAllowed::ClientManagesSelf => Refusal::ClientManagesSelf { provider },
        }));
    }
    // A legal representative keeps managing an adult's page until the provider unlinks it.
    if let Some((_, OnConnectedPage::ManagedByRepresentative)) =
        crate::hand_over::connected_page(app, client.id, redeemer).await?
    {
        return Ok(Err(Refusal::ManagedByRepresentative {
            provider: provider_name,
        }));
    }
    Ok(Ok(MatchedLetter {
        letter_id: letter.id,
        client_record_id: client.id,
        provider_id: provider.id,
        client_name: client.full_name(),
        client_first_name: client.first_name.clone(),
        client_last_name: client.last_name.clone(),
        client_birth_date: client.birth_date.iso(),
        provider_name,
    }))
}

/// The birth-date counter key used when the code matched no letter.
const NO_LETTER: &str = "no-letter";

/// Failed redemptions on the whole installation in the current hour (for `/healthz/detail`).
pub async fn global_failures(app: &App) -> AppResult<u32> {
    let state = app
        .store
        .attempt_state(
            LETTER_GLOBAL.scope,
            LETTER_GLOBAL_KEY,
            app.now(),
            LETTER_GLOBAL.window,
        )
        .await?;
    Ok(state.map_or(0, |s| s.failures))
}

/// Counts a failed redemption for the installation-wide cap and gives the one generic answer
/// (the browser, address and letter tries were counted before the lookup).
async fn failed(app: &App) -> AppResult<Result<MatchedLetter, Refusal>> {
    limits::fail(app, &LETTER_GLOBAL, LETTER_GLOBAL_KEY).await?;
    Ok(Err(Refusal::NoMatch))
}
