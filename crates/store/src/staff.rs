//! The Store trait for provider staff (SPEC S8): an ordinary account with a membership of a
//! provider and a role. Adding a member writes the account (when new), the membership and a
//! one-time link to choose a password, with its e-mail, in one transaction.

use crate::StoreResult;
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use zk_domain::account::Account;
use zk_domain::client::ClientRecord;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, LetterId, ProviderId};

/// What a staff member may do for their provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StaffRole {
    /// Registers clients and issues, prints and revokes letters.
    Secretariat,
    /// Everything the secretariat does, and managing staff and tokens.
    Admin,
}

impl StaffRole {
    /// The name stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Secretariat => "secretariat",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "secretariat" => Some(Self::Secretariat),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// An account's membership of a provider's staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMembership {
    pub account_id: AccountId,
    pub provider_id: ProviderId,
    pub role: StaffRole,
    pub created_at: Timestamp,
}

/// What the secretariat searches a provider's client records by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientSearch {
    /// The start of the last name or of the full name ("jan de v", so also the first name), in
    /// lower case; ordered by the name that matches, then id.
    NamePrefix(String),
    /// Ordered by id.
    BirthDate(Date),
    /// The exact client number: one record at most.
    ClientNumber(String),
}

/// The keyset cursor of a name search: the lower-case name that matched (hex) and the id.
pub fn name_cursor(name: &str, id: uuid::Uuid) -> String {
    let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{hex}.{}", id.simple())
}

/// Reads a `name_cursor`.
pub fn decode_name_cursor(s: &str) -> StoreResult<(String, uuid::Uuid)> {
    let bad = || crate::StoreError::BadCursor;
    let (hex, id) = s.split_once('.').ok_or_else(bad)?;
    if hex.len() % 2 != 0 {
        return Err(bad());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(bad)?;
    let name = String::from_utf8(bytes).map_err(|_| bad())?;
    Ok((name, crate::cursor::Cursor::decode_id(id)?))
}

/// The upper bound (exclusive) of names starting with `prefix`, bytewise.
pub fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[async_trait]
pub trait StaffStore {
    /// Adds `membership`, inserting `new_account` first when given: both or nothing. Only for
    /// the demo world, whose staff have a known password; everyone else joins by invitation
    /// (`StaffInvitationStore`). Conflict when the new account's e-mail is taken or the
    /// membership exists already; MissingReference when the provider or account does not exist.
    async fn add_staff_member(
        &self,
        new_account: Option<&Account>,
        membership: &StaffMembership,
    ) -> StoreResult<()>;
    /// The account's membership of `provider`, if any.
    async fn staff_membership(
        &self,
        account: AccountId,
        provider: ProviderId,
    ) -> StoreResult<Option<StaffMembership>>;
    /// A provider's client records matching `search`, a page at a time, from an index.
    async fn search_client_records(
        &self,
        provider: ProviderId,
        search: &ClientSearch,
        page: &PageRequest,
    ) -> StoreResult<Page<ClientRecord>>;
    /// The sealed PDF of a letter of `provider`, while available at `now` (stored with the
    /// letter by `LetterPrintStore::issue_printed_letter`).
    async fn letter_pdf(
        &self,
        letter: LetterId,
        provider: ProviderId,
        now: Timestamp,
    ) -> StoreResult<Option<Vec<u8>>>;
    /// The account's memberships, ordered by provider id.
    async fn staff_memberships_of(
        &self,
        account: AccountId,
        page: &PageRequest,
    ) -> StoreResult<Page<StaffMembership>>;
}
