//! One handler per file, grouped by area.

pub mod assets;
pub mod authenticator;
pub mod care_page;
pub mod connections;
pub mod dev_outbox;
pub mod health;
pub mod help;
pub mod home;
pub mod language;
pub mod login;
pub mod profile;
pub mod recovery;
pub mod recovery_codes;
pub mod register;
pub mod sessions;
