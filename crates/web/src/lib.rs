//! The web edge of Zorgkring: the axum router, server-rendered pages (askama), translations
//! (Fluent), security headers, CSRF protection, request ids and the demo outbox page.
//! Handlers hold no business rules: they call `zk_app` and render.

mod auth;
mod chart;
mod cookies;
mod csrf;
mod dates;
mod error;
pub mod export_summary;
mod form_page;
mod handlers;
mod help_guides;
mod help_topics;
pub mod i18n;
mod linkify;
mod links;
mod mail;
pub mod message_notices;
mod network_mail;
mod page;
mod paging;
mod requester;
mod return_path;
mod router;
mod security;
mod staff;
mod staff_admin;

pub use mail::staff_welcome;
pub use requester::limit_key;
pub use router::router;

use std::path::PathBuf;
use std::sync::Arc;
use zk_app::App;

/// Settings of the web edge.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The product name shown everywhere (`brand.name`).
    pub brand: String,
    /// The address users reach us at, e.g. `https://zorg.example.nl`; links in e-mails use it,
    /// and `https` turns on HSTS and `Secure` cookies.
    pub public_url: String,
    /// Where users with login problems write to.
    pub support_email: String,
    /// The demo outbox folder; `Some` only in demo mode, which also mounts `/dev/outbox`.
    pub demo_outbox: Option<PathBuf>,
    /// Take the client's IP address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// The largest request body the FHIR API accepts, in bytes (larger: 413 `too-long`).
    pub fhir_max_body_bytes: usize,
    /// The largest NDJSON upload `POST /fhir/r4/$import` accepts, in bytes.
    pub fhir_max_import_bytes: usize,
}

/// The FHIR API's body limit when none is configured: 16 MiB.
pub const DEFAULT_FHIR_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The bulk import's upload limit when none is configured: 100 MiB.
pub const DEFAULT_FHIR_MAX_IMPORT_BYTES: usize = 100 * 1024 * 1024;

impl WebConfig {
    pub fn served_over_tls(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// `scheme://host[:port]` of the public URL, for the CSRF origin check.
    pub fn public_origin(&self) -> String {
        let url = self.public_url.trim_end_matches('/');
        match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => url[..i + 3 + j].to_owned(),
                None => url.to_owned(),
            },
            None => url.to_owned(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub i18n: Arc<i18n::I18n>,
    /// The WebAuthn verifier for this installation's address (switched off where browsers
    /// allow no passkeys: an IP address, or plain http other than localhost).
    pub passkeys: zk_app::passkeys::Passkeys,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Result<Self, String> {
        let i18n = i18n::I18n::new(&config.brand)?;
        let passkeys = match zk_app::passkeys::PasskeyConfig::from_public_url(&config.public_url) {
            Some(mut passkey_config) => {
                passkey_config.rp_name = config.brand.clone();
                zk_app::passkeys::Passkeys::new(&passkey_config)
                    .unwrap_or_else(|_| zk_app::passkeys::Passkeys::unavailable())
            }
            None => zk_app::passkeys::Passkeys::unavailable(),
        };
        Ok(Self {
            passkeys,
            app,
            config: Arc::new(config),
            i18n: Arc::new(i18n),
        })
    }
}

/// The writer of export summaries for the background worker, in the installation's languages.
pub fn export_summaries(state: &AppState) -> Arc<dyn zk_app::export::SummaryWriter> {
    Arc::new(export_summary::Summaries {
        i18n: state.i18n.clone(),
    })
}
