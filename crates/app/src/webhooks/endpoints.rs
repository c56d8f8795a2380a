//! Managing a provider's webhook endpoints: adding one (the URL checked, a signing secret made
//! and shown once), listing them with their recent deliveries, switching one off or on,
//! removing one, and queueing a test message.

use super::SECRET_KEY;
use super::events::{EventType, event_messages};
use crate::{App, AppResult};
use std::time::Duration;
use url::Url;
use zk_domain::{ProviderId, WebhookEndpointId};
use zk_notify::{Reach, SystemResolver, check_destination, check_literal};
use zk_store::{WebhookDelivery, WebhookEndpoint};

/// Endpoints a provider may have.
pub const MAX_ENDPOINTS: u32 = 5;
/// The longest URL accepted, in characters.
pub const MAX_URL_LENGTH: usize = 2000;
/// Deliveries shown per endpoint.
pub const SHOWN_DELIVERIES: u32 = 10;
/// How long saving waits for a name to be looked up; without an answer the URL is taken, as
/// every delivery checks the addresses again.
const SAVE_LOOKUP_LIMIT: Duration = Duration::from_secs(3);

/// What is wrong with a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    TooLong,
    NotAUrl,
    /// Not `https://` (nor `http://`).
    Scheme,
    /// `http://` to another machine than this one.
    PlainHttp,
    /// A user name or password in the URL.
    Credentials,
    /// The address (or what its name leads to now) is this machine or an internal network.
    Internal,
}

/// Why an endpoint was not added. Nothing was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddRefusal {
    Url(UrlProblem),
    /// The provider has [`MAX_ENDPOINTS`] already.
    TooMany,
}

/// A new endpoint and its signing secret, which is shown this once.
#[derive(Debug)]
pub struct Added {
    pub endpoint: WebhookEndpoint,
    pub secret: String,
}

/// Where webhooks may go on this installation: the internet, and this machine only when the
/// operator allows it for development.
pub fn reach(app: &App) -> Reach {
    if app.policy.webhooks_allow_loopback {
        Reach::InternetAndThisMachine
    } else {
        Reach::Internet
    }
}

/// Accepts `https://` URLs to the internet, and, when `reach` allows this machine, plain
/// `http://` to it (127.0.0.1, ::1, localhost) for tests and local setups; never a user name
/// or password, never an internal address. Returns the URL in its normal form. Names are not
/// looked up here (see [`add_endpoint`]).
pub fn check_url(input: &str, reach: Reach) -> Result<String, UrlProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(UrlProblem::Empty);
    }
    if input.chars().count() > MAX_URL_LENGTH {
        return Err(UrlProblem::TooLong);
    }
    let url = Url::parse(input).map_err(|_| UrlProblem::NotAUrl)?;
    let host = url.host_str().unwrap_or_default();
    let local = reach == Reach::InternetAndThisMachine;
    match url.scheme() {
        "https" if !host.is_empty() => {}
        "http" if local && matches!(host, "127.0.0.1" | "[::1]" | "localhost") => {}
        "http" if local => return Err(UrlProblem::PlainHttp),
        _ => return Err(UrlProblem::Scheme),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::Credentials);
    }
    if check_literal(&url, reach).is_err() {
        return Err(UrlProblem::Internal);
    }
    if url.as_str().chars().count() > MAX_URL_LENGTH {
        return Err(UrlProblem::TooLong);
    }
    Ok(url.into())
}

/// A new signing secret: 32 random bytes as hex, with a prefix that says what it is.
fn new_secret() -> String {
    let bytes: [u8; 32] = zk_domain::random::bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("zkwh_{hex}")
}

fn seal_secret(app: &App, id: WebhookEndpointId, secret: &str) -> Vec<u8> {
    crate::totp::seal(
        &app.key.derive(SECRET_KEY),
        id.0.as_bytes(),
        secret.as_bytes(),
    )
}

/// The signing secret of an endpoint; `None` when it cannot be opened (another server key).
pub fn open_secret(app: &App, endpoint: &WebhookEndpoint) -> Option<Vec<u8>> {
    crate::totp::open(
        &app.key.derive(SECRET_KEY),
        endpoint.id.0.as_bytes(),
        &endpoint.sealed_secret,
    )
}

/// Adds an endpoint for `provider`, switched on.
pub async fn add_endpoint(
    app: &App,
    provider: ProviderId,
    url: &str,
) -> AppResult<Result<Added, AddRefusal>> {
    let reach = reach(app);
    let url = match check_url(url, reach) {
        Ok(url) => url,
        Err(problem) => return Ok(Err(AddRefusal::Url(problem))),
    };
    // A clear answer now for a name that leads inside; delivery checks again on every attempt,
    // since a name can change (DNS rebinding).
    if let Ok(parsed) = Url::parse(&url)
        && let Err(refused) =
            check_destination(&parsed, reach, &SystemResolver, SAVE_LOOKUP_LIMIT).await
    {
        tracing::info!(%provider, %refused, "webhook URL refused");
        return Ok(Err(AddRefusal::Url(UrlProblem::Internal)));
    }
    let id = WebhookEndpointId::new();
    let secret = new_secret();
    let endpoint = WebhookEndpoint {
        id,
        provider_id: provider,
        url,
        sealed_secret: seal_secret(app, id, &secret),
        enabled: true,
        created_at: app.now(),
    };
    if !app
        .store
        .insert_webhook_endpoint(&endpoint, MAX_ENDPOINTS)
        .await?
    {
        return Ok(Err(AddRefusal::TooMany));
    }
    Ok(Ok(Added { endpoint, secret }))
}

