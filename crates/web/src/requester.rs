//! Who is asking: the client's IP address (from the connection; behind a trusted proxy from
//! `X-Forwarded-For`) and a short, non-identifying description of the browser.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

#[derive(Clone, Debug)]
pub struct Requester {
    pub ip: String,
    pub user_agent: String,
}

impl FromRequestParts<AppState> for Requester {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        // The proxy appends the address it saw to X-Forwarded-For; everything before it was
        // written by the client and proves nothing. So the rightmost entry is the one to trust.
        let forwarded = state
            .config
            .trust_forwarded_for
            .then(|| {
                parts
                    .headers
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
            })
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
        let ip = forwarded
            .or(peer)
            .map_or_else(|| "unknown".to_owned(), limit_key);
        let agent = parts
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(Self {
            ip,
            user_agent: describe_browser(agent),
        })
    }
}

/// Makes where the request came from known to the audit records the use cases write while
/// answering it (see `zk_app::audit::security::with_source`).
pub async fn audit_source(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let (mut parts, body) = request.into_parts();
    let Ok(from) = Requester::from_request_parts(&mut parts, &state).await;
    let request = axum::extract::Request::from_parts(parts, body);
    zk_app::audit::security::with_source(from.audit_source(), next.run(request)).await
}

impl Requester {
    /// Where a request came from, as the audit trail records it.
    pub fn audit_source(&self) -> zk_domain::audit::Source {
        zk_domain::audit::Source {
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
        }
    }
}

/// The address as attempt limits count it: an IPv4 address as it is, an IPv6 address by its
/// /64 network, since one household or device usually holds a whole /64.
pub fn limit_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// "Firefox op Windows": enough to recognise a session, not enough to fingerprint anyone.
pub fn describe_browser(agent: &str) -> String {
    let browser = ["Edg/", "OPR/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| agent.contains(*b))
        .map(|b| match *b {
            "Edg/" => "Edge",
            "OPR/" => "Opera",
            "Firefox/" => "Firefox",
            "Chrome/" => "Chrome",
            _ => "Safari",
        })
        .unwrap_or("Onbekende browser");
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| *name);
    match system {
        Some(system) => format!("{browser} op {system}"),
        None => browser.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_browser;

    #[test]
    fn ipv6_addresses_count_per_64_network() {
        use super::limit_key;
        let a = limit_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = limit_key("2001:db8:1:2:bbbb::9".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(limit_key("192.0.2.7".parse().unwrap()), "192.0.2.7");
    }

    #[test]
    fn browsers_are_described_roughly() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(describe_browser(firefox), "Firefox op Linux");
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(describe_browser(chrome), "Chrome op Windows");
        assert_eq!(describe_browser(""), "Onbekende browser");
    }
}
