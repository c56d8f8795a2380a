//! The one HTTP client for outgoing requests to addresses someone typed in (providers'
//! webhook URLs, the operator's SMS gateway): it connects only to addresses its [`Reach`]
//! allows. Names are checked when they are resolved, right before connecting, so a name that
//! pointed elsewhere when it was saved (DNS rebinding) cannot lead inside; literal IP
//! addresses, which are never resolved, are checked before the request is made. Redirects are
//! not followed and no proxy is used, so neither can take a request around the check.

use crate::ip_ranges::{AddressClass, classify};
use crate::transport::DeliveryError;
use async_trait::async_trait;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Client, RequestBuilder, Url, redirect};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Which addresses a client may connect to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Only public internet addresses.
    Internet,
    /// Public addresses and this machine (development, or a gateway on the same machine).
    InternetAndThisMachine,
}

impl Reach {
    /// Whether a connection to `ip` is allowed.
    pub fn allows(self, ip: IpAddr) -> bool {
        match classify(ip) {
            AddressClass::Public => true,
            AddressClass::Loopback => self == Self::InternetAndThisMachine,
            AddressClass::Internal => false,
        }
    }
}

/// A request refused because of where it would go. Its text is for logs and operators: it
/// names the address, never a URL's path or query.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("{0} is an address on this machine or an internal network")]
    Address(IpAddr),
    #[error("the name {0} leads to this machine or an internal network")]
    Name(String),
    #[error("the URL has no host")]
    NoHost,
}

/// Looks names up. The system's resolver in use; tests give names the addresses they need.
#[async_trait]
pub trait HostResolver: Send + Sync + 'static {
    async fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>>;
}

/// The operating system's resolver (`getaddrinfo`, `/etc/hosts` included).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemResolver;

#[async_trait]
impl HostResolver for SystemResolver {
    async fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>> {
        Ok(tokio::net::lookup_host((host, 0))
            .await?
            .map(|a| a.ip())
            .collect())
    }
}

/// Names with fixed addresses, other names unknown: for tests (a name that leads inside, as
/// after DNS rebinding) without a DNS server.
#[derive(Clone, Debug, Default)]
pub struct FixedResolver(std::collections::HashMap<String, Vec<IpAddr>>);

impl FixedResolver {
    /// Gives `name` the address `ip` (besides those it has).
    pub fn with(mut self, name: &str, ip: IpAddr) -> Self {
        self.0
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(ip);
        self
    }
}

#[async_trait]
impl HostResolver for FixedResolver {
    async fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>> {
        self.0
            .get(&host.to_ascii_lowercase())
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such name"))
    }
}

/// A name whose addresses `reach` all refuses.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Blocked(Refused);

/// Hands reqwest only the addresses `reach` allows.
struct GuardedResolver {
    reach: Reach,
    resolver: Arc<dyn HostResolver>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let (reach, resolver) = (self.reach, self.resolver.clone());
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let allowed: Vec<SocketAddr> = resolver
                .lookup(&host)
                .await?
                .into_iter()
                .filter(|ip| reach.allows(*ip))
                .map(|ip| SocketAddr::new(ip, 0))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(Blocked(Refused::Name(host))) as _);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// The host of `url` when it is an IP address (`http://10.0.0.1/`, `http://[::1]/`).
fn literal_ip(url: &Url) -> Result<Option<IpAddr>, Refused> {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => Ok(Some(IpAddr::V4(ip))),
        Some(url::Host::Ipv6(ip)) => Ok(Some(IpAddr::V6(ip))),
        // The URL parser turns every IPv4 spelling (`0x7f.1`, `2130706433`) into an address;
        // this is a second guard, should one ever come through as a name.
        Some(url::Host::Domain(name)) => Ok(name.parse().ok()),
        None => Err(Refused::NoHost),
    }
}

/// Checks a URL's host without looking names up: an IP address must be one `reach` allows,
/// and `localhost` and names under `.localhost` always mean this machine (RFC 6761).
pub fn check_literal(url: &Url, reach: Reach) -> Result<(), Refused> {
    if let Some(ip) = literal_ip(url)? {
        return if reach.allows(ip) {
            Ok(())
        } else {
            Err(Refused::Address(ip))
        };
    }
    let name = url.host_str().unwrap_or_default().trim_end_matches('.');
    let local =
        name.eq_ignore_ascii_case("localhost") || name.to_ascii_lowercase().ends_with(".localhost");
    if local && reach != Reach::InternetAndThisMachine {
        return Err(Refused::Name(name.to_owned()));
    }
    Ok(())
}