/// A provider's endpoints, oldest first, each with its newest deliveries.
pub async fn endpoints_with_deliveries(
    app: &App,
    provider: ProviderId,
) -> AppResult<Vec<(WebhookEndpoint, Vec<WebhookDelivery>)>> {
    let mut out = Vec::new();
    for endpoint in app.store.list_webhook_endpoints(provider).await? {
        let deliveries = app
            .store
            .list_webhook_deliveries(endpoint.id, SHOWN_DELIVERIES)
            .await?;
        out.push((endpoint, deliveries));
    }
    Ok(out)
}

/// Switches an endpoint of `provider` on or off; false when it has no such endpoint.
pub async fn set_enabled(
    app: &App,
    provider: ProviderId,
    id: WebhookEndpointId,
    enabled: bool,
) -> AppResult<bool> {
    Ok(app
        .store
        .set_webhook_endpoint_enabled(provider, id, enabled)
        .await?)
}

/// Removes an endpoint of `provider`; false when it has no such endpoint.
pub async fn remove(app: &App, provider: ProviderId, id: WebhookEndpointId) -> AppResult<bool> {
    Ok(app.store.delete_webhook_endpoint(provider, id).await?)
}

/// What "send a test message" came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PingOutcome {
    Queued,
    /// The endpoint is switched off: it gets no messages.
    Disabled,
    NotFound,
}

/// Queues a `ping` event for one endpoint of `provider`.
pub async fn send_ping(
    app: &App,
    provider: ProviderId,
    id: WebhookEndpointId,
) -> AppResult<PingOutcome> {
    let endpoint = match app.store.get_webhook_endpoint(id).await? {
        Some(e) if e.provider_id == provider => e,
        _ => return Ok(PingOutcome::NotFound),
    };
    if !endpoint.enabled {
        return Ok(PingOutcome::Disabled);
    }
    let messages = event_messages(
        provider,
        &[endpoint],
        &[(EventType::Ping, serde_json::json!({}))],
        app.now(),
    );
    app.store.enqueue_webhook_messages(&messages).await?;
    Ok(PingOutcome::Queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL: Reach = Reach::InternetAndThisMachine;

    #[test]
    fn only_https_or_http_to_this_machine_is_accepted() {
        let check_url = |u| check_url(u, LOCAL);
        assert_eq!(
            check_url(" https://ontvanger.example/hook?x=1 "),
            Ok("https://ontvanger.example/hook?x=1".into())
        );
        assert_eq!(
            check_url("http://127.0.0.1:9000/hook"),
            Ok("http://127.0.0.1:9000/hook".into())
        );
        assert!(check_url("http://localhost/hook").is_ok());
        assert!(check_url("http://[::1]:8000/").is_ok());
        assert_eq!(check_url(""), Err(UrlProblem::Empty));
        assert_eq!(check_url("ontvanger.example"), Err(UrlProblem::NotAUrl));
        assert_eq!(
            check_url("http://ontvanger.example/hook"),
            Err(UrlProblem::PlainHttp)
        );
        assert_eq!(
            check_url("http://127.0.0.2/hook"),
            Err(UrlProblem::PlainHttp)
        );
        assert_eq!(
            check_url("ftp://ontvanger.example/"),
            Err(UrlProblem::Scheme)
        );
        assert_eq!(check_url("javascript:alert(1)"), Err(UrlProblem::Scheme));
        assert_eq!(
            check_url("https://piet:geheim@ontvanger.example/"),
            Err(UrlProblem::Credentials)
        );
        assert_eq!(
            check_url("https://piet@ontvanger.example/"),
            Err(UrlProblem::Credentials)
        );
        assert_eq!(check_url("https://10.0.0.1/"), Err(UrlProblem::Internal));
    }

    #[test]
    fn without_the_operator_flag_this_machine_is_refused_too() {
        let check_url = |u| check_url(u, Reach::Internet);
        assert!(check_url("https://ontvanger.example/hook").is_ok());
        for url in [
            "https://127.0.0.1/",
            "https://localhost:8443/",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://10.0.0.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://[fd00::1]/",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://2130706433/",
        ] {
            assert_eq!(check_url(url), Err(UrlProblem::Internal), "{url}");
        }
        for url in ["http://127.0.0.1:9000/hook", "http://ontvanger.example/"] {
            assert_eq!(check_url(url), Err(UrlProblem::Scheme), "{url}");
        }
    }

    #[test]
    fn the_url_length_limit_is_2000_characters() {
        let base = "https://ontvanger.example/";
        let fits = format!("{base}{}", "a".repeat(MAX_URL_LENGTH - base.len()));
        assert_eq!(check_url(&fits, LOCAL), Ok(fits.clone()));
        let over = format!("{fits}a");
        assert_eq!(check_url(&over, LOCAL), Err(UrlProblem::TooLong));
    }

    #[test]
    fn secrets_are_random_and_long() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 5 + 64);
        assert!(a.starts_with("zkwh_"));
    }
}
