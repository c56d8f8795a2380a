//! "Zorgpagina toevoegen" (SPEC S1 "extra zorgpagina"): an account makes a care page for
//! someone it cares for, without a provider, and becomes its beheerder. The network, diary and
//! agenda work on it as on any care page; a provider is connected later with a letter (see
//! `page_letters`). Every problem with the input is named at once, and nothing is written
//! unless all is well.

use crate::audit::{Pending, by_account};
use crate::{App, AppResult};
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::{ActorRole, AuditAction, DataCategory, Source};
use zk_domain::birth_date::BirthDateError;
use zk_domain::network::Relation;
use zk_domain::page::PageRequest;
use zk_domain::{BirthDate, CarePageId};
use zk_store::ExtraPageOutcome;

/// How many care pages one account may make this way.
pub const MAX_EXTRA_PAGES: u32 = 10;
/// The longest first or last name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// What the form asks: the person's names and birth date as typed, and the account's relation.
#[derive(Clone, Copy, Debug)]
pub struct NewPage<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub birth_date: &'a str,
    pub relation: Option<Relation>,
}

/// Why the page was not made. The web layer words each one for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    FirstNameMissing,
    LastNameMissing,
    NameTooLong,
    BirthDateFormat,
    BirthDateNoSuchDate,
    BirthDateFuture,
    BirthDateTooOld,
    RelationMissing,
    /// The account made [`MAX_EXTRA_PAGES`] pages already.
    TooMany,
}

/// The relations offered: the same as "Voor wie is de brief?" on Connecties.
pub const RELATIONS: [Relation; 3] = [
    Relation::Parent,
    Relation::LegalRepresentative,
    Relation::Other,
];

fn name(value: &str, missing: Problem, problems: &mut Vec<Problem>) -> String {
    let v = value.trim();
    if v.is_empty() {
        problems.push(missing);
    } else if v.chars().count() > MAX_NAME_CHARS && !problems.contains(&Problem::NameTooLong) {
        problems.push(Problem::NameTooLong);
    }
    v.to_owned()
}

/// The checked page, or every problem with the input.
fn checked(app: &App, account: &Account, new: &NewPage<'_>) -> Result<CarePage, Vec<Problem>> {
    let mut problems = Vec::new();
    let first_name = name(new.first_name, Problem::FirstNameMissing, &mut problems);
    let last_name = name(new.last_name, Problem::LastNameMissing, &mut problems);
    let born = match BirthDate::parse_dutch(new.birth_date, app.today()) {
        Ok(b) => Some(b),
        Err(e) => {
            problems.push(match e {
                BirthDateError::Format => Problem::BirthDateFormat,
                BirthDateError::NoSuchDate => Problem::BirthDateNoSuchDate,
                BirthDateError::Future => Problem::BirthDateFuture,
                BirthDateError::TooOld => Problem::BirthDateTooOld,
            });
            None
        }
    };
    let relation = new.relation.filter(|r| RELATIONS.contains(r));
    if relation.is_none() {
        problems.push(Problem::RelationMissing);
    }
    match (born, relation) {
        (Some(born), Some(relation)) if problems.is_empty() => Ok(CarePage {
            id: CarePageId::new(),
            first_name,
            last_name,
            birth_date: Some(born),
            beheerder: account.id,
            beheerder_relation: Some(relation),
            vacant_since: None,
            created_at: app.now(),
        }),
        _ => Err(problems),
    }
}

/// Makes the care page with its record in the audit trail, in one transaction. Returns its id,
/// or why not.
pub async fn create(
    app: &App,
    account: &Account,
    new: &NewPage<'_>,
    source: &Source,
) -> AppResult<Result<CarePageId, Vec<Problem>>> {
    let page = match checked(app, account, new) {
        Ok(p) => p,
        Err(problems) => return Ok(Err(problems)),
    };
    if app.store.count_extra_care_pages(account.id).await? >= MAX_EXTRA_PAGES {
        return Ok(Err(vec![Problem::TooMany]));
    }
    let role = page
        .beheerder_relation
        .map_or(ActorRole::Client, ActorRole::Representative);
    let mut event = by_account(app, account, role, DataCategory::CarePage, source);
    event.action = AuditAction::Create;
    event.care_page_id = Some(page.id);
    // Recorded with the page: no page without its record, no record without the page.
    let pending = Pending::new(app, vec![event]);
    Ok(
        match app
            .store
            .create_extra_care_page(&page, MAX_EXTRA_PAGES, pending.audit())
            .await?
        {
            ExtraPageOutcome::Created => Ok(page.id),
            ExtraPageOutcome::LimitReached => Err(vec![Problem::TooMany]),
        },
    )
}

/// The care pages `account` manages for someone else (made here or with a letter): a letter
/// for that person can be connected to one of them on Connecties.
pub async fn letter_targets(app: &App, account: &Account) -> AppResult<Vec<CarePage>> {
    Ok(app
        .store
        .care_pages_of(
            account.id,
            &PageRequest::first(crate::network::PAGES_LISTED),
        )
        .await?
        .items
        .into_iter()
        .filter(|p| {
            p.beheerder_relation.is_some() && p.vacant_since.is_none() && p.birth_date.is_some()
        })
        .collect())
}