/// Checks a URL when it is saved: [`check_literal`], then every address its name has now.
/// A name that cannot be looked up (yet) passes: connecting checks again in any case.
pub async fn check_destination(
    url: &Url,
    reach: Reach,
    resolver: &dyn HostResolver,
    lookup_limit: Duration,
) -> Result<(), Refused> {
    check_literal(url, reach)?;
    if literal_ip(url)?.is_some() {
        return Ok(());
    }
    let host = url.host_str().unwrap_or_default();
    let Ok(Ok(addresses)) = tokio::time::timeout(lookup_limit, resolver.lookup(host)).await else {
        return Ok(());
    };
    if addresses.iter().any(|ip| !reach.allows(*ip)) {
        return Err(Refused::Name(host.to_owned()));
    }
    Ok(())
}

/// rustls with ring and the Mozilla roots, as the SMTP and PostgreSQL connections use.
fn tls_config() -> Result<rustls::ClientConfig, DeliveryError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DeliveryError(format!("cannot set up TLS for outgoing requests: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// An HTTP client that reaches only what its [`Reach`] allows.
#[derive(Clone)]
pub struct GuardedClient {
    client: Client,
    reach: Reach,
}

impl GuardedClient {
    /// A client that looks names up with the system's resolver.
    pub fn new(reach: Reach) -> Result<Self, DeliveryError> {
        Self::with_resolver(reach, Arc::new(SystemResolver))
    }

    /// A client that looks names up with `resolver` (tests: a name that leads inside).
    pub fn with_resolver(
        reach: Reach,
        resolver: Arc<dyn HostResolver>,
    ) -> Result<Self, DeliveryError> {
        let client = Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            // A redirect could point anywhere: it is an answer like any other, not followed.
            .redirect(redirect::Policy::none())
            // A proxy would look the name up itself, out of the guard's sight.
            .no_proxy()
            .dns_resolver(GuardedResolver { reach, resolver })
            .build()
            .map_err(|e| DeliveryError(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Self { client, reach })
    }

    /// What this client may reach.
    pub fn reach(&self) -> Reach {
        self.reach
    }

    /// A POST to `url`, or the reason it may not go there. Names are checked again when they
    /// are resolved for the connection.
    pub fn post(&self, url: Url) -> Result<RequestBuilder, Refused> {
        check_literal(&url, self.reach)?;
        Ok(self.client.post(url))
    }
}

impl std::fmt::Debug for GuardedClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedClient")
            .field("reach", &self.reach)
            .finish()
    }
}

/// A reqwest error and its causes on one line, without the URL: for logs and operators.
pub(crate) fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn literal_addresses_are_checked_in_every_spelling() {
        for u in [
            "https://10.0.0.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://[fd00::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://[::ffff:a9fe:a9fe]/",
            "http://127.0.0.1:22/",
            "http://0x7f.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://[::1]:8080/",
            "http://0.0.0.0/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://api.localhost/",
        ] {
            assert!(
                check_literal(&url(u), Reach::Internet).is_err(),
                "{u} was allowed"
            );
        }
        for u in [
            "https://8.8.8.8/",
            "https://[2606:4700::1111]/",
            "https://example.nl/",
        ] {
            assert_eq!(check_literal(&url(u), Reach::Internet), Ok(()), "{u}");
        }
    }

    #[test]
    fn this_machine_only_with_the_wider_reach() {
        let wide = Reach::InternetAndThisMachine;
        for u in [
            "http://127.0.0.1:9000/",
            "http://[::1]/",
            "http://localhost:1/",
        ] {
            assert_eq!(check_literal(&url(u), wide), Ok(()), "{u}");
        }
        for u in [
            "http://10.0.0.1/",
            "http://[fe80::1]/",
            "http://169.254.169.254/",
        ] {
            assert!(check_literal(&url(u), wide).is_err(), "{u}");
        }
    }
}
