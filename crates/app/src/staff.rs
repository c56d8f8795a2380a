//! Provider staff (SPEC S8): an ordinary account (same login, same second factor) with a
//! membership of a provider. Members join by invitation (`crate::staff_invitations`).

use crate::error::conflict_as;
use crate::password::hash_password;
use crate::{App, AppResult};
use jiff::{SignedDuration, Timestamp};
use zk_domain::account::{Account, normalize_email};
use zk_domain::client::ClientRecord;
use zk_domain::letter::{Letter, LetterStatus};
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::Provider;
use zk_domain::{AccountId, BirthDate, ClientRecordId, LetterId, ProviderId};
use zk_store::{ClientSearch, StaffMembership, StaffRole};

pub use crate::staff_invitations::{NewStaffMember, StaffAdded, add_staff_member};

/// The most memberships one account is expected to have; more are not shown.
const MEMBERSHIPS_READ: u32 = 50;

/// The account's memberships, ordered by provider id.
pub async fn memberships(app: &App, account: AccountId) -> AppResult<Vec<StaffMembership>> {
    Ok(app
        .store
        .staff_memberships_of(account, &PageRequest::first(MEMBERSHIPS_READ))
        .await?
        .items)
}

/// The account's membership of `provider`, if any.
pub async fn membership(
    app: &App,
    account: AccountId,
    provider: ProviderId,
) -> AppResult<Option<StaffMembership>> {
    Ok(app.store.staff_membership(account, provider).await?)
}

/// What a search box's text means: a birth date (`dd-mm-jjjj`), a client number (anything with
/// a digit), or the start of a name: the last name, the first name or the full name ("jan de
/// v"; runs of spaces count as one). Empty: no search (the first records by id).
pub fn parse_search(query: &str, today: jiff::civil::Date) -> Option<ClientSearch> {
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    if let Ok(date) = BirthDate::parse_dutch(query, today) {
        return Some(ClientSearch::BirthDate(date.date()));
    }
    if query.bytes().any(|b| b.is_ascii_digit()) {
        return Some(ClientSearch::ClientNumber(query.to_owned()));
    }
    let words: Vec<&str> = query.split_whitespace().collect();
    Some(ClientSearch::NamePrefix(words.join(" ").to_lowercase()))
}

/// One page of a provider's client records matching `query` (see `parse_search`).
pub async fn search_clients(
    app: &App,
    provider: ProviderId,
    query: &str,
    page: &PageRequest,
) -> AppResult<Page<ClientRecord>> {
    Ok(match parse_search(query, app.today()) {
        Some(search) => {
            app.store
                .search_client_records(provider, &search, page)
                .await?
        }
        None => app.store.list_client_records(provider, page).await?,
    })
}

/// A client record as the secretariat sees it.
#[derive(Clone, Debug)]
pub struct ClientOverview {
    pub record: ClientRecord,
    /// When connected: the beheerder's name and since when.
    pub connection: Option<(String, Timestamp)>,
    /// Newest first, with their status now.
    pub letters: Vec<(Letter, LetterStatus)>,
}

/// Letters shown on a client page.
const LETTERS_SHOWN: u32 = 20;

/// A client record of `provider` with its connection and letters; None when the provider has no
/// such record.
pub async fn client_overview(
    app: &App,
    provider: ProviderId,
    client: ClientRecordId,
) -> AppResult<Option<ClientOverview>> {
    let Some(record) = app.store.get_client_record(client).await? else {
        return Ok(None);
    };
    if record.provider_id != provider {
        return Ok(None);
    }
    let connection = match app.store.connection_of_client(client).await? {
        Some(c) => {
            let page = app.store.get_care_page(c.care_page_id).await?;
            let beheerder = match page {
                Some(p) => app.store.get_account(p.beheerder).await?,
                None => None,
            };
            beheerder.map(|a| (a.full_name(), c.connected_at))
        }
        None => None,
    };
    let now = app.now();
    let letters = app
        .store
        .list_letters_for_client(client, &PageRequest::first(LETTERS_SHOWN))
        .await?
        .items
        .into_iter()
        .map(|l| {
            let status = l.status(now);
            (l, status)
        })
        .collect();
    Ok(Some(ClientOverview {
        record,
        connection,
        letters,
    }))
}

/// How long a letter's PDF can be downloaded after it is made.
pub const PDF_AVAILABLE: SignedDuration = SignedDuration::from_hours(24);

/// The purpose under which letter PDFs are sealed.
pub(crate) const PDF_KEY: &str = "letter-pdf";

/// Where the letter sends people, and the product name printed on it.
#[derive(Clone, Debug)]
pub struct LetterSite<'a> {
    pub public_url: &'a str,
    pub brand_name: &'a str,
}

/// Issues a letter for a client record of `provider` (valid as long as the provider's settings
/// say), renders its PDF at once and keeps it sealed for 24 hours. The code exists in the clear
/// only inside that PDF. Letter, PDF and the revocation of the client's valid letter are stored
/// at once (see `letter_print`). NotFound when the provider has no such client.
pub async fn issue_letter_with_pdf(
    app: &App,
    by: crate::audit::staff_changes::By<'_>,
    provider: &Provider,
    client: ClientRecordId,
    site: &LetterSite<'_>,
) -> AppResult<Letter> {
    Ok(
        crate::letter_print::issue_printed_letter(app, by, provider, client, site)
            .await?
            .letter,
    )
}

/// The PDF of a letter of `provider`, while it is available (24 hours after issue).
pub async fn letter_pdf(
    app: &App,
    provider: ProviderId,
    letter: LetterId,
) -> AppResult<Option<Vec<u8>>> {
    let Some(sealed) = app.store.letter_pdf(letter, provider, app.now()).await? else {
        return Ok(None);
    };
    Ok(crate::totp::open(
        &app.key.derive(PDF_KEY),
        letter.0.as_bytes(),
        &sealed,
    ))
}

/// Revokes a letter of `provider`; false when it has no such letter or it was not valid any
/// more.
pub async fn revoke_provider_letter(
    app: &App,
    provider: ProviderId,
    letter: LetterId,
) -> AppResult<bool> {
    match app.store.get_letter(letter).await? {
        Some(l) if l.provider_id == provider => crate::letters::revoke_letter(app, letter).await,
        _ => Ok(false),
    }
}

/// A demo staff member: an admin of `provider` with a known password and a verified phone, so a
/// tester can log in at once (the SMS codes go to the demo outbox). No welcome mail.
pub async fn add_demo_staff(
    app: &App,
    provider: ProviderId,
    email: &str,
    password: &str,
    phone: &str,
) -> AppResult<AccountId> {
    let now = app.now();
    let account = Account {
        id: AccountId::new(),
        email: normalize_email(email),
        first_name: "Demo".into(),
        last_name: "Beheerder".into(),
        password_hash: hash_password(app, password.to_owned()).await?,
        phone: Some(phone.to_owned()),
        phone_verified_at: Some(now),
        language: "nl".into(),
        created_at: now,
        has_authenticator: false,
        passkeys: 0,
    };
    let membership = StaffMembership {
        account_id: account.id,
        provider_id: provider,
        role: StaffRole::Admin,
        created_at: now,
    };
    app.store
        .add_staff_member(Some(&account), &membership)
        .await
        .map_err(conflict_as("staff member"))?;
    Ok(account.id)
}
