//! Accounts, care pages and their connections to providers, and login sessions: who a person is
//! here, whose care information they manage, and how long they stay logged in.

use crate::network::Relation;
use crate::{
    AccountId, BirthDate, CarePageId, ClientRecordId, ConnectionId, LetterId, ProviderId, SessionId,
};
use jiff::Timestamp;

/// One person's login. The e-mail address is stored in lower case and is unique.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// argon2id in PHC form.
    pub password_hash: String,
    /// Mobile number in E.164, once given.
    pub phone: Option<String>,
    pub phone_verified_at: Option<Timestamp>,
    /// `nl` or `en`.
    pub language: String,
    pub created_at: Timestamp,
    /// Whether an authenticator app (TOTP) is set up. Read from storage; ignored on insert.
    pub has_authenticator: bool,
    /// How many passkeys or security keys are registered. Read from storage; ignored on insert.
    pub passkeys: u32,
}

impl Account {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// Whether the account has a second factor; until it has, provider data stays hidden.
    pub fn has_second_factor(&self) -> bool {
        self.second_factor_count() > 0
    }

    /// How many second factors the account has: the phone, the app, and each passkey.
    pub fn second_factor_count(&self) -> u32 {
        u32::from(self.has_verified_phone()) + u32::from(self.has_authenticator) + self.passkeys
    }

    pub fn has_verified_phone(&self) -> bool {
        self.phone.is_some() && self.phone_verified_at.is_some()
    }
}

/// Normalises an e-mail address for storage and lookup: trimmed and lower case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The space of one client. Exactly one beheerder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarePage {
    pub id: CarePageId,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<BirthDate>,
    pub beheerder: AccountId,
    /// How the beheerder is related to the client; `None` when the client manages the page.
    pub beheerder_relation: Option<Relation>,
    /// Set when the beheerder deleted their account: the page waits, its provider data hidden,
    /// until a new letter gives it a new beheerder.
    pub vacant_since: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// A care page linked to a client record at a provider, made by redeeming a letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub id: ConnectionId,
    pub care_page_id: CarePageId,
    pub provider_id: ProviderId,
    pub client_record_id: ClientRecordId,
    pub letter_id: LetterId,
    pub connected_at: Timestamp,
}

/// A login session. Only the hash of its token is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub account_id: AccountId,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    /// The absolute end, whatever the activity.
    pub expires_at: Timestamp,
    /// When the second factor was proven in this session, if it was.
    pub second_factor_at: Option<Timestamp>,
    /// When the password (or a passkey) was last proven in this session: at login, or when
    /// asked again before a sensitive change.
    pub authenticated_at: Timestamp,
    /// A short description of the browser ("Firefox op Windows"), for the sessions page.
    pub user_agent: String,
}

#[cfg(test)]
mod tests {
    use super::normalize_email;

    #[test]
    fn emails_are_compared_in_lower_case() {
        assert_eq!(
            normalize_email("  Sanne@Voorbeeld.NL "),
            "sanne@voorbeeld.nl"
        );
    }
}
