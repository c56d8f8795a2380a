//! The storage boundary of Zorgkring: one `Store` made of small traits per area, the error
//! type every backend maps its errors to, and (feature `contract`) the suite of tests that
//! every backend must pass, so SQLite and PostgreSQL behave the same.

mod account_security;
mod accounts;
mod api_tokens;
pub mod audit;
mod authenticator;
pub mod cursor;
mod departures;
mod error;
pub mod exports;
mod extra_pages;
pub mod fhir;
pub mod hand_over;
pub mod imports;
mod invitations;
mod letter_print;
mod messages;
mod network;
pub mod outbox;
pub mod outbox_seal;
mod own_content;
mod recovery;
mod recovery_codes;
mod second_factor;
mod staff;
mod staff_admin;
mod staff_invitations;
mod sweep;
mod traits;
mod webhooks;

#[cfg(feature = "contract")]
#[expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test suite: a failed step is a failed test"
)]
pub mod contract;

pub use account_security::*;
pub use accounts::*;
pub use api_tokens::*;
pub use audit::{Audit, AuditFilter, AuditStore};
pub use authenticator::*;
pub use departures::*;
pub use error::StoreError;
pub use exports::{EXPORT_TRIES, ExportFile, ExportJob, ExportState, ExportStore};
pub use extra_pages::{ExtraPageOutcome, ExtraPageStore};
pub use fhir::FhirStore;
pub use hand_over::{HandOver, HandOverAccount, HandOverOutcome, HandOverStore};
pub use imports::ImportStore;
pub use invitations::InvitationStore;
pub use letter_print::*;
pub use messages::{DueNotice, MessageStore};
pub use network::NetworkStore;
pub use outbox::{Channel, OutgoingMessage};
pub use own_content::{AgendaStore, DiaryStore};
pub use recovery::*;
pub use recovery_codes::*;
pub use second_factor::*;
pub use staff::*;
pub use staff_admin::*;
pub use staff_invitations::*;
pub use sweep::SweepStore;
pub use traits::*;
pub use webhooks::*;

pub type StoreResult<T> = Result<T, StoreError>;
