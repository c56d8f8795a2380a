//! Zorgkring's use cases. They take an `App` (store, clock, secret key), check the rules of
//! the domain and call the store. No HTTP and no SQL here.

pub mod account_deletion;
pub mod addressed_letter;
pub mod agenda;
pub mod api_tokens;
pub mod audit;
pub mod authenticator;
pub mod browsers;
pub mod care;
pub mod care_page;
pub mod client_edit;
pub mod clients;
pub mod connections;
pub mod demo;
pub mod diary;
pub mod email_change;
mod error;
pub mod export;
pub mod extra_pages;
pub mod factors;
pub mod fhir_api;
pub mod hand_over;
pub mod hashing;
pub mod invitations;
pub mod letter_print;
pub mod letters;
pub mod limits;
pub mod messages;
pub mod network;
pub mod network_mail;
pub mod network_members;
pub mod own_page;
pub mod page_letters;
pub mod passkeys;
pub mod password;
pub mod password_change;
pub mod password_check;
pub mod phone;
pub mod provider_settings;
pub mod providers;
pub mod reauth;
pub mod recovery;
pub mod recovery_codes;
pub mod registration;
pub mod secret;
pub mod sessions;
pub mod sms_budget;
pub mod staff;
pub mod staff_admin;
pub mod staff_invitations;
pub mod support_desk;
pub mod sweep;
#[cfg(test)]
mod test_support;
pub mod tokens;
pub mod totp;
pub mod unlinking;
pub mod webhooks;

pub use error::AppError;
pub use secret::SecretKey;

use std::sync::Arc;
use zk_domain::Clock;
use zk_store::Store;

pub type AppResult<T> = Result<T, AppError>;

/// What every use case needs.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub key: Arc<SecretKey>,
    pub policy: Policy,
    /// Shares one transaction among the audit records appended on their own at one moment.
    pub audit_batch: audit::batch::Batcher,
    /// Bounds the password hashes running at once (memory and CPU), for the whole process.
    pub hashing: Arc<hashing::HashGate>,
}

/// Tunable protections, with the defaults a production installation runs with.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Failed letter redemptions per hour on the whole installation before every redemption
    /// is slowed down (someone is guessing codes at scale).
    pub letter_failures_per_hour_cap: u32,
    /// The extra wait per redemption while over the cap.
    pub letter_slowdown: std::time::Duration,
    /// Session time-outs.
    pub sessions: registration::SessionPolicy,
    /// Webhook URLs may lead to this machine (`--webhooks-allow-loopback`, development only).
    pub webhooks_allow_loopback: bool,
    /// The country calling codes SMS may go to (`--sms-allowed-countries`).
    pub sms_countries: zk_domain::sms_countries::SmsCountries,
    /// SMS per hour for requests from one IP address, all accounts together.
    pub sms_per_ip_per_hour: u32,
    /// SMS per hour on the whole installation.
    pub sms_per_hour: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            letter_failures_per_hour_cap: 500,
            letter_slowdown: std::time::Duration::from_secs(2),
            sessions: registration::SessionPolicy::default(),
            webhooks_allow_loopback: false,
            sms_countries: zk_domain::sms_countries::SmsCountries::eea(),
            sms_per_ip_per_hour: sms_budget::PER_IP_PER_HOUR,
            sms_per_hour: sms_budget::PER_HOUR,
        }
    }
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, key: SecretKey) -> Self {
        Self {
            store,
            clock,
            key: Arc::new(key),
            policy: Policy::default(),
            audit_batch: audit::batch::Batcher::default(),
            hashing: Arc::new(hashing::HashGate::for_this_machine()),
        }
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Today's date in the Netherlands, where our users live: age rules and "today" in the
    /// interface follow Dutch days, not UTC ones.
    pub fn today(&self) -> jiff::civil::Date {
        self.now().to_zoned(dutch_time_zone()).date()
    }
}

/// Europe/Amsterdam from the bundled tz database, or a fixed +01:00 if it is missing.
pub fn dutch_time_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/Amsterdam")
        .unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::offset(1)))
}
